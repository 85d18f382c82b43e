"""The roster's fixed header and the check of one row.

A row is checked on its own here (identifiers through ``dapodik.validators``); checks that need the
other rows or the database (duplicates, other schools) run in SQL on the staging table.
"""

import re
from datetime import date, datetime
from functools import lru_cache

from ..choices import JenisKelamin, JenisPTK, StatusKepegawaian
from ..validators import nik_errors, nip_errors_for_status, nuptk_errors

COLUMNS = (
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
WIDTH = len(COLUMNS)
DATE_COLUMNS = frozenset({"tanggal_lahir", "tmt_tugas"})
IDENTIFIER_COLUMNS = frozenset({"nik", "nuptk", "nip"})
NAMA_MAX = 150
EMAIL_MAX = 254

# What the page documents for each column: (column, required, meaning, example).
COLUMN_HELP = [
    (
        "nik",
        "wajib",
        "NIK 16 digit; tanggal lahir di dalam NIK (perempuan +40) harus cocok.",
        "3201014507850001",
    ),
    ("nuptk", "boleh kosong", "NUPTK 16 digit.", "1234567890123456"),
    (
        "nip",
        "wajib untuk PNS/CPNS/PPPK",
        "NIP PNS 18 digit (lahir + TMT CPNS + jenis kelamin + urut) atau NI PPPK; kosong untuk non-ASN.",
        "198507052010012001",
    ),
    ("nama", "wajib", f"Nama lengkap, paling banyak {NAMA_MAX} karakter.", "Siti Aminah"),
    ("tanggal_lahir", "wajib", "Format TTTT-BB-HH (sel tanggal XLSX juga diterima).", "1985-07-05"),
    ("jenis_kelamin", "wajib", "L atau P.", "P"),
    ("jenis_ptk", "wajib", "Kode atau nama jenis PTK Dapodik (huruf besar/kecil bebas).", "Guru Kelas"),
    ("status_kepegawaian", "wajib", "Kode atau nama status kepegawaian (huruf besar/kecil bebas).", "PNS"),
    (
        "email",
        "boleh kosong",
        "E-mail belajar.id; jika akunnya sudah ada, PTK dihubungkan ke akun itu.",
        "siti.aminah@guru.sd.belajar.id",
    ),
    (
        "tmt_tugas",
        "wajib",
        "TMT penugasan di sekolah ini, format TTTT-BB-HH, tidak sebelum tanggal lahir.",
        "2020-07-01",
    ),
]

REQUIRED = frozenset(
    {"nik", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_ptk", "status_kepegawaian", "tmt_tugas"}
)
LABELS = {
    "nik": "NIK",
    "nuptk": "NUPTK",
    "nip": "NIP",
    "nama": "Nama",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin",
    "jenis_ptk": "Jenis PTK",
    "status_kepegawaian": "Status kepegawaian",
    "email": "E-mail",
    "tmt_tugas": "TMT tugas",
}

# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = frozenset("=+-@")
CONTROL_START = frozenset("\t\r")
# An export neutralises such a cell with a leading quote; that value is not data either.
QUOTE = "'"


def _lookup(choices) -> dict[str, str]:
    """Choice value or label, case-insensitive, with runs of spaces collapsed → choice value."""
    table = {}
    for value, label in choices.choices:
        table[str(value).lower()] = str(value)
        table[" ".join(str(label).lower().split())] = str(value)
    return table


JENIS_PTK_LOOKUP = _lookup(JenisPTK)
STATUS_LOOKUP = _lookup(StatusKepegawaian)
JENIS_KELAMIN_LOOKUP = {**_lookup(JenisKelamin), "laki laki": "L", "lk": "L", "pr": "P"}


def header_problem(cells) -> str | None:
    """The reason a header row is refused, or None when it is exactly the template's header."""
    names = [("" if c is None else str(c)).strip().lower() for c in cells]
    while names and names[-1] == "":
        names.pop()
    if tuple(names) == COLUMNS:
        return None
    expected = ", ".join(COLUMNS)
    if not names:
        return f"Baris 1 harus berisi judul kolom: {expected}."
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n or "(kosong)" for n in names if n not in COLUMNS]
    doubled = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    parts = []
    if missing:
        parts.append("kolom yang hilang: " + ", ".join(missing))
    if unknown:
        parts.append("kolom tidak dikenal: " + ", ".join(_short(u, 30) for u in unknown[:10]))
    if doubled:
        parts.append("kolom ganda: " + ", ".join(doubled))
    if not parts:
        parts.append("urutan kolom berbeda")
    return f"Judul kolom tidak sesuai templat ({'; '.join(parts)}). Judul yang benar, berurutan: {expected}."


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@lru_cache(maxsize=65536)
def _parse_date(text: str) -> date | None:
    # Cached: a roster repeats the same dates many times; the cache is bounded, so memory stays flat.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    y, m, d = text[0:4], text[5:7], text[8:10]
    if not (y.isdigit() and m.isdigit() and d.isdigit() and y.isascii() and m.isascii() and d.isascii()):
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


DATE_FORMAT_MESSAGE = "harus tanggal berformat TTTT-BB-HH (contoh 1985-07-05)."


def _cell_text(column: str, value, errors: list) -> str:
    """A typed XLSX cell as text; dates are kept in ISO form for the date columns."""
    if isinstance(value, datetime):
        if column in DATE_COLUMNS:
            return value.date().isoformat()
        errors.append((column, f"{LABELS[column]} harus teks, bukan tanggal."))
        return ""
    if isinstance(value, date):
        if column in DATE_COLUMNS:
            return value.isoformat()
        errors.append((column, f"{LABELS[column]} harus teks, bukan tanggal."))
        return ""
    if isinstance(value, bool):
        errors.append((column, f"{LABELS[column]} tidak boleh berisi nilai benar/salah."))
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: a 16–18 digit identifier typed as a number has already
        # lost its last digits, so it is refused rather than silently changed.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        errors.append(
            (column, f"{LABELS[column]} harus diisi sebagai teks, bukan angka (Excel memotong digitnya).")
        )
        return ""
    # A formula object (array formula, data table) or anything else that is not a plain value.
    errors.append((column, "Sel berisi rumus Excel; isi dengan nilainya, bukan rumus."))
    return ""


