"""``python manage.py bench import [rows=100000]``: the roster import against a raw COPY.

Generates a valid roster of N PTK in a temporary CSV file for a throwaway region (a provinsi,
kabupaten and instansi with unused codes, one school per measured import), then

1. times ``roster_import`` — the very service the upload page calls — on the N rows;
2. times a raw ``COPY`` of the same file into a staging table: the baseline of the goal;
3. for information, times the same COPY into a TEMP table and into an ordinary table with the
   columns and every index of ``dapodik_ptk``, and prints the ratio the import could reach at best
   if it did nothing but land its rows in a table indexed like ``dapodik_ptk`` (the real table
   also checks two foreign keys per row at commit, which no COPY here pays), and the same for a
   table with only the primary key and the identifier keys (unique NIK, NUPTK, NIP) — the least
   any PTK table must keep;
4. measures the peak Python memory (tracemalloc) of the import at N/10 and at N rows, each into a
   fresh school, and prints how it grows.

The baseline "staging table" is an ordinary (WAL-logged) table of text columns without indexes,
created and dropped in the run: a staging table in the usual ETL sense, and logged like the
``dapodik_ptk`` rows the import must write durably. A TEMP table skips the WAL; its rate is printed
beside it (on the machine this was written on the two differ by less than the run-to-run noise).

Goals: import rows/s at least 0.25 × COPY rows/s; peak memory at N at most 1.5 × at N/10 (memory
flat in the file size). Everything created is deleted at the end, also after a failure.
"""

import csv
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta

from django.core.management.base import CommandError
from django.db import connection, transaction

from pmm.actors import Actor, Grant
from pmm.benchmarks import result_line
from pmm.models import Instansi, KabupatenKota, Provinsi
from pmm.roles import Role

from . import identifiers
from .choices import JenisKelamin, Jenjang, StatusSekolah
from .models import PTK, RosterImport, RosterImportError, Sekolah
from .roster.columns import COLUMNS
from .roster.services import roster_import

GOAL_SPEED = 0.25
GOAL_MEMORY = 1.5
JENIS = ("Guru Kelas", "Guru Mapel", "guru_bk", "Guru TIK")


