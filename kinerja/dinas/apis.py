"""JSON API of the Dinas side (``/api/v1/dinas/``): the same selectors, services and region checks as
the pages. Another region answers 403; another region's school or pegawai 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.access import actor_of
from pmm.errors import Forbidden, NotFound

from . import akses, grafik, rekap, selectors, services, sinkro
from .forms import PegawaiFilterForm, SekolahFilterForm, filters_from
from .keyset import keyset_page
from .models import METRIK_NAMA, Jabatan, TingkatWilayah


def _metrik(row) -> dict | None:
    if row is None:
        return None
    return {name: getattr(row, name) for name in METRIK_NAMA}


def _status_dict(st) -> dict:
    return {
        "diperbarui_pada": st.diperbarui_pada.isoformat() if st and st.diperbarui_pada else None,
        "tanggal_acuan": st.tanggal_acuan.isoformat() if st and st.tanggal_acuan else None,
        "pembaruan_diantrekan": bool(st and st.diminta_pada),
    }


def _sinkro_dict(row) -> dict:
    if not sinkro.available():
        return {"tersedia": False}
    t = grafik.sinkro_tabel(row) if row is not None else {"per_kode": [], "per_pihak": [], "total": 0}
    return {
        "tersedia": True,
        "total": t["total"],
        "per_kode": dict(t["per_kode"]),
        "per_pihak": dict(t["per_pihak"]),
    }


class DinasApi(APIView):
    """Resolves the actor (token or session) and its region scope; no scope → 403."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.actor = actor_of(request)
        self.cakupan = akses.cakupan_for(self.actor)

    def require_cakupan(self):
        if self.cakupan.kosong:
            raise Forbidden(
                "Anda belum memiliki akses Dashboard Pemantauan Pengelolaan Kinerja.", code="bukan_pic_dinas"
            )

    def periode(self, request):
        periodes = selectors.periode_list()
        return selectors.periode_pick(periodes, request.query_params.get("periode"))

    def periode_required(self, request):
        periode = self.periode(request)
        if periode is None:
            raise NotFound("Belum ada periode.")
        return periode


_PERIODE = OpenApiParameter("periode", int, description="id periode (bawaan: periode saat ini)")
_SETELAH = OpenApiParameter("setelah", str, description="kursor halaman berikutnya (keyset)")


class WilayahApi(DinasApi):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Wilayah yang dapat dilihat pengguna")
    def get(self, request):
        self.require_cakupan()
        return Response(
            {
                "wilayah": [
                    {"tingkat": w.tingkat, "kode": w.kode, "nama": w.nama}
                    for w in selectors.wilayah_cakupan(self.cakupan)
                ]
            }
        )


