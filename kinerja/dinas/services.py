"""Writes of the Dinas side: PIC access requests, their review, and referral codes (seed 004).

Every function is one transaction; the rows that two clicks could race on are locked first.
"""

import secrets
from datetime import date

from django.db import IntegrityError, transaction

from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.models import Instansi, User
from pmm.roles import Role
from pmm.services import role_grant

from . import akses
from .models import Jabatan, JalurPengajuan, KodeReferral, PengajuanAksesPic, StatusPengajuan

KODE_ALFABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud in a Bimtek


def _require_reviewer(actor) -> None:
    if actor is None or not actor.is_trainer:
        raise Forbidden(
            "Hanya Admin Pusat yang dapat meninjau akses PIC Dinas dan menerbitkan kode referral."
        )


def _instansi(instansi_id) -> Instansi:
    try:
        return Instansi.objects.select_related("provinsi", "kabupaten").get(pk=int(instansi_id))
    except (Instansi.DoesNotExist, TypeError, ValueError):
        raise ApplicationError(
            "Pilih Dinas Pendidikan (instansi) yang terdaftar.", code="instansi_tidak_dikenal"
        ) from None


def _grant_pic(user, instansi: Instansi):
    # A kabupaten/kota Dinas sees its kabupaten/kota; a provinsi Dinas the whole provinsi.
    if instansi.kabupaten_id:
        return role_grant(user=user, role=Role.PIC_DINAS, instansi=instansi, kabupaten=instansi.kabupaten)
    return role_grant(user=user, role=Role.PIC_DINAS, instansi=instansi, provinsi=instansi.provinsi)


def _refuse(kelayakan: akses.Kelayakan) -> None:
    if not kelayakan.boleh:
        raise ApplicationError(
            f"{kelayakan.pesan} {kelayakan.langkah}".strip(), code=kelayakan.kode, detail=kelayakan.as_dict()
        )


def _referral_for(kode: str, instansi: Instansi) -> KodeReferral:
    """The code row, locked; refused with the exact reason when it cannot be used."""
    kode = (kode or "").strip().upper()
    if not kode:
        raise ApplicationError(
            "Jabatan struktural (Kepala Dinas/Bidang, Kepala Seksi, Sekretaris Dinas) wajib memasukkan kode "
            "referral Dinas Anda. Kode referral diterbitkan Admin Pusat untuk setiap Dinas Pendidikan.",
            code="kode_referral_wajib",
        )
    referral = KodeReferral.objects.select_for_update().filter(kode=kode[:32]).first()
    if referral is None:
        raise ApplicationError(
            "Kode referral tidak dikenal. Periksa kembali kode yang diberikan untuk Dinas Anda.",
            code="kode_referral_tidak_dikenal",
        )
    if referral.dicabut_pada is not None:
        raise ApplicationError(
            "Kode referral ini sudah dicabut. Minta kode baru kepada Admin Pusat.",
            code="kode_referral_dicabut",
        )
    if referral.berlaku_sampai < clock.today():
        raise ApplicationError(
            f"Kode referral ini sudah kedaluwarsa (berlaku sampai {referral.berlaku_sampai:%d-%m-%Y}). "
            "Minta kode baru kepada Admin Pusat.",
            code="kode_referral_kedaluwarsa",
        )
    if referral.instansi_id != instansi.pk:
        raise ApplicationError(
            f"Kode referral ini diterbitkan untuk Dinas lain, bukan untuk {instansi.nama}. Gunakan kode "
            "referral Dinas Anda sendiri.",
            code="kode_referral_dinas_lain",
        )
    if referral.jumlah_dipakai >= referral.batas_pemakaian:
        raise ApplicationError(
            "Kode referral ini sudah mencapai batas pemakaian. Minta kode baru kepada Admin Pusat.",
            code="kode_referral_habis",
        )
    return referral


@transaction.atomic
def pengajuan_create(
    *, user, actor, instansi_id, jabatan: str, kode_referral: str = "", keterangan: str = ""
) -> PengajuanAksesPic:
    """A PIC asks for dashboard access. Structural positions with a valid referral code of their
    Dinas are granted at once; other positions wait for Admin Pusat."""
    # Serialise one user's requests so two quick clicks cannot both pass the checks.
    User.objects.select_for_update().filter(pk=user.pk).first()
    _refuse(akses.kelayakan_evaluate(user, actor=actor, pending=akses.pending_for(user)))
    if jabatan not in Jabatan.values:
        raise ApplicationError("Pilih jabatan Anda di Dinas Pendidikan.", code="jabatan_tidak_dikenal")
    _refuse(akses.kelayakan_jabatan(jabatan))
    instansi = _instansi(instansi_id)
    keterangan = (keterangan or "").strip()[:1000]
    now = clock.now()
    if akses.is_struktural(jabatan):
        referral = _referral_for(kode_referral, instansi)
        referral.jumlah_dipakai += 1
        referral.save(update_fields=["jumlah_dipakai"])
        pengajuan = PengajuanAksesPic.objects.create(
            user=user,
            instansi=instansi,
            jabatan=jabatan,
            jalur=JalurPengajuan.REFERRAL,
            status=StatusPengajuan.DISETUJUI,
            kode_referral=referral,
            perihal=akses.PERIHAL,
            keterangan=keterangan,
            diajukan_pada=now,
            ditinjau_pada=now,
        )
        _grant_pic(user, instansi)
        return pengajuan
    if (kode_referral or "").strip():
        raise ApplicationError(
            "Kode referral hanya untuk jabatan struktural (Kepala Dinas/Bidang, Kepala Seksi, Sekretaris "
            "Dinas). Operator Dinas mengajukan tanpa kode referral; pengajuan ditinjau Admin Pusat.",
            code="kode_referral_bukan_untuk_operator",
        )
    try:
        with transaction.atomic():
            return PengajuanAksesPic.objects.create(
                user=user,
                instansi=instansi,
                jabatan=jabatan,
                jalur=JalurPengajuan.TINJAUAN,
                status=StatusPengajuan.DIAJUKAN,
                perihal=akses.PERIHAL,
                keterangan=keterangan,
                diajukan_pada=now,
            )
    except IntegrityError:
        raise ApplicationError(
            "Anda masih memiliki pengajuan yang menunggu tinjauan.", code="menunggu_tinjauan"
        ) from None


