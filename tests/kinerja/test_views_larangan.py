"""Every forbidden move through the pages — wrong role, wrong stage, wrong date, another school —
is refused with a clear message and changes nothing; bad input and bad uploads too (never a 500)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.models import (
    BuktiDukung,
    DokumenSekolah,
    Observasi,
    Penilaian,
    PenilaianSekolah,
    Rencana,
    Riwayat,
)
from kinerja.services import penilaian as penilaian_svc
from kinerja.services import perencanaan as perencanaan_svc

from .helpers import PDF, aktor, berkas, hari, nilai, rencana_disepakati, rencana_lengkap, siap_dinilai
from .test_views_helpers import Peramban, persiapan_data, pesan_galat, url

pytestmark = pytest.mark.django_db


def riwayat_n():
    return Riwayat.objects.count()


@pytest.fixture
def diajukan(wilayah):
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    perencanaan_svc.rencana_submit(actor=aktor(wilayah.guru[0]), rencana=r)
    return r


# --- wrong role ------------------------------------------------------------------------------------


def test_the_owner_cannot_approve_their_own_plan(wilayah, diajukan):
    before = riwayat_n()
    res = Peramban(wilayah.guru[0]).post(url("rencana", diajukan.pk), {"aksi": "setujui"})
    assert pesan_galat(res) == [
        f"Hanya atasan pegawai ini (Kepala Sekolah definitif: {wilayah.kepala.nama}) yang dapat menyetujui rencana."
    ]
    assert Rencana.objects.get(pk=diajukan.pk).status == "diajukan" and riwayat_n() == before


def test_a_colleague_of_the_same_school_cannot_even_see_the_plan(wilayah, diajukan):
    b = Peramban(wilayah.guru[1])
    assert b.get(url("rencana", diajukan.pk)).status_code == 404
    res = b.post(url("rencana", diajukan.pk), {"aksi": "setujui"}, dari=url("beranda"))
    assert pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert Rencana.objects.get(pk=diajukan.pk).status == "diajukan"


def test_the_principal_cannot_agree_in_the_teachers_place(wilayah, diajukan):
    perencanaan_svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=diajukan)
    res = Peramban(wilayah.kepala).post(url("rencana", diajukan.pk), {"aksi": "sepakati"})
    assert pesan_galat(res) == ["Rencana kinerja ini bukan milik Anda."]
    assert Rencana.objects.get(pk=diajukan.pk).status == "disetujui"


def test_a_teacher_cannot_record_the_observation(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(3, 3)
    res = Peramban(wilayah.guru[0]).post(url("observasi", r.pk), {"aksi": "observasi", "teks": "Saya hebat."})
    assert "yang dapat mencatat observasi kelas" in pesan_galat(res)[0]
    assert Observasi.objects.get(rencana=r).status == "terjadwal"


def test_the_kepala_dinas_cannot_rate_a_teacher_nor_open_the_principals_lists(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    b = Peramban(wilayah.kadis)
    assert b.get(url("penilaian", r.pk)).status_code == 404
    res = b.get(url("persetujuan", wilayah.sekolah.pk))
    assert res.status_code == 403 and "Halaman ini untuk guru dan kepala sekolah" in res.content.decode()
    res = b.post(
        url("penilaian", r.pk),
        {"rating_hasil_kerja": "sesuai", "rating_perilaku": "sesuai"},
        dari=url("beranda"),
    )
    assert pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert not Penilaian.objects.exists()


def test_a_principal_cannot_give_the_predikat_organisasi(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    penilaian_svc.penilaian_kirim_dinas(
        actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    b = Peramban(wilayah.kepala)
    assert b.get(url("dinas_sekolah")).status_code == 403
    res = b.post(
        url("dinas_sekolah"),
        {"sekolah": wilayah.sekolah.pk, "predikat_organisasi": "istimewa"},
        dari=url("beranda"),
    )
    assert "Hanya Kepala Dinas Pendidikan yang membawahi" in pesan_galat(res)[0]
    assert PenilaianSekolah.objects.get().predikat_organisasi == ""


# --- wrong stage -----------------------------------------------------------------------------------


def test_a_draft_cannot_be_approved(wilayah):
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    res = Peramban(wilayah.kepala).post(url("rencana", r.pk), {"aksi": "setujui"})
    assert pesan_galat(res) == ["Tidak dapat menyetujui rencana: status saat ini «Draf»."]
    assert Rencana.objects.get(pk=r.pk).status == "draft"


def test_an_approved_plan_cannot_be_approved_again_nor_edited(wilayah, diajukan):
    b = Peramban(wilayah.kepala)
    b.post(url("rencana", diajukan.pk), {"aksi": "setujui"})
    res = b.post(url("rencana", diajukan.pk), {"aksi": "setujui"})
    assert pesan_galat(res) == ["Tidak dapat menyetujui rencana: status saat ini «Disetujui»."]
    g = Peramban(wilayah.guru[0])
    assert "tidak dapat diubah" in g.get(url("langkah", diajukan.pk, 1)).content.decode()
    res = g.post(url("langkah", diajukan.pk, 1), {"indikator": diajukan.indikator_id})
    assert pesan_galat(res) == ["Rencana berstatus «Disetujui» tidak dapat diubah."]
    assert Riwayat.objects.filter(rencana=diajukan, transisi="setujui").count() == 1


def test_a_teacher_not_yet_agreed_cannot_be_rated_and_is_explained_type_a(wilayah, diajukan):
    hari(6, 10)
    b = Peramban(wilayah.kepala)
    halaman = b.get(url("penilaian", diajukan.pk)).content.decode()
    assert "Tipe A: Perencanaan Kinerja belum tuntas" in halaman
    res = b.post(url("penilaian", diajukan.pk), {"rating_hasil_kerja": "sesuai", "rating_perilaku": "sesuai"})
    assert pesan_galat(res)[0].startswith(
        "Tipe A: Perencanaan Kinerja belum tuntas. Yang perlu diselesaikan:"
    )
    assert not Penilaian.objects.exists()


def test_a_sent_rating_cannot_be_changed(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    b = Peramban(wilayah.kepala)
    b.post(url("kirim", wilayah.sekolah.pk), {"penjelasan": "ok", "konfirmasi": "on"})
    res = b.post(url("kirim", wilayah.sekolah.pk), {"penjelasan": "lagi", "konfirmasi": "on"})
    assert pesan_galat(res) == [
        "Tidak dapat mengirim penilaian ke Dinas Pendidikan: status saat ini «Dikirim, menunggu Predikat Kinerja Organisasi»."
    ]
    res = b.post(url("penilaian", r.pk), {"rating_hasil_kerja": "di_atas", "rating_perilaku": "di_atas"})
    assert pesan_galat(res) == ["Penilaian sudah dikirim ke Dinas Pendidikan dan tidak dapat diubah."]
    assert Penilaian.objects.get().predikat == "baik"


def test_penetapan_that_breaks_the_distribution_is_refused_with_the_explanation(wilayah):
    rencana = [siap_dinilai(g, wilayah.kepala) for g in wilayah.guru]
    hari(6, 10)
    for r in rencana:
        nilai(r, wilayah.kepala, "sesuai", "sesuai")  # three Baik
    penilaian_svc.penilaian_kirim_dinas(
        actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian_svc.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="baik"
    )
    b = Peramban(wilayah.kepala)
    halaman = b.get(url("tetapkan", wilayah.sekolah.pk)).content.decode()
    assert "Belum terpenuhi" in halaman and "paling banyak 2 dari 3 guru (⌊70% × 3⌋" in halaman
    assert "Tetapkan predikat</button>" not in halaman
    res = b.post(url("tetapkan", wilayah.sekolah.pk))
    galat = pesan_galat(res)[0]
    assert galat.startswith("Predikat guru belum sesuai pola distribusi SE MenPANRB No. 3 Tahun 2023")
    assert "Pembulatan" in galat
    assert not Penilaian.objects.filter(status="ditetapkan").exists()


# --- wrong date ------------------------------------------------------------------------------------


def test_observation_preparation_before_pelaksanaan_opens_is_refused(wilayah):
    hari(1, 10)
    r = rencana_disepakati(wilayah.guru[0], wilayah.kepala)
    res = Peramban(wilayah.guru[0]).post(url("observasi", r.pk), persiapan_data(r, tanggal="2025-03-04"))
    assert pesan_galat(res) == [
        "Pelaksanaan Kinerja periode Januari–Juni 2025 baru dibuka pada 1 Februari 2025."
    ]
    assert not Observasi.objects.filter(status="terjadwal").exists()


def test_the_observation_cannot_be_recorded_before_its_day(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)  # scheduled on 3 March
    hari(3, 2)
    b = Peramban(wilayah.kepala)
    assert "catatan dapat diisi mulai tanggal itu" in b.get(url("observasi", r.pk)).content.decode()
    res = b.post(url("observasi", r.pk), {"aksi": "observasi", "teks": "Terlalu awal."})
    assert pesan_galat(res) == [
        "Observasi dijadwalkan pada 3 Maret 2025; catatan observasi dapat diisi mulai tanggal itu."
    ]


def test_rating_outside_the_penilaian_window_is_refused(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(5, 20)
    b = Peramban(wilayah.kepala)
    assert "hanya dapat dilakukan" in b.get(url("penilaian", r.pk)).content.decode()
    res = b.post(url("penilaian", r.pk), {"rating_hasil_kerja": "sesuai", "rating_perilaku": "sesuai"})
    assert pesan_galat(res) == ["Penilaian Kinerja periode Januari–Juni 2025 baru dibuka pada 1 Juni 2025."]
    assert not Penilaian.objects.exists()


def test_a_reschedule_into_the_past_is_refused(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    res = Peramban(wilayah.guru[0]).post(
        url("observasi", r.pk), {"aksi": "jadwal_ulang", "tanggal": "2025-02-01", "jam": "08:00"}
    )
    assert pesan_galat(res) == ["Jadwal observasi tidak boleh di masa lalu."]
    assert Observasi.objects.get(rencana=r).jadwal_diubah == 0


# --- another school --------------------------------------------------------------------------------


def test_a_principal_of_another_school_sees_and_changes_nothing(wilayah, wilayah_lain, diajukan):
    b = Peramban(wilayah_lain.kepala)
    assert b.get(url("rencana", diajukan.pk)).status_code == 404
    assert b.get(url("persetujuan", wilayah.sekolah.pk)).status_code == 403
    assert b.get(url("penilaian_daftar", wilayah.sekolah.pk)).status_code == 403
    assert b.get(url("kirim", wilayah.sekolah.pk)).status_code == 403
    assert b.get(url("tetapkan", wilayah.sekolah.pk)).status_code == 403
    res = b.post(url("rencana", diajukan.pk), {"aksi": "setujui"}, dari=url("beranda"))
    assert pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert wilayah.kepala.nama not in res.content.decode()
    hari(6, 10)
    res = b.post(
        url("kirim", wilayah.sekolah.pk), {"penjelasan": "x", "konfirmasi": "on"}, dari=url("beranda")
    )
    assert pesan_galat(res) == [
        f"Hanya Kepala Sekolah {wilayah.sekolah.nama} yang dapat mengirim penilaian ke Dinas Pendidikan."
    ]
    assert Rencana.objects.get(pk=diajukan.pk).status == "diajukan" and not PenilaianSekolah.objects.exists()


def test_the_kepala_dinas_of_another_instansi_cannot_set_the_predikat_organisasi(wilayah, wilayah_lain):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    penilaian_svc.penilaian_kirim_dinas(
        actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    b = Peramban(wilayah_lain.kadis)
    assert wilayah.sekolah.nama not in b.get(url("dinas_sekolah")).content.decode()
    res = b.post(url("dinas_sekolah"), {"sekolah": wilayah.sekolah.pk, "predikat_organisasi": "istimewa"})
    assert "Hanya Kepala Dinas Pendidikan yang membawahi" in pesan_galat(res)[0]
    assert PenilaianSekolah.objects.get().predikat_organisasi == ""


def test_documents_and_evidence_of_another_school_are_not_found(wilayah, wilayah_lain):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    g = Peramban(wilayah.guru[0])
    g.post(
        url("bukti", r.pk),
        {"aksi": "unggah", "target": f"rhk-{r.rhk.first().pk}", "berkas": berkas("s.pdf", PDF)},
    )
    Peramban(wilayah.kepala).post(
        url("dokumen_sekolah", wilayah.sekolah.pk), {"jenis": "kosp", "berkas": berkas("k.pdf", PDF)}
    )
    bukti, dok = BuktiDukung.objects.get(), DokumenSekolah.objects.get()
    lain = Peramban(wilayah_lain.guru[0])
    assert lain.get(url("bukti_unduh", bukti.pk)).status_code == 404
    assert lain.get(url("dokumen_unduh", dok.pk)).status_code == 404
    assert lain.get(url("dokumen_sekolah", wilayah.sekolah.pk)).status_code == 404
    res = lain.post(url("bukti", r.pk), {"aksi": "hapus", "id": bukti.pk}, dari=url("beranda"))
    assert pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert BuktiDukung.objects.exists()


# --- bad input and uploads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"indikator": "abc"}, "Praktik Kinerja: "),
        ({}, "Pilih satu indikator Praktik Kinerja."),
        ({"indikator": "999999"}, "Indikator tidak ditemukan."),
    ],
)
def test_bad_step_input_changes_nothing(wilayah, data, expected):
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    res = Peramban(wilayah.guru[0]).post(url("langkah", r.pk, 1), data)
    assert res.status_code == 200 and expected in pesan_galat(res)[0]
    assert Rencana.objects.get(pk=r.pk).indikator_id == r.indikator_id


def test_bad_rhk_quantity_and_unknown_rating_are_refused(wilayah):
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    rhk_id = r.rhk.first().rhk_id
    res = Peramban(wilayah.guru[0]).post(
        url("langkah", r.pk, 2), {"rhk": [rhk_id], f"jumlah_{rhk_id}": "dua"}
    )
    assert pesan_galat(res) == ["Jumlah RHK harus berupa angka."]
    assert r.rhk.count() == 2
    r2 = siap_dinilai(wilayah.guru[1], wilayah.kepala)
    hari(6, 10)
    res = Peramban(wilayah.kepala).post(url("penilaian", r2.pk), {"rating_hasil_kerja": "luar_biasa"})
    assert res.status_code == 200 and "Rating Hasil Kerja" in pesan_galat(res)[0]
    assert not Penilaian.objects.exists()


def test_the_approval_list_refuses_a_bad_or_foreign_plan(wilayah, wilayah_lain, diajukan):
    b = Peramban(wilayah.kepala)
    res = b.post(url("persetujuan", wilayah.sekolah.pk), {"setujui": "semua"})
    assert pesan_galat(res) == ["Pilihan: Isian harus berupa angka."]
    hari(1, 12)
    lain = rencana_lengkap(wilayah_lain.guru[0])
    perencanaan_svc.rencana_submit(actor=aktor(wilayah_lain.guru[0]), rencana=lain)
    res = b.post(url("persetujuan", wilayah.sekolah.pk), {"setujui": lain.pk})
    assert pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert Rencana.objects.get(pk=lain.pk).status == "diajukan"


def test_unknown_action_and_missing_schedule_are_refused(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    g = Peramban(wilayah.guru[0])
    assert pesan_galat(g.post(url("rencana", r.pk), {"aksi": "hapus_semua"})) == ["Tindakan tidak dikenal."]
    res = g.post(url("observasi", r.pk), {"aksi": "jadwal_ulang", "tanggal": "besok"})
    assert "Tanggal observasi: Tanggal tidak valid." in pesan_galat(res)[0]


@pytest.mark.parametrize(
    "nama, isi, expected",
    [
        ("catatan.pdf", b"bukan pdf sama sekali", "bukan PDF, JPG, atau PNG"),
        ("foto.png", b"%PDF-1.4 isi pdf", "tidak sesuai dengan ekstensinya"),
        ("kosong.pdf", b"", "kosong"),
        ("skrip.exe", PDF, "harus berakhiran .pdf, .jpg, .jpeg, atau .png"),
        ("besar.pdf", PDF + b"0" * 2048, "melebihi batas"),
    ],
)
def test_evidence_upload_is_validated(wilayah, settings, nama, isi, expected):
    settings.KINERJA_BERKAS_MAX_BYTES = 1024
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    target = f"rhk-{r.rhk.first().pk}"
    res = Peramban(wilayah.guru[0]).post(
        url("bukti", r.pk), {"aksi": "unggah", "target": target, "berkas": SimpleUploadedFile(nama, isi)}
    )
    assert res.status_code == 200 and expected in pesan_galat(res)[0]
    assert not BuktiDukung.objects.exists()


def test_upload_without_a_file_or_for_another_plans_item_is_refused(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    other = siap_dinilai(wilayah.guru[1], wilayah.kepala)
    g = Peramban(wilayah.guru[0])
    res = g.post(url("bukti", r.pk), {"aksi": "unggah", "target": f"rhk-{r.rhk.first().pk}"})
    assert pesan_galat(res) == ["Pilih berkas yang akan diunggah."]
    res = g.post(
        url("bukti", r.pk),
        {"aksi": "unggah", "target": f"rhk-{other.rhk.first().pk}", "berkas": berkas("s.pdf", PDF)},
    )
    assert pesan_galat(res) == ["RHK atau Tugas Tambahan ini tidak ada di rencana Anda."]
    res = g.post(url("bukti", r.pk), {"aksi": "unggah", "target": "semua", "berkas": berkas("s.pdf", PDF)})
    assert pesan_galat(res) == ["Untuk: Pilihan tidak valid."]
    assert not BuktiDukung.objects.exists()


def test_school_document_upload_is_for_the_principal_and_validated(wilayah):
    hari(2, 5)
    guru = Peramban(wilayah.guru[0])
    assert "Unggah dokumen" not in guru.get(url("dokumen_sekolah", wilayah.sekolah.pk)).content.decode()
    res = guru.post(
        url("dokumen_sekolah", wilayah.sekolah.pk), {"jenis": "kosp", "berkas": berkas("k.pdf", PDF)}
    )
    assert pesan_galat(res) == [
        f"Hanya Kepala Sekolah {wilayah.sekolah.nama} yang dapat mengunggah dokumen sekolah."
    ]
    kepala = Peramban(wilayah.kepala)
    res = kepala.post(
        url("dokumen_sekolah", wilayah.sekolah.pk), {"jenis": "kosp", "berkas": berkas("k.txt", b"teks")}
    )
    assert "bukan PDF, JPG, atau PNG" in pesan_galat(res)[0]
    res = kepala.post(
        url("dokumen_sekolah", wilayah.sekolah.pk), {"jenis": "rapor", "berkas": berkas("k.pdf", PDF)}
    )
    assert "Jenis dokumen tidak dikenal." in pesan_galat(res)[0]
    assert not DokumenSekolah.objects.exists()


def test_the_pdf_is_refused_to_the_teacher_until_the_predikat_is_fixed(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    res = Peramban(wilayah.guru[0]).get(url("pdf", r.pk))
    assert res.status_code == 400 and "belum ditetapkan" in res.content.decode()
    assert Peramban(wilayah.kepala).get(url("pdf", r.pk)).content.startswith(b"%PDF")
