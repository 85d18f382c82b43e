"""Perencanaan Kinerja pages: the five-step wizard, the plan (submit, approve/return, agree, delegate,
the atasan's ekspektasi khusus), and its history."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from pmm.errors import ApplicationError

from .. import catalogue, periods, selectors
from ..forms_siklus import CatatanForm, DelegasiForm, IdListField, IndikatorForm, parse
from ..models import JalurAtasan, Peran
from ..services import perencanaan
from ..transitions import MESIN, RENCANA_DAPAT_DIUBAH, StatusRencana
from ._common import halaman_pegawai, halaman_siklus, kembali

LANGKAH = {
    1: "Praktik Kinerja",
    2: "Pengembangan Kompetensi",
    3: "Tugas Tambahan",
    4: "Perilaku Kerja",
    5: "Rangkuman",
}


class _RhkForm(forms.Form):
    rhk = IdListField(label="RHK Pengembangan Kompetensi", required=False)


class _TugasForm(forms.Form):
    tugas = IdListField(label="Tugas Tambahan", required=False)


# The review form names one textarea per BerAKHLAK value "ekspektasi_<kode>".
EKSPEKTASI_PREFIX = "ekspektasi_"


def _berakhlak(detail) -> list[tuple]:
    """The seven BerAKHLAK values (with their behaviours) and this plan's ekspektasi khusus ("" if none)."""
    teks = {e.nilai_id: e.teks for e in detail.ekspektasi}
    return [(nilai, teks.get(nilai.pk, "")) for nilai in catalogue.berakhlak()]


def _pesan_ajukan(r) -> str:
    if r.status == StatusRencana.DISETUJUI:
        return (
            "Rencana diajukan dan disetujui otomatis karena sekolah Anda dipimpin Plt. Kepala Sekolah. "
            "Silakan sepakati rencana Anda."
        )
    return (
        "Rencana diajukan kepada atasan. Anda akan diberi tahu saat atasan menyetujui atau mengembalikannya."
    )


@halaman_pegawai
def langkah(request, pk, n):
    if n not in LANGKAH:
        return redirect("kinerja:langkah", pk=pk, n=1)
    detail = selectors.rencana_detail(actor=request.actor, rencana_id=pk)
    r = detail.rencana
    if not detail.adalah_pemilik:
        return redirect("kinerja:rencana", pk=r.pk)
    if request.method == "POST":
        return _simpan_langkah(request, r, n)
    dapat_diubah = r.status in RENCANA_DAPAT_DIUBAH
    context = {
        "detail": detail,
        "r": r,
        "n": n,
        "langkah": LANGKAH,
        "judul": LANGKAH[n],
        "dapat_diubah": dapat_diubah,
        "poin_min": catalogue.POIN_REKOMENDASI_MIN,
        "poin_maks": catalogue.POIN_REKOMENDASI_MAKS,
    }
    if n == 1:
        pilihan = catalogue.indikator_choices(peran=r.peran, sekolah_id=r.sekolah_id)
        context["indikator"] = pilihan.indikator
        context["rekomendasi_id"] = pilihan.rekomendasi_id
    elif n == 2:
        dipilih = {x.rhk_id: x.jumlah for x in r.rhk.all()}
        context["rhk"] = [(x, dipilih.get(x.pk)) for x in catalogue.rhk_choices()]
    elif n == 3:
        dipilih = {x.tugas_id: x.nomor_sk for x in r.tugas_tambahan.all()}
        context["untuk_guru"] = r.peran == Peran.GURU
        context["tugas"] = [
            (t, t.pk in dipilih, dipilih.get(t.pk, ""))
            for t in catalogue.tugas_tambahan_choices(jenjang=r.sekolah.jenjang)
        ]
    elif n == 4:
        context["berakhlak"] = _berakhlak(detail)
    return render(request, "kinerja/langkah.html", context)


def _simpan_langkah(request, r, n):
    actor, post = request.actor, request.POST
    if n == 1:
        data = parse(IndikatorForm(post))
        perencanaan.rencana_indikator_set(actor=actor, rencana=r, indikator=data["indikator"])
    elif n == 2:
        ids = parse(_RhkForm(post))["rhk"]
        status = perencanaan.rencana_rhk_set(
            actor=actor, rencana=r, items=[(i, post.get(f"jumlah_{i}", "1")) for i in ids]
        )
        messages.info(request, status.pesan)
    elif n == 3:
        ids = parse(_TugasForm(post))["tugas"]
        perencanaan.rencana_tugas_tambahan_set(
            actor=actor, rencana=r, items=[(i, post.get(f"sk_{i}", "")) for i in ids]
        )
    elif n == 4:
        if post.get("konfirmasi") != "1":
            raise ApplicationError(
                "Centang pernyataan bahwa Anda telah membaca nilai dan panduan perilaku BerAKHLAK.",
                code="konfirmasi_wajib",
            )
        perencanaan.rencana_perilaku_confirm(actor=actor, rencana=r)
    else:
        r = perencanaan.rencana_submit(actor=actor, rencana=r)
        messages.success(request, _pesan_ajukan(r))
        return redirect("kinerja:rencana", pk=r.pk)
    if "lanjut" in post:
        return redirect("kinerja:langkah", pk=r.pk, n=n + 1)
    messages.success(request, f"Draf langkah {n} ({LANGKAH[n]}) tersimpan.")
    return redirect("kinerja:langkah", pk=r.pk, n=n)


