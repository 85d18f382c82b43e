import os

import pytest

from dapodik.choices import JenisPenugasan
from kinerja import selectors
from kinerja.models import BuktiDukung, DokumenSekolah, FokusPerilaku, Peran, Riwayat
from kinerja.services import pelaksanaan as svc
from kinerja.services import perencanaan
from pmm.errors import ApplicationError, Forbidden, NotFound
from tests import factories as f

from .conftest import buat_kepala
from .helpers import JPG, PDF, PNG, aktor, berkas, hari, persiapan, rencana_disepakati, rencana_lengkap, waktu

pytestmark = pytest.mark.django_db


@pytest.fixture
def rencana(wilayah):
    hari(1, 10)
    r = rencana_disepakati(wilayah.guru[0], wilayah.kepala)
    hari(2, 10)
    return r


def fokus_of(r, n=1):
    return list(FokusPerilaku.objects.filter(indikator_id=r.indikator_id).order_by("urutan")[:n])


def test_observation_cycle_runs_in_order_through_both_sides(wilayah, rencana):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    obs = svc.observasi_prepare(
        actor=aktor(guru),
        rencana=rencana,
        fokus=fokus_of(rencana, 2),
        dokumen_persiapan="RPP",
        jadwal=waktu(3, 5),
    )
    assert obs.status == "terjadwal" and obs.fokus.count() == 2
    hari(3, 5)
    obs = svc.observasi_record(
        actor=aktor(kepala), rencana=rencana, catatan="Guru menyapa murid satu per satu."
    )
    assert obs.status == "diobservasi" and obs.diobservasi_oleh == kepala.user
    obs = svc.observasi_follow_up(
        actor=aktor(guru), rencana=rencana, catatan_tindak_lanjut="Latihan restitusi."
    )
    assert obs.status == "tindak_lanjut"
    hari(6, 2)
    obs = svc.observasi_reflect(actor=aktor(guru), rencana=rencana, refleksi="Kelas lebih tertib.")
    assert obs.status == "selesai"
    assert list(
        Riwayat.objects.filter(rencana=rencana, mesin="observasi").values_list("transisi", flat=True)
    ) == [
        "persiapan",
        "observasi",
        "tindak_lanjut",
        "refleksi",
    ]


def test_the_observation_has_no_score_field():
    from kinerja.models import Observasi

    names = {f.name for f in Observasi._meta.get_fields()}
    assert not {n for n in names if "nilai" in n or "skor" in n or "rating" in n}


def test_pelaksanaan_needs_an_approved_plan(wilayah):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    hari(2, 10)
    with pytest.raises(ApplicationError) as err:
        persiapan(r, guru)
    assert err.value.code == "rencana_belum_disetujui"


def test_pelaksanaan_opens_on_the_preparation_window(wilayah):
    hari(1, 10)
    r = rencana_disepakati(wilayah.guru[0], wilayah.kepala)
    with pytest.raises(ApplicationError, match="baru dibuka pada 1 Februari 2025"):
        persiapan(r, wilayah.guru[0])


def test_preparation_checks_focus_document_and_schedule(wilayah, rencana):
    a = aktor(wilayah.guru[0])
    lain = FokusPerilaku.objects.exclude(indikator_id=rencana.indikator_id).first()
    cases = [
        ({"fokus": []}, "fokus_tidak_valid"),
        ({"fokus": fokus_of(rencana, 3) + [lain]}, "fokus_tidak_valid"),
        ({"fokus": [lain]}, "fokus_tidak_valid"),
        ({"dokumen_persiapan": "   "}, "isian_wajib"),
        ({"jadwal": waktu(2, 1)}, "jadwal_tidak_valid"),  # in the past
        ({"jadwal": waktu(7, 2)}, "jadwal_tidak_valid"),  # after the period's deadline
        ({"jadwal": "besok"}, "jadwal_tidak_valid"),
    ]
    for override, code in cases:
        kw = {"fokus": fokus_of(rencana), "dokumen_persiapan": "RPP", "jadwal": waktu(3, 3)} | override
        with pytest.raises(ApplicationError) as err:
            svc.observasi_prepare(actor=a, rencana=rencana, **kw)
        assert err.value.code == code, override
    assert not hasattr(rencana, "observasi") or rencana.observasi.status == "belum"


