"""The Bimtek scenario, cycle part: puts the scenario's teachers at every stage and status of a
period and gives one school to each distribution case, so trainees can practise every step.

``bimtek_extend_cycle(scenario, applied)`` has the signature of a ``dapodik.bimtek`` step (it can be
passed to ``register_step``) and returns a ``SiklusBimtek`` whose ``kasus`` list is the cycle part of
the scenario sheet. The rows are written directly (not through the services), with their history
rows and coherent timestamps inside the period's windows, because the services only act on the
simulated *today* while the scenario needs every stage at once. Running it again first removes the
cycle data of the scenario schools for that period, so the result is the same every time and what
trainees changed is restored.

The states are the same whatever the simulated date; whether an action is open depends on the
clock (``kinerja.periods``): the trainer moves it, e.g. to January for approvals, March for
observations and June for the rating, sending and penetapan exercises.

Schools and people (from ``dapodik.bimtek``):

* the school of tokoh ``ks_definitif`` (SD Negeri 1 Obaa): its teachers, in order, at Draf,
  Diajukan (with an ekspektasi khusus of the principal, still editable), Dikembalikan, Disetujui,
  Disepakati, observation scheduled, observed, follow-up done, reflection done, rated as a draft; its
  KOSP and Rangkuman Kehadiran Guru uploaded; the principal's own plan submitted to the Kepala Dinas;
* the Plt schools: teachers' plans approved automatically; the Plt's own guru plan (tokoh
  ``plt_dua_sekolah`` and ``plt_sekolah_sendiri``) submitted to the Kepala Dinas;
* tokoh ``guru_tanpa_atasan``: a complete draft whose submission gives "Data atasan Anda tidak
  ditemukan";
* one more definitif principal's plan agreed, with the observation delegated to the Pengawas and
  scheduled;
* one school per Predikat Kinerja Organisasi (Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat
  Kurang) whose sent ratings respect the SE MenPANRB 3/2023 rule (the principal can *tetapkan*), one
  Baik school whose ratings break it (the refusal to practise), one school sent and waiting for the
  Kepala Dinas, and one school already fixed (its first teacher's plan carries ekspektasi khusus,
  shown on the plan and in the evaluation PDF).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from dapodik.choices import JenisPenugasan
from dapodik.models import PTK, Sekolah

from . import periods
from .catalogue import catalogue_load
from .models import (
    BuktiDukung,
    DokumenSekolah,
    EkspektasiKhusus,
    FokusPerilaku,
    Indikator,
    JalurAtasan,
    NilaiBerakhlak,
    Observasi,
    Penilaian,
    PenilaianSekolah,
    Peran,
    RekomendasiIndikator,
    Rencana,
    RencanaRhk,
    RhkKompetensi,
    Riwayat,
    Sasaran,
)
from .predikat import PredikatOrganisasi, batas_distribusi, distribusi_check
from .selectors import JENIS_GURU
from .services.atasan import kepala_dinas_users
from .transitions import StatusObservasi, StatusPenilaian, StatusPenilaianSekolah, StatusRencana

TAHAP = [
    StatusRencana.DRAFT,
    StatusRencana.DIAJUKAN,
    StatusRencana.DIKEMBALIKAN,
    StatusRencana.DISETUJUI,
    StatusRencana.DISEPAKATI,
    StatusObservasi.TERJADWAL,
    StatusObservasi.DIOBSERVASI,
    StatusObservasi.TINDAK_LANJUT,
    StatusObservasi.SELESAI,
    "dinilai",
]
_URUT = {t: i for i, t in enumerate(TAHAP)}
_LABEL_TAHAP = {
    StatusRencana.DRAFT: ("Rencana masih draf", "Lengkapi lalu ajukan rencana (Januari)."),
    StatusRencana.DIAJUKAN: (
        "Rencana menunggu persetujuan",
        "Kepala Sekolah mengisi ekspektasi khusus (opsional), lalu menyetujui atau mengembalikan (Januari).",
    ),
    StatusRencana.DIKEMBALIKAN: (
        "Rencana dikembalikan dengan catatan",
        "Guru memperbaiki lalu mengajukan ulang.",
    ),
    StatusRencana.DISETUJUI: ("Rencana disetujui", "Guru menyepakati rencana."),
    StatusRencana.DISEPAKATI: ("Rencana disepakati", "Guru mengisi Diskusi Persiapan dan jadwal (Februari)."),
    StatusObservasi.TERJADWAL: ("Observasi terjadwal", "Kepala Sekolah mencatat observasi kelas (Maret)."),
    StatusObservasi.DIOBSERVASI: ("Observasi selesai", "Guru mengisi Diskusi Tindak Lanjut."),
    StatusObservasi.TINDAK_LANJUT: ("Tindak lanjut dicatat", "Guru mengisi Refleksi Tindak Lanjut."),
    StatusObservasi.SELESAI: ("Refleksi selesai", "Kepala Sekolah memberi penilaian (Juni)."),
    "dinilai": (
        "Penilaian masih draf",
        "Kepala Sekolah melengkapi penilaian lalu Kirim ke Dinas Pendidikan (Juni).",
    ),
}

# The atasan's ekspektasi khusus (PermenPANRB 6/2022) on two seeded plans, by BerAKHLAK kode.
EKSPEKTASI_CONTOH = {
    "AKUNTABEL": "Mengisi jurnal mengajar dan presensi murid setiap hari sebelum pukul 14.00 WIT.",
    "KOLABORATIF": "Membagikan satu praktik baik setiap bulan di komunitas belajar sekolah.",
}

# One cell of the PermenPANRB matrix per predikat (Rating Hasil Kerja, Rating Perilaku Kerja).
_SEL = {
    "sangat_baik": ("di_atas", "di_atas"),
    "baik": ("sesuai", "sesuai"),
    "butuh_perbaikan": ("di_bawah", "sesuai"),
    "kurang": ("sesuai", "di_bawah"),
    "sangat_kurang": ("di_bawah", "di_bawah"),
}


def himpunan_sah(organisasi: str, n: int) -> list[str]:
    """A set of n teachers' predikat that respects the rule of ``organisasi`` (kinerja.predikat)."""
    batas = {b.aturan.teks: b.jumlah for b in batas_distribusi(organisasi, n)}
    if organisasi == PredikatOrganisasi.ISTIMEWA:
        sb = batas["Sangat Baik paling banyak 70%"]
        hasil = ["sangat_baik"] * sb + ["baik"] * (n - sb)
    elif organisasi == PredikatOrganisasi.BAIK:
        b = min(batas["Baik paling banyak 70%"], n - 1)
        hasil = ["butuh_perbaikan"] + ["baik"] * b + ["sangat_baik"] * (n - 1 - b)
    elif organisasi == PredikatOrganisasi.BUTUH_PERBAIKAN:
        bp = math.ceil(0.6 * n)
        sb = min(batas["Sangat Baik paling banyak 10%"], n - bp)
        hasil = ["butuh_perbaikan"] * bp + ["sangat_baik"] * sb + ["baik"] * (n - bp - sb)
    elif organisasi == PredikatOrganisasi.KURANG:
        km = batas["Kurang/Misconduct paling sedikit 60%"]
        bp = batas["Butuh Perbaikan paling sedikit 10%"]
        hasil = ["kurang"] * km + ["butuh_perbaikan"] * bp + ["baik"] * (n - km - bp)
    else:
        sk = batas["Sangat Kurang paling sedikit 60%"]
        km = batas["Kurang/Misconduct dan Butuh Perbaikan bersama paling sedikit 10%"]
        hasil = ["sangat_kurang"] * sk + ["kurang"] * km + ["baik"] * (n - sk - km)
    if distribusi_check(organisasi, hasil):  # pragma: no cover - a bug in this builder
        raise AssertionError(f"himpunan {organisasi} n={n} tidak sah: {hasil}")
    return hasil


