"""Pelaksanaan Kinerja API: the observation cycle, evidence, and the school's documents (with their
downloads, which token clients such as the Android app can open)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pmm.errors import ApplicationError

from .. import selectors
from ..services import pelaksanaan
from ..views._common import sekolah_get
from . import _data
from ._common import (
    BERKAS_KETERANGAN,
    ERRORS,
    JENIS_BERKAS,
    TAG,
    BerkasApi,
    SiklusKinerja,
    actor,
    berkas_response,
    valid,
)
from .serializers import (
    KinerjaBuktiInputSerializer,
    KinerjaBuktiSerializer,
    KinerjaDokumenInputSerializer,
    KinerjaDokumenSerializer,
    KinerjaObservasiSerializer,
    KinerjaObservasiTransisiSerializer,
)


def _observasi(request, pk) -> dict:
    detail = selectors.rencana_detail(actor=actor(request), rencana_id=pk)
    return KinerjaObservasiSerializer(_data.observasi(detail)).data


class ObservasiApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary="Siklus observasi sebuah rencana",
        responses={200: KinerjaObservasiSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return Response(_observasi(request, pk))


class ObservasiTransisiApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(
        tags=[TAG],
        summary=(
            "Transisi observasi: persiapan (fokus, dokumen_persiapan, jadwal), jadwal_ulang (jadwal, alasan), "
            "observasi / tindak_lanjut / refleksi / rekomendasi (teks)"
        ),
        request=KinerjaObservasiTransisiSerializer,
        responses={200: KinerjaObservasiSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaObservasiTransisiSerializer, request)
        a, aksi, teks = actor(request), data["aksi"], data["teks"]
        if aksi in ("persiapan", "jadwal_ulang") and data["jadwal"] is None:
            raise ApplicationError("Jadwal observasi wajib diisi.", code="jadwal_tidak_valid")
        if aksi == "persiapan":
            pelaksanaan.observasi_prepare(
                actor=a,
                rencana=pk,
                fokus=data["fokus"],
                dokumen_persiapan=data["dokumen_persiapan"],
                jadwal=data["jadwal"],
            )
        elif aksi == "jadwal_ulang":
            pelaksanaan.observasi_reschedule(
                actor=a, rencana=pk, jadwal=data["jadwal"], alasan=data["alasan"]
            )
        elif aksi == "observasi":
            pelaksanaan.observasi_record(actor=a, rencana=pk, catatan=teks)
        elif aksi == "tindak_lanjut":
            pelaksanaan.observasi_follow_up(actor=a, rencana=pk, catatan_tindak_lanjut=teks)
        elif aksi == "refleksi":
            pelaksanaan.observasi_reflect(actor=a, rencana=pk, refleksi=teks)
        else:
            pelaksanaan.observasi_recommend(actor=a, rencana=pk, rekomendasi=teks)
        return Response(_observasi(request, pk))


class BuktiListApi(APIView):
    permission_classes = [SiklusKinerja]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        summary="Bukti dukung sebuah rencana",
        responses={200: KinerjaBuktiSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        r = selectors.rencana_detail(actor=actor(request), rencana_id=pk).rencana
        rows = [b for x in r.rhk.all() for b in x.bukti.all()]
        rows += [b for t in r.tugas_tambahan.all() for b in t.bukti.all()]
        return Response(KinerjaBuktiSerializer([_data.bukti(b) for b in rows], many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="Unggah bukti dukung untuk satu RHK atau satu Tugas Tambahan (PDF/JPG/PNG, maks. 5 MB)",
        request={"multipart/form-data": KinerjaBuktiInputSerializer},
        responses={201: KinerjaBuktiSerializer, **ERRORS},
    )
    def post(self, request, pk):
        selectors.rencana_akses(actor=actor(request), rencana_id=pk)
        data = valid(KinerjaBuktiInputSerializer, request)
        b = pelaksanaan.bukti_upload(
            actor=actor(request),
            rencana=pk,
            berkas=data["berkas"],
            rencana_rhk=data["rencana_rhk"],
            rencana_tugas=data["rencana_tugas"],
        )
        return Response(KinerjaBuktiSerializer(_data.bukti(b)).data, status=status.HTTP_201_CREATED)


class BuktiDetailApi(APIView):
    permission_classes = [SiklusKinerja]

    @extend_schema(tags=[TAG], summary="Hapus bukti dukung", responses={204: None, **ERRORS})
    def delete(self, request, pk):
        # bukti_for_download is the read rule of a file: someone else's evidence is not found.
        selectors.bukti_for_download(actor=actor(request), bukti_id=pk)
        pelaksanaan.bukti_delete(actor=actor(request), bukti=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# An uploaded file is a PDF, a JPG or a PNG (kinerja.services.berkas).
BERKAS = {(200, media): OpenApiTypes.BINARY for media in JENIS_BERKAS.values()}


class BuktiUnduhApi(BerkasApi):
    @extend_schema(
        tags=[TAG],
        description=BERKAS_KETERANGAN,
        summary="Unduh berkas bukti dukung (pemilik rencana, atasan, pengawas yang diberi delegasi)",
        responses={**BERKAS, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, pk):
        # The page's rule: whoever may read the plan; someone else's evidence is not found.
        b = selectors.bukti_for_download(actor=actor(request), bukti_id=pk)
        return berkas_response(b.berkas, b.nama_asli, b.jenis)


class DokumenSekolahApi(APIView):
    permission_classes = [SiklusKinerja]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        summary="KOSP dan Rangkuman Kehadiran Guru sekolah (periode berjalan)",
        responses={200: KinerjaDokumenSerializer(many=True), **ERRORS},
    )
    def get(self, request, sid):
        rows = selectors.dokumen_sekolah_list(actor=actor(request), sekolah=sekolah_get(sid))
        return Response(KinerjaDokumenSerializer([_data.dokumen(d) for d in rows], many=True).data)

    @extend_schema(
        tags=[TAG],
        summary="Kepala Sekolah mengunggah KOSP atau Rangkuman Kehadiran Guru (menggantikan yang lama)",
        request={"multipart/form-data": KinerjaDokumenInputSerializer},
        responses={201: KinerjaDokumenSerializer, **ERRORS},
    )
    def post(self, request, sid):
        data = valid(KinerjaDokumenInputSerializer, request)
        d = pelaksanaan.dokumen_sekolah_upload(
            actor=actor(request), sekolah=sekolah_get(sid), jenis=data["jenis"], berkas=data["berkas"]
        )
        return Response(KinerjaDokumenSerializer(_data.dokumen(d)).data, status=status.HTTP_201_CREATED)


class DokumenUnduhApi(BerkasApi):
    @extend_schema(
        tags=[TAG],
        description=BERKAS_KETERANGAN,
        summary="Unduh KOSP atau Rangkuman Kehadiran Guru (guru dan Kepala Sekolah sekolah itu, Kepala Dinas)",
        responses={**BERKAS, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, pk):
        dok = selectors.dokumen_sekolah_for_download(actor=actor(request), dokumen_id=pk)
        return berkas_response(dok.berkas, dok.nama_asli, dok.jenis_berkas)
