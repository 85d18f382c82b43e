"""Pages of Sinkro PMM. Thin: read the request, call a selector, service or the preflight, render.

- ``/sinkro/``: the pegawai's own page (Guru, Kepala Sekolah, Plt.): the preflight of each role,
  "Sinkro PMM" / "Sinkro data PLT PMM", the latest results with help and "Laporkan ke Pusat Bantuan",
  and the #12 confirmation. e-Kinerja's "Sinkron PMM" button links here (API.md).
- ``/sinkro/permintaan/<id>/``: one request, refreshed while it is on its way.
- ``/sinkro/instansi/<id>/…``: the Admin Instansi's diagnosis, bulk sync with its progress page,
  sync of one pegawai, and the instansi's x-api-key.
- ``/sinkro/skenario/`` (+ ``.csv``): the Bimtek scenario sheet (trainer, Admin Instansi).
"""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kinerja import periods
from kinerja.access import require_pengelolaan_kinerja
from kinerja.models import Peran
from pmm.errors import ApplicationError, Forbidden
from pmm.roles import Role

from . import bimtek, catalogue, preflight, selectors, services
from .forms import KunciForm, MassalForm, PegawaiSinkronForm, SinkronForm
from .models import Status

HELPDESK_NEW_TICKET_URL = "/bantuan/tiket/baru/"
# Above this many pegawai the instansi diagnosis page lists only the blocked ones (the summary
# still counts everyone).
DIAGNOSIS_ROWS_MAX = 500


def lapor_url(*, kode: str, pesan: str, nip: str | None, kondisi: str = "") -> str:
    """A Pusat Bantuan ticket pre-filled with the sync error (DESIGN.md §6)."""
    label = f"{kode} (kondisi {kondisi})" if kondisi else kode
    return (
        HELPDESK_NEW_TICKET_URL
        + "?"
        + urlencode(
            {"kategori": "sinkro", "kode": kode, "nip": nip or "", "pesan": f"Sinkro PMM {label}: {pesan}"}
        )
    )


def tampil_error(e: dict, nip: str | None) -> dict:
    """An error of the pipeline with its catalogue entry and the ticket link, for the templates."""
    entry = catalogue.lookup(e["code"])
    return {
        **e,
        "entry": entry,
        "lapor": lapor_url(kode=e["code"], pesan=e["message"], nip=nip, kondisi=e.get("kondisi", "")),
    }


def tampil_intent(intent) -> dict:
    entry = catalogue.lookup(intent.kode)
    return {
        "obj": intent,
        "entry": entry,
        "peran_label": Peran(intent.peran).label,
        "lapor": lapor_url(kode=intent.kode, pesan=intent.pesan, nip=intent.ptk.nip, kondisi=intent.kondisi)
        if intent.kode and intent.status in (Status.GAGAL, Status.MENUNGGU_KONFIRMASI)
        else "",
    }


def tampil_diagnosis(d: preflight.Diagnosis) -> dict:
    return {
        "d": d,
        "peran_label": Peran(d.peran).label,
        "errors": [tampil_error(t.as_dict(), d.ptk.nip) for t in d.errors],
        "blocking": d.blocking,
    }


# --- the pegawai's page ------------------------------------------------------------------------------


@login_required
@require_pengelolaan_kinerja
def beranda(request):
    actor = request.actor
    ptk = actor.ptk
    periode = periods.periode_current(create=False)
    targets = selectors.targets_for_ptk(ptk)
    peran_list = [t.peran for t in targets]
    if Peran.PLT_KEPALA_SEKOLAH not in peran_list:
        # "Sinkro data PLT PMM" is e-Kinerja's button for everyone; for a non-Plt it answers #18.
        targets.append(selectors.Target(ptk, Peran.PLT_KEPALA_SEKOLAH))
    diagnoses = preflight.diagnose(targets, periode=periode)
    latest = selectors.intents_latest(ptk=ptk, periode=periode)
    rows = []
    for d in diagnoses:
        intent = latest.get(d.peran)
        rows.append(
            {
                **tampil_diagnosis(d),
                "plt_saja": d.peran == Peran.PLT_KEPALA_SEKOLAH
                and Peran.PLT_KEPALA_SEKOLAH not in peran_list,
                "intent": tampil_intent(intent) if intent else None,
            }
        )
    return render(
        request,
        "sinkro/beranda.html",
        {
            "ptk": ptk,
            "periode": periode,
            "rows": rows,
            "akses": getattr(request, "akses_kinerja", None),
            "riwayat": [tampil_intent(i) for i in selectors.intents_recent(ptk=ptk)],
        },
    )


@login_required
@require_POST
def sinkron(request):
    form = SinkronForm(request.POST)
    if not form.is_valid():
        raise ApplicationError("Peran sinkron tidak dikenal.", code="peran_tidak_valid")
    intent = services.sync_request(actor=request.actor, peran=form.cleaned_data["peran"])
    messages.success(request, "Permintaan sinkron dikirim. Hasilnya tampil di halaman ini.")
    return redirect("sinkro:permintaan", pk=intent.pk)


@login_required
def permintaan(request, pk):
    intent = selectors.intent_get(actor=request.actor, pk=pk)
    return render(
        request,
        "sinkro/permintaan.html",
        {"i": tampil_intent(intent), "intent": intent},
    )


@login_required
@require_POST
def konfirmasi(request, pk):
    intent = services.intent_confirm(actor=request.actor, intent=pk)
    messages.success(request, '"Tetap Lakukan Sinkro" dikirim: SKP lama dengan unor berbeda akan dihapus.')
    return redirect("sinkro:permintaan", pk=intent.pk)


