"""The TEMP staging table of one import and the set-based checks run on it.

Rows are streamed into ``roster_staging`` (PostgreSQL: ``COPY`` from a generator; other databases:
``executemany`` in batches), then duplicates inside the file and conflicts with other PTK are found
with SQL, so no Python structure grows with the file. The table lives only inside the import's
transaction.

Measured choices (``python manage.py bench import``, N=100,000, see dapodik/benchmarks.py):
- the staging table is not ANALYZEd: the checks plan well enough from its size alone, and ANALYZE
  cost more (~0.12 s) than it saved on the checks;
- new PTK are inserted in the staging table's order, not sorted by NIK: the sort spilled to disk and
  did not make the index inserts cheaper;
- the PTK the file already names are looked up once into ``roster_ada`` before the INSERT, so the
  INSERT never reads ``dapodik_ptk`` while writing it (a NOT EXISTS on the table being filled was
  planned as a nested loop over a seq scan when its statistics said "empty", which is quadratic:
  90+ s instead of ~1 s for a first import of 100,000 PTK).
"""

import csv
import io
import tempfile
from itertools import islice

from django.db import connection

from pmm.models import User

from ..models import PTK, RosterImportError
from .columns import LABELS

STAGING = "roster_staging"
# The school's PTK named in the file (nik, ptk_id), filled just before the writes.
EXISTING = "roster_ada"
STAGING_COLUMNS = (
    "baris",
    "nik",
    "nuptk",
    "nip",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_ptk",
    "status_kepegawaian",
    "email",
    "tmt_tugas",
)
DATA_COLUMNS = STAGING_COLUMNS[1:]
# Compared to decide whether a PTK of the school really changed (``nik`` is the key).
UPDATABLE = DATA_COLUMNS[1:]
BATCH = 2000
KOLOM_MAX = RosterImportError._meta.get_field("kolom").max_length
PESAN_MAX = RosterImportError._meta.get_field("pesan").max_length


class ErrorSpool:
    """Row errors found while streaming, kept in a spooled temporary file (on disk past 1 MB) until
    the staging COPY is over; then loaded into RosterImportError in one pass."""

    def __init__(self, import_id: int):
        self.import_id = import_id
        self.count = 0
        self._file = tempfile.SpooledTemporaryFile(
            max_size=1024 * 1024, mode="w+", newline="", encoding="utf-8"
        )
        self._writer = csv.writer(self._file, lineterminator="\n")

    def add(self, baris: int, kolom: str, pesan: str) -> None:
        self.count += 1
        self._writer.writerow((self.import_id, baris, kolom[:KOLOM_MAX], pesan[:PESAN_MAX]))

    def rewind(self):
        self._file.seek(0)
        return self._file

    def close(self):
        self._file.close()


class _CopyStream:
    """A file-like object whose ``read`` pulls rows from an iterator and returns them as CSV text,
    as ``cursor.copy_expert`` expects. An exception raised while producing rows is kept and re-raised
    by the caller after the COPY has ended cleanly (psycopg2 would otherwise replace it with a
    generic 'COPY failed')."""

    def __init__(self, rows):
        self._rows = iter(rows)
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\n")
        self.failure: Exception | None = None

    # Rows written per call into the C writer; a roster row is ~150 bytes, so one chunk stays well
    # under COPY's 64 KB reads and memory does not grow with the file.
    CHUNK = 256

    def read(self, size: int = 65536) -> str:
        if self.failure is not None:
            return ""
        buf = self._buf
        writerows = self._writer.writerows
        rows = self._rows
        limit = size if size and size > 0 else 65536
        try:
            while buf.tell() < limit:
                before = buf.tell()
                writerows(islice(rows, self.CHUNK))
                if buf.tell() == before:
                    break
        except Exception as exc:  # re-raised by the caller once the COPY is closed
            self.failure = exc
        data = buf.getvalue()
        buf.seek(0)
        buf.truncate(0)
        return data

    readline = read


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


PTK_TABLE = _q(PTK._meta.db_table)
USER_TABLE = _q(User._meta.db_table)
ERROR_TABLE = _q(RosterImportError._meta.db_table)
ERROR_INSERT = f"INSERT INTO {ERROR_TABLE} (roster_import_id, baris, kolom, pesan) "


