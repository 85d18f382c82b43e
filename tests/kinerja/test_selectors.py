import itertools

import pytest
from django.utils import timezone

from dapodik.choices import JenisPenugasan, JenisPTK
from kinerja import periods, selectors
from kinerja.models import Observasi, Penilaian, PenilaianSekolah, Peran, Rencana, RencanaRhk, RhkKompetensi
from kinerja.services import penilaian, perencanaan
from pmm.errors import Forbidden, NotFound
from tests import factories as f

from .conftest import buat_kepala
from .helpers import aktor, hari, indikator, nilai, rencana_lengkap, siap_dinilai

pytestmark = pytest.mark.django_db


# --- Home ---------------------------------------------------------------------------------------


def test_home_shows_period_stage_timeline_and_next_step(wilayah):
    guru = wilayah.guru[0]
    hari(1, 10)
    b = selectors.beranda(actor=aktor(guru))
    assert b.periode.kode == "2025-1" and b.tahap == "perencanaan"
    assert [j.keadaan for j in b.timeline][:2] == ["berjalan", "akan_datang"]
    assert b.rencana == [] and b.bisa_dibuat == [("guru", wilayah.sekolah.pk, "Rencana kinerja sebagai Guru")]
    r = rencana_lengkap(guru)
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    b = selectors.beranda(actor=aktor(guru))
    (ringkas,) = b.rencana
    assert ringkas.status_label == "Perlu disetujui" and ringkas.total_poin == 52
    assert ringkas.langkah_berikut == "Menunggu persetujuan atasan."
    assert b.bisa_dibuat == []


def test_home_shows_the_predikat_only_once_fixed(wilayah):
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    b = selectors.beranda(actor=aktor(wilayah.guru[0]))
    assert b.tahap == "penilaian"
    assert b.rencana[0].observasi_status == "terjadwal"
    nilai(rencana[0], kepala, "di_atas", "di_atas")
    nilai(rencana[1], kepala, "sesuai", "sesuai")
    nilai(rencana[2], kepala, "sesuai", "sesuai")
    assert selectors.beranda(actor=aktor(wilayah.guru[0])).rencana[0].predikat == ""
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="istimewa"
    )
    penilaian.predikat_tetapkan(actor=aktor(kepala), sekolah=wilayah.sekolah)
    ringkas = selectors.beranda(actor=aktor(wilayah.guru[0])).rencana[0]
    assert (ringkas.predikat, ringkas.predikat_label) == ("sangat_baik", "Sangat Baik")
    assert "Sangat Baik" in ringkas.langkah_berikut


def test_home_of_a_principal_offers_the_principal_plan(wilayah):
    hari(1, 10)
    b = selectors.beranda(actor=aktor(wilayah.kepala))
    assert [x[0] for x in b.bisa_dibuat] == ["kepala_sekolah"]


def test_home_runs_a_fixed_number_of_queries(wilayah, django_assert_max_num_queries):
    kepala_plt = f.PTKFactory(sekolah=wilayah.sekolah)
    for _ in range(2):
        buat_kepala(f.SekolahFactory(), JenisPenugasan.PLT, ptk=kepala_plt)
    hari(1, 10)
    a = aktor(kepala_plt)
    perencanaan.rencana_start(actor=a)
    for sid in a.sekolah_ids("plt_kepala_sekolah"):
        perencanaan.rencana_start(actor=a, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=sid)
    with django_assert_max_num_queries(3):
        b = selectors.beranda(actor=a)
    assert len(b.rencana) == 3


# --- Principal's lists --------------------------------------------------------------------------


def test_approval_list_shows_submitted_plans_and_explains_the_missing_type_a(wilayah):
    hari(1, 10)
    g0, g1, g2 = wilayah.guru
    perencanaan.rencana_submit(actor=aktor(g0), rencana=rencana_lengkap(g0))
    rencana_lengkap(g1)  # still a draft
    daftar = selectors.daftar_persetujuan(actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah)
    assert [b.ptk for b in daftar.perlu_persetujuan] == [g0]
    belum = {b.ptk: b.alasan for b in daftar.belum_muncul}
    assert set(belum) == {g1, g2}
    assert belum[g1].tipe == "A" and len(belum[g1].langkah) == 3
    assert wilayah.kepala not in [b.ptk for b in daftar.muncul + daftar.belum_muncul]


