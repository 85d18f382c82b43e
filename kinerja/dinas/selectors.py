"""Reads of the Dinas side. Dashboard reads touch only the pre-aggregated ``Rekap*`` tables, a
bounded number of rows per page, and always through a region the actor's ``Cakupan`` allows."""

from dataclasses import dataclass

from django.db.models import Q

from dapodik.models import PTK, Sekolah
from kinerja.models import Periode
from pmm.errors import Forbidden, NotFound
from pmm.models import Instansi, KabupatenKota, Provinsi

from .akses import Cakupan
from .models import (
    METRIK_NAMA,
    KodeReferral,
    PengajuanAksesPic,
    RekapPegawai,
    RekapSekolah,
    RekapStatus,
    RekapWilayah,
    StatusPengajuan,
    TingkatWilayah,
)


@dataclass(frozen=True)
class Wilayah:
    tingkat: str
    kode: str
    nama: str
    provinsi_id: int | None = None
    kabupaten_id: int | None = None
    provinsi_kode: str = ""
    provinsi_nama: str = ""

    @property
    def label(self) -> str:
        # Kabupaten/kota names already say "Kabupaten …" or "Kota …".
        if self.tingkat == TingkatWilayah.PROVINSI and not self.nama.startswith("Provinsi"):
            return f"Provinsi {self.nama}"
        return self.nama


NASIONAL = Wilayah(TingkatWilayah.NASIONAL, "", "Indonesia")


# ---------------------------------------------------------------------------------------------
# Periods and freshness


def periode_list() -> list[Periode]:
    return list(Periode.objects.order_by("-tahun", "-semester"))


def periode_pick(periodes: list[Periode], periode_id) -> Periode | None:
    """The requested period, else the current one (simulated clock), else the newest."""
    if periode_id not in (None, ""):
        for p in periodes:
            if str(p.pk) == str(periode_id):
                return p
        raise NotFound("Periode tidak ditemukan.")
    from kinerja.periods import semester_of
    from pmm import clock

    tahun, semester = semester_of(clock.today())
    for p in periodes:
        if (p.tahun, p.semester) == (tahun, semester):
            return p
    return periodes[0] if periodes else None


def rekap_status(periode: Periode | None) -> RekapStatus | None:
    if periode is None:
        return None
    return RekapStatus.objects.filter(periode=periode).first()


# ---------------------------------------------------------------------------------------------
# Regions


def wilayah_resolve(tingkat: str, kode: str) -> Wilayah:
    if tingkat == TingkatWilayah.NASIONAL:
        return NASIONAL
    if "\x00" in str(kode):  # PostgreSQL refuses a NUL in a query; no region has one
        raise NotFound("Wilayah tidak ditemukan.")
    if tingkat == TingkatWilayah.PROVINSI:
        p = Provinsi.objects.filter(kode=kode).first()
        if p is None:
            raise NotFound("Provinsi tidak ditemukan.")
        return Wilayah(
            TingkatWilayah.PROVINSI,
            p.kode,
            p.nama,
            provinsi_id=p.pk,
            provinsi_kode=p.kode,
            provinsi_nama=p.nama,
        )
    if tingkat == TingkatWilayah.KABUPATEN:
        k = KabupatenKota.objects.select_related("provinsi").filter(kode=kode).first()
        if k is None:
            raise NotFound("Kabupaten/kota tidak ditemukan.")
        return Wilayah(
            TingkatWilayah.KABUPATEN,
            k.kode,
            k.nama,
            provinsi_id=k.provinsi_id,
            kabupaten_id=k.pk,
            provinsi_kode=k.provinsi.kode,
            provinsi_nama=k.provinsi.nama,
        )
    raise NotFound("Tingkat wilayah tidak dikenal.")


def wilayah_allowed(cakupan: Cakupan, wilayah: Wilayah) -> bool:
    if wilayah.tingkat == TingkatWilayah.NASIONAL:
        return cakupan.nasional
    if wilayah.tingkat == TingkatWilayah.PROVINSI:
        return cakupan.boleh_provinsi(wilayah.provinsi_id)
    return cakupan.boleh_kabupaten(wilayah.kabupaten_id, wilayah.provinsi_id)


def require_wilayah(cakupan: Cakupan, wilayah: Wilayah) -> None:
    if not wilayah_allowed(cakupan, wilayah):
        raise Forbidden(
            f"{wilayah.label} berada di luar wilayah Dinas Anda. PIC hanya dapat melihat wilayahnya sendiri.",
            code="di_luar_wilayah",
        )


