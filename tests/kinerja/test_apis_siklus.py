"""The cycle API (/api/v1/kinerja/): a semester through the endpoints, every role and the same role of
another school/region, every forbidden move with its error body, upload validation, token
authentication, query counts at two sizes, and an OpenAPI schema without warnings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kinerja.benchmarks import sekolah_uji_build
from kinerja.models import BuktiDukung, FokusPerilaku, Penilaian, Peran, Rencana, Riwayat
from kinerja.services import perencanaan
from pmm.roles import Role
from tests import factories as f

from .helpers import PDF, aktor, hari, indikator, nilai, rencana_lengkap, rhk, siap_dinilai, tugas

pytestmark = pytest.mark.django_db

API = "/api/v1/kinerja"


def api_for(who):
    client = APIClient()
    if who is not None:
        client.force_authenticate(getattr(who, "user", who))
    return client


def galat(res, status, code=None) -> dict:
    assert res.status_code == status, (res.status_code, res.content)
    body = res.json()
    assert set(body) == {"code", "message", "detail"}
    if code is not None:
        assert body["code"] == code, body
    return body


def test_urls_are_named():
    assert reverse("api_kinerja_beranda") == f"{API}/beranda/"
    assert reverse("api_kinerja_rencana_transisi", args=[3]) == f"{API}/rencana/3/transisi/"
    assert (
        reverse("api_kinerja_predikat_organisasi", args=[4]) == f"{API}/dinas/sekolah/4/predikat-organisasi/"
    )


def test_a_semester_through_the_api(wilayah):
    guru, kepala, kadis, sekolah = wilayah.guru[0], wilayah.kepala, wilayah.kadis, wilayah.sekolah
    g, k, d = api_for(guru), api_for(kepala), api_for(kadis)
    hari(1, 8)
    body = g.get(f"{API}/beranda/").json()
    assert body["tahap"] == "perencanaan" and [j["sekarang"] for j in body["timeline"]][0] is True
    r = g.post(f"{API}/rencana/", {"peran": "guru"}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pk = r.json()["id"]
    assert (
        g.put(
            f"{API}/rencana/{pk}/indikator/", {"indikator": indikator("D1-02").pk}, format="json"
        ).status_code
        == 200
    )
    poin = g.put(
        f"{API}/rencana/{pk}/rhk/", {"items": [{"rhk": rhk("PK-01").pk, "jumlah": 2}]}, format="json"
    ).json()
    assert (
        poin == {"total": 16, "kode": "kurang", "pesan": poin["pesan"]}
        and "di bawah rekomendasi" in poin["pesan"]
    )
    items = {"items": [{"tugas": tugas("TT-06").pk, "nomor_sk": "SK/1"}]}
    assert (
        g.put(f"{API}/rencana/{pk}/tugas-tambahan/", items, format="json").json()["tugas_tambahan"][0][
            "nomor_sk"
        ]
        == "SK/1"
    )
    assert g.post(f"{API}/rencana/{pk}/perilaku/").json()["kekurangan"] == []
    assert (
        g.post(f"{API}/rencana/{pk}/transisi/", {"aksi": "ajukan"}, format="json").json()["status"]
        == "diajukan"
    )
    daftar = k.get(f"{API}/sekolah/{sekolah.pk}/persetujuan/").json()
    assert [b["ptk"]["id"] for b in daftar["muncul"]] == [guru.pk]
    assert {b["alasan"]["tipe"] for b in daftar["belum_muncul"]} == {"A"}
    assert k.get(f"{API}/rencana/{pk}/").json()["tindakan"] == ["setujui", "kembalikan"]
    assert (
        k.post(f"{API}/rencana/{pk}/transisi/", {"aksi": "setujui"}, format="json").json()["status"]
        == "disetujui"
    )
    assert (
        g.post(f"{API}/rencana/{pk}/transisi/", {"aksi": "sepakati"}, format="json").json()["status"]
        == "disepakati"
    )

    hari(2, 10)
    fokus = FokusPerilaku.objects.filter(indikator=indikator("D1-02")).first()
    data = {
        "aksi": "persiapan",
        "fokus": [fokus.pk],
        "dokumen_persiapan": "Modul.",
        "jadwal": "2025-03-03T09:00:00+07:00",
    }
    obs = g.post(f"{API}/rencana/{pk}/observasi/transisi/", data, format="json").json()
    assert obs["status"] == "terjadwal" and [x["id"] for x in obs["fokus"]] == [fokus.pk]
    rr = Rencana.objects.get(pk=pk).rhk.get()
    up = g.post(
        f"{API}/rencana/{pk}/bukti/",
        {"rencana_rhk": rr.pk, "berkas": SimpleUploadedFile("s.pdf", PDF)},
        format="multipart",
    )
    assert up.status_code == 201 and up.json()["nama"] == "s.pdf"
    assert [b["nama"] for b in k.get(f"{API}/rencana/{pk}/bukti/").json()] == ["s.pdf"]
    hari(3, 3)
    assert (
        k.post(
            f"{API}/rencana/{pk}/observasi/transisi/", {"aksi": "observasi", "teks": "Fakta."}, format="json"
        ).status_code
        == 200
    )
    hari(4, 3)
    g.post(f"{API}/rencana/{pk}/observasi/transisi/", {"aksi": "tindak_lanjut", "teks": "TL."}, format="json")
    hari(6, 2)
    assert (
        g.post(
            f"{API}/rencana/{pk}/observasi/transisi/", {"aksi": "refleksi", "teks": "R."}, format="json"
        ).json()["status"]
        == "selesai"
    )

    hari(6, 12)
    pen = k.put(
        f"{API}/rencana/{pk}/penilaian/",
        {"rating_hasil_kerja": "di_atas", "rating_perilaku": "di_atas"},
        format="json",
    )
    assert pen.json()["predikat"] == "sangat_baik"
    assert g.get(f"{API}/rencana/{pk}/penilaian/").json() == {
        "rencana": pk,
        "ditetapkan": False,
        "penilaian": None,
    }
    assert (
        k.post(
            f"{API}/sekolah/{sekolah.pk}/kirim/", {"konfirmasi": True, "penjelasan": "ok"}, format="json"
        ).json()["status"]
        == "dikirim"
    )
    rows = d.get(f"{API}/dinas/sekolah/").json()
    assert [(x["sekolah"]["id"], x["boleh_diberi_predikat"]) for x in rows] == [(sekolah.pk, True)]
    org = d.post(
        f"{API}/dinas/sekolah/{sekolah.pk}/predikat-organisasi/",
        {"predikat_organisasi": "istimewa"},
        format="json",
    )
    assert org.json()["predikat_organisasi"] == "istimewa"
    fixed = k.post(f"{API}/sekolah/{sekolah.pk}/tetapkan/").json()
    assert fixed["ditetapkan"] == 1 and fixed["penilaian_sekolah"]["status"] == "ditetapkan"
    assert g.get(f"{API}/rencana/{pk}/penilaian/").json()["penilaian"]["predikat_label"] == "Sangat Baik"
    assert [x["transisi"] for x in g.get(f"{API}/rencana/{pk}/riwayat/").json() if x["mesin"] == "rencana"] == [
        "buat", "ajukan", "setujui", "sepakati",
    ]  # fmt: skip


def test_the_kepala_dinas_and_the_pengawas_through_the_api(wilayah):
    kepala, kadis, pengawas = wilayah.kepala, wilayah.kadis, wilayah.pengawas
    hari(1, 20)
    r = rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    perencanaan.rencana_submit(actor=aktor(kepala), rencana=r)
    d, w = api_for(kadis), api_for(pengawas)
    assert [x["id"] for x in d.get(f"{API}/dinas/rencana/").json()] == [r.pk]
    d.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "setujui"}, format="json")
    api_for(kepala).post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "sepakati"}, format="json")
    res = d.post(f"{API}/rencana/{r.pk}/delegasi/", {"pengawas": pengawas.pk}, format="json")
    assert res.json()["pengawas"] == pengawas.nama
    assert [x["id"] for x in w.get(f"{API}/pengawas/rencana/").json()] == [r.pk]
    assert w.get(f"{API}/rencana/{r.pk}/observasi/").status_code == 200


# --- roles and regions -----------------------------------------------------------------------------


@pytest.fixture
def dunia(wilayah, wilayah_lain):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    operator = f.UserFactory(email="op@admin.sd.belajar.id")
    f.grant(operator, Role.OPERATOR_SEKOLAH, sekolah=wilayah.sekolah)
    return {"r": r, "w": wilayah, "lain": wilayah_lain, "operator": operator}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("guru", 200),
        ("kepala", 200),
        ("guru_sama", 404),
        ("guru_lain", 404),
        ("kepala_lain", 404),
        ("kadis", 404),
        ("kadis_lain", 404),
        ("pengawas", 404),
        ("operator", 403),
        ("anonim", 403),
    ],
)
def test_plan_detail_by_role(dunia, who, expected):
    w, lain = dunia["w"], dunia["lain"]
    people = {
        "guru": w.guru[0],
        "kepala": w.kepala,
        "guru_sama": w.guru[1],
        "guru_lain": lain.guru[0],
        "kepala_lain": lain.kepala,
        "kadis": w.kadis,
        "kadis_lain": lain.kadis,
        "pengawas": w.pengawas,
        "operator": dunia["operator"],
        "anonim": None,
    }
    res = api_for(people[who]).get(f"{API}/rencana/{dunia['r'].pk}/")
    if expected == 200:
        assert res.status_code == 200 and res.json()["id"] == dunia["r"].pk
    else:
        code = {404: "not_found", "operator": "akses_kinerja_ditolak", "anonim": "not_authenticated"}.get(
            who if expected == 403 else expected
        )
        body = galat(res, expected, code)
        assert w.kepala.nama not in body["message"]


@pytest.mark.parametrize(
    "endpoint, allowed",
    [
        ("sekolah/{s}/persetujuan/", "kepala"),
        ("sekolah/{s}/penilaian/", "kepala"),
        ("dinas/sekolah/", "kadis"),
        ("dinas/rencana/", "kadis"),
        ("pengawas/rencana/", "pengawas"),
    ],
)
def test_lists_by_role_with_no_leak_to_another_region(dunia, endpoint, allowed):
    w, lain = dunia["w"], dunia["lain"]
    target = f"{API}/" + endpoint.format(s=w.sekolah.pk)
    people = {"guru": w.guru[0], "kepala": w.kepala, "kadis": w.kadis, "pengawas": w.pengawas}
    for name, who in people.items():
        res = api_for(who).get(target)
        if name == allowed:
            assert res.status_code == 200
        else:
            assert res.status_code == 403, (name, res.content)
            assert set(res.json()) == {"code", "message", "detail"}
    same_role_elsewhere = {"kepala": lain.kepala, "kadis": lain.kadis, "pengawas": f.UserFactory()}[allowed]
    if allowed == "pengawas":
        f.grant(same_role_elsewhere, Role.PENGAWAS, instansi=lain.instansi)
    res = api_for(same_role_elsewhere).get(target)
    if allowed == "kepala":
        galat(res, 403, "bukan_kepala_sekolah")
    else:
        assert res.status_code == 200
        assert w.sekolah.nama not in res.content.decode() and w.kepala.nama not in res.content.decode()


# --- forbidden moves -------------------------------------------------------------------------------


def test_forbidden_moves_answer_with_their_code_and_change_nothing(wilayah, wilayah_lain):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    g, k = api_for(guru), api_for(wilayah.kepala)
    n = Riwayat.objects.count()
    # wrong stage: approve a draft
    galat(
        k.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "setujui"}, format="json"),
        400,
        "status_tidak_sesuai",
    )
    g.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "ajukan"}, format="json")
    n += 1
    # wrong role: the owner approves
    galat(g.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "setujui"}, format="json"), 403, "bukan_atasan")
    # another school
    galat(
        api_for(wilayah_lain.kepala).post(
            f"{API}/rencana/{r.pk}/transisi/", {"aksi": "setujui"}, format="json"
        ),
        404,
        "not_found",
    )
    # return without a note
    galat(
        k.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "kembalikan"}, format="json"), 400, "catatan_wajib"
    )
    # unknown action and bad body
    body = galat(k.post(f"{API}/rencana/{r.pk}/transisi/", {"aksi": "hapus"}, format="json"), 400, "invalid")
    assert "aksi" in body["detail"]
    # wrong date: rating in January
    galat(
        k.put(f"{API}/rencana/{r.pk}/penilaian/", {"rating_hasil_kerja": "sesuai"}, format="json"),
        400,
        "di_luar_jadwal",
    )
    assert Riwayat.objects.count() == n  # only the submission was written
    assert Rencana.objects.get(pk=r.pk).status == "diajukan"


def test_observation_and_upload_errors(wilayah):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    g = api_for(wilayah.guru[0])
    galat(
        g.post(f"{API}/rencana/{r.pk}/observasi/transisi/", {"aksi": "jadwal_ulang"}, format="json"),
        400,
        "jadwal_tidak_valid",
    )
    galat(
        g.post(
            f"{API}/rencana/{r.pk}/observasi/transisi/", {"aksi": "observasi", "teks": "x"}, format="json"
        ),
        403,
        "bukan_pengamat",
    )
    rr = r.rhk.first()
    bad = SimpleUploadedFile("x.pdf", b"MZ bukan pdf")
    galat(
        g.post(f"{API}/rencana/{r.pk}/bukti/", {"rencana_rhk": rr.pk, "berkas": bad}, format="multipart"),
        400,
        "jenis_berkas_tidak_didukung",
    )
    galat(
        g.post(
            f"{API}/rencana/{r.pk}/bukti/", {"berkas": SimpleUploadedFile("s.pdf", PDF)}, format="multipart"
        ),
        400,
        "target_wajib",
    )
    galat(g.post(f"{API}/rencana/{r.pk}/bukti/", {"rencana_rhk": rr.pk}, format="multipart"), 400, "invalid")
    assert not BuktiDukung.objects.exists()
    hari(6, 10)
    galat(
        api_for(wilayah.kepala).put(
            f"{API}/rencana/{r.pk}/penilaian/", {"rating_perilaku": "hebat"}, format="json"
        ),
        400,
        "invalid",
    )
    assert not Penilaian.objects.exists()


def test_token_authentication_sees_the_same_actor(wilayah):
    hari(1, 10)
    token = Token.objects.create(user=wilayah.guru[0].user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    res = client.post(f"{API}/rencana/", {"peran": "guru"}, format="json")
    assert res.status_code == 201 and res.json()["ptk"]["id"] == wilayah.guru[0].pk


def test_android_client_too_old_is_refused(wilayah):
    client = api_for(wilayah.guru[0])
    res = client.get(f"{API}/beranda/", HTTP_X_PMM_APP_VERSION="1.46")
    galat(res, 403, "akses_kinerja_ditolak")


# --- query counts ----------------------------------------------------------------------------------


def test_principal_list_endpoints_run_the_same_queries_at_5_and_200_teachers(katalog):
    hari(6, 10)
    counts = []
    for n in (5, 200):
        uji = sekolah_uji_build(n)
        client = api_for(uji.kepala)
        row = []
        for endpoint in ("persetujuan", "penilaian"):
            target = f"{API}/sekolah/{uji.sekolah.pk}/{endpoint}/"
            client.get(target)
            with CaptureQueriesContext(connection) as q:
                res = client.get(target)
            assert res.status_code == 200 and len(res.json()["muncul"]) + len(res.json()["belum_muncul"]) == n
            row.append(len(q))
        counts.append(row)
    assert counts[0] == counts[1]


# --- schema ----------------------------------------------------------------------------------------


def _schema_warnings(patterns=None):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return schema, messages


def test_openapi_schema_of_the_cycle_endpoints_is_valid_without_warnings():
    schema, messages = _schema_warnings([path("api/v1/kinerja/", include("kinerja.api_urls"))])
    assert messages == []
    validate_schema(schema)
    assert "/api/v1/kinerja/rencana/{id}/transisi/" in schema["paths"]
    ours = [n for n in schema["components"]["schemas"] if n.startswith("Kinerja")]
    assert "KinerjaRencana" in ours and "KinerjaDaftarGuru" in ours


def test_the_project_schema_has_no_warning_about_the_cycle_components():
    _, messages = _schema_warnings()
    assert [m for m in messages if "kinerja" in m.lower()] == []
