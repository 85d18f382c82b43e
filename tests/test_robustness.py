"""No input may cause a 500: a sweep over every URL pattern of the project (brief H11).

For every pattern (walked from the resolver, so new pages are swept without editing this file) and
every role of the Bimtek scenario, the sweep fills the path with a seeded value, a non-existent one
and garbage, then sends GETs with garbage query parameters (paging, cursor, 10 000-character ``q``,
``format=xyz``, impossible dates, ``1;DROP``, unicode, NUL bytes), POSTs with an empty body, garbage
form fields, garbage and broken JSON and garbage/oversized files, replays every form the role sees on
its pages with one field at a time replaced by garbage, and sends PUT/PATCH/DELETE where the view has
them. A response is a failure when the view raised (``Client(raise_request_exception=False)`` turns
it into a 500 with ``exc_info``), or for ``/api/v1/`` when an error body is not
``{"code", "message", "detail"}``.

The Bimtek scenario is seeded once for the module inside a transaction that is rolled back at the
end; every request runs in its own rolled-back savepoint (tests/robustness/sweep.py).
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver

from tests.robustness import data, inprocess
from tests.robustness.endpoints import endpoints, fills
from tests.robustness.inputs import forms_in, known_names
from tests.robustness.sweep import MAX_FORMS, Context, Sweep, action_route

ENDPOINTS = endpoints()

# Generating the OpenAPI document takes most of a second: two roles are enough for it.
SLOW = {"api/schema/": ("anonim", "pelatih"), "api/docs/": ("anonim", "pelatih")}
# Pages that take a large part of a second per request get one light request per role and input
# kind instead of the full battery: the instansi diagnosis asks e-Kinerja about every pegawai, the
# predikat PDF is rendered by WeasyPrint.
HEAVY = (
    "sinkro/instansi/<int:pk>/diagnosis/",
    "api/v1/sinkro/instansi/<int:pk>/diagnosis/",
    "kinerja/rencana/<int:pk>/predikat.pdf",
    "api/v1/kinerja/rencana/<int:pk>/penilaian/pdf/",
    "api/schema/",
)


def roles_for(endpoint) -> tuple[str, ...]:
    if endpoint.is_ekinerja_api:
        return ("anonim",)  # no session: the caller is identified by its x-api-key only
    return SLOW.get(endpoint.route, data.ROLES)


def _cases():
    for endpoint in ENDPOINTS:
        yield pytest.param(endpoint, id=endpoint.route or "/")


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media-robustness")
    overrides = override_settings(
        MEDIA_ROOT=str(media),
        EKINERJA_BASE_URL=inprocess.BASE_URL,
        EKINERJA_FAULT_TIMEOUT_SECONDS=0,
        # Small, so the oversized upload of the sweep is oversized for the roster import too.
        ROSTER_MAX_BYTES=1024 * 1024,
        DINAS_REKAP_OTOMATIS=False,
    )
    patch = pytest.MonkeyPatch()
    from celery.app.task import Task

    from sinkro import client as sinkro_client
    from sinkro.ekinerja import services as ekinerja_services

    # Nothing reaches a broker (a shared filesystem broker would hand the task to a real worker),
    # and an injected timeout never sleeps.
    patch.setattr(Task, "apply_async", lambda *a, **k: None)
    patch.setattr(sinkro_client, "session", inprocess.session)
    patch.setattr(ekinerja_services, "_sleep", lambda seconds: None)
    overrides.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = data.seed_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            overrides.disable()
            patch.undo()
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    overrides.disable()
    patch.undo()


@pytest.fixture(scope="module")
def ctx(dunia, django_db_blocker):
    """Log every role in, then GET every page once per role to learn its status and its forms."""
    clients = {}
    with django_db_blocker.unblock():
        for role, user in dunia.users.items():
            c = Client(raise_request_exception=False)
            if user is not None:
                c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients[role] = c
        context = Context(
            clients=clients,
            known=dunia.known,
            plausible=dunia.plausible,
            headers={"ekinerja/api/": {"X-Api-Key": dunia.api_key}},
            skip_post_forms=("ekinerja/gangguan/",),
            heavy=HEAVY,
        )
        known_names()
        _crawl(context)
    return context


def _crawl(context: Context) -> None:
    for endpoint in ENDPOINTS:
        paths = [
            endpoint.build(kw) for label, kw in fills(endpoint, context.known) if label.startswith("ada")
        ]
        for role in roles_for(endpoint):
            sweep = Sweep(context, endpoint, role)
            for n, path in enumerate(p for p in paths if p is not None):
                response = sweep.send("GET", path, "crawl")
                if n == 0:
                    context.status[(endpoint.route, role)] = response.status_code
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    _collect_forms(context, role, path, response.content.decode("utf-8", "replace"))
            context.crawl_findings += sweep.findings


def _collect_forms(context: Context, role: str, path: str, html: str) -> None:
    for form in forms_in(html, path):
        route = action_route(form.action)
        if route is None:
            continue
        forms = context.forms.setdefault((route, role), [])
        if form.signature() not in {f.signature() for f in forms} and len(forms) < MAX_FORMS:
            forms.append(form)


@pytest.mark.parametrize("endpoint", list(_cases()))
def test_no_input_gives_500(ctx, endpoint, db):
    findings = [f for f in ctx.crawl_findings if f.route == endpoint.route]
    shared = {}
    # The trainer (superuser) first: what is swept once per endpoint is then swept by a role the
    # view serves.
    for role in sorted(roles_for(endpoint), key=lambda r: r != "pelatih"):
        findings += Sweep(ctx, endpoint, role, shared).run()
    assert not findings, f"{len(findings)} respons 500:\n" + "\n".join(f.line() for f in findings)


def test_every_url_pattern_of_the_project_is_swept_with_a_path_that_resolves(ctx):
    def leaves(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from leaves(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    routes = {r for r in leaves(get_resolver().url_patterns) if not r.startswith("admin/") or r == "admin/"}
    assert len(ENDPOINTS) == len(routes) > 100
    unbuilt = [e.route for e in ENDPOINTS if e.build(fills(e, ctx.known)[0][1]) is None]
    assert unbuilt == []


@pytest.mark.urls("tests.robustness.failing_urls")
def test_the_sweep_reports_a_crash_and_an_api_error_body_without_code(db):
    found = {e.route: e for e in endpoints()}
    client = Client(raise_request_exception=False)
    context = Context(clients={"anonim": client}, known={}, plausible={"nama": "x"})
    for route in found:
        context.status[(route, "anonim")] = client.get("/" + route).status_code

    crashes = Sweep(context, found["rusak/"], "anonim").run()
    assert crashes and {f.status for f in crashes} == {500}
    assert all(f.summary.startswith("ValueError: invalid literal for int()") for f in crashes)
    assert any(f.label == "GET halaman_abc" for f in crashes)

    bodies = Sweep(context, found["api/v1/galat/"], "anonim").run()
    assert bodies and all("tanpa code/message/detail" in f.summary for f in bodies)

    assert Sweep(context, found["sehat/"], "anonim").run() == []
