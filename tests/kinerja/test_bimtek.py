import pytest

from dapodik.bimtek import seed_bimtek
from kinerja.bimtek import bimtek_extend_cycle, himpunan_sah
from kinerja.models import DokumenSekolah, Observasi, Penilaian, PenilaianSekolah, Peran, Rencana, Riwayat
from kinerja.predikat import distribusi_check
from kinerja.services import pelaksanaan, penilaian, perencanaan
from pmm.errors import ApplicationError, Forbidden
from pmm.models import User

from .helpers import aktor, hari

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(katalog):
    hari(6, 10)
    scenario, applied = seed_bimtek()
    siklus = bimtek_extend_cycle(scenario, applied)
    return scenario, applied, siklus


def kasus(siklus, kode):
    return next(k for k in siklus.kasus if k.kode == kode)


def ptk_of(applied, scenario, key):
    from dapodik.models import PTK

    return PTK.objects.select_related("user", "sekolah").get(pk=applied.ptk_ids[key])


def user(email):
    return User.objects.get(email=email)


@pytest.mark.parametrize("org", ["istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 10, 11])
def test_generated_sets_respect_each_distribution_rule(org, n):
    assert distribusi_check(org, himpunan_sah(org, n)) == []


def test_the_showcase_school_has_a_teacher_at_every_stage(seeded):
    scenario, applied, siklus = seeded
    sekolah_id = applied.sekolah_ids[ptk_of(applied, scenario, "ks_definitif").sekolah.npsn]
    guru = Rencana.objects.filter(sekolah_id=sekolah_id, peran=Peran.GURU)
    assert set(guru.values_list("status", flat=True)) == {
        "draft",
        "diajukan",
        "dikembalikan",
        "disetujui",
        "disepakati",
    }
    obs = set(Observasi.objects.filter(rencana__in=guru).values_list("status", flat=True))
    assert obs == {"terjadwal", "diobservasi", "tindak_lanjut", "selesai"}
    assert Penilaian.objects.filter(rencana__in=guru, status="draft").exists()
    assert DokumenSekolah.objects.filter(sekolah_id=sekolah_id).count() == 2
    kodes = {k.kode for k in siklus.kasus}
    assert {
        "tahap_draft",
        "tahap_diajukan",
        "tahap_selesai",
        "tahap_dinilai",
        "tanpa_atasan",
        "plt_otomatis",
    } <= kodes
    assert "distribusi_langgar" in siklus.lembar()


def test_seeded_history_matches_each_plans_status(seeded):
    for r in Rencana.objects.all():
        rows = list(Riwayat.objects.filter(rencana=r, mesin="rencana").order_by("pada", "id"))
        assert rows[0].transisi == "buat"
        assert rows[-1].ke == r.status, (r.pk, [x.transisi for x in rows])


def test_running_it_again_gives_the_same_data(seeded):
    scenario, applied, _ = seeded

    def snapshot():
        return (
            sorted(Rencana.objects.values_list("ptk__nik", "peran", "status")),
            sorted(Observasi.objects.values_list("rencana__ptk__nik", "status")),
            sorted(Penilaian.objects.values_list("rencana__ptk__nik", "status", "predikat")),
            sorted(PenilaianSekolah.objects.values_list("sekolah__npsn", "status", "predikat_organisasi")),
            Riwayat.objects.count(),
            DokumenSekolah.objects.count(),
        )

    before = snapshot()
    bimtek_extend_cycle(scenario, applied)
    assert snapshot() == before


def test_each_distribution_school_can_be_fixed_and_the_broken_one_is_refused(seeded):
    scenario, applied, siklus = seeded
    for org in ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"):
        k = kasus(siklus, f"distribusi_{org}")
        kepala = User.objects.get(email=k.email)
        sekolah = kepala.ptk.sekolah
        assert PenilaianSekolah.objects.get(sekolah=sekolah).predikat_organisasi == org
        fixed = penilaian.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)
        assert len(fixed) >= 3
    langgar = User.objects.get(email=kasus(siklus, "distribusi_langgar").email)
    with pytest.raises(ApplicationError) as err:
        penilaian.predikat_tetapkan(actor=aktor(langgar), sekolah=langgar.ptk.sekolah)
    assert err.value.code == "distribusi_tidak_sesuai"


def test_the_kepala_dinas_gives_the_waiting_school_its_predikat(seeded):
    scenario, applied, siklus = seeded
    kepala = User.objects.get(email=kasus(siklus, "dinas_menunggu").email)
    ps = penilaian.predikat_organisasi_set(
        actor=aktor(user("kadis.mappi@dinas.belajar.id")),
        sekolah=kepala.ptk.sekolah,
        predikat_organisasi="baik",
    )
    assert ps.status == "organisasi"


def test_seeded_plans_can_be_moved_on_through_the_services(seeded):
    scenario, applied, siklus = seeded
    ks = ptk_of(applied, scenario, "ks_definitif")
    diajukan = Rencana.objects.get(sekolah=ks.sekolah, peran=Peran.GURU, status="diajukan")
    perencanaan.rencana_approve(actor=aktor(ks), rencana=diajukan)
    tanpa = ptk_of(applied, scenario, "guru_tanpa_atasan")
    with pytest.raises(ApplicationError) as err:
        perencanaan.rencana_submit(actor=aktor(tanpa), rencana=Rencana.objects.get(ptk=tanpa))
    assert err.value.code == "atasan_tidak_ditemukan"
    plt = ptk_of(applied, scenario, "plt_sekolah_sendiri")
    sendiri = Rencana.objects.get(ptk=plt, peran=Peran.GURU)
    assert sendiri.jalur_atasan == "kepala_dinas"
    with pytest.raises(Forbidden):
        perencanaan.rencana_approve(actor=aktor(plt), rencana=sendiri)
    perencanaan.rencana_approve(actor=aktor(user("kadis.mappi@dinas.belajar.id")), rencana=sendiri)


def test_the_pengawas_observes_the_delegated_principal(seeded):
    scenario, applied, siklus = seeded
    k = kasus(siklus, "pengawas_delegasi")
    r = Rencana.objects.get(ptk__email=k.email, peran=Peran.KEPALA_SEKOLAH)
    obs = pelaksanaan.observasi_record(
        actor=aktor(user("pengawas.mappi@dinas.belajar.id")), rencana=r, catatan="Fakta observasi."
    )
    assert obs.status == "diobservasi"
