"""What the dashboard draws, computed from one rekap row: stacked bars per stage, the predikat
distribution, the data problems and the sync errors. Rendered server-side as CSS bars (no chart
library, no CDN: many Dinas offices are on slow connections)."""

from dataclasses import dataclass

from kinerja.predikat import Predikat
from kinerja.transitions import StatusObservasi, StatusPenilaian, StatusRencana

from .models import METRIK

LABEL = dict(METRIK)


@dataclass(frozen=True)
class Segmen:
    kode: str
    label: str
    jumlah: int
    persen: float
    kelas: str
    filter: str = ""  # the pegawai-list filter that shows these people, e.g. "rencana=draft"


@dataclass(frozen=True)
class Batang:
    judul: str
    total: int
    segmen: list[Segmen]


def _pct(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


TAHAP = [
    (
        "Perencanaan",
        "rencana",
        [
            ("belum", "Belum membuat", "c0"),
            (StatusRencana.DRAFT, "Draf", "c1"),
            (StatusRencana.DIKEMBALIKAN, "Dikembalikan", "c2"),
            (StatusRencana.DIAJUKAN, "Diajukan", "c3"),
            (StatusRencana.DISETUJUI, "Disetujui", "c4"),
            (StatusRencana.DISEPAKATI, "Disepakati", "c5"),
        ],
    ),
    (
        "Pelaksanaan",
        "observasi",
        [
            (StatusObservasi.BELUM, "Belum dimulai", "c0"),
            (StatusObservasi.TERJADWAL, "Observasi terjadwal", "c2"),
            (StatusObservasi.DIOBSERVASI, "Sudah diobservasi", "c3"),
            (StatusObservasi.TINDAK_LANJUT, "Diskusi tindak lanjut", "c4"),
            (StatusObservasi.SELESAI, "Refleksi selesai", "c5"),
        ],
    ),
    (
        "Penilaian",
        "penilaian",
        [
            ("belum", "Belum dinilai", "c0"),
            (StatusPenilaian.DRAFT, "Dinilai (draf)", "c2"),
            (StatusPenilaian.DIKIRIM, "Dikirim ke Dinas", "c4"),
            (StatusPenilaian.DITETAPKAN, "Ditetapkan", "c5"),
        ],
    ),
]

PREDIKAT = [
    (Predikat.SANGAT_BAIK, "p1"),
    (Predikat.BAIK, "p2"),
    (Predikat.BUTUH_PERBAIKAN, "p3"),
    (Predikat.KURANG, "p4"),
    (Predikat.SANGAT_KURANG, "p5"),
]

MASALAH = [
    ("tidak_layak", "masalah_tidak_layak", "Tidak memenuhi syarat (Jenis PTK/naungan)"),
    ("non_asn", "masalah_non_asn", "Non-ASN (tidak dapat sinkron)"),
    ("tanpa_atasan", "masalah_tanpa_atasan", "Tanpa atasan di Dapodik"),
    ("nip", "masalah_nip", "NIP tidak sesuai"),
]


def tahap_bars(row) -> list[Batang]:
    sasaran = row.sasaran
    bars = []
    for judul, prefix, statuses in TAHAP:
        segmen = []
        for value, label, kelas in statuses:
            n = getattr(row, f"{prefix}_{value}")
            segmen.append(Segmen(value, label, n, _pct(n, sasaran), kelas, f"{prefix}={value}"))
        bars.append(Batang(judul, sasaran, segmen))
    return bars


def predikat_bars(row) -> Batang:
    values = [(p, getattr(row, f"predikat_{p.value}"), kelas) for p, kelas in PREDIKAT]
    total = sum(n for _, n, _ in values)
    peak = max((n for _, n, _ in values), default=0)
    return Batang(
        "Distribusi predikat",
        total,
        # Each bar is scaled to the largest group so small units remain readable.
        [Segmen(p.value, p.label, n, _pct(n, peak), kelas, f"predikat={p.value}") for p, n, kelas in values],
    )


def masalah_bars(row) -> Batang:
    total = row.pegawai
    return Batang(
        "Masalah data",
        total,
        [
            Segmen(kode, label, getattr(row, field), _pct(getattr(row, field), total), "m", f"masalah={kode}")
            for kode, field, label in MASALAH
        ],
    )


def sinkro_tabel(row) -> dict:
    """Sync errors by code and by actor, largest first."""

    def urut(d):
        return sorted(((k, v) for k, v in (d or {}).items()), key=lambda kv: (-kv[1], kv[0]))

    return {
        "per_kode": urut(row.sinkro_per_kode),
        "per_pihak": urut(row.sinkro_per_pihak),
        "total": row.sinkro_gagal,
    }


def progres(row) -> float:
    """Share of the sasaran whose plan is agreed (the headline of a row in a region table)."""
    return _pct(row.rencana_disepakati, row.sasaran)
