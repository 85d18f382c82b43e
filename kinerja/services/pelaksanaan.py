"""Pelaksanaan Kinerja: the observation cycle, evidence per RHK and Tugas Tambahan, and the school's
KOSP and Rangkuman Kehadiran Guru.

Observation cycle (seed 003 slide 16, REFERENCE.md §3f):
1. Diskusi Persiapan (pegawai): 1–3 focus behaviours of the plan's indicator, the preparation
   document, and the schedule agreed with the atasan. The schedule may be changed by either side
   until the observation happens (seed 002).
2. Observasi Kelas (the atasan, or the Pengawas delegated by the Kepala Dinas): facts only, no
   score; not before the scheduled day.
3. Diskusi Tindak Lanjut (pegawai writes the follow-up notes agreed in the discussion).
4. Refleksi Tindak Lanjut (pegawai).
Pelaksanaan opens once the plan is approved (seed 003 slide 17).
"""

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role

from .. import periods
from ..models import (
    BuktiDukung,
    DokumenSekolah,
    FokusPerilaku,
    JalurAtasan,
    JenisDokumenSekolah,
    Observasi,
    RencanaRhk,
    RencanaTugasTambahan,
)
from ..transitions import OBSERVASI, RENCANA_SUDAH_DISETUJUI, StatusObservasi, StatusPenilaian
from . import atasan as atasan_rules
from .berkas import berkas_check
from .perencanaan import _pk, owner_require, rencana_lock
from .riwayat import riwayat_record

TEKS_MAKS = 5000
FOKUS_MAKS = 3
BUKTI_MAKS_PER_ITEM = 10


def _teks(value, label: str, *, wajib: bool = True) -> str:
    value = (value or "").strip()
    if wajib and not value:
        raise ApplicationError(f"{label} wajib diisi.", code="isian_wajib")
    if len(value) > TEKS_MAKS:
        raise ApplicationError(f"{label} paling panjang {TEKS_MAKS} karakter.", code="isian_terlalu_panjang")
    return value


def _approved(r) -> None:
    if r.status not in RENCANA_SUDAH_DISETUJUI:
        raise ApplicationError(
            "Pelaksanaan Kinerja dimulai setelah Perencanaan Kinerja disetujui atasan "
            f"(status saat ini «{r.get_status_display()}»).",
            code="rencana_belum_disetujui",
        )


def _observasi(r) -> Observasi:
    obs, _ = Observasi.objects.get_or_create(rencana=r)
    return obs


def _jadwal(value, periode) -> datetime:
    if not isinstance(value, datetime):
        raise ApplicationError("Jadwal observasi tidak valid.", code="jadwal_tidak_valid")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    hari = timezone.localdate(value)
    today = clock.today()
    if hari < today:
        raise ApplicationError("Jadwal observasi tidak boleh di masa lalu.", code="jadwal_tidak_valid")
    if hari < periode.persiapan_mulai or hari > periode.batas_akhir:
        raise ApplicationError(
            f"Jadwal observasi harus antara {periods.tanggal_id(max(today, periode.persiapan_mulai))} dan "
            f"{periods.tanggal_id(periode.batas_akhir)}.",
            code="jadwal_tidak_valid",
        )
    return value


def _record(r, kode: str, dari: str, ke: str, actor, catatan: str = "", notify: bool = True):
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=OBSERVASI.nama,
        transisi=kode,
        dari=dari,
        ke=ke,
        oleh=actor.user,
        catatan=catatan,
        notify=notify,
    )


@transaction.atomic
def observasi_prepare(*, actor, rencana, fokus, dokumen_persiapan: str, jadwal: datetime) -> Observasi:
    """Diskusi Persiapan by the pegawai: focus behaviours, preparation document, schedule."""
    r = rencana_lock(rencana)
    owner_require(actor, r)
    _approved(r)
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    atasan_rules.atasan_require(r)
    obs = _observasi(r)
    t = OBSERVASI.periksa("persiapan", obs.status)
    fokus_ids = {_pk(f) for f in (fokus or [])}
    if not 1 <= len(fokus_ids) <= FOKUS_MAKS:
        raise ApplicationError(
            f"Pilih 1 sampai {FOKUS_MAKS} fokus perilaku untuk diobservasi.", code="fokus_tidak_valid"
        )
    pilihan = list(FokusPerilaku.objects.filter(pk__in=fokus_ids, indikator_id=r.indikator_id))
    if len(pilihan) != len(fokus_ids):
        raise ApplicationError(
            "Fokus perilaku harus berasal dari indikator Praktik Kinerja yang dipilih.",
            code="fokus_tidak_valid",
        )
    obs.dokumen_persiapan = _teks(dokumen_persiapan, "Dokumen persiapan observasi")
    obs.jadwal = _jadwal(jadwal, r.periode)
    obs.status = t.tujuan
    obs.save(update_fields=["dokumen_persiapan", "jadwal", "status"])
    obs.fokus.set(pilihan)
    waktu = timezone.localtime(obs.jadwal)
    _record(
        r,
        "persiapan",
        StatusObservasi.BELUM,
        t.tujuan,
        actor,
        f"Observasi dijadwalkan {waktu:%d-%m-%Y %H:%M} WIB.",
    )
    return obs


