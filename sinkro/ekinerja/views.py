"""Pages of the mock e-Kinerja. Thin: parse the form, call a selector or a service, render.

- Admin Instansi (BKD): the menus of one instansi under /ekinerja/instansi/<id>/. Another instansi's
  pages and records answer 404; a user who is no Admin Instansi gets 403. Trainers see every instansi.
- Pelatih: fault injection (/ekinerja/gangguan/).
- Pegawai: "e-Kinerja saya" (/ekinerja/saya/). The pegawai is the SIASN PNS whose e-mail is the
  account's (e-Kinerja knows its users through SSO, not through Dapodik); an Admin Instansi sees the
  same page for any of its pegawai ("lihat sebagai pegawai"), read only.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role
from sinkro import catalogue

from . import forms, selectors, services
from .models import Gangguan, Hasil, JenisLog, ModeGangguan

PAGE_SIZE = 25


def _page(request, qs) -> dict:
    """The ``page`` of ``qs`` asked for and the ``querystring`` of the other GET parameters."""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "querystring": params.urlencode()}


def _admin(request, instansi_id):
    """The instansi of an Admin Instansi page: 403 for non-admins, 404 for another instansi."""
    actor = request.actor
    if not (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI)):
        raise Forbidden("Halaman ini untuk Admin Instansi (BKD) e-Kinerja.")
    try:
        return selectors.instansi_get(actor=actor, pk=instansi_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _get(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _render(request, template, instansi, menu, context=None, status=200):
    return render(request, template, {"instansi": instansi, "menu": menu, **(context or {})}, status=status)


def _back_on_error(url_name: str, *, with_instansi: bool = True):
    """A refused action of a POST-only view goes back to its page with the message (403/404 stay)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except (Forbidden, NotFound):
                raise
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect(url_name, *([kwargs["instansi_id"]] if with_instansi else []))

        return wrapper

    return decorator


def _form_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "Data tidak valid."


def _cleaned(form) -> dict:
    """The form's data; invalid data are refused with the first error (the page shows it as a message)."""
    if not form.is_valid():
        raise ApplicationError(_form_error(form), code="invalid")
    return form.cleaned_data


def _done(request, message: str, url_name: str, *args):
    messages.success(request, message)
    return redirect(url_name, *args)


def _admin_page(*methods):
    """A page of one instansi's Admin Instansi menus, answering ``methods``: the view gets the instansi."""

    def decorator(view):
        @login_required
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapper(request, instansi_id, **kwargs):
            return view(request, _admin(request, instansi_id), **kwargs)

        return wrapper

    return decorator


def _row_action(menu_url: str, selector, *, then: str = ""):
    """A POST-only action on one record of an Admin Instansi menu.

    The view gets the instansi and the record (404 outside the instansi), does the work and returns
    the success message; the answer then goes to ``then`` (a page of the record) or back to the menu.
    A refused action goes back to the menu with its message.
    """

    def decorator(view):
        @login_required
        @require_POST
        @_back_on_error(menu_url)
        @wraps(view)
        def wrapper(request, instansi_id, pk):
            instansi = _admin(request, instansi_id)
            row = _get(selector, instansi=instansi, pk=pk)
            messages.success(request, view(request, instansi, row))
            if then:
                return redirect(then, instansi.pk, row.pk)
            return redirect(menu_url, instansi.pk)

        return wrapper

    return decorator


# --- home -----------------------------------------------------------------------------------------


@login_required
@require_GET
def beranda(request):
    actor = request.actor
    instansi = (
        list(selectors.instansi_list(actor=actor))
        if (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI))
        else []
    )
    if len(instansi) == 1 and not actor.is_trainer:
        return redirect("ekinerja:instansi", instansi[0].pk)
    return render(
        request,
        "ekinerja/beranda.html",
        {"instansi_list": instansi, "is_trainer": actor.is_trainer},
    )


@_admin_page("GET")
def instansi_home(request, instansi):
    recap = selectors.log_recap(selectors.log_list(instansi=instansi))
    return _render(request, "ekinerja/instansi.html", instansi, "beranda", {"recap": recap})


