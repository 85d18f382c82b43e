"""Periods, their stage windows and the date rules of the cycle. Every rule reads ``pmm.clock``.

Two periods a year, 1 Jan–30 Jun and 1 Jul–31 Dec (Perdirjen GTK 7607/2023 via SE 0559/2024).
Default windows (seed 001; the Jul–Dec period mirrors them, REFERENCE.md §4):

| window              | Jan–Jun        | Jul–Dec        |
|---------------------|----------------|----------------|
| Perencanaan         | 1–31 Jan       | 1–31 Jul       |
| Persiapan observasi | Feb            | Aug            |
| Observasi + TL      | Mar            | Sep            |
| Pelaksanaan TL      | Apr–May        | Oct–Nov        |
| Refleksi            | Jun            | Dec            |
| Penilaian, predikat | Jun            | Dec            |
| Batas akhir         | 30 Jun         | 31 Dec         |

Every window is editable per period in the admin (the real dates are announced per period, e.g. the
Jan 2024 planning was extended to 31 Mar). What the services enforce:

* Perencanaan (create, edit, submit, approve, return, agree): from ``perencanaan_mulai`` until
  ``batas_akhir``. "Work may be reported until the end of the period" (REFERENCE.md §4), so the end
  of a stage window is a recommendation shown on the timeline ("terlambat"), not a lock.
* Pelaksanaan (diskusi persiapan, observasi, tindak lanjut, refleksi, evidence, school documents):
  from ``persiapan_mulai`` until ``batas_akhir``.
* Penilaian (rating, Kirim ke Dinas Pendidikan, Predikat Kinerja Organisasi, penetapan): only
  inside ``penilaian_mulai``–``penilaian_selesai``: with the defaults the Jul–Dec rating happens
  only in December (seed 003 slide 30). ``penilaian_selesai`` may be moved past the period's end to
  let late schools finish (seed 003 slide 29: Jan–Jun ratings were still being completed in July).

Which period a Penilaian page or action works on when none is named (the principal's rating list,
Kirim ke Dinas, Predikat Kinerja Organisasi, penetapan, the Kepala Dinas' school list) is
``periode_penilaian``: the period whose Penilaian window contains the day, not the calendar's
semester. With the Jan–Jun window extended to 31 July, on 5 July the schools still rate, send and fix
Jan–Jun while the Jul–Dec planning runs (those lists keep ``periode_current``). Ratings of one plan
always use the plan's own period.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Q

from pmm import clock
from pmm.errors import ApplicationError, NotFound

from .models import Periode, Semester

_BULAN = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal_id(day: date) -> str:
    """1 Februari 2025."""
    return f"{day.day} {_BULAN[day.month]} {day.year}"


def _akhir_bulan(tahun: int, bulan: int) -> date:
    return date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def default_windows(tahun: int, semester: int) -> dict[str, date]:
    """The seed-001 defaults of a period (see the module docstring)."""
    m = 1 if semester == Semester.JAN_JUN else 7  # first month of the semester
    return {
        "tanggal_mulai": date(tahun, m, 1),
        "tanggal_selesai": _akhir_bulan(tahun, m + 5),
        "perencanaan_mulai": date(tahun, m, 1),
        "perencanaan_selesai": _akhir_bulan(tahun, m),
        "persiapan_mulai": date(tahun, m + 1, 1),
        "persiapan_selesai": _akhir_bulan(tahun, m + 1),
        "observasi_mulai": date(tahun, m + 2, 1),
        "observasi_selesai": _akhir_bulan(tahun, m + 2),
        "tindak_lanjut_mulai": date(tahun, m + 3, 1),
        "tindak_lanjut_selesai": _akhir_bulan(tahun, m + 4),
        "refleksi_mulai": date(tahun, m + 5, 1),
        "refleksi_selesai": _akhir_bulan(tahun, m + 5),
        "penilaian_mulai": date(tahun, m + 5, 1),
        "penilaian_selesai": _akhir_bulan(tahun, m + 5),
        "batas_akhir": _akhir_bulan(tahun, m + 5),
    }


def semester_of(day: date) -> tuple[int, int]:
    return day.year, Semester.JAN_JUN if day.month <= 6 else Semester.JUL_DES


def periode_for_date(day: date, *, create: bool = True) -> Periode:
    """The period containing ``day``. With ``create=False`` (read paths) a missing period is returned
    unsaved with the default windows instead of being written."""
    tahun, semester = semester_of(day)
    if create:
        periode, _ = Periode.objects.get_or_create(
            tahun=tahun, semester=semester, defaults=default_windows(tahun, semester)
        )
        return periode
    periode = Periode.objects.filter(tahun=tahun, semester=semester).first()
    return periode or Periode(tahun=tahun, semester=semester, **default_windows(tahun, semester))


def periode_current(*, create: bool = True) -> Periode:
    return periode_for_date(clock.today(), create=create)


def periode_by_kode(kode: str) -> Periode:
    """The existing period of a ``Periode.kode`` ("2025-1"), for a page asked about another period;
    a malformed or unknown code is refused (NotFound) rather than created."""
    cocok = re.fullmatch(r"([0-9]{4})-([0-9])", str(kode or "").strip())
    periode = None
    if cocok is not None and int(cocok[2]) in Semester.values:
        periode = Periode.objects.filter(tahun=int(cocok[1]), semester=int(cocok[2])).first()
    if periode is None:
        raise NotFound("Periode tidak ditemukan.", code="periode_tidak_ditemukan")
    return periode


def periode_penilaian(day: date | None = None, *, create: bool = False) -> Periode:
    """The period being rated on ``day``: the one whose Penilaian window contains the day.

    When two windows contain it (the Jan–Jun window extended into the Jul–Dec one), the earlier
    period wins: late schools finish the old rating, and the new one is reached once the extension
    ends. When no window contains the day, the day's own period (``periode_current``), whose window
    is then not yet open or already closed; ``penilaian_require`` explains which.

    One query: the periods whose window contains the day and the day's own period, read together
    (the day's own period unsaved with the default windows when it does not exist, unless
    ``create``)."""
    day = day or clock.today()
    tahun, semester = semester_of(day)
    kandidat = list(
        Periode.objects.filter(
            Q(penilaian_mulai__lte=day, penilaian_selesai__gte=day) | Q(tahun=tahun, semester=semester)
        )
    )
    sendiri = next((p for p in kandidat if (p.tahun, p.semester) == (tahun, semester)), None)
    if sendiri is None:
        sendiri = Periode(tahun=tahun, semester=semester, **default_windows(tahun, semester))
        kandidat.append(sendiri)
    dalam = sorted(
        (p for p in kandidat if p.penilaian_mulai <= day <= p.penilaian_selesai),
        key=lambda p: (p.tahun, p.semester),
    )
    hasil = dalam[0] if dalam else sendiri
    if hasil.pk is None and create:
        hasil = periode_for_date(day, create=True)
    return hasil


class Tahap(models.TextChoices):
    BELUM_DIMULAI = "belum_dimulai", "Belum dimulai"
    PERENCANAAN = "perencanaan", "Perencanaan Kinerja"
    PERSIAPAN = "persiapan", "Persiapan Observasi"
    OBSERVASI = "observasi", "Observasi Kelas & Diskusi Tindak Lanjut"
    TINDAK_LANJUT = "tindak_lanjut", "Pelaksanaan Tindak Lanjut"
    REFLEKSI = "refleksi", "Refleksi Tindak Lanjut"
    PENILAIAN = "penilaian", "Penilaian & Penetapan Predikat"
    SELESAI = "selesai", "Periode berakhir"


_JENDELA = [
    (Tahap.PERENCANAAN, "perencanaan"),
    (Tahap.PERSIAPAN, "persiapan"),
    (Tahap.OBSERVASI, "observasi"),
    (Tahap.TINDAK_LANJUT, "tindak_lanjut"),
    (Tahap.REFLEKSI, "refleksi"),
    (Tahap.PENILAIAN, "penilaian"),
]


@dataclass(frozen=True)
class Jendela:
    tahap: str
    label: str
    mulai: date
    selesai: date
    keadaan: str  # "lewat", "berjalan", "akan_datang"

    @property
    def rentang(self) -> str:
        return f"{tanggal_id(self.mulai)} – {tanggal_id(self.selesai)}"


def timeline(periode: Periode, day: date | None = None) -> list[Jendela]:
    """The period's windows in order with their state on ``day`` (the home page timeline)."""
    day = day or clock.today()
    hasil = []
    for tahap, prefix in _JENDELA:
        mulai, selesai = getattr(periode, f"{prefix}_mulai"), getattr(periode, f"{prefix}_selesai")
        keadaan = "lewat" if day > selesai else "berjalan" if day >= mulai else "akan_datang"
        hasil.append(Jendela(tahap, Tahap(tahap).label, mulai, selesai, keadaan))
    return hasil


