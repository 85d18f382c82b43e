"""Late rating: a Penilaian window moved past its period's end (seed 003 slide 29: Jan–Jun ratings were
still being completed in July). The school-level steps and lists that name no period follow the
window (``periods.periode_penilaian``), not the calendar's semester; outside every window their
refusal names the periods concerned. Through the services, the pages and the API.

The Jan–Jun window is extended to 31 July and the clock stands on 5 July unless a test says otherwise.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kinerja import periods, selectors
from kinerja.models import Penilaian, PenilaianSekolah, Periode, Riwayat
from kinerja.services import penilaian as svc
from pmm.errors import ApplicationError

from .helpers import aktor, hari, nilai, persiapan, rencana_disepakati, siap_dinilai, waktu
from .test_views_helpers import Peramban, pesan, pesan_galat, url

pytestmark = pytest.mark.django_db

DIPERPANJANG = date(2025, 7, 31)
# Three teachers whose predikat respect the SE MenPANRB 3/2023 rule for a "Baik" organisation:
# Sangat Baik, Baik, Butuh Perbaikan.
RATING = [("di_atas", "di_atas"), ("sesuai", "sesuai"), ("di_bawah", "sesuai")]
PREDIKAT = ["Sangat Baik", "Baik", "Butuh Perbaikan"]

JANJUN_DITUTUP = (
    "Penilaian Kinerja periode Januari–Juni 2025 sudah ditutup pada 31 Juli 2025. "
    "Penilaian Kinerja periode Juli–Desember 2025 baru dibuka pada 1 Desember 2025."
)
JANJUN_DITUTUP_DEFAULT = (
    "Penilaian Kinerja periode Januari–Juni 2025 sudah ditutup pada 30 Juni 2025. "
    "Penilaian Kinerja periode Juli–Desember 2025 baru dibuka pada 1 Desember 2025."
)
JANJUN_BELUM = "Penilaian Kinerja periode Januari–Juni 2025 baru dibuka pada 1 Juni 2025."


def perpanjang(selesai=DIPERPANJANG, tahun=2025, semester=1):
    Periode.objects.filter(tahun=tahun, semester=semester).update(penilaian_selesai=selesai)


def janjun() -> Periode:
    return Periode.objects.get(tahun=2025, semester=1)


@pytest.fixture
def terlambat(wilayah):
    """Three teachers ready to be rated for Jan–Jun; the window extended to 31 July; 5 July."""
    rencana = [siap_dinilai(g, wilayah.kepala) for g in wilayah.guru]
    perpanjang()
    hari(7, 5)
    return rencana


def kirim(kepala, sekolah):
    return svc.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=sekolah, konfirmasi=True, penjelasan="Sudah dibahas dengan guru."
    )


def organisasi(kadis, sekolah, nilai_org="baik"):
    return svc.predikat_organisasi_set(actor=aktor(kadis), sekolah=sekolah, predikat_organisasi=nilai_org)


def tetapkan(kepala, sekolah):
    return svc.predikat_tetapkan(actor=aktor(kepala), sekolah=sekolah)


def ditolak(fn, pesan_persis=None, *, cocok=None):
    with pytest.raises(ApplicationError) as err:
        fn()
    assert err.value.code == "di_luar_jadwal"
    if pesan_persis is not None:
        assert err.value.message == pesan_persis
    if cocok is not None:
        assert cocok in err.value.message, err.value.message
    return err.value


def jejak():
    """What a refused step must leave exactly as it was."""
    return (
        list(PenilaianSekolah.objects.order_by("pk").values()),
        list(Penilaian.objects.order_by("pk").values("pk", "status", "predikat")),
        Riwayat.objects.count(),
    )


# --- periods.periode_penilaian -----------------------------------------------------------------


def test_the_period_being_rated_follows_the_window_not_the_calendar(wilayah):
    siap_dinilai(wilayah.guru[0], wilayah.kepala)  # creates Jan–Jun 2025
    assert periods.periode_penilaian(date(2025, 6, 15)) == janjun()
    # default windows: in July nothing is rated; the day's own period (not saved yet) is returned
    juli = periods.periode_penilaian(date(2025, 7, 5))
    assert (juli.pk, juli.tahun, juli.semester, juli.penilaian_mulai) == (None, 2025, 2, date(2025, 12, 1))
    perpanjang()
    assert periods.periode_penilaian(date(2025, 7, 5)) == janjun()
    assert periods.periode_penilaian(date(2025, 7, 31)) == janjun()
    agustus = periods.periode_penilaian(date(2025, 8, 1))
    assert (agustus.tahun, agustus.semester) == (2025, 2)


def test_when_two_windows_contain_the_day_the_earlier_period_is_rated(wilayah):
    siap_dinilai(wilayah.guru[0], wilayah.kepala)
    perpanjang(date(2025, 12, 31))  # (a trainer's extreme) Jan–Jun rated until the end of the year
    juli_des = periods.periode_for_date(date(2025, 7, 1))  # saved, default window in December
    assert periods.periode_penilaian(date(2025, 12, 10)) == janjun()
    perpanjang(date(2025, 12, 9))
    assert periods.periode_penilaian(date(2025, 12, 10)) == juli_des


def test_the_period_being_rated_costs_one_query_and_creates_nothing_unless_asked(
    katalog, django_assert_num_queries
):
    with django_assert_num_queries(1):
        p = periods.periode_penilaian(date(2025, 6, 10))
    assert p.pk is None and (p.tahun, p.semester, p.penilaian_mulai) == (2025, 1, date(2025, 6, 1))
    assert not Periode.objects.exists()
    dibuat = periods.periode_penilaian(date(2025, 6, 10), create=True)
    assert dibuat.pk is not None and Periode.objects.count() == 1


def test_a_period_code_of_a_page_is_parsed_and_unknown_ones_refused(katalog):
    p = periods.periode_for_date(date(2025, 3, 1))
    assert periods.periode_by_kode("2025-1") == p
    for salah in ("2025-2", "2025-3", "25-1", "abc", "", "2025-1-1", "२०२५-1"):
        with pytest.raises(ApplicationError, match="Periode tidak ditemukan"):
            periods.periode_by_kode(salah)
    assert Periode.objects.count() == 1


# --- the late path through the services ----------------------------------------------------------


def test_late_schools_finish_jan_jun_in_july_through_the_services(wilayah, terlambat):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    daftar = selectors.daftar_penilaian(actor=aktor(kepala), sekolah=sekolah.pk)
    assert daftar.periode == janjun() and daftar.dalam_jadwal and daftar.boleh_kirim
    assert {b.ptk.pk for b in daftar.muncul} == {g.pk for g in wilayah.guru}
    # planning lists keep the calendar's semester meanwhile
    assert selectors.daftar_persetujuan(actor=aktor(kepala), sekolah=sekolah.pk).periode.semester == 2
    for r, (h, p) in zip(terlambat, RATING, strict=True):
        nilai(r, kepala, h, p)
    ps = kirim(kepala, sekolah)
    assert (ps.periode, ps.status) == (janjun(), "dikirim")
    baris = selectors.daftar_sekolah_kepala_dinas(actor=aktor(kadis))
    assert [(b.jumlah_dikirim, b.boleh_diberi_predikat) for b in baris] == [(3, True)]
    ps = organisasi(kadis, sekolah)
    assert (ps.periode, ps.status, ps.predikat_organisasi, ps.berubah) == (
        janjun(),
        "organisasi",
        "baik",
        True,
    )
    assert len(tetapkan(kepala, sekolah)) == 3
    assert selectors.penilaian_sekolah_get(sekolah=sekolah).status == "ditetapkan"
    assert PenilaianSekolah.objects.get().periode == janjun()  # no Jul–Dec row was made
    for guru, label in zip(wilayah.guru, PREDIKAT, strict=True):
        (r,) = selectors.rencana_saya(actor=aktor(guru))
        assert (r.periode, r.penilaian.status, r.penilaian.get_predikat_display()) == (
            janjun(),
            "ditetapkan",
            label,
        )
    # Each teacher's home lists the late Jan–Jun plan with its predikat beside the July period.
    for guru, label in zip(wilayah.guru, PREDIKAT, strict=True):
        data = selectors.beranda(actor=aktor(guru))
        assert (data.periode.tahun, data.periode.semester, data.rencana) == (2025, 2, [])
        (x,) = data.rencana_penilaian
        assert (x.rencana.periode, x.predikat_label) == (janjun(), label)
        page = Client()
        page.force_login(guru.user)
        html = page.get(url("beranda")).content.decode()
        assert "Penilaian periode sebelumnya" in html and f"Predikat: {label}" in html


def test_late_schools_finish_jan_jun_in_july_through_the_pages(wilayah, terlambat):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    k = Peramban(kepala)
    halaman = k.get(url("penilaian_daftar", sekolah.pk)).content.decode()
    assert "Periode Januari–Juni 2025" in halaman and "diperpanjang sampai 31 Juli 2025" in halaman
    assert "Di luar jadwal" not in halaman
    assert all(g.nama in halaman for g in wilayah.guru)
    for r, (h, p) in zip(terlambat, RATING, strict=True):
        res = k.post(url("penilaian", r.pk), {"rating_hasil_kerja": h, "rating_perilaku": p})
        assert pesan_galat(res) == [] and "Draf penilaian tersimpan" in pesan(res)[0]
    assert "Kirim ke Dinas Pendidikan</button>" in k.get(url("kirim", sekolah.pk)).content.decode()
    res = k.post(url("kirim", sekolah.pk), {"konfirmasi": "on", "penjelasan": "Sudah dibahas."})
    assert pesan_galat(res) == [] and pesan(res)[0].startswith(
        "Penilaian dikirim ke Dinas Pendidikan pada 5 Juli"
    )

    d = Peramban(kadis)
    halaman = d.get(url("dinas_sekolah")).content.decode()
    assert "Periode Januari–Juni 2025" in halaman and 'name="predikat_organisasi"' in halaman
    assert f"{url('dinas_rencana')}?periode=2025-1" in halaman  # the principals rated late
    data = {"sekolah": sekolah.pk, "predikat_organisasi": "baik"}
    res = d.post(url("dinas_sekolah"), data)
    assert pesan(res) == [f"Predikat Kinerja Organisasi {sekolah.nama}: Baik."]
    res = d.post(url("dinas_sekolah"), data)
    assert pesan(res) == [f"Tidak ada perubahan: Predikat Kinerja Organisasi {sekolah.nama} sudah Baik."]
    assert Riwayat.objects.filter(transisi="predikat_organisasi").count() == 1

    halaman = k.get(url("tetapkan", sekolah.pk)).content.decode()
    assert "Periode Januari–Juni 2025" in halaman and "Tetapkan predikat</button>" in halaman
    res = k.post(url("tetapkan", sekolah.pk))
    assert pesan(res) == ["Predikat 3 guru ditetapkan. Guru dapat melihat predikatnya."]
    for guru, r, label in zip(wilayah.guru, terlambat, PREDIKAT, strict=True):
        halaman = Peramban(guru).get(url("predikat", r.pk)).content.decode()
        assert "Predikat Anda periode Januari–Juni 2025" in halaman
        assert f">{label}</p>" in halaman


def test_late_schools_finish_jan_jun_in_july_through_the_api(wilayah, terlambat):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    k, d = APIClient(), APIClient()
    k.force_authenticate(kepala.user)
    d.force_authenticate(kadis)
    api = "/api/v1/kinerja"
    for r, (h, p) in zip(terlambat, RATING, strict=True):
        nilai(r, kepala, h, p)
    res = k.post(
        f"{api}/sekolah/{sekolah.pk}/kirim/", {"konfirmasi": True, "penjelasan": "ok"}, format="json"
    )
    assert res.status_code == 200 and res.json()["status"] == "dikirim", res.content
    res = d.post(
        f"{api}/dinas/sekolah/{sekolah.pk}/predikat-organisasi/",
        {"predikat_organisasi": "baik"},
        format="json",
    )
    assert res.status_code == 200 and res.json()["predikat_organisasi"] == "baik", res.content
    res = k.post(f"{api}/sekolah/{sekolah.pk}/tetapkan/")
    assert res.status_code == 200, res.content
    assert res.json()["ditetapkan"] == 3 and res.json()["penilaian_sekolah"]["status"] == "ditetapkan"


def test_the_kepala_dinas_reaches_the_principals_of_the_period_rated_late(wilayah, terlambat):
    d = Peramban(wilayah.kadis)
    res = d.get(f"{url('dinas_rencana')}?periode=2025-1")
    assert res.status_code == 200 and "Periode Januari–Juni 2025" in res.content.decode()
    assert "Periode Juli–Desember 2025" in d.get(url("dinas_rencana")).content.decode()
    for salah in ("2024-1", "x", "2025-9"):
        res = d.get(f"{url('dinas_rencana')}?periode={salah}")
        assert res.status_code == 404 and "Periode tidak ditemukan." in res.content.decode()
    res = Peramban(wilayah.kepala).get(f"{url('dinas_rencana')}?periode=2025-1")
    assert res.status_code == 403


def test_the_rating_list_costs_no_extra_query_during_a_late_window(wilayah):
    rencana = [siap_dinilai(g, wilayah.kepala) for g in wilayah.guru]
    client = Client()
    client.force_login(wilayah.kepala.user)
    target = url("penilaian_daftar", wilayah.sekolah.pk)

    def hitung():
        client.get(target)
        with CaptureQueriesContext(connection) as q:
            res = client.get(target)
        assert res.status_code == 200
        return len(q), res.content.decode()

    hari(6, 10)
    juni, _ = hitung()
    perpanjang()
    hari(7, 5)
    juli, halaman = hitung()
    assert juli == juni and "Periode Januari–Juni 2025" in halaman
    assert all(f"/rencana/{r.pk}/penilaian/" in halaman for r in rencana)


# --- refusals: after the extension, before the window, the Jul–Dec rule --------------------------


def test_after_the_extended_window_each_step_is_refused_naming_jan_jun(wilayah, terlambat):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    for r, (h, p) in zip(terlambat, RATING, strict=True):
        nilai(r, kepala, h, p)
    langkah = [
        lambda: kirim(kepala, sekolah),
        lambda: organisasi(kadis, sekolah),
        lambda: tetapkan(kepala, sekolah),
    ]
    for fn in langkah:
        # refused on 1 August with nothing changed; the same step the day before goes through
        hari(8, 1)
        sebelum = jejak()
        err = ditolak(fn, JANJUN_DITUTUP)
        assert err.detail["periode_ditutup"] == "2025-1" and err.detail["ditutup"] == "2025-07-31"
        assert jejak() == sebelum
        hari(7, 31)
        fn()
    assert set(Penilaian.objects.values_list("status", flat=True)) == {"ditetapkan"}
    # a rating of one plan follows its own period, refused too
    hari(8, 1)
    with pytest.raises(ApplicationError, match="periode Januari–Juni 2025 sudah ditutup pada 31 Juli 2025"):
        nilai(terlambat[0], kepala, "sesuai", "sesuai")


def test_after_the_extended_window_the_pages_show_and_refuse_the_right_period(wilayah, terlambat):
    kepala, sekolah = wilayah.kepala, wilayah.sekolah
    for r, (h, p) in zip(terlambat, RATING, strict=True):
        nilai(r, kepala, h, p)
    hari(8, 1)
    k = Peramban(kepala)
    halaman = k.get(url("penilaian_daftar", sekolah.pk)).content.decode()
    assert "Periode Juli–Desember 2025" in halaman and "Di luar jadwal" in halaman
    res = k.post(url("kirim", sekolah.pk), {"konfirmasi": "on", "penjelasan": "Terlambat."})
    assert pesan_galat(res) == [JANJUN_DITUTUP]
    res = Peramban(wilayah.kadis).post(
        url("dinas_sekolah"), {"sekolah": sekolah.pk, "predikat_organisasi": "baik"}
    )
    assert pesan_galat(res) == [JANJUN_DITUTUP]
    res = k.post(url("tetapkan", sekolah.pk))
    assert pesan_galat(res) == [JANJUN_DITUTUP]
    assert not PenilaianSekolah.objects.exists()


def test_default_windows_refuse_before_june_and_after_june(wilayah):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    langkah = [
        lambda: kirim(kepala, sekolah),
        lambda: organisasi(kadis, sekolah),
        lambda: tetapkan(kepala, sekolah),
    ]
    for bulan, tanggal in ((5, 15), (5, 31)):
        hari(bulan, tanggal)
        for fn in langkah:
            ditolak(fn, JANJUN_BELUM)
    hari(6, 15)  # inside the default window: the list and every step work on Jan–Jun
    assert selectors.daftar_penilaian(actor=aktor(kepala), sekolah=sekolah.pk).dalam_jadwal
    for r, (h, p) in zip(rencana, RATING, strict=True):
        nilai(r, kepala, h, p)
    kirim(kepala, sekolah)
    hari(7, 1)  # the default window closed with the period
    err = ditolak(lambda: organisasi(kadis, sekolah), JANJUN_DITUTUP_DEFAULT)
    assert err.detail["periode"] == "2025-2"
    hari(6, 30)
    organisasi(kadis, sekolah)
    hari(7, 1)
    ditolak(lambda: tetapkan(kepala, sekolah), JANJUN_DITUTUP_DEFAULT)
    hari(6, 30)
    assert len(tetapkan(kepala, sekolah)) == 3


def test_july_december_school_steps_happen_only_in_december(wilayah):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    hari(7, 8)
    rencana = [rencana_disepakati(g, kepala) for g in wilayah.guru]
    hari(8, 5)
    for g, r in zip(wilayah.guru, rencana, strict=True):
        persiapan(r, g, jadwal=waktu(9, 2))
    belum = "Penilaian Kinerja periode Juli–Desember 2025 baru dibuka pada 1 Desember 2025."
    langkah = [
        lambda: kirim(kepala, sekolah),
        lambda: organisasi(kadis, sekolah),
        lambda: tetapkan(kepala, sekolah),
    ]
    for bulan, tanggal in ((9, 15), (11, 30)):
        hari(bulan, tanggal)
        for fn in langkah:
            ditolak(fn, belum)
        assert not selectors.daftar_penilaian(actor=aktor(kepala), sekolah=sekolah.pk).boleh_kirim
    hari(12, 1)
    daftar = selectors.daftar_penilaian(actor=aktor(kepala), sekolah=sekolah.pk)
    assert (daftar.periode.semester, daftar.boleh_kirim) == (2, True)
    for r, (h, p) in zip(rencana, RATING, strict=True):
        nilai(r, kepala, h, p)
    kirim(kepala, sekolah)
    ditutup = (
        "Penilaian Kinerja periode Juli–Desember 2025 sudah ditutup pada 31 Desember 2025. "
        "Penilaian Kinerja periode Januari–Juni 2026 baru dibuka pada 1 Juni 2026."
    )
    hari(1, 2, tahun=2026)
    ditolak(lambda: organisasi(kadis, sekolah), ditutup)
    hari(12, 31)
    organisasi(kadis, sekolah)
    hari(1, 2, tahun=2026)
    ditolak(lambda: tetapkan(kepala, sekolah), ditutup)
    hari(12, 31)
    assert len(tetapkan(kepala, sekolah)) == 3
    assert PenilaianSekolah.objects.get().periode.semester == 2


# --- a repeated organisation predikat --------------------------------------------------------------


def test_the_same_organisation_predikat_again_changes_and_sends_nothing(
    wilayah, terlambat, django_capture_on_commit_callbacks, antrean
):
    kepala, kadis, sekolah = wilayah.kepala, wilayah.kadis, wilayah.sekolah
    nilai(terlambat[0], kepala, "sesuai", "sesuai")
    kirim(kepala, sekolah)
    with django_capture_on_commit_callbacks(execute=True):
        pertama = organisasi(kadis, sekolah, "baik")
    riwayat = list(Riwayat.objects.filter(transisi="predikat_organisasi").values_list("pk", flat=True))
    assert len(riwayat) == 1 and antrean == riwayat
    hari(7, 6)
    with django_capture_on_commit_callbacks(execute=True):
        lagi = organisasi(kadis, sekolah, "baik")
    assert lagi.berubah is False and lagi.pk == pertama.pk
    segar = PenilaianSekolah.objects.get()
    assert segar.predikat_organisasi_pada == pertama.predikat_organisasi_pada  # not touched
    assert Riwayat.objects.filter(transisi="predikat_organisasi").count() == 1 and antrean == riwayat
    with django_capture_on_commit_callbacks(execute=True):
        assert organisasi(kadis, sekolah, "istimewa").berubah is True
    assert Riwayat.objects.filter(transisi="predikat_organisasi").count() == 2 and len(antrean) == 2
