"""The Bimtek scenario, Sinkro part: after ``seed_bimtek`` and ``seed_ekinerja_bimtek`` every one of
the 20 errors occurs for a named pegawai of the sheet, and after the fix of the actor the sheet names
(through the product's services) that pegawai's sync succeeds. Seeding again restores the cases."""

from datetime import date

import pytest
from django.core.management import call_command

from dapodik import bimtek as dapodik_bimtek
from dapodik import services as dapodik
from dapodik.choices import JenisPenugasan, StatusKepegawaian
from dapodik.models import PTK, Sekolah
from kinerja.models import Peran
from kinerja.services import perencanaan
from pmm.errors import ApplicationError
from pmm.models import Instansi, User
from sinkro import bimtek, catalogue, services
from sinkro.ekinerja import models as em
from sinkro.ekinerja import services as es
from sinkro.models import Status, SyncIntent

from .conftest import aktor, berhasil, diagnosa, gagal, hari, proses, rencana_disepakati, sinkron

pytestmark = pytest.mark.django_db(transaction=True)

# What the first sync attempt meets when the sheet's error hides behind another or is no preflight's.
TERLIHAT = {
    "e08_periode_ditutup": "E06",
    "e09_gangguan_500": None,
    "e13_skp_manual": None,
    "e04_kondisi_a": None,
}


