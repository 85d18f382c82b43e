"""Home of Pengelolaan Kinerja: the period timeline on the simulated date and the user's work."""

from django.shortcuts import redirect, render

from pmm.roles import Role

from .. import periods, selectors
from ..forms_siklus import MulaiForm, parse
from ..services import perencanaan
from ..transitions import RENCANA_DAPAT_DIUBAH
from ._common import bukan_pegawai, halaman_pegawai, halaman_siklus


@halaman_siklus
def beranda(request):
    actor = request.actor
    data = selectors.beranda(actor=actor)
    sekarang = data.tahap
    context = {
        "data": data,
        "timeline": [(j, j.tahap == sekarang) for j in data.timeline],
        "bisa_mulai": data.periode.pk is None
        or periods.dalam_jadwal(data.periode, periods.Kelompok.PERENCANAAN),
        "perencanaan_mulai": periods.tanggal_id(data.periode.perencanaan_mulai),
        "dipimpin": selectors.sekolah_dipimpin(actor=actor, periode=data.periode),
        "is_guru": actor.has(Role.GURU),
        "is_kadis": actor.has(Role.KEPALA_DINAS),
        "is_pengawas": actor.has(Role.PENGAWAS),
        "peninjau": bukan_pegawai(actor),
    }
    return render(request, "kinerja/beranda.html", context)


@halaman_pegawai
def rencana_mulai(request):
    """Open (or create as Draf) the user's plan of the current period in one role, then step 1."""
    if request.method != "POST":
        return redirect("kinerja:beranda")
    data = parse(MulaiForm(request.POST))
    r = perencanaan.rencana_start(actor=request.actor, peran=data["peran"], sekolah=data["sekolah"])
    if r.status in RENCANA_DAPAT_DIUBAH:
        return redirect("kinerja:langkah", pk=r.pk, n=1)
    return redirect("kinerja:rencana", pk=r.pk)
