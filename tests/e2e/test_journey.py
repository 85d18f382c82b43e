"""The performance cycle in a real browser (headless Debian Chromium through Playwright): the teacher
plans and submits → the principal approves → the teacher agrees → observation → rating → the Kepala
Dinas sets the Predikat Kinerja Organisasi → the principal fixes the predikat → the teacher sees it.

Every actor logs in through the login page in their own browser context; the simulated clock is moved
between the stages with ``pmm.clock.clock_set``, as the trainer's page does. The pages run on a phone-
sized viewport, and the teacher's, the principal's (plan review, approval list, rating list and form)
and the Kepala Dinas' school list are checked to fit its width without horizontal scrolling;
screenshots of a few pages are left in /tmp (H8_SCREENSHOTS) for a human look.
"""

import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from dapodik.choices import JenisPTK
from kinerja.models import Penilaian, Rencana
from kinerja.services import riwayat
from pmm import clock
from pmm.roles import Role
from tests import factories as f

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "rahasia123"  # tests.factories.UserFactory
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(os.environ.get("H8_SCREENSHOTS", "/tmp/pmm-e2e"))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"Chromium tidak ada di {CHROMIUM} (apt install chromium)"
    ),
]


@pytest.fixture(autouse=True)
def async_unsafe(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are
    # sync. Set for this module's tests only: left in os.environ it would reach the deploy check that
    # other tests run in a subprocess (async.E001).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def hari(bulan, tanggal, jam=9):
    clock.clock_set(moment=timezone.make_aware(datetime(2025, bulan, tanggal, jam, 0)))


@pytest.fixture
def dunia(transactional_db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(riwayat, "_enqueue", lambda riwayat_id: None)  # no broker in this test
    call_command("loaddata", "katalog", app_label="kinerja", verbosity=0)
    sekolah = f.SekolahFactory(nama="SD Negeri 7 Peramban")
    kepala = f.PTKFactory(sekolah=sekolah, nama="Bu Kepala Rahma", jenis_ptk=JenisPTK.KEPALA_SEKOLAH)
    f.PenugasanFactory(ptk=kepala, sekolah=sekolah)
    guru = f.PTKFactory(sekolah=sekolah, nama="Pak Guru Budi")
    kadis = f.UserFactory(email="kadis@dinas.belajar.id", nama="Kepala Dinas Uji")
    f.grant(kadis, Role.KEPALA_DINAS, instansi=sekolah.instansi)
    return {"sekolah": sekolah, "kepala": kepala, "guru": guru, "kadis": kadis}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()
            # Under Playwright's event loop the test's ORM calls run in their own context and so on
            # their own database connection; close it here or the test database cannot be dropped.
            connections.close_all()


def masuk(browser, live_server, email):
    """A fresh browser context on a phone viewport, logged in through the login page."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Masuk')")
    page.wait_for_url(f"{live_server.url}/")
    return page


def pesan(page) -> str:
    return " ".join(page.locator("li.msg").all_inner_texts())


def muat_di_ponsel(page, nama: str) -> None:
    """The page in the browser fits the phone's width: no horizontal scroll of the whole page."""
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= PHONE["width"], f"{nama}: lebar halaman {lebar}px > {PHONE['width']}px"


def foto(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_whole_cycle_in_the_browser(dunia, live_server, browser):
    base = live_server.url
    guru, kepala, kadis, sekolah = dunia["guru"], dunia["kepala"], dunia["kadis"], dunia["sekolah"]

    # January: the teacher plans in five steps and submits.
    hari(1, 8)
    g = masuk(browser, live_server, guru.user.email)
    g.click("text=Pengelolaan Kinerja")
    g.wait_for_url(f"{base}/kinerja/")
    assert "Perencanaan Kinerja" in g.locator("li.sekarang").inner_text()
    foto(g, "01-beranda-guru")
    g.click("button:has-text('Buat rencana kinerja sebagai guru')")
    g.check("input[name=indikator] >> nth=1")
    g.click("button:has-text('Simpan dan lanjut')")
    g.wait_for_url(re.compile(r".*/langkah/2/$"))
    first = g.locator("input[name=rhk]").first
    first.check()
    g.locator(".jumlah").first.fill("2")
    assert g.locator("#total-poin").inner_text() == "16"  # the running total, computed in the page
    assert "Di bawah rekomendasi" in g.locator("#status-poin").inner_text()
    g.locator("input[name=rhk]").nth(2).check()
    assert g.locator("#total-poin").inner_text() == "52"
    foto(g, "02-langkah-2")
    g.click("button:has-text('Simpan dan lanjut')")
    g.wait_for_url(re.compile(r".*/langkah/3/$"))
    g.click("button:has-text('Simpan dan lanjut')")
    g.check("input[name=konfirmasi]")
    g.click("button:has-text('Simpan dan lanjut')")
    g.wait_for_url(re.compile(r".*/langkah/5/$"))
    assert "Bu Kepala Rahma" in g.content()
    g.click("button:has-text('Ajukan kepada atasan')")
    assert "Rencana diajukan kepada atasan" in pesan(g)
    r = Rencana.objects.get(ptk=guru)

    # The principal reviews the plan, then approves from the approval list.
    k = masuk(browser, live_server, kepala.user.email)
    k.goto(f"{base}/kinerja/rencana/{r.pk}/")
    assert "Kembalikan dengan catatan" in k.content()
    muat_di_ponsel(k, "tinjauan rencana (kepala sekolah)")
    k.goto(f"{base}/kinerja/")
    k.click("text=Persetujuan rencana")
    foto(k, "03-persetujuan-kepala")
    muat_di_ponsel(k, "daftar persetujuan")
    k.click("button:has-text('Setujui')")
    assert "disetujui" in pesan(k)

    # The teacher agrees.
    g.goto(f"{base}/kinerja/rencana/{r.pk}/")
    g.click("button:has-text('Sepakati rencana')")
    assert "disepakati" in pesan(g).lower()

    # February: Diskusi Persiapan and the schedule; March: the principal observes.
    hari(2, 10)
    g.goto(f"{base}/kinerja/rencana/{r.pk}/observasi/")
    g.locator("input[name=fokus]").first.check()
    g.fill("#dokumen_persiapan", "Modul ajar dengan kesepakatan kelas.")
    g.fill("#p-tanggal", "2025-03-04")
    g.fill("#p-jam", "09:00")
    g.click("button:has-text('Simpan dan jadwalkan')")
    assert "observasi dijadwalkan" in pesan(g)
    hari(3, 4)
    k.goto(f"{base}/kinerja/rencana/{r.pk}/observasi/")
    k.fill("#catatan-observasi", "Guru membuka pelajaran dengan refleksi kesepakatan kelas.")
    k.click("button:has-text('Simpan catatan observasi')")
    assert "Catatan observasi kelas tersimpan" in pesan(k)

    # June: rating and Kirim ke Dinas Pendidikan.
    hari(6, 12)
    k.goto(f"{base}/kinerja/sekolah/{sekolah.pk}/penilaian/")
    muat_di_ponsel(k, "daftar penilaian")
    k.get_by_role("link", name="Nilai", exact=True).click()
    k.wait_for_url(re.compile(rf".*/rencana/{r.pk}/penilaian/$"))
    muat_di_ponsel(k, "formulir penilaian")
    k.select_option("#rating_hasil_kerja", "di_atas")
    k.select_option("#rating_perilaku", "di_atas")
    k.click("button:has-text('Simpan draf penilaian')")
    assert "Sangat Baik" in pesan(k)
    k.goto(f"{base}/kinerja/sekolah/{sekolah.pk}/kirim/")
    assert "final" in k.content()
    k.fill("#penjelasan", "Penilaian sudah didiskusikan dengan guru.")
    k.check("input[name=konfirmasi]")
    k.click("button:has-text('Kirim ke Dinas Pendidikan')")
    assert "dikirim ke Dinas Pendidikan" in pesan(k)

    # The Kepala Dinas gives the Predikat Kinerja Organisasi.
    d = masuk(browser, live_server, kadis.email)
    d.click("text=Predikat Kinerja Organisasi sekolah")
    d.wait_for_url(f"{base}/kinerja/dinas/sekolah/")
    muat_di_ponsel(d, "daftar sekolah Kepala Dinas")
    d.select_option(f"#org-{sekolah.pk}", "istimewa")
    d.click("button:has-text('Simpan')")
    assert "Istimewa" in pesan(d)
    foto(d, "04-dinas-sekolah")

    # The principal fixes the predikat, with the distribution check and rounding explained.
    k.goto(f"{base}/kinerja/sekolah/{sekolah.pk}/tetapkan/")
    assert "dibulatkan ke bawah" in k.content()
    foto(k, "05-tetapkan")
    k.click("button:has-text('Tetapkan predikat')")
    assert "Predikat 1 guru ditetapkan" in pesan(k)
    assert Penilaian.objects.get(rencana=r).status == "ditetapkan"

    # The teacher sees the predikat.
    g.goto(f"{base}/kinerja/")
    assert "Predikat: Sangat Baik" in g.content()
    g.goto(f"{base}/kinerja/rencana/{r.pk}/predikat/")
    assert g.locator(".predikat-besar").inner_text() == "Sangat Baik"
    foto(g, "06-predikat-guru")
    with g.expect_download() as unduh:
        g.click("text=Unduh PDF penilaian")
    path = unduh.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    # Nothing overflows the phone's width on the teacher's pages.
    for target in ("/kinerja/", f"/kinerja/rencana/{r.pk}/", f"/kinerja/rencana/{r.pk}/langkah/2/"):
        g.goto(base + target)
        muat_di_ponsel(g, target)