# A text cell can be refused by ``_cell_texts`` only if its first character is one of these (a
# formula character, the export's quote, tab/CR, or a blank before any of them); when no cell of a
# row starts with one, the cells are just stripped. Testing first characters is several times
# cheaper per row than searching the joined row with a regex (``bench import``).
_RISKY_FIRST = frozenset(FORMULA_START | CONTROL_START | {QUOTE}) | frozenset(
    chr(c) for c in range(0x3001) if chr(c).isspace()
)
# belajar.id addresses are plain ASCII: a compiled pattern is enough and much cheaper per row than
# Django's EmailValidator (the import checks up to 200,000 rows in one request).
_EMAIL = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


def _cell_texts(cells, typed: bool, errors: list) -> list[str]:
    """Cells as stripped text; a formula-like, control-led or non-text cell becomes '' with an error."""
    texts = []
    for column, raw in zip(COLUMNS, cells, strict=True):
        if raw is None:
            texts.append("")
            continue
        if typed and not isinstance(raw, str):
            texts.append(_cell_text(column, raw, errors))
            continue
        if raw and raw[0] in CONTROL_START:
            errors.append((column, "Sel diawali tab atau carriage return; hapus karakter itu."))
            texts.append("")
            continue
        text = raw.strip()
        if text:
            first = text[0]
            if first in FORMULA_START:
                errors.append(
                    (
                        column,
                        "Sel diawali karakter rumus (=, +, -, @); demi keamanan nilai seperti ini ditolak.",
                    )
                )
                texts.append("")
                continue
            if first == QUOTE and len(text) > 1 and (text[1] in FORMULA_START or text[1] in CONTROL_START):
                errors.append(
                    (
                        column,
                        "Sel diawali tanda kutip dari hasil ekspor (nilai menyerupai rumus); perbaiki nilainya.",
                    )
                )
                texts.append("")
                continue
        texts.append(text)
    return texts


def _fit_width(cells, strict_width: bool, errors: list):
    n = len(cells)
    if n > WIDTH:
        if any(c is not None and str(c).strip() != "" for c in cells[WIDTH:]):
            errors.append(
                ("", f"Baris berisi {n} kolom, seharusnya {WIDTH}; hapus isi di luar kolom tmt_tugas.")
            )
        return cells[:WIDTH]
    if strict_width:
        errors.append(("", f"Baris berisi {n} kolom, seharusnya {WIDTH}."))
        return list(cells) + [""] * (WIDTH - n)
    return list(cells) + [None] * (WIDTH - n)


