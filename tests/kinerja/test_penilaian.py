import pytest

from dapodik.choices import JenisPenugasan
from kinerja.models import Penilaian, PenilaianSekolah, Peran, Riwayat
from kinerja.services import pelaksanaan, perencanaan
from kinerja.services import penilaian as svc
from pmm.errors import ApplicationError, Forbidden
from tests import factories as f

from .conftest import buat_kadis, buat_kepala
from .helpers import aktor, hari, nilai, persiapan, rencana_disepakati, rencana_lengkap, siap_dinilai, waktu

pytestmark = pytest.mark.django_db


def kirim(kepala, sekolah, penjelasan="Penilaian sudah didiskusikan dengan setiap guru."):
    return svc.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=sekolah, konfirmasi=True, penjelasan=penjelasan
    )


@pytest.fixture
def siap(wilayah):
    """Three teachers ready to be rated; the clock on 10 June."""
    rencana = [siap_dinilai(g, wilayah.kepala) for g in wilayah.guru]
    hari(6, 10)
    return rencana


def test_rating_opens_only_in_the_rating_window(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(5, 31)
    with pytest.raises(ApplicationError) as err:
        nilai(r, wilayah.kepala, "sesuai", "sesuai")
    assert err.value.code == "di_luar_jadwal"
    hari(6, 1)
    assert nilai(r, wilayah.kepala, "sesuai", "sesuai").predikat == "baik"


def test_july_december_rating_only_in_december(wilayah):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    hari(7, 8)
    r = rencana_disepakati(guru, kepala)
    hari(8, 5)
    persiapan(r, guru, jadwal=waktu(9, 2))
    hari(11, 28)
    with pytest.raises(ApplicationError, match="baru dibuka pada 1 Desember 2025"):
        nilai(r, kepala, "di_atas", "di_atas")
    hari(12, 1)
    assert nilai(r, kepala, "di_atas", "di_atas").predikat == "sangat_baik"


def test_draft_keeps_partial_ratings_and_fills_the_predikat_from_the_matrix(wilayah, siap):
    r = siap[0]
    p = nilai(r, wilayah.kepala, "di_atas", None)
    assert (p.status, p.rating_hasil_kerja, p.predikat) == ("draft", "di_atas", "")
    p = nilai(r, wilayah.kepala, "di_atas", "di_bawah")
    assert p.predikat == "kurang"
    p = nilai(r, wilayah.kepala, "sesuai", "di_atas")
    assert p.predikat == "baik" and Penilaian.objects.count() == 1
    with pytest.raises(ApplicationError, match="Rating Hasil Kerja tidak dikenal"):
        nilai(r, wilayah.kepala, "sempurna", "sesuai")


def test_only_the_atasan_rates(wilayah, wilayah_lain, siap):
    for orang in (wilayah.guru[0], wilayah.guru[1], wilayah_lain.kepala, wilayah.kadis, wilayah.pengawas):
        with pytest.raises(Forbidden):
            nilai(siap[0], orang, "sesuai", "sesuai")
    assert not Penilaian.objects.exists()


def test_a_teacher_not_through_planning_is_explained_type_a(wilayah):
    guru = wilayah.guru[0]
    hari(1, 10)
    r = rencana_lengkap(guru)
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)
    hari(6, 5)
    with pytest.raises(ApplicationError) as err:
        nilai(r, wilayah.kepala, "sesuai", "sesuai")
    assert err.value.code == "belum_siap_dinilai_a"
    assert err.value.detail["langkah"] == ["Guru menyepakati Perencanaan Kinerja yang telah disetujui."]


def test_a_teacher_not_through_pelaksanaan_is_explained_type_b(wilayah):
    hari(1, 10)
    r = rencana_disepakati(wilayah.guru[0], wilayah.kepala)
    hari(6, 5)
    with pytest.raises(ApplicationError) as err:
        nilai(r, wilayah.kepala, "sesuai", "sesuai")
    assert err.value.code == "belum_siap_dinilai_b"
    assert "Dokumen Persiapan" in err.value.message and "jadwal observasi" in err.value.message