@dataclass(frozen=True)
class KasusSiklus:
    kode: str
    sekolah: str
    nama: str
    email: str
    keadaan: str
    coba: str


@dataclass
class SiklusBimtek:
    periode: object
    kasus: list[KasusSiklus] = field(default_factory=list)

    def lembar(self) -> str:
        """The cycle part of the scenario sheet, one line per case."""
        baris = [f"Siklus kinerja periode {self.periode.nama}"]
        for k in self.kasus:
            baris.append(f"- [{k.kode}] {k.nama} ({k.sekolah}) {k.email}: {k.keadaan}. Coba: {k.coba}")
        return "\n".join(baris)


@dataclass
class _Rencana:
    ptk: PTK
    sekolah: Sekolah
    peran: str
    tahap: str
    jalur: str
    atasan_ptk: PTK | None
    penyetuju: object | None  # User who approves / observes / rates
    predikat: str = ""  # rated with this predikat (complete rating)
    status_penilaian: str = ""
    pengawas: object | None = None
    ekspektasi: dict[str, str] = field(default_factory=dict)  # BerAKHLAK kode → teks


class _Penulis:
    """Collects the rows of every plan, then writes them in a few bulk inserts."""

    def __init__(self, periode):
        self.p = periode
        self.rencana: list[_Rencana] = []
        self.indikator = {i.kode: i for i in Indikator.objects.all()}
        self.fokus: dict[int, list[int]] = {}
        for f in FokusPerilaku.objects.order_by("urutan"):
            self.fokus.setdefault(f.indikator_id, []).append(f.pk)
        self.rhk = {r.kode: r for r in RhkKompetensi.objects.all()}
        self.nilai = {n.kode: n for n in NilaiBerakhlak.objects.all()}

    def at(self, day, jam: int = 8):
        return timezone.make_aware(datetime.combine(day, time(jam, 0)))

    def tambah(self, r: _Rencana) -> None:
        self.rencana.append(r)

    def tulis(self, rekomendasi: dict[int, dict[str, Indikator]]) -> None:
        p = self.p
        t = {
            "buat": self.at(p.perencanaan_mulai + timedelta(days=2)),
            "ajukan": self.at(p.perencanaan_mulai + timedelta(days=4)),
            "ekspektasi": self.at(p.perencanaan_mulai + timedelta(days=5)),
            "keputusan": self.at(p.perencanaan_mulai + timedelta(days=6)),
            "sepakati": self.at(p.perencanaan_mulai + timedelta(days=7)),
            "persiapan": self.at(p.persiapan_mulai + timedelta(days=5)),
            "jadwal": self.at(p.observasi_mulai + timedelta(days=9), 9),
            "tindak_lanjut": self.at(p.tindak_lanjut_mulai + timedelta(days=5)),
            "refleksi": self.at(p.refleksi_mulai + timedelta(days=1)),
            "nilai": self.at(p.penilaian_mulai + timedelta(days=2)),
            "kirim": self.at(p.penilaian_mulai + timedelta(days=4)),
            "tetapkan": self.at(p.penilaian_mulai + timedelta(days=8)),
        }
        objs = []
        for r in self.rencana:
            u = _URUT[r.tahap]
            untuk = Sasaran.GURU if r.peran == Peran.GURU else Sasaran.KEPALA_SEKOLAH
            ind = (
                rekomendasi.get(r.sekolah.pk, {}).get(untuk)
                or self.indikator["D1-02" if untuk == Sasaran.GURU else "D3-06"]
            )
            status = r.tahap if u <= _URUT[StatusRencana.DISEPAKATI] else StatusRencana.DISEPAKATI
            disetujui = u >= _URUT[StatusRencana.DISETUJUI]
            objs.append(
                Rencana(
                    periode=p,
                    ptk=r.ptk,
                    sekolah=r.sekolah,
                    peran=r.peran,
                    status=status,
                    indikator=ind,
                    perilaku_dikonfirmasi=True,
                    jalur_atasan=r.jalur if u >= 1 else "",
                    atasan_ptk=r.atasan_ptk if u >= 1 else None,
                    pengawas=r.pengawas,
                    catatan_atasan="Lengkapi RHK komunitas belajar."
                    if status == StatusRencana.DIKEMBALIKAN
                    else "",
                    dibuat_pada=t["buat"],
                    diajukan_pada=t["ajukan"] if u >= 1 else None,
                    disetujui_pada=t["keputusan"] if disetujui else None,
                    disepakati_pada=t["sepakati"] if u >= _URUT[StatusRencana.DISEPAKATI] else None,
                )
            )
        objs = Rencana.objects.bulk_create(objs)
        rhk, obs, pen, riwayat, ekspektasi = [], [], [], [], []
        for r, obj in zip(self.rencana, objs, strict=True):
            ekspektasi += [
                EkspektasiKhusus(
                    rencana=obj, nilai=nilai, teks=teks, diisi_oleh=r.penyetuju, diubah_pada=t["ekspektasi"]
                )
                for nilai, teks in self._ekspektasi(r)
            ]
            rhk += [
                RencanaRhk(rencana=obj, rhk=self.rhk["PK-01"], jumlah=2, poin=self.rhk["PK-01"].poin),
                RencanaRhk(rencana=obj, rhk=self.rhk["PK-03"], jumlah=1, poin=self.rhk["PK-03"].poin),
            ]
            riwayat += self._riwayat(r, obj, t)
            u = _URUT[r.tahap]
            if u >= _URUT[StatusObservasi.TERJADWAL]:
                obs_status = r.tahap if r.tahap != "dinilai" else StatusObservasi.SELESAI
                ou = _URUT[obs_status]
                obs.append(
                    Observasi(
                        rencana=obj,
                        status=obs_status,
                        dokumen_persiapan="Modul ajar dan kesepakatan kelas untuk pertemuan yang diobservasi.",
                        jadwal=t["jadwal"],
                        catatan_observasi="Guru membuka pelajaran dengan refleksi kesepakatan kelas."
                        if ou >= _URUT[StatusObservasi.DIOBSERVASI]
                        else "",
                        diobservasi_oleh=r.penyetuju if ou >= _URUT[StatusObservasi.DIOBSERVASI] else None,
                        diobservasi_pada=t["jadwal"] if ou >= _URUT[StatusObservasi.DIOBSERVASI] else None,
                        catatan_tindak_lanjut="Menerapkan penguatan positif setiap pertemuan."
                        if ou >= _URUT[StatusObservasi.TINDAK_LANJUT]
                        else "",
                        tindak_lanjut_pada=t["tindak_lanjut"]
                        if ou >= _URUT[StatusObservasi.TINDAK_LANJUT]
                        else None,
                        refleksi="Murid lebih tertib dan saling menghargai."
                        if ou >= _URUT[StatusObservasi.SELESAI]
                        else "",
                        refleksi_pada=t["refleksi"] if ou >= _URUT[StatusObservasi.SELESAI] else None,
                    )
                )
            if r.tahap == "dinilai":
                hasil, perilaku = _SEL[r.predikat] if r.predikat else ("sesuai", "")
                pen.append(
                    Penilaian(
                        rencana=obj,
                        status=r.status_penilaian or StatusPenilaian.DRAFT,
                        rating_hasil_kerja=hasil,
                        rating_perilaku=perilaku,
                        predikat=r.predikat,
                        dinilai_oleh=r.penyetuju,
                        diperbarui_pada=t["nilai"],
                        dikirim_pada=t["kirim"] if r.status_penilaian else None,
                        ditetapkan_oleh=r.penyetuju
                        if r.status_penilaian == StatusPenilaian.DITETAPKAN
                        else None,
                        ditetapkan_pada=t["tetapkan"]
                        if r.status_penilaian == StatusPenilaian.DITETAPKAN
                        else None,
                    )
                )
        RencanaRhk.objects.bulk_create(rhk)
        obs = Observasi.objects.bulk_create(obs)
        Through = Observasi.fokus.through
        Through.objects.bulk_create(
            [
                Through(observasi_id=o.pk, fokusperilaku_id=fid)
                for o in obs
                for fid in self.fokus.get(o.rencana.indikator_id, [])[:2]
            ]
        )
        Penilaian.objects.bulk_create(pen)
        EkspektasiKhusus.objects.bulk_create(ekspektasi)
        Riwayat.objects.bulk_create(riwayat, batch_size=1000)

    def _ekspektasi(self, r: _Rencana) -> list[tuple[NilaiBerakhlak, str]]:
        """The plan's ekspektasi khusus whose value is in the catalogue, in catalogue order; written
        while the plan waited for approval, so only on plans submitted at least once."""
        if _URUT[r.tahap] < _URUT[StatusRencana.DIAJUKAN] or r.penyetuju is None:
            return []
        pilih = [(n, r.ekspektasi[kode]) for kode, n in self.nilai.items() if kode in r.ekspektasi]
        return sorted(pilih, key=lambda x: (x[0].urutan, x[0].pk))

    def _riwayat(self, r: _Rencana, obj: Rencana, t) -> list[Riwayat]:
        owner = r.ptk.user
        rows = []

        def row(mesin, transisi, dari, ke, oleh, pada, catatan=""):
            rows.append(
                Riwayat(
                    periode=self.p,
                    rencana=obj,
                    sekolah=r.sekolah,
                    mesin=mesin,
                    transisi=transisi,
                    dari=dari,
                    ke=ke,
                    oleh=oleh,
                    pada=pada,
                    catatan=catatan,
                    notifikasi_pada=pada,  # seeded history: nothing left to e-mail
                )
            )

        u = _URUT[r.tahap]
        row("rencana", "buat", "", "draft", owner, t["buat"])
        if u >= 1:
            row("rencana", "ajukan", "draft", "diajukan", owner, t["ajukan"])
        ekspektasi = self._ekspektasi(r)
        if ekspektasi:
            row(
                "rencana",
                "ekspektasi_khusus",
                "diajukan",
                "diajukan",
                r.penyetuju,
                t["ekspektasi"],
                "Ekspektasi khusus diisi: " + ", ".join(n.nama for n, _ in ekspektasi) + ".",
            )
        if r.tahap == StatusRencana.DIKEMBALIKAN:
            row(
                "rencana",
                "kembalikan",
                "diajukan",
                "dikembalikan",
                r.penyetuju,
                t["keputusan"],
                obj.catatan_atasan,
            )
        if u >= _URUT[StatusRencana.DISETUJUI]:
            if r.jalur == JalurAtasan.PLT_OTOMATIS:
                row(
                    "rencana",
                    "setujui_otomatis",
                    "diajukan",
                    "disetujui",
                    None,
                    t["ajukan"],
                    "Disetujui otomatis oleh sistem.",
                )
            else:
                row("rencana", "setujui", "diajukan", "disetujui", r.penyetuju, t["keputusan"])
        if u >= _URUT[StatusRencana.DISEPAKATI]:
            row("rencana", "sepakati", "disetujui", "disepakati", owner, t["sepakati"])
        steps = [
            (StatusObservasi.TERJADWAL, "persiapan", "belum", owner, "persiapan"),
            (StatusObservasi.DIOBSERVASI, "observasi", "terjadwal", r.penyetuju, "jadwal"),
            (StatusObservasi.TINDAK_LANJUT, "tindak_lanjut", "diobservasi", owner, "tindak_lanjut"),
            (StatusObservasi.SELESAI, "refleksi", "tindak_lanjut", owner, "refleksi"),
        ]
        for ke, transisi, dari, oleh, waktu in steps:
            if u >= _URUT[ke]:
                row("observasi", transisi, dari, ke, oleh, t[waktu])
        if r.tahap == "dinilai":
            row("penilaian", "simpan", "", "draft", r.penyetuju, t["nilai"])
            if r.status_penilaian in (StatusPenilaian.DIKIRIM, StatusPenilaian.DITETAPKAN):
                row("penilaian", "kirim", "draft", "dikirim", r.penyetuju, t["kirim"])
            if r.status_penilaian == StatusPenilaian.DITETAPKAN:
                row("penilaian", "tetapkan", "dikirim", "ditetapkan", r.penyetuju, t["tetapkan"])
        return rows


