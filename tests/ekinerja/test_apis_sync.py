"""POST /ekinerja/api/v1/skp/sinkron/: every e-Kinerja-side error arises from its data state, over
HTTP with the x-api-key header, and disappears when the responsible actor fixes the data."""

from datetime import date

import pytest

from sinkro.ekinerja import models as m
from sinkro.ekinerja import services

from . import factories as ef
from .conftest import SYNC, guru_payload, kepala_payload, payload, set_tanggal

pytestmark = pytest.mark.django_db

# Typed from DESIGN.md §4, independently of sinkro/catalogue.py.
MSG = {
    "E01": "Tombol sinkron PMM tidak muncul di e-Kinerja",
    "E03": "Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja",
    "E04": "Nama Sekolah atau Nama Unor tidak sama dengan data PMM",
    "E05": "Unit Kerja atasan tidak ditemukan",
    "E06": "xApiKey does not exists in whitelist",
    "E08": "Unexpected period value",
    "E09": "Request failed with status code 500",
    "E10": "Data PNS ID belum padan antara SIASN dengan PMM",
    "E11": "JavaScript Error: Type Error : cannot read properties of undefined(reading 'unor_id')",
    "E12": "SKP yang ada memiliki Unor yang berbeda dengan Pegawai saat ini",
    "E15": "Data SKP Organisasi belum dibuat oleh atasan",
    "E16": "Atasan Pegawai tidak sama dengan data PMM",
    "E17": "Tidak ada RHK yang bisa dikaitkan",
    "E19": "Pegawai tidak terdaftar sebagai Plt. kepala Sekolah di e-Kinerja",
    "E20": "Jumlah SKP sebagai Plt. Kepala Sekolah di PMM tidak sesuai dengan data Plt.Kepala Sekolah di E-kinerja",
}


def assert_error(response, code, status=422):
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code
    assert body["message"] == MSG[code]
    return body


def last_log():
    return m.LogSinkron.objects.order_by("-id").first()


# --- success -------------------------------------------------------------------------------------


def test_principal_sync_creates_the_skp_organisasi(dunia, api):
    response = api(SYNC, kepala_payload(dunia), key=dunia.key)
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "berhasil"
    skp = m.Skp.objects.get(pegawai__pns=dunia.kepala)
    assert skp.is_organisasi and skp.peran == "kepala_sekolah" and skp.unor == dunia.sekolah
    assert list(skp.rhk.values_list("kode", flat=True)) == ["kepala_sekolah-PK", "kepala_sekolah-KOM"]
    assert body["skp"]["dibuat"] is True
    assert response["X-Request-Id"] == body["request_id"]
    log = last_log()
    assert (log.hasil, log.kode, log.skp_id, log.nip) == ("berhasil", "", skp.id, dunia.kepala.nip)


def test_guru_sync_links_each_rhk_to_the_principals_rhk(dunia, api, kepala_synced):
    rhk = [
        {"kode": "G1", "uraian": "Praktik", "rhk_atasan_kode": "kepala_sekolah-KOM"},
        {"kode": "G2", "uraian": "Kompetensi"},
    ]
    response = api(SYNC, guru_payload(dunia, rhk=rhk), key=dunia.key)
    assert response.status_code == 200, response.json()
    skp = m.Skp.objects.get(pegawai__pns=dunia.guru)
    links = dict(skp.rhk.values_list("kode", "rhk_atasan__kode"))
    # An explicit link is kept; without one, e-Kinerja links to the principal's first RHK.
    assert links == {"G1": "kepala_sekolah-KOM", "G2": "kepala_sekolah-PK"}
    assert (skp.atasan_nip, skp.is_organisasi) == (dunia.kepala.nip, False)


# --- #6 API key ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "tidak-ada-di-whitelist"])
def test_missing_or_unknown_key_is_refused_with_6_and_logged(dunia, api, key):
    response = api(SYNC, guru_payload(dunia), key=key)
    assert_error(response, "E06", 401)
    assert not m.Skp.objects.exists()
    log = last_log()
    assert (log.kode, log.hasil, log.aktor, log.http_status) == ("E06", "gagal", "Helpdesk BKN", 401)
    # The attempt is shown to the admin of the pegawai's instansi, found through SIASN.
    assert log.instansi_id == dunia.instansi.id


def test_revoked_key_is_refused_with_6(dunia, api):
    services.api_key_revoke(api_key=dunia.api_key)
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E06", 401)


