"""The Kepala Dinas pages (Predikat Kinerja Organisasi per school; principals' plans and ratings; the
delegation to a Pengawas is on the plan page) and the Pengawas page (delegated observations).

The Predikat Kinerja Organisasi page shows the period being rated (``periods.periode_penilaian``),
which during a Penilaian window extended past its period's end is the earlier period; it then links
that period's principals' plans, whose list otherwise follows the calendar's semester (approvals)."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse

from pmm import clock

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
        ps = penilaian.predikat_organisasi_set(
            actor=request.actor, sekolah=sekolah, predikat_organisasi=data["predikat_organisasi"]
        )
        label = PredikatOrganisasi(data["predikat_organisasi"]).label
        if ps.berubah:
            messages.success(request, f"Predikat Kinerja Organisasi {sekolah.nama}: {label}.")
        else:
            messages.info(
                request, f"Tidak ada perubahan: Predikat Kinerja Organisasi {sekolah.nama} sudah {label}."
            )
        return kembali(request, reverse("kinerja:dinas_sekolah"))
    hari = clock.today()
    periode = periods.periode_penilaian(hari)
    baris = selectors.daftar_sekolah_kepala_dinas(actor=request.actor, periode=periode)
    context = {
        "baris": baris,
        "periode": periode,
        "pilihan": PredikatOrganisasi.choices,
        "dalam_jadwal": periods.dalam_jadwal(periode, periods.Kelompok.PENILAIAN, hari),
        "penilaian_mulai": periods.tanggal_id(periode.penilaian_mulai),
        "penilaian_selesai": periods.tanggal_id(periode.penilaian_selesai),
        # An earlier period still being rated (its window extended past its end): its principals'
        # plans are linked, the principals' list following the calendar's semester otherwise.
        "terlambat": (periode.tahun, periode.semester) < periods.semester_of(hari),
    }
    return render(request, "kinerja/dinas_sekolah.html", context)


@halaman_dinas
def dinas_rencana(request):
    """Principals' plans of the calendar's semester, or of ``?periode=2025-1`` (linked from the
    Predikat Kinerja Organisasi page while an earlier period is still being rated)."""
    kode = request.GET.get("periode")
    periode = periods.periode_by_kode(kode) if kode else periods.periode_current(create=False)
    rencana = selectors.daftar_rencana_kepala_dinas(actor=request.actor, periode=periode)
    return render(request, "kinerja/dinas_rencana.html", {"rencana": rencana, "periode": periode})


@halaman_dinas
def pengawas(request):
    rencana = selectors.daftar_delegasi_pengawas(actor=request.actor)
    return render(
        request,
        "kinerja/pengawas.html",
        {"rencana": rencana, "periode": periods.periode_current(create=False)},
    )
