"""The state machines of the cycle, declared once as data (STYLE.md "Writing state changes").

A service looks up its transition here, checks the current status against ``asal`` while holding
the row lock, and writes ``tujuan``; the same tables give the pages their labels and tell them which
buttons to show. Who may fire a transition is the service's rule (it depends on the school's
principal on the simulated date), not the table's.
"""

from dataclasses import dataclass

from django.db import models

from pmm.errors import ApplicationError


class StatusRencana(models.TextChoices):
    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Perlu disetujui"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    DISETUJUI = "disetujui", "Disetujui"
    DISEPAKATI = "disepakati", "Disepakati"


class StatusObservasi(models.TextChoices):
    BELUM = "belum", "Belum dimulai"
    TERJADWAL = "terjadwal", "Diskusi persiapan selesai, observasi terjadwal"
    DIOBSERVASI = "diobservasi", "Observasi kelas selesai"
    TINDAK_LANJUT = "tindak_lanjut", "Diskusi tindak lanjut selesai"
    SELESAI = "selesai", "Refleksi tindak lanjut selesai"


class StatusPenilaian(models.TextChoices):
    DRAFT = "draft", "Draf"
    DIKIRIM = "dikirim", "Dikirim ke Dinas Pendidikan"
    DITETAPKAN = "ditetapkan", "Predikat ditetapkan"


class StatusPenilaianSekolah(models.TextChoices):
    DRAFT = "draft", "Belum dikirim ke Dinas Pendidikan"
    DIKIRIM = "dikirim", "Dikirim, menunggu Predikat Kinerja Organisasi"
    ORGANISASI = "organisasi", "Predikat Kinerja Organisasi sudah diberikan"
    DITETAPKAN = "ditetapkan", "Predikat guru sudah ditetapkan"


@dataclass(frozen=True)
class Transisi:
    kode: str
    asal: frozenset[str]
    tujuan: str
    label: str  # the Indonesian verb shown in history and refusals


class Mesin:
    def __init__(self, nama: str, status: type[models.TextChoices], transisi: list[Transisi]):
        self.nama = nama
        self.status = status
        self.transisi = {t.kode: t for t in transisi}

    def __getitem__(self, kode: str) -> Transisi:
        return self.transisi[kode]

    def boleh(self, kode: str, status_sekarang: str) -> bool:
        return status_sekarang in self.transisi[kode].asal

    def tersedia(self, status_sekarang: str) -> list[Transisi]:
        return [t for t in self.transisi.values() if status_sekarang in t.asal]

    def periksa(self, kode: str, status_sekarang: str) -> Transisi:
        """The transition, or a refusal naming the current status (also what the second of two
        simultaneous clicks sees once the first has committed)."""
        t = self.transisi[kode]
        if status_sekarang not in t.asal:
            label = self.status(status_sekarang).label if status_sekarang else "belum ada"
            raise ApplicationError(
                f"Tidak dapat {t.label}: status saat ini «{label}».",
                code="status_tidak_sesuai",
                detail={"status": status_sekarang, "transisi": kode},
            )
        return t


R = StatusRencana
RENCANA = Mesin(
    "rencana",
    StatusRencana,
    [
        Transisi("buat", frozenset({""}), R.DRAFT, "membuat rencana"),
        Transisi("ajukan", frozenset({R.DRAFT, R.DIKEMBALIKAN}), R.DIAJUKAN, "mengajukan rencana"),
        # Seed 003 slide 11: a school led only by a Plt gets its teachers' plans approved at submission.
        Transisi(
            "setujui_otomatis", frozenset({R.DIAJUKAN}), R.DISETUJUI, "menyetujui rencana secara otomatis"
        ),
        Transisi("setujui", frozenset({R.DIAJUKAN}), R.DISETUJUI, "menyetujui rencana"),
        Transisi("kembalikan", frozenset({R.DIAJUKAN}), R.DIKEMBALIKAN, "mengembalikan rencana"),
        Transisi("sepakati", frozenset({R.DISETUJUI}), R.DISEPAKATI, "menyepakati rencana"),
    ],
)
# The plan may be edited (steps 1–5) only in these statuses.
RENCANA_DAPAT_DIUBAH = frozenset({R.DRAFT, R.DIKEMBALIKAN})
# Pelaksanaan opens once the atasan approved (seed 003 slide 17).
RENCANA_SUDAH_DISETUJUI = frozenset({R.DISETUJUI, R.DISEPAKATI})

Ob = StatusObservasi
OBSERVASI = Mesin(
    "observasi",
    StatusObservasi,
    [
        Transisi("persiapan", frozenset({Ob.BELUM}), Ob.TERJADWAL, "menyimpan diskusi persiapan"),
        # Seed 002: a pegawai may schedule the observation again.
        Transisi("jadwal_ulang", frozenset({Ob.TERJADWAL}), Ob.TERJADWAL, "mengubah jadwal observasi"),
        Transisi("observasi", frozenset({Ob.TERJADWAL}), Ob.DIOBSERVASI, "mencatat observasi kelas"),
        Transisi(
            "tindak_lanjut", frozenset({Ob.DIOBSERVASI}), Ob.TINDAK_LANJUT, "menyimpan diskusi tindak lanjut"
        ),
        Transisi("refleksi", frozenset({Ob.TINDAK_LANJUT}), Ob.SELESAI, "menyimpan refleksi tindak lanjut"),
    ],
)
# Seed 003 slide 30 (type B): a teacher appears in the rating list once the preparation document
# is filled and the observation scheduled.
OBSERVASI_SIAP_DINILAI = frozenset({Ob.TERJADWAL, Ob.DIOBSERVASI, Ob.TINDAK_LANJUT, Ob.SELESAI})

P = StatusPenilaian
PENILAIAN = Mesin(
    "penilaian",
    StatusPenilaian,
    [
        Transisi("simpan", frozenset({"", P.DRAFT}), P.DRAFT, "menyimpan penilaian"),
        Transisi("kirim", frozenset({P.DRAFT}), P.DIKIRIM, "mengirim penilaian ke Dinas Pendidikan"),
        Transisi("tetapkan", frozenset({P.DRAFT, P.DIKIRIM}), P.DITETAPKAN, "menetapkan predikat"),
    ],
)

S = StatusPenilaianSekolah
PENILAIAN_SEKOLAH = Mesin(
    "penilaian_sekolah",
    StatusPenilaianSekolah,
    [
        Transisi("kirim", frozenset({S.DRAFT}), S.DIKIRIM, "mengirim penilaian ke Dinas Pendidikan"),
        Transisi(
            "predikat_organisasi",
            frozenset({S.DIKIRIM, S.ORGANISASI}),
            S.ORGANISASI,
            "memberikan Predikat Kinerja Organisasi",
        ),
        # Seed 002: the principal may fix the teachers' predikat again for teachers rated later.
        Transisi(
            "tetapkan", frozenset({S.ORGANISASI, S.DITETAPKAN}), S.DITETAPKAN, "menetapkan predikat guru"
        ),
    ],
)

MESIN = {m.nama: m for m in (RENCANA, OBSERVASI, PENILAIAN, PENILAIAN_SEKOLAH)}