# --- Manajemen Unor -------------------------------------------------------------------------------


@_admin_page("GET", "POST")
def unor_list(request, instansi):
    form = forms.UnorCreateForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        unor = services.unor_create(instansi=instansi, **_cleaned(form))
        return _done(request, f"Unor {unor.nama} ditambahkan.", "ekinerja:unor_list", instansi.pk)
    q = request.GET.get("q", "")
    paged = _page(request, selectors.unor_list(instansi=instansi, search=q))
    return _render(request, "ekinerja/unor_list.html", instansi, "unor", {**paged, "q": q, "form": form})


@_admin_page("GET", "POST")
def unor_edit(request, instansi, unor_id):
    unor = _get(selectors.unor_get, instansi=instansi, pk=unor_id)
    if request.method == "POST":
        form = forms.UnorForm(request.POST, instansi=instansi, unor=unor)
        if form.is_valid():
            try:
                services.unor_update(unor=unor, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return _done(
                    request, f"Unor {form.cleaned_data['nama']} disimpan.", "ekinerja:unor_list", instansi.pk
                )
        status = 400
    else:
        form = forms.UnorForm(
            instansi=instansi,
            unor=unor,
            initial={
                "nama": unor.nama,
                "aktif_ekinerja": unor.aktif_ekinerja,
                "aktif_siasn": unor.aktif_siasn,
                "diatasan": unor.diatasan_id,
                "pemimpin_nip": unor.pemimpin.nip if unor.pemimpin_id else "",
            },
        )
        status = 200
    return _render(request, "ekinerja/unor_form.html", instansi, "unor", {"unor": unor, "form": form}, status)


# --- Manajemen Pegawai ----------------------------------------------------------------------------


@_admin_page("GET", "POST")
def pegawai_list(request, instansi):
    form = forms.PegawaiAddForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        pegawai = services.pegawai_add(instansi=instansi, **_cleaned(form))
        message = f"{pegawai.pns.nama} ditambahkan sebagai pegawai e-Kinerja."
        return _done(request, message, "ekinerja:pegawai_list", instansi.pk)
    q = request.GET.get("q", "")
    paged = _page(request, selectors.pegawai_list(instansi=instansi, search=q))
    kandidat = list(selectors.pns_belum_pegawai(instansi=instansi, search=q)[:20])
    context = {**paged, "q": q, "form": form, "kandidat": kandidat}
    return _render(request, "ekinerja/pegawai_list.html", instansi, "pegawai", context)


@_admin_page("GET")
def pegawai_detail(request, instansi, pk):
    """ "Lihat sebagai pegawai": the pegawai's e-Kinerja page as the pegawai sees it, plus the move form."""
    pegawai = _get(selectors.pegawai_get, instansi=instansi, pk=pk)
    context = selectors.pegawai_page(pns=pegawai.pns)
    context.update(
        {
            "as_admin": True,
            "move_form": forms.PegawaiMoveForm(instansi=instansi, initial={"unor": pegawai.unor_id}),
            "pmm_sinkron_url": _pmm_sinkron_url(),
        }
    )
    return _render(request, "ekinerja/pegawai_detail.html", instansi, "pegawai", context)


@_row_action("ekinerja:pegawai_list", selectors.pegawai_get, then="ekinerja:pegawai_detail")
def pegawai_move(request, instansi, pegawai):
    unor = _cleaned(forms.PegawaiMoveForm(request.POST, instansi=instansi))["unor"]
    services.pegawai_move(pegawai=pegawai, unor=unor)
    return f"Unor {pegawai.pns.nama} dipindahkan ke {unor.nama}."


@_row_action("ekinerja:pegawai_list", selectors.pegawai_get)
def pegawai_remove(request, instansi, pegawai):
    services.pegawai_remove(pegawai=pegawai)
    return f"{pegawai.pns.nama} dikeluarkan dari pegawai e-Kinerja."


# --- User PMM -------------------------------------------------------------------------------------


@_admin_page("GET", "POST")
def user_pmm_list(request, instansi):
    form = forms.NipForm(request.POST or None)
    if request.method == "POST":
        row = services.user_pmm_add(instansi=instansi, **_cleaned(form))
        return _done(request, f"NIP {row.nip} ada di daftar User PMM.", "ekinerja:user_pmm_list", instansi.pk)
    q = request.GET.get("q", "")
    paged = _page(request, selectors.user_pmm_list(instansi=instansi, search=q))
    names = selectors.user_pmm_names(nips=[r.nip for r in paged["page"]])
    rows = [(r, names.get(r.nip)) for r in paged["page"]]
    context = {**paged, "rows": rows, "q": q, "form": form}
    return _render(request, "ekinerja/user_pmm.html", instansi, "user_pmm", context)


@_row_action("ekinerja:user_pmm_list", selectors.user_pmm_get)
def user_pmm_remove(request, instansi, row):
    services.user_pmm_remove(user_pmm=row)
    return f"NIP {row.nip} dihapus dari daftar User PMM."


# --- Plt ------------------------------------------------------------------------------------------


@_admin_page("GET", "POST")
def plt_list(request, instansi):
    form = forms.PltAddForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        row = services.plt_add(instansi=instansi, **_cleaned(form))
        message = f"{row.pns.nama} terdaftar sebagai Plt. Kepala Sekolah {row.unor.nama}."
        return _done(request, message, "ekinerja:plt_list", instansi.pk)
    paged = _page(request, selectors.plt_list(instansi=instansi))
    return _render(request, "ekinerja/plt.html", instansi, "plt", {**paged, "form": form})


@_row_action("ekinerja:plt_list", selectors.plt_get)
def plt_remove(request, instansi, row):
    services.plt_remove(registrasi=row)
    return f"Registrasi Plt {row.pns.nama} di {row.unor.nama} dihapus."


# --- Manajemen Periode ----------------------------------------------------------------------------


@_admin_page("GET", "POST")
def periode_list(request, instansi):
    form = forms.PeriodeForm(request.POST or None)
    if request.method == "POST":
        row = services.periode_create(instansi=instansi, **_cleaned(form))
        return _done(request, f"Periode {row} dibuat dan dibuka.", "ekinerja:periode_list", instansi.pk)
    rows = list(selectors.periode_list(instansi=instansi))
    return _render(request, "ekinerja/periode.html", instansi, "periode", {"rows": rows, "form": form})


@_row_action("ekinerja:periode_list", selectors.periode_get)
def periode_toggle(request, instansi, row):
    row = services.periode_set_open(periode=row, dibuka=not row.dibuka)
    return f"Periode {row} {'dibuka' if row.dibuka else 'ditutup'}."


# --- API key --------------------------------------------------------------------------------------


@_admin_page("GET", "POST")
def api_key_list(request, instansi):
    form = forms.ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST":
        nama = _cleaned(form)["nama"]
        _, new_key = services.api_key_create(instansi=instansi, nama=nama, actor=request.user)
        form = forms.ApiKeyForm()
    rows = list(selectors.api_key_list(instansi=instansi))
    # The new key is shown in this answer only (never stored in clear, never shown again).
    context = {"rows": rows, "form": form, "new_key": new_key}
    return _render(request, "ekinerja/api_key.html", instansi, "api_key", context)


@_row_action("ekinerja:api_key_list", selectors.api_key_get)
def api_key_revoke(request, instansi, row):
    services.api_key_revoke(api_key=row)
    return f"API key {row.prefix}… dicabut dari whitelist."


# --- Log Sinkronisasi PMM -------------------------------------------------------------------------


@_admin_page("GET")
def log_list(request, instansi):
    filters = {k: request.GET.get(k, "") for k in selectors.LOG_FILTERS}
    qs = selectors.log_list(instansi=instansi, filters=filters)
    return _render(
        request,
        "ekinerja/log_list.html",
        instansi,
        "log",
        {
            **_page(request, qs),
            "filters": filters,
            "recap": selectors.log_recap(qs),
            "hasil_choices": Hasil.choices,
            "jenis_choices": JenisLog.choices,
            "kode_choices": [(e.code, f"#{e.number} {e.message}") for e in catalogue.ERRORS]
            + [(catalogue.TIMEOUT.code, f"#9 {catalogue.TIMEOUT.message}")],
            "aktor_choices": [a.value for a in catalogue.Aktor],
        },
    )


@_admin_page("GET")
def log_detail(request, instansi, pk):
    log = _get(selectors.log_get, instansi=instansi, pk=pk)
    return _render(
        request,
        "ekinerja/log_detail.html",
        instansi,
        "log",
        {
            "log": log,
            "entry": catalogue.lookup(log.kode),
            "perbandingan": selectors.log_comparison(log),
            "dikirim_json": json.dumps(log.dikirim, indent=2, ensure_ascii=False, sort_keys=True),
            "ekinerja_json": json.dumps(log.ekinerja, indent=2, ensure_ascii=False, sort_keys=True),
        },
    )


# --- fault injection (trainers) --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def gangguan(request):
    if not request.actor.is_trainer:
        raise Forbidden("Hanya pelatih (Admin Pusat) yang dapat menyuntikkan gangguan e-Kinerja.")
    if request.method == "POST":
        if "hapus" in request.POST:
            services.gangguan_clear(actor=request.user)
            messages.success(request, "Gangguan dihapus: e-Kinerja berjalan normal.")
            return redirect("ekinerja:gangguan")
        form = forms.GangguanForm(request.POST)
        if form.is_valid():
            row = services.gangguan_set(actor=request.user, **form.cleaned_data)
            messages.success(request, f"Gangguan diatur: {row.get_mode_display()}.")
            return redirect("ekinerja:gangguan")
        status = 400
    else:
        row = Gangguan.objects.filter(pk=1).first()
        form = forms.GangguanForm(
            initial={"mode": row.mode, "persen": row.persen, "nip": row.nip, "sisa": row.sisa}
            if row
            else {"mode": ModeGangguan.NONE, "persen": 100}
        )
        status = 200
    current = Gangguan.objects.filter(pk=1).first()
    return render(
        request,
        "ekinerja/gangguan.html",
        {"form": form, "current": current, "timeout_seconds": services.fault_timeout_seconds()},
        status=status,
    )


# --- the pegawai's own page ------------------------------------------------------------------------


def _pmm_sinkron_url() -> str:
    # The real "Sinkron PMM" button asks PMM for the data; here it hands over to PMM's sync page.
    return getattr(settings, "EKINERJA_PMM_SINKRON_URL", "/sinkro/")


@login_required
@require_GET
def saya(request):
    pns = selectors.pns_for_user(user=request.user)
    if pns is None:
        return render(request, "ekinerja/saya.html", {"pns": None}, status=200)
    context = selectors.pegawai_page(pns=pns)
    context.update(
        {
            "form": forms.SkpManualForm(periods=context["periods"]),
            "pmm_sinkron_url": _pmm_sinkron_url(),
        }
    )
    return render(request, "ekinerja/saya.html", context)


@login_required
@require_POST
@_back_on_error("ekinerja:saya", with_instansi=False)
def saya_skp_tambah(request):
    pns = selectors.pns_for_user(user=request.user)
    if pns is None:
        raise Forbidden("Akun Anda tidak terhubung dengan data PNS di SIASN.")
    context = selectors.pegawai_page(pns=pns)
    data = _cleaned(forms.SkpManualForm(request.POST, periods=context["periods"]))
    tahun, semester = data["periode"]
    skp = services.skp_manual_create(
        pns=pns, tahun=tahun, semester=semester, peran=data["peran"], uraian=data["uraian"]
    )
    messages.success(request, f"SKP {skp.get_peran_display()} periode {skp.periode} dibuat.")
    return redirect("ekinerja:saya")