def test_send_to_dinas_needs_confirmation_and_explanation_and_happens_once(
    wilayah, siap, django_capture_on_commit_callbacks, antrean
):
    kepala, sekolah = wilayah.kepala, wilayah.sekolah
    nilai(siap[0], kepala, "sesuai", "sesuai")
    nilai(siap[1], kepala, "di_atas", "di_atas")
    nilai(siap[2], kepala, "sesuai", None)  # incomplete: not sent
    with pytest.raises(ApplicationError) as err:
        svc.penilaian_kirim_dinas(actor=aktor(kepala), sekolah=sekolah, konfirmasi=False, penjelasan="x")
    assert err.value.code == "konfirmasi_wajib"
    with pytest.raises(ApplicationError) as err:
        svc.penilaian_kirim_dinas(actor=aktor(kepala), sekolah=sekolah, konfirmasi=True, penjelasan=" ")
    assert err.value.code == "penjelasan_wajib"
    with django_capture_on_commit_callbacks(execute=True):
        ps = kirim(kepala, sekolah)
    assert ps.status == "dikirim" and ps.penjelasan_kirim.startswith("Penilaian sudah")
    assert sorted(Penilaian.objects.values_list("status", flat=True)) == ["dikirim", "dikirim", "draft"]
    kirim_row = Riwayat.objects.get(mesin="penilaian_sekolah", transisi="kirim")
    assert antrean == [kirim_row.pk] and "2 penilaian guru dikirim" in kirim_row.catatan
    with pytest.raises(ApplicationError, match="status saat ini «Dikirim"):
        kirim(kepala, sekolah)
    with pytest.raises(ApplicationError, match="sudah dikirim ke Dinas Pendidikan dan tidak dapat diubah"):
        nilai(siap[0], kepala, "di_atas", "di_atas")
    # the teacher not rated at sending time can still be completed (seed 003 slide 26)
    assert nilai(siap[2], kepala, "sesuai", "di_atas").predikat == "baik"


def test_send_without_any_complete_rating_is_refused(wilayah, siap):
    nilai(siap[0], wilayah.kepala, "sesuai", None)
    with pytest.raises(ApplicationError) as err:
        kirim(wilayah.kepala, wilayah.sekolah)
    assert err.value.code == "tidak_ada_penilaian"
    assert not PenilaianSekolah.objects.exclude(status="draft").exists()


def test_only_the_schools_principal_sends_and_fixes(wilayah, wilayah_lain, siap):
    nilai(siap[0], wilayah.kepala, "sesuai", "sesuai")
    for orang in (wilayah.guru[0], wilayah_lain.kepala, wilayah.kadis):
        with pytest.raises(Forbidden):
            kirim(orang, wilayah.sekolah)
        with pytest.raises(Forbidden):
            svc.predikat_tetapkan(actor=aktor(orang), sekolah=wilayah.sekolah)


def test_kepala_dinas_gives_the_organisation_predikat_after_sending(wilayah, wilayah_lain, siap):
    kadis, sekolah = wilayah.kadis, wilayah.sekolah
    nilai(siap[0], wilayah.kepala, "sesuai", "sesuai")
    with pytest.raises(ApplicationError, match="belum mengirim"):
        svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="baik")
    kirim(wilayah.kepala, sekolah)
    for orang in (wilayah_lain.kadis, wilayah.kepala, wilayah.pengawas):
        with pytest.raises(Forbidden):
            svc.predikat_organisasi_set(actor=aktor(orang), sekolah=sekolah, predikat_organisasi="baik")
    with pytest.raises(ApplicationError, match="tidak dikenal"):
        svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="cukup")
    svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="baik")
    ps = svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="istimewa")
    assert (ps.status, ps.predikat_organisasi, ps.predikat_organisasi_oleh) == (
        "organisasi",
        "istimewa",
        kadis,
    )