def tahap_on(periode: Periode, day: date | None = None) -> str:
    """The current stage: the latest-starting window containing ``day`` (June is both refleksi and
    penilaian → penilaian); between windows, the last one started."""
    day = day or clock.today()
    if day < periode.perencanaan_mulai:
        return Tahap.BELUM_DIMULAI
    akhir = max(periode.batas_akhir, periode.penilaian_selesai)
    if day > akhir:
        return Tahap.SELESAI
    mulai_terakhir = None
    for tahap, prefix in _JENDELA:
        if getattr(periode, f"{prefix}_mulai") <= day:
            mulai_terakhir = tahap
    return mulai_terakhir


class Kelompok(models.TextChoices):
    PERENCANAAN = "perencanaan", "Perencanaan Kinerja"
    PELAKSANAAN = "pelaksanaan", "Pelaksanaan Kinerja"
    PENILAIAN = "penilaian", "Penilaian Kinerja"


def rentang_kelompok(periode: Periode, kelompok: str) -> tuple[date, date]:
    if kelompok == Kelompok.PERENCANAAN:
        return periode.perencanaan_mulai, periode.batas_akhir
    if kelompok == Kelompok.PELAKSANAAN:
        return periode.persiapan_mulai, periode.batas_akhir
    return periode.penilaian_mulai, periode.penilaian_selesai