@transaction.atomic
def observasi_reschedule(*, actor, rencana, jadwal: datetime, alasan: str = "") -> Observasi:
    """Change the schedule (the pegawai or the observer) before the observation happens. The same
    time again changes and records nothing."""
    r = rencana_lock(rencana)
    atasan = atasan_rules.atasan_require(r)
    pemilik = actor.ptk is not None and actor.ptk.pk == r.ptk_id
    if not pemilik and not atasan_rules.is_pengamat(actor, r, atasan):
        raise Forbidden(
            "Hanya pegawai atau pengamatnya yang dapat mengubah jadwal observasi.", code="bukan_pengamat"
        )
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    obs = getattr(r, "observasi", None)
    if obs is None:
        raise ApplicationError("Isi Diskusi Persiapan terlebih dahulu.", code="status_tidak_sesuai")
    obs = Observasi.objects.select_for_update().get(pk=obs.pk)
    t = OBSERVASI.periksa("jadwal_ulang", obs.status)
    lama = timezone.localtime(obs.jadwal)
    jadwal = _jadwal(jadwal, r.periode)
    if jadwal == obs.jadwal:
        # The same time again (a second click, a resent form): nothing changes, nothing is recorded.
        return obs
    obs.jadwal = jadwal
    obs.jadwal_diubah += 1
    obs.save(update_fields=["jadwal", "jadwal_diubah"])
    baru = timezone.localtime(obs.jadwal)
    catatan = f"Jadwal observasi diubah dari {lama:%d-%m-%Y %H:%M} ke {baru:%d-%m-%Y %H:%M} WIB."
    alasan = _teks(alasan, "Alasan", wajib=False)
    if alasan:
        catatan += f" Alasan: {alasan}"
    _record(r, "jadwal_ulang", obs.status, t.tujuan, actor, catatan)
    return obs


def _obs_locked(r) -> Observasi:
    obs = getattr(r, "observasi", None)
    if obs is None:
        raise ApplicationError("Diskusi Persiapan belum diisi.", code="status_tidak_sesuai")
    return Observasi.objects.select_for_update().get(pk=obs.pk)


@transaction.atomic
def observasi_record(*, actor, rencana, catatan: str) -> Observasi:
    """Observasi Kelas: the observer records facts (no score), on or after the scheduled day."""
    r = rencana_lock(rencana)
    atasan_rules.pengamat_require(actor, r, tindakan="mencatat observasi kelas")
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    obs = _obs_locked(r)
    t = OBSERVASI.periksa("observasi", obs.status)
    hari = timezone.localdate(obs.jadwal)
    if clock.today() < hari:
        raise ApplicationError(
            f"Observasi dijadwalkan pada {periods.tanggal_id(hari)}; catatan observasi dapat diisi mulai tanggal itu.",
            code="belum_jadwal",
        )
    obs.catatan_observasi = _teks(catatan, "Catatan observasi")
    obs.diobservasi_oleh = actor.user
    obs.diobservasi_pada = clock.now()
    obs.status = t.tujuan
    obs.save(update_fields=["catatan_observasi", "diobservasi_oleh", "diobservasi_pada", "status"])
    _record(r, "observasi", StatusObservasi.TERJADWAL, t.tujuan, actor)
    return obs