@pytest.fixture
def skenario(ekinerja_url, katalog, settings):
    settings.SINKRO_MAX_ATTEMPTS = 2
    hari(1, 10)
    call_command("seed_bimtek", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_ekinerja_bimtek", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return dapodik_bimtek.scenario_build()


def _ptk(sc, kode):
    return PTK.objects.select_related("sekolah").get(nik=bimtek.pegawai_kasus(bimtek.BY_KODE[kode], sc).nik)


def _user(email):
    return User.objects.get(email=email)


def _operator(sekolah):
    return _user(f"operator.{sekolah.npsn}@admin.{sekolah.jenjang.lower()}.belajar.id")


def _sekolah(nama):
    return Sekolah.objects.get(nama=nama)


def _unor(nama):
    return em.Unor.objects.get(npsn=_sekolah(nama).npsn)


def _kepala(sc, nama):
    return PTK.objects.get(nik=bimtek.kepala_of(sc, nama).nik)


def _unor_set(unor, **changes):
    fields = {
        "nama": unor.nama,
        "aktif_ekinerja": unor.aktif_ekinerja,
        "aktif_siasn": unor.aktif_siasn,
        "diatasan": unor.diatasan,
        "pemimpin_nip": unor.pemimpin.nip if unor.pemimpin_id else "",
    }
    es.unor_update(unor=unor, **{**fields, **changes})


def test_every_error_occurs_for_a_named_pegawai_of_the_sheet(skenario, client):
    sc = skenario
    seen = set()
    for k in bimtek.KASUS:
        ptk = _ptk(sc, k.kode)
        d = diagnosa(ptk, k.peran)
        expected = TERLIHAT.get(k.kode, k.error)
        blocking = d.blocking
        assert (blocking.code if blocking else None) == expected, (k.kode, [e.as_dict() for e in d.errors])
        if expected == k.error:
            assert blocking.kondisi == k.kondisi and blocking.aktor == k.aktor, k.kode
        seen.add(k.error)
    assert seen == {e.code for e in catalogue.ERRORS}

    rows = bimtek.lembar()
    assert [r.kasus.kode for r in rows] == [k.kode for k in bimtek.KASUS]
    assert all(r.nama and r.email and r.sekolah for r in rows)
    trainer = _user(dapodik_bimtek.TRAINER_EMAIL)
    client.force_login(trainer)
    csv_text = client.get("/sinkro/skenario.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].split(",")[0] == "kode_error"
    assert all(r.nama in csv_text for r in rows)


def test_each_named_fix_makes_the_sync_succeed(skenario):
    sc = skenario
    admin_prov = _user("admin.bkd@papuaselatanprov.go.id")
    kab = Instansi.objects.get(kode=dapodik_bimtek.INSTANSI_KAB[0])
    prov = Instansi.objects.get(kode=dapodik_bimtek.INSTANSI_PROV[0])

    # 1 — Operator Sekolah fixes the NIP (Verval PTK); Admin Instansi adds the NIP to User PMM.
    antonius = _ptk(sc, "e01_nip_beda")
    gagal(antonius, "E01", kondisi="nip_beda")
    nip_siasn = bimtek.pegawai_kasus(bimtek.BY_KODE["e01_nip_beda"], sc).nip_siasn
    dapodik.verval_nip_submit(ptk=antonius, nip_baru=nip_siasn, actor=aktor(_operator(antonius.sekolah)))
    berhasil(antonius)
    p = _ptk(sc, "e01_bukan_user_pmm")
    gagal(p, "E01", kondisi="bukan_user_pmm")
    es.user_pmm_add(instansi=kab, nip=p.nip)
    berhasil(p)

    # 2 — the pegawai plans, the principal approves, the pegawai agrees.
    p = _ptk(sc, "e02_belum_rencana")
    gagal(p, "E02")
    rencana_disepakati(p, _kepala(sc, bimtek.SD2_MINYAMUR))
    berhasil(p)

    # 3, 5, 16 — Admin Instansi in Manajemen Unor.
    p = _ptk(sc, "e03_unor_nonaktif")
    gagal(p, "E03")
    _unor_set(_unor(bimtek.SD1_BAMGI), aktif_siasn=True)
    berhasil(p)
    p = _ptk(sc, "e05_tanpa_unor_atasan")
    gagal(p, "E05")
    dinas = em.Unor.objects.get(instansi=kab, nama__startswith="Dinas Pendidikan")
    _unor_set(_unor(bimtek.SMP_EDERA), diatasan=dinas)
    berhasil(p)
    p = _ptk(sc, "e16_atasan_beda")
    gagal(p, "E16")
    _unor_set(_unor(bimtek.SMP_ASSUE), pemimpin_nip=_kepala(sc, bimtek.SMP_ASSUE).nip)
    berhasil(p)

    # 4 — A: a warning only; B: Admin Instansi moves the pegawai; C: Operator Sekolah records the move.
    berhasil(_ptk(sc, "e04_kondisi_a"), status=Status.PERINGATAN)
    p = _ptk(sc, "e04_kondisi_b")
    gagal(p, "E04", kondisi="B")
    es.pegawai_move(pegawai=em.Pegawai.objects.get(pns__nik=p.nik), unor=_unor(bimtek.SD2_VENAHA))
    berhasil(p)
    p = _ptk(sc, "e04_kondisi_c")
    gagal(p, "E04", kondisi="C")
    dapodik.ptk_transfer(
        actor=aktor(_operator(p.sekolah)),
        ptk=p,
        sekolah_tujuan=_sekolah(bimtek.SD2_MINYAMUR),
        tanggal_efektif=bimtek.tanggal_pindah(2025, 1),
    )
    berhasil(p)

    # 6 then 8 — the provinsi's new key (Admin Instansi), then its period opened.
    ks_sma = _ptk(sc, "e06_kunci_dicabut")
    gagal(ks_sma, "E06", peran=Peran.KEPALA_SEKOLAH)
    _, raw = es.api_key_create(instansi=prov, nama="Kunci baru")
    services.sinkro_config_set(actor=aktor(admin_prov), instansi=prov, api_key=raw)
    gagal(ks_sma, "E08", peran=Peran.KEPALA_SEKOLAH)
    es.periode_set_open(periode=em.Periode.objects.get(instansi=prov, tahun=2025, semester=1), dibuka=True)
    berhasil(ks_sma, peran=Peran.KEPALA_SEKOLAH)

    # 7 — Operator Sekolah records the real status kepegawaian and NIP.
    p = _ptk(sc, "e07_status_non_asn")
    gagal(p, "E07")
    spec = bimtek.pegawai_kasus(bimtek.BY_KODE["e07_status_non_asn"], sc)
    dapodik.ptk_update(
        actor=aktor(_operator(p.sekolah)), ptk=p, status_kepegawaian=StatusKepegawaian.PNS, nip=spec.nip_siasn
    )
    berhasil(p)

    # 9 — retried, then reported; the trainer clears the fault.
    p = _ptk(sc, "e09_gangguan_500")
    intent = sinkron(p)
    while intent.aktif:
        SyncIntent.objects.filter(pk=intent.pk).update(next_attempt_at=None)
        proses(intent)
        intent.refresh_from_db()
    assert (intent.status, intent.kode, intent.attempts) == (Status.GAGAL, "E09", 2)
    es.gangguan_clear()
    berhasil(p)

    # 10 — Operator Sekolah, Verval PTK.
    p = _ptk(sc, "e10_pns_id_belum_padan")
    gagal(p, "E10")
    nip = bimtek.pegawai_kasus(bimtek.BY_KODE["e10_pns_id_belum_padan"], sc).nip_siasn
    dapodik.verval_nip_submit(ptk=p, nip_baru=nip, actor=aktor(_operator(p.sekolah)))
    berhasil(p)

    # 11 — Admin Instansi, Manajemen Pegawai.
    p = _ptk(sc, "e11_belum_pegawai")
    gagal(p, "E11")
    es.pegawai_add(instansi=kab, nip=p.nip, unor=_unor(bimtek.SD1_PASSUE))
    berhasil(p)

    # 12 — the pegawai confirms "Tetap Lakukan Sinkro".
    p = _ptk(sc, "e12_unor_skp_lama")
    intent = gagal(p, "E12")
    intent = services.intent_confirm(actor=aktor(p), intent=intent)
    proses(intent)
    intent.refresh_from_db()
    assert intent.status == Status.BERHASIL and intent.skp["skp_lama_dihapus"]

    # 13 — refused in e-Kinerja's own page; the pegawai syncs instead.
    p = _ptk(sc, "e13_skp_manual")
    with pytest.raises(ApplicationError) as exc:
        es.skp_manual_create(
            pns=em.PnsSiasn.objects.get(nik=p.nik),
            tahun=2025,
            semester=1,
            peran="guru",
            uraian="RHK buatan tangan",
        )
    assert exc.value.code == "E13"
    berhasil(p)

    # 14 — the principal approves, the pegawai agrees.
    p = _ptk(sc, "e14_belum_disepakati")
    gagal(p, "E14")
    r = p.rencana_kinerja.get()
    perencanaan.rencana_approve(actor=aktor(_kepala(sc, bimtek.SD1_PASSUE)), rencana=r)
    perencanaan.rencana_agree(actor=aktor(p), rencana=r)
    berhasil(p)

    # 15, 17 — the principal syncs (again).
    for kode, sekolah in (
        ("e15_tanpa_skp_organisasi", bimtek.SMP_CITAK),
        ("e17_rhk_tidak_terkait", bimtek.SMP_VENAHA),
    ):
        p = _ptk(sc, kode)
        gagal(p, bimtek.BY_KODE[kode].error)
        berhasil(_kepala(sc, sekolah), peran=Peran.KEPALA_SEKOLAH)
        berhasil(p)

    # 18 — PMM data: the Plt assignment recorded, the plan as Plt agreed.
    p = _ptk(sc, "e18_plt_tidak_tercatat")
    gagal(p, "E18", peran=Peran.PLT_KEPALA_SEKOLAH)
    assute = _sekolah(bimtek.SD2_ASSUE)
    dapodik.kepala_assign(
        actor=aktor(_operator(assute)),
        sekolah=assute,
        ptk=p,
        jenis=JenisPenugasan.PLT,
        tanggal_mulai=date(2025, 1, 2),
    )
    rencana_disepakati(
        p, _user("kadis.mappi@dinas.belajar.id"), peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=assute
    )
    berhasil(p, peran=Peran.PLT_KEPALA_SEKOLAH)

    # 19, 20 — Admin Instansi registers the Plt (for the missing school).
    p = _ptk(sc, "e19_plt_belum_terdaftar")
    gagal(p, "E19", peran=Peran.PLT_KEPALA_SEKOLAH)
    es.plt_add(instansi=kab, nip=p.nip, unor=_unor("SMP Negeri 1 Haju"))
    berhasil(p, peran=Peran.PLT_KEPALA_SEKOLAH)
    p = _ptk(sc, "e20_jumlah_plt_beda")
    gagal(p, "E20", peran=Peran.PLT_KEPALA_SEKOLAH)
    es.plt_add(instansi=kab, nip=p.nip, unor=_unor(bimtek.SD2_EDERA))
    berhasil(p, peran=Peran.PLT_KEPALA_SEKOLAH)


def test_seeding_again_restores_the_cases(skenario):
    sc = skenario
    p = _ptk(sc, "e11_belum_pegawai")
    es.pegawai_add(instansi=p.sekolah.instansi, nip=p.nip, unor=_unor(bimtek.SD1_PASSUE))
    berhasil(p)
    call_command("seed_bimtek", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_ekinerja_bimtek", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert diagnosa(_ptk(sc, "e11_belum_pegawai")).blocking.code == "E11"
    assert diagnosa(_ptk(sc, "e07_status_non_asn")).blocking.code == "E07"
