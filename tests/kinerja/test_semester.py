"""A whole semester through the services, one journey per role (guru, Kepala Sekolah, Plt, Kepala
Dinas, Pengawas), moving the simulated clock month by month as a Bimtek would."""

import pytest

from dapodik.choices import JenisPenugasan
from kinerja import selectors
from kinerja.models import FokusPerilaku, Peran, Riwayat
from kinerja.services import laporan, pelaksanaan, penilaian, perencanaan
from tests import factories as f

from .conftest import buat_kadis, buat_kepala, buat_pengawas
from .helpers import PDF, PNG, aktor, berkas, hari, indikator, rhk, tugas, waktu

pytestmark = pytest.mark.django_db


def rencanakan(ptk, *, peran=Peran.GURU, sekolah=None, kode="D1-02", dengan_tugas=False):
    a = aktor(ptk)
    r = perencanaan.rencana_start(actor=a, peran=peran, sekolah=sekolah)
    perencanaan.rencana_indikator_set(actor=a, rencana=r, indikator=indikator(kode))
    perencanaan.rencana_rhk_set(actor=a, rencana=r, items=[(rhk("PK-01"), 2), (rhk("PK-02"), 2)])
    if dengan_tugas:
        perencanaan.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-06"), "SK/7/2025")])
    perencanaan.rencana_perilaku_confirm(actor=a, rencana=r)
    return perencanaan.rencana_submit(actor=a, rencana=r)


def laksanakan(r, ptk, pengamat, *, jadwal=(3, 4)):
    """Feb preparation → Mar observation → Apr follow-up → Jun reflection."""
    hari(2, 12)
    fokus = FokusPerilaku.objects.filter(indikator_id=r.indikator_id)[:2]
    pelaksanaan.observasi_prepare(
        actor=aktor(ptk), rencana=r, fokus=list(fokus), dokumen_persiapan="Modul ajar.", jadwal=waktu(*jadwal)
    )
    hari(*jadwal)
    pelaksanaan.observasi_record(actor=aktor(pengamat), rencana=r, catatan="Fakta yang teramati.")
    hari(4, 8)
    pelaksanaan.observasi_follow_up(actor=aktor(ptk), rencana=r, catatan_tindak_lanjut="Rencana perbaikan.")
    hari(6, 2)
    pelaksanaan.observasi_reflect(actor=aktor(ptk), rencana=r, refleksi="Refleksi.")


def test_semester_of_a_teacher_and_a_definitive_principal(wilayah):
    guru, kepala, kadis, sekolah = wilayah.guru, wilayah.kepala, wilayah.kadis, wilayah.sekolah
    # January: planning and approval
    hari(1, 8)
    rencana = [rencanakan(g, dengan_tugas=(i == 0)) for i, g in enumerate(guru)]
    for r in rencana:
        perencanaan.rencana_approve(actor=aktor(kepala), rencana=r)
    for g, r in zip(guru, rencana, strict=True):
        perencanaan.rencana_agree(actor=aktor(g), rencana=r)
    # February: the principal shares KOSP and attendance; teachers prepare
    hari(2, 3)
    pelaksanaan.dokumen_sekolah_upload(
        actor=aktor(kepala), sekolah=sekolah, jenis="kosp", berkas=berkas("kosp.pdf", PDF)
    )
    pelaksanaan.dokumen_sekolah_upload(
        actor=aktor(kepala), sekolah=sekolah, jenis="kehadiran", berkas=berkas("hadir.png", PNG)
    )
    assert len(selectors.dokumen_sekolah_list(actor=aktor(guru[0]))) == 2
    for g, r in zip(guru, rencana, strict=True):
        laksanakan(r, g, kepala)
    r0 = rencana[0]
    pelaksanaan.bukti_upload(
        actor=aktor(guru[0]), rencana=r0, rencana_rhk=r0.rhk.first(), berkas=berkas("s.pdf", PDF)
    )
    pelaksanaan.bukti_upload(
        actor=aktor(guru[0]),
        rencana=r0,
        rencana_tugas=r0.tugas_tambahan.first(),
        berkas=berkas("sk.pdf", PDF),
    )
    # June: rating, sending, organisation predikat, penetapan
    hari(6, 15)
    for r, (h, p) in zip(
        rencana, [("di_atas", "di_atas"), ("sesuai", "sesuai"), ("di_bawah", "di_atas")], strict=True
    ):
        penilaian.penilaian_save(actor=aktor(kepala), rencana=r, rating_hasil_kerja=h, rating_perilaku=p)
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=sekolah, konfirmasi=True, penjelasan="Sudah dibahas."
    )
    assert selectors.daftar_sekolah_kepala_dinas(actor=aktor(kadis))[0].boleh_diberi_predikat
    penilaian.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="baik")
    penilaian.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
    home = selectors.beranda(actor=aktor(guru[0]))
    assert home.rencana[0].predikat_label == "Sangat Baik"
    assert home.rencana[0].observasi_status == "selesai"
    assert laporan.penilaian_pdf(actor=aktor(guru[0]), rencana_id=r0.pk).startswith(b"%PDF")
    assert [x.transisi for x in selectors.riwayat_rencana(actor=aktor(guru[0]), rencana_id=r0.pk) if x.mesin != "bukti"] == [
        "buat", "ajukan", "setujui", "sepakati",
        "persiapan", "observasi", "tindak_lanjut", "refleksi",
        "simpan", "kirim", "tetapkan",
    ]  # fmt: skip


