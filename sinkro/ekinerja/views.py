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


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


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


@login_required
@require_GET
def instansi_home(request, instansi_id):
    instansi = _admin(request, instansi_id)
    recap = selectors.log_recap(selectors.log_list(instansi=instansi))
    return _render(request, "ekinerja/instansi.html", instansi, "beranda", {"recap": recap})


# --- Manajemen Unor -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unor_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.UnorCreateForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        unor = services.unor_create(
            instansi=instansi,
            nama=form.cleaned_data["nama"],
            npsn=form.cleaned_data["npsn"],
            diatasan=form.cleaned_data["diatasan"],
        )
        messages.success(request, f"Unor {unor.nama} ditambahkan.")
        return redirect("ekinerja:unor_list", instansi.pk)
    q = request.GET.get("q", "")
    page, querystring = _page(request, selectors.unor_list(instansi=instansi, search=q))
    return _render(
        request,
        "ekinerja/unor_list.html",
        instansi,
        "unor",
        {"page": page, "q": q, "querystring": querystring, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unor_edit(request, instansi_id, unor_id):
    instansi = _admin(request, instansi_id)
    unor = _get(selectors.unor_get, instansi=instansi, pk=unor_id)
    if request.method == "POST":
        form = forms.UnorForm(request.POST, instansi=instansi, unor=unor)
        if form.is_valid():
            try:
                services.unor_update(unor=unor, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Unor {form.cleaned_data['nama']} disimpan.")
                return redirect("ekinerja:unor_list", instansi.pk)
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


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.PegawaiAddForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        pegawai = services.pegawai_add(
            instansi=instansi, nip=form.cleaned_data["nip"], unor=form.cleaned_data["unor"]
        )
        messages.success(request, f"{pegawai.pns.nama} ditambahkan sebagai pegawai e-Kinerja.")
        return redirect("ekinerja:pegawai_list", instansi.pk)
    q = request.GET.get("q", "")
    page, querystring = _page(request, selectors.pegawai_list(instansi=instansi, search=q))
    kandidat = list(selectors.pns_belum_pegawai(instansi=instansi, search=q)[:20])
    return _render(
        request,
        "ekinerja/pegawai_list.html",
        instansi,
        "pegawai",
        {"page": page, "q": q, "querystring": querystring, "form": form, "kandidat": kandidat},
    )


@login_required
@require_GET
def pegawai_detail(request, instansi_id, pk):
    """ "Lihat sebagai pegawai": the pegawai's e-Kinerja page as the pegawai sees it, plus the move form."""
    instansi = _admin(request, instansi_id)
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


@login_required
@require_POST
@_back_on_error("ekinerja:pegawai_list")
def pegawai_move(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    pegawai = _get(selectors.pegawai_get, instansi=instansi, pk=pk)
    form = forms.PegawaiMoveForm(request.POST, instansi=instansi)
    if not form.is_valid():
        raise ApplicationError(_form_error(form), code="invalid")
    services.pegawai_move(pegawai=pegawai, unor=form.cleaned_data["unor"])
    messages.success(request, f"Unor {pegawai.pns.nama} dipindahkan ke {form.cleaned_data['unor'].nama}.")
    return redirect("ekinerja:pegawai_detail", instansi.pk, pegawai.pk)


@login_required
@require_POST
@_back_on_error("ekinerja:pegawai_list")
def pegawai_remove(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    pegawai = _get(selectors.pegawai_get, instansi=instansi, pk=pk)
    services.pegawai_remove(pegawai=pegawai)
    messages.success(request, f"{pegawai.pns.nama} dikeluarkan dari pegawai e-Kinerja.")
    return redirect("ekinerja:pegawai_list", instansi.pk)


# --- User PMM -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def user_pmm_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.NipForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        row = services.user_pmm_add(instansi=instansi, nip=form.cleaned_data["nip"])
        messages.success(request, f"NIP {row.nip} ada di daftar User PMM.")
        return redirect("ekinerja:user_pmm_list", instansi.pk)
    q = request.GET.get("q", "")
    page, querystring = _page(request, selectors.user_pmm_list(instansi=instansi, search=q))
    names = selectors.user_pmm_names(nips=[r.nip for r in page])
    rows = [(r, names.get(r.nip)) for r in page]
    return _render(
        request,
        "ekinerja/user_pmm.html",
        instansi,
        "user_pmm",
        {"page": page, "rows": rows, "q": q, "querystring": querystring, "form": form},
    )


@login_required
@require_POST
@_back_on_error("ekinerja:user_pmm_list")
def user_pmm_remove(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    row = _get(selectors.user_pmm_get, instansi=instansi, pk=pk)
    services.user_pmm_remove(user_pmm=row)
    messages.success(request, f"NIP {row.nip} dihapus dari daftar User PMM.")
    return redirect("ekinerja:user_pmm_list", instansi.pk)


# --- Plt ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plt_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.PltAddForm(request.POST or None, instansi=instansi)
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        row = services.plt_add(
            instansi=instansi, nip=form.cleaned_data["nip"], unor=form.cleaned_data["unor"]
        )
        messages.success(request, f"{row.pns.nama} terdaftar sebagai Plt. Kepala Sekolah {row.unor.nama}.")
        return redirect("ekinerja:plt_list", instansi.pk)
    page, querystring = _page(request, selectors.plt_list(instansi=instansi))
    return _render(
        request,
        "ekinerja/plt.html",
        instansi,
        "plt",
        {"page": page, "querystring": querystring, "form": form},
    )


@login_required
@require_POST
@_back_on_error("ekinerja:plt_list")
def plt_remove(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    row = _get(selectors.plt_get, instansi=instansi, pk=pk)
    services.plt_remove(registrasi=row)
    messages.success(request, f"Registrasi Plt {row.pns.nama} di {row.unor.nama} dihapus.")
    return redirect("ekinerja:plt_list", instansi.pk)


# --- Manajemen Periode ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def periode_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.PeriodeForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        row = services.periode_create(instansi=instansi, **form.cleaned_data)
        messages.success(request, f"Periode {row} dibuat dan dibuka.")
        return redirect("ekinerja:periode_list", instansi.pk)
    rows = list(selectors.periode_list(instansi=instansi))
    return _render(request, "ekinerja/periode.html", instansi, "periode", {"rows": rows, "form": form})


@login_required
@require_POST
@_back_on_error("ekinerja:periode_list")
def periode_toggle(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    row = _get(selectors.periode_get, instansi=instansi, pk=pk)
    row = services.periode_set_open(periode=row, dibuka=not row.dibuka)
    messages.success(request, f"Periode {row} {'dibuka' if row.dibuka else 'ditutup'}.")
    return redirect("ekinerja:periode_list", instansi.pk)


# --- API key --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def api_key_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    form = forms.ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST":
        if not form.is_valid():
            raise ApplicationError(_form_error(form), code="invalid")
        _, new_key = services.api_key_create(
            instansi=instansi, nama=form.cleaned_data["nama"], actor=request.user
        )
        form = forms.ApiKeyForm()
    rows = list(selectors.api_key_list(instansi=instansi))
    # The new key is shown in this answer only (never stored in clear, never shown again).
    return _render(
        request,
        "ekinerja/api_key.html",
        instansi,
        "api_key",
        {"rows": rows, "form": form, "new_key": new_key},
    )


@login_required
@require_POST
@_back_on_error("ekinerja:api_key_list")
def api_key_revoke(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
    row = _get(selectors.api_key_get, instansi=instansi, pk=pk)
    services.api_key_revoke(api_key=row)
    messages.success(request, f"API key {row.prefix}… dicabut dari whitelist.")
    return redirect("ekinerja:api_key_list", instansi.pk)


# --- Log Sinkronisasi PMM -------------------------------------------------------------------------


@login_required
@require_GET
def log_list(request, instansi_id):
    instansi = _admin(request, instansi_id)
    filters = {k: request.GET.get(k, "") for k in selectors.LOG_FILTERS}
    qs = selectors.log_list(instansi=instansi, filters=filters)
    page, querystring = _page(request, qs)
    return _render(
        request,
        "ekinerja/log_list.html",
        instansi,
        "log",
        {
            "page": page,
            "querystring": querystring,
            "filters": filters,
            "recap": selectors.log_recap(qs),
            "hasil_choices": Hasil.choices,
            "jenis_choices": JenisLog.choices,
            "kode_choices": [(e.code, f"#{e.number} {e.message}") for e in catalogue.ERRORS]
            + [(catalogue.TIMEOUT.code, f"#9 {catalogue.TIMEOUT.message}")],
            "aktor_choices": [a.value for a in catalogue.Aktor],
        },
    )


@login_required
@require_GET
def log_detail(request, instansi_id, pk):
    instansi = _admin(request, instansi_id)
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
    form = forms.SkpManualForm(request.POST, periods=context["periods"])
    if not form.is_valid():
        raise ApplicationError(_form_error(form), code="invalid")
    tahun, semester = form.cleaned_data["periode"]
    skp = services.skp_manual_create(
        pns=pns,
        tahun=tahun,
        semester=semester,
        peran=form.cleaned_data["peran"],
        uraian=form.cleaned_data["uraian"],
    )
    messages.success(request, f"SKP {skp.get_peran_display()} periode {skp.periode} dibuat.")
    return redirect("ekinerja:saya")
