"""The sweep itself: send bad input to one endpoint as one role and record every 500.

Each request runs in its own savepoint that is rolled back, and the client's cookies are restored
afterwards, so every request sees the seeded data and the same login whatever the previous one did
(a logout, a successful POST). That keeps the sweep deterministic and its order irrelevant.
"""

import copy
import json
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.db import transaction
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import resolve
from django.urls.exceptions import Resolver404

from . import inputs
from .endpoints import Endpoint, fills
from .inputs import GARBAGE, GARBAGE_VALUES, JSON_GARBAGE, PAGING, PAGING_ABC, RAW_JSON

ROOT = Path(__file__).resolve().parent.parent.parent
BOUNDARY = "BatasSweepPMM"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# How many distinct forms per page and fields per form are fuzzed (the rest repeat the same code).
MAX_FORMS = 3
MAX_FIELDS = 10


@dataclass
class Finding:
    route: str
    role: str
    method: str
    path: str
    label: str
    status: int
    summary: str

    def line(self) -> str:
        path = self.path if len(self.path) < 120 else self.path[:117] + "..."
        return f"{self.method} {path} [{self.role}, {self.label}] → {self.status}: {self.summary}"


def exc_summary(exc_info) -> str:
    etype, value, tb = exc_info
    frames = [
        f
        for f in traceback.extract_tb(tb)
        if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename and "/tests/" not in f.filename
    ]
    where = " ← ".join(
        f"{Path(f.filename).relative_to(ROOT)}:{f.lineno} {f.name}" for f in reversed(frames[-3:])
    )
    message = str(value).replace("\n", " ")[:200]
    return f"{etype.__name__}: {message} @ {where or 'luar proyek'}"


@dataclass
class Context:
    """What the sweep knows after seeding and crawling (built once per module)."""

    clients: dict  # role → Client
    known: dict  # fill values, see endpoints.fills
    plausible: dict  # parameter name → a valid value from the seed
    status: dict = field(default_factory=dict)  # (route, role) → status of a plain GET
    forms: dict = field(default_factory=dict)  # (route, role) → [Form] whose action is that route
    headers: dict = field(default_factory=dict)  # route prefix → extra headers
    skip_post_forms: tuple = ()  # routes whose forms must not be replayed (fault injection)
    heavy: tuple = ()  # routes too slow for the full battery
    crawl_findings: list = field(default_factory=list)  # findings of the crawl's plain GETs


