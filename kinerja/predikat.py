"""Predikat Kinerja Pegawai (PermenPANRB 6/2022) and its distribution rules (SE MenPANRB 3/2023).

Pure functions, no database: the services call them, the pages show their explanations.

Rounding of the distribution percentages (REFERENCE.md §2: no public source gives it for small units,
so this is the simulator's decision, shown to the principal with the thresholds it computed):

* "at most p%"  → at most ``floor(p·n)`` teachers (the share may never exceed p%).
  Exception: the two 70% caps ("sebagian besar", Istimewa → Sangat Baik, Baik → Baik) never fall
  below 1. Only n = 1 is concerned (floor(0.7) = 0): a one-teacher unit of an Istimewa organisation
  could otherwise never give Sangat Baik, which contradicts "sebagian besar Sangat Baik". The 10% caps
  stay strict (no Sangat Baik in a Butuh Perbaikan/Kurang organisation until n ≥ 10): they limit an
  exceptional predikat in an under-performing organisation. "Tidak ada" (0%) is strict.
* "at least p%" → at least ``ceil(p·n)`` teachers (the share may never be below p%).
  Exception: when the minimums of one organisational predikat add up to more than n (Kurang and
  Sangat Kurang with n ≤ 2, e.g. n = 2: ceil(1.2) = 2 Kurang/Misconduct plus ceil(0.2) = 1 Butuh
  Perbaikan), the 60% minimum is kept and the 10% minimum is lowered to what is left (n − the 60%
  minimum), so that every organisational predikat can always be satisfied.
* "must exist" (Baik → at least one Butuh Perbaikan or Kurang/Misconduct) → at least 1, whatever n.
"""

import math
from dataclasses import dataclass

from django.db import models


class Rating(models.TextChoices):
    DI_BAWAH = "di_bawah", "Di Bawah Ekspektasi"
    SESUAI = "sesuai", "Sesuai Ekspektasi"
    DI_ATAS = "di_atas", "Di Atas Ekspektasi"


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


# Lampiran PermenPANRB 6/2022: (Rating Hasil Kerja, Rating Perilaku Kerja) → Predikat.
_MATRIX = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat_for(hasil_kerja: str, perilaku_kerja: str) -> Predikat:
    """The predikat of one pegawai from the two ratings; ValueError for an unknown rating."""
    try:
        return _MATRIX[(Rating(hasil_kerja), Rating(perilaku_kerja))]
    except ValueError as exc:
        raise ValueError(f"Rating tidak dikenal: {hasil_kerja!r}, {perilaku_kerja!r}") from exc


@dataclass(frozen=True)
class Aturan:
    """One rule of SE MenPANRB 3/2023 for one organisational predikat."""

    predikat: tuple[str, ...]  # the pegawai predikat counted together
    jenis: str  # "maks", "min" or "ada"
    persen: int
    teks: str  # how the SE says it, in Indonesian
    primer: bool = True  # the 60% minimum; secondary minimums give way when they cannot all hold
    minimal_satu: bool = False  # a 70% cap never below 1 (see the module docstring)


P = Predikat
ATURAN_DISTRIBUSI: dict[str, tuple[Aturan, ...]] = {
    PredikatOrganisasi.ISTIMEWA: (
        Aturan((P.SANGAT_BAIK,), "maks", 70, "Sangat Baik paling banyak 70%", minimal_satu=True),
    ),
    PredikatOrganisasi.BAIK: (
        Aturan((P.BAIK,), "maks", 70, "Baik paling banyak 70%", minimal_satu=True),
        Aturan(
            (P.BUTUH_PERBAIKAN, P.KURANG),
            "ada",
            0,
            "harus ada paling sedikit satu Butuh Perbaikan atau Kurang/Misconduct",
        ),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        Aturan((P.BUTUH_PERBAIKAN,), "min", 60, "Butuh Perbaikan paling sedikit 60%"),
        Aturan((P.SANGAT_BAIK,), "maks", 10, "Sangat Baik paling banyak 10%"),
    ),
    PredikatOrganisasi.KURANG: (
        Aturan((P.KURANG,), "min", 60, "Kurang/Misconduct paling sedikit 60%"),
        Aturan((P.BUTUH_PERBAIKAN,), "min", 10, "Butuh Perbaikan paling sedikit 10%", primer=False),
        Aturan((P.SANGAT_BAIK,), "maks", 10, "Sangat Baik paling banyak 10%"),
    ),
    PredikatOrganisasi.SANGAT_KURANG: (
        Aturan((P.SANGAT_KURANG,), "min", 60, "Sangat Kurang paling sedikit 60%"),
        Aturan(
            (P.KURANG, P.BUTUH_PERBAIKAN),
            "min",
            10,
            "Kurang/Misconduct dan Butuh Perbaikan bersama paling sedikit 10%",
            primer=False,
        ),
        Aturan((P.SANGAT_BAIK,), "maks", 0, "tidak boleh ada Sangat Baik"),
    ),
}