def _pending_locked(pengajuan_id) -> PengajuanAksesPic:
    try:
        pengajuan = (
            PengajuanAksesPic.objects.select_for_update(of=("self",))
            .select_related("user", "instansi", "instansi__kabupaten", "instansi__provinsi")
            .get(pk=int(pengajuan_id))
        )
    except (PengajuanAksesPic.DoesNotExist, TypeError, ValueError):
        raise NotFound("Pengajuan tidak ditemukan.") from None
    if pengajuan.status != StatusPengajuan.DIAJUKAN:
        raise ApplicationError(
            f"Pengajuan ini sudah ditinjau ({pengajuan.get_status_display()}).", code="sudah_ditinjau"
        )
    return pengajuan


@transaction.atomic
def pengajuan_approve(*, pengajuan_id, reviewer, actor) -> PengajuanAksesPic:
    _require_reviewer(actor)
    pengajuan = _pending_locked(pengajuan_id)
    user = pengajuan.user
    # The account may have changed since it asked (deactivated, password reset by the helpdesk).
    if not akses.is_dinas_email(user.email) or not akses.is_activated(user):
        raise ApplicationError(
            "Akun pemohon tidak lagi memenuhi syarat (bukan akun Dinas yang aktif dan sudah diaktivasi). "
            "Tolak pengajuan ini dengan alasannya.",
            code="pemohon_tidak_memenuhi_syarat",
        )
    pengajuan.status = StatusPengajuan.DISETUJUI
    pengajuan.ditinjau_oleh = reviewer
    pengajuan.ditinjau_pada = clock.now()
    pengajuan.save(update_fields=["status", "ditinjau_oleh", "ditinjau_pada"])
    _grant_pic(user, pengajuan.instansi)
    return pengajuan


@transaction.atomic
def pengajuan_reject(*, pengajuan_id, reviewer, actor, alasan: str) -> PengajuanAksesPic:
    _require_reviewer(actor)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ApplicationError("Tuliskan alasan penolakan: pemohon akan membacanya.", code="alasan_wajib")
    if "\x00" in alasan:  # PostgreSQL stores no NUL character
        raise ApplicationError(
            "Alasan penolakan berisi karakter yang tidak diizinkan.", code="alasan_tidak_valid"
        )
    pengajuan = _pending_locked(pengajuan_id)
    pengajuan.status = StatusPengajuan.DITOLAK
    pengajuan.alasan_penolakan = alasan[:1000]
    pengajuan.ditinjau_oleh = reviewer
    pengajuan.ditinjau_pada = clock.now()
    pengajuan.save(update_fields=["status", "alasan_penolakan", "ditinjau_oleh", "ditinjau_pada"])
    return pengajuan


@transaction.atomic
def kode_referral_create(
    *, instansi_id, berlaku_sampai: date, batas_pemakaian: int = 10, actor, user=None
) -> KodeReferral:
    _require_reviewer(actor)
    instansi = _instansi(instansi_id)
    if not isinstance(berlaku_sampai, date) or berlaku_sampai < clock.today():
        raise ApplicationError("Tanggal berlaku harus hari ini atau sesudahnya.", code="tanggal_tidak_valid")
    try:
        batas = int(batas_pemakaian)
    except (TypeError, ValueError):
        batas = 0
    if not 1 <= batas <= 1000:
        raise ApplicationError("Batas pemakaian harus 1 sampai 1000.", code="batas_tidak_valid")
    for _ in range(5):
        kode = "".join(secrets.choice(KODE_ALFABET) for _ in range(10))
        if not KodeReferral.objects.filter(kode=kode).exists():
            break
    return KodeReferral.objects.create(
        kode=kode,
        instansi=instansi,
        berlaku_sampai=berlaku_sampai,
        batas_pemakaian=batas,
        dibuat_oleh=user,
        dibuat_pada=clock.now(),
    )


@transaction.atomic
def kode_referral_revoke(*, kode_id, actor) -> KodeReferral:
    _require_reviewer(actor)
    try:
        referral = KodeReferral.objects.select_for_update().get(pk=int(kode_id))
    except (KodeReferral.DoesNotExist, TypeError, ValueError):
        raise NotFound("Kode referral tidak ditemukan.") from None
    if referral.dicabut_pada is None:
        referral.dicabut_pada = clock.now()
        referral.save(update_fields=["dicabut_pada"])
    return referral