def test_key_of_another_instansi_does_not_reach_this_instansis_pegawai(dunia, api):
    other = ef.PeriodeFactory(tahun=2024, semester=1).instansi
    _, raw = services.api_key_create(instansi=other, nama="lain")
    # That instansi's e-Kinerja neither lists the NIP as User PMM nor has the PNS as pegawai.
    assert_error(api(SYNC, guru_payload(dunia), key=raw), "E01")
    services.user_pmm_add(instansi=other, nip=dunia.guru.nip)
    assert_error(api(SYNC, guru_payload(dunia), key=raw), "E11")
    assert not m.Skp.objects.exists()


# --- #8 period -------------------------------------------------------------------------------------


def test_closed_period_is_8_and_opening_it_fixes_it(dunia, api, kepala_synced):
    services.periode_set_open(periode=dunia.periode, dibuka=False)
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E08")
    services.periode_set_open(periode=dunia.periode, dibuka=True)
    assert api(SYNC, guru_payload(dunia, key="kunci-0002"), key=dunia.key).status_code == 200


@pytest.mark.parametrize("tahun,semester", [(2025, 1), (2024, 3), (2024, 0)])
def test_undefined_period_is_8(dunia, api, tahun, semester):
    assert_error(api(SYNC, guru_payload(dunia, tahun=tahun, semester=semester), key=dunia.key), "E08")


# --- #10, #1, #11 who the pegawai is -----------------------------------------------------------------


def test_nip_and_nik_unknown_to_siasn_is_10(dunia, api):
    body = guru_payload(dunia, nip="199001012015011999", nik="3201010101999999")
    assert_error(api(SYNC, body, key=dunia.key), "E10")
    assert last_log().aktor == "Operator Sekolah"


def test_nip_differing_from_siasn_is_1_and_verval_fixes_it(dunia, api, kepala_synced):
    wrong = "19800101200502" + dunia.guru.nip[-4:]
    body = assert_error(api(SYNC, guru_payload(dunia, nip=wrong), key=dunia.key), "E01")
    assert body["detail"]["kondisi"] == "nip_beda"
    assert body["detail"]["nip_siasn"] == dunia.guru.nip
    assert last_log().aktor == "Operator Sekolah"
    # The operator corrects the NIP in Verval PTK: PMM now sends SIASN's NIP.
    assert api(SYNC, guru_payload(dunia, key="kunci-0002"), key=dunia.key).status_code == 200


def test_nip_missing_from_user_pmm_is_1_and_the_admin_adds_it(dunia, api, kepala_synced):
    m.UserPmm.objects.filter(nip=dunia.guru.nip).delete()
    body = assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E01")
    assert body["detail"]["kondisi"] == "bukan_user_pmm"
    assert last_log().aktor == "Admin Instansi"
    services.user_pmm_add(instansi=dunia.instansi, nip=dunia.guru.nip)
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200


def test_pns_never_added_as_pegawai_is_11_and_adding_fixes_it(dunia, api, kepala_synced):
    pns = dunia.pns(pegawai=False)
    body = payload(pns, sekolah=dunia.sekolah, atasan={"nip": dunia.kepala.nip, "nama": "x"})
    assert_error(api(SYNC, body, key=dunia.key), "E11")
    services.pegawai_add(instansi=dunia.instansi, nip=pns.nip, unor=dunia.sekolah)
    assert api(SYNC, body, key=dunia.key).status_code == 200


# --- #3, #4, #5 the unor ----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["aktif_ekinerja", "aktif_siasn"])
def test_inactive_unor_in_either_system_is_3(dunia, api, kepala_synced, flag):
    setattr(dunia.sekolah, flag, False)
    dunia.sekolah.save()
    body = assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E03")
    assert body["detail"][flag] is False
    assert last_log().aktor == "Admin Instansi"


def test_same_npsn_other_name_is_a_warning_4a_and_the_sync_continues(dunia, api, kepala_synced):
    body = guru_payload(dunia)
    body["sekolah"]["nama"] = "SDN 4 Pagi"
    response = api(SYNC, body, key=dunia.key)
    data = response.json()
    assert response.status_code == 200, data
    assert data["status"] == "peringatan"
    assert [(w["code"], w["detail"]["kondisi"]) for w in data["peringatan"]] == [("E04", "A")]
    assert m.Skp.objects.filter(pegawai__pns=dunia.guru).exists()
    log = last_log()
    assert (log.hasil, log.kode, log.kondisi, log.aktor) == ("peringatan", "E04", "A", "Admin Instansi")


