"""Penilaian Kinerja pages: the principal's approval and rating lists, the rating form, "Kirim ke Dinas
Pendidikan", "Tetapkan predikat" with the distribution check, and the pegawai's predikat and PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pmm import clock
from pmm.errors import Forbidden

from .. import periods, predikat, selectors
from ..forms_siklus import IdForm, KirimForm, PenilaianForm, parse
from ..models import JalurAtasan
from ..services import laporan, penilaian, perencanaan
from ..transitions import StatusPenilaian, StatusPenilaianSekolah
from . import tabel
from ._common import halaman_pegawai, halaman_siklus, kembali, sekolah_get

# Shown on the Tetapkan page: the simulator's rounding for small schools (kinerja.predikat).
PEMBULATAN = (
    "Batas «paling banyak p%» dibulatkan ke bawah (⌊p% × n⌋), kecuali batas 70% yang tidak pernah "
    "kurang dari 1 guru; batas «paling sedikit p%» dibulatkan ke atas (⌈p% × n⌉); «harus ada» berarti "
    "paling sedikit 1 guru. Bila batas paling sedikit 60% dan 10% bersama-sama melebihi jumlah guru, "
    "batas 10% diturunkan menjadi sisa guru setelah batas 60%. n adalah jumlah guru yang sudah dinilai "
    "lengkap (sudah atau akan ditetapkan). SE MenPANRB No. 3 Tahun 2023 tidak mengatur pembulatan untuk "
    "unit kecil; aturan ini keputusan simulator."
)

MATRIKS = [
    (
        predikat.Rating.DI_ATAS,
        [predikat.predikat_for(predikat.Rating.DI_ATAS, p) for p in predikat.Rating.values],
    ),
    (
        predikat.Rating.SESUAI,
        [predikat.predikat_for(predikat.Rating.SESUAI, p) for p in predikat.Rating.values],
    ),
    (
        predikat.Rating.DI_BAWAH,
        [predikat.predikat_for(predikat.Rating.DI_BAWAH, p) for p in predikat.Rating.values],
    ),
]


@halaman_pegawai
def persetujuan(request, sid):
    if request.method == "POST":
        # One form for the whole table: the button pressed carries the plan to approve.
        pk = parse(IdForm({"id": request.POST.get("setujui")}))["id"]
        selectors.rencana_akses(actor=request.actor, rencana_id=pk)
        r = perencanaan.rencana_approve(actor=request.actor, rencana=pk)
        messages.success(request, f"Rencana kinerja {r.ptk.nama} disetujui.")
        return kembali(request, reverse("kinerja:persetujuan", args=[sid]))
    daftar = selectors.daftar_persetujuan(actor=request.actor, sekolah=sid)
    dalam_jadwal = daftar.periode.pk is not None and periods.dalam_jadwal(
        daftar.periode, periods.Kelompok.PERENCANAAN
    )
    perlu = daftar.perlu_persetujuan
    context = {
        "daftar": daftar,
        "sekolah": daftar.sekolah,
        "dalam_jadwal": dalam_jadwal,
        "jumlah_perlu": len(perlu),
        "baris_perlu": tabel.baris_perlu_persetujuan(perlu, dalam_jadwal=dalam_jadwal),
        "baris_rencana": tabel.baris_rencana(daftar.muncul),
        "baris_belum": tabel.baris_belum(daftar.belum_muncul),
    }
    return render(request, "kinerja/persetujuan.html", context)


@halaman_pegawai
def daftar_penilaian(request, sid):
    daftar = selectors.daftar_penilaian(actor=request.actor, sekolah=sid)
    periode = daftar.periode  # the period being rated today (periods.periode_penilaian)
    context = {
        "daftar": daftar,
        "sekolah": daftar.sekolah,
        "status_sekolah_label": StatusPenilaianSekolah(daftar.status_sekolah).label,
        "penilaian_mulai": periods.tanggal_id(periode.penilaian_mulai),
        "penilaian_selesai": periods.tanggal_id(periode.penilaian_selesai),
        # An earlier period still being rated: its window was extended past the period's end.
        "terlambat": (periode.tahun, periode.semester) < periods.semester_of(clock.today()),
        "akhir_periode": periods.tanggal_id(periode.tanggal_selesai),
        "baris_penilaian": tabel.baris_penilaian(daftar.muncul),
        "baris_belum": tabel.baris_belum(daftar.belum_muncul),
    }
    return render(request, "kinerja/penilaian_daftar.html", context)


@halaman_siklus
def penilaian_form(request, pk):
    """The rating of one plan: principal (or Plt) for teachers, Kepala Dinas for principals."""
    actor = request.actor
    if request.method == "POST":
        selectors.rencana_akses(actor=actor, rencana_id=pk)
        if request.POST.get("aksi") == "tetapkan":
            p = penilaian.penilaian_kadis_tetapkan(actor=actor, rencana=pk)
            messages.success(request, f"Predikat {p.get_predikat_display()} ditetapkan.")
            return kembali(request, reverse("kinerja:penilaian", args=[pk]))
        data = parse(PenilaianForm(request.POST))
        p = penilaian.penilaian_save(
            actor=actor,
            rencana=pk,
            rating_hasil_kerja=data["rating_hasil_kerja"],
            rating_perilaku=data["rating_perilaku"],
            catatan=data["catatan"],
        )
        if p.predikat:
            messages.success(
                request, f"Draf penilaian tersimpan. Predikat sementara: {p.get_predikat_display()}."
            )
        else:
            messages.success(
                request, "Draf penilaian tersimpan. Lengkapi kedua rating untuk melihat predikat."
            )
        return kembali(request, reverse("kinerja:penilaian", args=[pk]))
    detail = selectors.rencana_detail(actor=actor, rencana_id=pk)
    r = detail.rencana
    if not detail.adalah_penilai and not actor.is_trainer:
        # The owner reads the result on the predikat page, once fixed.
        raise Forbidden(
            "Halaman penilaian hanya untuk pejabat penilai. Lihat predikat Anda di halaman Predikat Kinerja.",
            code="bukan_atasan",
        )
    pen = getattr(r, "penilaian", None)
    status = pen.status if pen is not None else ""
    kadis = detail.atasan is not None and detail.atasan.jalur == JalurAtasan.KEPALA_DINAS
    dalam_jadwal = periods.dalam_jadwal(r.periode, periods.Kelompok.PENILAIAN)
    context = {
        "detail": detail,
        "r": r,
        "pen": pen,
        "alasan": detail.alasan_belum_dinilai,
        "boleh_simpan": detail.adalah_penilai and status in ("", StatusPenilaian.DRAFT) and dalam_jadwal,
        "boleh_tetapkan_kadis": kadis
        and detail.adalah_penilai
        and dalam_jadwal
        and pen is not None
        and bool(pen.predikat)
        and status != StatusPenilaian.DITETAPKAN,
        "kadis": kadis,
        "dalam_jadwal": dalam_jadwal,
        "penilaian_mulai": periods.tanggal_id(r.periode.penilaian_mulai),
        "penilaian_selesai": periods.tanggal_id(r.periode.penilaian_selesai),
        "rating": predikat.Rating.choices,
        "matriks": MATRIKS,
        "obs": getattr(r, "observasi", None),
        "kembali": reverse("kinerja:dinas_rencana")
        if kadis
        else reverse("kinerja:penilaian_daftar", args=[r.sekolah_id]),
    }
    return render(request, "kinerja/penilaian_form.html", context)


@halaman_pegawai
def kirim(request, sid):
    """ "Kirim ke Dinas Pendidikan": a confirmation page that says the sending is final."""
    if request.method == "POST":
        data = parse(KirimForm(request.POST))
        ps = penilaian.penilaian_kirim_dinas(
            actor=request.actor,
            sekolah=sekolah_get(sid),
            konfirmasi=data["konfirmasi"],
            penjelasan=data["penjelasan"],
        )
        messages.success(
            request,
            f"Penilaian dikirim ke Dinas Pendidikan pada {periods.tanggal_id(ps.dikirim_pada.date())}. "
            "Kepala Dinas akan memberikan Predikat Kinerja Organisasi.",
        )
        return kembali(request, reverse("kinerja:penilaian_daftar", args=[sid]))
    daftar = selectors.daftar_penilaian(actor=request.actor, sekolah=sid)
    lengkap = [
        b
        for b in daftar.muncul
        if b.penilaian is not None and b.penilaian.status == StatusPenilaian.DRAFT and b.penilaian.lengkap
    ]
    belum = [b for b in daftar.muncul if b.penilaian is None or not b.penilaian.lengkap]
    context = {
        "daftar": daftar,
        "sekolah": daftar.sekolah,
        "lengkap": lengkap,
        "belum": belum,
        "status_sekolah_label": StatusPenilaianSekolah(daftar.status_sekolah).label,
    }
    return render(request, "kinerja/kirim.html", context)


@halaman_pegawai
def tetapkan(request, sid):
    """ "Tetapkan predikat" with the SE MenPANRB 3/2023 distribution check explained."""
    if request.method == "POST":
        baru = penilaian.predikat_tetapkan(actor=request.actor, sekolah=sekolah_get(sid))
        messages.success(request, f"Predikat {len(baru)} guru ditetapkan. Guru dapat melihat predikatnya.")
        return kembali(request, reverse("kinerja:penilaian_daftar", args=[sid]))
    daftar = selectors.daftar_penilaian(actor=request.actor, sekolah=sid)
    dinilai = [
        b for b in daftar.muncul + daftar.belum_muncul if b.penilaian is not None and b.penilaian.predikat
    ]
    ps = daftar.penilaian_sekolah
    org = ps.predikat_organisasi if ps is not None else ""
    hitung = {p: 0 for p in predikat.Predikat.values}
    for b in dinilai:
        hitung[b.penilaian.predikat] += 1
    batas, pelanggaran = [], []
    if org:
        daftar_predikat = [b.penilaian.predikat for b in dinilai]
        pelanggaran = predikat.distribusi_check(org, daftar_predikat)
        dilanggar = {id(p.batas.aturan) for p in pelanggaran}
        for b in predikat.batas_distribusi(org, len(daftar_predikat)):
            aktual = sum(hitung[p] for p in b.aturan.predikat)
            batas.append((b, aktual, id(b.aturan) not in dilanggar))
    context = {
        "daftar": daftar,
        "sekolah": daftar.sekolah,
        "org": org,
        "org_label": predikat.PredikatOrganisasi(org).label if org else "",
        "hitung": [(predikat.Predikat(p).label, n) for p, n in hitung.items()],
        "dinilai": dinilai,
        "akan_ditetapkan": [b for b in dinilai if b.penilaian.status != StatusPenilaian.DITETAPKAN],
        "batas": batas,
        "pelanggaran": pelanggaran,
        "penjelasan": predikat.distribusi_penjelasan(org, pelanggaran) if pelanggaran else "",
        "pembulatan": PEMBULATAN,
        "status_sekolah_label": StatusPenilaianSekolah(daftar.status_sekolah).label,
        "jadwal": f"{periods.tanggal_id(daftar.periode.penilaian_mulai)} – "
        f"{periods.tanggal_id(daftar.periode.penilaian_selesai)}",
        "aturan": [
            (predikat.PredikatOrganisasi(k).label, [a.teks for a in v])
            for k, v in predikat.ATURAN_DISTRIBUSI.items()
        ],
    }
    return render(request, "kinerja/tetapkan.html", context)


@halaman_siklus
def predikat_saya(request, pk):
    """The pegawai's result: the ratings and the predikat once fixed, with the PDF."""
    detail = selectors.rencana_detail(actor=request.actor, rencana_id=pk)
    r = detail.rencana
    pen = getattr(r, "penilaian", None)
    ditetapkan = pen is not None and pen.status == StatusPenilaian.DITETAPKAN
    context = {
        "detail": detail,
        "r": r,
        "pen": pen if (ditetapkan or not detail.adalah_pemilik) else None,
        "ditetapkan": ditetapkan,
        "alasan": detail.alasan_belum_dinilai,
    }
    return render(request, "kinerja/predikat.html", context)


@halaman_siklus
def pdf(request, pk):
    isi, nama = laporan.penilaian_pdf_unduh(actor=request.actor, rencana_id=pk)
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response
