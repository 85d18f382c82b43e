"""Bad input for the sweep: garbage values, the parameter names the code reads, forms found on pages.

Everything here is deterministic: values rotate by position, never at random.
"""

import functools
import importlib
import inspect
import json
import pkgutil
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

PROJECT_PACKAGES = ("pmm", "dapodik", "kinerja", "sinkro")
ROOT = Path(__file__).resolve().parent.parent.parent

LONG = "q" * 10_000

# (label, value) pairs for a text field or a query parameter.
GARBAGE: list[tuple[str, str]] = [
    ("sql", "1;DROP TABLE pmm_user"),
    ("tanggal", "2025-13-45"),
    ("negatif", "-1"),
    ("unicode", "ñ😀\u202e漢字\ufeff"),
    ("nul", "a\x00b"),
    ("angka_besar", "99999999999999999999999"),
    ("kosong", ""),
    ("float", "1e309"),
    ("panjang", LONG),
    ("spasi", "   "),
    ("html", "<script>alert(1)</script>"),
]
GARBAGE_VALUES = [v for _, v in GARBAGE]

# Wrong types for a JSON field.
JSON_GARBAGE: list = [
    [],
    {},
    -1,
    LONG,
    None,
    "\u0000",
    True,
    1.5,
    "2025-13-45",
    {"$gt": ""},
    [None, {}],
    2**70,
]

PAGING = {
    "page": "-1",
    "page_size": "-5",
    "per_page": "0",
    "limit": "abc",
    "offset": "-9",
    "cursor": "garbage",
    "ordering": "-zzz",
    "sort": "zzz",
}
PAGING_ABC = {"page": "abc", "cursor": "%%%", "page_size": "99999999999999999999", "q": LONG}

