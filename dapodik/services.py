"""Every write to Dapodik data: one transaction each, refusing bad input with an Indonesian
``ApplicationError`` and changing nothing.

Decisions where the brief leaves a choice (brief H1):

- belajar.id e-mail: any address whose domain ends in ``.belajar.id`` with at least one label before
  it (``guru.sd.belajar.id``, ``admin.smp.belajar.id``, ...). REFERENCE.md §5 gives
  ``…@guru.<jenjang>.belajar.id`` for teachers but marks it unconfirmed, and a PTK who is tenaga
  administrasi may hold an ``admin.`` address, so the check stops at the belajar.id domain. The
  e-mail is optional (a new PTK may not have an account yet); when a User with the same e-mail exists
  the PTK is linked to it, which is what gives the Guru/Kepala Sekolah roles.
- NIP: required for the statuses that carry one (PNS, CPNS, PNS Diperbantukan, PNS DEPAG: NIP PNS;
  PPPK: NI PPPK) and refused for the others. Once a PTK has a NIP, changing it goes through Verval
  PTK (``verval_nip_submit``, checked against Dukcapil) as in the real Dapodik (seed 003 #1, #10);
  ``ptk_update`` may only set a NIP that was empty, or replace/clear it together with a change of
  status kepegawaian to another kind of identifier (e.g. PPPK → PNS, PNS → honorer).
- Transfer (mutasi): started by the operator of the ORIGIN school (or a trainer): the origin school
  holds the PTK in Dapodik and releases it. The effective date is ≥ the current TMT tugas and at most
  one year after the simulated today; the PTK moves at once (the simulator keeps no pending
  transfers). An open principal assignment at the origin school ends the day before.
- Principal assignment: the operator of that school or a trainer. A school has at most one open
  definitif and one open Plt (also enforced by a DB constraint); a Plt is only assigned to a school
  without a definitif principal on that date; assigning a definitif ends the school's Plt the day
  before. A definitif principal is a PTK of the school; a Plt may come from another school of the
  same instansi (one Plt may cover several schools). At a negeri school the principal must be ASN
  (PNS/PPPK), per Permendikbudristek 40/2021 (kepala sekolah on schools run by a Pemda are ASN), and
  in every case a teacher (not tenaga administrasi, laboran, pustakawan, lainnya, guru magang).
  A definitif principal's jenis PTK becomes Kepala Sekolah; ending the assignment leaves the jenis
  PTK to the operator (Dapodik does not know what it was before).
- Verval PTK: only the operator of the PTK's school or a trainer; a format error or a NIP already
  used is refused without a row; a Dukcapil mismatch is recorded as ``ditolak``.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q

from pmm import clock
from pmm.errors import ApplicationError, NotFound
from pmm.models import User

from . import permissions
from .choices import (
    STATUS_NIP_PNS,
    JenisKelamin,
    JenisPenugasan,
    JenisPTK,
    StatusKepegawaian,
    StatusSekolah,
    StatusVerval,
)
from .models import PTK, DukcapilPenduduk, Mutasi, PenugasanKepalaSekolah, Sekolah, VervalPtk
from .validators import nik_errors, nip_errors_for_status, nuptk_errors

PTK_FIELDS = (
    "nama",
    "nik",
    "nuptk",
    "nip",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_ptk",
    "status_kepegawaian",
    "email",
    "tmt_tugas",
)
MIN_AGE_YEARS = 17
MAX_DAYS_AHEAD = 365
ALASAN_DUKCAPIL = "data tidak sesuai dengan Dukcapil"
# Permendikbudristek 40/2021: a principal of a school run by a Pemda is an ASN.
STATUS_KEPALA_NEGERI = frozenset(
    {StatusKepegawaian.PNS, StatusKepegawaian.PNS_DIPERBANTUKAN, StatusKepegawaian.PPPK}
)
JENIS_BUKAN_GURU = frozenset(
    {
        JenisPTK.TENAGA_ADMINISTRASI,
        JenisPTK.LABORAN,
        JenisPTK.PUSTAKAWAN,
        JenisPTK.LAINNYA,
        JenisPTK.GURU_MAGANG,
    }
)


# ---------------------------------------------------------------------------------------------------
# Normalising and checking the fields of a PTK


def _identifier(value) -> str | None:
    """Identifiers are typed or pasted with spaces (a NIP is printed ``19860926 201505 1 001``)."""
    if value is None:
        return None
    text = "".join(str(value).split())
    return text or None


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _email(value) -> str | None:
    text = str(value or "").strip().lower()
    return text or None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def email_belajar_id_errors(email: str | None) -> list[str]:
    if not email:
        return []
    if len(email) > 254:
        return ["E-mail paling panjang 254 karakter."]
    try:
        validate_email(email)
    except DjangoValidationError:
        return ["Format e-mail tidak valid."]
    domain = email.rsplit("@", 1)[1]
    if not domain.endswith(".belajar.id") or domain.startswith("."):
        return ["E-mail harus akun belajar.id (contoh: nama@guru.sd.belajar.id)."]
    return []


def _nip_kind(status: str) -> str | None:
    if status in STATUS_NIP_PNS:
        return "pns"
    if status == StatusKepegawaian.PPPK:
        return "pppk"
    return None


def _clean_ptk_data(raw: dict) -> dict:
    data = dict(raw)
    data["nama"] = _text(data.get("nama"))
    for key in ("nik", "nuptk", "nip"):
        data[key] = _identifier(data.get(key))
    data["email"] = _email(data.get("email"))
    for key in ("jenis_kelamin", "jenis_ptk", "status_kepegawaian"):
        data[key] = str(data.get(key) or "").strip()
    return data


def _ptk_field_errors(data: dict, *, instance: PTK | None) -> dict[str, list[str]]:
    """Every problem of the PTK data, per field (all of them, so a form shows them at once)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    today = clock.today()
    if not data["nama"]:
        add("nama", "Nama wajib diisi.")
    elif len(data["nama"]) > 150:
        add("nama", "Nama paling panjang 150 karakter.")

    lahir = data.get("tanggal_lahir")
    if not isinstance(lahir, date):
        add("tanggal_lahir", "Tanggal lahir wajib diisi dengan tanggal yang valid.")
        lahir = None
    elif lahir.year < 1900 or lahir > _add_years(today, -MIN_AGE_YEARS):
        add("tanggal_lahir", f"Tanggal lahir tidak wajar: PTK minimal berusia {MIN_AGE_YEARS} tahun.")
        lahir = None

    jk = data["jenis_kelamin"]
    if jk not in JenisKelamin.values:
        add("jenis_kelamin", "Jenis kelamin harus L (laki-laki) atau P (perempuan).")
        jk = None
    if data["jenis_ptk"] not in JenisPTK.values:
        add("jenis_ptk", "Jenis PTK tidak dikenal.")
    status = data["status_kepegawaian"]
    if status not in StatusKepegawaian.values:
        add("status_kepegawaian", "Status kepegawaian tidak dikenal.")
        status = None

    for message in nik_errors(data["nik"], lahir, jk):
        add("nik", message)
    if data["nuptk"]:
        for message in nuptk_errors(data["nuptk"]):
            add("nuptk", message)
    if status is not None:
        for message in nip_errors_for_status(data["nip"], status, lahir, jk):
            add("nip", message)
    for message in email_belajar_id_errors(data["email"]):
        add("email", message)

    tmt = data.get("tmt_tugas")
    if not isinstance(tmt, date):
        add("tmt_tugas", "TMT tugas wajib diisi dengan tanggal yang valid.")
    elif tmt > today + timedelta(days=MAX_DAYS_AHEAD):
        add("tmt_tugas", "TMT tugas paling lambat satu tahun dari hari ini.")
    elif lahir is not None and tmt < _add_years(lahir, MIN_AGE_YEARS):
        add("tmt_tugas", f"TMT tugas harus setelah PTK berusia {MIN_AGE_YEARS} tahun.")

    _uniqueness_errors(data, instance=instance, errors=errors)
    return errors


