from datetime import date

import pytest

from dapodik.choices import JenisPenugasan, JenisPTK
from kinerja.models import Peran, Rencana, RencanaRhk, Riwayat
from kinerja.services import perencanaan as svc
from pmm.errors import ApplicationError, Forbidden
from tests import factories as f

from .conftest import buat_kadis, buat_kepala, buat_pengawas
from .helpers import aktor, hari, indikator, rencana_lengkap, rhk, tugas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def januari():
    hari(1, 10)


def riwayat(r):
    return list(Riwayat.objects.filter(rencana=r).values_list("transisi", "dari", "ke"))


def test_five_steps_then_submit_goes_to_the_definitive_principal(wilayah):
    guru = wilayah.guru[0]
    a = aktor(guru)
    r = svc.rencana_start(actor=a)
    assert (r.status, r.peran, r.sekolah_id) == ("draft", "guru", wilayah.sekolah.pk)
    svc.rencana_indikator_set(actor=a, rencana=r, indikator=indikator("D1-04"))
    poin = svc.rencana_rhk_set(actor=a, rencana=r, items=[(rhk("PK-01"), 2), (rhk("PK-03"), 1)])
    assert (poin.total, poin.kode) == (8 * 2 + 36, "sesuai")
    svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-02"), "SK/12/2025")])
    svc.rencana_perilaku_confirm(actor=a, rencana=r)
    r = svc.rencana_submit(actor=a, rencana=r)
    r.refresh_from_db()
    assert r.status == "diajukan"
    assert r.jalur_atasan == "kepala_sekolah" and r.atasan_ptk_id == wilayah.kepala.pk
    assert r.diajukan_pada is not None
    assert riwayat(r) == [("buat", "", "draft"), ("ajukan", "draft", "diajukan")]


def test_starting_twice_reopens_the_same_draft(wilayah):
    a = aktor(wilayah.guru[0])
    assert svc.rencana_start(actor=a).pk == svc.rencana_start(actor=a).pk
    assert Rencana.objects.count() == 1


def test_point_total_outside_the_recommendation_warns_but_does_not_block(wilayah):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru, rhk_items=[(rhk("PK-05"), 1)])
    poin = svc.rencana_rhk_set(actor=aktor(guru), rencana=r, items=[(rhk("PK-05"), 1)])
    assert (poin.total, poin.kode) == (4, "kurang")
    assert "di bawah rekomendasi 32–128" in poin.pesan
    assert svc.rencana_submit(actor=aktor(guru), rencana=r).status == "diajukan"


def test_rhk_quantity_and_duplicates_are_checked(wilayah):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    a = aktor(guru)
    for items, code in [
        ([(rhk("PK-01"), 0)], "jumlah_tidak_valid"),
        ([(rhk("PK-01"), "dua")], "jumlah_tidak_valid"),
        ([(rhk("PK-01"), 1), (rhk("PK-01"), 2)], "rhk_ganda"),
        ([(999999, 1)], "rhk_tidak_valid"),
    ]:
        with pytest.raises(ApplicationError) as err:
            svc.rencana_rhk_set(actor=a, rencana=r, items=items)
        assert err.value.code == code
    # bad input changed nothing
    assert sorted(RencanaRhk.objects.filter(rencana=r).values_list("jumlah", flat=True)) == [1, 2]


def test_incomplete_plan_is_refused_with_the_missing_steps(wilayah):
    a = aktor(wilayah.guru[0])
    r = svc.rencana_start(actor=a)
    with pytest.raises(ApplicationError) as err:
        svc.rencana_submit(actor=a, rencana=r)
    assert err.value.code == "rencana_belum_lengkap"
    assert (
        "Langkah 1" in err.value.message
        and "Langkah 2" in err.value.message
        and "Langkah 4" in err.value.message
    )
    r.refresh_from_db()
    assert r.status == "draft"


def test_one_indicator_only_and_from_the_role_catalogue(wilayah):
    guru = wilayah.guru[0]
    a = aktor(guru)
    r = svc.rencana_start(actor=a)
    svc.rencana_indikator_set(actor=a, rencana=r, indikator=indikator("D1-01"))
    svc.rencana_indikator_set(actor=a, rencana=r, indikator=indikator("D1-05"))
    r.refresh_from_db()
    assert r.indikator.kode == "D1-05"
    with pytest.raises(ApplicationError, match="bukan indikator Praktik Kinerja untuk Guru"):
        svc.rencana_indikator_set(actor=a, rencana=r, indikator=indikator("D3-01"))