# --- Admin Instansi ----------------------------------------------------------------------------------


def _admin_require(actor):
    if not (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI)):
        raise Forbidden("Halaman ini untuk Admin Instansi (BKD).")


_TUJUAN = {"ringkasan": "sinkro:instansi", "massal": "sinkro:massal", "diagnosis": "sinkro:diagnosis"}


@login_required
def instansi_list(request, tujuan="ringkasan"):
    """The Admin Instansi's entry (menu): straight to their instansi, or a choice for several."""
    _admin_require(request.actor)
    daftar = list(selectors.instansi_for(request.actor))
    name = _TUJUAN.get(tujuan, "sinkro:instansi")
    if len(daftar) == 1:
        return redirect(name, pk=daftar[0].pk)
    return render(request, "sinkro/instansi_list.html", {"daftar": daftar, "tujuan": name})


@login_required
def instansi(request, pk):
    _admin_require(request.actor)
    inst = selectors.instansi_require(request.actor, pk)
    status = request.GET.get("status", "")
    kode = request.GET.get("kode", "")
    return render(
        request,
        "sinkro/instansi.html",
        {
            "instansi": inst,
            "config": selectors.config_for(inst.pk),
            "batches": selectors.batches_for_instansi(instansi_id=inst.pk),
            "intents": [
                tampil_intent(i)
                for i in selectors.intents_for_instansi(instansi_id=inst.pk, status=status, kode=kode)
            ],
            "status_choices": Status.choices,
            "filters": {"status": status, "kode": kode},
        },
    )


@login_required
def diagnosis(request, pk):
    _admin_require(request.actor)
    inst = selectors.instansi_require(request.actor, pk)
    periode = periods.periode_current(create=False)
    targets = selectors.targets_for_instansi(instansi_id=inst.pk)
    diagnoses = preflight.diagnose(targets, periode=periode)
    ringkasan = preflight.ringkas(diagnoses)
    kode = request.GET.get("kode", "")
    shown = [d for d in diagnoses if not kode or (d.blocking and d.blocking.code == kode)]
    if not kode and len(shown) > DIAGNOSIS_ROWS_MAX:
        shown = [d for d in shown if d.errors]
    return render(
        request,
        "sinkro/diagnosis.html",
        {
            "instansi": inst,
            "periode": periode,
            "ringkasan": ringkasan,
            "rows": [tampil_diagnosis(d) for d in shown[:DIAGNOSIS_ROWS_MAX]],
            "terpotong": len(shown) > DIAGNOSIS_ROWS_MAX,
            "kode": kode,
        },
    )


@login_required
@require_POST
def pegawai_sinkron(request, pk):
    _admin_require(request.actor)
    selectors.instansi_require(request.actor, pk)
    form = PegawaiSinkronForm(request.POST)
    if not form.is_valid():
        raise ApplicationError("Pegawai atau peran tidak valid.", code="invalid")
    intent = services.sync_request(
        actor=request.actor, peran=form.cleaned_data["peran"], ptk=form.cleaned_data["ptk"]
    )
    messages.success(request, f"Sinkron untuk {intent.ptk.nama} dikirim.")
    return redirect("sinkro:permintaan", pk=intent.pk)


@login_required
@require_http_methods(["GET", "POST"])
def massal(request, pk):
    _admin_require(request.actor)
    inst = selectors.instansi_require(request.actor, pk)
    form = MassalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = services.batch_create(
            actor=request.actor,
            instansi=inst,
            nips=form.cleaned_data["nip"],
            keterangan=form.cleaned_data["keterangan"],
        )
        messages.success(request, f"Sinkron massal untuk {batch.jumlah} permintaan dimulai.")
        return redirect("sinkro:batch", pk=batch.pk)
    return render(request, "sinkro/massal.html", {"instansi": inst, "form": form})


@login_required
def batch(request, pk):
    _admin_require(request.actor)
    b = selectors.batch_get(actor=request.actor, pk=pk)
    progres = selectors.batch_progress(b)
    status = request.GET.get("status", "bermasalah" if progres.tuntas else "")
    return render(
        request,
        "sinkro/batch.html",
        {
            "batch": b,
            "progres": progres,
            "intents": [tampil_intent(i) for i in selectors.batch_intents(batch=b, status=status)],
            "status": status,
            "status_choices": Status.choices,
            "counts": [(v, label, progres.per_status.get(v, 0)) for v, label in Status.choices],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kunci(request, pk):
    _admin_require(request.actor)
    inst = selectors.instansi_require(request.actor, pk)
    form = KunciForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sinkro_config_set(actor=request.actor, instansi=inst, api_key=form.cleaned_data["api_key"])
        messages.success(request, "Kunci API e-Kinerja disimpan.")
        return redirect("sinkro:instansi", pk=inst.pk)
    return render(
        request,
        "sinkro/kunci.html",
        {"instansi": inst, "form": form, "config": selectors.config_for(inst.pk)},
    )


# --- the Bimtek scenario sheet -------------------------------------------------------------------


def _sheet_require(actor):
    if not (actor.is_trainer or actor.has(Role.ADMIN_INSTANSI)):
        raise Forbidden("Lembar skenario Bimtek untuk pelatih dan Admin Instansi.")


@login_required
def skenario(request):
    _sheet_require(request.actor)
    return render(request, "sinkro/skenario.html", {"rows": bimtek.lembar()})


@login_required
def skenario_csv(request):
    _sheet_require(request.actor)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="skenario-sinkro-bimtek.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(bimtek.KOLOM_CSV)
    for row in bimtek.lembar():
        writer.writerow(row.csv())
    return response