def test_a_name_differing_only_in_case_and_spaces_is_no_warning(dunia, api, kepala_synced):
    body = guru_payload(dunia)
    body["sekolah"]["nama"] = "  sd negeri 4   PAGI "
    assert api(SYNC, body, key=dunia.key).json()["status"] == "berhasil"


def _moved_to_sekolah2(dunia):
    body = guru_payload(dunia)
    body["sekolah"] = {"npsn": dunia.sekolah2.npsn, "nama": dunia.sekolah2.nama, "tmt": "2024-01-02"}
    return body


def test_other_school_with_newer_dapodik_is_4b_and_moving_the_unor_fixes_it(dunia, api):
    set_tanggal(dunia.guru, date(2023, 7, 1))
    body = assert_error(api(SYNC, _moved_to_sekolah2(dunia), key=dunia.key), "E04")
    assert body["detail"]["kondisi"] == "B"
    assert last_log().aktor == "Admin Instansi"
    services.pegawai_move(pegawai=dunia.pegawai(dunia.guru), unor=dunia.sekolah2)
    # Now e-Kinerja agrees with Dapodik; the next stop is the new school's missing SKP Organisasi.
    assert_error(api(SYNC, _moved_to_sekolah2(dunia) | {"atasan": None}, key=dunia.key), "E15")


def test_other_school_with_newer_siasn_is_4c_for_the_operator(dunia, api):
    set_tanggal(dunia.guru, date(2024, 3, 1))
    body = assert_error(api(SYNC, _moved_to_sekolah2(dunia), key=dunia.key), "E04")
    assert body["detail"]["kondisi"] == "C"
    assert last_log().aktor == "Operator Sekolah"


def test_unor_without_parent_is_5(dunia, api, kepala_synced):
    dunia.sekolah.diatasan = None
    dunia.sekolah.save()
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E05")


def test_first_failure_stops_the_sync(dunia, api):
    dunia.sekolah.aktif_siasn = False
    dunia.sekolah.diatasan = None
    dunia.sekolah.save()
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E03")


# --- #16 atasan -------------------------------------------------------------------------------------


def test_guru_whose_pmm_atasan_is_not_the_unor_head_is_16(dunia, api, kepala_synced):
    other = dunia.pns()
    body = assert_error(
        api(SYNC, guru_payload(dunia, atasan={"nip": other.nip, "nama": other.nama}), key=dunia.key), "E16"
    )
    assert body["detail"]["atasan_pmm"]["nip"] == other.nip
    assert body["detail"]["atasan_ekinerja"]["nip"] == dunia.kepala.nip


def test_principal_who_is_not_the_unor_head_is_16_until_the_admin_sets_the_head(dunia, api):
    dunia.sekolah.pemimpin = None
    dunia.sekolah.save()
    assert_error(api(SYNC, kepala_payload(dunia), key=dunia.key), "E16")
    services.unor_update(
        unor=dunia.sekolah,
        nama=dunia.sekolah.nama,
        aktif_ekinerja=True,
        aktif_siasn=True,
        diatasan=dunia.dinas,
        pemimpin_nip=dunia.kepala.nip,
    )
    assert api(SYNC, kepala_payload(dunia), key=dunia.key).status_code == 200


def test_at_a_plt_led_school_the_registered_plt_is_the_atasan(dunia, api):
    plt = dunia.pns(unor=dunia.sekolah2)
    guru = dunia.pns(unor=dunia.sekolah2)
    services.plt_add(instansi=dunia.instansi, nip=plt.nip, unor=dunia.sekolah2)
    plt_body = payload(
        plt,
        peran="plt_kepala_sekolah",
        sekolah=dunia.sekolah2,
        key="kunci-plt-1",
        plt_npsn=[dunia.sekolah2.npsn],
    )
    assert api(SYNC, plt_body, key=dunia.key).status_code == 200
    guru_body = payload(
        guru, sekolah=dunia.sekolah2, atasan={"nip": plt.nip, "nama": plt.nama}, key="kunci-g-1"
    )
    response = api(SYNC, guru_body, key=dunia.key)
    assert response.status_code == 200, response.json()
    # The Plt's SKP is the SKP Organisasi of the school it leads.
    assert m.Skp.objects.get(pegawai__pns=guru).rhk.filter(rhk_atasan__skp__pegawai__pns=plt).count() == 2