def test_fixing_before_the_organisation_predikat_is_refused(wilayah, siap):
    nilai(siap[0], wilayah.kepala, "sesuai", "sesuai")
    with pytest.raises(ApplicationError, match="setelah penilaian dikirim"):
        svc.predikat_tetapkan(actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah)
    kirim(wilayah.kepala, wilayah.sekolah)
    with pytest.raises(ApplicationError, match="Kepala Dinas memberikan Predikat Kinerja Organisasi"):
        svc.predikat_tetapkan(actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah)


def test_fixing_a_set_that_breaks_the_distribution_is_refused_and_changes_nothing(wilayah, siap):
    kepala, sekolah = wilayah.kepala, wilayah.sekolah
    for r in siap:
        nilai(r, kepala, "sesuai", "sesuai")  # three Baik
    kirim(kepala, sekolah)
    svc.predikat_organisasi_set(actor=aktor(wilayah.kadis), sekolah=sekolah, predikat_organisasi="baik")
    with pytest.raises(ApplicationError) as err:
        svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
    assert err.value.code == "distribusi_tidak_sesuai"
    assert "Baik paling banyak 70%: paling banyak 2 dari 3 guru" in err.value.message
    assert "paling sedikit satu Butuh Perbaikan atau Kurang/Misconduct" in err.value.message
    assert err.value.detail["jumlah_guru"] == 3
    assert set(Penilaian.objects.values_list("status", flat=True)) == {"dikirim"}
    assert PenilaianSekolah.objects.get().status == "organisasi"
    # the Kepala Dinas reviews the organisation predikat; then the same set is valid
    svc.predikat_organisasi_set(actor=aktor(wilayah.kadis), sekolah=sekolah, predikat_organisasi="istimewa")
    fixed = svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
    assert len(fixed) == 3
    assert set(Penilaian.objects.values_list("status", flat=True)) == {"ditetapkan"}


def test_fixing_notifies_each_teacher_and_locks_the_organisation_predikat(
    wilayah, siap, django_capture_on_commit_callbacks, antrean
):
    kepala, sekolah = wilayah.kepala, wilayah.sekolah
    nilai(siap[0], kepala, "di_atas", "di_atas")
    nilai(siap[1], kepala, "sesuai", "sesuai")
    nilai(siap[2], kepala, "di_bawah", "sesuai")
    kirim(kepala, sekolah)
    svc.predikat_organisasi_set(actor=aktor(wilayah.kadis), sekolah=sekolah, predikat_organisasi="baik")
    with django_capture_on_commit_callbacks(execute=True):
        svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
    tetap = Riwayat.objects.filter(mesin="penilaian", transisi="tetapkan")
    assert sorted(antrean) == sorted(tetap.values_list("pk", flat=True)) and tetap.count() == 3
    with pytest.raises(ApplicationError, match="Tidak ada penilaian baru"):
        svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
    with pytest.raises(ApplicationError, match="status saat ini «Predikat guru sudah ditetapkan»"):
        svc.predikat_organisasi_set(
            actor=aktor(wilayah.kadis), sekolah=sekolah, predikat_organisasi="istimewa"
        )
    with pytest.raises(ApplicationError, match="Predikat sudah ditetapkan"):
        nilai(siap[1], kepala, "di_atas", "di_atas")


def test_a_teacher_rated_after_the_first_fixing_is_fixed_later_against_the_whole_set(wilayah):
    kepala, sekolah = wilayah.kepala, wilayah.sekolah
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru[:2]]
    hari(6, 10)
    nilai(rencana[0], kepala, "sesuai", "sesuai")
    nilai(rencana[1], kepala, "di_bawah", "sesuai")
    kirim(kepala, sekolah)
    svc.predikat_organisasi_set(actor=aktor(wilayah.kadis), sekolah=sekolah, predikat_organisasi="baik")
    svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)  # B + BP of 2: valid
    late = siap_dinilai(wilayah.guru[2], kepala)
    hari(6, 20)
    nilai(late, kepala, "sesuai", "sesuai")  # B B BP: B 2 of 3 = floor(2.1): still valid
    assert len(svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)) == 1
    assert Penilaian.objects.filter(status="ditetapkan").count() == 3


