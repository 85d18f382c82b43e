"""Perencanaan Kinerja API: home, own plans, the steps, transitions, the atasan's ekspektasi khusus,
delegation, history."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import ApplicationError, Forbidden

from .. import selectors
from ..models import JalurAtasan
from ..services import perencanaan
from . import _data
from ._common import ERRORS, TAG, PegawaiKinerja, SiklusKinerja, actor, valid
from .serializers import (
    KinerjaBerandaSerializer,
    KinerjaDelegasiInputSerializer,
    KinerjaEkspektasiInputSerializer,
    KinerjaIndikatorInputSerializer,
    KinerjaPengawasPilihanSerializer,
    KinerjaPoinSerializer,
    KinerjaRencanaMulaiSerializer,
    KinerjaRencanaRingkasSerializer,
    KinerjaRencanaSerializer,
    KinerjaRencanaTransisiSerializer,
    KinerjaRhkInputSerializer,
    KinerjaRiwayatSerializer,
    KinerjaTugasInputSerializer,
)


def _detail(request, pk) -> dict:
    return KinerjaRencanaSerializer(
        _data.rencana(selectors.rencana_detail(actor=actor(request), rencana_id=pk))
    ).data


class BerandaApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Beranda Pengelolaan Kinerja: periode, tahap, linimasa, dan rencana pengguna",
        responses={200: KinerjaBerandaSerializer, 403: ERRORS[403]},
    )
    def get(self, request):
        return Response(KinerjaBerandaSerializer(_data.beranda(selectors.beranda(actor=actor(request)))).data)


class RencanaListApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Rencana kinerja saya (semua periode)",
        responses={200: KinerjaRencanaRingkasSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        rows = selectors.rencana_saya(actor=actor(request))
        return Response(
            KinerjaRencanaRingkasSerializer(
                [_data.rencana_ringkas(r, pemilik=True) for r in rows], many=True
            ).data
        )

    @extend_schema(
        tags=[TAG],
        summary="Mulai (atau buka) rencana kinerja periode berjalan",
        request=KinerjaRencanaMulaiSerializer,
        responses={201: KinerjaRencanaSerializer, **ERRORS},
    )
    def post(self, request):
        data = valid(KinerjaRencanaMulaiSerializer, request)
        r = perencanaan.rencana_start(actor=actor(request), peran=data["peran"], sekolah=data.get("sekolah"))
        return Response(_detail(request, r.pk), status=status.HTTP_201_CREATED)


class RencanaDetailApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Detail rencana kinerja (pemilik, atasan, pengawas yang diberi delegasi)",
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return Response(_detail(request, pk))


class IndikatorApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Langkah 1: pilih satu indikator Praktik Kinerja",
        request=KinerjaIndikatorInputSerializer,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def put(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaIndikatorInputSerializer, request)
        perencanaan.rencana_indikator_set(actor=actor(request), rencana=pk, indikator=data["indikator"])
        return Response(_detail(request, pk))


class RhkApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Langkah 2: RHK Pengembangan Kompetensi (mengganti pilihan); total poin dan rekomendasi 32–128",
        request=KinerjaRhkInputSerializer,
        responses={200: KinerjaPoinSerializer, **ERRORS},
    )
    def put(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaRhkInputSerializer, request)
        hasil = perencanaan.rencana_rhk_set(
            actor=actor(request), rencana=pk, items=[(x["rhk"], x["jumlah"]) for x in data["items"]]
        )
        return Response(
            KinerjaPoinSerializer({"total": hasil.total, "kode": hasil.kode, "pesan": hasil.pesan}).data
        )


class TugasTambahanApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Langkah 3: Tugas Tambahan (opsional, mengganti pilihan)",
        request=KinerjaTugasInputSerializer,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def put(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaTugasInputSerializer, request)
        perencanaan.rencana_tugas_tambahan_set(
            actor=actor(request), rencana=pk, items=[(x["tugas"], x["nomor_sk"]) for x in data["items"]]
        )
        return Response(_detail(request, pk))


class PerilakuApi(APIView):
    permission_classes = [PegawaiKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Langkah 4: konfirmasi telah membaca nilai BerAKHLAK",
        request=None,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        perencanaan.rencana_perilaku_confirm(actor=actor(request), rencana=pk)
        return Response(_detail(request, pk))


class RencanaTransisiApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Transisi rencana: ajukan, setujui, kembalikan (catatan wajib), sepakati",
        request=KinerjaRencanaTransisiSerializer,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaRencanaTransisiSerializer, request)
        a, aksi = actor(request), data["aksi"]
        if aksi == "ajukan":
            perencanaan.rencana_submit(actor=a, rencana=pk)
        elif aksi == "setujui":
            perencanaan.rencana_approve(actor=a, rencana=pk, catatan=data["catatan"])
        elif aksi == "kembalikan":
            perencanaan.rencana_return(actor=a, rencana=pk, catatan=data["catatan"])
        else:
            perencanaan.rencana_agree(actor=a, rencana=pk)
        return Response(_detail(request, pk))


class EkspektasiApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary=(
            "Atasan mengisi ekspektasi khusus per nilai BerAKHLAK saat rencana menunggu persetujuan "
            "(teks kosong menghapus)"
        ),
        request=KinerjaEkspektasiInputSerializer,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def put(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaEkspektasiInputSerializer, request)
        perencanaan.rencana_ekspektasi_set(actor=actor(request), rencana=pk, items=data["items"])
        return Response(_detail(request, pk))


class DelegasiApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Kepala Dinas mendelegasikan observasi kepada Pengawas Sekolah",
        request=KinerjaDelegasiInputSerializer,
        responses={200: KinerjaRencanaSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaDelegasiInputSerializer, request)
        perencanaan.rencana_delegate_observation(actor=actor(request), rencana=pk, pengawas=data["pengawas"])
        return Response(_detail(request, pk))


class DelegasiPengawasApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary=(
            "Kepala Dinas: Pengawas Sekolah yang wilayahnya mencakup sekolah rencana ini, pilihan "
            "delegasi observasi (sampai observasi dilaksanakan)"
        ),
        responses={200: KinerjaPengawasPilihanSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        # The plan page shows this choice to the Kepala Dinas who rates the plan, until the
        # observation took place; anyone else is told why, with the refusal the delegation gives.
        detail = selectors.rencana_detail(actor=actor(request), rencana_id=pk)
        r = detail.rencana
        if detail.atasan is None or detail.atasan.jalur != JalurAtasan.KEPALA_DINAS:
            raise ApplicationError(
                "Delegasi observasi kepada Pengawas hanya untuk rencana yang dinilai Kepala Dinas.",
                code="delegasi_tidak_berlaku",
            )
        if not detail.adalah_penilai:
            raise Forbidden(
                "Hanya Kepala Dinas Pendidikan yang dapat memberi delegasi observasi.",
                code="bukan_kepala_dinas",
            )
        obs = getattr(r, "observasi", None)
        if obs is not None and obs.diobservasi_pada is not None:
            raise ApplicationError(
                "Observasi sudah dilaksanakan; delegasi tidak dapat diubah.", code="status_tidak_sesuai"
            )
        rows = [_data.pengawas_pilihan(u, r) for u in selectors.pengawas_pilihan(r.sekolah)]
        return Response(KinerjaPengawasPilihanSerializer(rows, many=True).data)


class RiwayatApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Riwayat transisi rencana (terlama dahulu)",
        responses={200: KinerjaRiwayatSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        rows = selectors.riwayat_rencana(actor=actor(request), rencana_id=pk)
        return Response(KinerjaRiwayatSerializer([_data.riwayat(x) for x in rows], many=True).data)
