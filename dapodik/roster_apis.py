"""Roster API: POST an import (multipart), GET its result with paginated errors, GET an export."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import ApplicationError

from .models import RosterImport, RosterImportError
from .roster.selectors import roster_error_list, roster_import_get, roster_sekolah_get
from .roster.services import roster_import
from .roster_views import FORMATS, roster_export_response


class RosterImportSerializer(serializers.ModelSerializer):
    sekolah_npsn = serializers.CharField(source="sekolah.npsn", read_only=True)
    # Plain text in the schema: "status" is already the name of other choice sets in the API.
    status = serializers.CharField(read_only=True, help_text="berhasil atau ditolak")

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "sekolah_npsn",
            "nama_berkas",
            "format",
            "status",
            "jumlah_baris",
            "jumlah_baru",
            "jumlah_diperbarui",
            "jumlah_galat",
            "pesan",
            "diunggah_pada",
        ]


class RosterErrorSerializer(serializers.ModelSerializer):
    class Meta:
        model = RosterImportError
        fields = ["baris", "kolom", "pesan"]


class RosterUploadSerializer(serializers.Serializer):
    berkas = serializers.FileField(
        help_text="Berkas roster .csv (UTF-8) atau .xlsx dengan judul kolom templat."
    )


class RosterErrorPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RosterErrorSerializer(many=True)


class RosterImportDetailSerializer(RosterImportSerializer):
    galat = RosterErrorPageSerializer(read_only=True)

    class Meta(RosterImportSerializer.Meta):
        fields = [*RosterImportSerializer.Meta.fields, "galat"]


class RosterErrorPagination(PageNumberPagination):
    page_size = 50


class RosterImportApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Impor roster PTK satu sekolah (semua atau tidak sama sekali)",
        request={"multipart/form-data": RosterUploadSerializer},
        responses={
            201: RosterImportSerializer,
            400: OpenApiResponse(description="Berkas ditolak: {code, message, detail: hasil impor}"),
        },
    )
    def post(self, request, npsn):
        sekolah = roster_sekolah_get(actor=request.actor, npsn=npsn)
        berkas = request.FILES.get("berkas")
        if berkas is None:
            raise ApplicationError("Lampirkan berkas roster pada field 'berkas'.", code="roster_berkas_wajib")
        imp = roster_import(actor=request.actor, sekolah=sekolah, berkas=berkas, nama_berkas=berkas.name)
        data = RosterImportSerializer(imp).data
        if imp.status == RosterImport.Status.BERHASIL:
            return Response(data, status=status.HTTP_201_CREATED)
        return Response(
            {"code": "roster_ditolak", "message": imp.pesan, "detail": data},
            status=status.HTTP_400_BAD_REQUEST,
        )


class RosterImportDetailApi(APIView):
    @extend_schema(
        summary="Hasil impor roster dengan daftar galat per baris (berhalaman, ?page=)",
        parameters=[OpenApiParameter("page", int, description="halaman daftar galat")],
        responses=RosterImportDetailSerializer,
    )
    def get(self, request, pk):
        imp = roster_import_get(actor=request.actor, pk=pk)
        paginator = RosterErrorPagination()
        page = paginator.paginate_queryset(roster_error_list(roster_import=imp), request, view=self)
        data = RosterImportSerializer(imp).data
        data["galat"] = {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": RosterErrorSerializer(page, many=True).data,
        }
        return Response(data)


class _FormatIsAParameter(DefaultContentNegotiation):
    """``?format=csv|xlsx`` names the file to download here, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class RosterExportApi(APIView):
    content_negotiation_class = _FormatIsAParameter

    @extend_schema(
        summary="Ekspor roster PTK sekolah (judul kolom sama dengan impor)",
        parameters=[
            OpenApiParameter("format", str, enum=list(FORMATS), description="csv (bawaan) atau xlsx")
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, npsn):
        fmt = request.query_params.get("format", "csv").lower()
        if fmt not in FORMATS:
            raise ApplicationError("Format ekspor harus csv atau xlsx.", code="roster_format")
        sekolah = roster_sekolah_get(actor=request.actor, npsn=npsn)
        return roster_export_response(sekolah, fmt)
