"""The Kepala Dinas pages (Predikat Kinerja Organisasi per school; principals' plans and ratings; the
delegation to a Pengawas is on the plan page) and the Pengawas page (delegated observations)."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse

from .. import periods, selectors
from ..forms_siklus import PredikatOrganisasiForm, parse
from ..predikat import PredikatOrganisasi
from ..services import penilaian
from ._common import halaman_dinas, kembali, sekolah_get


@halaman_dinas
def dinas_sekolah(request):
    if request.method == "POST":
        data = parse(PredikatOrganisasiForm(request.POST))
        sekolah = sekolah_get(data["sekolah"])
        penilaian.predikat_organisasi_set(
            actor=request.actor, sekolah=sekolah, predikat_organisasi=data["predikat_organisasi"]
        )
        label = PredikatOrganisasi(data["predikat_organisasi"]).label
        messages.success(request, f"Predikat Kinerja Organisasi {sekolah.nama}: {label}.")
        return kembali(request, reverse("kinerja:dinas_sekolah"))
    baris = selectors.daftar_sekolah_kepala_dinas(actor=request.actor)
    periode = periods.periode_current(create=False)
    context = {
        "baris": baris,
        "periode": periode,
        "pilihan": PredikatOrganisasi.choices,
        "dalam_jadwal": periods.dalam_jadwal(periode, periods.Kelompok.PENILAIAN),
        "penilaian_mulai": periods.tanggal_id(periode.penilaian_mulai),
    }
    return render(request, "kinerja/dinas_sekolah.html", context)


@halaman_dinas
def dinas_rencana(request):
    rencana = selectors.daftar_rencana_kepala_dinas(actor=request.actor)
    return render(
        request,
        "kinerja/dinas_rencana.html",
        {"rencana": rencana, "periode": periods.periode_current(create=False)},
    )


@halaman_dinas
def pengawas(request):
    rencana = selectors.daftar_delegasi_pengawas(actor=request.actor)
    return render(
        request,
        "kinerja/pengawas.html",
        {"rencana": rencana, "periode": periods.periode_current(create=False)},
    )