@dataclass(frozen=True)
class Batas:
    """A rule with the number of teachers it allows or requires for a unit of n teachers."""

    aturan: Aturan
    n: int
    jumlah: int  # the computed maximum or minimum count

    @property
    def label_predikat(self) -> str:
        return " + ".join(Predikat(p).label for p in self.aturan.predikat)

    @property
    def keterangan(self) -> str:
        a = self.aturan
        if a.jenis == "maks":
            if a.persen == 0:
                return f"{a.teks}: paling banyak 0 dari {self.n} guru"
            dasar = f"⌊{a.persen}% × {self.n}⌋"
            catatan = " (paling sedikit 1)" if a.minimal_satu else ""
            return f"{a.teks}: paling banyak {self.jumlah} dari {self.n} guru ({dasar}{catatan})"
        if a.jenis == "min":
            return f"{a.teks}: paling sedikit {self.jumlah} dari {self.n} guru (⌈{a.persen}% × {self.n}⌉)"
        return f"{a.teks}: paling sedikit 1 guru"


def batas_distribusi(predikat_organisasi: str, n: int) -> list[Batas]:
    """The rules of an organisational predikat turned into counts for n teachers (module docstring)."""
    aturan = ATURAN_DISTRIBUSI[PredikatOrganisasi(predikat_organisasi)]
    hasil: list[Batas] = []
    for a in aturan:
        if a.jenis == "maks":
            jumlah = math.floor(a.persen * n / 100)
            if a.minimal_satu and n > 0:
                jumlah = max(jumlah, 1)
        elif a.jenis == "min":
            jumlah = math.ceil(a.persen * n / 100)
        else:
            jumlah = 1
        hasil.append(Batas(a, n, jumlah))
    # Secondary minimums give way so the rules stay satisfiable for tiny units.
    minimum_primer = sum(b.jumlah for b in hasil if b.aturan.jenis in ("min", "ada") and b.aturan.primer)
    sisa = max(n - minimum_primer, 0)
    for i, b in enumerate(hasil):
        if b.aturan.jenis == "min" and not b.aturan.primer and b.jumlah > sisa:
            hasil[i] = Batas(b.aturan, n, sisa)
    return hasil


@dataclass(frozen=True)
class Pelanggaran:
    batas: Batas
    aktual: int

    @property
    def pesan(self) -> str:
        b = self.batas
        return f"{b.keterangan}; saat ini {self.aktual} guru ({b.label_predikat})."


def distribusi_check(predikat_organisasi: str, daftar_predikat: list[str]) -> list[Pelanggaran]:
    """Every rule the set of teachers' predikat breaks; an empty list means it may be fixed."""
    n = len(daftar_predikat)
    hitung = {p: 0 for p in Predikat.values}
    for p in daftar_predikat:
        hitung[Predikat(p)] += 1
    pelanggaran = []
    for b in batas_distribusi(predikat_organisasi, n):
        aktual = sum(hitung[p] for p in b.aturan.predikat)
        if b.aturan.jenis == "maks" and aktual > b.jumlah:
            pelanggaran.append(Pelanggaran(b, aktual))
        elif b.aturan.jenis in ("min", "ada") and aktual < b.jumlah:
            pelanggaran.append(Pelanggaran(b, aktual))
    return pelanggaran


def distribusi_penjelasan(predikat_organisasi: str, pelanggaran: list[Pelanggaran]) -> str:
    """The Indonesian refusal shown to the principal."""
    label = PredikatOrganisasi(predikat_organisasi).label
    rincian = " ".join(f"({i}) {p.pesan}" for i, p in enumerate(pelanggaran, 1))
    return (
        f"Predikat guru belum sesuai pola distribusi SE MenPANRB No. 3 Tahun 2023 untuk Predikat Kinerja "
        f"Organisasi {label}: {rincian} Penilaian yang sudah dikirim tidak dapat diubah; sesuaikan penilaian "
        "guru yang belum dikirim, atau minta Kepala Dinas meninjau kembali Predikat Kinerja Organisasi, lalu "
        "tetapkan kembali. Pembulatan: batas paling banyak dibulatkan ke bawah, batas paling sedikit dibulatkan ke atas."
    )
