"""Pages of the Dinas side: PIC access (seed 004) and the monitoring dashboard. Thin: parse, check
the actor's region, call a selector or a service, render.

Another region answers 403 (a region's name is public); another region's school or pegawai answers
404 (its existence is not revealed).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmm.errors import ApplicationError, Forbidden, NotFound

from . import akses, ekspor, grafik, rekap, selectors, services, sinkro
from .forms import (
    KodeReferralForm,
    PegawaiFilterForm,
    PengajuanForm,
    SekolahFilterForm,
    TolakForm,
    filters_from,
)
from .keyset import keyset_page
from .models import TingkatWilayah
from .selectors import Wilayah


def dashboard_view(view):
    """Login, then the actor's ``Cakupan``; an actor with no region goes to the access page."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        cakupan = akses.cakupan_for(request.actor)
        if cakupan.kosong:
            messages.warning(
                request,
                "Anda belum memiliki akses Dashboard Pemantauan Pengelolaan Kinerja. Ajukan akses di sini.",
            )
            return redirect("dinas:akses")
        request.cakupan = cakupan
        return view(request, *args, **kwargs)

    return wrapped


def _periode_context(request) -> dict:
    periodes = selectors.periode_list()
    periode = selectors.periode_pick(periodes, request.GET.get("periode"))
    status = selectors.rekap_status(periode)
    return {
        "periodes": periodes,
        "periode": periode,
        "rekap_status": status,
        "sinkro_tersedia": sinkro.available(),
        "periode_q": f"periode={periode.pk}" if periode and request.GET.get("periode") else "",
    }


def _remember(request, extra: dict) -> str:
    """The current query string without the cursor (for filter forms and export links)."""
    params = request.GET.copy()
    params.pop("setelah", None)
    for k, v in extra.items():
        params[k] = v
    return params.urlencode()


def _breadcrumb(cakupan, wilayah: Wilayah, sekolah=None) -> list[tuple[str, str]]:
    crumbs = []
    if cakupan.nasional:
        crumbs.append(("Nasional", reverse("dinas:nasional")))
    if wilayah.provinsi_id and cakupan.boleh_provinsi(wilayah.provinsi_id):
        crumbs.append((wilayah.provinsi_nama, reverse("dinas:provinsi", args=[wilayah.provinsi_kode])))
    if wilayah.tingkat == TingkatWilayah.KABUPATEN:
        crumbs.append((wilayah.nama, reverse("dinas:kabupaten", args=[wilayah.kode])))
    if sekolah is not None:
        crumbs.append((sekolah.nama, reverse("dinas:sekolah", args=[sekolah.npsn])))
    return crumbs


def _figures(row) -> dict:
    if row is None:
        return {}
    return {
        "tahap": grafik.tahap_bars(row),
        "predikat": grafik.predikat_bars(row),
        "masalah": grafik.masalah_bars(row),
        "sinkro": grafik.sinkro_tabel(row),
    }


# ---------------------------------------------------------------------------------------------
# Dashboard


@require_GET
@dashboard_view
def beranda(request):
    wilayah = selectors.wilayah_cakupan(request.cakupan)
    if len(wilayah) == 1:
        return redirect(_wilayah_url(wilayah[0]))
    return render(request, "dinas/beranda.html", {"wilayah": wilayah})


def _wilayah_url(w: Wilayah) -> str:
    if w.tingkat == TingkatWilayah.NASIONAL:
        return reverse("dinas:nasional")
    if w.tingkat == TingkatWilayah.PROVINSI:
        return reverse("dinas:provinsi", args=[w.kode])
    return reverse("dinas:kabupaten", args=[w.kode])