def test_semester_of_a_plt_school_with_the_plts_own_plans(katalog):
    rumah = f.SekolahFactory()
    buat_kepala(rumah)  # the Plt teaches at a school with its own principal
    dipimpin = f.SekolahFactory(instansi=rumah.instansi)
    kadis = buat_kadis(rumah.instansi)
    plt = buat_kepala(dipimpin, JenisPenugasan.PLT, ptk=f.PTKFactory(sekolah=rumah))
    guru = [f.PTKFactory(sekolah=dipimpin) for _ in range(2)]
    hari(1, 9)
    rencana = [rencanakan(g) for g in guru]
    assert {r.status for r in rencana} == {"disetujui"}  # approved automatically (seed 003 slide 11)
    for g, r in zip(guru, rencana, strict=True):
        perencanaan.rencana_agree(actor=aktor(g), rencana=r)
    plt_plan = rencanakan(plt, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=dipimpin, kode="D3-07")
    assert plt_plan.jalur_atasan == "kepala_dinas"
    perencanaan.rencana_approve(actor=aktor(kadis), rencana=plt_plan)
    perencanaan.rencana_agree(actor=aktor(plt), rencana=plt_plan)
    for g, r in zip(guru, rencana, strict=True):
        laksanakan(r, g, plt)  # the Plt observes the school's teachers
    hari(6, 16)
    penilaian.penilaian_save(
        actor=aktor(plt), rencana=rencana[0], rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    penilaian.penilaian_save(
        actor=aktor(plt), rencana=rencana[1], rating_hasil_kerja="di_bawah", rating_perilaku="sesuai"
    )
    penilaian.penilaian_kirim_dinas(
        actor=aktor(plt), sekolah=dipimpin, konfirmasi=True, penjelasan="Plt mengirim."
    )
    penilaian.predikat_organisasi_set(actor=aktor(kadis), sekolah=dipimpin, predikat_organisasi="baik")
    assert len(penilaian.predikat_tetapkan(actor=aktor(plt), sekolah=dipimpin)) == 2
    assert Riwayat.objects.filter(rencana=rencana[0], transisi="setujui_otomatis", oleh=None).exists()


def test_semester_of_a_principal_with_the_kepala_dinas_and_a_delegated_pengawas(wilayah):
    kepala, kadis, pengawas = wilayah.kepala, wilayah.kadis, wilayah.pengawas
    hari(1, 20)
    r = rencanakan(kepala, peran=Peran.KEPALA_SEKOLAH, kode="D3-06")
    assert [x.ptk for x in selectors.daftar_rencana_kepala_dinas(actor=aktor(kadis))] == [kepala]
    perencanaan.rencana_approve(actor=aktor(kadis), rencana=r)
    perencanaan.rencana_agree(actor=aktor(kepala), rencana=r)
    perencanaan.rencana_delegate_observation(actor=aktor(kadis), rencana=r, pengawas=pengawas)
    assert selectors.daftar_delegasi_pengawas(actor=aktor(pengawas)) == [r]
    laksanakan(r, kepala, pengawas, jadwal=(3, 11))
    pelaksanaan.observasi_recommend(actor=aktor(pengawas), rencana=r, rekomendasi="Direkomendasikan Baik.")
    hari(6, 20)
    penilaian.penilaian_save(
        actor=aktor(kadis), rencana=r, rating_hasil_kerja="sesuai", rating_perilaku="di_atas"
    )
    p = penilaian.penilaian_kadis_tetapkan(actor=aktor(kadis), rencana=r)
    assert p.predikat == "baik"
    assert selectors.beranda(actor=aktor(kepala)).rencana[0].predikat_label == "Baik"


def test_pengawas_of_another_region_sees_nothing(wilayah):
    lain = buat_pengawas(f.InstansiFactory())
    hari(1, 20)
    r = rencanakan(wilayah.kepala, peran=Peran.KEPALA_SEKOLAH, kode="D3-06")
    perencanaan.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    assert selectors.daftar_delegasi_pengawas(actor=aktor(lain)) == []
