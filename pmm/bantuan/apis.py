"""Pusat Bantuan API (/api/v1/bantuan/). Thin like the pages: parse, call a selector or a service,
answer. Lists use the same keyset pages as the pages (``setelah`` = the ``next_cursor`` of the
previous page); errors are ``{"code", "message", "detail"}`` (pmm.errors)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm import clock

from . import selectors, services
from .serializers import (
    BalasanCreateSerializer,
    BalasanSerializer,
    ErrorSerializer,
    StatusChangeSerializer,
    TiketCreateSerializer,
    TiketDetailSerializer,
    TiketSerializer,
)

TAGS = ["Pusat Bantuan"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
SETELAH = OpenApiParameter("setelah", OpenApiTypes.STR, description="next_cursor dari halaman sebelumnya")


def _page_response(request, page, *, now):
    next_url = None
    if page.next_cursor:
        params = request.query_params.copy()
        params["setelah"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    data = TiketSerializer(page.items, many=True, context={"request": request, "now": now}).data
    return Response({"next": next_url, "next_cursor": page.next_cursor, "results": data})


PAGE = inline_serializer(
    "HalamanTiket",
    {
        "next": serializers.CharField(allow_null=True),
        "next_cursor": serializers.CharField(allow_null=True),
        "results": TiketSerializer(many=True),
    },
)


def _detail(request, tiket_id: int, *, status_code=status.HTTP_200_OK):
    now = clock.now()
    tiket = selectors.tiket_get(actor=request.actor, pk=tiket_id, now=now)
    balasan, riwayat = selectors.tiket_thread(actor=request.actor, tiket=tiket)
    context = {"request": request, "now": now, "balasan": balasan, "riwayat": riwayat}
    return Response(TiketDetailSerializer(tiket, context=context).data, status=status_code)


class TiketListCreateApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAGS,
        parameters=[SETELAH],
        responses={200: PAGE, **ERRORS},
        summary="Tiket saya",
        operation_id="bantuan_tiket_saya",
    )
    def get(self, request):
        now = clock.now()
        page = selectors.tiket_saya_page(
            actor=request.actor, now=now, cursor=request.query_params.get("setelah")
        )
        return _page_response(request, page, now=now)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": TiketCreateSerializer, "application/json": TiketCreateSerializer},
        responses={201: TiketDetailSerializer, **ERRORS},
        summary="Buat tiket (batas respons 8 jam kerja)",
        operation_id="bantuan_tiket_create",
    )
    def post(self, request):
        serializer = TiketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tiket = services.tiket_create(pelapor=request.user, **serializer.service_kwargs(request.user))
        return _detail(request, tiket.pk, status_code=status.HTTP_201_CREATED)


class AntreanApi(APIView):
    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, description="terbuka (bawaan) | semua | status tiket"
            ),
            OpenApiParameter("kategori", OpenApiTypes.STR),
            OpenApiParameter("lewat_sla", OpenApiTypes.BOOL),
            SETELAH,
        ],
        responses={200: PAGE, **ERRORS},
        summary="Antrean petugas, urut batas respons",
        operation_id="bantuan_antrean",
    )
    def get(self, request):
        params = request.query_params
        now = clock.now()
        page = selectors.antrean_page(
            actor=request.actor,
            now=now,
            cursor=params.get("setelah"),
            status=params.get("status", ""),
            kategori=params.get("kategori", ""),
            hanya_lewat_sla=params.get("lewat_sla", "") in ("1", "true", "on"),
        )
        return _page_response(request, page, now=now)


class TiketDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        responses={200: TiketDetailSerializer, **ERRORS},
        summary="Detail tiket",
        operation_id="bantuan_tiket_detail",
    )
    def get(self, request, pk):
        return _detail(request, pk)


class TiketBalasanApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=BalasanCreateSerializer,
        responses={201: BalasanSerializer, **ERRORS},
        summary="Balas tiket",
        operation_id="bantuan_tiket_balas",
    )
    def post(self, request, pk):
        serializer = BalasanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        balasan = services.tiket_reply(actor=request.actor, tiket_id=pk, **serializer.validated_data)
        return Response(BalasanSerializer(balasan).data, status=status.HTTP_201_CREATED)


class TiketStatusApi(APIView):
    @extend_schema(
        tags=TAGS,
        request=StatusChangeSerializer,
        responses={200: TiketDetailSerializer, 409: ErrorSerializer, **ERRORS},
        summary="Ubah status tiket",
        operation_id="bantuan_tiket_status",
    )
    def post(self, request, pk):
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.tiket_status_change(actor=request.actor, tiket_id=pk, **serializer.validated_data)
        return _detail(request, pk)