def _wilayah_page(request, tingkat: str, kode: str = ""):
    wilayah = selectors.wilayah_resolve(tingkat, kode)
    selectors.require_wilayah(request.cakupan, wilayah)
    ctx = _periode_context(request)
    periode = ctx["periode"]
    row = selectors.rekap_wilayah(periode, wilayah)
    ctx.update(
        {
            "wilayah": wilayah,
            "row": row,
            "breadcrumb": _breadcrumb(request.cakupan, wilayah),
            "anak": [(r, grafik.progres(r)) for r in selectors.rekap_wilayah_anak(periode, wilayah)],
            "anak_tingkat": "provinsi" if tingkat == TingkatWilayah.NASIONAL else "kabupaten",
            **_figures(row),
        }
    )
    if tingkat == TingkatWilayah.KABUPATEN and periode is not None:
        form, filters = filters_from(SekolahFilterForm, request.GET)
        halaman = keyset_page(
            selectors.sekolah_qs(periode, wilayah, filters),
            id_field="sekolah_id",
            cursor=request.GET.get("setelah"),
        )
        ctx.update({"form": form, "halaman": halaman, "querystring": _remember(request, {})})
    return render(request, "dinas/wilayah.html", ctx)


@require_GET
@dashboard_view
def nasional(request):
    return _wilayah_page(request, TingkatWilayah.NASIONAL)


@require_GET
@dashboard_view
def provinsi(request, kode):
    return _wilayah_page(request, TingkatWilayah.PROVINSI, kode)


@require_GET
@dashboard_view
def kabupaten(request, kode):
    return _wilayah_page(request, TingkatWilayah.KABUPATEN, kode)


@require_GET
@dashboard_view
def sekolah_list(request, tingkat, kode=""):
    wilayah = selectors.wilayah_resolve(tingkat, kode)
    selectors.require_wilayah(request.cakupan, wilayah)
    ctx = _periode_context(request)
    form, filters = filters_from(SekolahFilterForm, request.GET)
    halaman = None
    if ctx["periode"] is not None:
        halaman = keyset_page(
            selectors.sekolah_qs(ctx["periode"], wilayah, filters),
            id_field="sekolah_id",
            cursor=request.GET.get("setelah"),
        )
    ctx.update(
        {
            "wilayah": wilayah,
            "breadcrumb": _breadcrumb(request.cakupan, wilayah),
            "form": form,
            "halaman": halaman,
            "querystring": _remember(request, {}),
        }
    )
    return render(request, "dinas/sekolah_list.html", ctx)


@require_GET
@dashboard_view
def sekolah(request, npsn):
    obj = selectors.sekolah_resolve(npsn, request.cakupan)
    ctx = _periode_context(request)
    wilayah = selectors.wilayah_resolve(TingkatWilayah.KABUPATEN, obj.kabupaten.kode)
    row = selectors.rekap_sekolah(ctx["periode"], obj)
    form, filters = filters_from(PegawaiFilterForm, request.GET)
    halaman = None
    if ctx["periode"] is not None:
        halaman = keyset_page(
            selectors.pegawai_qs(ctx["periode"], sekolah=obj, filters=filters),
            id_field="ptk_id",
            cursor=request.GET.get("setelah"),
        )
    ctx.update(
        {
            "sekolah": obj,
            "wilayah": wilayah,
            "row": row,
            "breadcrumb": _breadcrumb(request.cakupan, wilayah, obj),
            "form": form,
            "halaman": halaman,
            "querystring": _remember(request, {}),
            **_figures(row),
        }
    )
    return render(request, "dinas/sekolah.html", ctx)


@require_GET
@dashboard_view
def pegawai_list(request, kode):
    wilayah = selectors.wilayah_resolve(TingkatWilayah.KABUPATEN, kode)
    selectors.require_wilayah(request.cakupan, wilayah)
    ctx = _periode_context(request)
    form, filters = filters_from(PegawaiFilterForm, request.GET)
    halaman = None
    if ctx["periode"] is not None:
        halaman = keyset_page(
            selectors.pegawai_qs(ctx["periode"], wilayah=wilayah, filters=filters).select_related("sekolah"),
            id_field="ptk_id",
            cursor=request.GET.get("setelah"),
        )
    ctx.update(
        {
            "wilayah": wilayah,
            "breadcrumb": _breadcrumb(request.cakupan, wilayah),
            "form": form,
            "halaman": halaman,
            "querystring": _remember(request, {}),
        }
    )
    return render(request, "dinas/pegawai_list.html", ctx)


