"""Kepala Dinas and Pengawas API: schools with their Predikat Kinerja Organisasi, the plans the Kepala
Dinas rates, and the Pengawas' delegated observations."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..services import penilaian
from ..views._common import sekolah_get
from . import _data
from ._common import ERRORS, TAG, actor, valid
from .serializers import (
    KinerjaBarisSekolahSerializer,
    KinerjaPenilaianSekolahSerializer,
    KinerjaPredikatOrganisasiInputSerializer,
    KinerjaRencanaRingkasSerializer,
)


class DinasSekolahApi(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Kepala Dinas: sekolah di instansinya dengan status penilaian dan Predikat Kinerja Organisasi",
        responses={200: KinerjaBarisSekolahSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        rows = selectors.daftar_sekolah_kepala_dinas(actor=actor(request))
        return Response(KinerjaBarisSekolahSerializer([_data.baris_sekolah(b) for b in rows], many=True).data)


class PredikatOrganisasiApi(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Kepala Dinas memberikan Predikat Kinerja Organisasi sebuah sekolah",
        request=KinerjaPredikatOrganisasiInputSerializer,
        responses={200: KinerjaPenilaianSekolahSerializer, **ERRORS},
    )
    def post(self, request, sid):
        data = valid(KinerjaPredikatOrganisasiInputSerializer, request)
        ps = penilaian.predikat_organisasi_set(
            actor=actor(request), sekolah=sekolah_get(sid), predikat_organisasi=data["predikat_organisasi"]
        )
        return Response(KinerjaPenilaianSekolahSerializer(_data.penilaian_sekolah(ps)).data)


class DinasRencanaApi(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Kepala Dinas: rencana yang disetujui dan dinilainya (Kepala Sekolah, Plt., rencana guru Plt.)",
        responses={200: KinerjaRencanaRingkasSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        rows = selectors.daftar_rencana_kepala_dinas(actor=actor(request))
        return Response(
            KinerjaRencanaRingkasSerializer([_data.rencana_ringkas(r) for r in rows], many=True).data
        )


class PengawasRencanaApi(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Pengawas: observasi Kepala Sekolah yang didelegasikan kepadanya",
        responses={200: KinerjaRencanaRingkasSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        a = actor(request)
        rows = selectors.daftar_delegasi_pengawas(actor=a)
        nama = (a.user.nama or a.user.email) if a.user is not None else None
        return Response(
            KinerjaRencanaRingkasSerializer(
                [_data.rencana_ringkas(r, dengan_penilaian=False, pengawas=nama) for r in rows], many=True
            ).data
        )