def test_schedule_can_be_changed_by_either_side_until_the_observation(wilayah, rencana):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    persiapan(rencana, guru, jadwal=waktu(3, 3))
    svc.observasi_reschedule(actor=aktor(guru), rencana=rencana, jadwal=waktu(3, 10), alasan="Ujian praktik")
    obs = svc.observasi_reschedule(actor=aktor(kepala), rencana=rencana, jadwal=waktu(3, 12))
    assert obs.jadwal_diubah == 2
    # The same time again (a second click) changes and records nothing.
    obs = svc.observasi_reschedule(actor=aktor(kepala), rencana=rencana, jadwal=waktu(3, 12))
    assert obs.jadwal_diubah == 2
    assert Riwayat.objects.filter(rencana=rencana, transisi="jadwal_ulang").count() == 2
    catatan = Riwayat.objects.filter(rencana=rencana, transisi="jadwal_ulang").first().catatan
    assert "10-03-2025" in catatan and "Ujian praktik" in catatan
    with pytest.raises(Forbidden):
        svc.observasi_reschedule(actor=aktor(wilayah.guru[1]), rencana=rencana, jadwal=waktu(3, 13))
    hari(3, 12)
    svc.observasi_record(actor=aktor(kepala), rencana=rencana, catatan="Fakta.")
    with pytest.raises(ApplicationError, match="status saat ini"):
        svc.observasi_reschedule(actor=aktor(guru), rencana=rencana, jadwal=waktu(3, 20))


def test_observation_is_not_recorded_before_its_day_nor_by_others(wilayah, wilayah_lain, rencana):
    persiapan(rencana, wilayah.guru[0], jadwal=waktu(3, 3))
    with pytest.raises(ApplicationError) as err:
        svc.observasi_record(actor=aktor(wilayah.kepala), rencana=rencana, catatan="Terlalu awal")
    assert err.value.code == "belum_jadwal"
    hari(3, 3)
    for orang in (wilayah.guru[0], wilayah.guru[1], wilayah_lain.kepala, wilayah.kadis, wilayah.pengawas):
        with pytest.raises(Forbidden):
            svc.observasi_record(actor=aktor(orang), rencana=rencana, catatan="Bukan pengamat")
    with pytest.raises(ApplicationError, match="wajib diisi"):
        svc.observasi_record(actor=aktor(wilayah.kepala), rencana=rencana, catatan="")
    rencana.observasi.refresh_from_db()
    assert rencana.observasi.status == "terjadwal"


def test_steps_out_of_order_are_refused(wilayah, rencana):
    guru = wilayah.guru[0]
    with pytest.raises(ApplicationError, match="Diskusi Persiapan belum diisi"):
        svc.observasi_follow_up(actor=aktor(guru), rencana=rencana, catatan_tindak_lanjut="x")
    persiapan(rencana, guru)
    with pytest.raises(ApplicationError, match="status saat ini"):
        svc.observasi_reflect(actor=aktor(guru), rencana=rencana, refleksi="x")
    with pytest.raises(ApplicationError, match="status saat ini"):
        persiapan(rencana, guru)


def test_plt_observes_the_teachers_of_the_school_they_lead(katalog):
    sekolah = f.SekolahFactory()
    plt = buat_kepala(sekolah, JenisPenugasan.PLT, ptk=f.PTKFactory())
    guru = f.PTKFactory(sekolah=sekolah)
    hari(1, 10)
    r = rencana_disepakati(guru)
    hari(2, 10)
    persiapan(r, guru, jadwal=waktu(3, 3))
    hari(3, 3)
    obs = svc.observasi_record(actor=aktor(plt), rencana=r, catatan="Fakta.")
    assert obs.diobservasi_oleh == plt.user


def test_delegated_pengawas_observes_a_principal_and_recommends_to_the_kepala_dinas(wilayah):
    kepala = wilayah.kepala
    hari(1, 10)
    r = rencana_disepakati(kepala, wilayah.kadis, peran=Peran.KEPALA_SEKOLAH)
    perencanaan.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    hari(2, 10)
    persiapan(r, kepala, jadwal=waktu(3, 3))
    hari(3, 3)
    with pytest.raises(Forbidden):
        svc.observasi_recommend(actor=aktor(wilayah.kadis), rencana=r, rekomendasi="x")
    svc.observasi_record(
        actor=aktor(wilayah.pengawas), rencana=r, catatan="Kepala sekolah memimpin komunitas."
    )
    obs = svc.observasi_recommend(actor=aktor(wilayah.pengawas), rencana=r, rekomendasi="Layak Baik.")
    assert obs.rekomendasi == "Layak Baik." and obs.rekomendasi_oleh == wilayah.pengawas
    with pytest.raises(ApplicationError, match="sudah dilaksanakan"):
        perencanaan.rencana_delegate_observation(
            actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas
        )


