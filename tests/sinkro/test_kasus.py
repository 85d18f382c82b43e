"""One test per Sinkro PMM error (DESIGN.md §4): a data state → the exact error, the same in the
preflight and in the real sync → the fix of the actor the catalogue names, through the product's
own services (Dapodik, Verval PTK, the cycle, the e-Kinerja admin menus, the trainer's fault page,
a sync) → the sync succeeds.

The sync runs the worker's service inline (``proses``); the mock is reached over HTTP (live_server).
"""

from datetime import date

import pytest

from dapodik import services as dapodik
from dapodik.choices import JenisPenugasan, StatusKepegawaian, StatusVerval
from dapodik.models import PTK
from kinerja.models import Peran
from kinerja.services import perencanaan
from pmm.errors import ApplicationError
from sinkro import catalogue, services
from sinkro.bimtek import nip_salah
from sinkro.ekinerja import models as em
from sinkro.ekinerja import services as es
from sinkro.models import Status, SyncIntent
from tests import factories as f

from .conftest import (
    aktor,
    berhasil,
    cermin,
    diagnosa,
    gagal,
    hari,
    proses,
    rencana_disepakati,
    rencana_lengkap,
    rencana_plt,
    setujui_semua,
    skp_of,
    unor_sekolah,
)

pytestmark = pytest.mark.django_db(transaction=True)

GURU, KS, PLT = Peran.GURU, Peran.KEPALA_SEKOLAH, Peran.PLT_KEPALA_SEKOLAH


def _plt_synced(w):
    """The Plt of school B has agreed their plan as Plt and synced: B's SKP Organisasi exists."""
    rencana_plt(w)
    berhasil(w.plt, peran=PLT)


def _unor_a(w, **changes):
    """The Admin Instansi saves school A's unor: the seeded, healthy settings with ``changes`` over them."""
    unor = w.unor[w.sekolah.npsn]
    healthy = {
        "nama": unor.nama,
        "aktif_ekinerja": True,
        "aktif_siasn": True,
        "diatasan": w.dinas_unor,
        "pemimpin_nip": w.kepala.nip,
    }
    es.unor_update(unor=unor, **{**healthy, **changes})


def test_e01_nip_differing_from_siasn_is_fixed_by_the_operator_through_verval_ptk(siap):
    w = siap
    benar = w.pns(w.guru).nip
    PTK.objects.filter(pk=w.guru.pk).update(nip=nip_salah(benar))
    intent = gagal(w.guru, "E01", kondisi="nip_beda")
    assert intent.aktor == catalogue.Aktor.OPERATOR_SEKOLAH
    assert intent.detail["nip_siasn"] == benar

    w.refresh()
    verval = dapodik.verval_nip_submit(ptk=w.guru, nip_baru=benar, actor=aktor(w.operator))
    assert verval.status == StatusVerval.DISETUJUI
    berhasil(w.guru)


def test_e01_nip_missing_from_user_pmm_is_fixed_by_the_admin_instansi(siap):
    w = siap
    es.user_pmm_remove(user_pmm=em.UserPmm.objects.get(nip=w.guru.nip))
    intent = gagal(w.guru, "E01", kondisi="bukan_user_pmm")
    assert intent.aktor == catalogue.Aktor.ADMIN_INSTANSI

    es.user_pmm_add(instansi=w.instansi, nip=w.guru.nip)
    berhasil(w.guru)


def test_e02_without_a_plan_or_with_a_draft_is_fixed_by_the_pegawai_planning(siap):
    w = siap
    gagal(w.guru2, "E02")
    hari(1, 12)
    rencana_lengkap(w.guru2)  # a draft is still "no SKP"
    gagal(w.guru2, "E02")

    r = perencanaan.rencana_submit(actor=aktor(w.guru2), rencana=w.guru2.rencana_kinerja.get())
    perencanaan.rencana_approve(actor=aktor(w.kepala), rencana=r)
    perencanaan.rencana_agree(actor=aktor(w.guru2), rencana=r)
    berhasil(w.guru2)


def test_e03_inactive_unor_is_fixed_by_the_admin_instansi(siap):
    w = siap
    _unor_a(w, aktif_siasn=False)
    gagal(w.guru, "E03")
    gagal(w.kepala, "E03", peran=KS)

    _unor_a(w)
    berhasil(w.guru)