class Staging:
    """Portable staging (SQLite and any other backend): batches of ``executemany``."""

    date_type = "text"
    distinct = "IS NOT"

    def __init__(self, cursor):
        self.cursor = cursor

    # -- lifecycle ------------------------------------------------------------------------------
    def create(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        self.cursor.execute(self._ddl())

    def _ddl(self, suffix: str = "") -> str:
        types = {"baris": "integer", "tanggal_lahir": self.date_type, "tmt_tugas": self.date_type}
        cols = ", ".join(f"{c} {types.get(c, 'text')}" for c in STAGING_COLUMNS)
        return f"CREATE TEMP TABLE {STAGING} ({cols}){suffix}"

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {EXISTING}")
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")

    def _temp_as(self, name: str, select: str, params) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {name}")
        self.cursor.execute(f"CREATE TEMP TABLE {name} AS {select}", params)

    # -- loading --------------------------------------------------------------------------------
    def load(self, rows) -> None:
        """Load ``rows`` (tuples in STAGING_COLUMNS order). An exception raised by the iterator
        propagates."""
        sql = f"INSERT INTO {STAGING} ({', '.join(STAGING_COLUMNS)}) VALUES ({', '.join(['%s'] * len(STAGING_COLUMNS))})"
        rows = iter(rows)
        while batch := [self._adapt(r) for r in islice(rows, BATCH)]:
            self.cursor.executemany(sql, batch)

    @staticmethod
    def _adapt(row):
        # SQLite stores DateField values as ISO text; keep the same form for comparisons.
        return tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in row)

    def load_errors(self, spool: ErrorSpool) -> None:
        reader = csv.reader(spool.rewind())
        sql = ERROR_INSERT + "VALUES (%s, %s, %s, %s)"
        while batch := list(islice(reader, BATCH)):
            self.cursor.executemany(sql, batch)

    # -- checks ---------------------------------------------------------------------------------
    def check(self, *, import_id: int, sekolah_id: int) -> None:
        """Insert one RosterImportError per duplicate or conflict found in the staged rows."""
        for kolom, select, params in _checks(sekolah_id, self.distinct):
            self.cursor.execute(
                ERROR_INSERT + f"SELECT %s, t.baris, %s, SUBSTR(t.pesan, 1, {PESAN_MAX}) FROM ({select}) t",
                [import_id, kolom, *params],
            )

    def error_counts(self, *, import_id: int) -> tuple[int, int]:
        """(errors, distinct lines with an error) recorded for the import."""
        self.cursor.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT baris) FROM {ERROR_TABLE} WHERE roster_import_id = %s",
            [import_id],
        )
        return tuple(self.cursor.fetchone())

    def missing_count(self, *, sekolah_id: int) -> int:
        """PTK of the school that the file does not mention (they are kept). Asked before ``apply``
        (which adds only PTK named in the file), while the school holds only its earlier PTK."""
        self.cursor.execute(
            f"SELECT COUNT(*) FROM {PTK_TABLE} p WHERE p.sekolah_id = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {STAGING} s WHERE s.nik = p.nik)",
            [sekolah_id],
        )
        return self.cursor.fetchone()[0]

    # -- apply ----------------------------------------------------------------------------------
    def apply(self, *, sekolah_id: int, updated_at) -> tuple[int, int]:
        """Update the school's PTK named in the file, insert the new ones, link accounts.
        Returns ``(created, updated)``; rows that did not change are not counted as updated."""
        self._temp_as(
            EXISTING,
            f"SELECT s.nik, p.id AS ptk_id FROM {STAGING} s JOIN {PTK_TABLE} p ON p.nik = s.nik "
            "WHERE p.sekolah_id = %s",
            [sekolah_id],
        )
        changed = " OR ".join(f"p.{c} {self.distinct} s.{c}" for c in UPDATABLE)
        assignments = ", ".join(f"{c} = s.{c}" for c in UPDATABLE)
        self.cursor.execute(
            f"UPDATE {PTK_TABLE} AS p SET {assignments}, updated_at = %s FROM {STAGING} AS s, {EXISTING} AS a "
            f"WHERE a.nik = s.nik AND p.id = a.ptk_id AND ({changed})",
            [updated_at],
        )
        updated = self.cursor.rowcount
        cols = ", ".join(DATA_COLUMNS)
        # A NIK of another school was refused by the checks; one added there since then makes this
        # INSERT fail on the unique NIK, and the service refuses the file.
        self.cursor.execute(
            f"INSERT INTO {PTK_TABLE} ({cols}, sekolah_id, updated_at) "
            f"SELECT {', '.join('s.' + c for c in DATA_COLUMNS)}, %s, %s FROM {STAGING} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {EXISTING} a WHERE a.nik = s.nik)",
            [sekolah_id, updated_at],
        )
        created = self.cursor.rowcount
        # Link each PTK to the belajar.id account with its e-mail (a conflicting link was refused
        # by the checks, so this never steals an account from another PTK).
        self.cursor.execute(
            f"UPDATE {PTK_TABLE} AS p SET user_id = u.id FROM {STAGING} s JOIN {USER_TABLE} u ON u.email = s.email "
            f"WHERE p.nik = s.nik AND (p.user_id IS NULL OR p.user_id <> u.id)"
        )
        return created, updated


