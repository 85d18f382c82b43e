"""What the cycle endpoints share: permissions (the same guards as the pages), the actor, input
parsing and the documented error responses."""

from rest_framework.permissions import BasePermission

from ..access import HasPengelolaanKinerja, actor_of
from ..views._common import bukan_pegawai
from .serializers import KinerjaErrorSerializer

ERRORS = {400: KinerjaErrorSerializer, 403: KinerjaErrorSerializer, 404: KinerjaErrorSerializer}
TAG = "Pengelolaan Kinerja"


class PegawaiKinerja(HasPengelolaanKinerja):
    """Pegawai endpoints: the seed-000 access rule, the same 403 body as the pages' refusal."""


class SiklusKinerja(BasePermission):
    """Endpoints a Kepala Dinas, Pengawas or trainer (no PTK) also use; pegawai go through seed 000."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if bukan_pegawai(actor_of(request)):
            return True
        return HasPengelolaanKinerja().has_permission(request, view)


def actor(request):
    """``request.actor`` as DRF sees the user (token authentication resolves it inside the view)."""
    cached = getattr(request, "_kinerja_actor", None)
    if cached is None:
        cached = request._kinerja_actor = actor_of(request)
    return cached


def valid(serializer_class, request, **kwargs) -> dict:
    s = serializer_class(data=request.data, **kwargs)
    s.is_valid(raise_exception=True)
    return s.validated_data
