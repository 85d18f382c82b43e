"""A whole semester through the pages, one journey per role, moving the simulated clock month by month
as a Bimtek would (the same journeys as test_semester.py, but clicking the pages)."""

import pytest

from dapodik.choices import JenisPenugasan
from kinerja.models import DokumenSekolah, Observasi, Penilaian, PenilaianSekolah, Peran, Rencana, Riwayat
from tests import factories as f

from .conftest import buat_kadis, buat_kepala
from .helpers import PDF, PNG, berkas, hari, indikator, rhk, tugas
from .test_views_helpers import Peramban, isi_rencana, persiapan_data, pesan, pesan_galat, url

pytestmark = pytest.mark.django_db


def mulai(b: Peramban, peran=Peran.GURU, sekolah=None) -> Rencana:
    data = {"peran": peran}
    if sekolah is not None:
        data["sekolah"] = sekolah.pk
    b.post(url("rencana_mulai"), data, dari=url("beranda"))
    return Rencana.objects.filter(ptk__user=b.user, peran=peran).latest("pk")


def test_semester_of_a_teacher_their_principal_and_the_kepala_dinas(wilayah):
    guru, kepala, kadis, sekolah = wilayah.guru[0], wilayah.kepala, wilayah.kadis, wilayah.sekolah
    bg, bk, bd = Peramban(guru), Peramban(kepala), Peramban(kadis)

    # January: the teacher plans in five steps and submits.
    hari(1, 8)
    home = bg.get(url("beranda")).content.decode()
    assert 'aria-current="step"' in home and "Perencanaan Kinerja" in home
    r = mulai(bg)
    assert r.status == "draft"
    isi_rencana(
        bg,
        r.pk,
        indikator=indikator("D1-02"),
        rhk=[(rhk("PK-01"), 2), (rhk("PK-03"), 1)],
        tugas=[(tugas("TT-06"), "SK/7/2025")],
    )
    rangkuman = bg.get(url("langkah", r.pk, 5)).content.decode()
    assert "Penerapan Disiplin Positif" in rangkuman and "52 poin" in rangkuman
    assert f"Kepala Sekolah definitif: {kepala.nama}" in rangkuman
    res = bg.post(url("langkah", r.pk, 5), {"ajukan": "1"})
    assert "Rencana diajukan kepada atasan" in " ".join(pesan(res))

    # The principal returns it with a note, the teacher fixes and resubmits, the principal approves.
    daftar = bk.get(url("persetujuan", sekolah.pk)).content.decode()
    assert guru.nama in daftar and "Tipe A" in daftar  # the other two teachers have no plan yet
    res = bk.post(url("rencana", r.pk), {"aksi": "kembalikan", "catatan": ""})
    assert "Tuliskan catatan" in " ".join(pesan_galat(res))
    bk.post(url("rencana", r.pk), {"aksi": "kembalikan", "catatan": "Tambahkan komunitas belajar."})
    assert Rencana.objects.get(pk=r.pk).status == "dikembalikan"
    assert "Tambahkan komunitas belajar." in bg.get(url("rencana", r.pk)).content.decode()
    bg.post(url("langkah", r.pk, 2), {"rhk": [rhk("PK-01").pk, rhk("PK-03").pk], "jumlah_" + str(rhk("PK-01").pk): 3, "jumlah_" + str(rhk("PK-03").pk): 1, "simpan": "1"})  # fmt: skip
    bg.post(url("rencana", r.pk), {"aksi": "ajukan"})
    res = bk.post(url("persetujuan", sekolah.pk), {"setujui": r.pk})  # the button of the list
    assert res.redirect_chain[-1][0] == url("persetujuan", sekolah.pk)
    assert f"Rencana kinerja {guru.nama} disetujui." in pesan(res)
    bg.post(url("rencana", r.pk), {"aksi": "sepakati"})
    assert Rencana.objects.get(pk=r.pk).status == "disepakati"

    # February: the principal shares the school's documents; the teacher prepares the observation.
    hari(2, 3)
    bk.post(url("dokumen_sekolah", sekolah.pk), {"jenis": "kosp", "berkas": berkas("kosp.pdf", PDF)})
    bk.post(url("dokumen_sekolah", sekolah.pk), {"jenis": "kehadiran", "berkas": berkas("hadir.png", PNG)})
    dokumen = bg.get(url("dokumen_sekolah", sekolah.pk)).content.decode()
    assert "kosp.pdf" in dokumen and "hadir.png" in dokumen
    kosp = DokumenSekolah.objects.get(jenis="kosp")
    unduh = bg.get(url("dokumen_unduh", kosp.pk))
    assert unduh.status_code == 200 and b"".join(unduh.streaming_content).startswith(b"%PDF")
    res = bg.post(url("observasi", r.pk), persiapan_data(r, tanggal="2025-03-04"))
    assert "observasi dijadwalkan" in " ".join(pesan(res))
    rr = r.rhk.get(rhk__kode="PK-01")
    tt = r.tugas_tambahan.get()
    bg.post(
        url("bukti", r.pk),
        {"aksi": "unggah", "target": f"rhk-{rr.pk}", "berkas": berkas("sertifikat.pdf", PDF)},
    )
    bg.post(url("bukti", r.pk), {"aksi": "unggah", "target": f"tugas-{tt.pk}", "berkas": berkas("sk.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)})  # fmt: skip
    assert "sertifikat.pdf" in bk.get(url("bukti", r.pk)).content.decode()  # the atasan reads the evidence

    # March: the principal observes (facts only); April: follow-up; June: reflection.
    hari(3, 4)
    bk.post(url("observasi", r.pk), {"aksi": "observasi", "teks": "Guru mengingatkan kesepakatan kelas."})
    hari(4, 8)
    bg.post(url("observasi", r.pk), {"aksi": "tindak_lanjut", "teks": "Penguatan positif setiap pertemuan."})
    hari(6, 2)
    bg.post(url("observasi", r.pk), {"aksi": "refleksi", "teks": "Murid lebih tertib."})
    assert Observasi.objects.get(rencana=r).status == "selesai"

    # June: rating, Kirim ke Dinas Pendidikan, Predikat Kinerja Organisasi, penetapan.
    hari(6, 15)
    res = bk.post(url("penilaian", r.pk), {"rating_hasil_kerja": "di_atas", "rating_perilaku": "di_atas"})
    assert "Predikat sementara: Sangat Baik" in " ".join(pesan(res))
    assert "Sangat Baik" not in bg.get(url("predikat", r.pk)).content.decode()  # not fixed yet
    konfirmasi = bk.get(url("kirim", sekolah.pk)).content.decode()
    assert "bersifat final" in konfirmasi
    res = bk.post(url("kirim", sekolah.pk), {"penjelasan": "Sudah dibahas."})
    assert "Centang konfirmasi" in " ".join(pesan_galat(res))
    res = bk.post(url("kirim", sekolah.pk), {"penjelasan": "Sudah dibahas.", "konfirmasi": "on"})
    assert "dikirim ke Dinas Pendidikan" in " ".join(pesan(res))
    assert "Dikirim, menunggu Predikat Kinerja Organisasi" in bd.get(url("dinas_sekolah")).content.decode()
    bd.post(url("dinas_sekolah"), {"sekolah": sekolah.pk, "predikat_organisasi": "istimewa"})
    assert PenilaianSekolah.objects.get().predikat_organisasi == "istimewa"
    halaman = bk.get(url("tetapkan", sekolah.pk)).content.decode()
    assert "dibulatkan ke bawah" in halaman and "Terpenuhi" in halaman
    res = bk.post(url("tetapkan", sekolah.pk))
    assert "Predikat 1 guru ditetapkan" in " ".join(pesan(res))

    # The teacher sees the predikat and downloads the PDF; the history lists every step.
    predikat = bg.get(url("predikat", r.pk)).content.decode()
    assert 'data-predikat="sangat_baik"' in predikat and "Sangat Baik" in predikat
    dokumen = bg.get(url("pdf", r.pk))
    assert dokumen["Content-Type"] == "application/pdf" and dokumen.content.startswith(b"%PDF")
    riwayat = bg.get(url("riwayat", r.pk)).content.decode()
    for langkah in ("Mengembalikan rencana", "Menyetujui rencana", "Menyepakati rencana", "Mencatat observasi kelas", "Menetapkan predikat"):  # fmt: skip
        assert langkah in riwayat
    assert "Predikat: Sangat Baik" in bg.get(url("beranda")).content.decode()


def test_semester_of_a_plt_school_with_the_plts_own_guru_plan(katalog):
    rumah = f.SekolahFactory()
    buat_kepala(rumah)
    dipimpin = f.SekolahFactory(instansi=rumah.instansi)
    kadis = buat_kadis(rumah.instansi)
    plt = buat_kepala(dipimpin, JenisPenugasan.PLT, ptk=f.PTKFactory(sekolah=dipimpin))
    guru = f.PTKFactory(sekolah=dipimpin)
    bg, bp, bd = Peramban(guru), Peramban(plt), Peramban(kadis)

    hari(1, 9)
    r = mulai(bg)
    isi_rencana(bg, r.pk, indikator=indikator("D1-01"), rhk=[(rhk("PK-01"), 4)])
    res = bg.post(url("rencana", r.pk), {"aksi": "ajukan"})
    assert "disetujui otomatis" in " ".join(pesan(res))
    bg.post(url("rencana", r.pk), {"aksi": "sepakati"})
    # The Plt's own guru plan at the school they lead goes to the Kepala Dinas, never to themselves.
    own = mulai(bp)
    isi_rencana(bp, own.pk, indikator=indikator("D1-03"), rhk=[(rhk("PK-02"), 4)])
    bp.post(url("rencana", own.pk), {"aksi": "ajukan"})
    res = bp.post(url("rencana", own.pk), {"aksi": "setujui"})
    assert "Hanya atasan pegawai ini" in " ".join(pesan_galat(res))
    assert own.ptk.nama in bd.get(url("dinas_rencana")).content.decode()
    bd.post(url("rencana", own.pk), {"aksi": "setujui"})
    assert Rencana.objects.get(pk=own.pk).status == "disetujui"

    hari(2, 10)
    bg.post(url("observasi", r.pk), persiapan_data(r, tanggal="2025-03-05"))
    hari(3, 5)
    bp.post(url("observasi", r.pk), {"aksi": "observasi", "teks": "Fakta."})
    hari(6, 10)
    bp.post(url("penilaian", r.pk), {"rating_hasil_kerja": "di_bawah", "rating_perilaku": "sesuai"})
    bp.post(url("kirim", dipimpin.pk), {"penjelasan": "Plt mengirim.", "konfirmasi": "on"})
    bd.post(url("dinas_sekolah"), {"sekolah": dipimpin.pk, "predikat_organisasi": "butuh_perbaikan"})
    bp.post(url("tetapkan", dipimpin.pk))
    assert Penilaian.objects.get(rencana=r).status == "ditetapkan"
    assert "Butuh Perbaikan" in bg.get(url("predikat", r.pk)).content.decode()
    assert Riwayat.objects.filter(rencana=r, transisi="setujui_otomatis", oleh=None).exists()


def test_semester_of_a_principal_with_the_kepala_dinas_and_a_delegated_pengawas(wilayah):
    kepala, kadis, pengawas = wilayah.kepala, wilayah.kadis, wilayah.pengawas
    bk, bd, bw = Peramban(kepala), Peramban(kadis), Peramban(pengawas)
    hari(1, 20)
    r = mulai(bk, Peran.KEPALA_SEKOLAH)
    isi_rencana(bk, r.pk, indikator=indikator("D3-06"), rhk=[(rhk("PK-03"), 1)])
    bk.post(url("rencana", r.pk), {"aksi": "ajukan"})
    assert kepala.nama in bd.get(url("dinas_rencana")).content.decode()
    bd.post(url("rencana", r.pk), {"aksi": "setujui", "catatan": "Baik."})
    bk.post(url("rencana", r.pk), {"aksi": "sepakati"})
    halaman = bd.get(url("rencana", r.pk)).content.decode()
    assert "Delegasi observasi kepada Pengawas" in halaman and pengawas.nama in halaman
    bd.post(url("rencana", r.pk), {"aksi": "delegasi", "pengawas": pengawas.pk})
    assert kepala.nama in bw.get(url("pengawas")).content.decode()

    hari(2, 12)
    bk.post(url("observasi", r.pk), persiapan_data(r, tanggal="2025-03-11"))
    hari(3, 11)
    bw.post(url("observasi", r.pk), {"aksi": "observasi", "teks": "Kepala sekolah memimpin refleksi."})
    bw.post(url("observasi", r.pk), {"aksi": "rekomendasi", "teks": "Direkomendasikan Baik."})
    hari(4, 8)
    bk.post(url("observasi", r.pk), {"aksi": "tindak_lanjut", "teks": "Rencana tindak lanjut."})
    hari(6, 2)
    bk.post(url("observasi", r.pk), {"aksi": "refleksi", "teks": "Refleksi."})

    hari(6, 20)
    assert "Direkomendasikan Baik." in bd.get(url("penilaian", r.pk)).content.decode()
    bd.post(url("penilaian", r.pk), {"rating_hasil_kerja": "sesuai", "rating_perilaku": "di_atas"})
    res = bd.post(url("penilaian", r.pk), {"aksi": "tetapkan"})
    assert "Predikat Baik ditetapkan" in " ".join(pesan(res))
    assert 'data-predikat="baik"' in bk.get(url("predikat", r.pk)).content.decode()


def test_a_teacher_without_any_atasan_cannot_submit_and_is_told_why(katalog):
    sekolah = f.SekolahFactory()  # no principal, no Plt
    guru = f.PTKFactory(sekolah=sekolah)
    bg = Peramban(guru)
    hari(1, 10)
    r = mulai(bg)
    isi_rencana(bg, r.pk, indikator=indikator("D1-02"), rhk=[(rhk("PK-01"), 4)])
    assert "Data atasan Anda tidak ditemukan" in bg.get(url("langkah", r.pk, 5)).content.decode()
    res = bg.post(url("langkah", r.pk, 5), {"ajukan": "1"})
    assert any(m.startswith("Data atasan Anda tidak ditemukan") for m in pesan_galat(res))
    assert Rencana.objects.get(pk=r.pk).status == "draft"
