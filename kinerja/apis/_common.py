"""What the cycle endpoints share: permissions (the same guards as the pages), the actor, input
parsing, the documented error responses, and the base of the file downloads."""

from django.http import FileResponse
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from pmm.errors import NotFound

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


# The media type of a stored file, by the kind the upload check recorded (kinerja.services.berkas).
JENIS_BERKAS = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


class _SelaluJson(DefaultContentNegotiation):
    """A download answers with the file itself, which no renderer touches; only its refusals are
    rendered, always as JSON. A client that sends ``Accept: application/pdf`` or ``image/*`` (or a
    ``?format=``) still gets the file, or a JSON refusal, never a 406 or 404 from the negotiation."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# The description of every download in the OpenAPI document (replaces BerkasApi's docstring there).
BERKAS_KETERANGAN = (
    "Jawaban 200 adalah berkas itu sendiri (Content-Disposition: attachment dengan nama berkasnya). "
    "Penolakan selalu berupa JSON {code, message, detail}, apa pun header Accept yang dikirim."
)


class BerkasApi(APIView):
    """Base of the endpoints that return a file (evidence, school documents, the evaluation PDF)."""

    permission_classes = [SiklusKinerja]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _SelaluJson


def berkas_response(filefield, nama: str, jenis: str) -> FileResponse:
    """A stored upload as an attachment under its original name (a file missing from the storage is
    a 404 with the usual error body)."""
    try:
        handle = filefield.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFound("Berkas tidak ditemukan di penyimpanan.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=nama,
        content_type=JENIS_BERKAS.get(jenis, "application/octet-stream"),
    )
