"""Diagnosis (one and many pegawai) and the SKP status endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinkro.ekinerja import models as m
from sinkro.ekinerja import services

from . import factories as ef
from .conftest import BULK, DIAGNOSE, STATUS, SYNC, guru_payload, kepala_payload, payload

pytestmark = pytest.mark.django_db


def codes(body):
    return [e["code"] for e in body["errors"]]


def test_diagnosis_lists_every_ekinerja_error_in_pipeline_order_and_writes_nothing(dunia, api):
    # Given a guru whose data is wrong in many ways at once
    services.periode_set_open(periode=dunia.periode, dibuka=False)  # #8
    m.UserPmm.objects.filter(nip=dunia.guru.nip).delete()  # #1
    dunia.sekolah.aktif_ekinerja = False  # #3
    dunia.sekolah.diatasan = None  # #5
    dunia.sekolah.save()
    body = guru_payload(dunia, atasan={"nip": "199901012020011001", "nama": "Orang Lain"})  # #16
    body["sekolah"]["nama"] = "SDN 4 Pagi"  # #4 kondisi A (a warning)
    # When PMM asks for a diagnosis
    response = api(DIAGNOSE, body, key=dunia.key)
    # Then every error comes back, in the order a sync meets them
    data = response.json()
    assert response.status_code == 200, data
    assert codes(data) == ["E08", "E01", "E03", "E04", "E05", "E16"]
    assert data["ok"] is False
    warning = data["errors"][3]
    assert warning["detail"]["peringatan"] is True and warning["detail"]["kondisi"] == "A"
    assert [e["detail"]["urutan"] for e in data["errors"]] == sorted(
        e["detail"]["urutan"] for e in data["errors"]
    )
    assert data["errors"][0]["detail"]["bantuan"] == "/sinkro/bantuan/#E08"
    assert not m.LogSinkron.objects.exists()
    assert not m.Skp.objects.exists()


def test_diagnosis_of_a_guru_lists_12_and_15_together(dunia, api, kepala_synced):
    api(SYNC, guru_payload(dunia), key=dunia.key)
    m.Skp.objects.filter(pegawai__pns=dunia.kepala).delete()
    m.Pegawai.objects.filter(pns=dunia.guru).update(unor=dunia.sekolah2)
    dunia.sekolah2.pemimpin = dunia.kepala
    dunia.sekolah2.save()
    body = payload(dunia.guru, sekolah=dunia.sekolah2, atasan={"nip": dunia.kepala.nip, "nama": "k"})
    assert codes(api(DIAGNOSE, body, key=dunia.key).json()) == ["E12", "E15"]
    # A confirmation answers #12 in advance: only #15 is left.
    confirmed = api(DIAGNOSE, body | {"konfirmasi_unor_berbeda": True}, key=dunia.key).json()
    assert codes(confirmed) == ["E15"]


def test_diagnosis_of_a_plt_lists_19_and_of_an_unknown_pegawai_stops_at_10(dunia, api):
    plt = payload(
        dunia.guru, peran="plt_kepala_sekolah", sekolah=dunia.sekolah, plt_npsn=[dunia.sekolah2.npsn]
    )
    assert codes(api(DIAGNOSE, plt, key=dunia.key).json()) == ["E19"]
    unknown = guru_payload(dunia, nip="199001012015011999", nik="3201010101999999", tahun=2030)
    assert codes(api(DIAGNOSE, unknown, key=dunia.key).json()) == ["E08", "E10"]


def test_diagnosis_of_a_healthy_pegawai_is_ok_and_shows_what_ekinerja_holds(dunia, api):
    data = api(DIAGNOSE, kepala_payload(dunia), key=dunia.key).json()
    assert data["ok"] is True and data["errors"] == []
    assert data["ekinerja"]["unor"]["id"] == dunia.sekolah.id
    assert data["ekinerja"]["user_pmm"] is True


def test_diagnosis_needs_the_key_and_a_valid_payload(dunia, api):
    response = api(DIAGNOSE, kepala_payload(dunia), key="salah")
    assert response.status_code == 401
    assert response.json()["message"] == "xApiKey does not exists in whitelist"
    response = api(DIAGNOSE, kepala_payload(dunia) | {"nip": "1"}, key=dunia.key)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def _bulk(dunia, n):
    items = []
    for i in range(n):
        pns = dunia.pns(user_pmm=i % 3 != 0)
        items.append(
            payload(
                pns,
                sekolah=dunia.sekolah,
                atasan={"nip": dunia.kepala.nip, "nama": "k"},
                key=f"kunci-{i:05d}",
            )
        )
    return {"items": items}


def test_bulk_diagnosis_costs_the_same_queries_for_5_and_50_pegawai(
    dunia, api, kepala_synced, django_assert_num_queries
):
    small, large = _bulk(dunia, 5), _bulk(dunia, 50)
    with CaptureQueriesContext(connection) as five:
        response = api(BULK, small, key=dunia.key)
    assert response.status_code == 200
    with django_assert_num_queries(len(five.captured_queries)):
        response = api(BULK, large, key=dunia.key)
    results = response.json()["results"]
    assert len(results) == 50
    # The diagnosis itself is right for each: every third pegawai is no User PMM.
    assert [codes(r) for r in results[:3]] == [["E01"], [], []]


def test_bulk_diagnosis_reports_a_malformed_item_in_place(dunia, api):
    good = kepala_payload(dunia)
    response = api(BULK, {"items": [good, {"nip": "x"}, "teks"]}, key=dunia.key)
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert results[0]["ok"] is True
    assert "nip" in results[1]["invalid"] and results[2]["ok"] is False


def test_bulk_diagnosis_needs_the_key_and_a_list(dunia, api):
    assert api(BULK, {"items": [kepala_payload(dunia)]}, key=None).status_code == 401
    assert api(BULK, {"items": []}, key=dunia.key).status_code == 400
    assert api(BULK, {"items": [{}] * 2001}, key=dunia.key).status_code == 400


def test_status_returns_the_skp_and_its_links(dunia, api, kepala_synced):
    api(SYNC, guru_payload(dunia), key=dunia.key)
    response = api(STATUS, {"nip": dunia.guru.nip, "tahun": 2024, "semester": 1}, key=dunia.key, method="get")
    data = response.json()
    assert response.status_code == 200, data
    [skp] = data["skp"]
    assert skp["peran"] == "guru" and skp["unor"]["npsn"] == dunia.sekolah.npsn
    assert [r["rhk_atasan_kode"] for r in skp["rhk"]] == ["kepala_sekolah-PK", "kepala_sekolah-PK"]
    empty = api(STATUS, {"nip": dunia.guru.nip, "tahun": 2024, "semester": 2}, key=dunia.key, method="get")
    assert empty.json()["skp"] == []


def test_status_of_another_instansis_pegawai_is_404_and_needs_key(dunia, api):
    other = ef.PeriodeFactory().instansi
    _, raw = services.api_key_create(instansi=other, nama="lain")
    query = {"nip": dunia.guru.nip, "tahun": 2024, "semester": 1}
    assert api(STATUS, query, key=raw, method="get").status_code == 404
    assert api(STATUS, query, key=None, method="get").status_code == 401
    assert api(STATUS, {"nip": "abc", "tahun": "x"}, key=dunia.key, method="get").status_code == 400
