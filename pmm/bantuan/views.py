"""Pusat Bantuan pages. Thin: parse the form, call a selector or a service, render."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmm import clock
from pmm.errors import ApplicationError, NotFound

from . import permissions, selectors, services, sla
from .forms import AntreanFilterForm, BalasanForm, StatusForm, TiketForm, initial_from_query
from .models import LAMPIRAN_FIELDS, Status


def _get_tiket(request, pk):
    try:
        return selectors.tiket_get(actor=request.actor, pk=pk, now=clock.now())
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _sla_context(tiket):
    return {
        "due_text": sla.format_wib(tiket.due_at),
        "received_text": sla.format_wib(tiket.received_at),
        "first_response_text": sla.format_wib(tiket.first_response_at) if tiket.first_response_at else "",
        "dijawab_terlambat": bool(tiket.first_response_at and tiket.first_response_at > tiket.due_at),
    }


@login_required
@require_GET
def tiket_saya(request):
    now = clock.now()
    page = selectors.tiket_saya_page(actor=request.actor, now=now, cursor=request.GET.get("setelah"))
    return render(
        request,
        "bantuan/tiket_saya.html",
        {"page": page, "is_petugas": permissions.is_petugas(request.actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tiket_baru(request):
    if request.method == "POST":
        form = TiketForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                tiket = services.tiket_create(pelapor=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(
                    request,
                    f"Tiket {tiket.nomor} diterima. Tim kami akan merespons paling lambat "
                    f"{sla.format_wib(tiket.due_at)}. Tanda terima dikirim ke {tiket.email}.",
                )
                return redirect("bantuan:tiket_detail", pk=tiket.pk)
    else:
        form = TiketForm(
            initial=initial_from_query(
                request.GET, user=request.user, ptk=request.actor.ptk, meta=request.META
            )
        )
    return render(
        request,
        "bantuan/tiket_baru.html",
        {"form": form, "sla_contoh": sla.format_wib(sla.due_at(clock.now()))},
    )


def _detail_context(request, tiket, *, balasan_form=None):
    actor = request.actor
    balasan, riwayat = selectors.tiket_thread(actor=actor, tiket=tiket)
    as_desk = permissions.acts_as_desk(actor, tiket)
    targets = sorted(services.TRANSITIONS[tiket.status], key=Status.values.index)
    return {
        "tiket": tiket,
        "balasan": balasan,
        "riwayat": riwayat,
        "as_desk": as_desk,
        "is_petugas": permissions.is_petugas(actor),
        "balasan_form": balasan_form or BalasanForm(),
        "status_targets": [(s, Status(s).label) for s in targets],
        "bisa_membalas": as_desk or tiket.status != Status.SELESAI,
        "bisa_menutup": not as_desk and tiket.status != Status.SELESAI,
        **_sla_context(tiket),
    }


@login_required
@require_GET
def tiket_detail(request, pk):
    tiket = _get_tiket(request, pk)
    return render(request, "bantuan/tiket_detail.html", _detail_context(request, tiket))


@login_required
@require_POST
def tiket_balas(request, pk):
    tiket = _get_tiket(request, pk)
    form = BalasanForm(request.POST)
    if not form.is_valid():
        return render(
            request, "bantuan/tiket_detail.html", _detail_context(request, tiket, balasan_form=form)
        )
    try:
        services.tiket_reply(
            actor=request.actor,
            tiket_id=tiket.pk,
            teks=form.cleaned_data["teks"],
            internal=form.cleaned_data["internal"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Balasan terkirim.")
    return redirect("bantuan:tiket_detail", pk=tiket.pk)


@login_required
@require_POST
def tiket_status(request, pk):
    tiket = _get_tiket(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            services.tiket_status_change(
                actor=request.actor,
                tiket_id=tiket.pk,
                status=form.cleaned_data["status"],
                catatan=form.cleaned_data["catatan"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Status tiket menjadi {Status(form.cleaned_data['status']).label}.")
    return redirect("bantuan:tiket_detail", pk=tiket.pk)


@login_required
@require_GET
def tiket_lampiran(request, pk, jenis):
    """Screenshots are personal data: served only to whoever may see the ticket, never from /media/."""
    tiket = _get_tiket(request, pk)
    field = LAMPIRAN_FIELDS.get(jenis)
    value = getattr(tiket, field) if field else None
    if not value:
        raise Http404("Lampiran tidak ditemukan.")
    try:
        handle = value.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Lampiran tidak ditemukan.") from exc
    content_type = mimetypes.guess_type(value.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def antrean(request):
    params = request.GET
    filters = {
        "status": params.get("status", ""),
        "kategori": params.get("kategori", ""),
        "hanya_lewat_sla": params.get("lewat_sla", "") in ("1", "on", "true"),
    }
    page = selectors.antrean_page(
        actor=request.actor, now=clock.now(), cursor=params.get("setelah"), **filters
    )
    query = params.copy()
    query.pop("setelah", None)
    form = AntreanFilterForm(initial={**filters, "lewat_sla": filters["hanya_lewat_sla"]})
    return render(
        request, "bantuan/antrean.html", {"page": page, "form": form, "querystring": query.urlencode()}
    )