def test_e04_kondisi_a_is_a_warning_and_the_sync_goes_on(siap):
    w = siap
    _unor_a(w, nama="SDN 4 Pagi")
    d = diagnosa(w.guru)
    assert d.ok and [(e.code, e.kondisi) for e in d.warnings] == [("E04", "A")]

    intent = berhasil(w.guru, status=Status.PERINGATAN)
    assert (intent.kode, intent.kondisi, intent.aktor) == ("E04", "A", catalogue.Aktor.ADMIN_INSTANSI)
    assert intent.peringatan[0]["code"] == "E04"

    # The Admin Instansi may align the name afterwards; the next sync is clean.
    _unor_a(w, nama=w.sekolah.nama)
    assert berhasil(w.guru).kode == ""


def test_e04_kondisi_b_dapodik_newer_is_fixed_by_the_admin_moving_the_pegawai(siap):
    w = siap
    setujui_semua(w, w.guru_b)
    # The operator of school B records the transfer to school A today (after SIASN's last change).
    dapodik.ptk_transfer(
        actor=aktor(w.operator_b), ptk=w.guru_b, sekolah_tujuan=w.sekolah, tanggal_efektif=date(2025, 1, 12)
    )
    intent = gagal(w.guru_b, "E04", kondisi="B")
    assert intent.aktor == catalogue.Aktor.ADMIN_INSTANSI

    es.pegawai_move(pegawai=w.pegawai(w.guru_b), unor=w.unor[w.sekolah.npsn])
    assert skp_of(w.guru_b) is None
    berhasil(w.guru_b)
    assert skp_of(w.guru_b)["unor_id"] == w.unor[w.sekolah.npsn].id


def test_e04_kondisi_c_siasn_newer_is_fixed_by_the_operator_updating_dapodik(siap):
    w = siap
    _plt_synced(w)
    # e-Kinerja/SIASN moved the guru to school B today; Dapodik still has school A since 2020.
    es.pegawai_move(pegawai=w.pegawai(w.guru), unor=w.unor[w.sekolah_b.npsn])
    intent = gagal(w.guru, "E04", kondisi="C")
    assert intent.aktor == catalogue.Aktor.OPERATOR_SEKOLAH

    w.refresh()
    dapodik.ptk_transfer(
        actor=aktor(w.operator), ptk=w.guru, sekolah_tujuan=w.sekolah_b, tanggal_efektif=date(2025, 1, 10)
    )
    berhasil(w.guru)


def test_e05_unor_without_parent_is_fixed_by_the_admin_instansi(siap):
    w = siap
    _unor_a(w, diatasan=None)
    gagal(w.guru, "E05")

    _unor_a(w)
    berhasil(w.guru)


def test_e06_key_not_in_the_whitelist_is_fixed_with_a_new_key(siap):
    w = siap
    es.api_key_revoke(api_key=w.api_key)
    intent = gagal(w.guru, "E06")
    assert intent.attempts == 1  # permanent: never retried

    # Helpdesk BKN's part in the simulator: a new whitelisted key, pasted by the Admin Instansi.
    _, raw = es.api_key_create(instansi=w.instansi, nama="Kunci baru")
    services.sinkro_config_set(actor=aktor(w.admin), instansi=w.instansi, api_key=raw)
    berhasil(w.guru)


def test_e07_non_asn_status_is_fixed_by_the_operator_in_dapodik(siap):
    w = siap
    nip = w.guru.nip
    dapodik.ptk_update(
        actor=aktor(w.operator), ptk=w.guru, status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH, nip=None
    )
    intent = gagal(w.guru, "E07")
    assert intent.detail["sisi"] == "pmm"  # nothing was sent to e-Kinerja
    assert not em.LogSinkron.objects.filter(idempotency_key=intent.idempotency_key).exists()

    w.refresh()
    dapodik.ptk_update(actor=aktor(w.operator), ptk=w.guru, status_kepegawaian=StatusKepegawaian.PNS, nip=nip)
    berhasil(w.guru)


def test_e08_period_not_open_is_fixed_by_opening_it(siap):
    w = siap
    es.periode_set_open(periode=w.periode_ek, dibuka=False)
    gagal(w.guru, "E08")

    es.periode_set_open(periode=w.periode_ek, dibuka=True)
    berhasil(w.guru)


def test_e09_outage_is_retried_then_reported_and_cleared_by_the_trainer(siap, settings):
    w = siap
    settings.SINKRO_MAX_ATTEMPTS = 3
    es.gangguan_set(mode="outage", persen=100)
    d = diagnosa(w.guru)
    assert d.blocking.code == "E09"

    intent = services.sync_request(actor=aktor(w.guru), peran=GURU)
    for _ in range(10):
        proses(intent)
        intent.refresh_from_db()
        if not intent.aktif:
            break
        SyncIntent.objects.filter(pk=intent.pk).update(next_attempt_at=None)  # no waiting for the backoff
    assert (intent.status, intent.kode, intent.attempts) == (Status.GAGAL, "E09", 3)
    assert skp_of(w.guru) is None

    es.gangguan_clear()
    berhasil(w.guru)


