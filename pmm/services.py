from django.db import transaction

from .errors import ApplicationError
from .models import User, UserRole
from .roles import DAPODIK_ROLES


@transaction.atomic
def user_create(*, email: str, password: str | None, nama: str = "", is_superuser: bool = False) -> User:
    email = (email or "").strip().lower()
    if User.objects.filter(email=email).exists():
        raise ApplicationError("E-mail belajar.id ini sudah terdaftar.", code="email_taken")
    if is_superuser:
        return User.objects.create_superuser(email=email, password=password, nama=nama)
    return User.objects.create_user(email=email, password=password, nama=nama)


@transaction.atomic
def role_grant(
    *, user: User, role: str, sekolah=None, instansi=None, provinsi=None, kabupaten=None
) -> UserRole:
    """Grant a role with its scope, once (granting it again returns the existing grant)."""
    if role in DAPODIK_ROLES:
        raise ApplicationError(
            "Peran Guru dan Kepala Sekolah berasal dari Dapodik dan tidak dapat diberikan manual.",
            code="role_from_dapodik",
        )
    grant, _ = UserRole.objects.get_or_create(
        user=user, role=role, sekolah=sekolah, instansi=instansi, provinsi=provinsi, kabupaten=kabupaten
    )
    return grant