def test_rating_list_explains_type_a_and_type_b(wilayah):
    g0, g1, g2 = wilayah.guru
    siap_dinilai(g0, wilayah.kepala)
    hari(1, 11)
    r1 = rencana_lengkap(g1)
    perencanaan.rencana_submit(actor=aktor(g1), rencana=r1)
    perencanaan.rencana_approve(actor=aktor(wilayah.kepala), rencana=r1)
    perencanaan.rencana_agree(actor=aktor(g1), rencana=r1)
    r2 = rencana_lengkap(g2)
    perencanaan.rencana_submit(actor=aktor(g2), rencana=r2)
    hari(6, 3)
    daftar = selectors.daftar_penilaian(actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah)
    assert [b.ptk for b in daftar.muncul] == [g0]
    alasan = {b.ptk: b.alasan for b in daftar.belum_muncul}
    assert alasan[g1].tipe == "B"
    assert alasan[g1].langkah == (
        "Guru mengisi Dokumen Persiapan observasi.",
        "Guru memilih jadwal observasi yang telah disepakati bersama atasan.",
    )
    assert alasan[g2].tipe == "A"
    assert alasan[g2].langkah[0].startswith("Atasan (Kepala Sekolah definitif) menyetujui")
    assert daftar.dalam_jadwal and daftar.boleh_kirim and not daftar.boleh_tetapkan


def test_rating_list_reports_the_distribution_thresholds(wilayah):
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    for r in rencana:
        nilai(r, kepala, "sesuai", "sesuai")
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="baik"
    )
    daftar = selectors.daftar_penilaian(actor=aktor(kepala), sekolah=wilayah.sekolah)
    assert daftar.boleh_tetapkan
    assert [b.jumlah for b in daftar.batas] == [2, 1]  # floor(0.7·3) Baik; at least one BP/K


def test_lists_are_for_the_schools_principal_only(wilayah, wilayah_lain):
    hari(1, 10)
    for orang in (wilayah.guru[0], wilayah_lain.kepala, wilayah.kadis):
        with pytest.raises(Forbidden):
            selectors.daftar_persetujuan(actor=aktor(orang), sekolah=wilayah.sekolah)
        with pytest.raises(Forbidden):
            selectors.daftar_penilaian(actor=aktor(orang), sekolah=wilayah.sekolah)


def _isi_sekolah(sekolah, n, periode):
    """n teachers at every stage, written in bulk (this test reads, it does not walk the cycle)."""
    guru = [f.PTKFactory(sekolah=sekolah) for _ in range(n)]
    statuses = itertools.cycle(["draft", "diajukan", "disetujui", "disepakati", "disepakati", "disepakati"])
    now = timezone.now()
    ind = indikator("D1-01")
    rencana = Rencana.objects.bulk_create(
        [
            Rencana(
                periode=periode,
                ptk=g,
                sekolah=sekolah,
                peran="guru",
                status=next(statuses),
                indikator=ind,
                dibuat_pada=now,
            )
            for g in guru
        ]
    )
    rhk = RhkKompetensi.objects.get(kode="PK-01")
    RencanaRhk.objects.bulk_create([RencanaRhk(rencana=r, rhk=rhk, jumlah=2, poin=8) for r in rencana])
    sepakat = [r for r in rencana if r.status == "disepakati"]
    Observasi.objects.bulk_create(
        [Observasi(rencana=r, status="terjadwal", dokumen_persiapan="RPP", jadwal=now) for r in sepakat[::2]]
    )
    Penilaian.objects.bulk_create(
        [
            Penilaian(
                rencana=r,
                rating_hasil_kerja="sesuai",
                rating_perilaku="sesuai",
                predikat="baik",
                diperbarui_pada=now,
            )
            for r in sepakat[::4]
        ]
    )
    return guru


@pytest.mark.parametrize("n", [5, 200])
def test_principal_lists_run_a_constant_number_of_queries(wilayah, django_assert_max_num_queries, n):
    hari(6, 5)
    periode = periods.periode_current()
    sekolah = f.SekolahFactory()
    kepala = buat_kepala(sekolah)
    _isi_sekolah(sekolah, n, periode)
    a = aktor(kepala)
    with django_assert_max_num_queries(4):
        persetujuan = selectors.daftar_persetujuan(actor=a, sekolah=sekolah, periode=periode)
    with django_assert_max_num_queries(6):
        daftar = selectors.daftar_penilaian(actor=a, sekolah=sekolah, periode=periode)
    assert len(persetujuan.muncul) + len(persetujuan.belum_muncul) == n
    assert len(daftar.muncul) + len(daftar.belum_muncul) == n
    assert all(b.total_poin == 16 for b in daftar.muncul)


# --- Kepala Dinas and Pengawas -----------------------------------------------------------------


def test_kepala_dinas_sees_only_the_schools_of_their_instansi_with_their_state(wilayah, wilayah_lain):
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    for r in rencana:
        nilai(r, kepala, "sesuai", "sesuai")
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    baris = selectors.daftar_sekolah_kepala_dinas(actor=aktor(wilayah.kadis))
    assert [b.sekolah for b in baris] == [wilayah.sekolah]
    (b,) = baris
    assert (b.status, b.jumlah_dinilai, b.jumlah_dikirim, b.boleh_diberi_predikat) == ("dikirim", 3, 3, True)
    lain = selectors.daftar_sekolah_kepala_dinas(actor=aktor(wilayah_lain.kadis))
    assert [x.sekolah for x in lain] == [wilayah_lain.sekolah] and lain[0].status == "draft"
    with pytest.raises(Forbidden):
        selectors.daftar_sekolah_kepala_dinas(actor=aktor(kepala))


