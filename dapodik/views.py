"""Operator Sekolah pages of Dapodik. Thin: parse the form, call a selector or a service, render.

A record outside the actor's scope answers 404 (its existence is not revealed); a record the actor
may read but not change answers 403 on the pages that change it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmm import clock
from pmm.errors import ApplicationError, NotFound

from . import permissions, selectors, services
from .choices import StatusVerval
from .forms import KepalaAssignForm, KepalaEndForm, PtkFilterForm, PtkForm, TransferForm, VervalForm
from .models import PenugasanKepalaSekolah

PAGE_SIZE = 25


def _get(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _require_write(actor, sekolah):
    if not permissions.can_write_sekolah(actor, sekolah.pk):
        raise PermissionDenied


def _require_browse(actor):
    if not permissions.can_browse(actor):
        raise PermissionDenied


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


# ---------------------------------------------------------------------------------------------------
# Sekolah and principal assignments


@login_required
@require_GET
def sekolah_list(request):
    actor = request.actor
    _require_browse(actor)
    q = request.GET.get("q", "")
    page, querystring = _page(request, selectors.sekolah_list(actor=actor, search=q))
    return render(request, "dapodik/sekolah_list.html", {"page": page, "q": q, "querystring": querystring})


def _sekolah_context(request, sekolah, assign_form=None):
    actor = request.actor
    can_write = permissions.can_write_sekolah(actor, sekolah.pk)
    if can_write and assign_form is None:
        assign_form = KepalaAssignForm(
            ptk_queryset=selectors.kepala_candidates(sekolah=sekolah),
            initial={"tanggal_mulai": clock.today()},
        )
    today = clock.today()
    penugasan = list(selectors.kepala_list(sekolah=sekolah))
    for p in penugasan:
        p.aktif = p.tanggal_mulai <= today and (p.tanggal_selesai is None or p.tanggal_selesai >= today)
    return {
        "sekolah": sekolah,
        "penugasan": penugasan,
        "can_write": can_write,
        "can_browse": permissions.can_browse(actor),
        "assign_form": assign_form if can_write else None,
        "end_form": KepalaEndForm(initial={"tanggal_selesai": today}) if can_write else None,
    }


@login_required
@require_GET
def sekolah_detail(request, pk):
    sekolah = _get(selectors.sekolah_get, actor=request.actor, pk=pk)
    return render(request, "dapodik/sekolah_detail.html", _sekolah_context(request, sekolah))


@login_required
@require_POST
def kepala_assign(request, pk):
    actor = request.actor
    sekolah = _get(selectors.sekolah_get, actor=actor, pk=pk)
    _require_write(actor, sekolah)
    form = KepalaAssignForm(request.POST, ptk_queryset=selectors.kepala_candidates(sekolah=sekolah))
    if form.is_valid():
        data = form.cleaned_data
        ptk = data["ptk"] or selectors.ptk_by_identitas(data["identitas"])
        if ptk is None or not permissions.can_name_kepala(actor, sekolah, ptk):
            form.add_error("identitas", permissions.KEPALA_NOT_FOUND)
        else:
            try:
                penugasan = services.kepala_assign(
                    actor=actor,
                    sekolah=sekolah,
                    ptk=ptk,
                    jenis=data["jenis"],
                    tanggal_mulai=data["tanggal_mulai"],
                    nomor_sk=data["nomor_sk"],
                )
            except ApplicationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(
                    request, f"{penugasan.ptk.nama} dicatat sebagai {penugasan.get_jenis_display()}."
                )
                return redirect("dapodik:sekolah_detail", pk=sekolah.pk)
    return render(request, "dapodik/sekolah_detail.html", _sekolah_context(request, sekolah, form))


@login_required
@require_POST
def kepala_end(request, pk):
    actor = request.actor
    penugasan: PenugasanKepalaSekolah = _get(selectors.kepala_get, actor=actor, pk=pk)
    _require_write(actor, penugasan.sekolah)
    form = KepalaEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            services.kepala_end(
                actor=actor, penugasan=penugasan, tanggal_selesai=form.cleaned_data["tanggal_selesai"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Penugasan {penugasan.ptk.nama} diakhiri.")
    return redirect("dapodik:sekolah_detail", pk=penugasan.sekolah_id)


# ---------------------------------------------------------------------------------------------------
# PTK


@login_required
@require_GET
def ptk_list(request):
    actor = request.actor
    _require_browse(actor)
    sekolah = None
    if request.GET.get("sekolah"):
        sekolah = _get(selectors.sekolah_get, actor=actor, pk=request.GET["sekolah"])
    elif not actor.is_trainer and len(permissions.operator_sekolah_ids(actor)) == 1:
        # An operator of one school sees that school (the usual case) with its "Tambah PTK" button.
        (only,) = permissions.operator_sekolah_ids(actor)
        sekolah = _get(selectors.sekolah_get, actor=actor, pk=only)
    form = PtkFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.ptk_list(
        actor=actor,
        sekolah_id=sekolah.pk if sekolah else None,
        search=filters.get("q", ""),
        jenis_ptk=filters.get("jenis_ptk", ""),
        status_kepegawaian=filters.get("status_kepegawaian", ""),
    )
    page, querystring = _page(request, qs)
    return render(
        request,
        "dapodik/ptk_list.html",
        {
            "page": page,
            "form": form,
            "sekolah": sekolah,
            "querystring": querystring,
            "can_write": sekolah is not None and permissions.can_write_sekolah(actor, sekolah.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ptk_create(request, pk):
    actor = request.actor
    sekolah = _get(selectors.sekolah_get, actor=actor, pk=pk)
    _require_write(actor, sekolah)
    form = PtkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ptk = services.ptk_create(actor=actor, sekolah=sekolah, **form.cleaned_data)
        except ApplicationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"PTK {ptk.nama} ditambahkan.")
            return redirect("dapodik:ptk_detail", pk=ptk.pk)
    return render(request, "dapodik/ptk_form.html", {"form": form, "sekolah": sekolah, "ptk": None})


@login_required
@require_GET
def ptk_detail(request, pk):
    actor = request.actor
    ptk = _get(selectors.ptk_get, actor=actor, pk=pk)
    return render(
        request,
        "dapodik/ptk_detail.html",
        {
            "ptk": ptk,
            "mutasi": selectors.mutasi_list(ptk=ptk),
            "verval": selectors.verval_list(actor=actor, ptk=ptk),
            "penugasan": selectors.kepala_of_ptk(ptk=ptk),
            "can_write": permissions.can_write_sekolah(actor, ptk.sekolah_id),
            "can_browse": permissions.can_browse(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ptk_update(request, pk):
    actor = request.actor
    ptk = _get(selectors.ptk_get, actor=actor, pk=pk)
    _require_write(actor, ptk.sekolah)
    initial = {f: getattr(ptk, f) or "" for f in services.PTK_FIELDS}
    form = PtkForm(request.POST or None, initial=initial, nip_locked=bool(ptk.nip))
    if request.method == "POST" and form.is_valid():
        try:
            services.ptk_update(actor=actor, ptk=ptk, **form.cleaned_data)
        except ApplicationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"Data PTK {form.cleaned_data['nama']} disimpan.")
            return redirect("dapodik:ptk_detail", pk=ptk.pk)
    return render(request, "dapodik/ptk_form.html", {"form": form, "sekolah": ptk.sekolah, "ptk": ptk})


@login_required
@require_http_methods(["GET", "POST"])
def ptk_transfer(request, pk):
    actor = request.actor
    ptk = _get(selectors.ptk_get, actor=actor, pk=pk)
    _require_write(actor, ptk.sekolah)
    asal = ptk.sekolah
    form = TransferForm(request.POST or None, initial={"tanggal_efektif": clock.today()})
    if request.method == "POST" and form.is_valid():
        tujuan = selectors.sekolah_by_npsn(form.cleaned_data["npsn_tujuan"])
        if tujuan is None:
            form.add_error("npsn_tujuan", "Sekolah dengan NPSN ini tidak ditemukan.")
        else:
            try:
                mutasi = services.ptk_transfer(
                    actor=actor,
                    ptk=ptk,
                    sekolah_tujuan=tujuan,
                    tanggal_efektif=form.cleaned_data["tanggal_efektif"],
                )
            except ApplicationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(
                    request,
                    f"Mutasi {ptk.nama} ke {tujuan.nama} dicatat, efektif {mutasi.tanggal_efektif:%d-%m-%Y}.",
                )
                if permissions.can_write_sekolah(actor, tujuan.pk):
                    return redirect("dapodik:ptk_detail", pk=ptk.pk)
                return redirect(f"{reverse('dapodik:ptk_list')}?sekolah={asal.pk}")
    return render(request, "dapodik/ptk_transfer.html", {"form": form, "ptk": ptk})


# ---------------------------------------------------------------------------------------------------
# Verval PTK


@login_required
@require_GET
def verval_list(request):
    actor = request.actor
    if not permissions.can_browse(actor) and actor.ptk is None:
        raise PermissionDenied
    q = request.GET.get("q", "")
    page, querystring = _page(request, selectors.verval_list(actor=actor, search=q))
    return render(
        request,
        "dapodik/verval_list.html",
        {
            "page": page,
            "q": q,
            "querystring": querystring,
            "can_write": permissions.can_write_any(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verval_create(request, pk):
    actor = request.actor
    ptk = _get(selectors.ptk_get, actor=actor, pk=pk)
    _require_write(actor, ptk.sekolah)
    form = VervalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verval = services.verval_nip_submit(ptk=ptk, nip_baru=form.cleaned_data["nip_baru"], actor=actor)
        except ApplicationError as exc:
            form.apply_errors(exc)
        else:
            if verval.status == StatusVerval.DISETUJUI:
                messages.success(request, f"Verval PTK disetujui: NIP {ptk.nama} kini {verval.nip_baru}.")
            else:
                messages.error(
                    request,
                    f"Verval PTK ditolak: {verval.alasan}. Periksa nama, tanggal lahir dan NIK PTK "
                    "dengan data kependudukan (KTP/KK), perbaiki data PTK, lalu ajukan ulang.",
                )
            return redirect("dapodik:ptk_detail", pk=ptk.pk)
    return render(
        request,
        "dapodik/verval_form.html",
        {"form": form, "ptk": ptk, "riwayat": selectors.verval_list(actor=actor, ptk=ptk)[:10]},
    )
