"""The HTTP client of the e-Kinerja API (contract: sinkro/ekinerja/API.md): the only way PMM talks
to e-Kinerja. It never imports the mock; it sends JSON with the instansi's x-api-key and reads the
answers into ``Hasil`` using the shared catalogue.

One ``requests.Session`` per process (keep-alive): a Celery worker process reuses its connections
for every intent it sends. The client does not retry: retries with backoff belong to the outbox
(``sinkro.services``), which keeps the idempotency key of the request across them.
"""

import os
import threading
from dataclasses import dataclass, field

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter

from . import catalogue

DEFAULT_BASE_URL = "http://127.0.0.1:8000/ekinerja/api"
DEFAULT_TIMEOUT = 5.0

SYNC_PATH = "/v1/skp/sinkron/"
BULK_DIAGNOSE_PATH = "/v1/skp/diagnosa-massal/"
STATUS_PATH = "/v1/skp/status/"
# API.md: skp/diagnosa-massal takes at most 2000 items per call.
BULK_MAX = 2000

_local = threading.local()


def base_url() -> str:
    return getattr(settings, "EKINERJA_BASE_URL", DEFAULT_BASE_URL).rstrip("/")


def timeout_seconds() -> float:
    return float(getattr(settings, "EKINERJA_CLIENT_TIMEOUT", DEFAULT_TIMEOUT))


def session() -> requests.Session:
    """This process's (and thread's) keep-alive session; a forked worker child makes its own."""
    s = getattr(_local, "session", None)
    if s is None or getattr(_local, "pid", None) != os.getpid():
        s = requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=8, max_retries=0)
        s.mount("http://", adapter)
        s.mount("https://", adapter)
        s.headers.update({"Accept": "application/json", "User-Agent": "PMM-Sinkro/1.0"})
        _local.session, _local.pid = s, os.getpid()
    return s


@dataclass
class Jawaban:
    """An answer of e-Kinerja, or the lack of one (``status`` None)."""

    status: int | None
    body: dict = field(default_factory=dict)
    timeout: bool = False
    transport_error: str = ""
    retry_after: float | None = None  # seconds, from a 503's Retry-After


def _call(method: str, path: str, *, api_key: str | None, json=None, params=None) -> Jawaban:
    headers = {"X-Api-Key": api_key} if api_key else {}
    t = timeout_seconds()
    try:
        r = session().request(
            method,
            base_url() + path,
            json=json,
            params=params,
            headers=headers,
            timeout=(min(t, 3.0), t),
        )
    except requests.Timeout as exc:
        return Jawaban(None, timeout=True, transport_error=str(exc)[:300])
    except requests.RequestException as exc:
        return Jawaban(None, transport_error=str(exc)[:300])
    try:
        body = r.json()
    except ValueError:
        body = {}
    try:
        retry_after = float(r.headers["Retry-After"]) if "Retry-After" in r.headers else None
    except ValueError:
        retry_after = None
    return Jawaban(r.status_code, body if isinstance(body, dict) else {"data": body}, retry_after=retry_after)


def sync(payload: dict, *, api_key: str | None) -> Jawaban:
    return _call("POST", SYNC_PATH, api_key=api_key, json=payload)


def diagnose_bulk(items: list[dict], *, api_key: str | None) -> Jawaban:
    return _call("POST", BULK_DIAGNOSE_PATH, api_key=api_key, json={"items": items})


# --- reading a sync answer ---------------------------------------------------------------------


class Jenis:
    SUKSES = "sukses"
    KONFIRMASI = "konfirmasi"  # #12: needs "Tetap Lakukan Sinkro"
    PERMANEN = "permanen"  # every 4xx: show it, route it to its actor, never retry
    SEMENTARA = "sementara"  # 500, 503, timeout, connection error: retry with backoff


@dataclass
class Hasil:
    jenis: str
    kode: str = ""
    pesan: str = ""
    kondisi: str = ""
    aktor: str = ""
    detail: dict = field(default_factory=dict)
    peringatan: list = field(default_factory=list)
    skp: dict = field(default_factory=dict)
    http_status: int | None = None
    retry_after: float | None = None


def _aktor_of(code: str, detail: dict) -> str:
    entry = catalogue.lookup(code)
    if isinstance(detail.get("aktor"), str) and detail["aktor"]:
        return detail["aktor"]
    return str(entry.aktor_for(detail.get("kondisi") or None)) if entry else ""


def _entry_hasil(jenis: str, code: str, *, detail=None, status=None, message="") -> Hasil:
    entry = catalogue.get(code)
    detail = detail or {}
    return Hasil(
        jenis,
        kode=code,
        pesan=message or entry.message,
        kondisi=str(detail.get("kondisi") or ""),
        aktor=_aktor_of(code, detail),
        detail=detail,
        http_status=status,
    )


def read_sync(j: Jawaban) -> Hasil:
    """What a sync answer means for the outbox (API.md "Status codes" and retry policy)."""
    if j.status is None:
        code = "E09T" if j.timeout else "E09"
        return _entry_hasil(Jenis.SEMENTARA, code, detail={"transport": j.transport_error})
    body = j.body or {}
    detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
    code = body.get("code") if isinstance(body.get("code"), str) else ""
    if j.status == 200 and body.get("status") in ("berhasil", "peringatan"):
        warnings = body.get("peringatan") if isinstance(body.get("peringatan"), list) else []
        first = warnings[0] if warnings and isinstance(warnings[0], dict) else {}
        wdetail = first.get("detail") if isinstance(first.get("detail"), dict) else {}
        return Hasil(
            Jenis.SUKSES,
            kode=str(first.get("code") or ""),
            pesan=str(first.get("message") or ""),
            kondisi=str(wdetail.get("kondisi") or ""),
            aktor=_aktor_of(first["code"], wdetail) if first.get("code") else "",
            detail=wdetail,
            peringatan=warnings,
            skp=body.get("skp") if isinstance(body.get("skp"), dict) else {},
            http_status=200,
        )
    if j.status in (500, 502, 503, 504):
        hasil = _entry_hasil(
            Jenis.SEMENTARA, "E09", detail={**detail, "http_status": j.status}, status=j.status
        )
        hasil.retry_after = j.retry_after
        return hasil
    if j.status == 409 and code == "E12":
        return _entry_hasil(Jenis.KONFIRMASI, "E12", detail=detail, status=409)
    if catalogue.lookup(code) is not None:
        return _entry_hasil(Jenis.PERMANEN, code, detail=detail, status=j.status)
    # Not one of the catalogue's errors (e.g. an invalid payload or a key reused for other data):
    # permanent too, reported with e-Kinerja's own message.
    message = body.get("message") if isinstance(body.get("message"), str) else ""
    return Hasil(
        Jenis.PERMANEN,
        kode=(code or f"HTTP{j.status}")[:8],
        pesan=message or f"e-Kinerja menjawab dengan status {j.status}.",
        aktor=str(catalogue.Aktor.PUSAT_BANTUAN),
        detail=detail or {"body": {k: body[k] for k in list(body)[:5]}},
        http_status=j.status,
    )