def test_e10_nip_matching_no_pns_id_is_fixed_by_the_operator_through_verval_ptk(siap):
    w = siap
    benar = w.pns(w.guru).nip
    PTK.objects.filter(pk=w.guru.pk).update(nip=nip_salah(benar))
    # SIASN also holds another NIK for this PNS: neither identifier finds the PNS ID.
    em.PnsSiasn.objects.filter(nik=w.guru.nik).update(nik="9999999999999999")
    gagal(w.guru, "E10")

    w.refresh()
    dapodik.verval_nip_submit(ptk=w.guru, nip_baru=benar, actor=aktor(w.operator))
    berhasil(w.guru)


def test_e11_pns_not_added_as_pegawai_is_fixed_by_the_admin_instansi(siap):
    w = siap
    es.pegawai_remove(pegawai=w.pegawai(w.guru))
    gagal(w.guru, "E11")

    es.pegawai_add(instansi=w.instansi, nip=w.guru.nip, unor=w.unor[w.sekolah.npsn])
    berhasil(w.guru)


def test_e12_skp_with_another_unor_changes_nothing_until_tetap_lakukan_sinkro(siap):
    w = siap
    _plt_synced(w)
    first = berhasil(w.guru)
    old = skp_of(w.guru)
    # The guru moved to school B in both Dapodik and e-Kinerja; the SKP of the period keeps unor A.
    es.pegawai_move(pegawai=w.pegawai(w.guru), unor=w.unor[w.sekolah_b.npsn])
    dapodik.ptk_transfer(
        actor=aktor(w.operator), ptk=w.guru, sekolah_tujuan=w.sekolah_b, tanggal_efektif=date(2025, 1, 10)
    )
    intent = gagal(w.guru, "E12")
    assert intent.status == Status.MENUNGGU_KONFIRMASI
    assert skp_of(w.guru) == old  # nothing changed without the confirmation

    confirmed = services.intent_confirm(actor=aktor(w.guru), intent=intent)
    assert confirmed.idempotency_key != intent.idempotency_key != first.idempotency_key
    proses(confirmed)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.BERHASIL, (confirmed.kode, confirmed.pesan)
    assert confirmed.skp["skp_lama_dihapus"] is True
    new = skp_of(w.guru)
    assert new["id"] != old["id"] and new["unor_id"] == w.unor[w.sekolah_b.npsn].id
    with pytest.raises(ApplicationError):
        services.intent_confirm(actor=aktor(w.guru), intent=intent)  # only once


def test_e13_user_pmm_cannot_add_an_skp_by_hand_and_syncs_instead(siap):
    w = siap
    with pytest.raises(ApplicationError) as exc:
        es.skp_manual_create(pns=w.pns(w.guru), tahun=2025, semester=1, peran=GURU, uraian="RHK manual")
    assert (exc.value.code, exc.value.message) == ("E13", catalogue.get("E13").message)
    assert skp_of(w.guru) is None

    berhasil(w.guru)  # the pegawai's way: Sinkro PMM


def test_e14_plan_not_yet_approved_and_agreed_is_fixed_by_the_principal_and_the_pegawai(siap):
    w = siap
    hari(1, 12)
    r = rencana_lengkap(w.guru2)
    r = perencanaan.rencana_submit(actor=aktor(w.guru2), rencana=r)
    gagal(w.guru2, "E14")
    perencanaan.rencana_approve(actor=aktor(w.kepala), rencana=r)
    gagal(w.guru2, "E14")  # approved but not agreed

    perencanaan.rencana_agree(actor=aktor(w.guru2), rencana=r)
    berhasil(w.guru2)


def test_e15_without_the_principals_skp_organisasi_is_fixed_by_the_principals_sync(dunia):
    w = dunia
    setujui_semua(w, w.kepala, w.guru, w.guru2)
    gagal(w.guru, "E15")

    berhasil(w.kepala, peran=KS)
    berhasil(w.guru)


def test_e15_the_admin_instansi_may_sync_the_principal_instead(dunia):
    w = dunia
    setujui_semua(w, w.kepala, w.guru)
    gagal(w.guru, "E15", oleh=w.admin)

    berhasil(w.kepala, peran=KS, oleh=w.admin)
    berhasil(w.guru, oleh=w.admin)


