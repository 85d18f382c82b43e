"""``seed_ekinerja_bimtek``: the SIASN/e-Kinerja side of the Bimtek scenario, coherent with Dapodik
(a healthy pegawai syncs through the HTTP API with the seeded key) and idempotent."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dapodik import bimtek as dapodik_bimtek
from dapodik.choices import STATUS_ASN_SINKRO, JenisPenugasan
from dapodik.models import PTK, PenugasanKepalaSekolah
from sinkro.ekinerja import bimtek
from sinkro.ekinerja import models as m

from .conftest import DIAGNOSE, SYNC

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db, monkeypatch):
    # The healthy population only: the named Sinkro cases registered by sinkro/ekinerja/bimtek_kasus.py
    # are tested in tests/sinkro/test_bimtek.py.
    monkeypatch.setattr(bimtek, "KERUSAKAN", [])
    call_command("seed_bimtek", stdout=StringIO())
    out = StringIO()
    call_command("seed_ekinerja_bimtek", stdout=out)
    return out.getvalue()


def _counts():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (m.Unor, m.PnsSiasn, m.Pegawai, m.UserPmm, m.PltRegistrasi, m.Periode, m.ApiKey)
    }


def _ptk(kode):
    sc = dapodik_bimtek.scenario_build()
    return PTK.objects.select_related("sekolah").get(nik=sc.ptk_by_key(sc.tokoh_by_kode(kode).ptk_key).nik)


def _payload(ptk, *, peran="guru", atasan=None, key="bimtek-0001", **extra):
    return {
        "idempotency_key": key,
        "nip": ptk.nip,
        "nik": ptk.nik,
        "nama": ptk.nama,
        "peran": peran,
        "periode": {"tahun": 2024, "semester": 1},
        "sekolah": {"npsn": ptk.sekolah.npsn, "nama": ptk.sekolah.nama, "tmt": ptk.tmt_tugas.isoformat()},
        "atasan": {"nip": atasan.nip, "nama": atasan.nama} if atasan else None,
        "rhk": [{"kode": f"{peran}-1", "uraian": "Praktik kinerja"}],
        "disepakati": True,
        **extra,
    }


def test_without_the_dapodik_scenario_the_command_says_what_to_run(db):
    with pytest.raises(CommandError, match="seed_bimtek"):
        call_command("seed_ekinerja_bimtek", stdout=StringIO())


def test_running_twice_gives_the_same_data(seeded):
    first = _counts()
    call_command("seed_ekinerja_bimtek", stdout=StringIO())
    assert _counts() == first


def test_a_second_run_restores_what_trainees_changed(seeded):
    unor = m.Unor.objects.exclude(npsn="").first()
    user_pmm = m.UserPmm.objects.count()
    m.Unor.objects.filter(pk=unor.pk).update(aktif_siasn=False, nama="SDN diubah", diatasan=None)
    m.UserPmm.objects.filter(pk__in=list(m.UserPmm.objects.values_list("pk", flat=True)[:5])).delete()
    m.Periode.objects.update(dibuka=False)
    call_command("seed_ekinerja_bimtek", stdout=StringIO())
    unor.refresh_from_db()
    assert unor.aktif_siasn and unor.diatasan_id and unor.nama != "SDN diubah"
    assert not m.Periode.objects.filter(dibuka=False).exists()
    assert m.UserPmm.objects.count() == user_pmm


def test_every_asn_ptk_has_a_siasn_pns_and_siasn_holds_the_right_nip(seeded):
    asn = PTK.objects.filter(status_kepegawaian__in=STATUS_ASN_SINKRO)
    assert m.PnsSiasn.objects.count() == asn.count()
    assert set(m.PnsSiasn.objects.values_list("nik", flat=True)) == set(asn.values_list("nik", flat=True))
    wrong = _ptk("nip_beda_siasn")
    pns = m.PnsSiasn.objects.get(nik=wrong.nik)
    assert pns.nip != wrong.nip
    # Everyone else carries the same NIP on both sides.
    same = sum(1 for nik, nip in asn.values_list("nik", "nip") if m.PnsSiasn.objects.get(nik=nik).nip == nip)
    assert same == asn.count() - 1


def test_user_pmm_lists_the_asn_teachers_and_principals_of_negeri_schools(seeded):
    from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA, StatusSekolah

    expected = {
        m.PnsSiasn.objects.get(nik=p.nik).nip
        for p in PTK.objects.filter(
            status_kepegawaian__in=STATUS_ASN_SINKRO,
            jenis_ptk__in=JENIS_PTK_PENGELOLAAN_KINERJA,
            sekolah__status=StatusSekolah.NEGERI,
        )
    }
    assert set(m.UserPmm.objects.values_list("nip", flat=True)) == expected
    assert _ptk("tenaga_administrasi").nip not in expected


def test_school_unors_mirror_dapodik_with_parents_and_heads(seeded):
    for unor in m.Unor.objects.exclude(npsn="").select_related("diatasan", "pemimpin"):
        assert unor.diatasan is not None and unor.diatasan.nama.startswith("Dinas Pendidikan")
        assert unor.aktif
        definitif = (
            PenugasanKepalaSekolah.objects.filter(
                sekolah__npsn=unor.npsn, jenis=JenisPenugasan.DEFINITIF, tanggal_selesai__isnull=True
            )
            .select_related("ptk")
            .first()
        )
        if definitif and definitif.ptk.status_kepegawaian in STATUS_ASN_SINKRO:
            assert unor.pemimpin.nik == definitif.ptk.nik
        else:
            assert unor.pemimpin is None


def test_the_plt_of_two_schools_is_registered_twice(seeded):
    plt = _ptk("plt_dua_sekolah")
    assert m.PltRegistrasi.objects.filter(pns__nik=plt.nik).count() == 2


def test_a_healthy_principal_and_guru_sync_with_the_seeded_key(seeded, api):
    key = bimtek.bimtek_api_key(dapodik_bimtek.INSTANSI_KAB[0])
    assert key in seeded
    kepala = _ptk("ks_definitif")
    guru = _ptk("guru_pns")
    response = api(SYNC, _payload(kepala, peran="kepala_sekolah", key="bimtek-kepala"), key=key)
    assert response.status_code == 200, response.json()
    response = api(SYNC, _payload(guru, atasan=kepala), key=key)
    assert response.status_code == 200, response.json()


def test_the_wrong_nip_tokoh_meets_error_1(seeded, api):
    key = bimtek.bimtek_api_key(dapodik_bimtek.INSTANSI_KAB[0])
    ptk = _ptk("nip_beda_siasn")
    errors = api(DIAGNOSE, _payload(ptk), key=key).json()["errors"]
    assert (errors[0]["code"], errors[0]["detail"]["kondisi"]) == ("E01", "nip_beda")


def test_named_breakages_run_after_the_healthy_population(seeded, monkeypatch):
    applied = []
    case = bimtek.Kerusakan(
        "guru_pns",
        "E11",
        "PNS belum ditambahkan sebagai pegawai",
        lambda pop: applied.append(m.Pegawai.objects.filter(pns=pop.pns_of_tokoh("guru_pns")).delete()),
    )
    monkeypatch.setattr(bimtek, "KERUSAKAN", [])
    bimtek.kerusakan_register(case)
    bimtek.kerusakan_register(case)  # registered once
    out = StringIO()
    call_command("seed_ekinerja_bimtek", stdout=out)
    assert len(applied) == 1
    assert not m.Pegawai.objects.filter(pns__nik=_ptk("guru_pns").nik).exists()
    assert "E11 · guru_pns" in out.getvalue()
