from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from .roles import GRANTED_ROLE_CHOICES, Role


class Provinsi(models.Model):
    kode = models.CharField("kode", max_length=2, unique=True)
    nama = models.CharField("nama", max_length=100)

    class Meta:
        ordering = ["kode"]
        verbose_name_plural = "provinsi"

    def __str__(self):
        return self.nama


class KabupatenKota(models.Model):
    kode = models.CharField("kode", max_length=4, unique=True)
    nama = models.CharField("nama", max_length=100)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten")

    class Meta:
        ordering = ["kode"]
        verbose_name = "kabupaten/kota"
        verbose_name_plural = "kabupaten/kota"

    def __str__(self):
        return self.nama


class Instansi(models.Model):
    """A Pemda (provinsi or kabupaten/kota): the employer of ASN teachers and the e-Kinerja instansi."""

    kode = models.CharField("kode", max_length=8, unique=True)
    nama = models.CharField("nama", max_length=150)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="instansi")
    kabupaten = models.ForeignKey(
        KabupatenKota, on_delete=models.PROTECT, null=True, blank=True, related_name="instansi"
    )

    class Meta:
        ordering = ["kode"]
        verbose_name_plural = "instansi"

    def __str__(self):
        return self.nama


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An Akun belajar.id: login by e-mail and password."""

    email = models.EmailField("e-mail belajar.id", unique=True)
    nama = models.CharField("nama", max_length=150, blank=True)
    is_active = models.BooleanField("aktif", default=True)
    is_staff = models.BooleanField("staf admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self):
        return self.nama or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class UserRole(models.Model):
    """A granted role with its scope. Guru/Kepala Sekolah/Plt are derived from Dapodik instead."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="granted_roles")
    role = models.CharField("peran", max_length=32, choices=GRANTED_ROLE_CHOICES)
    sekolah = models.ForeignKey(
        "dapodik.Sekolah", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    provinsi = models.ForeignKey(Provinsi, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kabupaten = models.ForeignKey(
        KabupatenKota, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "peran pengguna"
        verbose_name_plural = "peran pengguna"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.OPERATOR_SEKOLAH) | models.Q(sekolah__isnull=False),
                name="operator_needs_sekolah",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.ADMIN_INSTANSI, Role.KEPALA_DINAS])
                | models.Q(instansi__isnull=False),
                name="instansi_role_needs_instansi",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class SimulatedClock(models.Model):
    """The single simulated clock of the simulator (DESIGN.md §3).

    ``offset`` is added to the real time, so the simulated time keeps running while a Bimtek walks
    through a semester; a trainer moves it by setting a new simulated date and time.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    offset = models.DurationField(default=timezone.timedelta)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "jam simulasi"
        verbose_name_plural = "jam simulasi"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_clock_row")]

    def __str__(self):
        return f"Jam simulasi (selisih {self.offset})"