# --- #19, #20 Plt -------------------------------------------------------------------------------------


def _plt_body(dunia, pns, npsn):
    return payload(pns, peran="plt_kepala_sekolah", sekolah=dunia.sekolah, key="kunci-plt-9", plt_npsn=npsn)


def test_plt_not_registered_in_ekinerja_is_19(dunia, api):
    assert_error(api(SYNC, _plt_body(dunia, dunia.guru, [dunia.sekolah2.npsn]), key=dunia.key), "E19")
    assert last_log().aktor == "Admin Instansi"


def test_plt_of_two_schools_registered_for_one_is_20_and_registering_fixes_it(dunia, api):
    services.plt_add(instansi=dunia.instansi, nip=dunia.guru.nip, unor=dunia.sekolah2)
    third = ef.UnorFactory(instansi=dunia.instansi, diatasan=dunia.dinas)
    body = _plt_body(dunia, dunia.guru, [dunia.sekolah2.npsn, third.npsn])
    detail = assert_error(api(SYNC, body, key=dunia.key), "E20")["detail"]
    assert (detail["jumlah_pmm"], detail["jumlah_ekinerja"]) == (2, 1)
    services.plt_add(instansi=dunia.instansi, nip=dunia.guru.nip, unor=third)
    assert api(SYNC, body, key=dunia.key).status_code == 200
    skp = m.Skp.objects.get(pegawai__pns=dunia.guru, peran="plt_kepala_sekolah")
    assert set(skp.unor_plt.values_list("npsn", flat=True)) == {dunia.sekolah2.npsn, third.npsn}


# --- #12 existing SKP with another unor ------------------------------------------------------------------


def _guru_moved_after_sync(dunia, api):
    """The guru synced at school 1; the admin then moved them to school 2, led by another principal
    who has synced. Returns the guru's next payload (Dapodik says school 2) and the old SKP."""
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200
    old = m.Skp.objects.get(pegawai__pns=dunia.guru)
    kepala2 = dunia.pns(unor=dunia.sekolah2)
    dunia.sekolah2.pemimpin = kepala2
    dunia.sekolah2.save()
    assert (
        api(
            SYNC,
            payload(kepala2, peran="kepala_sekolah", sekolah=dunia.sekolah2, key="kunci-k2-01"),
            key=dunia.key,
        ).status_code
        == 200
    )
    services.pegawai_move(pegawai=dunia.pegawai(dunia.guru), unor=dunia.sekolah2)
    body = payload(
        dunia.guru,
        sekolah=dunia.sekolah2,
        atasan={"nip": kepala2.nip, "nama": kepala2.nama},
        key="kunci-0003",
    )
    return body, old


def test_existing_skp_with_other_unor_is_12_without_confirmation_and_nothing_changes(
    dunia, api, kepala_synced
):
    body, old = _guru_moved_after_sync(dunia, api)
    detail = assert_error(api(SYNC, body, key=dunia.key), "E12", 409)["detail"]
    assert detail["perlu_konfirmasi"] is True
    assert detail["unor_skp"]["id"] == dunia.sekolah.id
    assert m.Skp.objects.get(pk=old.pk).unor == dunia.sekolah
    assert last_log().aktor == "Pegawai"


def test_confirmed_12_deletes_the_old_skp_and_replaces_it(dunia, api, kepala_synced):
    body, old = _guru_moved_after_sync(dunia, api)
    response = api(SYNC, body | {"konfirmasi_unor_berbeda": True}, key=dunia.key)
    data = response.json()
    assert response.status_code == 200, data
    assert data["skp"]["skp_lama_dihapus"] is True
    assert not m.Skp.objects.filter(pk=old.pk).exists()
    assert m.Skp.objects.get(pegawai__pns=dunia.guru, peran="guru").unor == dunia.sekolah2


# --- #15, #17 the principal's SKP Organisasi --------------------------------------------------------------


def test_guru_before_the_principal_synced_is_15_and_the_principals_sync_fixes_it(dunia, api):
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E15")
    assert last_log().aktor == "Kepala Sekolah"
    assert api(SYNC, kepala_payload(dunia), key=dunia.key).status_code == 200
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200


