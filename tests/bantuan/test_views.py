"""The ticket pages: the SLA shown and stored through the form, pre-fill, uploads, access."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pmm.bantuan.models import Balasan, Status, Tiket
from tests import factories as f
from tests.bantuan.conftest import JPEG, PDF, PNG, akses_data, jpeg, png, set_clock, wib

pytestmark = pytest.mark.django_db

NEW = reverse("bantuan:tiket_baru")


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def post_ticket(client, user, data):
    client.force_login(user)
    return client.post(NEW, data, follow=True)


def assert_due(tiket, expected):
    # The simulated clock keeps running while the request is served: allow the seconds it takes.
    assert expected <= tiket.due_at < expected.replace(second=59, microsecond=999999)


# ---------------------------------------------------------------------------------------------------
# SLA through the form: set the simulated clock, post, read the page and the stored due time.


@pytest.mark.parametrize(
    ("received", "expected", "shown"),
    [
        # Seed 000: Monday 09:00 → Monday 17:00.
        ((2025, 11, 17, 9, 0), wib(2025, 11, 17, 17, 0), "Senin, 17 November 2025 pukul 17.00 WIB"),
        # Seed 000: Friday 16:00 → next Monday 14:00.
        ((2025, 11, 14, 16, 0), wib(2025, 11, 17, 14, 0), "Senin, 17 November 2025 pukul 14.00 WIB"),
        # Saturday: from Monday 08:00.
        ((2025, 11, 15, 10, 0), wib(2025, 11, 17, 16, 0), "Senin, 17 November 2025 pukul 16.00 WIB"),
        # Before hours: from 08:00 the same day.
        ((2025, 11, 18, 6, 30), wib(2025, 11, 18, 16, 0), "Selasa, 18 November 2025 pukul 16.00 WIB"),
        # After hours: from 08:00 the next day.
        ((2025, 11, 18, 19, 0), wib(2025, 11, 19, 16, 0), "Rabu, 19 November 2025 pukul 16.00 WIB"),
        # Exactly 18:00 is after hours.
        ((2025, 11, 18, 18, 0), wib(2025, 11, 19, 16, 0), "Rabu, 19 November 2025 pukul 16.00 WIB"),
        # Hari Buruh (Thursday 1 May 2025, a national holiday): 3 h Wednesday + 5 h Friday.
        ((2025, 4, 30, 15, 0), wib(2025, 5, 2, 13, 0), "Jumat, 2 Mei 2025 pukul 13.00 WIB"),
        # Received on the holiday itself.
        ((2025, 5, 1, 10, 0), wib(2025, 5, 2, 16, 0), "Jumat, 2 Mei 2025 pukul 16.00 WIB"),
    ],
)
def test_form_shows_and_stores_the_due_time(client, pelapor, received, expected, shown):
    set_clock(*received)
    response = post_ticket(client, pelapor, akses_data())
    assert response.status_code == 200
    tiket = Tiket.objects.get()
    assert_due(tiket, expected)
    assert tiket.received_at >= wib(*received)
    page = response.content.decode()
    assert f"Tim kami akan merespons paling lambat {shown}" in page
    assert response.redirect_chain[-1][0] == reverse("bantuan:tiket_detail", args=[tiket.pk])


def test_received_ticket_is_stored_with_its_report(client, pelapor):
    set_clock(2025, 11, 17, 9, 0)
    post_ticket(client, pelapor, akses_data(nip="198001012010011001", jenis_ptk="tenaga_administrasi"))
    tiket = Tiket.objects.get()
    assert tiket.pelapor == pelapor
    assert tiket.status == Status.BARU
    assert tiket.email == "pelapor@guru.sd.belajar.id"
    assert (tiket.klien_jenis, tiket.klien_versi) == ("android", "1.47")
    assert tiket.konteks == {
        "kode": "jenis_ptk_tidak_berhak",
        "jenis_ptk": "tenaga_administrasi",
        "nip": "198001012010011001",
    }
    # Stored under a random name with the extension of the real content.
    assert tiket.screenshot_error.name.endswith(".png")
    assert tiket.screenshot_jenis_ptk.name.endswith(".jpg")
    assert "jenis" not in Path(tiket.screenshot_jenis_ptk.name).name
    assert list(tiket.riwayat.values_list("dari", "ke")) == [("", "baru")]


def test_jpeg_with_a_pdf_name_is_accepted_by_its_content(client, pelapor):
    set_clock(2025, 11, 17, 9, 0)
    data = akses_data(screenshot_error=jpeg("laporan.pdf"))
    post_ticket(client, pelapor, data)
    assert Tiket.objects.get().screenshot_error.name.endswith(".jpg")


# ---------------------------------------------------------------------------------------------------
# Bad uploads: refused in Indonesian, nothing stored (no row, no file).


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"screenshot_error": png("galat.png", PDF)}, "bukan gambar PNG atau JPEG"),
        ({"screenshot_jenis_ptk": jpeg("jenis.jpg", b"GIF89a" + b"\x00" * 40)}, "bukan gambar PNG atau JPEG"),
        ({"screenshot_error": png("besar.png", PNG + b"\x00" * (5 * 1024 * 1024))}, "melebihi batas 5 MB"),
        ({"screenshot_status_kepegawaian": jpeg("kosong.jpg", b"")}, "berkas kosong"),
        (
            {"screenshot_jenis_ptk": None},
            "Tangkapan layar Dapodik bagian Jenis PTK wajib dilampirkan untuk kategori Akses Pengelolaan Kinerja",
        ),
        (
            {"screenshot_error": None},
            "Tangkapan layar pesan galat wajib dilampirkan untuk kategori Akses Pengelolaan Kinerja",
        ),
        (
            {"kategori": "sinkro_ekinerja", "screenshot_error": None},
            "Tangkapan layar pesan galat wajib dilampirkan untuk kategori Sinkronisasi ke e-Kinerja",
        ),
    ],
)
def test_bad_upload_is_refused_and_nothing_is_stored(client, pelapor, media_root, overrides, message):
    set_clock(2025, 11, 17, 9, 0)
    response = post_ticket(client, pelapor, akses_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Tiket belum dapat dikirim" in page
    assert Tiket.objects.count() == 0
    assert stored_files(media_root) == []


def test_one_bad_screenshot_among_good_ones_stores_none_of_them(client, pelapor, media_root):
    set_clock(2025, 11, 17, 9, 0)
    post_ticket(client, pelapor, akses_data(screenshot_status_kepegawaian=png("status.png", PDF)))
    assert Tiket.objects.count() == 0
    assert stored_files(media_root) == []


def test_sync_ticket_needs_only_the_error_screenshot(client, pelapor):
    set_clock(2025, 11, 17, 9, 0)
    data = akses_data(
        kategori="sinkro_ekinerja", kode="E03", screenshot_jenis_ptk=None, screenshot_status_kepegawaian=None
    )
    post_ticket(client, pelapor, data)
    tiket = Tiket.objects.get()
    assert tiket.kategori == "sinkro_ekinerja"
    assert tiket.konteks["kode"] == "E03"
    assert not tiket.screenshot_jenis_ptk


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "guru@gmail.com"}, "E-mail harus akun belajar.id"),
        ({"klien_versi": "versi baru"}, "Versi aplikasi Android ditulis seperti 1.47"),
        ({"deskripsi": "   "}, "Uraian kendala wajib diisi"),
        ({"kategori": "bukan"}, "Kategori kendala tidak dikenal"),
        ({"nip": "12345"}, "NIP / NI PPPK harus 18 digit angka"),
        ({"kode": "<script>"}, "Kode galat hanya boleh berisi"),
    ],
)
def test_bad_fields_are_refused_in_indonesian(client, pelapor, media_root, overrides, message):
    set_clock(2025, 11, 17, 9, 0)
    response = post_ticket(client, pelapor, akses_data(**overrides))
    assert message in response.content.decode()
    assert Tiket.objects.count() == 0
    assert stored_files(media_root) == []


# ---------------------------------------------------------------------------------------------------
# Pre-fill from the access page and the sync error displays.


def _value(page, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def _selected(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    match = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return (match.group(1) or None) if match else None


def test_form_is_prefilled_from_the_query(client, pelapor):
    client.force_login(pelapor)
    params = {
        "email": "lain@guru.smp.belajar.id",
        "kategori": "sinkro",
        "kode": "E03",
        "versi_aplikasi": "1.46",
        "jenis_ptk": "guru_mapel",
        "status_kepegawaian": "pppk",
        "nip": "199001012020012001",
        "npsn": "20100001",
        "pesan": "Sinkron gagal.",
    }
    page = client.get(NEW, params).content.decode()
    assert _value(page, "email") == "lain@guru.smp.belajar.id"
    assert _selected(page, "kategori") == "sinkro_ekinerja"
    assert _value(page, "kode") == "E03"
    assert _value(page, "klien_versi") == "1.46"
    assert re.search(r'<input[^>]*value="android"[^>]*checked', page)
    assert _selected(page, "jenis_ptk") == "guru_mapel"
    assert _selected(page, "status_kepegawaian") == "pppk"
    assert _value(page, "nip") == "199001012020012001"
    assert _value(page, "npsn") == "20100001"
    assert "Sinkron gagal." in page


def test_form_is_prefilled_by_the_access_page_link(client, guru):
    from kinerja import access

    client.force_login(guru.user)
    akses = client.get(reverse("kinerja:akses"), HTTP_X_PMM_APP_VERSION="1.46")
    link = akses.context["helpdesk_url"]
    page = client.get(link).content.decode()
    assert _selected(page, "kategori") == "akses_pengelolaan_kinerja"
    assert _value(page, "email") == guru.user.email
    assert _value(page, "klien_versi") == "1.46"
    assert _selected(page, "jenis_ptk") == guru.jenis_ptk
    assert access.HELPDESK_NEW_TICKET_URL == NEW


def test_without_query_the_form_uses_the_account_and_dapodik(client, guru):
    client.force_login(guru.user)
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
    page = client.get(NEW, HTTP_USER_AGENT=ua).content.decode()
    assert _value(page, "email") == guru.user.email
    assert _value(page, "nip") == guru.nip
    assert _value(page, "npsn") == guru.sekolah.npsn
    assert _selected(page, "status_kepegawaian") == guru.status_kepegawaian
    assert _value(page, "klien_versi") == "Chrome 120"
    assert re.search(r'<input[^>]*value="browser"[^>]*checked', page)


def test_malformed_prefill_is_dropped_not_an_error(client, pelapor):
    client.force_login(pelapor)
    response = client.get(NEW, {"kategori": "x" * 500, "jenis_ptk": "raja", "nip": "abc", "kode": "E\x0003"})
    assert response.status_code == 200
    page = response.content.decode()
    assert _selected(page, "kategori") is None
    assert _selected(page, "jenis_ptk") is None
    assert _value(page, "nip") is None


def test_form_page_announces_the_due_time_of_a_ticket_sent_now(client, pelapor):
    set_clock(2025, 11, 14, 16, 0)
    client.force_login(pelapor)
    page = client.get(NEW).content.decode()
    assert "Senin, 17 November 2025 pukul 14.00 WIB" in page


# ---------------------------------------------------------------------------------------------------
# Access


PAGES = ["bantuan:tiket_saya", "bantuan:tiket_baru", "bantuan:antrean"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_a_ticket_or_its_screenshot(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor, kategori="sinkro_ekinerja", screenshot_error=png())
    for url in (
        reverse("bantuan:tiket_detail", args=[tiket.pk]),
        reverse("bantuan:tiket_lampiran", args=[tiket.pk, "error"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(NEW, akses_data()).status_code == 302
    assert Tiket.objects.count() == 1


def test_reporter_cannot_see_or_touch_another_reporters_ticket(client, pelapor, pelapor_lain, make_tiket):
    tiket = make_tiket(
        pelapor_lain, kategori="sinkro_ekinerja", deskripsi="Rahasia B", screenshot_error=png()
    )
    client.force_login(pelapor)
    assert client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).status_code == 404
    assert client.get(reverse("bantuan:tiket_lampiran", args=[tiket.pk, "error"])).status_code == 404
    assert client.post(reverse("bantuan:tiket_balas", args=[tiket.pk]), {"teks": "halo"}).status_code == 404
    assert (
        client.post(reverse("bantuan:tiket_status", args=[tiket.pk]), {"status": "selesai"}).status_code
        == 404
    )
    mine = client.get(reverse("bantuan:tiket_saya")).content.decode()
    assert tiket.nomor not in mine
    assert not Balasan.objects.exists()
    tiket.refresh_from_db()
    assert tiket.status == Status.BARU


def test_reporter_sees_own_ticket_and_screenshot(client, pelapor, make_tiket):
    tiket = make_tiket(
        pelapor, kategori="sinkro_ekinerja", deskripsi="Sinkron gagal E03", screenshot_error=png()
    )
    client.force_login(pelapor)
    page = client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    assert "Sinkron gagal E03" in page
    assert "Senin, 17 November 2025 pukul 17.00 WIB" in page
    shot = client.get(reverse("bantuan:tiket_lampiran", args=[tiket.pk, "error"]))
    assert shot.status_code == 200
    assert shot["Content-Type"] == "image/png"
    assert b"".join(shot.streaming_content) == PNG
    assert client.get(reverse("bantuan:tiket_lampiran", args=[tiket.pk, "jenis-ptk"])).status_code == 404
    assert client.get(reverse("bantuan:tiket_lampiran", args=[tiket.pk, "lain"])).status_code == 404
    assert tiket.nomor in client.get(reverse("bantuan:tiket_saya")).content.decode()


def test_helpdesk_and_trainer_see_every_ticket(client, helpdesk, trainer, pelapor, pelapor_lain, make_tiket):
    a = make_tiket(pelapor, deskripsi="Laporan A")
    b = make_tiket(pelapor_lain, deskripsi="Laporan B")
    for user in (helpdesk, trainer):
        client.force_login(user)
        queue = client.get(reverse("bantuan:antrean")).content.decode()
        assert a.nomor in queue and b.nomor in queue
        assert "Laporan B" in client.get(reverse("bantuan:tiket_detail", args=[b.pk])).content.decode()


@pytest.mark.parametrize("who", ["guru", "kepala", "operator"])
def test_queue_is_refused_to_other_roles(client, request, make_tiket, pelapor, who):
    make_tiket(pelapor, deskripsi="Laporan A")
    fixture = request.getfixturevalue(who)
    user = getattr(fixture, "user", fixture)
    client.force_login(user)
    response = client.get(reverse("bantuan:antrean"))
    assert response.status_code == 403
    assert "petugas Pusat Bantuan" in response.content.decode()
    assert "Laporan A" not in response.content.decode()


def test_helpdesk_of_another_scope_is_still_helpdesk(client, pelapor, make_tiket):
    # Helpdesk is national (no scope): a grant with a province still sees every ticket.
    tiket = make_tiket(pelapor)
    user = f.UserFactory()
    f.grant(user, "helpdesk", provinsi=f.ProvinsiFactory())
    client.force_login(user)
    assert client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Conversation and status on the detail page


def test_helpdesk_reply_answers_the_ticket_and_the_reporter_reads_it(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor, at=(2025, 11, 17, 9, 0))
    set_clock(2025, 11, 17, 11, 30)
    client.force_login(helpdesk)
    response = client.post(
        reverse("bantuan:tiket_balas", args=[tiket.pk]), {"teks": "Jenis PTK Anda Laboran."}
    )
    assert response.status_code == 302
    tiket.refresh_from_db()
    assert tiket.first_response_at >= wib(2025, 11, 17, 11, 30)
    assert tiket.status == Status.DIPROSES
    client.force_login(pelapor)
    page = client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    assert "Jenis PTK Anda Laboran." in page
    assert "Dijawab petugas pada Senin, 17 November 2025 pukul 11.30 WIB" in page
    assert "tepat waktu" in page


def test_internal_note_is_hidden_from_the_reporter(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(helpdesk)
    client.post(reverse("bantuan:tiket_balas", args=[tiket.pk]), {"teks": "Cek SIASN dulu", "internal": "on"})
    assert "Cek SIASN dulu" in client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    client.force_login(pelapor)
    assert (
        "Cek SIASN dulu" not in client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    )
    tiket.refresh_from_db()
    assert tiket.first_response_at is None


def test_reporter_cannot_post_an_internal_note(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(pelapor)
    response = client.post(
        reverse("bantuan:tiket_balas", args=[tiket.pk]),
        {"teks": "Saya petugas", "internal": "on"},
        follow=True,
    )
    assert "Catatan internal hanya dapat ditulis petugas" in response.content.decode()
    assert not Balasan.objects.exists()


def test_empty_reply_is_refused(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(pelapor)
    response = client.post(reverse("bantuan:tiket_balas", args=[tiket.pk]), {"teks": ""})
    assert response.status_code == 200
    assert "Balasan wajib diisi." in response.content.decode()
    assert not Balasan.objects.exists()


def test_helpdesk_changes_status_and_history_shows_it(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(helpdesk)
    client.post(
        reverse("bantuan:tiket_status", args=[tiket.pk]),
        {"status": "menunggu_pelapor", "catatan": "Kirim SK"},
    )
    tiket.refresh_from_db()
    assert tiket.status == Status.MENUNGGU_PELAPOR
    page = client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    assert "Baru → Menunggu pelapor" in page
    assert "Kirim SK" in page


def test_reporter_may_close_but_not_otherwise_move_status(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(pelapor)
    response = client.post(
        reverse("bantuan:tiket_status", args=[tiket.pk]), {"status": "diproses"}, follow=True
    )
    assert "Pelapor hanya dapat menandai tiketnya selesai" in response.content.decode()
    tiket.refresh_from_db()
    assert tiket.status == Status.BARU
    client.post(reverse("bantuan:tiket_status", args=[tiket.pk]), {"status": "selesai"})
    tiket.refresh_from_db()
    assert tiket.status == Status.SELESAI
    page = client.get(reverse("bantuan:tiket_detail", args=[tiket.pk])).content.decode()
    assert "buat tiket baru" in page


def test_unknown_status_is_refused(client, helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    client.force_login(helpdesk)
    response = client.post(
        reverse("bantuan:tiket_status", args=[tiket.pk]), {"status": "hilang"}, follow=True
    )
    assert "Ubah status ke tidak dikenal." in response.content.decode()
    tiket.refresh_from_db()
    assert tiket.status == Status.BARU


def test_home_menu_links_to_pusat_bantuan(client, guru, helpdesk):
    client.force_login(guru.user)
    assert reverse("bantuan:tiket_saya") in client.get(reverse("home")).content.decode()
    client.force_login(helpdesk)
    page = client.get(reverse("home")).content.decode()
    assert reverse("bantuan:antrean") in page
    assert reverse("bantuan:tiket_saya") in page


def test_jpeg_content_served_as_jpeg(client, pelapor, make_tiket):
    tiket = make_tiket(pelapor, screenshot_error=jpeg())
    client.force_login(pelapor)
    shot = client.get(reverse("bantuan:tiket_lampiran", args=[tiket.pk, "error"]))
    assert shot["Content-Type"] == "image/jpeg"
    assert b"".join(shot.streaming_content) == JPEG
