"""Dapodik API (/api/v1/dapodik/). Thin like the pages: parse, call a selector or a service, answer.

Scoping is the selectors' (a record outside the actor's scope is 404); refusals are the services'
(403 for a read-only role); errors are ``{"code", "message", "detail"}`` (pmm.errors).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import NotFound

from . import permissions, selectors, services
from .serializers import (
    DapodikErrorSerializer as ErrorSerializer,
)
from .serializers import (
    KepalaAssignSerializer,
    KepalaEndSerializer,
    MutasiSerializer,
    PenugasanSerializer,
    PtkCreateSerializer,
    PtkSerializer,
    PtkUpdateSerializer,
    SekolahSerializer,
    TransferSerializer,
    VervalSerializer,
    VervalSubmitSerializer,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
TAGS = ["Dapodik"]


class ByNama(CursorPagination):
    ordering = ("nama", "id")
    page_size = 50


class ByTanggalMulai(CursorPagination):
    ordering = ("-tanggal_mulai", "-id")
    page_size = 50


class ByDiajukan(CursorPagination):
    ordering = ("-diajukan_pada", "-id")
    page_size = 50


def _paginated(view, request, qs, serializer_class):
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


Q_PARAM = OpenApiParameter("q", OpenApiTypes.STR, description="cari nama / NPSN / NIP / NUPTK / NIK")


class SekolahListApi(APIView):
    pagination_class = ByNama

    @extend_schema(
        tags=TAGS,
        summary="Sekolah yang boleh dilihat pengguna",
        parameters=[Q_PARAM],
        responses={200: SekolahSerializer(many=True)},
    )
    def get(self, request):
        qs = selectors.sekolah_list(actor=request.actor, search=request.query_params.get("q", ""))
        return _paginated(self, request, qs, SekolahSerializer)


class SekolahDetailApi(APIView):
    @extend_schema(tags=TAGS, summary="Detail sekolah", responses={200: SekolahSerializer, **ERRORS})
    def get(self, request, pk):
        sekolah = selectors.sekolah_get(actor=request.actor, pk=pk)
        return Response(SekolahSerializer(sekolah).data)


class KepalaApi(APIView):
    pagination_class = ByTanggalMulai

    @extend_schema(
        tags=TAGS,
        summary="Penugasan kepala sekolah (definitif dan Plt.) di sekolah ini",
        responses={200: PenugasanSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, pk):
        sekolah = selectors.sekolah_get(actor=request.actor, pk=pk)
        return _paginated(self, request, selectors.kepala_list(sekolah=sekolah), PenugasanSerializer)

    @extend_schema(
        tags=TAGS,
        summary="Tugaskan kepala sekolah definitif atau Plt.",
        request=KepalaAssignSerializer,
        responses={201: PenugasanSerializer, **ERRORS},
    )
    def post(self, request, pk):
        actor = request.actor
        sekolah = selectors.sekolah_get(actor=actor, pk=pk)
        # Refuse a read-only role before any lookup: whether a NIK/NUPTK/NIP exists is not theirs to learn.
        permissions.require_write_sekolah(actor, sekolah)
        data = _valid(KepalaAssignSerializer, request)
        if data.get("ptk"):
            ptk = selectors.kepala_candidates(sekolah=sekolah).filter(pk=data["ptk"]).first()
            if ptk is None:
                raise NotFound("PTK tidak ditemukan di sekolah ini.")
        else:
            ptk = selectors.ptk_by_identitas(data["identitas"])
            if ptk is None or not permissions.can_name_kepala(actor, sekolah, ptk):
                raise NotFound(permissions.KEPALA_NOT_FOUND)
        penugasan = services.kepala_assign(
            actor=actor,
            sekolah=sekolah,
            ptk=ptk,
            jenis=data["jenis"],
            tanggal_mulai=data["tanggal_mulai"],
            nomor_sk=data.get("nomor_sk", ""),
        )
        return Response(PenugasanSerializer(penugasan).data, status=status.HTTP_201_CREATED)


class KepalaEndApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Akhiri penugasan kepala sekolah",
        request=KepalaEndSerializer,
        responses={200: PenugasanSerializer, **ERRORS},
    )
    def post(self, request, pk):
        penugasan = selectors.kepala_get(actor=request.actor, pk=pk)
        data = _valid(KepalaEndSerializer, request)
        penugasan = services.kepala_end(
            actor=request.actor, penugasan=penugasan, tanggal_selesai=data["tanggal_selesai"]
        )
        return Response(PenugasanSerializer(selectors.kepala_get(actor=request.actor, pk=penugasan.pk)).data)


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PtkListApi(APIView):
    pagination_class = ByNama

    @extend_schema(
        tags=TAGS,
        summary="PTK yang boleh dilihat pengguna",
        parameters=[
            Q_PARAM,
            OpenApiParameter("sekolah", OpenApiTypes.INT, description="id sekolah"),
            OpenApiParameter("jenis_ptk", OpenApiTypes.STR),
            OpenApiParameter("status_kepegawaian", OpenApiTypes.STR),
        ],
        responses={200: PtkSerializer(many=True)},
    )
    def get(self, request):
        params = request.query_params
        qs = selectors.ptk_list(
            actor=request.actor,
            sekolah_id=params.get("sekolah"),
            search=params.get("q", ""),
            jenis_ptk=params.get("jenis_ptk", ""),
            status_kepegawaian=params.get("status_kepegawaian", ""),
        )
        return _paginated(self, request, qs, PtkSerializer)

    @extend_schema(
        tags=TAGS,
        summary="Tambah PTK di sekolah",
        request=PtkCreateSerializer,
        responses={201: PtkSerializer, **ERRORS},
    )
    def post(self, request):
        data = dict(_valid(PtkCreateSerializer, request))
        sekolah = selectors.sekolah_get(actor=request.actor, pk=data.pop("sekolah"))
        ptk = services.ptk_create(actor=request.actor, sekolah=sekolah, **data)
        return Response(PtkSerializer(ptk).data, status=status.HTTP_201_CREATED)


class PtkDetailApi(APIView):
    @extend_schema(tags=TAGS, summary="Detail PTK", responses={200: PtkSerializer, 404: ErrorSerializer})
    def get(self, request, pk):
        return Response(PtkSerializer(selectors.ptk_get(actor=request.actor, pk=pk)).data)

    @extend_schema(
        tags=TAGS,
        summary="Ubah data PTK (hanya kolom yang dikirim)",
        request=PtkUpdateSerializer,
        responses={200: PtkSerializer, **ERRORS},
    )
    def patch(self, request, pk):
        ptk = selectors.ptk_get(actor=request.actor, pk=pk)
        data = _valid(PtkUpdateSerializer, request)
        ptk = services.ptk_update(actor=request.actor, ptk=ptk, **data)
        return Response(PtkSerializer(selectors.ptk_get(actor=request.actor, pk=ptk.pk)).data)


class PtkMutasiApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Riwayat mutasi PTK",
        responses={200: MutasiSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, pk):
        ptk = selectors.ptk_get(actor=request.actor, pk=pk)
        return Response(MutasiSerializer(selectors.mutasi_list(ptk=ptk), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Mutasi PTK ke sekolah lain (oleh Operator Sekolah asal)",
        request=TransferSerializer,
        responses={201: MutasiSerializer, **ERRORS},
    )
    def post(self, request, pk):
        ptk = selectors.ptk_get(actor=request.actor, pk=pk)
        data = _valid(TransferSerializer, request)
        mutasi = services.ptk_transfer(
            actor=request.actor,
            ptk=ptk,
            sekolah_tujuan=selectors.sekolah_by_npsn(data["npsn_tujuan"]),
            tanggal_efektif=data["tanggal_efektif"],
        )
        return Response(MutasiSerializer(mutasi).data, status=status.HTTP_201_CREATED)


class PtkVervalApi(APIView):
    pagination_class = ByDiajukan

    @extend_schema(
        tags=TAGS,
        summary="Riwayat Verval PTK seorang PTK",
        responses={200: VervalSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, pk):
        ptk = selectors.ptk_get(actor=request.actor, pk=pk)
        qs = selectors.verval_list(actor=request.actor, ptk=ptk)
        return _paginated(self, request, qs, VervalSerializer)

    @extend_schema(
        tags=TAGS,
        summary="Ajukan Verval PTK (pembaruan NIP, dicek ke Dukcapil)",
        description=(
            "Format NIP yang salah atau NIP yang sudah dipakai ditolak (400) tanpa dicatat. Bila NIK, "
            "nama dan tanggal lahir PTK cocok dengan Dukcapil, pengajuan berstatus `disetujui` dan NIP PTK "
            "diperbarui; bila tidak, berstatus `ditolak` dengan alasan 'data tidak sesuai dengan Dukcapil'."
        ),
        request=VervalSubmitSerializer,
        responses={201: VervalSerializer, **ERRORS},
    )
    def post(self, request, pk):
        ptk = selectors.ptk_get(actor=request.actor, pk=pk)
        data = _valid(VervalSubmitSerializer, request)
        verval = services.verval_nip_submit(ptk=ptk, nip_baru=data["nip_baru"], actor=request.actor)
        return Response(VervalSerializer(verval).data, status=status.HTTP_201_CREATED)


class VervalListApi(APIView):
    pagination_class = ByDiajukan

    @extend_schema(
        tags=TAGS,
        summary="Riwayat Verval PTK yang boleh dilihat pengguna",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="cari nama PTK / NIP")],
        responses={200: VervalSerializer(many=True)},
    )
    def get(self, request):
        qs = selectors.verval_list(actor=request.actor, search=request.query_params.get("q", ""))
        return _paginated(self, request, qs, VervalSerializer)