def row_check(cells, today: date, *, typed: bool = False, strict_width: bool = True):
    """Check one data row. Returns ``(values, errors)``.

    ``values`` is the staging tuple ``(nik, nuptk, nip, nama, tanggal_lahir, jenis_kelamin,
    jenis_ptk, status_kepegawaian, email, tmt_tugas)`` with ``None`` for empty or unusable cells;
    ``errors`` is a list of ``(column, message)`` in Indonesian. ``typed`` is set for XLSX rows,
    whose cells may be numbers, dates or formulas.
    """
    errors: list[tuple[str, str]] = []
    if len(cells) != WIDTH:
        cells = _fit_width(cells, strict_width, errors)
    if typed or not _RISKY_FIRST.isdisjoint([c[:1] for c in cells]):
        texts = _cell_texts(cells, typed, errors)
        refused = {c for c, _ in errors}
    else:
        texts = list(map(str.strip, cells))
        refused = ()

    nik, nuptk, nip, nama, lahir_text, jk_text, jenis_text, status_text, email, tmt_text = texts

    if not (nik and nama and lahir_text and jk_text and jenis_text and status_text and tmt_text):
        for column, text in zip(COLUMNS, texts, strict=True):
            if not text and column in REQUIRED and column not in refused:
                errors.append((column, f"{LABELS[column]} wajib diisi."))

    tanggal_lahir = None
    if lahir_text:
        tanggal_lahir = _parse_date(lahir_text)
        if tanggal_lahir is None:
            errors.append(("tanggal_lahir", f"Tanggal lahir {DATE_FORMAT_MESSAGE}"))
        elif tanggal_lahir >= today or tanggal_lahir.year < 1900:
            errors.append(
                ("tanggal_lahir", "Tanggal lahir harus sebelum hari ini dan tidak sebelum tahun 1900.")
            )
            tanggal_lahir = None

    tmt_tugas = None
    if tmt_text:
        tmt_tugas = _parse_date(tmt_text)
        if tmt_tugas is None:
            errors.append(("tmt_tugas", f"TMT tugas {DATE_FORMAT_MESSAGE}"))
        elif tanggal_lahir is not None and tmt_tugas <= tanggal_lahir:
            errors.append(("tmt_tugas", "TMT tugas harus sesudah tanggal lahir."))

    jenis_kelamin = None
    if jk_text:
        jenis_kelamin = JENIS_KELAMIN_LOOKUP.get(jk_text.lower())
        if jenis_kelamin is None:
            errors.append(("jenis_kelamin", "Jenis kelamin harus L atau P."))

    jenis_ptk = None
    if jenis_text:
        jenis_ptk = _choice(JENIS_PTK_LOOKUP, jenis_text)
        if jenis_ptk is None:
            errors.append(("jenis_ptk", f"Jenis PTK tidak dikenal: '{_short(jenis_text)}'."))

    status = None
    if status_text:
        status = _choice(STATUS_LOOKUP, status_text)
        if status is None:
            errors.append(
                ("status_kepegawaian", f"Status kepegawaian tidak dikenal: '{_short(status_text)}'.")
            )

    if nik:
        problems = nik_errors(nik, tanggal_lahir, jenis_kelamin)
        if problems:
            errors.extend(("nik", m) for m in problems)
    if nuptk:
        problems = nuptk_errors(nuptk)
        if problems:
            errors.extend(("nuptk", m) for m in problems)
    if status is not None:
        problems = nip_errors_for_status(nip or None, status, tanggal_lahir, jenis_kelamin)
        if problems:
            errors.extend(("nip", m) for m in problems)

    if len(nama) > NAMA_MAX:
        errors.append(("nama", f"Nama terlalu panjang ({len(nama)} karakter, paling banyak {NAMA_MAX})."))

    if email:
        email = email.lower()
        if len(email) > EMAIL_MAX:
            errors.append(("email", f"E-mail terlalu panjang (paling banyak {EMAIL_MAX} karakter)."))
        elif _EMAIL.match(email) is None:
            errors.append(("email", f"E-mail tidak valid: '{_short(email)}'."))

    values = (
        nik or None,
        nuptk or None,
        nip or None,
        nama or None,
        tanggal_lahir,
        jenis_kelamin,
        jenis_ptk,
        status,
        email or None,
        tmt_tugas,
    )
    return values, errors


def _choice(table: dict[str, str], text: str) -> str | None:
    return table.get(text.lower()) or table.get(" ".join(text.lower().split()))