def test_principal_returns_with_notes_then_approves_and_teacher_agrees(wilayah):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    r = rencana_lengkap(guru)
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    with pytest.raises(ApplicationError) as err:
        svc.rencana_return(actor=aktor(kepala), rencana=r, catatan="  ")
    assert err.value.code == "catatan_wajib"
    svc.rencana_return(actor=aktor(kepala), rencana=r, catatan="Tambahkan RHK komunitas belajar.")
    r.refresh_from_db()
    assert (r.status, r.catatan_atasan) == ("dikembalikan", "Tambahkan RHK komunitas belajar.")
    svc.rencana_rhk_set(actor=aktor(guru), rencana=r, items=[(rhk("PK-03"), 1)])
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    svc.rencana_approve(actor=aktor(kepala), rencana=r, catatan="Bagus.")
    svc.rencana_agree(actor=aktor(guru), rencana=r)
    r.refresh_from_db()
    assert r.status == "disepakati" and r.disetujui_pada and r.disepakati_pada
    assert [t for t, _, _ in riwayat(r)] == ["buat", "ajukan", "kembalikan", "ajukan", "setujui", "sepakati"]
    kembali = Riwayat.objects.get(rencana=r, transisi="kembalikan")
    assert kembali.oleh == kepala.user and kembali.catatan == "Tambahkan RHK komunitas belajar."


def test_only_the_plans_atasan_may_approve(wilayah, wilayah_lain):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    for orang in (guru, wilayah.guru[1], wilayah_lain.kepala, wilayah.kadis, wilayah.pengawas):
        with pytest.raises(Forbidden) as err:
            svc.rencana_approve(actor=aktor(orang), rencana=r)
        assert err.value.code == "bukan_atasan"
    r.refresh_from_db()
    assert r.status == "diajukan"


def test_moves_in_the_wrong_status_are_refused(wilayah):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    r = rencana_lengkap(guru)
    with pytest.raises(ApplicationError, match="status saat ini «Draf»"):
        svc.rencana_approve(actor=aktor(kepala), rencana=r)
    with pytest.raises(ApplicationError):
        svc.rencana_agree(actor=aktor(guru), rencana=r)
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    with pytest.raises(ApplicationError, match="tidak dapat diubah"):
        svc.rencana_indikator_set(actor=aktor(guru), rencana=r, indikator=indikator("D1-01"))
    with pytest.raises(ApplicationError):
        svc.rencana_submit(actor=aktor(guru), rencana=r)
    svc.rencana_approve(actor=aktor(kepala), rencana=r)
    with pytest.raises(ApplicationError, match="Tidak dapat menyetujui rencana: status saat ini «Disetujui»"):
        svc.rencana_approve(actor=aktor(kepala), rencana=r)
    with pytest.raises(ApplicationError):
        svc.rencana_return(actor=aktor(kepala), rencana=r, catatan="terlambat")


def test_another_teacher_cannot_touch_my_plan(wilayah):
    r = rencana_lengkap(wilayah.guru[0])
    lain = aktor(wilayah.guru[1])
    with pytest.raises(Forbidden):
        svc.rencana_indikator_set(actor=lain, rencana=r, indikator=indikator("D1-01"))
    with pytest.raises(Forbidden):
        svc.rencana_submit(actor=lain, rencana=r)


def test_school_led_only_by_a_plt_approves_at_submission(katalog):
    sekolah = f.SekolahFactory()
    plt = buat_kepala(sekolah, JenisPenugasan.PLT, ptk=f.PTKFactory())  # a teacher of another school
    guru = f.PTKFactory(sekolah=sekolah)
    r = rencana_lengkap(guru)
    r = svc.rencana_submit(actor=aktor(guru), rencana=r)
    r.refresh_from_db()
    assert r.status == "disetujui" and r.jalur_atasan == "plt_otomatis" and r.atasan_ptk == plt
    otomatis = Riwayat.objects.get(rencana=r, transisi="setujui_otomatis")
    assert otomatis.oleh is None and "disetujui otomatis" in otomatis.catatan.lower()
    assert [t for t, _, _ in riwayat(r)] == ["buat", "ajukan", "setujui_otomatis"]
    svc.rencana_agree(actor=aktor(guru), rencana=r)


def test_school_without_any_principal_cannot_submit(katalog):
    guru = f.PTKFactory(sekolah=f.SekolahFactory())
    r = rencana_lengkap(guru)
    with pytest.raises(ApplicationError) as err:
        svc.rencana_submit(actor=aktor(guru), rencana=r)
    assert err.value.code == "atasan_tidak_ditemukan"
    assert err.value.message.startswith("Data atasan Anda tidak ditemukan")
    r.refresh_from_db()
    assert r.status == "draft" and not Riwayat.objects.filter(rencana=r, transisi="ajukan").exists()