def _uniqueness_errors(data: dict, *, instance: PTK | None, errors: dict[str, list[str]]) -> None:
    labels = {"nik": "NIK", "nuptk": "NUPTK", "nip": "NIP", "email": "E-mail"}
    q = Q()
    for field in labels:
        if data.get(field):
            q |= Q(**{field: data[field]})
    if not q:
        return
    others = PTK.objects.filter(q)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    # The other PTK may be of another school: say only that the value is taken, never whose it is.
    for row in others.values("nik", "nuptk", "nip", "email")[:8]:
        for field, label in labels.items():
            if data.get(field) and row[field] == data[field]:
                message = f"{label} ini sudah terdaftar untuk PTK lain di Dapodik."
                if message not in errors.get(field, []):
                    errors.setdefault(field, []).append(message)


def _raise_field_errors(errors: dict[str, list[str]], code: str = "ptk_invalid"):
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code=code, detail=errors)


def _user_for_email(email: str | None, *, instance: PTK | None) -> tuple[User | None, list[str]]:
    if not email:
        return None, []
    user = User.objects.filter(email=email).first()
    if user is None:
        return None, []
    taken = PTK.objects.filter(user=user)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        return None, ["Akun belajar.id dengan e-mail ini sudah tertaut ke PTK lain."]
    return user, []