def test_an_undelegated_pengawas_cannot_observe(wilayah):
    kepala = wilayah.kepala
    hari(1, 10)
    r = rencana_disepakati(kepala, wilayah.kadis, peran=Peran.KEPALA_SEKOLAH)
    hari(2, 10)
    persiapan(r, kepala, jadwal=waktu(3, 3))
    hari(3, 3)
    with pytest.raises(Forbidden):
        svc.observasi_record(actor=aktor(wilayah.pengawas), rencana=r, catatan="Tanpa delegasi")
    svc.observasi_record(actor=aktor(wilayah.kadis), rencana=r, catatan="Kadis sendiri")


# --- Evidence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nama, isi, jenis",
    [
        ("sertifikat.pdf", PDF, "pdf"),
        ("foto.JPG", JPG, "jpg"),
        ("foto.jpeg", JPG, "jpg"),
        ("layar.png", PNG, "png"),
    ],
)
def test_evidence_of_each_type_is_stored_under_media_root(wilayah, rencana, settings, nama, isi, jenis):
    target = rencana.rhk.first()
    bukti = svc.bukti_upload(
        actor=aktor(wilayah.guru[0]), rencana=rencana, rencana_rhk=target, berkas=berkas(nama, isi)
    )
    assert (bukti.jenis, bukti.nama_asli, bukti.ukuran) == (jenis, nama, len(isi))
    path = bukti.berkas.path
    assert path.startswith(settings.MEDIA_ROOT) and path.endswith("." + jenis)
    assert nama not in path  # the original name never reaches the file system
    with open(path, "rb") as fh:
        assert fh.read() == isi


@pytest.mark.parametrize(
    "nama, isi, code",
    [
        ("kosong.pdf", b"", "berkas_kosong"),
        ("skrip.pdf", b"#!/bin/sh\necho hai\n", "jenis_berkas_tidak_didukung"),
        ("dokumen.docx", b"PK\x03\x04" + b"\x00" * 30, "jenis_berkas_tidak_didukung"),
        ("gambar.pdf", PNG, "isi_berkas_tidak_sesuai"),
        ("sertifikat.exe", PDF, "ekstensi_tidak_didukung"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_message_and_nothing_stored(
    wilayah, rencana, settings, nama, isi, code
):
    with pytest.raises(ApplicationError) as err:
        svc.bukti_upload(
            actor=aktor(wilayah.guru[0]),
            rencana=rencana,
            rencana_rhk=rencana.rhk.first(),
            berkas=berkas(nama, isi),
        )
    assert err.value.code == code
    assert nama in err.value.message
    assert not BuktiDukung.objects.exists()
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "kinerja", "bukti"))


def test_evidence_over_the_size_limit_is_refused(wilayah, rencana, settings):
    settings.KINERJA_BERKAS_MAX_BYTES = 1024
    with pytest.raises(ApplicationError) as err:
        svc.bukti_upload(
            actor=aktor(wilayah.guru[0]),
            rencana=rencana,
            rencana_rhk=rencana.rhk.first(),
            berkas=berkas("besar.pdf", PDF + b"0" * 2000),
        )
    assert err.value.code == "berkas_terlalu_besar"
    assert "melebihi batas" in err.value.message
    svc.bukti_upload(
        actor=aktor(wilayah.guru[0]),
        rencana=rencana,
        rencana_rhk=rencana.rhk.first(),
        berkas=berkas("kecil.pdf", PDF),
    )


def test_evidence_goes_to_the_plans_own_rhk_or_tugas(wilayah, wilayah_lain, rencana):
    a = aktor(wilayah.guru[0])
    with pytest.raises(ApplicationError, match="Pilih satu RHK atau satu Tugas Tambahan"):
        svc.bukti_upload(actor=a, rencana=rencana, berkas=berkas("a.pdf", PDF))
    hari(1, 11)
    other = rencana_disepakati(wilayah_lain.guru[0], wilayah_lain.kepala)
    hari(2, 10)
    with pytest.raises(ApplicationError, match="tidak ada di rencana Anda"):
        svc.bukti_upload(actor=a, rencana=rencana, rencana_rhk=other.rhk.first(), berkas=berkas("a.pdf", PDF))
    with pytest.raises(Forbidden):
        svc.bukti_upload(
            actor=aktor(wilayah.guru[1]),
            rencana=rencana,
            rencana_rhk=rencana.rhk.first(),
            berkas=berkas("a.pdf", PDF),
        )


def test_evidence_for_a_tugas_tambahan(wilayah):
    from .helpers import tugas

    guru = wilayah.guru[0]
    hari(1, 10)
    r = rencana_lengkap(guru)
    perencanaan.rencana_tugas_tambahan_set(actor=aktor(guru), rencana=r, items=[(tugas("TT-06"), "SK 1")])
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)
    hari(2, 10)
    bukti = svc.bukti_upload(
        actor=aktor(guru), rencana=r, rencana_tugas=r.tugas_tambahan.first(), berkas=berkas("sk.png", PNG)
    )
    assert bukti.rencana_tugas.tugas.kode == "TT-06"