def test_plt_never_approves_their_own_guru_plan_it_goes_to_the_kepala_dinas(katalog):
    sekolah = f.SekolahFactory()
    kadis = buat_kadis(sekolah.instansi)
    plt = buat_kepala(sekolah, JenisPenugasan.PLT)  # teaches at the school they lead
    r = rencana_lengkap(plt)
    r = svc.rencana_submit(actor=aktor(plt), rencana=r)
    r.refresh_from_db()
    assert r.status == "diajukan" and r.jalur_atasan == "kepala_dinas"
    with pytest.raises(Forbidden):
        svc.rencana_approve(actor=aktor(plt), rencana=r)
    svc.rencana_approve(actor=aktor(kadis), rencana=r)
    r.refresh_from_db()
    assert r.status == "disetujui"


def test_plt_own_plan_without_a_kepala_dinas_has_no_atasan(katalog):
    sekolah = f.SekolahFactory()
    plt = buat_kepala(sekolah, JenisPenugasan.PLT)
    with pytest.raises(ApplicationError, match="Data atasan Anda tidak ditemukan"):
        svc.rencana_submit(actor=aktor(plt), rencana=rencana_lengkap(plt))


def test_principal_plans_on_d3_and_goes_to_the_kepala_dinas_of_the_instansi(wilayah, wilayah_lain):
    kepala = wilayah.kepala
    a = aktor(kepala)
    with pytest.raises(ApplicationError, match="sebagai Kepala Sekolah"):
        svc.rencana_start(actor=a, peran=Peran.GURU)
    r = rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    assert r.indikator.untuk == "kepala_sekolah"
    with pytest.raises(ApplicationError, match="hanya untuk rencana kinerja Guru"):
        svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-02"), "")])
    with pytest.raises(ApplicationError):
        svc.rencana_indikator_set(actor=a, rencana=r, indikator=indikator("D1-01"))
    r = svc.rencana_submit(actor=a, rencana=r)
    assert r.jalur_atasan == "kepala_dinas"
    with pytest.raises(Forbidden):
        svc.rencana_approve(actor=aktor(wilayah_lain.kadis), rencana=r)
    svc.rencana_approve(actor=aktor(wilayah.kadis), rencana=r)
    svc.rencana_agree(actor=a, rencana=r)
    r.refresh_from_db()
    assert r.status == "disepakati"


def test_teacher_cannot_open_a_principal_plan(wilayah):
    with pytest.raises(Forbidden):
        svc.rencana_start(actor=aktor(wilayah.guru[0]), peran=Peran.KEPALA_SEKOLAH)


def test_plt_of_two_schools_fills_a_guru_plan_and_one_plt_plan_per_school(katalog):
    rumah, a_sekolah, b_sekolah = f.SekolahFactory(), f.SekolahFactory(), f.SekolahFactory()
    plt = f.PTKFactory(sekolah=rumah)
    buat_kepala(rumah)
    buat_kepala(a_sekolah, JenisPenugasan.PLT, ptk=plt)
    buat_kepala(b_sekolah, JenisPenugasan.PLT, ptk=plt)
    a = aktor(plt)
    with pytest.raises(ApplicationError, match="lebih dari satu sekolah"):
        svc.rencana_start(actor=a, peran=Peran.PLT_KEPALA_SEKOLAH)
    with pytest.raises(Forbidden):
        svc.rencana_start(actor=a, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=rumah)
    svc.rencana_start(actor=a, peran=Peran.GURU)
    svc.rencana_start(actor=a, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=a_sekolah)
    svc.rencana_start(actor=a, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=b_sekolah)
    assert sorted(Rencana.objects.filter(ptk=plt).values_list("peran", "sekolah_id")) == sorted(
        [("guru", rumah.pk), ("plt_kepala_sekolah", a_sekolah.pk), ("plt_kepala_sekolah", b_sekolah.pk)]
    )


def test_tugas_tambahan_must_fit_the_jenjang_and_appear_once(wilayah):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    a = aktor(guru)
    with pytest.raises(ApplicationError, match="tidak berlaku untuk jenjang SD"):
        svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-03"), "")])
    with pytest.raises(ApplicationError, match="satu kali"):
        svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-02"), ""), (tugas("TT-02"), "")])
    svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[(tugas("TT-02"), "1"), (tugas("TT-06"), "2")])
    assert r.tugas_tambahan.count() == 2
    svc.rencana_tugas_tambahan_set(actor=a, rencana=r, items=[])  # optional: may be cleared
    assert r.tugas_tambahan.count() == 0