def _angka(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _prefix(field: str, prefix: str) -> dict:
    """A prefix search as a range of digits: the identifier columns have only their unique btree
    index (no ``varchar_pattern_ops`` index for LIKE), which serves a range but not LIKE 'x%'."""
    return {f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


class ImportBenchmark:
    def __init__(self, stdout=None, **options):
        self.stdout = stdout or sys.stdout
        rows = options.pop("rows", 100_000)
        if options:
            raise CommandError(f"Opsi tidak dikenal: {', '.join(sorted(options))} (yang ada: rows=<jumlah>).")
        try:
            self.rows = int(rows)
        except (TypeError, ValueError) as exc:
            raise CommandError(f"rows harus bilangan bulat, bukan {rows!r}.") from exc
        if self.rows < 10:
            raise CommandError("rows paling sedikit 10 (ukuran kecil diukur pada rows/10).")
        self.actor = Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])

    def write(self, line: str = "") -> None:
        self.stdout.write(line + "\n")

    # -- the throwaway region -------------------------------------------------------------------
    def _free_code(self) -> str:
        used = set(Provinsi.objects.values_list("kode", flat=True))
        for n in range(99, 10, -1):
            code = f"{n:02d}"
            if code in used or KabupatenKota.objects.filter(kode=f"{code}99").exists():
                continue
            if (
                PTK.objects.filter(**_prefix("nik", code)).exists()
                or PTK.objects.filter(**_prefix("nuptk", "9" + code)).exists()
            ):
                continue
            if Sekolah.objects.filter(npsn__startswith=f"9{code}").exists():
                continue
            return code
        raise CommandError("Tidak ada kode provinsi kosong untuk wilayah sementara benchmark.")

    def _create_region(self):
        code = self._free_code()
        self.code = code
        self.provinsi = Provinsi.objects.create(kode=code, nama=f"Provinsi Benchmark {code}")
        self.kabupaten = KabupatenKota.objects.create(
            kode=f"{code}99", nama=f"Kabupaten Benchmark {code}", provinsi=self.provinsi
        )
        self.instansi = Instansi.objects.create(
            kode=f"BENCH{code}",
            nama=f"Pemda Benchmark {code}",
            provinsi=self.provinsi,
            kabupaten=self.kabupaten,
        )
        self.schools = [
            Sekolah.objects.create(
                npsn=f"9{code}{n:05d}",
                nama=f"SD Negeri Benchmark {n}",
                jenjang=Jenjang.SD,
                status=StatusSekolah.NEGERI,
                kabupaten=self.kabupaten,
                instansi=self.instansi,
            )
            for n in range(1, 4)
        ]

    def _cleanup(self):
        """Delete what the run created, with plain SQL: the rows are fresh, nothing else refers to
        them, and the ORM would load every generated PTK (and every related model) to cascade."""
        schools = [s.pk for s in getattr(self, "schools", [])]
        steps = []
        if schools:
            steps += [
                (
                    RosterImportError,
                    "roster_import_id IN (SELECT id FROM {imports} WHERE sekolah_id = ANY(%s))",
                    schools,
                ),
                (RosterImport, "sekolah_id = ANY(%s)", schools),
                (PTK, "sekolah_id = ANY(%s)", schools),
                (Sekolah, "id = ANY(%s)", schools),
            ]
        for name in ("instansi", "kabupaten", "provinsi"):
            obj = getattr(self, name, None)
            if obj is not None:
                steps.append((type(obj), "id = ANY(%s)", [obj.pk]))
        with transaction.atomic(), connection.cursor() as cursor:
            for model, where, ids in steps:
                where = where.format(imports=RosterImport._meta.db_table)
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", [ids])

    # -- the roster -----------------------------------------------------------------------------
    def _row(self, i: int) -> list[str]:
        """A valid PTK row; identifiers are unique for every i and carry the region's code."""
        perempuan = i % 2 == 1
        jk = JenisKelamin.PEREMPUAN if perempuan else JenisKelamin.LAKI_LAKI
        lahir = date(1961, 1, 1) + timedelta(days=i % 3000)
        day = lahir.day + (40 if perempuan else 0)
        nik = f"{self.code}99{i // 9999 % 100:02d}{day:02d}{lahir:%m}{lahir.year % 100:02d}{i % 9999 + 1:04d}"
        kind = i % 10
        if kind < 7:
            status = "PNS"
            nip = identifiers.nip_build(
                tanggal_lahir=lahir,
                tmt_cpns=date(1990 + (i // 3000) % 10, 1 + (i // 30000) % 12, 1),
                jenis_kelamin=jk,
                urut=i // 360000,
            )
        elif kind < 9:
            status = "PPPK"
            nip = identifiers.ni_pppk_build(
                tanggal_lahir=lahir,
                tahun_pengangkatan=2010 + (i // 3000) % 10,
                jenis_kelamin=jk,
                urut=i // 30000,
            )
        else:
            status = "Guru Honor Sekolah"
            nip = ""
        return [
            nik,
            f"9{self.code}{i:013d}",
            nip,
            f"Guru Benchmark {i}",
            lahir.isoformat(),
            jk,
            JENIS[i % len(JENIS)],
            status,
            f"bench{self.code}.{i}@guru.sd.belajar.id",
            "2015-07-01",
        ]

    def _write_csv(self, folder: str, name: str, start: int, count: int) -> str:
        path = os.path.join(folder, name)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for i in range(start, start + count):
                writer.writerow(self._row(i))
        return path

    # -- measurements ---------------------------------------------------------------------------
    def _import(self, path: str, sekolah: Sekolah) -> tuple[float, RosterImport]:
        with open(path, "rb") as fh:
            started = time.perf_counter()
            imp = roster_import(
                actor=self.actor, sekolah=sekolah, berkas=fh, nama_berkas=os.path.basename(path)
            )
            elapsed = time.perf_counter() - started
        if imp.status != RosterImport.Status.BERHASIL:
            first = imp.galat.order_by("baris").first()
            raise CommandError(f"Impor benchmark ditolak: {imp.pesan} {first or ''}")
        return elapsed, imp

    def _import_peak(self, path: str, sekolah: Sekolah) -> int:
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            self._import(path, sekolah)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    COPY_TARGETS = ("staging", "temp", "like_ptk", "keys_only")

    def _copy(self, path: str, *, target: str) -> float:
        """Seconds of a raw COPY of the file, rolled back. ``target``: ``staging`` an ordinary
        (logged) table of text columns without indexes (the baseline), ``temp`` the same as a TEMP
        table, ``like_ptk`` an ordinary table with the columns and every index of dapodik_ptk,
        ``keys_only`` the same columns with only the primary key and the three identifier keys
        (unique NIK, NUPTK, NIP) that no PTK table can do without."""
        if target not in self.COPY_TARGETS:
            raise ValueError(target)
        text_columns = ", ".join(c + " text" for c in COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            if target in ("like_ptk", "keys_only"):
                including = "ALL" if target == "like_ptk" else "DEFAULTS INCLUDING IDENTITY"
                cursor.execute(f"CREATE TABLE bench_copy (LIKE {PTK._meta.db_table} INCLUDING {including})")
                if target == "keys_only":
                    cursor.execute(
                        "ALTER TABLE bench_copy ADD PRIMARY KEY (id), ADD UNIQUE (nik), ADD UNIQUE (nuptk), "
                        "ADD UNIQUE (nip)"
                    )
                cursor.execute(
                    "ALTER TABLE bench_copy ALTER COLUMN sekolah_id SET DEFAULT 0, "
                    "ALTER COLUMN updated_at SET DEFAULT now()"
                )
            elif target == "temp":
                cursor.execute(f"CREATE TEMP TABLE bench_copy ({text_columns})")
            else:
                cursor.execute(f"CREATE TABLE bench_copy ({text_columns})")
            with open(path, encoding="utf-8") as fh:
                started = time.perf_counter()
                cursor.copy_expert(
                    f"COPY bench_copy ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true)", fh
                )
                elapsed = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_copy")
        return elapsed

    def run(self) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Benchmark impor hanya untuk PostgreSQL (membandingkan dengan COPY). Jalankan dengan "
                "DATABASE_URL=postgres://... (misalnya make bench-import)."
            )
        n, small = self.rows, max(self.rows // 10, 1)
        self.write(
            f"Benchmark impor roster: N={_angka(n)} baris, N/10={_angka(small)} baris (CSV, satu sekolah per impor)."
        )
        try:
            self._create_region()
            with tempfile.TemporaryDirectory(prefix="bench-roster-") as folder:
                timed = self._write_csv(folder, "roster-n.csv", 0, n)
                small_file = self._write_csv(folder, "roster-n10.csv", n, small)
                big_file = self._write_csv(folder, "roster-n-memori.csv", n + small, n)
                self.write(
                    f"wilayah sementara: provinsi {self.code}; berkas N = {os.path.getsize(timed) / 1e6:.1f} MB"
                )

                seconds, imp = self._import(timed, self.schools[0])
                import_rate = n / seconds
                self.write(
                    f"impor (roster_import)         : {_angka(n)} baris dalam {seconds:.2f} s = "
                    f"{_angka(import_rate)} baris/s ({imp.jumlah_baru} PTK baru)"
                )
                copy_seconds = self._copy(timed, target="staging")
                copy_rate = n / copy_seconds
                self.write(
                    f"COPY mentah ke tabel staging   : {_angka(n)} baris dalam {copy_seconds:.2f} s = "
                    f"{_angka(copy_rate)} baris/s (tabel biasa ber-WAL, kolom teks, tanpa indeks; pembanding)"
                )
                temp_seconds = self._copy(timed, target="temp")
                self.write(
                    f"COPY mentah ke tabel TEMP (informasi): {temp_seconds:.2f} s = {_angka(n / temp_seconds)} baris/s"
                )
                indexed_seconds = self._copy(timed, target="like_ptk")
                self.write(
                    f"COPY ke tabel biasa berindeks seperti dapodik_ptk (informasi): {indexed_seconds:.2f} s = "
                    f"{_angka(n / indexed_seconds)} baris/s; impor / COPY ini = "
                    f"{import_rate / (n / indexed_seconds):.3f}"
                )
                self.write(
                    "batas atas kasar rasio bila baris cukup dimasukkan ke tabel berindeks seperti "
                    f"dapodik_ptk, tanpa pemeriksaan apa pun: {copy_seconds / indexed_seconds:.3f}"
                )
                keys_seconds = self._copy(timed, target="keys_only")
                self.write(
                    "batas atas rasio bila tabel PTK hanya punya kunci identitas (PK, NIK, NUPTK, NIP unik), "
                    f"tanpa pemeriksaan apa pun: COPY {keys_seconds:.2f} s, rasio {copy_seconds / keys_seconds:.3f}"
                )

                rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                peak_small = self._import_peak(small_file, self.schools[1])
                peak_big = self._import_peak(big_file, self.schools[2])
                rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                self.write(f"memori puncak impor N/10       : {peak_small / 1e6:.2f} MB (tracemalloc)")
                self.write(f"memori puncak impor N          : {peak_big / 1e6:.2f} MB (tracemalloc)")
                self.write(
                    f"ru_maxrss proses naik {max(rss_after - rss_before, 0) / 1024:.1f} MB selama kedua impor itu"
                )
        finally:
            self._cleanup()
        self.write(result_line("import_vs_copy", import_rate / copy_rate, GOAL_SPEED))
        self.write(
            result_line("import_memory_growth", peak_big / max(peak_small, 1), GOAL_MEMORY, at_most=True)
        )
