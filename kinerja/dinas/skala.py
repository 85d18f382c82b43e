"""National-scale seed for load tests (``manage.py seed_scale``): wilayah, instansi, sekolah, PTK,
principal assignments, plans, observations and ratings in a realistic mix, written with ``COPY``.

Decisions:

* PostgreSQL only (COPY, identity columns, set-based refresh).
* The seeded tables must be empty, or hold a previous ``seed_scale`` (``SeedSkala`` marker): a run
  with the same size does nothing; another size, or ``--reset``, first TRUNCATEs wilayah, Dapodik,
  cycle and dashboard tables (CASCADE: every row that refers to them goes too, e.g. granted roles)
  and deletes the accounts the seed created (``skala.*``). A database with other data is refused
  unless ``--reset`` is given.
* Ids are assigned by the seed (tables are empty) so foreign keys are known without reading back;
  the identity sequences are moved past them at the end.
* Identifiers are built with ``dapodik.identifiers`` and are unique by construction: PTK number
  ``i`` is born on day ``i·7919 mod 10950`` of a 30-year window (7919 is prime to 10950, so the
  pair (birth date, ``i // 10950``) is unique) and that pair is the NIK's date + sequence and the
  NIP's date + sequence. About 1.5% of ASN carry a NIP whose gender digit disagrees with Dapodik and
  0.5% have none (the "NIP tidak sesuai" problem); ~5% of schools have only a Plt and ~4% no
  principal at all ("tanpa atasan"); 3% of instansi have no Kepala Dinas account.
* Accounts are created only where a rule needs them: one Kepala Dinas per instansi (the atasan of
  principals), one PIC per provinsi and per kabupaten/kota, one Admin Pusat — about 1,100 users for
  the national size, never one per PTK.
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from dapodik import identifiers
from dapodik.choices import (
    JENIS_PTK_PENGELOLAAN_KINERJA,
    STATUS_ASN_SINKRO,
    STATUS_NIP_PNS,
    JenisKelamin,
    JenisPenugasan,
    JenisPTK,
    Jenjang,
    StatusKepegawaian,
    StatusSekolah,
)
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from kinerja.models import Observasi, Penilaian, PenilaianSekolah, Periode, Rencana
from kinerja.predikat import PredikatOrganisasi, Rating, predikat_for
from kinerja.transitions import StatusObservasi, StatusPenilaian, StatusPenilaianSekolah, StatusRencana
from pmm.models import Instansi, KabupatenKota, Provinsi, User, UserRole
from pmm.roles import Role

from .models import RekapPegawai, RekapSekolah, RekapStatus, RekapWilayah, SeedSkala

EMAIL_PREFIX = "skala."
PASSWORD = "skala2024"

# 38 provinsi (Kemendagri codes) with roughly their number of kabupaten/kota (514 in total).
PROVINSI = [
    ("11", "Aceh", 23), ("12", "Sumatera Utara", 33), ("13", "Sumatera Barat", 19), ("14", "Riau", 12),
    ("15", "Jambi", 11), ("16", "Sumatera Selatan", 17), ("17", "Bengkulu", 10), ("18", "Lampung", 15),
    ("19", "Kepulauan Bangka Belitung", 7), ("21", "Kepulauan Riau", 7), ("31", "DKI Jakarta", 6),
    ("32", "Jawa Barat", 27), ("33", "Jawa Tengah", 35), ("34", "DI Yogyakarta", 5), ("35", "Jawa Timur", 38),
    ("36", "Banten", 8), ("51", "Bali", 9), ("52", "Nusa Tenggara Barat", 10), ("53", "Nusa Tenggara Timur", 22),
    ("61", "Kalimantan Barat", 14), ("62", "Kalimantan Tengah", 14), ("63", "Kalimantan Selatan", 13),
    ("64", "Kalimantan Timur", 10), ("65", "Kalimantan Utara", 5), ("71", "Sulawesi Utara", 15),
    ("72", "Sulawesi Tengah", 13), ("73", "Sulawesi Selatan", 24), ("74", "Sulawesi Tenggara", 17),
    ("75", "Gorontalo", 6), ("76", "Sulawesi Barat", 6), ("81", "Maluku", 11), ("82", "Maluku Utara", 10),
    ("91", "Papua", 9), ("92", "Papua Barat", 7), ("93", "Papua Selatan", 4), ("94", "Papua Tengah", 8),
    ("95", "Papua Pegunungan", 8), ("96", "Papua Barat Daya", 6),
]  # fmt: skip

NAMA_DEPAN = [
    "Siti", "Ahmad", "Dewi", "Budi", "Sri", "Agus", "Nur", "Rina", "Eko", "Wahyu", "Yuli", "Hendra", "Ani",
    "Dedi", "Ratna", "Joko", "Lestari", "Andi", "Fitri", "Made", "Ketut", "Yohanes", "Maria", "Fransiska",
    "Muhammad", "Indah", "Rudi", "Sari", "Bambang", "Wulan", "Arif", "Putu", "Nyoman", "Dian", "Teguh",
]  # fmt: skip
NAMA_BELAKANG = [
    "Rahayu", "Santoso", "Wijaya", "Lestari", "Hidayat", "Saputra", "Kurniawan", "Handayani", "Siregar",
    "Nasution", "Simanjuntak", "Pratama", "Wulandari", "Setiawan", "Susanti", "Hakim", "Gultom", "Sitorus",
    "Pangaribuan", "Mahendra", "Purnama", "Yuliana", "Syahputra", "Anggraini", "Rumbiak", "Kogoya", "Wanma",
]  # fmt: skip

JENJANG_MIX = [(Jenjang.SD, 58), (Jenjang.SMP, 17), (Jenjang.TK, 10), (Jenjang.SMA, 7), (Jenjang.SMK, 6),
               (Jenjang.SLB, 2)]  # fmt: skip
UKURAN_JENJANG = {
    Jenjang.SD: 8,
    Jenjang.SMP: 14,
    Jenjang.TK: 3,
    Jenjang.SMA: 16,
    Jenjang.SMK: 18,
    Jenjang.SLB: 6,
}
JENIS_MIX = [
    (JenisPTK.GURU_KELAS, 40), (JenisPTK.GURU_MAPEL, 32), (JenisPTK.GURU_BK, 3), (JenisPTK.GURU_PENDAMPING, 2),
    (JenisPTK.GURU_TIK, 1), (JenisPTK.GURU_PENDAMPING_KHUSUS, 1), (JenisPTK.TENAGA_ADMINISTRASI, 12),
    (JenisPTK.PUSTAKAWAN, 2), (JenisPTK.LABORAN, 1), (JenisPTK.GURU_MAGANG, 1), (JenisPTK.LAINNYA, 5),
]  # fmt: skip
STATUS_NEGERI_MIX = [
    (StatusKepegawaian.PNS, 52), (StatusKepegawaian.PPPK, 20), (StatusKepegawaian.CPNS, 2),
    (StatusKepegawaian.GTT_PTT_KABKOTA, 10), (StatusKepegawaian.GURU_HONOR_SEKOLAH, 10),
    (StatusKepegawaian.TENAGA_HONOR_SEKOLAH, 3), (StatusKepegawaian.PNS_DEPAG, 1),
    (StatusKepegawaian.GURU_BANTU_PUSAT, 1), (StatusKepegawaian.LAINNYA, 1),
]  # fmt: skip
STATUS_SWASTA_MIX = [
    (StatusKepegawaian.GTY_PTY, 60), (StatusKepegawaian.GURU_HONOR_SEKOLAH, 30),
    (StatusKepegawaian.PNS_DIPERBANTUKAN, 6), (StatusKepegawaian.LAINNYA, 4),
]  # fmt: skip
RENCANA_MIX = [
    ("", 12), (StatusRencana.DRAFT, 10), (StatusRencana.DIKEMBALIKAN, 3), (StatusRencana.DIAJUKAN, 12),
    (StatusRencana.DISETUJUI, 15), (StatusRencana.DISEPAKATI, 48),
]  # fmt: skip
OBSERVASI_MIX = [
    ("", 10), (StatusObservasi.BELUM, 10), (StatusObservasi.TERJADWAL, 25), (StatusObservasi.DIOBSERVASI, 15),
    (StatusObservasi.TINDAK_LANJUT, 15), (StatusObservasi.SELESAI, 25),
]  # fmt: skip
PENILAIAN_MIX = [
    ("", 40),
    (StatusPenilaian.DRAFT, 20),
    (StatusPenilaian.DIKIRIM, 25),
    (StatusPenilaian.DITETAPKAN, 15),
]
RATING_MIX = [(Rating.DI_ATAS, 25), (Rating.SESUAI, 65), (Rating.DI_BAWAH, 10)]

TANGGAL_DASAR = date(1965, 1, 1)
HARI_RENTANG = 10950  # 30 years of birth dates
LANGKAH = 7919  # prime to HARI_RENTANG


def _chooser(mix, rng):
    values = [v for v, _ in mix]
    weights = [w for _, w in mix]
    cum = []
    total = 0
    for w in weights:
        total += w
        cum.append(total)

    def choose():
        x = rng.random() * total
        for v, c in zip(values, cum, strict=False):
            if x < c:
                return v
        return values[-1]

    return choose


# ---------------------------------------------------------------------------------------------
# COPY plumbing


def _fmt(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    s = str(value)
    if any(c in s for c in "\\\t\n\r"):
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


class _RowReader:
    """A file-like object over an iterator of rows, for ``copy_expert``."""

    def __init__(self, rows, extra: list):
        self.rows = iter(rows)
        self.extra = "".join("\t" + _fmt(v) for v in extra)
        self.buffer = b""
        self.count = 0

    def read(self, size=-1):
        size = 1 << 16 if size is None or size < 0 else size
        parts = [self.buffer]
        length = len(self.buffer)
        while length < size:
            batch = []
            for row in self.rows:
                batch.append("\t".join(_fmt(v) for v in row) + self.extra + "\n")
                if len(batch) >= 500:
                    break
            if not batch:
                break
            self.count += len(batch)
            chunk = "".join(batch).encode()
            parts.append(chunk)
            length += len(chunk)
        data = b"".join(parts)
        self.buffer = data[size:]
        return data[:size]

    readline = read


def copy_rows(cursor, model, columns: list[str], rows) -> int:
    """COPY ``rows`` (tuples in ``columns`` order) into ``model``'s table. A NOT NULL column that is
    not given takes the model field's default, so a field added to a model later does not break the
    seed; a NOT NULL column without a default is an error."""
    extra_cols, extra_vals = [], []
    for f in model._meta.concrete_fields:
        if f.column in columns or f.primary_key or f.null:
            continue
        if f.has_default():
            default = f.get_default()
        elif f.empty_strings_allowed and f.blank:
            default = ""
        else:
            raise RuntimeError(f"{model._meta.label}.{f.column} wajib diisi oleh seed_scale.")
        extra_cols.append(f.column)
        extra_vals.append(json.dumps(default) if isinstance(default, (dict, list)) else default)
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in [*columns, *extra_cols])
    reader = _RowReader(rows, extra_vals)
    cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", reader)
    return reader.count


def _reset_sequence(cursor, model) -> None:
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM {connection.ops.quote_name(table)}",
        [table],
    )


# ---------------------------------------------------------------------------------------------
# The seed


@dataclass
class Laporan:
    langkah: list[tuple[str, int, float]] = field(default_factory=list)
    total_detik: float = 0.0
    dilewati: bool = False

    def catat(self, nama: str, jumlah: int, mulai: float) -> None:
        self.langkah.append((nama, jumlah, time.monotonic() - mulai))


SEEDED_TABLES = [Provinsi, KabupatenKota, Instansi, Sekolah, PTK, PenugasanKepalaSekolah]
CYCLE_TABLES = [Rencana, Observasi, Penilaian, PenilaianSekolah]
REKAP_TABLES = [RekapPegawai, RekapSekolah, RekapWilayah, RekapStatus, SeedSkala]


class SeedError(Exception):
    pass


def _require_postgres():
    if connection.vendor != "postgresql":
        raise SeedError("seed_scale hanya untuk PostgreSQL (memakai COPY); SQLite tidak didukung.")


def wipe(cursor) -> None:
    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in [*REKAP_TABLES, *CYCLE_TABLES, *SEEDED_TABLES]
    )
    cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    User.objects.filter(email__startswith=EMAIL_PREFIX).delete()


def state() -> tuple[SeedSkala | None, bool]:
    """(the marker of a previous seed, whether other Dapodik data exists)."""
    marker = SeedSkala.objects.order_by("-id").first()
    has_data = Sekolah.objects.exists() or PTK.objects.exists()
    return marker, has_data


def seed(*, pegawai: int, sekolah: int | None = None, reset: bool = False, seed_value: int = 20240101,
         periode: Periode | None = None, rekap: bool = True, log=print) -> Laporan:  # fmt: skip
    _require_postgres()
    if pegawai < 10:
        raise SeedError("--pegawai minimal 10.")
    sekolah = sekolah or max(1, round(pegawai / 7.5))
    if sekolah > pegawai:
        raise SeedError("Jumlah sekolah tidak boleh melebihi jumlah pegawai.")
    laporan = Laporan()
    started = time.monotonic()
    marker, has_data = state()
    if not reset:
        if marker is not None and marker.jumlah_pegawai == pegawai and marker.jumlah_sekolah == sekolah:
            if PTK.objects.count() == pegawai:
                laporan.dilewati = True
                log(f"Data skala {pegawai} pegawai / {sekolah} sekolah sudah ada; tidak ada yang diubah.")
                return laporan
        if marker is None and has_data:
            raise SeedError(
                "Basis data ini berisi data Dapodik lain. Gunakan --reset untuk MENGHAPUS semua wilayah, "
                "data Dapodik, siklus kinerja dan rekap dashboard lalu mengisi data skala nasional."
            )
    with transaction.atomic():
        cursor = connection.cursor()
        # Constraint checks per row instead of a deferred queue of millions of events at commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        t = time.monotonic()
        wipe(cursor)
        laporan.catat("kosongkan tabel", 0, t)
        if periode is None:
            from kinerja.periods import periode_current

            periode = periode_current(create=True)
        _Generator(cursor, pegawai, sekolah, seed_value, periode, laporan, log).run()
        SeedSkala.objects.create(
            jumlah_pegawai=pegawai,
            jumlah_sekolah=sekolah,
            selesai_pada=timezone.now(),
            durasi_detik=time.monotonic() - started,
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for model in (PTK, Sekolah, Rencana, Observasi, Penilaian):
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    if rekap:
        from .rekap import rekap_refresh

        t = time.monotonic()
        hasil = rekap_refresh(periode=periode)
        laporan.catat("rekap dashboard", hasil.pegawai, t)
        for model in (RekapPegawai, RekapSekolah, RekapWilayah):
            with connection.cursor() as cur:
                cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    laporan.total_detik = time.monotonic() - started
    return laporan


class _Generator:
    def __init__(self, cursor, pegawai, sekolah, seed_value, periode, laporan, log):
        self.cur = cursor
        self.n_pegawai = pegawai
        self.n_sekolah = sekolah
        self.rng = random.Random(seed_value)
        self.periode = periode
        self.laporan = laporan
        self.log = log
        self.now = timezone.now()

    def step(self, nama, model, columns, rows):
        t = time.monotonic()
        n = copy_rows(self.cur, model, columns, rows)
        _reset_sequence(self.cur, model)
        self.laporan.catat(nama, n, t)
        self.log(f"  {nama}: {n} baris, {time.monotonic() - t:.1f} detik")
        return n

    # -- wilayah and instansi ------------------------------------------------------------------

    def wilayah(self):
        # Real kabupaten/kota counts from 5,000 schools up; fewer for tiny test seeds.
        scale = min(1.0, self.n_sekolah / 5_000)
        self.provinsi = []  # (id, kode, nama)
        self.kabupaten = []  # (id, kode, nama, provinsi_id, instansi_id)
        kab_id = 0
        for pid, (kode, nama, jumlah) in enumerate(PROVINSI, start=1):
            self.provinsi.append((pid, kode, nama))
            for j in range(1, max(1, round(jumlah * scale)) + 1):
                kab_id += 1
                jenis = "Kota" if j % 6 == 0 else "Kabupaten"
                self.kabupaten.append((kab_id, f"{kode}{j:02d}", f"{jenis} {nama} {j}", pid, 0))
        self.step("provinsi", Provinsi, ["id", "kode", "nama"], self.provinsi)
        self.step(
            "kabupaten/kota",
            KabupatenKota,
            ["id", "kode", "nama", "provinsi_id"],
            [k[:4] for k in self.kabupaten],
        )
        instansi = []
        self.instansi_prov = {}
        for pid, kode, nama in self.provinsi:
            iid = len(instansi) + 1
            instansi.append((iid, f"P{kode}", f"Pemerintah Provinsi {nama}", pid, None))
            self.instansi_prov[pid] = iid
        for i, (kid, kode, nama, pid, _) in enumerate(self.kabupaten):
            iid = len(instansi) + 1
            instansi.append((iid, f"K{kode}", f"Pemerintah {nama}", pid, kid))
            self.kabupaten[i] = (kid, kode, nama, pid, iid)
        self.instansi = instansi
        self.step("instansi", Instansi, ["id", "kode", "nama", "provinsi_id", "kabupaten_id"], instansi)

    # -- sekolah -------------------------------------------------------------------------------

    def sekolah(self):
        rng = self.rng
        jenjang_of = _chooser(JENJANG_MIX, rng)
        # Kabupaten weights vary 1:4 so regions differ in size like real ones.
        weights = [0.5 + 1.5 * rng.random() for _ in self.kabupaten]
        total_w = sum(weights)
        counts = [int(self.n_sekolah * w / total_w) for w in weights]
        for i in range(self.n_sekolah - sum(counts)):
            counts[i % len(counts)] += 1
        self.sekolah_rows = []  # (id, jenjang, status, instansi_id, kab index)
        rows = []
        sid = 0
        for kidx, ((kid, _kode, nama, pid, iid), count) in enumerate(
            zip(self.kabupaten, counts, strict=False)
        ):
            for _ in range(count):
                sid += 1
                jenjang = jenjang_of()
                swasta = rng.random() < 0.18
                if swasta:
                    status, inst = StatusSekolah.SWASTA, None
                else:
                    status = StatusSekolah.NEGERI
                    provinsi_level = jenjang in (Jenjang.SMA, Jenjang.SMK, Jenjang.SLB)
                    inst = self.instansi_prov[pid] if provinsi_level else iid
                    if rng.random() < 0.002:  # a negeri school Dapodik has not tied to its Pemda
                        inst = None
                label = "Negeri" if status == StatusSekolah.NEGERI else "Swasta"
                rows.append(
                    (
                        sid,
                        identifiers.npsn_build(sid),
                        f"{jenjang} {label} {sid} {nama}",
                        jenjang,
                        status,
                        kid,
                        inst,
                        "",
                    )
                )
                self.sekolah_rows.append((sid, jenjang, status, inst, kidx))
        self.step(
            "sekolah",
            Sekolah,
            ["id", "npsn", "nama", "jenjang", "status", "kabupaten_id", "instansi_id", "alamat"],
            rows,
        )

    # -- PTK, principals, plans ----------------------------------------------------------------

    def _ukuran(self):
        rng = self.rng
        weights = [UKURAN_JENJANG[j] * (0.6 + 0.8 * rng.random()) for _, j, _, _, _ in self.sekolah_rows]
        total = sum(weights)
        counts = [max(1, int(self.n_pegawai * w / total)) for w in weights]
        diff = self.n_pegawai - sum(counts)
        i = 0
        while diff != 0:
            idx = i % len(counts)
            if diff > 0:
                counts[idx] += 1
                diff -= 1
            elif counts[idx] > 1:
                counts[idx] -= 1
                diff += 1
            i += 1
        return counts

    def ptk(self):
        rng = self.rng
        jenis_of = _chooser(JENIS_MIX, rng)
        status_negeri = _chooser(STATUS_NEGERI_MIX, rng)
        status_swasta = _chooser(STATUS_SWASTA_MIX, rng)
        counts = self._ukuran()
        self.ptk_meta = []  # (ptk_id, sekolah_id, eligible_for_plan, is_kepala)
        self.penugasan = []
        updated = self.now

        def rows():
            pid = 0
            for (sid, _jenjang, s_status, inst, kidx), count in zip(self.sekolah_rows, counts, strict=False):
                kab_kode = self.kabupaten[kidx][1]
                kepala_mode = rng.random()
                # 91% definitif, 5% only a Plt, 4% no principal.
                kepala_kind = (
                    JenisPenugasan.DEFINITIF
                    if kepala_mode < 0.91
                    else JenisPenugasan.PLT
                    if kepala_mode < 0.96
                    else None
                )
                for k in range(count):
                    i = pid
                    pid += 1
                    jk = JenisKelamin.LAKI_LAKI if rng.random() < 0.42 else JenisKelamin.PEREMPUAN
                    lahir = TANGGAL_DASAR + timedelta(days=(i * LANGKAH) % HARI_RENTANG)
                    seq = i // HARI_RENTANG
                    is_kepala = k == 0 and kepala_kind == JenisPenugasan.DEFINITIF
                    is_plt = k == 1 and kepala_kind == JenisPenugasan.PLT
                    if is_kepala:
                        jenis, status = JenisPTK.KEPALA_SEKOLAH, StatusKepegawaian.PNS
                    elif is_plt:
                        jenis, status = JenisPTK.GURU_KELAS, StatusKepegawaian.PNS
                    else:
                        jenis = jenis_of()
                        status = status_negeri() if s_status == StatusSekolah.NEGERI else status_swasta()
                    nip = None
                    if status in STATUS_NIP_PNS:
                        r = rng.random()
                        if r >= 0.005:
                            g = jk
                            if r < 0.02:  # gender digit disagrees with Dapodik
                                g = (
                                    JenisKelamin.PEREMPUAN
                                    if jk == JenisKelamin.LAKI_LAKI
                                    else JenisKelamin.LAKI_LAKI
                                )
                            tmt = date(lahir.year + 22 + i % 8, 1 + i % 12, 1)
                            nip = identifiers.nip_build(
                                tanggal_lahir=lahir, tmt_cpns=tmt, jenis_kelamin=g, urut=seq
                            )
                    elif status == StatusKepegawaian.PPPK:
                        nip = identifiers.ni_pppk_build(
                            tanggal_lahir=lahir, tahun_pengangkatan=2019 + i % 5, jenis_kelamin=jk, urut=seq
                        )
                    nik = identifiers.nik_build(
                        kode_wilayah=f"{kab_kode}{1 + i % 30:02d}",
                        tanggal_lahir=lahir,
                        jenis_kelamin=jk,
                        urut=seq,
                    )
                    nuptk = identifiers.nuptk_build(i) if rng.random() < 0.85 else None
                    nama = f"{NAMA_DEPAN[i % len(NAMA_DEPAN)]} {NAMA_BELAKANG[(i * 7) % len(NAMA_BELAKANG)]} {i % 997}"
                    eligible = (
                        jenis in JENIS_PTK_PENGELOLAAN_KINERJA
                        and s_status == StatusSekolah.NEGERI
                        and inst is not None
                        and status
                        not in (
                            StatusKepegawaian.PNS_DEPAG,
                            StatusKepegawaian.GTY_PTY,
                            StatusKepegawaian.GURU_BANTU_PUSAT,
                        )
                    )
                    self.ptk_meta.append((pid, sid, eligible, is_kepala, status in STATUS_ASN_SINKRO))
                    if is_kepala or is_plt:
                        self.penugasan.append((sid, pid, kepala_kind, date(2020, 1, 2)))
                    yield (
                        pid,
                        nik,
                        nuptk,
                        nip,
                        nama,
                        lahir,
                        jk,
                        jenis,
                        status,
                        sid,
                        None,
                        date(2018, 7, 1),
                        None,
                        updated,
                    )

        self.step(
            "PTK",
            PTK,
            [
                "id", "nik", "nuptk", "nip", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_ptk",
                "status_kepegawaian", "sekolah_id", "email", "tmt_tugas", "user_id", "updated_at",
            ],
            rows(),
        )  # fmt: skip
        self.step(
            "penugasan kepala sekolah",
            PenugasanKepalaSekolah,
            ["id", "sekolah_id", "ptk_id", "jenis", "tanggal_mulai", "tanggal_selesai", "nomor_sk"],
            (
                (n, sid, pid, jenis, mulai, None, f"SK/{sid}")
                for n, (sid, pid, jenis, mulai) in enumerate(self.penugasan, 1)
            ),
        )

    def siklus(self):
        rng = self.rng
        rencana_of = _chooser(RENCANA_MIX, rng)
        observasi_of = _chooser(OBSERVASI_MIX, rng)
        penilaian_of = _chooser(PENILAIAN_MIX, rng)
        rating_of = _chooser(RATING_MIX, rng)
        periode_id = self.periode.pk
        dibuat = timezone.make_aware(datetime.combine(self.periode.tanggal_mulai, datetime.min.time()))
        observasi, penilaian = [], []

        def rencana_rows():
            rid = 0
            for pid, sid, eligible, is_kepala, _asn in self.ptk_meta:
                if not eligible:
                    continue
                status = rencana_of()
                if not status:
                    continue
                rid += 1
                diajukan = dibuat + timedelta(days=5) if status != StatusRencana.DRAFT else None
                disetujui = (
                    dibuat + timedelta(days=9)
                    if status in (StatusRencana.DISETUJUI, StatusRencana.DISEPAKATI)
                    else None
                )
                disepakati = dibuat + timedelta(days=12) if status == StatusRencana.DISEPAKATI else None
                if disetujui is not None:
                    o = observasi_of()
                    if o:
                        observasi.append((rid, o))
                        if o != StatusObservasi.BELUM:
                            p = penilaian_of()
                            if p:
                                hasil, perilaku = rating_of(), rating_of()
                                pred = predikat_for(hasil, perilaku).value
                                penilaian.append((rid, p, hasil, perilaku, pred))
                peran = "kepala_sekolah" if is_kepala else "guru"
                yield (
                    rid,
                    periode_id,
                    pid,
                    sid,
                    peran,
                    status,
                    True,
                    "",
                    "",
                    dibuat,
                    diajukan,
                    disetujui,
                    disepakati,
                )

        self.step(
            "rencana",
            Rencana,
            [
                "id", "periode_id", "ptk_id", "sekolah_id", "peran", "status", "perilaku_dikonfirmasi",
                "jalur_atasan", "catatan_atasan", "dibuat_pada", "diajukan_pada", "disetujui_pada", "disepakati_pada",
            ],
            rencana_rows(),
        )  # fmt: skip
        self.step(
            "observasi",
            Observasi,
            ["id", "rencana_id", "status", "dokumen_persiapan", "catatan_observasi", "catatan_tindak_lanjut", "refleksi", "rekomendasi", "jadwal_diubah"],
            ((n, rid, st, "", "", "", "", "", 0) for n, (rid, st) in enumerate(observasi, 1)),
        )  # fmt: skip
        dinilai = dibuat + timedelta(days=160)

        def penilaian_rows():
            for n, (rid, st, hasil, perilaku, pred) in enumerate(penilaian, 1):
                dikirim = dinilai if st != StatusPenilaian.DRAFT else None
                ditetapkan = dinilai if st == StatusPenilaian.DITETAPKAN else None
                yield (n, rid, st, hasil, perilaku, pred, "", dinilai, dikirim, ditetapkan)

        self.step(
            "penilaian",
            Penilaian,
            ["id", "rencana_id", "status", "rating_hasil_kerja", "rating_perilaku", "predikat", "catatan", "diperbarui_pada", "dikirim_pada", "ditetapkan_pada"],
            penilaian_rows(),
        )  # fmt: skip
        organisasi_of = _chooser([(p, 1) for p in PredikatOrganisasi.values], rng)

        def sekolah_rows():
            n = 0
            for sid, _j, s_status, _inst, _k in self.sekolah_rows:
                if s_status != StatusSekolah.NEGERI or rng.random() > 0.35:
                    continue
                n += 1
                st = rng.choice(list(StatusPenilaianSekolah.values))
                org = (
                    organisasi_of()
                    if st in (StatusPenilaianSekolah.ORGANISASI, StatusPenilaianSekolah.DITETAPKAN)
                    else ""
                )
                yield (n, sid, periode_id, st, "", org)

        self.step(
            "penilaian sekolah",
            PenilaianSekolah,
            ["id", "sekolah_id", "periode_id", "status", "penjelasan_kirim", "predikat_organisasi"],
            sekolah_rows(),
        )

    # -- accounts ------------------------------------------------------------------------------

    def akun(self):
        t = time.monotonic()
        rng = self.rng
        hashed = make_password(PASSWORD)
        users, grants = [], []
        for iid, kode, nama, _pid, _kid in self.instansi:
            if rng.random() < 0.97:  # 3% of instansi without a Kepala Dinas account
                users.append(
                    User(
                        email=f"{EMAIL_PREFIX}kadis.{kode.lower()}@dinas.belajar.id",
                        nama=f"Kepala Dinas {nama}",
                        password=hashed,
                        last_login=self.now,
                    )
                )
                grants.append((len(users) - 1, Role.KEPALA_DINAS, {"instansi_id": iid}))
        for pid, kode, nama in self.provinsi:
            users.append(
                User(
                    email=f"{EMAIL_PREFIX}pic.{kode}@dinas.belajar.id",
                    nama=f"PIC Dinas {nama}",
                    password=hashed,
                    last_login=self.now,
                )
            )
            grants.append(
                (len(users) - 1, Role.PIC_DINAS, {"instansi_id": self.instansi_prov[pid], "provinsi_id": pid})
            )
        for kid, kode, nama, _pid, iid in self.kabupaten:
            users.append(
                User(
                    email=f"{EMAIL_PREFIX}pic.{kode}@dinas.belajar.id",
                    nama=f"PIC Dinas {nama}",
                    password=hashed,
                    last_login=self.now,
                )
            )
            grants.append((len(users) - 1, Role.PIC_DINAS, {"instansi_id": iid, "kabupaten_id": kid}))
        users.append(
            User(
                email=f"{EMAIL_PREFIX}admin@simulator-pmm.id",
                nama="Admin Pusat (skala)",
                password=hashed,
                last_login=self.now,
            )
        )
        grants.append((len(users) - 1, Role.ADMIN_PUSAT, {}))
        created = User.objects.bulk_create(users, batch_size=1000)
        UserRole.objects.bulk_create(
            [UserRole(user=created[i], role=role, **scope) for i, role, scope in grants], batch_size=1000
        )
        self.laporan.catat("akun", len(created), t)
        self.log(f"  akun: {len(created)} pengguna, {time.monotonic() - t:.1f} detik")

    def run(self):
        self.log(
            f"Mengisi {self.n_pegawai} pegawai di {self.n_sekolah} sekolah (periode {self.periode.nama})…"
        )
        self.wilayah()
        self.sekolah()
        self.ptk()
        self.siklus()
        self.akun()
