"""Pusat Bantuan API: same rules and messages as the pages, {"code","message","detail"} errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmm.bantuan.models import Balasan, Status, Tiket
from tests.bantuan.conftest import PDF, akses_data, png, set_clock, wib

pytestmark = pytest.mark.django_db

BASE = "/api/v1/bantuan"


def test_create_multipart_returns_the_due_time(client, pelapor):
    set_clock(2025, 11, 14, 16, 0)
    client.force_login(pelapor)
    response = client.post(f"{BASE}/tiket/", akses_data())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["batas_respons"] == "Senin, 17 November 2025 pukul 14.00 WIB"
    assert body["status"] == "baru"
    assert body["nomor"] == f"PB-{body['id']:06d}"
    assert {item["jenis"] for item in body["lampiran"]} == {"error", "jenis-ptk", "status-kepegawaian"}
    tiket = Tiket.objects.get()
    assert wib(2025, 11, 17, 14, 0) <= tiket.due_at < wib(2025, 11, 17, 14, 1)
    assert body["riwayat"][0]["ke"] == "baru"


def test_create_json_without_email_uses_the_account(client, pelapor):
    set_clock(2025, 11, 17, 9, 0)
    client.force_login(pelapor)
    payload = {
        "kategori": "lainnya",
        "klien_jenis": "browser",
        "klien_versi": "Firefox 128",
        "deskripsi": "Lupa sandi",
    }
    response = client.post(f"{BASE}/tiket/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["email"] == pelapor.email


def test_create_refuses_a_pdf_named_png_with_field_detail(client, pelapor, media_root):
    set_clock(2025, 11, 17, 9, 0)
    client.force_login(pelapor)
    response = client.post(f"{BASE}/tiket/", akses_data(screenshot_error=png("galat.png", PDF)))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "tiket_invalid"
    assert "bukan gambar PNG atau JPEG" in body["detail"]["screenshot_error"][0]
    assert Tiket.objects.count() == 0
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_create_refuses_missing_required_screenshots(client, pelapor):
    client.force_login(pelapor)
    data = akses_data(screenshot_jenis_ptk=None, screenshot_status_kepegawaian=None)
    body = client.post(f"{BASE}/tiket/", data).json()
    assert set(body["detail"]) == {"screenshot_jenis_ptk", "screenshot_status_kepegawaian"}
    assert Tiket.objects.count() == 0


def test_create_with_a_string_instead_of_a_file_is_a_400(client, pelapor):
    client.force_login(pelapor)
    payload = {
        "kategori": "lainnya",
        "klien_jenis": "browser",
        "klien_versi": "x",
        "deskripsi": "y",
        "screenshot_error": "abc",
    }
    response = client.post(f"{BASE}/tiket/", payload, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "detail"}
    assert Tiket.objects.count() == 0


def test_anonymous_gets_not_authenticated(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    for method, url in (
        ("get", f"{BASE}/tiket/"),
        ("post", f"{BASE}/tiket/"),
        ("get", f"{BASE}/antrean/"),
        ("get", f"{BASE}/tiket/{tiket.pk}/"),
        ("post", f"{BASE}/tiket/{tiket.pk}/balasan/"),
        ("post", f"{BASE}/tiket/{tiket.pk}/status/"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"
    assert Tiket.objects.count() == 1


def test_reporter_cannot_reach_another_reporters_ticket(client, pelapor, pelapor_lain, make_tiket):
    tiket = make_tiket(pelapor_lain, deskripsi="Rahasia B")
    client.force_login(pelapor)
    detail = client.get(f"{BASE}/tiket/{tiket.pk}/")
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    assert "Rahasia B" not in detail.content.decode()
    assert client.post(f"{BASE}/tiket/{tiket.pk}/balasan/", {"teks": "x"}).status_code == 404
    assert client.post(f"{BASE}/tiket/{tiket.pk}/status/", {"status": "selesai"}).status_code == 404
    assert client.get(f"{BASE}/tiket/").json()["results"] == []
    assert client.get(f"{BASE}/antrean/").status_code == 403
    tiket.refresh_from_db()
    assert tiket.status == Status.BARU
    assert not Balasan.objects.exists()


def test_own_list_and_detail(client, pelapor, pelapor_lain, make_tiket):
    mine = make_tiket(pelapor, at=(2025, 11, 17, 9, 0))
    make_tiket(pelapor_lain, at=(2025, 11, 17, 10, 0))
    client.force_login(pelapor)
    body = client.get(f"{BASE}/tiket/").json()
    assert [t["id"] for t in body["results"]] == [mine.pk]
    assert body["next"] is None
    assert client.get(f"{BASE}/tiket/{mine.pk}/").json()["deskripsi"] == mine.deskripsi


def test_helpdesk_queue_order_overdue_and_cursor(client, helpdesk, pelapor, make_tiket):
    late = make_tiket(pelapor, at=(2025, 11, 14, 16, 0))  # due Mon 14:00
    made = [make_tiket(pelapor, at=(2025, 11, 17, 9, i)) for i in range(3)]  # due Mon 17:0i
    set_clock(2025, 11, 17, 15, 0)
    client.force_login(helpdesk)
    body = client.get(f"{BASE}/antrean/").json()
    assert body["results"][0]["lewat_sla"] is True
    assert all(not t["lewat_sla"] for t in body["results"][1:])
    assert [t["id"] for t in body["results"]] == [late.pk, *[t.pk for t in made]]
    only = client.get(f"{BASE}/antrean/", {"lewat_sla": "1"}).json()
    assert [t["id"] for t in only["results"]] == [late.pk]


def test_queue_cursor_walks_to_the_end(client, helpdesk, pelapor, make_tiket):
    made = [make_tiket(pelapor, at=(2025, 11, 17, 8, i)) for i in range(27)]
    client.force_login(helpdesk)
    body = client.get(f"{BASE}/antrean/").json()
    ids = [t["id"] for t in body["results"]]
    body = client.get(body["next"]).json()
    ids += [t["id"] for t in body["results"]]
    assert ids == [t.pk for t in made]
    assert body["next"] is None
    bad = client.get(f"{BASE}/antrean/", {"setelah": "x"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "cursor_invalid"


def test_reply_and_status_by_helpdesk(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor, at=(2025, 11, 17, 9, 0))
    set_clock(2025, 11, 17, 10, 0)
    client.force_login(helpdesk)
    reply = client.post(
        f"{BASE}/tiket/{tiket.pk}/balasan/", {"teks": "Mohon kirim SK."}, content_type="application/json"
    )
    assert reply.status_code == 201
    assert reply.json()["dari_petugas"] is True
    note = client.post(
        f"{BASE}/tiket/{tiket.pk}/balasan/",
        {"teks": "internal", "internal": True},
        content_type="application/json",
    )
    assert note.status_code == 201
    moved = client.post(
        f"{BASE}/tiket/{tiket.pk}/status/", {"status": "menunggu_pelapor"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "menunggu_pelapor"
    assert moved.json()["first_response_at"] is not None
    client.force_login(pelapor)
    detail = client.get(f"{BASE}/tiket/{tiket.pk}/").json()
    assert [b["teks"] for b in detail["balasan"]] == ["Mohon kirim SK."]
    assert [r["ke"] for r in detail["riwayat"]] == ["baru", "diproses", "menunggu_pelapor"]


def test_api_refusals_carry_code_and_message(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(pelapor)
    internal = client.post(
        f"{BASE}/tiket/{tiket.pk}/balasan/", {"teks": "x", "internal": True}, content_type="application/json"
    )
    assert internal.status_code == 403
    assert "Catatan internal" in internal.json()["message"]
    moved = client.post(
        f"{BASE}/tiket/{tiket.pk}/status/", {"status": "diproses"}, content_type="application/json"
    )
    assert moved.status_code == 403
    client.force_login(helpdesk)
    client.post(f"{BASE}/tiket/{tiket.pk}/status/", {"status": "selesai"}, content_type="application/json")
    back = client.post(
        f"{BASE}/tiket/{tiket.pk}/status/", {"status": "menunggu_pelapor"}, content_type="application/json"
    )
    assert back.status_code == 409
    assert back.json()["code"] == "transisi_tidak_sah"
    empty = client.post(f"{BASE}/tiket/{tiket.pk}/balasan/", {"teks": "  "}, content_type="application/json")
    assert empty.status_code == 400
    assert empty.json()["detail"] == {"teks": ["Balasan wajib diisi."]}


def test_schema_documents_the_endpoints(client, pelapor):
    client.force_login(pelapor)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/bantuan/tiket/", "/api/v1/bantuan/antrean/", "/api/v1/bantuan/tiket/{id}/status/"):
        assert path in schema


def test_uploaded_file_api_rejects_oversize(client, pelapor):
    client.force_login(pelapor)
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), content_type="image/jpeg"
    )
    body = client.post(f"{BASE}/tiket/", akses_data(screenshot_error=big)).json()
    assert "melebihi batas 5 MB" in body["detail"]["screenshot_error"][0]
    assert Tiket.objects.count() == 0