@transaction.atomic
def observasi_follow_up(*, actor, rencana, catatan_tindak_lanjut: str) -> Observasi:
    """Diskusi Tindak Lanjut: the pegawai records the follow-up agreed with the observer."""
    r = rencana_lock(rencana)
    owner_require(actor, r)
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    obs = _obs_locked(r)
    t = OBSERVASI.periksa("tindak_lanjut", obs.status)
    obs.catatan_tindak_lanjut = _teks(catatan_tindak_lanjut, "Catatan tindak lanjut")
    obs.tindak_lanjut_pada = clock.now()
    obs.status = t.tujuan
    obs.save(update_fields=["catatan_tindak_lanjut", "tindak_lanjut_pada", "status"])
    _record(r, "tindak_lanjut", StatusObservasi.DIOBSERVASI, t.tujuan, actor)
    return obs


@transaction.atomic
def observasi_reflect(*, actor, rencana, refleksi: str) -> Observasi:
    """Refleksi Tindak Lanjut by the pegawai."""
    r = rencana_lock(rencana)
    owner_require(actor, r)
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    obs = _obs_locked(r)
    t = OBSERVASI.periksa("refleksi", obs.status)
    obs.refleksi = _teks(refleksi, "Refleksi")
    obs.refleksi_pada = clock.now()
    obs.status = t.tujuan
    obs.save(update_fields=["refleksi", "refleksi_pada", "status"])
    _record(r, "refleksi", StatusObservasi.TINDAK_LANJUT, t.tujuan, actor)
    return obs


@transaction.atomic
def observasi_recommend(*, actor, rencana, rekomendasi: str) -> Observasi:
    """The delegated Pengawas writes a recommendation to the Kepala Dinas after observing
    (REFERENCE.md §3h: the pengawas recommends, the Kadis decides)."""
    r = rencana_lock(rencana)
    atasan = atasan_rules.atasan_require(r)
    if atasan.jalur != JalurAtasan.KEPALA_DINAS or not atasan_rules.is_pengawas_delegasi(actor, r, atasan):
        raise Forbidden(
            "Hanya Pengawas yang diberi delegasi yang dapat menulis rekomendasi.", code="bukan_pengawas"
        )
    obs = _obs_locked(r)
    if obs.status in (StatusObservasi.BELUM, StatusObservasi.TERJADWAL):
        raise ApplicationError(
            "Rekomendasi ditulis setelah observasi dilaksanakan.", code="status_tidak_sesuai"
        )
    obs.rekomendasi = _teks(rekomendasi, "Rekomendasi")
    obs.rekomendasi_oleh = actor.user
    obs.save(update_fields=["rekomendasi", "rekomendasi_oleh"])
    _record(r, "rekomendasi", obs.status, obs.status, actor, obs.rekomendasi[:500])
    return obs


# ---------------------------------------------------------------------------------------------
# Evidence


def _bukti_open(r) -> None:
    penilaian = getattr(r, "penilaian", None)
    if penilaian is not None and penilaian.status != StatusPenilaian.DRAFT:
        raise ApplicationError(
            "Penilaian Anda sudah dikirim; bukti dukung tidak dapat diubah lagi.", code="penilaian_terkunci"
        )


@transaction.atomic
def bukti_upload(*, actor, rencana, berkas, rencana_rhk=None, rencana_tugas=None) -> BuktiDukung:
    """Upload one evidence file for one chosen RHK or Tugas Tambahan of the actor's approved plan."""
    r = rencana_lock(rencana)
    owner_require(actor, r)
    _approved(r)
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    _bukti_open(r)
    if (rencana_rhk is None) == (rencana_tugas is None):
        raise ApplicationError(
            "Pilih satu RHK atau satu Tugas Tambahan untuk bukti dukung ini.", code="target_wajib"
        )
    if rencana_rhk is not None:
        target = RencanaRhk.objects.filter(pk=_pk(rencana_rhk), rencana=r).first()
        filter_kw = {"rencana_rhk": target}
    else:
        target = RencanaTugasTambahan.objects.filter(pk=_pk(rencana_tugas), rencana=r).first()
        filter_kw = {"rencana_tugas": target}
    if target is None:
        raise ApplicationError(
            "RHK atau Tugas Tambahan ini tidak ada di rencana Anda.", code="target_tidak_valid"
        )
    if BuktiDukung.objects.filter(**filter_kw).count() >= BUKTI_MAKS_PER_ITEM:
        raise ApplicationError(
            f"Paling banyak {BUKTI_MAKS_PER_ITEM} berkas untuk setiap RHK atau Tugas Tambahan.",
            code="bukti_terlalu_banyak",
        )
    valid = berkas_check(berkas)
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin="bukti",
        transisi="unggah",
        dari="",
        ke="",
        oleh=actor.user,
        catatan=f"Bukti dukung «{valid.nama}» diunggah untuk {target}.",
        notify=False,
    )
    bukti = BuktiDukung(
        rencana=r,
        nama_asli=valid.nama,
        jenis=valid.jenis,
        ukuran=valid.ukuran,
        diunggah_oleh=actor.user,
        diunggah_pada=clock.now(),
        **filter_kw,
    )
    _store(bukti, "berkas", berkas)
    return bukti