def test_plt_runs_the_schools_rating(katalog):
    sekolah = f.SekolahFactory()
    kadis = buat_kadis(sekolah.instansi)
    plt = buat_kepala(sekolah, JenisPenugasan.PLT, ptk=f.PTKFactory())
    guru = f.PTKFactory(sekolah=sekolah)
    r = siap_dinilai(guru)
    hari(6, 10)
    nilai(r, plt, "di_bawah", "sesuai")
    kirim(plt, sekolah)
    svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="butuh_perbaikan")
    assert [p.predikat for p in svc.predikat_tetapkan(actor=aktor(plt), sekolah=sekolah)] == [
        "butuh_perbaikan"
    ]


def test_kepala_dinas_rates_and_fixes_a_principal(wilayah):
    kepala, kadis = wilayah.kepala, wilayah.kadis
    hari(1, 10)
    r = rencana_disepakati(kepala, kadis, peran=Peran.KEPALA_SEKOLAH)
    hari(2, 10)
    persiapan(r, kepala)
    hari(6, 10)
    with pytest.raises(Forbidden):
        nilai(r, kepala, "di_atas", "di_atas")
    with pytest.raises(ApplicationError, match="Lengkapi Rating"):
        svc.penilaian_kadis_tetapkan(actor=aktor(kadis), rencana=r)
    nilai(r, kadis, "di_atas", "sesuai")
    p = svc.penilaian_kadis_tetapkan(actor=aktor(kadis), rencana=r)
    assert (p.status, p.predikat) == ("ditetapkan", "baik")
    with pytest.raises(ApplicationError):
        svc.penilaian_kadis_tetapkan(actor=aktor(kadis), rencana=r)


def test_kepala_dinas_does_not_fix_a_teacher_of_a_school(wilayah, siap):
    nilai(siap[0], wilayah.kepala, "sesuai", "sesuai")
    with pytest.raises(Forbidden):
        svc.penilaian_kadis_tetapkan(actor=aktor(wilayah.kadis), rencana=siap[0])


def test_principals_and_plts_own_plans_are_not_in_the_schools_fixed_set(katalog):
    sekolah = f.SekolahFactory()
    kadis = buat_kadis(sekolah.instansi)
    plt = buat_kepala(sekolah, JenisPenugasan.PLT)  # teaches at the school they lead
    guru = f.PTKFactory(sekolah=sekolah)
    r_guru = siap_dinilai(guru)
    r_plt = siap_dinilai(plt, kadis)
    hari(6, 10)
    nilai(r_guru, plt, "sesuai", "sesuai")
    with pytest.raises(Forbidden):
        nilai(r_plt, plt, "di_atas", "di_atas")
    nilai(r_plt, kadis, "di_atas", "di_atas")
    kirim(plt, sekolah)
    assert Penilaian.objects.get(rencana=r_plt).status == "draft"  # not sent by the Plt
    svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi="istimewa")
    assert [p.rencana_id for p in svc.predikat_tetapkan(actor=aktor(plt), sekolah=sekolah)] == [r_guru.pk]


def test_evidence_is_locked_once_the_rating_is_sent(wilayah, siap):
    from .helpers import PDF, berkas

    nilai(siap[0], wilayah.kepala, "sesuai", "sesuai")
    kirim(wilayah.kepala, wilayah.sekolah)
    with pytest.raises(ApplicationError) as err:
        pelaksanaan.bukti_upload(
            actor=aktor(wilayah.guru[0]),
            rencana=siap[0],
            rencana_rhk=siap[0].rhk.first(),
            berkas=berkas("a.pdf", PDF),
        )
    assert err.value.code == "penilaian_terkunci"
