"""The HTTP API of the mock e-Kinerja (contract: API.md). Thin: read the x-api-key and the body,
call a service or selector, answer ``{"code", "message", "detail"}`` on errors.

No session or token authentication: the caller is PMM's server, identified only by its x-api-key.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import NotFound
from sinkro import catalogue

from . import selectors, services
from .models import ModeGangguan
from .pipeline import Temuan
from .serializers import BulkSerializer, PeriodeSerializer, SkpPayloadSerializer


def _answer(jawaban: services.Jawaban) -> Response:
    response = Response(jawaban.body, status=jawaban.status)
    for name, value in jawaban.headers.items():
        response[name] = value
    return response


def _error(code: str, message: str, status: int, detail=None) -> Response:
    return Response({"code": code, "message": message, "detail": detail or {}}, status=status)


def _body(request):
    try:
        return request.data
    except (ParseError, UnsupportedMediaType):
        return None


@extend_schema(exclude=True)
class EkinerjaApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    # API.md: the body is JSON. A form or multipart body (files included) is unreadable, not data.
    parser_classes = [JSONParser]
    throttle_classes: list = []

    def guard(self, request, *, nip: str = ""):
        """The API key (#6) and an injected outage (#9, 503). Returns (api_key, error response)."""
        api_key = services.api_key_resolve(request.headers.get("X-Api-Key"))
        if api_key is None:
            body = Temuan("E06").as_dict()
            return None, Response(body, status=401)
        if services.gangguan_draw(sync=False, nip=nip) == ModeGangguan.OUTAGE:
            entry = catalogue.get("E09")
            detail = {"nomor": entry.number, "gangguan": ModeGangguan.OUTAGE.value, "http_status": 503}
            response = _error(entry.code, entry.message, 503, detail)
            response["Retry-After"] = "30"
            return None, response
        return api_key, None


class SkpSyncApi(EkinerjaApi):
    """POST: sync one SKP (guru, kepala sekolah, Plt)."""

    def post(self, request):
        return _answer(services.skp_sync(raw_key=request.headers.get("X-Api-Key"), data=_body(request)))


class SkpDiagnoseApi(EkinerjaApi):
    """POST: every e-Kinerja-side error the same payload would meet; writes nothing."""

    def post(self, request):
        data = _body(request)
        nip = data.get("nip", "") if isinstance(data, dict) else ""
        api_key, refused = self.guard(request, nip=str(nip))
        if refused:
            return refused
        serializer = SkpPayloadSerializer(data=data if isinstance(data, dict) else {})
        if not isinstance(data, dict) or not serializer.is_valid():
            return _error(
                "invalid", "Data tidak valid.", 400, serializer.errors if isinstance(data, dict) else {}
            )
        [result] = selectors.skp_diagnose(instansi_id=api_key.instansi_id, requests=[serializer.permintaan()])
        return Response(result)


class SkpBulkDiagnoseApi(EkinerjaApi):
    """POST: the diagnosis of many pegawai at once, in a fixed number of queries."""

    def post(self, request):
        api_key, refused = self.guard(request)
        if refused:
            return refused
        data = _body(request)
        bulk = BulkSerializer(data=data if isinstance(data, dict) else {})
        if not isinstance(data, dict) or not bulk.is_valid():
            return _error("invalid", "Data tidak valid.", 400, bulk.errors if isinstance(data, dict) else {})
        items = bulk.validated_data["items"]
        valid, invalid = [], {}
        for index, item in enumerate(items):
            serializer = SkpPayloadSerializer(data=item if isinstance(item, dict) else {})
            if isinstance(item, dict) and serializer.is_valid():
                valid.append((index, serializer.permintaan()))
            else:
                invalid[index] = (
                    serializer.errors
                    if isinstance(item, dict)
                    else {"non_field_errors": ["Harus objek JSON."]}
                )
        diagnosed = selectors.skp_diagnose(instansi_id=api_key.instansi_id, requests=[r for _, r in valid])
        results: list = [None] * len(items)
        for (index, _), result in zip(valid, diagnosed, strict=True):
            results[index] = {"index": index, **result}
        for index, errors in invalid.items():
            results[index] = {"index": index, "ok": False, "invalid": errors, "errors": []}
        return Response({"results": results})


class SkpStatusApi(EkinerjaApi):
    """GET ?nip=&tahun=&semester=: the SKPs e-Kinerja holds for a pegawai in a period."""

    def get(self, request):
        nip = "".join(request.query_params.get("nip", "").split())
        api_key, refused = self.guard(request, nip=nip)
        if refused:
            return refused
        periode = PeriodeSerializer(
            data={
                "tahun": request.query_params.get("tahun"),
                "semester": request.query_params.get("semester"),
            }
        )
        errors = {}
        if not (nip.isascii() and nip.isdigit() and len(nip) == 18):
            errors["nip"] = ["NIP harus 18 digit angka."]
        if not periode.is_valid():
            errors.update(periode.errors)
        if errors:
            return _error("invalid", "Data tidak valid.", 400, errors)
        try:
            result = selectors.skp_status(
                instansi_id=api_key.instansi_id,
                nip=nip,
                tahun=periode.validated_data["tahun"],
                semester=periode.validated_data["semester"],
            )
        except NotFound as exc:
            return _error(exc.code, exc.message, 404)
        return Response(result)