@halaman_siklus
def rencana(request, pk):
    """The plan: its summary for everyone who may read it, and the actions of each role."""
    actor = request.actor
    if request.method == "POST":
        selectors.rencana_akses(actor=actor, rencana_id=pk)
        aksi = request.POST.get("aksi", "")
        tujuan = reverse("kinerja:rencana", args=[pk])
        if aksi == "ajukan":
            r = perencanaan.rencana_submit(actor=actor, rencana=pk)
            messages.success(request, _pesan_ajukan(r))
        elif aksi == "sepakati":
            perencanaan.rencana_agree(actor=actor, rencana=pk)
            messages.success(request, "Perencanaan Kinerja disepakati. Lanjutkan ke Pelaksanaan Kinerja.")
        elif aksi == "setujui":
            catatan = parse(CatatanForm(request.POST))["catatan"]
            r = perencanaan.rencana_approve(actor=actor, rencana=pk, catatan=catatan)
            messages.success(request, f"Rencana kinerja {r.ptk.nama} disetujui.")
        elif aksi == "kembalikan":
            catatan = parse(CatatanForm(request.POST))["catatan"]
            r = perencanaan.rencana_return(actor=actor, rencana=pk, catatan=catatan)
            messages.success(request, f"Rencana kinerja {r.ptk.nama} dikembalikan dengan catatan.")
        elif aksi == "delegasi":
            data = parse(DelegasiForm(request.POST))
            r = perencanaan.rencana_delegate_observation(actor=actor, rencana=pk, pengawas=data["pengawas"])
            messages.success(request, f"Observasi didelegasikan kepada {r.pengawas}.")
        else:
            raise ApplicationError("Tindakan tidak dikenal.", code="aksi_tidak_dikenal")
        return kembali(request, tujuan)
    detail = selectors.rencana_detail(actor=actor, rencana_id=pk)
    r = detail.rencana
    luar_jadwal = periods.di_luar_jadwal(r.periode, periods.Kelompok.PERENCANAAN)
    boleh_delegasi = (
        detail.adalah_penilai
        and detail.atasan is not None
        and detail.atasan.jalur == JalurAtasan.KEPALA_DINAS
        and (getattr(r, "observasi", None) is None or r.observasi.diobservasi_pada is None)
    )
    context = {
        "detail": detail,
        "r": r,
        "langkah": LANGKAH,
        "rhk": list(r.rhk.all()),
        "tugas": list(r.tugas_tambahan.all()),
        "dapat_diubah": detail.adalah_pemilik and r.status in RENCANA_DAPAT_DIUBAH and not luar_jadwal,
        "boleh_putus": detail.adalah_penilai and r.status == StatusRencana.DIAJUKAN and not luar_jadwal,
        "boleh_sepakati": detail.adalah_pemilik and r.status == StatusRencana.DISETUJUI and not luar_jadwal,
        # Planning moves (edit, submit, decide, agree) are refused outside the Perencanaan dates:
        # the page says why instead of offering them.
        "luar_jadwal": luar_jadwal
        if r.status in (*RENCANA_DAPAT_DIUBAH, StatusRencana.DIAJUKAN, StatusRencana.DISETUJUI)
        else "",
        "boleh_delegasi": boleh_delegasi,
        "pengawas": selectors.pengawas_pilihan(r.sekolah) if boleh_delegasi else [],
        "pelaksanaan_terbuka": r.status in (StatusRencana.DISETUJUI, StatusRencana.DISEPAKATI),
        "ekspektasi_form": _berakhlak(detail) if detail.boleh_isi_ekspektasi and not luar_jadwal else [],
        "ekspektasi_maks": perencanaan.EKSPEKTASI_MAKS,
    }
    return render(request, "kinerja/rencana.html", context)


@halaman_siklus
def ekspektasi(request, pk):
    """The atasan's "ekspektasi khusus" form of the plan page (POST; a GET goes to the plan)."""
    tujuan = reverse("kinerja:rencana", args=[pk])
    if request.method != "POST":
        return redirect(tujuan)
    actor = request.actor
    selectors.rencana_akses(actor=actor, rencana_id=pk)
    items = {
        k[len(EKSPEKTASI_PREFIX) :]: v for k, v in request.POST.items() if k.startswith(EKSPEKTASI_PREFIX)
    }
    hasil = perencanaan.rencana_ekspektasi_set(actor=actor, rencana=pk, items=items)
    if hasil.berubah:
        messages.success(request, f"Ekspektasi khusus untuk {hasil.rencana.ptk.nama} disimpan.")
    else:
        messages.info(request, "Tidak ada perubahan pada ekspektasi khusus.")
    return kembali(request, tujuan)


@halaman_siklus
def riwayat(request, pk):
    detail = selectors.rencana_detail(actor=request.actor, rencana_id=pk)
    rows = [
        (x, _label_transisi(x), _label_status(x.mesin, x.dari), _label_status(x.mesin, x.ke))
        for x in selectors.riwayat_rencana(actor=request.actor, rencana_id=pk)
    ]
    return render(request, "kinerja/riwayat.html", {"detail": detail, "r": detail.rencana, "riwayat": rows})


_TRANSISI_LAIN = {
    ("rencana", "delegasi_observasi"): "mendelegasikan observasi kepada Pengawas",
    ("rencana", "ekspektasi_khusus"): "mengisi ekspektasi khusus Perilaku Kerja",
    ("observasi", "rekomendasi"): "menulis rekomendasi pengawas",
    ("bukti", "unggah"): "mengunggah bukti dukung",
    ("bukti", "hapus"): "menghapus bukti dukung",
}


def _label_transisi(x) -> str:
    mesin = MESIN.get(x.mesin)
    if mesin is not None and x.transisi in mesin.transisi:
        return mesin[x.transisi].label
    return _TRANSISI_LAIN.get((x.mesin, x.transisi), x.transisi)


def _label_status(mesin_nama: str, status: str) -> str:
    mesin = MESIN.get(mesin_nama)
    if not status or mesin is None or status not in mesin.status.values:
        return status or "—"
    return mesin.status(status).label