def test_e16_atasan_differing_from_dapodik_is_fixed_by_the_admin_instansi(siap):
    w = siap
    _unor_a(w, pemimpin_nip=w.guru2.nip)
    gagal(w.guru, "E16")
    gagal(w.kepala, "E16", peran=KS)

    _unor_a(w)
    berhasil(w.guru)


def test_e17_skp_organisasi_without_rhk_is_fixed_by_the_principal_syncing_again(siap):
    w = siap
    # The principal's SKP Organisasi holds no RHK (synced before the plan was agreed, seed 003).
    em.Rhk.objects.filter(skp__pegawai__pns__nik=w.kepala.nik).delete()
    gagal(w.guru, "E17")

    berhasil(w.kepala, peran=KS)
    berhasil(w.guru)
    linked = em.Rhk.objects.filter(skp__pegawai__pns__nik=w.guru.nik, rhk_atasan__isnull=False)
    assert linked.exists()
    assert {r.rhk_atasan.kode for r in linked} == {f"KS-{w.sekolah.npsn}-20251-PK"}


def test_e18_plt_sync_for_someone_who_is_no_plt_in_pmm_is_fixed_in_pmm_data(siap):
    w = siap
    gagal(w.guru, "E18", peran=PLT)

    # The guru was appointed Plt of school C: its operator records it in Dapodik, the Kepala Dinas
    # approves the plan as Plt, and the Admin Instansi registers the Plt in e-Kinerja.
    sekolah_c = f.SekolahFactory(instansi=w.instansi, nama="SD Negeri 6 Siang")
    unor_sekolah(sekolah_c, instansi=w.instansi, diatasan=w.dinas_unor)
    operator_c = f.UserFactory(email=f"operator.{sekolah_c.npsn}@admin.sd.belajar.id")
    f.grant(operator_c, "operator_sekolah", sekolah=sekolah_c)
    dapodik.kepala_assign(
        actor=aktor(operator_c),
        sekolah=sekolah_c,
        ptk=w.guru,
        jenis=JenisPenugasan.PLT,
        tanggal_mulai=date(2025, 1, 2),
    )
    rencana_disepakati(w.guru, w.kadis, peran=PLT, sekolah=sekolah_c)
    es.plt_add(instansi=w.instansi, nip=w.guru.nip, unor=em.Unor.objects.get(npsn=sekolah_c.npsn))
    berhasil(w.guru, peran=PLT)


def test_e19_plt_not_registered_in_ekinerja_is_fixed_by_the_admin_instansi(siap):
    w = siap
    rencana_plt(w)
    es.plt_remove(registrasi=em.PltRegistrasi.objects.get(pns__nik=w.plt.nik))
    gagal(w.plt, "E19", peran=PLT)

    es.plt_add(instansi=w.instansi, nip=w.plt.nip, unor=w.unor[w.sekolah_b.npsn])
    berhasil(w.plt, peran=PLT)


def test_e20_plt_school_count_differing_is_fixed_by_the_admin_instansi(siap):
    w = siap
    # In PMM the Plt leads schools B and C; e-Kinerja registers B only.
    sekolah_c = f.SekolahFactory(instansi=w.instansi, nama="SD Negeri 7 Sore")
    unor_c = unor_sekolah(sekolah_c, instansi=w.instansi, diatasan=w.dinas_unor)
    f.PenugasanFactory(ptk=w.plt, sekolah=sekolah_c, jenis=JenisPenugasan.PLT, tanggal_mulai=date(2024, 7, 1))
    rencana_plt(w)
    rencana_disepakati(w.plt, w.kadis, peran=PLT, sekolah=sekolah_c)
    intent = gagal(w.plt, "E20", peran=PLT)
    assert (intent.detail["jumlah_pmm"], intent.detail["jumlah_ekinerja"]) == (2, 1)

    es.plt_add(instansi=w.instansi, nip=w.plt.nip, unor=unor_c)
    berhasil(w.plt, peran=PLT)


def test_a_new_pegawai_mirrored_in_ekinerja_syncs_end_to_end(siap):
    """Control: the same path without any breakage."""
    w = siap
    baru = f.PTKFactory(sekolah=w.sekolah, nama="Guru Baru")
    cermin(baru, instansi=w.instansi, unor=w.unor[w.sekolah.npsn])
    hari(1, 11)
    rencana_disepakati(baru, w.kepala)
    berhasil(baru)