class PostgresStaging(Staging):
    """PostgreSQL: rows arrive by COPY from the generator; the temporary tables go at commit."""

    date_type = "date"
    distinct = "IS DISTINCT FROM"

    def create(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        self.cursor.execute(self._ddl(" ON COMMIT DROP"))

    def _temp_as(self, name: str, select: str, params) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {name}")
        self.cursor.execute(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS {select}", params)

    def load(self, rows) -> None:
        stream = _CopyStream(rows)
        self.cursor.copy_expert(
            f"COPY {STAGING} ({', '.join(STAGING_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", stream, 65536
        )
        if stream.failure is not None:
            raise stream.failure

    def load_errors(self, spool: ErrorSpool) -> None:
        self.cursor.copy_expert(
            # FORCE_NOT_NULL: an empty ``kolom`` (a row-wide error) is '' rather than NULL.
            f"COPY {ERROR_TABLE} (roster_import_id, baris, kolom, pesan) FROM STDIN "
            "WITH (FORMAT csv, FORCE_NOT_NULL (kolom))",
            spool.rewind(),
            65536,
        )


def staging_for(cursor) -> Staging:
    if connection.vendor == "postgresql":
        return PostgresStaging(cursor)
    return Staging(cursor)


def _checks(sekolah_id: int, distinct: str):
    """``(kolom, SELECT baris, pesan ..., params)`` of every check that needs other rows."""
    checks = []
    for col in ("nik", "nuptk", "nip", "email"):
        label = LABELS[col]
        checks.append(
            (
                col,
                f"SELECT s.baris AS baris, '{label} ' || SUBSTR(s.{col}, 1, 60) || ' muncul ' "
                f"|| CAST(d.jumlah AS TEXT) || ' kali di berkas ini (pertama di baris ' "
                f"|| CAST(d.pertama AS TEXT) || ').' AS pesan "
                f"FROM {STAGING} s JOIN (SELECT {col}, MIN(baris) AS pertama, COUNT(*) AS jumlah "
                f"FROM {STAGING} WHERE {col} IS NOT NULL GROUP BY {col} HAVING COUNT(*) > 1) d "
                f"ON d.{col} = s.{col}",
                [],
            )
        )
    # Keyed by NIK: a NIK of another school is a transfer (Mutasi), not a roster row. The other
    # school is not named, so an operator learns nothing about a school that is not theirs.
    checks.append(
        (
            "nik",
            f"SELECT s.baris AS baris, 'NIK sudah terdaftar sebagai PTK di sekolah lain; pindahkan PTK "
            f"lewat Mutasi, bukan lewat impor roster.' AS pesan "
            f"FROM {STAGING} s JOIN {PTK_TABLE} p ON p.nik = s.nik WHERE p.sekolah_id <> %s",
            [sekolah_id],
        )
    )
    for col in ("nuptk", "nip", "email"):
        label = LABELS[col]
        checks.append(
            (
                col,
                f"SELECT s.baris AS baris, CASE WHEN p.sekolah_id = %s THEN '{label} sudah dipakai PTK lain "
                f"di sekolah ini (' || p.nama || ', NIK ' || p.nik || ').' ELSE '{label} sudah terdaftar "
                f"untuk PTK di sekolah lain.' END AS pesan "
                f"FROM {STAGING} s JOIN {PTK_TABLE} p ON p.{col} = s.{col} WHERE p.nik <> s.nik",
                [sekolah_id],
            )
        )
    checks.append(
        (
            "email",
            f"SELECT s.baris AS baris, 'Akun belajar.id dengan e-mail ini sudah terhubung ke PTK lain.' AS pesan "
            f"FROM {STAGING} s JOIN {USER_TABLE} u ON u.email = s.email "
            # (when that PTK also has the e-mail, the e-mail check above already reports the row)
            f"JOIN {PTK_TABLE} p ON p.user_id = u.id WHERE p.nik <> s.nik AND p.email {distinct} s.email",
            [],
        )
    )
    return checks
