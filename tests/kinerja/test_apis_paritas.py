"""The cycle API offers what the pages offer: the evaluation PDF, the evidence and school document
downloads a token client (the Android app) can open, the Pengawas a Kepala Dinas may delegate an
observation to; and the school documents, evidence deletion, the Kepala Dinas' penetapan, Kirim ke
Dinas Pendidikan, the Predikat Kinerja Organisasi and Tetapkan predikat through the API, each refused
for the wrong role and for another school without changing anything."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kinerja.models import BuktiDukung, DokumenSekolah, Penilaian, PenilaianSekolah, Peran, Riwayat
from kinerja.services import penilaian
from pmm.roles import Role
from tests import factories as f

from .helpers import JPG, PDF, PNG, aktor, berkas, hari, nilai, siap_dinilai
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db

API = "/api/v1/kinerja"


def api_for(who):
    """A session-authenticated client (``None``: anonymous)."""
    client = APIClient()
    if who is not None:
        client.force_authenticate(getattr(who, "user", who))
    return client


def token_for(who):
    """A client authenticated only by its token, as the Android app is."""
    token, _ = Token.objects.get_or_create(user=getattr(who, "user", who))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def galat(res, status, code=None) -> dict:
    assert res.status_code == status, (res.status_code, res.content)
    assert res["Content-Type"].startswith("application/json"), res["Content-Type"]
    body = res.json()
    assert set(body) == {"code", "message", "detail"}
    if code is not None:
        assert body["code"] == code, body
    return body


def isi(res) -> bytes:
    return b"".join(res.streaming_content) if res.streaming else res.content


def operator_of(sekolah):
    user = f.UserFactory(email=f"operator.{sekolah.npsn}@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=sekolah)
    return user


def test_the_new_endpoints_are_named():
    assert reverse("api_kinerja_penilaian_pdf", args=[3]) == f"{API}/rencana/3/penilaian/pdf/"
    assert reverse("api_kinerja_bukti_unduh", args=[4]) == f"{API}/bukti/4/unduh/"
    assert reverse("api_kinerja_dokumen_unduh", args=[5]) == f"{API}/dokumen/5/unduh/"
    assert reverse("api_kinerja_rencana_delegasi_pengawas", args=[6]) == f"{API}/rencana/6/delegasi/pengawas/"


# --- the evaluation PDF --------------------------------------------------------------------------


@pytest.fixture
def dinilai(wilayah):
    """Three teachers rated in June (draft); the first one's plan is returned."""
    wilayah.guru[0].nama = "Siti Aminah (Guru Kelas)"
    wilayah.guru[0].save()
    rencana = [siap_dinilai(g, wilayah.kepala) for g in wilayah.guru]
    hari(6, 10)
    nilai(rencana[0], wilayah.kepala, "di_atas", "di_atas")
    nilai(rencana[1], wilayah.kepala, "sesuai", "sesuai")
    nilai(rencana[2], wilayah.kepala, "di_bawah", "sesuai")
    return rencana[0]


