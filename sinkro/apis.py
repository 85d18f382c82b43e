"""Sinkro PMM API (/api/v1/sinkro/): the same actions as the pages, for the same actors.

Thin: parse, call the preflight, a selector or a service, answer. Errors are
``{"code", "message", "detail"}`` (pmm.errors). A sync request answers 202 with the request; its
outcome is read from ``permintaan/<id>/`` (the sync runs in a worker).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.access import actor_of
from kinerja.models import Peran
from pmm.errors import ApplicationError, Forbidden
from pmm.roles import Role

from . import preflight, selectors, services
from .views import lapor_url

TAGS = ["Sinkro PMM"]


class SinkroErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.JSONField()


ERRORS = {400: SinkroErrorSerializer, 403: SinkroErrorSerializer, 404: SinkroErrorSerializer}


class SinkroTemuanSerializer(serializers.Serializer):
    code = serializers.CharField()
    nomor = serializers.IntegerField()
    message = serializers.CharField()
    urutan = serializers.IntegerField(allow_null=True)
    kondisi = serializers.CharField(allow_blank=True)
    peringatan = serializers.BooleanField()
    perlu_konfirmasi = serializers.BooleanField()
    aktor = serializers.CharField()
    sisi = serializers.CharField()
    bantuan = serializers.CharField()
    detail = serializers.JSONField()


class SinkroDiagnosisSerializer(serializers.Serializer):
    nip = serializers.CharField(allow_null=True)
    nama = serializers.CharField()
    npsn = serializers.CharField()
    sekolah = serializers.CharField()
    peran = serializers.CharField()
    periode = serializers.JSONField()
    ok = serializers.BooleanField()
    menghentikan = serializers.CharField(allow_null=True)
    errors = SinkroTemuanSerializer(many=True)
    diperiksa_ekinerja = serializers.BooleanField()
    ekinerja = serializers.JSONField(allow_null=True)


class SinkroIntentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    nip = serializers.CharField(source="ptk.nip", allow_null=True)
    nama = serializers.CharField(source="ptk.nama")
    peran = serializers.CharField()
    periode = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    kode = serializers.CharField()
    kondisi = serializers.CharField()
    pesan = serializers.CharField()
    aktor = serializers.CharField()
    bantuan = serializers.SerializerMethodField()
    lapor = serializers.SerializerMethodField()
    attempts = serializers.IntegerField()
    konfirmasi = serializers.BooleanField()
    idempotency_key = serializers.CharField()
    batch = serializers.IntegerField(source="batch_id", allow_null=True)
    dibuat_pada = serializers.DateTimeField()
    selesai_pada = serializers.DateTimeField(allow_null=True)
    peringatan = serializers.JSONField()
    skp = serializers.JSONField()
    detail = serializers.JSONField()

    def get_periode(self, obj) -> dict:
        return {"tahun": obj.periode.tahun, "semester": obj.periode.semester}

    def get_bantuan(self, obj) -> str | None:
        return f"/sinkro/bantuan/#{obj.kode}" if obj.kode else None

    def get_lapor(self, obj) -> str | None:
        if not obj.kode or obj.sukses:
            return None
        return lapor_url(kode=obj.kode, pesan=obj.pesan, nip=obj.ptk.nip, kondisi=obj.kondisi)


class SinkroProgresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jumlah = serializers.IntegerField()
    selesai = serializers.IntegerField()
    berjalan = serializers.IntegerField()
    persen = serializers.IntegerField()
    tuntas = serializers.BooleanField()
    per_status = serializers.JSONField()
    per_kode = serializers.JSONField()
    per_aktor = serializers.JSONField()


class SinkronRequestSerializer(serializers.Serializer):
    peran = serializers.ChoiceField(choices=Peran.choices)
    nip = serializers.RegexField(r"^\d{18}$", required=False, help_text="kosong: diri sendiri")


class MassalRequestSerializer(serializers.Serializer):
    nip = serializers.ListField(
        child=serializers.RegexField(r"^\d{18}$"),
        required=False,
        max_length=20_000,
        help_text="kosong: semua",
    )
    keterangan = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _valid(serializer_class, data):
    s = serializer_class(data=data if isinstance(data, dict) else {})
    if not s.is_valid():
        raise ApplicationError("Data tidak valid.", code="invalid", detail=s.errors)
    return s.validated_data


class DiagnosisApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("nip", OpenApiTypes.STR, description="NIP Dapodik; kosong: diri sendiri"),
            OpenApiParameter(
                "peran", OpenApiTypes.STR, description="guru / kepala_sekolah / plt_kepala_sekolah"
            ),
        ],
        responses={200: SinkroDiagnosisSerializer(many=True), **ERRORS},
        summary="Diagnosis sebelum sinkron (satu pegawai)",
        operation_id="sinkro_diagnosis",
    )
    def get(self, request):
        actor = actor_of(request)
        nip = request.query_params.get("nip", "")
        if nip:
            ptk = selectors.ptk_for_nip(actor=actor, nip=nip)
        elif actor.ptk is not None:
            ptk = actor.ptk
        else:
            raise Forbidden("Akun ini tidak terhubung dengan data PTK; sebutkan NIP.", code="tanpa_ptk")
        targets = selectors.targets_for_ptk(ptk)
        peran = request.query_params.get("peran", "")
        if peran:
            if peran not in Peran.values:
                raise ApplicationError("Peran tidak dikenal.", code="peran_tidak_valid")
            targets = [selectors.Target(ptk, peran)]
        diagnoses = preflight.diagnose(targets)
        return Response([d.as_dict() for d in diagnoses])


class InstansiDiagnosisApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={
            200: inline_serializer(
                "SinkroInstansiDiagnosis",
                {
                    "jumlah": serializers.IntegerField(),
                    "siap": serializers.IntegerField(),
                    "per_kode": serializers.JSONField(),
                    "per_aktor": serializers.JSONField(),
                    "hasil": SinkroDiagnosisSerializer(many=True),
                },
            ),
            **ERRORS,
        },
        summary="Diagnosis sebelum sinkron (seluruh pegawai instansi)",
        operation_id="sinkro_instansi_diagnosis",
    )
    def get(self, request, pk):
        actor = actor_of(request)
        if not (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI)):
            raise Forbidden("Hanya Admin Instansi.")
        instansi = selectors.instansi_require(actor, pk)
        diagnoses = preflight.diagnose(selectors.targets_for_instansi(instansi_id=instansi.pk))
        r = preflight.ringkas(diagnoses)
        return Response(
            {
                "jumlah": r.jumlah,
                "siap": r.siap,
                "per_kode": [{"kode": e.code, "jumlah": n} for e, n in r.per_kode],
                "per_aktor": [{"aktor": a, "jumlah": n} for a, n in r.per_aktor],
                "hasil": [d.as_dict() for d in diagnoses],
            }
        )


class SinkronApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=SinkronRequestSerializer,
        responses={202: SinkroIntentSerializer, **ERRORS},
        summary="Minta sinkron satu SKP (diri sendiri, atau pegawai instansi untuk Admin Instansi)",
        operation_id="sinkro_sinkron",
    )
    def post(self, request):
        actor = actor_of(request)
        data = _valid(SinkronRequestSerializer, request.data)
        ptk = selectors.ptk_for_nip(actor=actor, nip=data["nip"]) if data.get("nip") else None
        intent = services.sync_request(actor=actor, peran=data["peran"], ptk=ptk)
        intent = selectors.intent_get(actor=actor, pk=intent.pk)
        return Response(SinkroIntentSerializer(intent).data, status=status.HTTP_202_ACCEPTED)


class IntentApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: SinkroIntentSerializer, **ERRORS},
        summary="Status dan hasil satu permintaan sinkron",
        operation_id="sinkro_permintaan",
    )
    def get(self, request, pk):
        intent = selectors.intent_get(actor=actor_of(request), pk=pk)
        return Response(SinkroIntentSerializer(intent).data)


class IntentConfirmApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=None,
        responses={202: SinkroIntentSerializer, **ERRORS},
        summary='"Tetap Lakukan Sinkro" (#12): hapus SKP lama dengan unor berbeda',
        operation_id="sinkro_permintaan_konfirmasi",
    )
    def post(self, request, pk):
        actor = actor_of(request)
        intent = services.intent_confirm(actor=actor, intent=pk)
        intent = selectors.intent_get(actor=actor, pk=intent.pk)
        return Response(SinkroIntentSerializer(intent).data, status=status.HTTP_202_ACCEPTED)


def _progres(batch) -> dict:
    return {"id": batch.pk, **selectors.batch_progress(batch).as_dict()}


class MassalApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=MassalRequestSerializer,
        responses={202: SinkroProgresSerializer, **ERRORS},
        summary="Sinkron massal pegawai instansi",
        operation_id="sinkro_massal_create",
    )
    def post(self, request, pk):
        actor = actor_of(request)
        if not (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI)):
            raise Forbidden("Hanya Admin Instansi.")
        data = _valid(MassalRequestSerializer, request.data)
        batch = services.batch_create(
            actor=actor, instansi=pk, nips=data.get("nip") or None, keterangan=data.get("keterangan", "")
        )
        return Response(_progres(batch), status=status.HTTP_202_ACCEPTED)


class BatchApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: SinkroProgresSerializer, **ERRORS},
        summary="Kemajuan sinkron massal",
        operation_id="sinkro_massal_progres",
    )
    def get(self, request, pk):
        batch = selectors.batch_get(actor=actor_of(request), pk=pk)
        return Response(_progres(batch))
