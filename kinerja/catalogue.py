"""The catalogues of the cycle (data in kinerja/fixtures/katalog.yaml, edited in the admin) and the
reads the planning steps need."""

from dataclasses import dataclass

from django.core.management import call_command
from django.db.models import Prefetch

from .models import (
    FokusPerilaku,
    Indikator,
    NilaiBerakhlak,
    Peran,
    RekomendasiIndikator,
    RhkKompetensi,
    Sasaran,
    TugasTambahan,
)

# Perdirjen GTK 7607/2023: 32–128 Pengembangan Kompetensi points per semester are recommended.
POIN_REKOMENDASI_MIN = 32
POIN_REKOMENDASI_MAKS = 128
# A quantity above this is almost certainly a typing error; refused with a message.
JUMLAH_RHK_MAKS = 50

FIXTURE = "katalog"


def catalogue_load(*, verbosity: int = 0) -> None:
    """Load (or refresh, matched by kode) the catalogue fixture."""
    call_command("loaddata", FIXTURE, app_label="kinerja", verbosity=verbosity)


def sasaran_for(peran: str) -> str:
    return Sasaran.GURU if peran == Peran.GURU else Sasaran.KEPALA_SEKOLAH


@dataclass(frozen=True)
class StatusPoin:
    total: int
    kode: str  # "kurang", "sesuai", "lebih"
    pesan: str


def poin_status(total: int) -> StatusPoin:
    """The running total against the 32–128 recommendation (a recommendation, never a refusal)."""
    if total < POIN_REKOMENDASI_MIN:
        return StatusPoin(
            total,
            "kurang",
            f"Total {total} poin, di bawah rekomendasi {POIN_REKOMENDASI_MIN}–{POIN_REKOMENDASI_MAKS} poin per semester.",
        )
    if total > POIN_REKOMENDASI_MAKS:
        return StatusPoin(
            total,
            "lebih",
            f"Total {total} poin, di atas rekomendasi {POIN_REKOMENDASI_MIN}–{POIN_REKOMENDASI_MAKS} poin per semester.",
        )
    return StatusPoin(total, "sesuai", f"Total {total} poin, sesuai rekomendasi.")


@dataclass
class PilihanIndikator:
    indikator: list[Indikator]
    rekomendasi_id: int | None


def indikator_choices(*, peran: str, sekolah_id: int) -> PilihanIndikator:
    """Step 1: the indicators for the role, the school's recommended one marked (2 queries).
    A school without a Rapor Pendidikan recommendation may still choose any (seed 003 slide 14)."""
    untuk = sasaran_for(peran)
    daftar = list(
        Indikator.objects.filter(untuk=untuk, aktif=True).prefetch_related(
            Prefetch("fokus_perilaku", queryset=FokusPerilaku.objects.order_by("urutan"))
        )
    )
    rekomendasi = (
        RekomendasiIndikator.objects.filter(sekolah_id=sekolah_id, untuk=untuk)
        .values_list("indikator_id", flat=True)
        .first()
    )
    return PilihanIndikator(daftar, rekomendasi)


def rhk_choices():
    return RhkKompetensi.objects.filter(aktif=True)


def tugas_tambahan_choices(*, jenjang: str) -> list[TugasTambahan]:
    return [t for t in TugasTambahan.objects.filter(aktif=True) if t.berlaku_untuk(jenjang)]


def berakhlak():
    """Step 4: the seven values with their behaviours (2 queries)."""
    return NilaiBerakhlak.objects.prefetch_related("perilaku")