# Garbage file bodies, each under a name that invites a particular parser.
FILES: list[tuple[str, bytes, str]] = [
    ("../../etc/passwd.csv", b"nik,nama\n\x00\x00\xff\xfe,\x00\n" * 20, "text/csv"),
    ("roster.xlsx", b"PK\x03\x04" + b"\x00\xff" * 200, "application/vnd.ms-excel"),
    ("bukti.pdf", b"%PDF-1.7\n" + b"\x00\xff\xfe garbage" * 50, "application/pdf"),
    ("gambar.png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 100, "image/png"),
    ("ñ😀 nama aneh .jpg", b"\xff\xd8\xff" + b"\x00" * 10, "image/jpeg"),
    ("kosong.pdf", b"", "application/pdf"),
    ("program.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/octet-stream"),
]
# Just above the 5 MB limits of the upload checks (bukti dukung, lampiran tiket); the roster
# limit is lowered for the sweep so the same file is oversized there too.
BIG_FILE_BYTES = 5 * 1024 * 1024 + 1


def garbage_file(i: int) -> SimpleUploadedFile:
    name, content, ctype = FILES[i % len(FILES)]
    return SimpleUploadedFile(name, content, content_type=ctype)


def big_file(name: str = "besar.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.7\n" + b"0" * (BIG_FILE_BYTES - 9), content_type="application/pdf"
    )


# --- names the code reads -----------------------------------------------------------------------

_NAME_RE = re.compile(
    r"""(?:GET|POST|query_params|data|FILES)(?:\.get(?:list)?\(|\[)\s*["']([A-Za-z_][\w\-]{0,40})["']"""
)
_IN_RE = re.compile(r"""["']([A-Za-z_][\w\-]{0,40})["']\s+in\s+request\.(?:GET|POST|query_params|data)""")


def _project_modules():
    for package in PROJECT_PACKAGES:
        pkg = importlib.import_module(package)
        yield pkg
        for info in pkgutil.walk_packages(pkg.__path__, package + "."):
            if ".migrations" in info.name or ".management" in info.name or "benchmark" in info.name:
                continue
            try:
                yield importlib.import_module(info.name)
            except Exception:  # a module of another helper that does not import yet
                continue


def _source_names() -> set[str]:
    names = set()
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            names.update(_NAME_RE.findall(text))
            names.update(_IN_RE.findall(text))
    return names


def _class_names() -> tuple[set[str], set[str]]:
    """Field names of the project's forms, filter sets and serializers; and the file fields."""
    from django import forms
    from rest_framework import serializers

    try:
        import django_filters
    except ImportError:  # pragma: no cover
        django_filters = None

    names, files = set(), set()
    for module in _project_modules():
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ != module.__name__:
                continue
            if issubclass(obj, forms.BaseForm):
                for name, f in obj.base_fields.items():
                    names.add(name)
                    if isinstance(f, forms.FileField):
                        files.add(name)
            elif django_filters and issubclass(obj, django_filters.FilterSet):
                names.update(getattr(obj, "base_filters", {}).keys())
            elif issubclass(obj, serializers.BaseSerializer):
                try:
                    fields = obj().fields
                except Exception:
                    fields = getattr(obj, "_declared_fields", {})
                for name, f in fields.items():
                    names.add(name)
                    if isinstance(f, serializers.FileField):
                        files.add(name)
    return names, files


@functools.cache
def known_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every parameter name, the file field names), sorted so the rotation is stable."""
    from_classes, files = _class_names()
    names = _source_names() | from_classes | set(PAGING)
    files |= {n for n in names if n in {"berkas", "file", "lampiran"} or n.startswith("screenshot")}
    names -= files
    names.discard("csrfmiddlewaretoken")
    # DRF answers an unknown ``format`` with 404 before the view runs: in the mixed variants it would
    # hide every other parameter of an API. The sweep sends ``format=xyz`` on its own.
    names.discard("format")
    return tuple(sorted(names)), tuple(sorted(files))


@functools.cache
def source_near(module_name: str) -> str:
    """The source of a view module and of the forms/serializers/services modules beside it."""
    module = importlib.import_module(module_name)
    path = Path(inspect.getfile(module))
    texts = [path.read_text(encoding="utf-8")]
    for sibling in ("forms.py", "serializers.py", "forms_siklus.py", "_common.py", "serializers"):
        candidate = path.parent / sibling
        if candidate.is_file():
            texts.append(candidate.read_text(encoding="utf-8"))
    return "\n".join(texts)


def all_names(value) -> dict[str, str]:
    names, _ = known_names()
    return {n: value for n in names}


def rotating(offset: int = 0, names=None) -> dict[str, str]:
    names = names if names is not None else known_names()[0]
    return {n: GARBAGE_VALUES[(i + offset) % len(GARBAGE_VALUES)] for i, n in enumerate(names)}


def short_rotating(offset: int = 0) -> dict[str, str]:
    """Like ``rotating`` but without the 10 000-character value (for query strings)."""
    values = [v for v in GARBAGE_VALUES if v is not LONG]
    names = known_names()[0]
    return {n: values[(i + offset) % len(values)] for i, n in enumerate(names)}


def json_garbage(offset: int = 0) -> str:
    names = known_names()[0] + known_names()[1]
    return json.dumps({n: JSON_GARBAGE[(i + offset) % len(JSON_GARBAGE)] for i, n in enumerate(names)})


RAW_JSON = [
    ("json_rusak", '{"nip": [1, {'),
    ("json_daftar", '[1, "a", null, {"nip": []}]'),
    ("json_infinity", '{"nilai": Infinity, "nip": NaN, "items": [-Infinity]}'),
    ("json_skalar", '"teks"'),
]


# --- forms on pages -----------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str  # path, possibly with a query string
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, default value)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # checkboxes left empty by default
    types: dict[str, str] = field(default_factory=dict)  # name → input type, "select", "textarea"

    def names(self) -> list[str]:
        return list(dict.fromkeys([n for n, _ in self.fields] + self.unchecked))

    def signature(self) -> tuple:
        return (
            self.method,
            tuple(sorted({n for n, _ in self.fields})),
            tuple(self.files),
            tuple(self.buttons),
        )


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = a.get("action", "") or self.page_path
            self._form = Form((a.get("method") or "get").lower(), action)
            return
        form = self._form
        if form is None or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            form.types.setdefault(a["name"], kind)
            if kind == "file":
                form.files.append(a["name"])
            elif kind in ("submit", "image", "button"):
                form.buttons.append((a["name"], a.get("value", "")))
            elif kind == "radio":
                seen = [i for i, (n, _) in enumerate(form.fields) if n == a["name"]]
                if not seen:
                    form.fields.append((a["name"], a.get("value", "on")))
                elif "checked" in a:
                    form.fields[seen[0]] = (a["name"], a.get("value", "on"))
            elif kind == "checkbox":
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
                else:
                    form.unchecked.append(a["name"])
            else:
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_value = a["name"], None
            form.types.setdefault(a["name"], "select")
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
            form.types.setdefault(a["name"], "textarea")

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        form = self._form
        if tag == "form" and form is not None:
            self.forms.append(form)
            self._form = None
        elif tag == "select" and form is not None and self._select is not None:
            form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and form is not None and self._textarea is not None:
            form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


# Values at the edge of a field's type: they pass a browser's widget but not the database or the
# date arithmetic behind it (integer out of range, a date whose next day does not exist).
_EDGES = {
    "number": ["99999999999999999999999", "-1"],
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "time": ["25:99"],
    "select": ["999999999999"],
    "email": ["a@b"],
}
_DATE_WORDS = ("tanggal", "jadwal", "berlaku", "mulai", "selesai", "sampai", "tmt")
_NUMBER_WORDS = ("jumlah", "batas", "tahun", "semester", "poin", "nilai", "urut")


def edge_values(name: str, kind: str = "", default: str = "") -> list[str]:
    """Edge values for a field, from its input type or, failing that, its name or default."""
    if kind in _EDGES:
        return _EDGES[kind]
    if any(w in name for w in _DATE_WORDS):
        return _EDGES["date"]
    if any(w in name for w in _NUMBER_WORDS) or (default.isdigit() and kind in ("hidden", "text", "")):
        return _EDGES["number"]
    return []


def forms_in(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a page the parser cannot read gives no forms, not a failed sweep
        return parser.forms
    return parser.forms