class DashboardApi(DinasApi):
    @extend_schema(
        parameters=[
            OpenApiParameter("tingkat", str, enum=list(TingkatWilayah.values)),
            OpenApiParameter("kode", str),
            _PERIODE,
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Rekap satu wilayah (nasional, provinsi, kabupaten/kota) dan wilayah di bawahnya",
    )
    def get(self, request):
        self.require_cakupan()
        tingkat = request.query_params.get("tingkat", TingkatWilayah.NASIONAL)
        wilayah = selectors.wilayah_resolve(tingkat, request.query_params.get("kode", ""))
        selectors.require_wilayah(self.cakupan, wilayah)
        periode = self.periode(request)
        row = selectors.rekap_wilayah(periode, wilayah)
        return Response(
            {
                "wilayah": {"tingkat": wilayah.tingkat, "kode": wilayah.kode, "nama": wilayah.nama},
                "periode": {"id": periode.pk, "nama": periode.nama} if periode else None,
                "rekap": _status_dict(selectors.rekap_status(periode)),
                "jumlah_sekolah": row.jumlah_sekolah if row else None,
                "angka": _metrik(row),
                "sinkro": _sinkro_dict(row),
                "anak": [
                    {"kode": r.kode, "nama": r.nama, "jumlah_sekolah": r.jumlah_sekolah, "angka": _metrik(r)}
                    for r in selectors.rekap_wilayah_anak(periode, wilayah)
                ],
            }
        )


def _sekolah_dict(r) -> dict:
    return {
        "npsn": r.npsn,
        "nama": r.nama,
        "jenjang": r.jenjang,
        "status": r.status_sekolah,
        "penilaian_sekolah": r.penilaian_sekolah,
        "predikat_organisasi": r.predikat_organisasi,
        "angka": _metrik(r),
    }


class SekolahListApi(DinasApi):
    @extend_schema(
        parameters=[
            OpenApiParameter("tingkat", str, enum=list(TingkatWilayah.values)),
            OpenApiParameter("kode", str),
            _PERIODE,
            _SETELAH,
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Sekolah suatu wilayah (keyset, 50 per halaman)",
        operation_id="dinas_sekolah_list",
    )
    def get(self, request):
        self.require_cakupan()
        wilayah = selectors.wilayah_resolve(
            request.query_params.get("tingkat", TingkatWilayah.NASIONAL), request.query_params.get("kode", "")
        )
        selectors.require_wilayah(self.cakupan, wilayah)
        periode = self.periode_required(request)
        _, filters = filters_from(SekolahFilterForm, request.query_params)
        page = keyset_page(
            selectors.sekolah_qs(periode, wilayah, filters),
            id_field="sekolah_id",
            cursor=request.query_params.get("setelah"),
        )
        return Response({"hasil": [_sekolah_dict(r) for r in page.rows], "setelah": page.next_cursor})


class SekolahDetailApi(DinasApi):
    @extend_schema(parameters=[_PERIODE], responses=OpenApiTypes.OBJECT, summary="Rekap satu sekolah")
    def get(self, request, npsn):
        self.require_cakupan()
        obj = selectors.sekolah_resolve(npsn, self.cakupan)
        periode = self.periode_required(request)
        row = selectors.rekap_sekolah(periode, obj)
        if row is None:
            raise NotFound("Rekap sekolah ini belum tersedia.")
        return Response({**_sekolah_dict(row), "sinkro": _sinkro_dict(row)})


def _pegawai_dict(r) -> dict:
    return {
        "ptk_id": r.ptk_id,
        "nama": r.nama,
        "nip": r.nip,
        "sekolah_id": r.sekolah_id,
        "jenis_ptk": r.jenis_ptk,
        "status_kepegawaian": r.status_kepegawaian,
        "peran": r.peran,
        "rencana": r.rencana_status or "belum",
        "observasi": r.observasi_status or "belum",
        "penilaian": r.penilaian_status or "belum",
        "predikat": r.predikat,
        "layak": r.layak,
        "alasan_tidak_layak": r.akses_kode,
        "non_asn": r.non_asn,
        "tanpa_atasan": r.tanpa_atasan,
        "nip_bermasalah": r.nip_bermasalah,
        "sinkro_kode": r.sinkro_kode,
        "sinkro_pihak": r.sinkro_pihak,
    }


class PegawaiListApi(DinasApi):
    @extend_schema(
        parameters=[
            OpenApiParameter("sekolah", str, description="NPSN"),
            OpenApiParameter("kabupaten", str, description="kode kabupaten/kota"),
            _PERIODE,
            _SETELAH,
        ],
        responses=OpenApiTypes.OBJECT,
        summary="Pegawai satu sekolah atau satu kabupaten/kota (keyset, 50 per halaman)",
        operation_id="dinas_pegawai_list",
    )
    def get(self, request):
        self.require_cakupan()
        periode = self.periode_required(request)
        _, filters = filters_from(PegawaiFilterForm, request.query_params)
        npsn, kode = request.query_params.get("sekolah"), request.query_params.get("kabupaten")
        if npsn:
            qs = selectors.pegawai_qs(
                periode, sekolah=selectors.sekolah_resolve(npsn, self.cakupan), filters=filters
            )
        elif kode:
            wilayah = selectors.wilayah_resolve(TingkatWilayah.KABUPATEN, kode)
            selectors.require_wilayah(self.cakupan, wilayah)
            qs = selectors.pegawai_qs(periode, wilayah=wilayah, filters=filters)
        else:
            raise NotFound("Sebutkan sekolah (NPSN) atau kabupaten (kode).")
        page = keyset_page(qs, id_field="ptk_id", cursor=request.query_params.get("setelah"))
        return Response({"hasil": [_pegawai_dict(r) for r in page.rows], "setelah": page.next_cursor})


class PegawaiDetailApi(DinasApi):
    @extend_schema(parameters=[_PERIODE], responses=OpenApiTypes.OBJECT, summary="Rekap satu pegawai")
    def get(self, request, ptk_id):
        self.require_cakupan()
        row, _ = selectors.pegawai_detail(self.periode_required(request), ptk_id, self.cakupan)
        return Response(_pegawai_dict(row))


class RekapSegarkanApi(DinasApi):
    @extend_schema(
        request=None, responses=OpenApiTypes.OBJECT, summary="Antrekan pembaruan rekap (Admin Pusat)"
    )
    def post(self, request):
        if not self.actor.is_trainer:
            raise Forbidden("Hanya Admin Pusat yang dapat meminta pembaruan rekap.")
        periode = self.periode_required(request)
        queued = rekap.rekap_request(periode_id=periode.pk, jeda=0)
        return Response({"diantrekan": queued}, status=status.HTTP_202_ACCEPTED)


# ---------------------------------------------------------------------------------------------
# PIC access


class PengajuanInSerializer(serializers.Serializer):
    instansi = serializers.IntegerField()
    jabatan = serializers.ChoiceField(choices=Jabatan.choices)
    kode_referral = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    keterangan = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


def _pengajuan_dict(p) -> dict:
    return {
        "id": p.pk,
        "email": p.user.email,
        "instansi": {"id": p.instansi_id, "nama": p.instansi.nama},
        "jabatan": p.jabatan,
        "jalur": p.jalur,
        "status": p.status,
        "alasan_penolakan": p.alasan_penolakan,
        "diajukan_pada": p.diajukan_pada.isoformat(),
        "ditinjau_pada": p.ditinjau_pada.isoformat() if p.ditinjau_pada else None,
    }


class AksesApi(DinasApi):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Dapatkah akun ini mengajukan akses dashboard PIC")
    def get(self, request):
        user = request.user
        kelayakan = akses.kelayakan_evaluate(user, actor=self.actor, pending=akses.pending_for(user))
        return Response(
            {
                **kelayakan.as_dict(),
                "riwayat": [_pengajuan_dict(p) for p in selectors.pengajuan_for_user(user)],
            }
        )


class PengajuanApi(DinasApi):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Pengajuan yang menunggu tinjauan (Admin Pusat)")
    def get(self, request):
        if not self.actor.is_trainer:
            raise Forbidden("Hanya Admin Pusat yang dapat meninjau akses PIC Dinas.")
        return Response({"hasil": [_pengajuan_dict(p) for p in selectors.pengajuan_pending()]})

    @extend_schema(
        request=PengajuanInSerializer, responses=OpenApiTypes.OBJECT, summary="Ajukan akses dashboard PIC"
    )
    def post(self, request):
        data = PengajuanInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        p = services.pengajuan_create(
            user=request.user,
            actor=self.actor,
            instansi_id=v["instansi"],
            jabatan=v["jabatan"],
            kode_referral=v["kode_referral"],
            keterangan=v["keterangan"],
        )
        return Response(_pengajuan_dict(p), status=status.HTTP_201_CREATED)


class TolakSerializer(serializers.Serializer):
    alasan = serializers.CharField(max_length=1000)


class PengajuanSetujuiApi(DinasApi):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="Setujui pengajuan (Admin Pusat)")
    def post(self, request, pk):
        p = services.pengajuan_approve(pengajuan_id=pk, reviewer=request.user, actor=self.actor)
        return Response(_pengajuan_dict(p))


class PengajuanTolakApi(DinasApi):
    @extend_schema(
        request=TolakSerializer, responses=OpenApiTypes.OBJECT, summary="Tolak pengajuan dengan alasan"
    )
    def post(self, request, pk):
        alasan = request.data.get("alasan", "") if hasattr(request.data, "get") else ""
        p = services.pengajuan_reject(
            pengajuan_id=pk, reviewer=request.user, actor=self.actor, alasan=str(alasan or "")
        )
        return Response(_pengajuan_dict(p))


class KodeReferralInSerializer(serializers.Serializer):
    instansi = serializers.IntegerField()
    berlaku_sampai = serializers.DateField()
    batas_pemakaian = serializers.IntegerField(min_value=1, max_value=1000, default=10)


class KodeReferralApi(DinasApi):
    @extend_schema(
        request=KodeReferralInSerializer,
        responses=OpenApiTypes.OBJECT,
        summary="Terbitkan kode referral Dinas",
    )
    def post(self, request):
        data = KodeReferralInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        k = services.kode_referral_create(
            instansi_id=data.validated_data["instansi"],
            berlaku_sampai=data.validated_data["berlaku_sampai"],
            batas_pemakaian=data.validated_data["batas_pemakaian"],
            actor=self.actor,
            user=request.user,
        )
        return Response(
            {
                "id": k.pk,
                "kode": k.kode,
                "instansi": k.instansi_id,
                "berlaku_sampai": k.berlaku_sampai.isoformat(),
            },
            status=status.HTTP_201_CREATED,
        )