def test_principal_skp_without_rhk_is_17_until_the_principal_syncs_again(dunia, api):
    assert api(SYNC, kepala_payload(dunia, rhk=[]), key=dunia.key).status_code == 200
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E17")
    assert api(SYNC, kepala_payload(dunia, key="kunci-kepala-2"), key=dunia.key).status_code == 200
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200


def test_guru_rhk_linked_to_an_unknown_principal_rhk_is_17(dunia, api, kepala_synced):
    rhk = [{"kode": "G1", "uraian": "x", "rhk_atasan_kode": "TIDAK-ADA"}]
    detail = assert_error(api(SYNC, guru_payload(dunia, rhk=rhk), key=dunia.key), "E17")["detail"]
    assert detail["rhk_tanpa_kaitan"] == ["G1"]


# --- payload, log, idempotency ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"nip": "12345"},
        {"nik": "abc"},
        {"peran": "operator"},
        {"periode": {"tahun": "dua ribu"}},
        {"sekolah": None},
        {"rhk": [{"kode": "A", "uraian": "x"}, {"kode": "A", "uraian": "y"}]},
        {"idempotency_key": "pendek"},
        {"nama": "a\x00b"},
        {"peran": "plt_kepala_sekolah", "plt_npsn": []},
    ],
)
def test_malformed_payload_is_400_and_changes_nothing_but_the_log(dunia, api, kepala_synced, change):
    before = m.Skp.objects.count()
    response = api(SYNC, guru_payload(dunia) | change, key=dunia.key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert m.Skp.objects.count() == before
    assert last_log().http_status == 400


def test_non_json_body_is_400(dunia, client):
    response = client.post(SYNC, "{not json", content_type="application/json", HTTP_X_API_KEY=dunia.key)
    assert response.status_code == 400
    response = client.post(SYNC, "[1, 2]", content_type="application/json", HTTP_X_API_KEY=dunia.key)
    assert response.status_code == 400


def test_every_attempt_writes_one_log_row(dunia, api):
    api(SYNC, guru_payload(dunia), key="salah")
    api(SYNC, guru_payload(dunia, key="kunci-0002"), key=dunia.key)  # E15
    api(SYNC, kepala_payload(dunia), key=dunia.key)  # ok
    assert list(m.LogSinkron.objects.order_by("id").values_list("kode", "hasil")) == [
        ("E06", "gagal"),
        ("E15", "gagal"),
        ("", "berhasil"),
    ]


def test_log_keeps_what_pmm_sent_beside_what_ekinerja_holds(dunia, api, kepala_synced):
    other = dunia.pns()
    api(SYNC, guru_payload(dunia, atasan={"nip": other.nip, "nama": "Bukan Kepala"}), key=dunia.key)
    log = last_log()
    assert log.dikirim["atasan"] == {"nip": other.nip, "nama": "Bukan Kepala"}
    assert log.ekinerja["atasan"] == {"nip": dunia.kepala.nip, "nama": dunia.kepala.nama}
    assert log.ekinerja["unor"]["npsn"] == dunia.sekolah.npsn


def test_same_key_twice_replays_without_a_second_write(dunia, api, kepala_synced):
    first = api(SYNC, guru_payload(dunia), key=dunia.key)
    skp = m.Skp.objects.get(pegawai__pns=dunia.guru)
    rhk_ids = sorted(skp.rhk.values_list("id", flat=True))
    logs = m.LogSinkron.objects.count()
    second = api(SYNC, guru_payload(dunia), key=dunia.key)
    assert second.status_code == 200
    assert second.json()["replay"] is True and second["Idempotent-Replayed"] == "true"
    assert second.json()["skp"] == first.json()["skp"]
    assert m.Skp.objects.filter(pegawai__pns=dunia.guru).count() == 1
    again = m.Skp.objects.get(pk=skp.pk)
    assert again.diperbarui_pada == skp.diperbarui_pada
    assert sorted(again.rhk.values_list("id", flat=True)) == rhk_ids
    assert m.LogSinkron.objects.count() == logs


def test_different_keys_for_the_same_pegawai_period_and_role_keep_one_skp(dunia, api, kepala_synced):
    api(SYNC, guru_payload(dunia, key="kunci-a-001"), key=dunia.key)
    rhk = [{"kode": "baru", "uraian": "RHK baru"}]
    response = api(SYNC, guru_payload(dunia, key="kunci-b-002", rhk=rhk), key=dunia.key)
    assert response.json()["skp"]["dibuat"] is False
    skp = m.Skp.objects.get(pegawai__pns=dunia.guru, peran="guru")
    assert list(skp.rhk.values_list("kode", flat=True)) == ["baru"]
    assert skp.idempotency_key == "kunci-b-002"


def test_same_key_with_other_data_is_a_conflict_and_changes_nothing(dunia, api, kepala_synced):
    api(SYNC, guru_payload(dunia), key=dunia.key)
    response = api(SYNC, guru_payload(dunia, rhk=[{"kode": "lain", "uraian": "lain"}]), key=dunia.key)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert list(m.Skp.objects.get(pegawai__pns=dunia.guru).rhk.values_list("kode", flat=True)) == [
        "guru-PK",
        "guru-KOM",
    ]


def test_an_error_does_not_consume_the_key(dunia, api):
    assert_error(api(SYNC, guru_payload(dunia), key=dunia.key), "E15")
    api(SYNC, kepala_payload(dunia), key=dunia.key)
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200


# --- injected faults (#9) ------------------------------------------------------------------------------


def test_injected_500_answers_9_writes_only_the_log_and_is_used_up(dunia, api, kepala_synced):
    services.gangguan_set(mode="500", persen=100, sisa=1)
    response = api(SYNC, guru_payload(dunia), key=dunia.key)
    detail = assert_error(response, "E09", 500)["detail"]
    assert detail["gangguan"] == "500"
    assert not m.Skp.objects.filter(pegawai__pns=dunia.guru).exists()
    log = last_log()
    assert (log.kode, log.gangguan, log.http_status) == ("E09", "500", 500)
    # The retry (same key) goes through: the fault was counted once.
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 200
    assert m.Gangguan.objects.get().mode == "none"


def test_fault_with_nip_filter_spares_other_pegawai(dunia, api):
    services.gangguan_set(mode="500", nip=dunia.guru.nip)
    assert api(SYNC, kepala_payload(dunia), key=dunia.key).status_code == 200
    assert api(SYNC, guru_payload(dunia), key=dunia.key).status_code == 500


def test_fault_at_zero_percent_never_fires(dunia, api):
    services.gangguan_set(mode="500", persen=0)
    assert api(SYNC, kepala_payload(dunia), key=dunia.key).status_code == 200


def test_outage_answers_503_on_every_endpoint(dunia, api):
    from .conftest import DIAGNOSE, STATUS

    services.gangguan_set(mode="outage")
    response = api(SYNC, kepala_payload(dunia), key=dunia.key)
    assert_error(response, "E09", 503)
    assert response["Retry-After"]
    assert api(DIAGNOSE, kepala_payload(dunia), key=dunia.key).status_code == 503
    status = api(STATUS, {"nip": dunia.kepala.nip, "tahun": 2024, "semester": 1}, key=dunia.key, method="get")
    assert status.status_code == 503
    services.gangguan_clear()
    assert api(SYNC, kepala_payload(dunia), key=dunia.key).status_code == 200


def test_timeout_delays_past_the_client_timeout_then_the_retry_replays(dunia, api, monkeypatch, settings):
    settings.EKINERJA_FAULT_TIMEOUT_SECONDS = 7.5
    slept = []
    monkeypatch.setattr(services, "_sleep", slept.append)
    services.gangguan_set(mode="timeout", sisa=1)
    first = api(SYNC, kepala_payload(dunia), key=dunia.key)
    assert slept == [7.5]
    # The work was done although the client gave up: the retry with the same key replays it.
    assert first.status_code == 200 and last_log().gangguan == "timeout"
    retry = api(SYNC, kepala_payload(dunia), key=dunia.key)
    assert retry.json()["replay"] is True
    assert slept == [7.5]
    assert m.Skp.objects.filter(pegawai__pns=dunia.kepala).count() == 1


def test_diagnosis_is_not_hit_by_500_or_timeout(dunia, api, monkeypatch):
    from .conftest import DIAGNOSE

    monkeypatch.setattr(services, "_sleep", lambda s: pytest.fail("diagnosis must not sleep"))
    services.gangguan_set(mode="500")
    assert api(DIAGNOSE, kepala_payload(dunia), key=dunia.key).status_code == 200
    services.gangguan_set(mode="timeout")
    assert api(DIAGNOSE, kepala_payload(dunia), key=dunia.key).status_code == 200