def wilayah_cakupan(cakupan: Cakupan) -> list[Wilayah]:
    """The top regions of an actor (the landing page when there are several)."""
    if cakupan.nasional:
        return [NASIONAL]
    hasil = [
        Wilayah(
            TingkatWilayah.PROVINSI,
            p.kode,
            p.nama,
            provinsi_id=p.pk,
            provinsi_kode=p.kode,
            provinsi_nama=p.nama,
        )
        for p in Provinsi.objects.filter(pk__in=cakupan.provinsi_ids).order_by("kode")
    ]
    for k in (
        KabupatenKota.objects.select_related("provinsi")
        .filter(pk__in=cakupan.kabupaten_ids)
        .exclude(provinsi_id__in=cakupan.provinsi_ids)
        .order_by("kode")
    ):
        hasil.append(
            Wilayah(
                TingkatWilayah.KABUPATEN,
                k.kode,
                k.nama,
                provinsi_id=k.provinsi_id,
                kabupaten_id=k.pk,
                provinsi_kode=k.provinsi.kode,
                provinsi_nama=k.provinsi.nama,
            )
        )
    return hasil


def kabupaten_in(wilayah: Wilayah) -> list[Wilayah]:
    """The kabupaten/kota of a region, by code (a kabupaten is its own only one)."""
    if wilayah.tingkat == TingkatWilayah.KABUPATEN:
        return [wilayah]
    qs = KabupatenKota.objects.select_related("provinsi").order_by("kode")
    if wilayah.tingkat == TingkatWilayah.PROVINSI:
        qs = qs.filter(provinsi_id=wilayah.provinsi_id)
    return [
        Wilayah(
            TingkatWilayah.KABUPATEN,
            k.kode,
            k.nama,
            provinsi_id=k.provinsi_id,
            kabupaten_id=k.pk,
            provinsi_kode=k.provinsi.kode,
            provinsi_nama=k.provinsi.nama,
        )
        for k in qs
    ]


def rekap_wilayah(periode: Periode | None, wilayah: Wilayah) -> RekapWilayah | None:
    if periode is None:
        return None
    qs = RekapWilayah.objects.filter(periode=periode, tingkat=wilayah.tingkat)
    if wilayah.tingkat == TingkatWilayah.PROVINSI:
        qs = qs.filter(provinsi_id=wilayah.provinsi_id)
    elif wilayah.tingkat == TingkatWilayah.KABUPATEN:
        qs = qs.filter(kabupaten_id=wilayah.kabupaten_id)
    return qs.first()


def rekap_wilayah_anak(periode: Periode | None, wilayah: Wilayah) -> list[RekapWilayah]:
    """Provinsi rows of the country, kabupaten rows of a provinsi (a few dozen at most)."""
    if periode is None:
        return []
    if wilayah.tingkat == TingkatWilayah.NASIONAL:
        qs = RekapWilayah.objects.filter(periode=periode, tingkat=TingkatWilayah.PROVINSI)
    elif wilayah.tingkat == TingkatWilayah.PROVINSI:
        qs = RekapWilayah.objects.filter(
            periode=periode, tingkat=TingkatWilayah.KABUPATEN, provinsi_id=wilayah.provinsi_id
        )
    else:
        return []
    return list(qs.order_by("kode"))


# ---------------------------------------------------------------------------------------------
# Schools


MASALAH_SEKOLAH = {
    "tidak_layak": "masalah_tidak_layak",
    "non_asn": "masalah_non_asn",
    "tanpa_atasan": "masalah_tanpa_atasan",
    "nip": "masalah_nip",
    "sinkro": "sinkro_gagal",
}


def sekolah_qs(periode: Periode, wilayah: Wilayah, filters: dict | None = None):
    """The schools of a region in a period, filtered; paginate with ``keyset_page(id_field="sekolah_id")``."""
    qs = RekapSekolah.objects.filter(periode=periode)
    if wilayah.tingkat == TingkatWilayah.PROVINSI:
        qs = qs.filter(provinsi_id=wilayah.provinsi_id)
    elif wilayah.tingkat == TingkatWilayah.KABUPATEN:
        qs = qs.filter(kabupaten_id=wilayah.kabupaten_id)
    filters = filters or {}
    if filters.get("jenjang"):
        qs = qs.filter(jenjang=filters["jenjang"])
    if filters.get("status"):
        qs = qs.filter(status_sekolah=filters["status"])
    if filters.get("masalah") in MASALAH_SEKOLAH:
        qs = qs.filter(**{f"{MASALAH_SEKOLAH[filters['masalah']]}__gt": 0})
    if filters.get("ada") in METRIK_NAMA:
        qs = qs.filter(**{f"{filters['ada']}__gt": 0})
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(npsn=q) | Q(nama__icontains=q))
    return qs


def sekolah_resolve(npsn: str, cakupan: Cakupan) -> Sekolah:
    """A school the actor may see; another region's school is "not found" (no existence leak)."""
    if "\x00" in str(npsn):  # PostgreSQL refuses a NUL in a query; no school has one
        raise NotFound("Sekolah tidak ditemukan di wilayah Anda.")
    sekolah = Sekolah.objects.select_related("kabupaten", "kabupaten__provinsi").filter(npsn=npsn).first()
    if sekolah is None or not cakupan.boleh_kabupaten(sekolah.kabupaten_id, sekolah.kabupaten.provinsi_id):
        raise NotFound("Sekolah tidak ditemukan di wilayah Anda.")
    return sekolah