@require_GET
@dashboard_view
def pegawai(request, ptk_id):
    ctx = _periode_context(request)
    if ctx["periode"] is None:
        raise NotFound("Belum ada periode.")
    row, ptk = selectors.pegawai_detail(ctx["periode"], ptk_id, request.cakupan)
    wilayah = selectors.wilayah_resolve(TingkatWilayah.KABUPATEN, ptk.sekolah.kabupaten.kode)
    ctx.update(
        {
            "row": row,
            "ptk": ptk,
            "wilayah": wilayah,
            "breadcrumb": _breadcrumb(request.cakupan, wilayah, ptk.sekolah),
        }
    )
    return render(request, "dinas/pegawai.html", ctx)


# ---------------------------------------------------------------------------------------------
# Exports


@require_GET
@dashboard_view
def ekspor_view(request, jenis, tingkat, kode, fmt):
    """``jenis`` sekolah|pegawai, ``tingkat`` nasional|provinsi|kabupaten|sekolah, ``fmt`` csv|xlsx."""
    if fmt not in ("csv", "xlsx") or jenis not in ("sekolah", "pegawai"):
        raise NotFound("Format ekspor tidak dikenal.")
    ctx = _periode_context(request)
    periode = ctx["periode"]
    if periode is None:
        raise NotFound("Belum ada periode.")
    if tingkat == "sekolah":
        if jenis != "pegawai":
            raise NotFound("Ekspor tidak dikenal.")
        obj = selectors.sekolah_resolve(kode, request.cakupan)
        _, filters = filters_from(PegawaiFilterForm, request.GET)
        qs = [selectors.pegawai_qs(periode, sekolah=obj, filters=filters)]
        row = selectors.rekap_sekolah(periode, obj)
        nama = f"pegawai_{obj.npsn}_{periode.kode}"
    else:
        wilayah = selectors.wilayah_resolve(tingkat, kode if tingkat != TingkatWilayah.NASIONAL else "")
        selectors.require_wilayah(request.cakupan, wilayah)
        row = selectors.rekap_wilayah(periode, wilayah)
        slug = wilayah.kode or "nasional"
        if jenis == "sekolah":
            _, filters = filters_from(SekolahFilterForm, request.GET)
            qs = selectors.sekolah_qs(periode, wilayah, filters)
            nama = f"sekolah_{slug}_{periode.kode}"
        else:
            _, filters = filters_from(PegawaiFilterForm, request.GET)
            qs = [
                selectors.pegawai_qs(periode, wilayah=kab, filters=filters)
                for kab in selectors.kabupaten_in(wilayah)
            ]
            nama = f"pegawai_{slug}_{periode.kode}"
    if jenis == "sekolah":
        header, rows = ekspor.sekolah_header(), ekspor.sekolah_rows(qs)
        perkiraan = getattr(row, "jumlah_sekolah", 0) or 0
    else:
        header, rows = ekspor.pegawai_header(), ekspor.pegawai_rows(*qs)
        perkiraan = getattr(row, "pegawai", 0) or 0
    if fmt == "csv":
        return ekspor.csv_response(nama, header, rows)
    return ekspor.xlsx_response(nama, header, rows, perkiraan_baris=perkiraan)


@require_POST
@login_required
def rekap_segarkan(request):
    if not request.actor.is_trainer:
        raise Forbidden("Hanya Admin Pusat yang dapat meminta pembaruan rekap.")
    periodes = selectors.periode_list()
    periode = selectors.periode_pick(periodes, request.POST.get("periode"))
    if periode is None:
        raise ApplicationError("Belum ada periode untuk direkap.", code="tanpa_periode")
    if rekap.rekap_request(periode_id=periode.pk, jeda=0):
        messages.success(request, "Pembaruan rekap diantrekan; angka baru tampil setelah pekerjaan selesai.")
    else:
        messages.info(request, "Pembaruan rekap sudah diantrekan sebelumnya.")
    return redirect(
        request.POST.get("kembali")
        if str(request.POST.get("kembali", "")).startswith("/dinas/")
        else "dinas:beranda"
    )


