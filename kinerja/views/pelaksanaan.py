"""Pelaksanaan Kinerja pages: the observation cycle, evidence per RHK / Tugas Tambahan, and the school's
KOSP and Rangkuman Kehadiran Guru."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from pmm import clock
from pmm.errors import ApplicationError, NotFound
from pmm.roles import Role

from .. import periods, selectors
from ..forms_siklus import BuktiForm, DokumenForm, IdForm, JadwalForm, PersiapanForm, TeksForm, parse
from ..models import JenisDokumenSekolah
from ..services import pelaksanaan
from ..transitions import RENCANA_SUDAH_DISETUJUI, StatusObservasi, StatusPenilaian
from ._common import halaman_siklus, kembali, sekolah_get


def _aksi_observasi(request, pk) -> str:
    actor, post = request.actor, request.POST
    aksi = post.get("aksi", "")
    if aksi == "persiapan":
        form = PersiapanForm(post)
        data = parse(form)
        pelaksanaan.observasi_prepare(
            actor=actor,
            rencana=pk,
            fokus=data["fokus"],
            dokumen_persiapan=data["dokumen_persiapan"],
            jadwal=form.jadwal,
        )
        return "Diskusi Persiapan tersimpan dan observasi dijadwalkan."
    if aksi == "jadwal_ulang":
        form = JadwalForm(post)
        data = parse(form)
        pelaksanaan.observasi_reschedule(actor=actor, rencana=pk, jadwal=form.jadwal, alasan=data["alasan"])
        return "Jadwal observasi diubah."
    teks = parse(TeksForm(post))["teks"]
    if aksi == "observasi":
        pelaksanaan.observasi_record(actor=actor, rencana=pk, catatan=teks)
        return "Catatan observasi kelas tersimpan."
    if aksi == "tindak_lanjut":
        pelaksanaan.observasi_follow_up(actor=actor, rencana=pk, catatan_tindak_lanjut=teks)
        return "Catatan Diskusi Tindak Lanjut tersimpan."
    if aksi == "refleksi":
        pelaksanaan.observasi_reflect(actor=actor, rencana=pk, refleksi=teks)
        return "Refleksi Tindak Lanjut tersimpan."
    if aksi == "rekomendasi":
        pelaksanaan.observasi_recommend(actor=actor, rencana=pk, rekomendasi=teks)
        return "Rekomendasi untuk Kepala Dinas tersimpan."
    raise ApplicationError("Tindakan tidak dikenal.", code="aksi_tidak_dikenal")


@halaman_siklus
def observasi(request, pk):
    if request.method == "POST":
        selectors.rencana_akses(actor=request.actor, rencana_id=pk)
        messages.success(request, _aksi_observasi(request, pk))
        return kembali(request, reverse("kinerja:observasi", args=[pk]))
    detail = selectors.rencana_detail(actor=request.actor, rencana_id=pk)
    r = detail.rencana
    obs = getattr(r, "observasi", None)
    status = obs.status if obs is not None else StatusObservasi.BELUM
    pemilik, pengamat = detail.adalah_pemilik, detail.adalah_pengamat
    jadwal = timezone.localtime(obs.jadwal) if obs is not None and obs.jadwal else None
    disetujui = r.status in RENCANA_SUDAH_DISETUJUI
    context = {
        "detail": detail,
        "r": r,
        "obs": obs,
        "status": status,
        "status_label": StatusObservasi(status).label,
        "jadwal": jadwal,
        "fokus_pilihan": list(r.indikator.fokus_perilaku.all()) if r.indikator_id else [],
        "fokus_dipilih": list(obs.fokus.all()) if obs is not None else [],
        "disetujui": disetujui,
        "tahap_pelaksanaan": periods.dalam_jadwal(r.periode, periods.Kelompok.PELAKSANAAN),
        "pelaksanaan_mulai": periods.tanggal_id(r.periode.persiapan_mulai),
        "boleh_persiapan": pemilik and disetujui and status == StatusObservasi.BELUM,
        "boleh_jadwal_ulang": (pemilik or pengamat) and status == StatusObservasi.TERJADWAL,
        "boleh_observasi": pengamat and status == StatusObservasi.TERJADWAL,
        "belum_hari_observasi": jadwal is not None and clock.today() < jadwal.date(),
        "boleh_tindak_lanjut": pemilik and status == StatusObservasi.DIOBSERVASI,
        "boleh_refleksi": pemilik and status == StatusObservasi.TINDAK_LANJUT,
        "boleh_rekomendasi": pengamat
        and not detail.adalah_penilai
        and status not in (StatusObservasi.BELUM, StatusObservasi.TERJADWAL),
        "hari_ini": clock.today(),
    }
    return render(request, "kinerja/observasi.html", context)


@halaman_siklus
def bukti(request, pk):
    actor = request.actor
    if request.method == "POST":
        selectors.rencana_akses(actor=actor, rencana_id=pk)
        aksi = request.POST.get("aksi", "")
        if aksi == "unggah":
            form = BuktiForm(request.POST, request.FILES)
            parse(form)
            jenis, target = form.sasaran
            b = pelaksanaan.bukti_upload(
                actor=actor,
                rencana=pk,
                berkas=form.cleaned_data["berkas"],
                rencana_rhk=target if jenis == "rhk" else None,
                rencana_tugas=target if jenis == "tugas" else None,
            )
            messages.success(request, f"Bukti dukung «{b.nama_asli}» diunggah.")
        elif aksi == "hapus":
            pelaksanaan.bukti_delete(actor=actor, bukti=parse(IdForm(request.POST))["id"])
            messages.success(request, "Bukti dukung dihapus.")
        else:
            raise ApplicationError("Tindakan tidak dikenal.", code="aksi_tidak_dikenal")
        return kembali(request, reverse("kinerja:bukti", args=[pk]))
    detail = selectors.rencana_detail(actor=actor, rencana_id=pk)
    r = detail.rencana
    pen = getattr(r, "penilaian", None)
    terkunci = pen is not None and pen.status != StatusPenilaian.DRAFT
    disetujui = r.status in RENCANA_SUDAH_DISETUJUI
    # Uploads are refused outside the Pelaksanaan dates: say why instead of offering the form.
    luar_jadwal = periods.di_luar_jadwal(r.periode, periods.Kelompok.PELAKSANAAN) if disetujui else ""
    context = {
        "detail": detail,
        "r": r,
        "rhk": [(x, x.rhk.nama, f"rhk-{x.pk}") for x in r.rhk.all()],
        "tugas": [(t, t.tugas.nama, f"tugas-{t.pk}") for t in r.tugas_tambahan.all()],
        "boleh_unggah": detail.adalah_pemilik and disetujui and not terkunci and not luar_jadwal,
        "terkunci": terkunci,
        "disetujui": disetujui,
        "luar_jadwal": "" if terkunci else luar_jadwal,
    }
    return render(request, "kinerja/bukti.html", context)


def _berkas_response(filefield, nama: str, jenis: str):
    try:
        handle = filefield.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFound("Berkas tidak ditemukan di penyimpanan.") from None
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(jenis)
    return FileResponse(handle, as_attachment=True, filename=nama, content_type=content_type)


@halaman_siklus
def bukti_unduh(request, pk):
    b = selectors.bukti_for_download(actor=request.actor, bukti_id=pk)
    return _berkas_response(b.berkas, b.nama_asli, b.jenis)


@halaman_siklus
def dokumen_sekolah(request, sid):
    actor = request.actor
    sekolah = sekolah_get(sid)
    if request.method == "POST":
        form = DokumenForm(request.POST, request.FILES)
        data = parse(form)
        dok = pelaksanaan.dokumen_sekolah_upload(
            actor=actor, sekolah=sekolah, jenis=data["jenis"], berkas=data["berkas"]
        )
        messages.success(request, f"{dok.get_jenis_display()} diunggah.")
        return kembali(request, reverse("kinerja:dokumen_sekolah", args=[sekolah.pk]))
    dokumen = selectors.dokumen_sekolah_list(actor=actor, sekolah=sekolah)
    ada = {d.jenis: d for d in dokumen}
    periode = periods.periode_current(create=False)
    context = {
        "sekolah": sekolah,
        "periode": periode,
        "baris": [(kode, label, ada.get(kode)) for kode, label in JenisDokumenSekolah.choices],
        "boleh_unggah": sekolah.pk in actor.sekolah_ids(Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH)
        and periods.dalam_jadwal(periode, periods.Kelompok.PELAKSANAAN),
        "pelaksanaan_mulai": periods.tanggal_id(periode.persiapan_mulai),
        "jenis": JenisDokumenSekolah.choices,
    }
    return render(request, "kinerja/dokumen_sekolah.html", context)


@halaman_siklus
def dokumen_unduh(request, pk):
    dok = selectors.dokumen_sekolah_for_download(actor=request.actor, dokumen_id=pk)
    return _berkas_response(dok.berkas, dok.nama_asli, dok.jenis_berkas)