def test_evidence_can_be_deleted_by_its_owner_and_read_by_the_atasan_only(wilayah, wilayah_lain, rencana):
    guru = wilayah.guru[0]
    bukti = svc.bukti_upload(
        actor=aktor(guru), rencana=rencana, rencana_rhk=rencana.rhk.first(), berkas=berkas("a.pdf", PDF)
    )
    assert selectors.bukti_for_download(actor=aktor(wilayah.kepala), bukti_id=bukti.pk) == bukti
    for orang in (wilayah.guru[1], wilayah_lain.kepala, wilayah_lain.guru[0]):
        with pytest.raises(NotFound):
            selectors.bukti_for_download(actor=aktor(orang), bukti_id=bukti.pk)
    with pytest.raises(Forbidden):
        svc.bukti_delete(actor=aktor(wilayah.kepala), bukti=bukti)
    svc.bukti_delete(actor=aktor(guru), bukti=bukti)
    assert not BuktiDukung.objects.exists()


# --- School documents -----------------------------------------------------------------------------


def test_principal_uploads_kosp_and_attendance_which_teachers_read(
    wilayah, wilayah_lain, django_capture_on_commit_callbacks
):
    hari(2, 3)
    kepala = wilayah.kepala
    svc.dokumen_sekolah_upload(
        actor=aktor(kepala), sekolah=wilayah.sekolah, jenis="kosp", berkas=berkas("kosp.pdf", PDF)
    )
    pertama = DokumenSekolah.objects.get(jenis="kosp")
    with django_capture_on_commit_callbacks(execute=True):
        kedua = svc.dokumen_sekolah_upload(
            actor=aktor(kepala), sekolah=wilayah.sekolah, jenis="kosp", berkas=berkas("kosp-revisi.pdf", PDF)
        )
    svc.dokumen_sekolah_upload(
        actor=aktor(kepala), sekolah=wilayah.sekolah, jenis="kehadiran", berkas=berkas("hadir.png", PNG)
    )
    assert (
        DokumenSekolah.objects.filter(sekolah=wilayah.sekolah).count() == 2
    )  # the revision replaced the first
    assert not os.path.exists(pertama.berkas.path)
    daftar = selectors.dokumen_sekolah_list(actor=aktor(wilayah.guru[0]))
    assert {d.nama_asli for d in daftar} == {"kosp-revisi.pdf", "hadir.png"}
    assert selectors.dokumen_sekolah_for_download(actor=aktor(wilayah.guru[1]), dokumen_id=kedua.pk) == kedua
    with pytest.raises(NotFound):
        selectors.dokumen_sekolah_for_download(actor=aktor(wilayah_lain.guru[0]), dokumen_id=kedua.pk)
    with pytest.raises(NotFound):
        selectors.dokumen_sekolah_list(actor=aktor(wilayah_lain.kepala), sekolah=wilayah.sekolah)


def test_only_the_schools_principal_uploads_school_documents(wilayah, wilayah_lain):
    hari(2, 3)
    for orang in (wilayah.guru[0], wilayah_lain.kepala, wilayah.kadis):
        with pytest.raises(Forbidden):
            svc.dokumen_sekolah_upload(
                actor=aktor(orang), sekolah=wilayah.sekolah, jenis="kosp", berkas=berkas("k.pdf", PDF)
            )
    with pytest.raises(ApplicationError, match="bukan PDF, JPG, atau PNG"):
        svc.dokumen_sekolah_upload(
            actor=aktor(wilayah.kepala),
            sekolah=wilayah.sekolah,
            jenis="kosp",
            berkas=berkas("k.pdf", b"halo"),
        )
    with pytest.raises(ApplicationError, match="Jenis dokumen"):
        svc.dokumen_sekolah_upload(
            actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, jenis="rpp", berkas=berkas("k.pdf", PDF)
        )
    assert not DokumenSekolah.objects.exists()