def _tetapkan_sekolah(w):
    penilaian.penilaian_kirim_dinas(
        actor=aktor(w.kepala), sekolah=w.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian.predikat_organisasi_set(actor=aktor(w.kadis), sekolah=w.sekolah, predikat_organisasi="baik")
    penilaian.predikat_tetapkan(actor=aktor(w.kepala), sekolah=w.sekolah)


def test_the_evaluation_pdf_follows_the_rule_of_the_pdf_page(wilayah, dinilai):
    url = f"{API}/rencana/{dinilai.pk}/penilaian/pdf/"
    guru = token_for(wilayah.guru[0])
    # The teacher waits for the predikat to be fixed; the refusal is JSON even to a PDF client.
    body = galat(guru.get(url, HTTP_ACCEPT="application/pdf"), 400, "predikat_belum_ditetapkan")
    assert "belum ditetapkan" in body["message"]
    # The atasan prints it at any time.
    res = api_for(wilayah.kepala).get(url)
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    assert res["Content-Disposition"] == (
        f'attachment; filename="penilaian-kinerja-{dinilai.periode.kode}-{dinilai.pk}.pdf"'
    )
    assert isi(res).startswith(b"%PDF") and "Siti Aminah (Guru Kelas)" in pdf_text(isi(res))

    _tetapkan_sekolah(wilayah)
    res = guru.get(url, HTTP_ACCEPT="application/pdf")
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    text = pdf_text(isi(res))
    assert "Siti Aminah (Guru Kelas)" in text and "Sangat Baik" in text


@pytest.mark.parametrize(
    "who, status, code",
    [
        ("guru_sama", 404, "not_found"),
        ("kepala_lain", 404, "not_found"),
        ("kadis", 404, "not_found"),
        ("kadis_lain", 404, "not_found"),
        ("pengawas", 404, "not_found"),
        ("operator", 403, "akses_kinerja_ditolak"),
        ("anonim", 403, "not_authenticated"),
    ],
)
def test_the_evaluation_pdf_is_not_found_for_anyone_who_may_not_read_the_plan(
    wilayah, wilayah_lain, dinilai, who, status, code
):
    _tetapkan_sekolah(wilayah)
    people = {
        "guru_sama": wilayah.guru[1],
        "kepala_lain": wilayah_lain.kepala,
        "kadis": wilayah.kadis,
        "kadis_lain": wilayah_lain.kadis,
        "pengawas": wilayah.pengawas,
        "operator": operator_of(wilayah.sekolah),
        "anonim": None,
    }
    res = api_for(people[who]).get(
        f"{API}/rencana/{dinilai.pk}/penilaian/pdf/", HTTP_ACCEPT="application/pdf"
    )
    body = galat(res, status, code)
    assert wilayah.guru[0].nama not in body["message"]


def test_the_evaluation_pdf_of_a_plan_that_does_not_exist(wilayah):
    galat(api_for(wilayah.kepala).get(f"{API}/rencana/999999/penilaian/pdf/"), 404, "not_found")


# --- evidence: download and delete ---------------------------------------------------------------


@pytest.fixture
def bukti(wilayah):
    """February: the first teacher's agreed plan with one PDF and one PNG evidence uploaded through
    the API; returns (plan, [pdf row, png row])."""
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    rr = r.rhk.order_by("pk")
    g = token_for(wilayah.guru[0])
    rows = []
    for target, name, content in ((rr[0], "sertifikat.pdf", PDF), (rr[1], "foto kelas.png", PNG)):
        res = g.post(
            f"{API}/rencana/{r.pk}/bukti/",
            {"rencana_rhk": target.pk, "berkas": berkas(name, content)},
            format="multipart",
        )
        assert res.status_code == 201, res.content
        rows.append(res.json())
    return r, rows


def test_evidence_links_point_to_an_api_download_a_token_client_can_open(wilayah, bukti):
    r, rows = bukti
    pdf, png = rows
    assert [x["unduh"] for x in rows] == [
        reverse("api_kinerja_bukti_unduh", args=[pdf["id"]]),
        reverse("api_kinerja_bukti_unduh", args=[png["id"]]),
    ]
    listed = token_for(wilayah.kepala).get(f"{API}/rencana/{r.pk}/bukti/").json()
    assert {x["id"]: x["unduh"] for x in listed} == {x["id"]: x["unduh"] for x in rows}

    # The owner with a token (and an Accept header naming the file's type), and the atasan.
    for client, accept in ((token_for(wilayah.guru[0]), "image/*"), (token_for(wilayah.kepala), "*/*")):
        res = client.get(png["unduh"], HTTP_ACCEPT=accept)
        assert res.status_code == 200 and res["Content-Type"] == "image/png"
        assert res["Content-Disposition"] == 'attachment; filename="foto kelas.png"'
        assert isi(res) == PNG
        res = client.get(pdf["unduh"], HTTP_ACCEPT="application/pdf")
        assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
        assert isi(res) == PDF


def test_a_jpg_evidence_is_served_as_an_image(wilayah, bukti):
    r, _ = bukti
    rr = r.rhk.order_by("pk")[0]
    g = token_for(wilayah.guru[0])
    up = g.post(
        f"{API}/rencana/{r.pk}/bukti/",
        {"rencana_rhk": rr.pk, "berkas": berkas("s.jpg", JPG)},
        format="multipart",
    ).json()
    res = g.get(up["unduh"])
    assert res.status_code == 200 and res["Content-Type"] == "image/jpeg" and isi(res) == JPG


@pytest.mark.parametrize(
    "who, status, code",
    [
        ("guru_sama", 404, "not_found"),
        ("guru_lain", 404, "not_found"),
        ("kepala_lain", 404, "not_found"),
        ("kadis", 404, "not_found"),
        ("pengawas", 404, "not_found"),
        ("operator", 403, "akses_kinerja_ditolak"),
        ("anonim", 403, "not_authenticated"),
    ],
)
def test_evidence_download_is_refused_like_the_page(wilayah, wilayah_lain, bukti, who, status, code):
    _, rows = bukti
    people = {
        "guru_sama": wilayah.guru[1],
        "guru_lain": wilayah_lain.guru[0],
        "kepala_lain": wilayah_lain.kepala,
        "kadis": wilayah.kadis,
        "pengawas": wilayah.pengawas,
        "operator": operator_of(wilayah.sekolah),
        "anonim": None,
    }
    body = galat(api_for(people[who]).get(rows[0]["unduh"], HTTP_ACCEPT="application/pdf"), status, code)
    assert "sertifikat" not in body["message"]


def test_evidence_missing_from_the_storage_or_the_database_is_a_404(wilayah, bukti):
    _, rows = bukti
    g = token_for(wilayah.guru[0])
    obj = BuktiDukung.objects.get(pk=rows[0]["id"])
    obj.berkas.storage.delete(obj.berkas.name)
    body = galat(g.get(rows[0]["unduh"]), 404, "not_found")
    assert body["message"] == "Berkas tidak ditemukan di penyimpanan."
    galat(g.get(f"{API}/bukti/999999/unduh/"), 404, "not_found")


def test_evidence_delete_through_the_api(wilayah, wilayah_lain, bukti, django_capture_on_commit_callbacks):
    r, (pdf, png) = bukti
    url = f"{API}/bukti/{pdf['id']}/"
    n = Riwayat.objects.count()
    # Who may read it but does not own it is refused; who may not read it does not find it.
    galat(token_for(wilayah.kepala).delete(url), 403, "bukan_pemilik")
    for orang in (wilayah.guru[1], wilayah_lain.kepala, wilayah.kadis):
        galat(api_for(orang).delete(url), 404, "not_found")
    galat(api_for(None).delete(url), 403, "not_authenticated")
    assert BuktiDukung.objects.filter(pk=pdf["id"]).exists() and Riwayat.objects.count() == n

    obj = BuktiDukung.objects.get(pk=pdf["id"])
    storage, name = obj.berkas.storage, obj.berkas.name
    g = token_for(wilayah.guru[0])
    with django_capture_on_commit_callbacks(execute=True):
        res = g.delete(url)
    assert res.status_code == 204 and res.content == b""
    assert [x["id"] for x in g.get(f"{API}/rencana/{r.pk}/bukti/").json()] == [png["id"]]
    assert not storage.exists(name)
    assert Riwayat.objects.filter(rencana=r, mesin="bukti", transisi="hapus").count() == 1
    galat(g.get(pdf["unduh"]), 404, "not_found")
    galat(g.delete(url), 404, "not_found")

    # Once the rating is sent to the Dinas the evidence is locked.
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    penilaian.penilaian_kirim_dinas(
        actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    galat(g.delete(f"{API}/bukti/{png['id']}/"), 400, "penilaian_terkunci")
    assert BuktiDukung.objects.filter(pk=png["id"]).exists()


# --- school documents ----------------------------------------------------------------------------


def test_school_documents_upload_list_and_download_through_the_api(wilayah, wilayah_lain):
    sekolah = wilayah.sekolah
    url = f"{API}/sekolah/{sekolah.pk}/dokumen/"
    k = token_for(wilayah.kepala)

    hari(1, 10)  # Perencanaan: documents belong to Pelaksanaan
    galat(
        k.post(url, {"jenis": "kosp", "berkas": berkas("kosp.pdf", PDF)}, format="multipart"),
        400,
        "di_luar_jadwal",
    )

    hari(2, 10)
    for orang in (wilayah.guru[0], wilayah_lain.kepala, wilayah.kadis):
        galat(
            api_for(orang).post(
                url, {"jenis": "kosp", "berkas": berkas("kosp.pdf", PDF)}, format="multipart"
            ),
            403,
            "bukan_kepala_sekolah",
        )
    body = galat(
        k.post(url, {"jenis": "rapor", "berkas": berkas("k.pdf", PDF)}, format="multipart"), 400, "invalid"
    )
    assert "jenis" in body["detail"]
    galat(k.post(url, {"jenis": "kosp"}, format="multipart"), 400, "invalid")
    galat(
        k.post(url, {"jenis": "kosp", "berkas": berkas("kosp.pdf", b"MZ bukan pdf")}, format="multipart"),
        400,
        "jenis_berkas_tidak_didukung",
    )
    galat(
        k.post(
            f"{API}/sekolah/999999/dokumen/",
            {"jenis": "kosp", "berkas": berkas("k.pdf", PDF)},
            format="multipart",
        ),
        404,
        "not_found",
    )
    assert not DokumenSekolah.objects.exists()

    first = k.post(url, {"jenis": "kosp", "berkas": berkas("kosp lama.pdf", PDF)}, format="multipart")
    assert first.status_code == 201 and first.json()["nama"] == "kosp lama.pdf"
    kosp = PDF + b"% versi 2\n"
    res = k.post(url, {"jenis": "kosp", "berkas": berkas("kosp 2025.pdf", kosp)}, format="multipart")
    assert res.status_code == 201
    assert res.json()["unduh"] == reverse("api_kinerja_dokumen_unduh", args=[res.json()["id"]])
    res = k.post(url, {"jenis": "kehadiran", "berkas": berkas("hadir.png", PNG)}, format="multipart")
    assert res.status_code == 201 and res.json()["jenis_label"] == "Rangkuman Kehadiran Guru"
    assert DokumenSekolah.objects.filter(sekolah=sekolah).count() == 2  # the KOSP was replaced

    # The school's teacher (token), its principal and its Kepala Dinas read and download them.
    for client in (token_for(wilayah.guru[0]), k, api_for(wilayah.kadis)):
        rows = {x["jenis"]: x for x in client.get(url).json()}
        assert sorted(rows) == ["kehadiran", "kosp"] and rows["kosp"]["nama"] == "kosp 2025.pdf"
        got = client.get(rows["kosp"]["unduh"], HTTP_ACCEPT="application/pdf")
        assert got.status_code == 200 and got["Content-Type"] == "application/pdf" and isi(got) == kosp
        assert got["Content-Disposition"] == 'attachment; filename="kosp 2025.pdf"'
        got = client.get(rows["kehadiran"]["unduh"])
        assert got.status_code == 200 and got["Content-Type"] == "image/png" and isi(got) == PNG

    # Another school's people find neither the list nor the file.
    dok = DokumenSekolah.objects.get(sekolah=sekolah, jenis="kosp")
    for orang in (wilayah_lain.guru[0], wilayah_lain.kepala, wilayah_lain.kadis, wilayah.pengawas):
        galat(api_for(orang).get(url), 404, "not_found")
        galat(api_for(orang).get(f"{API}/dokumen/{dok.pk}/unduh/"), 404, "not_found")
    galat(api_for(None).get(f"{API}/dokumen/{dok.pk}/unduh/"), 403, "not_authenticated")
    galat(k.get(f"{API}/dokumen/999999/unduh/"), 404, "not_found")


# --- the Kepala Dinas: delegation choices and penetapan ------------------------------------------


@pytest.fixture
def kepala_sekolah(wilayah):
    """A teacher's plan rated by the principal, and the principal's own plan (approved by the Kepala
    Dinas) with its observation scheduled for 3 March; the clock on 10 February."""
    r_guru = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    r_ks = siap_dinilai(wilayah.kepala, wilayah.kadis, peran=Peran.KEPALA_SEKOLAH)
    return r_guru, r_ks


def test_the_pengawas_a_kepala_dinas_may_delegate_to(wilayah, wilayah_lain, kepala_sekolah):
    _, r = kepala_sekolah
    url = f"{API}/rencana/{r.pk}/delegasi/pengawas/"
    provinsi = f.UserFactory(email="pengawas.provinsi@pengawas.belajar.id", nama="Ani Pengawas Provinsi")
    f.grant(provinsi, Role.PENGAWAS, provinsi=wilayah.sekolah.kabupaten.provinsi)
    sekolah = f.UserFactory(email="pengawas.gugus@pengawas.belajar.id", nama="")
    f.grant(sekolah, Role.PENGAWAS, sekolah=wilayah.sekolah)
    nonaktif = f.UserFactory(email="pengawas.lama@pengawas.belajar.id", is_active=False)
    f.grant(nonaktif, Role.PENGAWAS, instansi=wilayah.instansi)
    d = token_for(wilayah.kadis)

    res = d.get(url)
    assert res.status_code == 200, res.content
    # In the page's order (name, then e-mail); a Pengawas without a name is shown by e-mail.
    assert res.json() == [
        {"id": sekolah.pk, "nama": sekolah.email, "email": sekolah.email, "terpilih": False},
        {"id": provinsi.pk, "nama": "Ani Pengawas Provinsi", "email": provinsi.email, "terpilih": False},
        {"id": wilayah.pengawas.pk, "nama": "Pengawas", "email": wilayah.pengawas.email, "terpilih": False},
    ]
    # Every listed Pengawas is accepted by the delegation, the one chosen is marked.
    for u in (provinsi, sekolah, wilayah.pengawas):
        assert d.post(f"{API}/rencana/{r.pk}/delegasi/", {"pengawas": u.pk}, format="json").status_code == 200
    assert [x["id"] for x in d.get(url).json() if x["terpilih"]] == [wilayah.pengawas.pk]
    # Another region's Pengawas is neither listed nor accepted.
    galat(
        d.post(f"{API}/rencana/{r.pk}/delegasi/", {"pengawas": wilayah_lain.pengawas.pk}, format="json"),
        400,
        "pengawas_tidak_valid",
    )


def test_the_delegation_choices_are_refused_like_the_delegation(wilayah, wilayah_lain, kepala_sekolah):
    r_guru, r_ks = kepala_sekolah
    url = f"{API}/rencana/{r_ks.pk}/delegasi/pengawas/"
    perencanaan_delegasi = api_for(wilayah.kadis).post(
        f"{API}/rencana/{r_ks.pk}/delegasi/", {"pengawas": wilayah.pengawas.pk}, format="json"
    )
    assert perencanaan_delegasi.status_code == 200
    # The owner and the delegated Pengawas read the plan but do not delegate.
    galat(token_for(wilayah.kepala).get(url), 403, "bukan_kepala_dinas")
    galat(api_for(wilayah.pengawas).get(url), 403, "bukan_kepala_dinas")
    # Who may not read the plan does not find it.
    for orang in (wilayah_lain.kadis, wilayah.guru[0], wilayah_lain.kepala):
        galat(api_for(orang).get(url), 404, "not_found")
    galat(api_for(wilayah.kadis).get(f"{API}/rencana/999999/delegasi/pengawas/"), 404, "not_found")
    # A teacher's plan is rated by the principal: no delegation.
    galat(
        api_for(wilayah.kepala).get(f"{API}/rencana/{r_guru.pk}/delegasi/pengawas/"),
        400,
        "delegasi_tidak_berlaku",
    )
    # After the observation the delegation is closed.
    hari(3, 3)
    obs = api_for(wilayah.pengawas).post(
        f"{API}/rencana/{r_ks.pk}/observasi/transisi/", {"aksi": "observasi", "teks": "Fakta."}, format="json"
    )
    assert obs.status_code == 200, obs.content
    galat(api_for(wilayah.kadis).get(url), 400, "status_tidak_sesuai")
    # The delegated Pengawas, as an observer, may print the principal's evaluation.
    res = token_for(wilayah.pengawas).get(f"{API}/rencana/{r_ks.pk}/penilaian/pdf/")
    assert res.status_code == 200 and isi(res).startswith(b"%PDF")


def test_the_kepala_dinas_fixes_a_principals_predikat_through_the_api(wilayah, wilayah_lain, kepala_sekolah):
    r_guru, r_ks = kepala_sekolah
    hari(6, 10)
    d = token_for(wilayah.kadis)
    pen = d.put(
        f"{API}/rencana/{r_ks.pk}/penilaian/",
        {"rating_hasil_kerja": "di_atas", "rating_perilaku": "sesuai"},
        format="json",
    )
    assert pen.status_code == 200 and pen.json()["predikat"] == "baik"
    pdf = f"{API}/rencana/{r_ks.pk}/penilaian/pdf/"
    galat(token_for(wilayah.kepala).get(pdf), 400, "predikat_belum_ditetapkan")

    url = f"{API}/rencana/{r_ks.pk}/penilaian/tetapkan/"
    n = Riwayat.objects.count()
    galat(token_for(wilayah.kepala).post(url), 403, "bukan_atasan")  # the owner
    galat(api_for(wilayah.pengawas).post(url), 404, "not_found")  # not delegated: not a reader
    for orang in (wilayah_lain.kadis, wilayah.guru[0], wilayah_lain.kepala):
        galat(api_for(orang).post(url), 404, "not_found")
    assert Penilaian.objects.get(rencana=r_ks).status == "draft" and Riwayat.objects.count() == n

    res = d.post(url)
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "ditetapkan" and res.json()["predikat_label"] == "Baik"
    galat(d.post(url), 400, "status_tidak_sesuai")  # once
    res = token_for(wilayah.kepala).get(pdf)
    assert res.status_code == 200 and "Baik" in pdf_text(isi(res))

    # The principal does not use the Kepala Dinas' penetapan for a teacher: that is Tetapkan predikat.
    nilai(r_guru, wilayah.kepala, "sesuai", "sesuai")
    galat(
        api_for(wilayah.kepala).post(f"{API}/rencana/{r_guru.pk}/penilaian/tetapkan/"),
        403,
        "bukan_kepala_dinas",
    )
    assert Penilaian.objects.get(rencana=r_guru).status == "draft"


def test_the_kepala_dinas_fixes_nothing_before_the_rating_is_complete(wilayah, kepala_sekolah):
    _, r_ks = kepala_sekolah
    hari(6, 10)
    d = api_for(wilayah.kadis)
    url = f"{API}/rencana/{r_ks.pk}/penilaian/tetapkan/"
    galat(d.post(url), 400, "penilaian_belum_lengkap")
    d.put(f"{API}/rencana/{r_ks.pk}/penilaian/", {"rating_hasil_kerja": "sesuai"}, format="json")
    galat(d.post(url), 400, "penilaian_belum_lengkap")
    assert Penilaian.objects.get(rencana=r_ks).status == "draft"


# --- school-level moves refused for the wrong role or another school -------------------------------


def _jejak():
    """What a refused school-level move must leave untouched."""
    return (
        sorted(PenilaianSekolah.objects.values_list("sekolah_id", "status", "predikat_organisasi")),
        sorted(Penilaian.objects.values_list("pk", "status")),
        Riwayat.objects.count(),
    )


def test_send_to_dinas_refused_for_the_wrong_role_and_another_school(wilayah, wilayah_lain, dinilai):
    url = f"{API}/sekolah/{wilayah.sekolah.pk}/kirim/"
    data = {"konfirmasi": True, "penjelasan": "Penilaian sudah diperiksa."}
    before = _jejak()
    for orang in (wilayah.guru[0], wilayah_lain.kepala):
        galat(token_for(orang).post(url, data, format="json"), 403, "bukan_kepala_sekolah")
    for orang in (wilayah.kadis, wilayah.pengawas, operator_of(wilayah.sekolah), None):
        galat(api_for(orang).post(url, data, format="json"), 403)
    galat(api_for(wilayah.kepala).post(f"{API}/sekolah/999999/kirim/", data, format="json"), 404, "not_found")
    galat(api_for(wilayah.kepala).post(url, {"konfirmasi": False, "penjelasan": "x"}, format="json"), 400)
    assert _jejak() == before
    res = token_for(wilayah.kepala).post(url, data, format="json")
    assert res.status_code == 200 and res.json()["status"] == "dikirim"


def test_organisation_predikat_refused_for_the_wrong_role_and_another_region(wilayah, wilayah_lain, dinilai):
    penilaian.penilaian_kirim_dinas(
        actor=aktor(wilayah.kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    url = f"{API}/dinas/sekolah/{wilayah.sekolah.pk}/predikat-organisasi/"
    data = {"predikat_organisasi": "baik"}
    before = _jejak()
    for orang in (wilayah_lain.kadis, wilayah.kepala, wilayah.guru[0], wilayah.pengawas):
        body = galat(token_for(orang).post(url, data, format="json"), 403, "bukan_kepala_dinas")
        assert wilayah.kepala.nama not in body["message"]
    galat(api_for(None).post(url, data, format="json"), 403, "not_authenticated")
    d = api_for(wilayah.kadis)
    galat(d.post(f"{API}/dinas/sekolah/999999/predikat-organisasi/", data, format="json"), 404, "not_found")
    galat(d.post(url, {"predikat_organisasi": "luar_biasa"}, format="json"), 400, "invalid")
    assert _jejak() == before
    res = d.post(url, data, format="json")
    assert res.status_code == 200 and res.json()["predikat_organisasi"] == "baik"


def test_tetapkan_refused_for_the_wrong_role_and_another_school(wilayah, wilayah_lain, dinilai):
    w = wilayah
    penilaian.penilaian_kirim_dinas(
        actor=aktor(w.kepala), sekolah=w.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian.predikat_organisasi_set(actor=aktor(w.kadis), sekolah=w.sekolah, predikat_organisasi="baik")
    url = f"{API}/sekolah/{w.sekolah.pk}/tetapkan/"
    before = _jejak()
    for orang in (w.guru[0], wilayah_lain.kepala):
        galat(token_for(orang).post(url), 403, "bukan_kepala_sekolah")
    for orang in (w.kadis, wilayah_lain.kadis, w.pengawas, operator_of(w.sekolah), None):
        galat(api_for(orang).post(url), 403)
    galat(api_for(w.kepala).post(f"{API}/sekolah/999999/tetapkan/"), 404, "not_found")
    assert _jejak() == before
    res = token_for(w.kepala).post(url)
    assert res.status_code == 200 and res.json()["ditetapkan"] == 3