def _bersihkan(periode, sekolah_ids) -> None:
    files = list(BuktiDukung.objects.filter(rencana__periode=periode, rencana__sekolah_id__in=sekolah_ids))
    files += list(DokumenSekolah.objects.filter(periode=periode, sekolah_id__in=sekolah_ids))
    nama = [(f.berkas.storage, f.berkas.name) for f in files]
    Rencana.objects.filter(periode=periode, sekolah_id__in=sekolah_ids).delete()
    Riwayat.objects.filter(periode=periode, sekolah_id__in=sekolah_ids).delete()
    PenilaianSekolah.objects.filter(periode=periode, sekolah_id__in=sekolah_ids).delete()
    DokumenSekolah.objects.filter(periode=periode, sekolah_id__in=sekolah_ids).delete()

    def hapus():
        for storage, name in nama:
            storage.delete(name)

    transaction.on_commit(hapus)


def _rekomendasi(sekolah: list[Sekolah]) -> dict[int, dict[str, Indikator]]:
    """A recommended indicator per school (Rapor Pendidikan is simulated: drawn from the NPSN)."""
    guru = list(Indikator.objects.filter(untuk=Sasaran.GURU, aktif=True).order_by("urutan"))
    kepala = list(Indikator.objects.filter(untuk=Sasaran.KEPALA_SEKOLAH, aktif=True).order_by("urutan"))
    rows = []
    hasil: dict[int, dict[str, Indikator]] = {}
    for s in sekolah:
        g, k = guru[int(s.npsn) % len(guru)], kepala[int(s.npsn) % len(kepala)]
        hasil[s.pk] = {Sasaran.GURU: g, Sasaran.KEPALA_SEKOLAH: k}
        rows += [
            RekomendasiIndikator(
                sekolah=s, untuk=Sasaran.GURU, indikator=g, sumber="Rapor Pendidikan (simulasi Bimtek)"
            ),
            RekomendasiIndikator(
                sekolah=s,
                untuk=Sasaran.KEPALA_SEKOLAH,
                indikator=k,
                sumber="Rapor Pendidikan (simulasi Bimtek)",
            ),
        ]
    RekomendasiIndikator.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["sekolah", "untuk"], update_fields=["indikator", "sumber"]
    )
    return hasil