def test_ineligible_jenis_ptk_cannot_plan(katalog):
    tu = f.PTKFactory(jenis_ptk=JenisPTK.TENAGA_ADMINISTRASI)
    with pytest.raises(Forbidden) as err:
        svc.rencana_start(actor=aktor(tu))
    assert err.value.code == "tidak_berhak"
    assert "Operator Sekolah" in err.value.message
    assert not Rencana.objects.exists()


def test_account_without_ptk_cannot_plan(katalog):
    with pytest.raises(Forbidden) as err:
        svc.rencana_start(actor=aktor(f.UserFactory()))
    assert err.value.code == "tanpa_ptk"


def test_planning_outside_its_window_is_refused(wilayah):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    periode = r.periode
    periode.perencanaan_mulai = date(2025, 1, 20)  # the Dinas announces a later opening
    periode.save()
    with pytest.raises(ApplicationError) as err:
        svc.rencana_submit(actor=aktor(guru), rencana=r)
    assert err.value.code == "di_luar_jadwal"
    periode.perencanaan_mulai = date(2025, 1, 1)
    periode.batas_akhir = date(2025, 1, 5)  # and an earlier deadline
    periode.save()
    with pytest.raises(ApplicationError, match="sudah ditutup pada 5 Januari 2025"):
        svc.rencana_submit(actor=aktor(guru), rencana=r)
    r.refresh_from_db()
    assert r.status == "draft"


def test_late_planning_until_the_period_deadline_is_allowed(wilayah):
    hari(5, 20)  # "work may be reported until the end of the period"
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    assert svc.rencana_submit(actor=aktor(guru), rencana=r).status == "diajukan"


def test_kepala_dinas_delegates_a_principals_observation_to_a_pengawas_of_the_region(wilayah, wilayah_lain):
    kepala = wilayah.kepala
    r = rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    svc.rencana_submit(actor=aktor(kepala), rencana=r)
    with pytest.raises(ApplicationError, match="bukan Pengawas Sekolah"):
        svc.rencana_delegate_observation(
            actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah_lain.pengawas
        )
    with pytest.raises(Forbidden):
        svc.rencana_delegate_observation(actor=aktor(wilayah.pengawas), rencana=r, pengawas=wilayah.pengawas)
    svc.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    r.refresh_from_db()
    assert r.pengawas == wilayah.pengawas
    assert Riwayat.objects.filter(rencana=r, transisi="delegasi_observasi").count() == 1
    # Delegating again to the same Pengawas (a second click) records nothing more.
    svc.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    assert Riwayat.objects.filter(rencana=r, transisi="delegasi_observasi").count() == 1


def test_delegation_is_only_for_plans_the_kepala_dinas_rates(wilayah):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    with pytest.raises(ApplicationError, match="hanya untuk rencana yang dinilai Kepala Dinas"):
        svc.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)


def test_pengawas_with_a_kabupaten_scope_covers_the_school(katalog):
    from kinerja.services.atasan import pengawas_covers
    from pmm.roles import Role

    sekolah = f.SekolahFactory()
    user = f.UserFactory()
    f.grant(user, Role.PENGAWAS, kabupaten=sekolah.kabupaten)
    assert pengawas_covers(user, sekolah)
    assert not pengawas_covers(buat_pengawas(f.SekolahFactory().instansi), sekolah)


def test_transitions_queue_their_email_after_commit_and_drafts_do_not(
    wilayah, antrean, django_capture_on_commit_callbacks
):
    guru, kepala = wilayah.guru[0], wilayah.kepala
    with django_capture_on_commit_callbacks(execute=True):
        r = rencana_lengkap(guru)
    assert antrean == []
    with django_capture_on_commit_callbacks(execute=True):
        svc.rencana_submit(actor=aktor(guru), rencana=r)
    assert antrean == [Riwayat.objects.get(rencana=r, transisi="ajukan").pk]
    with django_capture_on_commit_callbacks(execute=True):
        svc.rencana_approve(actor=aktor(kepala), rencana=r)
    assert antrean[-1] == Riwayat.objects.get(rencana=r, transisi="setujui").pk


def test_a_refused_move_queues_nothing(wilayah, antrean, django_capture_on_commit_callbacks):
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ApplicationError):
        svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)
    assert callbacks == [] and antrean == []