def dalam_jadwal(periode: Periode, kelompok: str, day: date | None = None) -> bool:
    mulai, selesai = rentang_kelompok(periode, kelompok)
    return mulai <= (day or clock.today()) <= selesai


def penilaian_require(day: date | None = None) -> Periode:
    """The period a Penilaian action naming no period works on (``periode_penilaian``, created if
    missing), or a refusal naming the periods concerned when no Penilaian window contains the day:
    the one whose window closed last (the late schools' period) and the day's own period when its
    window is still to come, e.g. "Penilaian Kinerja periode Januari–Juni 2025 sudah ditutup pada
    31 Juli 2025. Penilaian Kinerja periode Juli–Desember 2025 baru dibuka pada 1 Desember 2025."
    """
    day = day or clock.today()
    periode = periode_penilaian(day)
    if dalam_jadwal(periode, Kelompok.PENILAIAN, day):
        return periode if periode.pk is not None else periode_for_date(day, create=True)
    label = Kelompok.PENILAIAN.label
    pesan, detail = [], {"periode": periode.kode}
    ditutup = (
        Periode.objects.filter(penilaian_selesai__lt=day).order_by(
            "-penilaian_selesai", "-tahun", "-semester"
        )
    ).first()
    if ditutup is not None:
        pesan.append(
            f"{label} periode {ditutup.nama} sudah ditutup pada {tanggal_id(ditutup.penilaian_selesai)}."
        )
        detail["periode_ditutup"] = ditutup.kode
        detail["ditutup"] = ditutup.penilaian_selesai.isoformat()
    if day < periode.penilaian_mulai:
        pesan.append(
            f"{label} periode {periode.nama} baru dibuka pada {tanggal_id(periode.penilaian_mulai)}."
        )
    elif ditutup is None or ditutup.kode != periode.kode:
        pesan.append(
            f"{label} periode {periode.nama} sudah ditutup pada {tanggal_id(periode.penilaian_selesai)}."
        )
    detail["mulai"] = periode.penilaian_mulai.isoformat()
    detail["selesai"] = periode.penilaian_selesai.isoformat()
    raise ApplicationError(" ".join(pesan), code="di_luar_jadwal", detail=detail)


def di_luar_jadwal(periode: Periode, kelompok: str, day: date | None = None) -> str:
    """Why an action of ``kelompok`` is refused on ``day`` ("" inside its dates): what a page shows
    in place of the controls the service would refuse."""
    try:
        require_window(periode, kelompok, day)
    except ApplicationError as exc:
        return exc.message
    return ""


def require_window(periode: Periode, kelompok: str, day: date | None = None) -> None:
    """Refuse an action of ``kelompok`` outside its dates (module docstring)."""
    day = day or clock.today()
    mulai, selesai = rentang_kelompok(periode, kelompok)
    label = Kelompok(kelompok).label
    if day < mulai:
        raise ApplicationError(
            f"{label} periode {periode.nama} baru dibuka pada {tanggal_id(mulai)}.",
            code="di_luar_jadwal",
            detail={"mulai": mulai.isoformat(), "selesai": selesai.isoformat()},
        )
    if day > selesai:
        raise ApplicationError(
            f"{label} periode {periode.nama} sudah ditutup pada {tanggal_id(selesai)}.",
            code="di_luar_jadwal",
            detail={"mulai": mulai.isoformat(), "selesai": selesai.isoformat()},
        )