def _save(obj, message: str):
    """Save in a savepoint: a unique constraint lost to a concurrent write becomes a message."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ApplicationError(message, code="conflict") from exc


# ---------------------------------------------------------------------------------------------------
# PTK


@transaction.atomic
def ptk_create(*, actor, sekolah: Sekolah, **fields) -> PTK:
    """Record a PTK in ``sekolah`` (Operator Sekolah of that school or a trainer)."""
    permissions.require_write_sekolah(actor, sekolah)
    unknown = set(fields) - set(PTK_FIELDS)
    if unknown:
        raise ApplicationError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.", code="invalid")
    data = _clean_ptk_data({f: fields.get(f) for f in PTK_FIELDS})
    errors = _ptk_field_errors(data, instance=None)
    user, email_errors = _user_for_email(data["email"], instance=None)
    if email_errors:
        errors.setdefault("email", []).extend(email_errors)
    _raise_field_errors(errors)
    ptk = PTK(sekolah=sekolah, user=user, **data)
    _save(ptk, "NIK, NUPTK, NIP atau e-mail ini baru saja didaftarkan untuk PTK lain.")
    return ptk


@transaction.atomic
def ptk_update(*, actor, ptk: PTK, **changes) -> PTK:
    """Change the data of a PTK (not its school: that is ``ptk_transfer``)."""
    permissions.require_write_sekolah(actor, ptk.sekolah)
    unknown = set(changes) - set(PTK_FIELDS)
    if unknown:
        raise ApplicationError(f"Kolom tidak dapat diubah: {', '.join(sorted(unknown))}.", code="invalid")
    locked = PTK.objects.select_for_update().get(pk=ptk.pk)
    current = {f: getattr(locked, f) for f in PTK_FIELDS}
    data = _clean_ptk_data({**current, **changes})
    errors = _ptk_field_errors(data, instance=locked)

    if locked.nip and data["nip"] != locked.nip and not errors.get("status_kepegawaian"):
        if _nip_kind(data["status_kepegawaian"]) == _nip_kind(locked.status_kepegawaian):
            errors.setdefault("nip", []).insert(
                0, "Perubahan NIP yang sudah tercatat dilakukan melalui Verval PTK (dicek ke Dukcapil)."
            )
    if data["jenis_ptk"] != JenisPTK.KEPALA_SEKOLAH and _open_definitif(locked).exists():
        errors.setdefault("jenis_ptk", []).append(
            "PTK ini kepala sekolah definitif: akhiri penugasannya sebelum mengubah jenis PTK."
        )

    user = locked.user
    if data["email"] != locked.email or user is None:
        user, email_errors = _user_for_email(data["email"], instance=locked)
        if email_errors:
            errors.setdefault("email", []).extend(email_errors)
    _raise_field_errors(errors)

    for field, value in data.items():
        setattr(locked, field, value)
    locked.user = user
    _save(locked, "NIK, NUPTK, NIP atau e-mail ini baru saja didaftarkan untuk PTK lain.")
    return locked


def _open_definitif(ptk: PTK, day: date | None = None):
    qs = PenugasanKepalaSekolah.objects.filter(ptk=ptk, jenis=JenisPenugasan.DEFINITIF)
    if day is None:
        return qs.filter(tanggal_selesai__isnull=True)
    return qs.filter(Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=day))


def _require_date(value, label: str) -> date:
    if not isinstance(value, date):
        raise ApplicationError(f"{label} wajib diisi dengan tanggal yang valid.", code="invalid")
    return value


@transaction.atomic
def ptk_transfer(*, actor, ptk: PTK, sekolah_tujuan: Sekolah | None, tanggal_efektif) -> Mutasi:
    """Mutasi: move a PTK to another school from ``tanggal_efektif``."""
    permissions.require_write_sekolah(
        actor, ptk.sekolah, "Mutasi PTK dicatat oleh Operator Sekolah asal (atau pelatih)."
    )
    if sekolah_tujuan is None:
        raise ApplicationError("Sekolah tujuan tidak ditemukan.", code="sekolah_tujuan_not_found")
    tanggal_efektif = _require_date(tanggal_efektif, "Tanggal efektif")
    locked = PTK.objects.select_for_update().get(pk=ptk.pk)
    if locked.sekolah_id != ptk.sekolah_id:
        raise ApplicationError("Data PTK baru saja berubah. Muat ulang halaman.", code="stale")
    if sekolah_tujuan.pk == locked.sekolah_id:
        raise ApplicationError("Sekolah tujuan sama dengan sekolah asal.", code="same_school")
    if tanggal_efektif < locked.tmt_tugas:
        raise ApplicationError(
            f"Tanggal efektif tidak boleh sebelum TMT tugas saat ini ({locked.tmt_tugas:%d-%m-%Y}).",
            code="tanggal_efektif_invalid",
        )
    if tanggal_efektif > clock.today() + timedelta(days=MAX_DAYS_AHEAD):
        raise ApplicationError(
            "Tanggal efektif paling lambat satu tahun dari hari ini.", code="tanggal_efektif_invalid"
        )

    # A principal leaves the origin school's leadership the day before the transfer.
    last_day = tanggal_efektif - timedelta(days=1)
    for penugasan in PenugasanKepalaSekolah.objects.select_for_update().filter(
        Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gt=last_day),
        ptk=locked,
        sekolah_id=locked.sekolah_id,
    ):
        if penugasan.tanggal_mulai > last_day:
            raise ApplicationError(
                f"Penugasan sebagai {penugasan.get_jenis_display()} di sekolah asal baru mulai "
                f"{penugasan.tanggal_mulai:%d-%m-%Y}; tanggal efektif mutasi harus setelahnya.",
                code="tanggal_efektif_invalid",
            )
        penugasan.tanggal_selesai = last_day
        penugasan.save(update_fields=["tanggal_selesai"])

    mutasi = Mutasi.objects.create(
        ptk=locked,
        sekolah_asal_id=locked.sekolah_id,
        sekolah_tujuan=sekolah_tujuan,
        tanggal_efektif=tanggal_efektif,
        dicatat_oleh=actor.user,
    )
    locked.sekolah = sekolah_tujuan
    locked.tmt_tugas = tanggal_efektif
    locked.save(update_fields=["sekolah", "tmt_tugas", "updated_at"])
    ptk.sekolah, ptk.tmt_tugas = locked.sekolah, locked.tmt_tugas
    return mutasi


# ---------------------------------------------------------------------------------------------------
# Principal assignments


def _kepala_eligibility(*, sekolah: Sekolah, ptk: PTK, jenis: str) -> None:
    if ptk.jenis_ptk in JENIS_BUKAN_GURU:
        raise ApplicationError(
            f"{ptk.nama} berjenis PTK {ptk.get_jenis_ptk_display()}; kepala sekolah harus seorang guru.",
            code="kepala_not_guru",
        )
    if sekolah.status == StatusSekolah.NEGERI and ptk.status_kepegawaian not in STATUS_KEPALA_NEGERI:
        raise ApplicationError(
            f"Kepala sekolah negeri harus ASN (PNS/PPPK); status {ptk.nama} adalah "
            f"{ptk.get_status_kepegawaian_display()}.",
            code="kepala_not_asn",
        )
    if jenis == JenisPenugasan.DEFINITIF:
        if ptk.sekolah_id != sekolah.pk:
            raise ApplicationError(
                "Kepala sekolah definitif harus PTK sekolah ini. Catat mutasinya terlebih dahulu.",
                code="kepala_other_school",
            )
    elif ptk.sekolah_id != sekolah.pk:
        same_instansi = sekolah.instansi_id is not None and ptk.sekolah.instansi_id == sekolah.instansi_id
        if not same_instansi:
            raise ApplicationError(
                "Plt. Kepala Sekolah dari sekolah lain harus PTK sekolah negeri dengan Pemda (instansi) yang sama.",
                code="kepala_other_instansi",
            )


@transaction.atomic
def kepala_assign(
    *, actor, sekolah: Sekolah, ptk: PTK | None, jenis: str, tanggal_mulai, nomor_sk: str = ""
) -> PenugasanKepalaSekolah:
    """Assign a definitif or Plt principal to ``sekolah`` from ``tanggal_mulai`` (open-ended)."""
    permissions.require_write_sekolah(actor, sekolah)
    if ptk is None:
        raise NotFound("PTK tidak ditemukan.")
    if jenis not in JenisPenugasan.values:
        raise ApplicationError("Jenis penugasan harus definitif atau Plt.", code="invalid")
    tanggal_mulai = _require_date(tanggal_mulai, "Tanggal mulai")
    if tanggal_mulai > clock.today() + timedelta(days=MAX_DAYS_AHEAD):
        raise ApplicationError("Tanggal mulai paling lambat satu tahun dari hari ini.", code="invalid")
    nomor_sk = _text(nomor_sk)
    if len(nomor_sk) > 100:
        raise ApplicationError("Nomor SK paling panjang 100 karakter.", code="invalid")

    # The school row serialises assignments to it; the PTK row its assignments elsewhere.
    sekolah = Sekolah.objects.select_for_update().get(pk=sekolah.pk)
    ptk = PTK.objects.select_for_update(of=("self",)).select_related("sekolah").get(pk=ptk.pk)
    _kepala_eligibility(sekolah=sekolah, ptk=ptk, jenis=jenis)
    if tanggal_mulai < _add_years(ptk.tanggal_lahir, MIN_AGE_YEARS):
        raise ApplicationError(
            f"Tanggal mulai tidak wajar: {ptk.nama} belum berusia {MIN_AGE_YEARS} tahun.", code="invalid"
        )

    covering = Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=tanggal_mulai)
    at_school = list(
        PenugasanKepalaSekolah.objects.select_for_update(of=("self",))
        .select_related("ptk")
        .filter(covering, sekolah=sekolah)
    )
    same_kind = [p for p in at_school if p.jenis == jenis]
    if same_kind:
        other = same_kind[0]
        raise ApplicationError(
            f"Sekolah ini sudah memiliki {other.get_jenis_display()} ({other.ptk.nama}) pada tanggal "
            "tersebut. Akhiri penugasannya terlebih dahulu.",
            code="kepala_exists",
        )
    if jenis == JenisPenugasan.PLT:
        if any(p.jenis == JenisPenugasan.DEFINITIF for p in at_school):
            raise ApplicationError(
                "Sekolah ini memiliki kepala sekolah definitif pada tanggal tersebut; Plt hanya "
                "ditugaskan bila tidak ada kepala sekolah definitif.",
                code="kepala_definitif_exists",
            )
    else:
        if _open_definitif(ptk, tanggal_mulai).exclude(sekolah=sekolah).exists():
            raise ApplicationError(
                f"{ptk.nama} masih kepala sekolah definitif di sekolah lain.", code="kepala_elsewhere"
            )
        # The definitif principal replaces the Plt, who serves until the day before.
        last_day = tanggal_mulai - timedelta(days=1)
        for plt in (p for p in at_school if p.jenis == JenisPenugasan.PLT):
            if plt.tanggal_mulai > last_day:
                raise ApplicationError(
                    f"Plt. Kepala Sekolah ({plt.ptk.nama}) mulai {plt.tanggal_mulai:%d-%m-%Y}; tanggal "
                    "mulai kepala definitif harus setelahnya.",
                    code="kepala_plt_later",
                )
            plt.tanggal_selesai = last_day
            plt.save(update_fields=["tanggal_selesai"])
        if ptk.jenis_ptk != JenisPTK.KEPALA_SEKOLAH:
            ptk.jenis_ptk = JenisPTK.KEPALA_SEKOLAH
            ptk.save(update_fields=["jenis_ptk", "updated_at"])

    penugasan = PenugasanKepalaSekolah(
        sekolah=sekolah, ptk=ptk, jenis=jenis, tanggal_mulai=tanggal_mulai, nomor_sk=nomor_sk
    )
    _save(penugasan, "Sekolah ini baru saja mendapat kepala sekolah lain. Muat ulang halaman.")
    return penugasan


@transaction.atomic
def kepala_end(*, actor, penugasan: PenugasanKepalaSekolah, tanggal_selesai) -> PenugasanKepalaSekolah:
    permissions.require_write_sekolah(actor, penugasan.sekolah)
    tanggal_selesai = _require_date(tanggal_selesai, "Tanggal selesai")
    locked = PenugasanKepalaSekolah.objects.select_for_update().get(pk=penugasan.pk)
    if locked.tanggal_selesai is not None:
        raise ApplicationError(
            f"Penugasan ini sudah berakhir pada {locked.tanggal_selesai:%d-%m-%Y}.", code="kepala_ended"
        )
    if tanggal_selesai < locked.tanggal_mulai:
        raise ApplicationError(
            f"Tanggal selesai tidak boleh sebelum tanggal mulai ({locked.tanggal_mulai:%d-%m-%Y}).",
            code="invalid",
        )
    if tanggal_selesai > clock.today() + timedelta(days=MAX_DAYS_AHEAD):
        raise ApplicationError("Tanggal selesai paling lambat satu tahun dari hari ini.", code="invalid")
    locked.tanggal_selesai = tanggal_selesai
    locked.save(update_fields=["tanggal_selesai"])
    penugasan.tanggal_selesai = tanggal_selesai
    return locked


# ---------------------------------------------------------------------------------------------------
# Verval PTK


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@transaction.atomic
def verval_nip_submit(*, ptk: PTK, nip_baru, actor) -> VervalPtk:
    """Verval PTK: ask to change a PTK's NIP; decided at once against the Dukcapil registry.

    Returns the request, ``disetujui`` (the NIP is changed) or ``ditolak`` with the reason
    "data tidak sesuai dengan Dukcapil" (the PTK is unchanged; seed 002/003).
    """
    permissions.require_write_sekolah(
        actor, ptk.sekolah, "Verval PTK diajukan oleh Operator Sekolah dari sekolah PTK ini (atau pelatih)."
    )
    locked = PTK.objects.select_for_update().get(pk=ptk.pk)
    nip_baru = _identifier(nip_baru)
    errors = nip_errors_for_status(
        nip_baru, locked.status_kepegawaian, locked.tanggal_lahir, locked.jenis_kelamin
    )
    if errors:
        raise ApplicationError(errors[0], code="nip_invalid", detail={"nip_baru": errors})
    if nip_baru == locked.nip:
        message = "NIP baru sama dengan NIP yang tercatat."
        raise ApplicationError(message, code="nip_unchanged", detail={"nip_baru": [message]})
    if PTK.objects.filter(nip=nip_baru).exclude(pk=locked.pk).exists():
        message = "NIP ini sudah terdaftar untuk PTK lain di Dapodik."
        raise ApplicationError(message, code="nip_taken", detail={"nip_baru": [message]})

    penduduk = DukcapilPenduduk.objects.filter(nik=locked.nik).first()
    cocok = (
        penduduk is not None
        and _same_name(penduduk.nama, locked.nama)
        and penduduk.tanggal_lahir == locked.tanggal_lahir
    )
    verval = VervalPtk.objects.create(
        ptk=locked,
        nip_lama=locked.nip or "",
        nip_baru=nip_baru,
        status=StatusVerval.DISETUJUI if cocok else StatusVerval.DITOLAK,
        alasan="" if cocok else ALASAN_DUKCAPIL,
        diajukan_oleh=actor.user,
        diajukan_pada=clock.now(),
    )
    if cocok:
        locked.nip = nip_baru
        _save(locked, "NIP ini baru saja didaftarkan untuk PTK lain.")
        ptk.nip = nip_baru
    return verval