@pytest.mark.parametrize("n", [5, 200])
def test_kepala_dinas_school_list_runs_a_constant_number_of_queries(
    katalog, django_assert_max_num_queries, n
):
    from .conftest import buat_kadis

    hari(6, 5)
    periode = periods.periode_current()
    instansi = f.InstansiFactory()
    kadis = buat_kadis(instansi)
    sekolah = [f.SekolahFactory(instansi=instansi) for _ in range(n)]
    PenilaianSekolah.objects.bulk_create(
        [PenilaianSekolah(sekolah=s, periode=periode, status="dikirim") for s in sekolah[::2]]
    )
    a = aktor(kadis)
    with django_assert_max_num_queries(4):
        baris = selectors.daftar_sekolah_kepala_dinas(actor=a, periode=periode)
    assert len(baris) == n and sum(b.boleh_diberi_predikat for b in baris) == len(sekolah[::2])


def test_kepala_dinas_plan_list_has_principals_and_a_plts_own_plan(katalog):
    from .conftest import buat_kadis

    hari(1, 10)
    sekolah = f.SekolahFactory()
    kadis = buat_kadis(sekolah.instansi)
    kepala_lain = buat_kepala(f.SekolahFactory(instansi=sekolah.instansi))
    plt = buat_kepala(sekolah, JenisPenugasan.PLT)
    guru = f.PTKFactory(sekolah=sekolah)
    perencanaan.rencana_submit(actor=aktor(plt), rencana=rencana_lengkap(plt))
    perencanaan.rencana_submit(
        actor=aktor(kepala_lain), rencana=rencana_lengkap(kepala_lain, peran=Peran.KEPALA_SEKOLAH)
    )
    perencanaan.rencana_submit(
        actor=aktor(guru), rencana=rencana_lengkap(guru)
    )  # auto-approved by the Plt path
    daftar = selectors.daftar_rencana_kepala_dinas(actor=aktor(kadis))
    assert sorted((r.ptk_id, r.peran) for r in daftar) == sorted(
        [(plt.pk, "guru"), (kepala_lain.pk, "kepala_sekolah")]
    )


def test_pengawas_sees_only_delegated_plans(wilayah):
    hari(1, 10)
    r = rencana_lengkap(wilayah.kepala, peran=Peran.KEPALA_SEKOLAH)
    perencanaan.rencana_submit(actor=aktor(wilayah.kepala), rencana=r)
    assert selectors.daftar_delegasi_pengawas(actor=aktor(wilayah.pengawas)) == []
    perencanaan.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    assert selectors.daftar_delegasi_pengawas(actor=aktor(wilayah.pengawas)) == [r]
    with pytest.raises(Forbidden):
        selectors.daftar_delegasi_pengawas(actor=aktor(wilayah.guru[0]))


# --- One plan -----------------------------------------------------------------------------------


def test_plan_detail_and_history_for_owner_and_atasan_only(wilayah, wilayah_lain, trainer):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan.rencana_return(actor=aktor(wilayah.kepala), rencana=r, catatan="Perbaiki.")
    detail = selectors.rencana_detail(actor=aktor(wilayah.kepala), rencana_id=r.pk)
    assert detail.adalah_penilai and not detail.adalah_pemilik and detail.total_poin == 52
    assert detail.poin.kode == "sesuai" and detail.tindakan_rencana == ["ajukan"]
    mine = selectors.rencana_detail(actor=aktor(guru), rencana_id=r.pk)
    assert mine.adalah_pemilik and mine.alasan_belum_dinilai.tipe == "A"
    riwayat = selectors.riwayat_rencana(actor=aktor(guru), rencana_id=r.pk)
    assert [(x.transisi, x.oleh) for x in riwayat] == [
        ("buat", guru.user),
        ("ajukan", guru.user),
        ("kembalikan", wilayah.kepala.user),
    ]
    assert selectors.rencana_detail(actor=aktor(trainer), rencana_id=r.pk).rencana == r
    for orang in (wilayah.guru[1], wilayah_lain.kepala, wilayah_lain.guru[0], wilayah.kadis):
        with pytest.raises(NotFound):
            selectors.rencana_detail(actor=aktor(orang), rencana_id=r.pk)
        with pytest.raises(NotFound):
            selectors.riwayat_rencana(actor=aktor(orang), rencana_id=r.pk)
    with pytest.raises(NotFound):
        selectors.rencana_detail(actor=aktor(guru), rencana_id="abc")


def test_ineligible_ptk_are_not_listed_as_teachers(wilayah):
    hari(1, 10)
    f.PTKFactory(sekolah=wilayah.sekolah, jenis_ptk=JenisPTK.TENAGA_ADMINISTRASI)
    daftar = selectors.daftar_persetujuan(actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah)
    assert {b.ptk for b in daftar.belum_muncul} == set(wilayah.guru)