def _dokumen(periode, sekolah, kepala) -> None:
    from django.core.files.base import ContentFile

    from .services.laporan import pdf_sederhana

    for jenis, judul in (
        ("kosp", "Kurikulum Operasional Satuan Pendidikan"),
        ("kehadiran", "Rangkuman Kehadiran Guru"),
    ):
        isi = pdf_sederhana(
            [f"{judul}", sekolah.nama, f"Periode {periode.nama}", "Dokumen contoh skenario Bimtek."],
            judul=judul,
        )
        dok = DokumenSekolah(
            sekolah=sekolah,
            periode=periode,
            jenis=jenis,
            nama_asli=f"{jenis}-{sekolah.npsn}.pdf",
            jenis_berkas="pdf",
            ukuran=len(isi),
            diunggah_oleh=kepala.user,
            diunggah_pada=timezone.make_aware(datetime.combine(periode.persiapan_mulai, time(8, 0))),
        )
        dok.berkas.save("berkas", ContentFile(isi), save=False)
        dok.save()


@transaction.atomic
def bimtek_extend_cycle(scenario, applied, *, periode=None) -> SiklusBimtek:
    """Write the cycle states of the Bimtek scenario for ``periode`` (default: the period of the
    simulated today). See the module docstring for what each school and tokoh carries."""
    catalogue_load()
    periode = periode or periods.periode_current()
    sekolah_ids = list(applied.sekolah_ids.values())
    _bersihkan(periode, sekolah_ids)
    sekolah = {s.pk: s for s in Sekolah.objects.filter(pk__in=sekolah_ids).order_by("npsn")}
    ptk = {
        p.pk: p for p in PTK.objects.filter(pk__in=applied.ptk_ids.values()).select_related("user", "sekolah")
    }
    key_of = {v: k for k, v in applied.ptk_ids.items()}
    by_key = {k: ptk[v] for k, v in applied.ptk_ids.items()}
    definitif, plt = {}, {}
    for a in scenario.penugasan:
        target = definitif if a.jenis == JenisPenugasan.DEFINITIF else plt
        target[applied.sekolah_ids[a.npsn]] = by_key[a.ptk_key]
    kepala_ids = {p.pk for p in definitif.values()} | {p.pk for p in plt.values()}
    kadis = {s.instansi_id: (kepala_dinas_users(s.instansi_id) or [None])[0] for s in sekolah.values()}

    from .access import access_evaluate

    guru_of: dict[int, list[PTK]] = {}
    for p in sorted(ptk.values(), key=lambda x: key_of[x.pk]):
        if p.jenis_ptk in JENIS_GURU and p.pk not in kepala_ids and access_evaluate(p).may_use:
            guru_of.setdefault(p.sekolah_id, []).append(p)

    hasil = SiklusBimtek(periode)
    w = _Penulis(periode)

    def kasus(kode, p, keadaan, coba):
        hasil.kasus.append(KasusSiklus(kode, p.sekolah.nama, p.nama, p.email or "", keadaan, coba))

    def guru_plan(p, tahap, sid, **kw):
        s = sekolah[sid]
        if sid in definitif:
            jalur, atasan = JalurAtasan.KEPALA_SEKOLAH, definitif[sid]
        else:
            jalur, atasan = JalurAtasan.PLT_OTOMATIS, plt[sid]
        if tahap == StatusRencana.DIKEMBALIKAN and jalur == JalurAtasan.PLT_OTOMATIS:
            tahap = StatusRencana.DISETUJUI
        w.tambah(_Rencana(p, s, Peran.GURU, tahap, jalur, atasan, atasan.user, **kw))

    # 1. The showcase school: every stage, in order.
    ks = by_key["ks_definitif"]
    utama = ks.sekolah_id
    for i, p in enumerate(guru_of.get(utama, [])):
        tahap = TAHAP[i % len(TAHAP)]
        pertama = i < len(TAHAP)
        ekspektasi = (
            {"AKUNTABEL": EKSPEKTASI_CONTOH["AKUNTABEL"]}
            if tahap == StatusRencana.DIAJUKAN and pertama
            else {}
        )
        guru_plan(p, tahap, utama, ekspektasi=ekspektasi)
        keadaan, coba = _LABEL_TAHAP[tahap]
        kasus(f"tahap_{tahap}", p, keadaan, coba)
    _dokumen(periode, sekolah[utama], ks)
    w.tambah(
        _Rencana(
            ks,
            sekolah[utama],
            Peran.KEPALA_SEKOLAH,
            StatusRencana.DIAJUKAN,
            JalurAtasan.KEPALA_DINAS,
            None,
            kadis[sekolah[utama].instansi_id],
        )
    )
    kasus(
        "ks_rencana_diajukan",
        ks,
        "Rencana Kepala Sekolah menunggu Kepala Dinas",
        "Kepala Dinas menyetujui dan mendelegasikan observasi ke Pengawas.",
    )

    # 2. Plt schools: automatic approval; the Plt's own guru plan goes to the Kepala Dinas.
    for sid, p_plt in sorted(plt.items()):
        for p in guru_of.get(sid, [])[:3]:
            guru_plan(p, StatusRencana.DISETUJUI, sid)
        if p_plt.sekolah_id == sid:
            s = sekolah[sid]
            w.tambah(
                _Rencana(
                    p_plt,
                    s,
                    Peran.GURU,
                    StatusRencana.DIAJUKAN,
                    JalurAtasan.KEPALA_DINAS,
                    None,
                    kadis[s.instansi_id],
                )
            )
            kasus(
                "plt_rencana_guru",
                p_plt,
                "Rencana guru milik Plt. menunggu Kepala Dinas",
                "Plt. tidak dapat menyetujui rencananya sendiri.",
            )
    for sid in sorted(plt):
        if guru_of.get(sid):
            kasus(
                "plt_otomatis",
                guru_of[sid][0],
                "Rencana disetujui otomatis (sekolah dipimpin Plt.)",
                "Guru menyepakati rencana.",
            )

    # 3. The teacher without any atasan: a complete draft.
    tanpa = by_key["guru_tanpa_atasan"]
    w.tambah(_Rencana(tanpa, tanpa.sekolah, Peran.GURU, StatusRencana.DRAFT, "", None, None))
    kasus(
        "tanpa_atasan",
        tanpa,
        "Rencana lengkap tetapi belum diajukan",
        "Ajukan: 'Data atasan Anda tidak ditemukan'.",
    )

    # 4. Schools for the other exercises, in NPSN order: SD/SMP of the kabupaten with a definitif
    #    principal, at least 3 eligible teachers, and no tokoh school.
    tokoh_sekolah = {by_key[t.ptk_key].sekolah_id for t in scenario.tokoh}
    bebas = [
        sid
        for sid, s in sekolah.items()
        if sid in definitif
        and sid not in tokoh_sekolah
        and s.instansi_id
        and len(guru_of.get(sid, [])) >= 3
        and kadis.get(s.instansi_id) is not None
    ]
    pengawas = _pengawas(applied)
    if bebas and pengawas is not None:
        sid = bebas.pop(0)
        k = definitif[sid]
        w.tambah(
            _Rencana(
                k,
                sekolah[sid],
                Peran.KEPALA_SEKOLAH,
                StatusObservasi.TERJADWAL,
                JalurAtasan.KEPALA_DINAS,
                None,
                kadis[sekolah[sid].instansi_id],
                pengawas=pengawas,
            )
        )
        kasus(
            "pengawas_delegasi",
            k,
            "Observasi Kepala Sekolah didelegasikan ke Pengawas",
            "Pengawas mencatat observasi dan rekomendasi (Maret).",
        )

    ps_rows = []
    cases = [(org, True) for org in PredikatOrganisasi.values] + [
        (PredikatOrganisasi.BAIK, False),
        ("menunggu", True),
        ("ditetapkan", True),
    ]
    for org, sah in cases:
        if not bebas:
            break
        sid = bebas.pop(0)
        s, k = sekolah[sid], definitif[sid]
        guru = guru_of[sid]
        n = len(guru)
        if org in ("menunggu", "ditetapkan"):
            himpunan = himpunan_sah(PredikatOrganisasi.ISTIMEWA, n)
        elif sah:
            himpunan = himpunan_sah(org, n)
        else:
            himpunan = ["baik"] * n  # breaks "Baik at most 70%" and "at least one BP or K/M"
        status_p = StatusPenilaian.DITETAPKAN if org == "ditetapkan" else StatusPenilaian.DIKIRIM
        for i, (p, pred) in enumerate(zip(guru, himpunan, strict=True)):
            ekspektasi = EKSPEKTASI_CONTOH if org == "ditetapkan" and i == 0 else {}
            guru_plan(p, "dinilai", sid, predikat=pred, status_penilaian=status_p, ekspektasi=ekspektasi)
        kirim = timezone.make_aware(
            datetime.combine(periode.penilaian_mulai + timedelta(days=4), time(10, 0))
        )
        org_kode = PredikatOrganisasi.ISTIMEWA if org in ("menunggu", "ditetapkan") else org
        ps_rows.append(
            PenilaianSekolah(
                sekolah=s,
                periode=periode,
                status={
                    "menunggu": StatusPenilaianSekolah.DIKIRIM,
                    "ditetapkan": StatusPenilaianSekolah.DITETAPKAN,
                }.get(org, StatusPenilaianSekolah.ORGANISASI),
                penjelasan_kirim="Penilaian sudah didiskusikan dengan setiap guru.",
                dikirim_oleh=k.user,
                dikirim_pada=kirim,
                predikat_organisasi="" if org == "menunggu" else org_kode,
                predikat_organisasi_oleh=None if org == "menunggu" else kadis[s.instansi_id],
                predikat_organisasi_pada=None if org == "menunggu" else kirim + timedelta(days=2),
                ditetapkan_oleh=k.user if org == "ditetapkan" else None,
                ditetapkan_pada=kirim + timedelta(days=4) if org == "ditetapkan" else None,
            )
        )
        if org == "menunggu":
            kasus(
                "dinas_menunggu",
                k,
                "Penilaian dikirim, menunggu Predikat Kinerja Organisasi",
                "Kepala Dinas memberi Predikat Kinerja Organisasi (Juni).",
            )
        elif org == "ditetapkan":
            kasus(
                "predikat_ditetapkan",
                guru[0],
                "Predikat sudah ditetapkan",
                "Guru melihat predikat dan ekspektasi khusus atasan, lalu mengunduh PDF penilaian.",
            )
        elif sah:
            label = PredikatOrganisasi(org).label
            kasus(
                f"distribusi_{org}",
                k,
                f"Organisasi {label}, penilaian guru sesuai pola distribusi",
                "Tetapkan predikat guru (Juni): berhasil.",
            )
        else:
            kasus(
                "distribusi_langgar",
                k,
                "Organisasi Baik, semua guru Baik",
                "Tetapkan predikat guru (Juni): ditolak dengan penjelasan pola distribusi.",
            )

    w.tulis(_rekomendasi(list(sekolah.values())))
    PenilaianSekolah.objects.bulk_create(ps_rows)
    Riwayat.objects.bulk_create(
        [
            Riwayat(
                periode=periode,
                sekolah=ps.sekolah,
                mesin="penilaian_sekolah",
                transisi="kirim",
                dari="draft",
                ke="dikirim",
                oleh=ps.dikirim_oleh,
                pada=ps.dikirim_pada,
                catatan=ps.penjelasan_kirim,
                notifikasi_pada=ps.dikirim_pada,
            )
            for ps in ps_rows
        ]
    )
    return hasil


def _pengawas(applied):
    from pmm.models import User
    from pmm.roles import Role

    return (
        User.objects.filter(pk__in=applied.user_ids.values(), granted_roles__role=Role.PENGAWAS)
        .order_by("email")
        .first()
    )
