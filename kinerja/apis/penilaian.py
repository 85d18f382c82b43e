"""Penilaian Kinerja API: the principal's lists, the rating, Kirim ke Dinas Pendidikan, penetapan, and
the evaluation PDF."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import Forbidden

from .. import selectors
from ..services import laporan, penilaian
from ..transitions import StatusPenilaian
from ..views._common import sekolah_get
from . import _data
from ._common import BERKAS_KETERANGAN, ERRORS, TAG, BerkasApi, PegawaiKinerja, SiklusKinerja, actor, valid
from .serializers import (
    KinerjaDaftarGuruSerializer,
    KinerjaKirimInputSerializer,
    KinerjaPenilaianInputSerializer,
    KinerjaPenilaianRencanaSerializer,
    KinerjaPenilaianSekolahSerializer,
    KinerjaPenilaianSerializer,
    KinerjaTetapkanSerializer,
)


def _penilaian(request, pk) -> dict:
    detail = selectors.rencana_detail(actor=actor(request), rencana_id=pk)
    pen = getattr(detail.rencana, "penilaian", None)
    ditetapkan = pen is not None and pen.status == StatusPenilaian.DITETAPKAN
    if not (detail.adalah_penilai or actor(request).is_trainer):
        if not detail.adalah_pemilik:
            raise Forbidden("Penilaian hanya untuk pejabat penilai.", code="bukan_atasan")
        # The pegawai reads the rating once the predikat is fixed.
        if not ditetapkan:
            pen = None
    return {"rencana": detail.rencana.pk, "ditetapkan": ditetapkan, "penilaian": _data.penilaian(pen)}


class PenilaianApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Penilaian sebuah rencana (kosong bila belum dinilai; pegawai melihatnya setelah ditetapkan)",
        responses={200: KinerjaPenilaianRencanaSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return Response(KinerjaPenilaianRencanaSerializer(_penilaian(request, pk)).data)

    @extend_schema(
        tags=[TAG],
        summary="Simpan draf Rating Hasil Kerja dan Rating Perilaku Kerja (predikat mengikuti PermenPANRB 6/2022)",
        request=KinerjaPenilaianInputSerializer,
        responses={200: KinerjaPenilaianSerializer, **ERRORS},
    )
    def put(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaPenilaianInputSerializer, request)
        p = penilaian.penilaian_save(
            actor=actor(request),
            rencana=pk,
            rating_hasil_kerja=data["rating_hasil_kerja"],
            rating_perilaku=data["rating_perilaku"],
            catatan=data["catatan"],
        )
        return Response(KinerjaPenilaianSerializer(_data.penilaian(p)).data)


class PenilaianKadisTetapkanApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Kepala Dinas menetapkan predikat rencana yang dinilainya (Kepala Sekolah, rencana guru Plt.)",
        request=None,
        responses={200: KinerjaPenilaianSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        p = penilaian.penilaian_kadis_tetapkan(actor=actor(request), rencana=pk)
        return Response(KinerjaPenilaianSerializer(_data.penilaian(p)).data)


class PenilaianPdfApi(BerkasApi):
    @extend_schema(
        tags=[TAG],
        description=BERKAS_KETERANGAN,
        summary=(
            "Unduh PDF penilaian kinerja: pegawai setelah predikatnya ditetapkan; atasan, pengawas yang "
            "diberi delegasi, dan pelatih kapan saja"
        ),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, pk):
        isi, nama = laporan.penilaian_pdf_unduh(actor=actor(request), rencana_id=pk)
        response = HttpResponse(isi, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
        return response


class PersetujuanApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Daftar persetujuan Kepala Sekolah: rencana guru yang diajukan dan guru yang belum (tipe A)",
        responses={200: KinerjaDaftarGuruSerializer, **ERRORS},
    )
    def get(self, request, sid):
        d = selectors.daftar_persetujuan(actor=actor(request), sekolah=sid)
        return Response(KinerjaDaftarGuruSerializer(_data.daftar_guru(d)).data)


class DaftarPenilaianApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Daftar penilaian Kepala Sekolah: guru yang dapat dinilai dan yang belum (tipe A/B)",
        responses={200: KinerjaDaftarGuruSerializer, **ERRORS},
    )
    def get(self, request, sid):
        d = selectors.daftar_penilaian(actor=actor(request), sekolah=sid)
        return Response(KinerjaDaftarGuruSerializer(_data.daftar_guru(d)).data)


class KirimApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Kirim ke Dinas Pendidikan (sekali; konfirmasi dan penjelasan wajib; tidak dapat diubah lagi)",
        request=KinerjaKirimInputSerializer,
        responses={200: KinerjaPenilaianSekolahSerializer, **ERRORS},
    )
    def post(self, request, sid):
        data = valid(KinerjaKirimInputSerializer, request)
        ps = penilaian.penilaian_kirim_dinas(
            actor=actor(request),
            sekolah=sekolah_get(sid),
            konfirmasi=data["konfirmasi"],
            penjelasan=data["penjelasan"],
        )
        return Response(KinerjaPenilaianSekolahSerializer(_data.penilaian_sekolah(ps)).data)


class TetapkanApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Tetapkan predikat guru (ditolak dengan penjelasan bila melanggar pola distribusi SE MenPANRB 3/2023)",
        request=None,
        responses={200: KinerjaTetapkanSerializer, **ERRORS},
    )
    def post(self, request, sid):
        sekolah = sekolah_get(sid)
        baru = penilaian.predikat_tetapkan(actor=actor(request), sekolah=sekolah)
        ps = selectors.penilaian_sekolah_get(sekolah=sekolah)
        body = {"ditetapkan": len(baru), "penilaian_sekolah": _data.penilaian_sekolah(ps)}
        return Response(KinerjaTetapkanSerializer(body).data)