def rekap_sekolah(periode: Periode | None, sekolah: Sekolah) -> RekapSekolah | None:
    if periode is None:
        return None
    return RekapSekolah.objects.filter(periode=periode, sekolah_id=sekolah.pk).first()


# ---------------------------------------------------------------------------------------------
# Pegawai


MASALAH_PEGAWAI = {
    "tidak_layak": Q(layak=False),
    "non_asn": Q(non_asn=True),
    "tanpa_atasan": Q(tanpa_atasan=True),
    "nip": Q(nip_bermasalah=True),
    "sinkro": Q(sinkro_kode__isnull=False),
}


def pegawai_qs(
    periode: Periode, *, wilayah: Wilayah | None = None, sekolah: Sekolah | None = None, filters=None
):
    """Pegawai rows of a school or a kabupaten; paginate with ``keyset_page(id_field="ptk_id")``."""
    qs = RekapPegawai.objects.filter(periode=periode)
    if sekolah is not None:
        qs = qs.filter(sekolah_id=sekolah.pk)
    elif wilayah is not None and wilayah.tingkat == TingkatWilayah.KABUPATEN:
        qs = qs.filter(kabupaten_id=wilayah.kabupaten_id)
    elif wilayah is not None and wilayah.tingkat == TingkatWilayah.PROVINSI:
        qs = qs.filter(provinsi_id=wilayah.provinsi_id)
    elif wilayah is None or wilayah.tingkat != TingkatWilayah.NASIONAL:
        raise NotFound("Wilayah tidak dikenal.")
    filters = filters or {}
    for stage in ("rencana", "observasi", "penilaian"):
        value = filters.get(stage)
        if value == "belum":
            stage_q = Q(**{f"{stage}_status": ""})
            if stage == "observasi":
                stage_q |= Q(observasi_status="belum")
            qs = qs.filter(stage_q, layak=True)
        elif value:
            qs = qs.filter(**{f"{stage}_status": value}, layak=True)
    if filters.get("predikat"):
        qs = qs.filter(predikat=filters["predikat"], layak=True)
    if filters.get("masalah") in MASALAH_PEGAWAI:
        qs = qs.filter(MASALAH_PEGAWAI[filters["masalah"]])
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(nip=q) | Q(nama__icontains=q))
    return qs


def pegawai_detail(periode: Periode, ptk_id, cakupan: Cakupan) -> tuple[RekapPegawai, PTK]:
    try:
        ptk_id = int(ptk_id)
    except (TypeError, ValueError):
        raise NotFound("Pegawai tidak ditemukan.") from None
    rekap = RekapPegawai.objects.filter(periode=periode, ptk_id=ptk_id).first()
    if rekap is None or not cakupan.boleh_kabupaten(rekap.kabupaten_id, rekap.provinsi_id):
        raise NotFound("Pegawai tidak ditemukan di wilayah Anda.")
    ptk = (
        PTK.objects.select_related("sekolah", "sekolah__kabupaten", "sekolah__kabupaten__provinsi")
        .filter(pk=ptk_id)
        .first()
    )
    # A pegawai transferred out of the region since the last refresh is no longer shown.
    if ptk is None or not cakupan.boleh_kabupaten(
        ptk.sekolah.kabupaten_id, ptk.sekolah.kabupaten.provinsi_id
    ):
        raise NotFound("Pegawai tidak ditemukan di wilayah Anda.")
    return rekap, ptk


# ---------------------------------------------------------------------------------------------
# PIC access


def pengajuan_for_user(user, limit: int = 10) -> list[PengajuanAksesPic]:
    return list(
        PengajuanAksesPic.objects.select_related("instansi")
        .filter(user=user)
        .order_by("-diajukan_pada", "-id")[:limit]
    )


def pengajuan_pending() -> list[PengajuanAksesPic]:
    return list(
        PengajuanAksesPic.objects.select_related("user", "instansi")
        .filter(status=StatusPengajuan.DIAJUKAN)
        .order_by("diajukan_pada", "id")[:200]
    )


def pengajuan_reviewed(limit: int = 50) -> list[PengajuanAksesPic]:
    return list(
        PengajuanAksesPic.objects.select_related("user", "instansi", "ditinjau_oleh")
        .exclude(status=StatusPengajuan.DIAJUKAN)
        .order_by("-ditinjau_pada", "-id")[:limit]
    )


def kode_referral_list(limit: int = 200) -> list[KodeReferral]:
    return list(KodeReferral.objects.select_related("instansi").order_by("-dibuat_pada", "-id")[:limit])


def instansi_choices() -> list[tuple[int, str]]:
    return list(Instansi.objects.order_by("nama").values_list("pk", "nama"))