# ---------------------------------------------------------------------------------------------
# PIC access


@login_required
@require_http_methods(["GET", "POST"])
def akses_page(request):
    user = request.user
    actor = request.actor
    choices = selectors.instansi_choices()
    if request.method == "POST":
        form = PengajuanForm(request.POST, instansi_choices=choices)
        if form.is_valid():
            pengajuan = services.pengajuan_create(
                user=user,
                actor=actor,
                instansi_id=form.cleaned_data["instansi"],
                jabatan=form.cleaned_data["jabatan"],
                kode_referral=form.cleaned_data["kode_referral"],
                keterangan=form.cleaned_data["keterangan"],
            )
            if pengajuan.status == "disetujui":
                messages.success(
                    request,
                    f"Akses Dashboard Pemantauan untuk {pengajuan.instansi.nama} diberikan. Selamat memantau.",
                )
                return redirect("dinas:beranda")
            messages.success(request, "Pengajuan terkirim dan menunggu tinjauan Admin Pusat.")
            return redirect("dinas:akses")
    else:
        form = PengajuanForm(instansi_choices=choices)
    kelayakan = akses.kelayakan_evaluate(user, actor=actor, pending=akses.pending_for(user))
    return render(
        request,
        "dinas/akses.html",
        {
            "kelayakan": kelayakan,
            "form": form,
            "riwayat": selectors.pengajuan_for_user(user),
            "domain": akses.DOMAIN_DINAS,
            "perihal": akses.PERIHAL,
        },
    )


def _require_trainer(request):
    if not request.actor.is_trainer:
        raise Forbidden("Hanya Admin Pusat yang dapat membuka halaman ini.")


@login_required
@require_GET
def tinjauan(request):
    _require_trainer(request)
    return render(
        request,
        "dinas/tinjauan.html",
        {
            "pending": selectors.pengajuan_pending(),
            "reviewed": selectors.pengajuan_reviewed(),
            "tolak_form": TolakForm(),
        },
    )


@login_required
@require_POST
def tinjauan_setujui(request, pk):
    pengajuan = services.pengajuan_approve(pengajuan_id=pk, reviewer=request.user, actor=request.actor)
    messages.success(request, f"Akses PIC {pengajuan.user.email} untuk {pengajuan.instansi.nama} diberikan.")
    return redirect("dinas:tinjauan")


@login_required
@require_POST
def tinjauan_tolak(request, pk):
    form = TolakForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    pengajuan = services.pengajuan_reject(
        pengajuan_id=pk, reviewer=request.user, actor=request.actor, alasan=alasan
    )
    messages.success(request, f"Pengajuan {pengajuan.user.email} ditolak dengan alasan.")
    return redirect("dinas:tinjauan")


@login_required
@require_http_methods(["GET", "POST"])
def referral(request):
    _require_trainer(request)
    choices = selectors.instansi_choices()
    if request.method == "POST":
        form = KodeReferralForm(request.POST, instansi_choices=choices)
        if form.is_valid():
            kode = services.kode_referral_create(
                instansi_id=form.cleaned_data["instansi"],
                berlaku_sampai=form.cleaned_data["berlaku_sampai"],
                batas_pemakaian=form.cleaned_data["batas_pemakaian"],
                actor=request.actor,
                user=request.user,
            )
            messages.success(request, f"Kode referral {kode.kode} diterbitkan untuk {kode.instansi.nama}.")
            return redirect("dinas:referral")
    else:
        form = KodeReferralForm(instansi_choices=choices)
    return render(request, "dinas/referral.html", {"form": form, "kode_list": selectors.kode_referral_list()})


@login_required
@require_POST
def referral_cabut(request, pk):
    kode = services.kode_referral_revoke(kode_id=pk, actor=request.actor)
    messages.success(request, f"Kode referral {kode.kode} dicabut.")
    return redirect("dinas:referral")