class Sweep:
    def __init__(self, ctx: Context, endpoint: Endpoint, role: str, shared: dict | None = None):
        self.ctx, self.endpoint, self.role = ctx, endpoint, role
        # Shared by the roles of one endpoint: what is role-independent is sent once (the path
        # values, the field-by-field API bodies, a form already replayed for another role).
        self.shared = shared if shared is not None else {}
        self.client = ctx.clients[role]
        self.findings: list[Finding] = []
        self.headers = {}
        for prefix, headers in ctx.headers.items():
            if endpoint.route.startswith(prefix):
                self.headers.update(headers)

    # --- one request ------------------------------------------------------------------------

    def send(self, method: str, path: str, label: str, *, query=None, body=b"", content_type=FORM):
        saved = copy.deepcopy(self.client.cookies)
        with transaction.atomic():
            if query:
                path = path + ("&" if "?" in path else "?") + urlencode(query, doseq=True)
            if method == "GET":
                response = self.client.get(path, headers=self.headers)
            else:
                response = self.client.generic(
                    method, path, data=body, content_type=content_type, headers=self.headers
                )
            streamed_error = None
            if getattr(response, "streaming", False):
                try:
                    b"".join(response.streaming_content)
                except Exception as exc:  # a download that breaks half-way is a server error too
                    streamed_error = (type(exc), exc, exc.__traceback__)
            transaction.set_rollback(True)
        self.client.cookies = saved
        self._check(method, path, label, response, streamed_error)
        return response

    def _check(self, method, path, label, response, streamed_error):
        summary = None
        exc_info = getattr(response, "exc_info", None) or streamed_error
        if exc_info:
            summary = exc_summary(exc_info)
        elif response.status_code == 500 and not self.endpoint.is_ekinerja_api:
            summary = "status 500 tanpa exception"
        elif self.endpoint.is_api and response.status_code >= 400:
            summary = _api_body_problem(response)
        if summary:
            self.findings.append(
                Finding(self.endpoint.route, self.role, method, path, label, response.status_code, summary)
            )

    def get(self, path, label, query):
        return self.send("GET", path, label, query=query)

    def form(self, method, path, label, data: dict):
        return self.send(method, path, label, body=urlencode(data, doseq=True), content_type=FORM)

    def multipart(self, method, path, label, data: dict):
        return self.send(
            method,
            path,
            label,
            body=encode_multipart(BOUNDARY, data),
            content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", BOUNDARY),
        )

    def json(self, method, path, label, text: str):
        return self.send(method, path, label, body=text.encode(), content_type=JSON)

    # --- the battery --------------------------------------------------------------------------
    #
    # Budget (the whole sweep must stay near two minutes): a role the page refuses gets one request
    # of mixed garbage in the query string and the body, because a view may read its input before it
    # checks the role. A role the page serves gets the full battery, every form it was shown replayed
    # field by field, and (for the first such role) one request per absent or garbage path value
    # and per API field. A heavy page (HEAVY) gets the light treatment for every role.

    def run(self) -> list[Finding]:
        all_fills = fills(self.endpoint, self.ctx.known)
        path = self.endpoint.build(all_fills[0][1])
        if path is None:  # the seeded value does not fit the converter: nothing to sweep here
            return self.findings
        forms = self.ctx.forms.get((self.endpoint.route, self.role), [])
        post_forms = [f for f in forms if f.method == "post"]
        status = self.ctx.status.get((self.endpoint.route, self.role))
        heavy = self.endpoint.route in self.ctx.heavy
        serves_get = status == 200
        accepts = [m for m in ("POST", "PUT", "PATCH", "DELETE") if self._accepts(m)]
        if not accepts:
            serves_write = False
        elif post_forms or serves_get:
            serves_write = True
        else:
            probe = self._write_light(accepts[0], path, "uji peran")
            serves_write = not _refused(probe)

        if not (serves_get or serves_write):
            if status != 405 and not accepts:
                self.get(path, "GET campur", {**PAGING, **inputs.short_rotating(1)})
            return self.findings

        if serves_get and not heavy:
            self._get_full(path, [f for f in forms if f.method == "get"])
        elif serves_get:
            self.get(path, "GET campur", {**PAGING, **inputs.short_rotating(1)})
        for method in accepts:
            if serves_write and not heavy:
                self._write_full(method, path, post_forms)
            else:
                self._write_light(method, path)

        if self.shared.get("fills"):
            return self.findings
        self.shared["fills"] = True
        for n, (label, kwargs) in enumerate(all_fills[1:]):
            other = self.endpoint.build(kwargs)
            if other is None:  # the converter refuses the value: no view can see it
                continue
            if serves_get and (n % 2 == 0 or not accepts):
                self.get(other, f"{label} GET campur", {**PAGING, **inputs.short_rotating(2)})
            else:
                self._write_light(accepts[0], other, label)
        return self.findings

    def _accepts(self, method: str) -> bool:
        """From a class-based view's handlers; a function view is only sent POST."""
        implemented = self.endpoint.implements(method)
        if implemented is None:
            return method == "POST"
        return implemented

    def _write_light(self, method, path, label=""):
        pre = f"{label} " if label else ""
        query = "?" + urlencode(inputs.short_rotating(3))
        if method == "POST":
            return self.form(method, path + query, pre + "POST campur", inputs.rotating(2))
        return self.json(method, path + query, pre + f"{method} json_sampah", inputs.json_garbage(1))

    def _get_full(self, path, forms):
        self.get(path, "GET halaman", PAGING)
        self.get(path, "GET halaman_abc", PAGING_ABC)
        self.get(path, "GET format", {"format": "xyz"})
        self.get(path, "GET semua=nul", inputs.all_names(dict(GARBAGE)["nul"]))
        self.get(path, "GET campur", inputs.short_rotating(0))
        self.get(path, "GET campur2", inputs.short_rotating(4))
        if not self.shared.get("get names"):
            # One parameter at a time, so an early refusal of one cannot hide another one's crash.
            self.shared["get names"] = True
            for i, name in enumerate(self._relevant_names()):
                value = "a\x00b" if i % 2 else GARBAGE_VALUES[(i + hash_index(name)) % len(GARBAGE_VALUES)]
                self.get(path, f"GET {name}={_label_of(value)}", {name: value})
        for f, form in enumerate(forms[:MAX_FORMS]):
            base = dict(form.fields)
            target = urlsplit(form.action).path or path
            for i, name in enumerate(form.names()[:MAX_FIELDS]):
                values = [GARBAGE_VALUES[(i + f) % len(GARBAGE_VALUES)]]
                values += inputs.edge_values(name, form.types.get(name, ""), base.get(name, ""))
                for value in values:
                    self.get(target, f"GET form {name}={_label_of(value)}", {**base, name: value})

    def _relevant_names(self) -> list[str]:
        """The parameter names the view's own module (and its forms/serializers) mention."""
        names, _ = inputs.known_names()
        source = inputs.source_near(self.endpoint.module)
        found = [n for n in names if f'"{n}"' in source or f"'{n}'" in source or f" {n} = " in source]
        return found[:MAX_FIELDS]

    def _write_full(self, method, path, forms):
        if self.form(method, path, f"{method} kosong", {}).status_code == 405 and not forms:
            return  # a page that only answers GET
        self.json(method, path, f"{method} json_sampah", inputs.json_garbage(0))
        if method == "DELETE":
            return
        self.form(method, path, f"{method} semua=nul", inputs.all_names(dict(GARBAGE)["nul"]))
        self.form(method, path, f"{method} campur", inputs.rotating(0))
        first = not self.shared.get(f"write {method}")
        self.shared[f"write {method}"] = True
        if first:
            self.form(method, path, f"{method} campur2", inputs.rotating(5))
            self.form(method, path, f"{method} wajar", self.ctx.plausible)
        if self.endpoint.is_drf and first:
            # Only an API reads JSON; a page reads its form fields.
            self.json(method, path, f"{method} json_wajar", json.dumps(self.ctx.plausible))
            for raw_label, raw in RAW_JSON:
                self.json(method, path, f"{method} {raw_label}", raw)
        if self.endpoint.is_drf and not self.shared.get(f"api {method}"):
            # An API has no form to replay: one garbage field at a time in an otherwise valid body.
            self.shared[f"api {method}"] = True
            for i, name in enumerate(self._relevant_names()):
                values = [JSON_GARBAGE[(i + hash_index(name)) % len(JSON_GARBAGE)]]
                values += inputs.edge_values(name)[:1]
                for value in values:
                    body = json.dumps({**self.ctx.plausible, name: value})
                    self.json(method, path, f"{method} json wajar {name}={str(value)[:20]!r}", body)
        if method != "POST":
            return
        self._uploads(method, path, forms)
        if self.endpoint.route in self.ctx.skip_post_forms:
            return
        done = self.shared.setdefault("forms", set())
        for f, form in enumerate(forms[:MAX_FORMS]):
            if form.signature() not in done:
                done.add(form.signature())
                self._fuzz_form(form, f)

    def _uploads(self, method, path, forms):
        """Garbage files: every kind through a file form (once per endpoint, by the first role
        shown one), two kinds to an API that takes files, one to anything else."""
        form_upload = any(f.files for f in forms)
        key = "upload form" if form_upload else "upload"
        if self.shared.get(key):
            return
        self.shared[key] = True
        upload = form_upload or self._is_upload(forms)
        _, file_names = inputs.known_names()
        names = list(dict.fromkeys([n for f in forms for n in f.files] + list(file_names)))
        kinds = len(inputs.FILES) if form_upload else 2 if upload else 1
        for k in range(kinds):
            data = {**self.ctx.plausible, **{n: inputs.garbage_file(k + j) for j, n in enumerate(names)}}
            self.multipart(method, path, f"POST berkas_sampah {inputs.FILES[k % len(inputs.FILES)][0]}", data)
        if upload:
            for form in [f for f in forms if f.files][:1]:
                data = {**dict(form.fields), **{n: inputs.big_file() for n in form.files}}
                self.multipart(method, form.action, "POST berkas_besar (form)", data)
            if not forms:
                data = {**self.ctx.plausible, **{n: inputs.big_file() for n in names[:3]}}
                self.multipart(method, path, "POST berkas_besar", data)

    def _is_upload(self, forms) -> bool:
        if any(f.files for f in forms):
            return True
        if not self.endpoint.is_drf:
            return False
        source = inputs.source_near(self.endpoint.module)
        return any(word in source for word in ("FILES", "FileField", "MultiPart"))

    def _fuzz_form(self, form, offset):
        files = {n: inputs.garbage_file(i) for i, n in enumerate(form.files)}
        sender = self.multipart if files else self.form
        bases = [dict(form.fields)]
        for name, value in form.buttons[:3]:
            bases.append({**dict(form.fields), name: value})
        for b, base in enumerate(bases):
            sender("POST", form.action, f"POST form asli #{b}", {**base, **files})
        base = bases[-1]
        for i, name in enumerate(form.names()[:MAX_FIELDS]):
            values = [GARBAGE_VALUES[(i + offset) % len(GARBAGE_VALUES)]]
            values += inputs.edge_values(name, form.types.get(name, ""), str(base.get(name, "")))
            for value in values:
                data = {**base, name: value, **files}
                sender("POST", form.action, f"POST form {name}={_label_of(value)}", data)


def hash_index(name: str) -> int:
    """A per-name offset into the garbage lists, stable across runs (``hash`` is salted)."""
    return sum(name.encode())


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/masuk/" in response.get("Location", "")


def _label_of(value: str) -> str:
    for name, v in GARBAGE:
        if v == value:
            return name
    return repr(value)[:30]


def _api_body_problem(response) -> str | None:
    try:
        body = json.loads(response.content or b"")
    except ValueError:
        return f"badan galat API bukan JSON ({response.get('Content-Type', '')})"
    if not isinstance(body, dict) or not {"code", "message", "detail"} <= set(body):
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        return f"badan galat API tanpa code/message/detail: {keys}"
    return None


def action_route(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).route
    except Resolver404:
        return None