@transaction.atomic
def bukti_delete(*, actor, bukti) -> None:
    try:
        obj = BuktiDukung.objects.select_related("rencana").get(pk=_pk(bukti))
    except BuktiDukung.DoesNotExist:
        raise NotFound("Bukti dukung tidak ditemukan.") from None
    r = rencana_lock(obj.rencana_id)
    owner_require(actor, r)
    periods.require_window(r.periode, periods.Kelompok.PELAKSANAAN)
    _bukti_open(r)
    nama, storage = obj.berkas.name, obj.berkas.storage
    obj.delete()
    transaction.on_commit(lambda: storage.delete(nama))
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin="bukti",
        transisi="hapus",
        oleh=actor.user,
        dari="",
        ke="",
        catatan=f"Bukti dukung «{obj.nama_asli}» dihapus.",
        notify=False,
    )


def _store(obj, field: str, berkas) -> None:
    """Write the file and its row as the last step of the service, so nothing after it can roll the
    transaction back; if the row cannot be written the file is removed at once."""
    filefield = getattr(obj, field)
    filefield.save("berkas", berkas, save=False)
    nama, storage = filefield.name, filefield.storage
    try:
        obj.save()
    except Exception:
        storage.delete(nama)
        raise


# ---------------------------------------------------------------------------------------------
# School documents


def dokumen_sekolah_upload(*, actor, sekolah, jenis: str, berkas, periode=None) -> DokumenSekolah:
    """The principal (or Plt) uploads the school's KOSP or Rangkuman Kehadiran Guru for the period;
    a new upload replaces the previous one. The school's teachers can read it."""
    try:
        with transaction.atomic():
            return _dokumen_sekolah_upload(
                actor=actor, sekolah=sekolah, jenis=jenis, berkas=berkas, periode=periode
            )
    except IntegrityError:
        raise ApplicationError(
            "Dokumen sedang diunggah dari tempat lain. Muat ulang halaman lalu coba lagi.", code="konflik"
        ) from None


def _dokumen_sekolah_upload(*, actor, sekolah, jenis, berkas, periode):
    if jenis not in JenisDokumenSekolah.values:
        raise ApplicationError("Jenis dokumen tidak dikenal.", code="jenis_dokumen_tidak_valid")
    roles = (Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH)
    if sekolah.pk not in actor.sekolah_ids(*roles):
        raise Forbidden(
            f"Hanya Kepala Sekolah {sekolah.nama} yang dapat mengunggah dokumen sekolah.",
            code="bukan_kepala_sekolah",
        )
    periode = periode or periods.periode_current()
    periods.require_window(periode, periods.Kelompok.PELAKSANAAN)
    valid = berkas_check(berkas)
    lama = (
        DokumenSekolah.objects.select_for_update()
        .filter(sekolah=sekolah, periode=periode, jenis=jenis)
        .first()
    )
    if lama is not None:
        nama_lama, storage = lama.berkas.name, lama.berkas.storage
        lama.delete()
        transaction.on_commit(lambda: storage.delete(nama_lama))
    riwayat_record(
        periode_id=periode.pk,
        sekolah_id=sekolah.pk,
        mesin="dokumen_sekolah",
        transisi="unggah",
        dari="",
        ke="",
        oleh=actor.user,
        catatan=f"{JenisDokumenSekolah(jenis).label} diunggah: «{valid.nama}».",
        notify=False,
    )
    dok = DokumenSekolah(
        sekolah=sekolah,
        periode=periode,
        jenis=jenis,
        nama_asli=valid.nama,
        jenis_berkas=valid.jenis,
        ukuran=valid.ukuran,
        diunggah_oleh=actor.user,
        diunggah_pada=clock.now(),
    )
    _store(dok, "berkas", berkas)
    return dok


def jadwal_default(day) -> datetime:
    """08:00 WIB of ``day`` (a convenience for pages that ask only for a date)."""
    return timezone.make_aware(datetime.combine(day, time(8, 0)))
