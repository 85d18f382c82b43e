"""The atasan's "ekspektasi khusus" per BerAKHLAK value (PermenPANRB 6/2022): written by whoever may
approve the plan, only while it waits for approval, through the service, the plan page and the API;
shown to the pegawai on the plan, in the wizard and in the evaluation PDF; seeded for the Bimtek."""

import pytest
from rest_framework.test import APIClient

from dapodik.bimtek import seed_bimtek
from kinerja.bimtek import EKSPEKTASI_CONTOH, bimtek_extend_cycle
from kinerja.models import EkspektasiKhusus, NilaiBerakhlak, Peran, Rencana, Riwayat
from kinerja.services import laporan
from kinerja.services import perencanaan as svc
from pmm.errors import ApplicationError, Forbidden

from .helpers import aktor, hari, rencana_lengkap
from .pdftext import pdf_text
from .test_views_helpers import Peramban, pesan, pesan_galat, url

pytestmark = pytest.mark.django_db

API = "/api/v1/kinerja"


@pytest.fixture(autouse=True)
def januari():
    hari(1, 10)


@pytest.fixture
def diajukan(wilayah):
    """The first teacher's plan, submitted to the definitive principal."""
    guru = wilayah.guru[0]
    return svc.rencana_submit(actor=aktor(guru), rencana=rencana_lengkap(guru))


@pytest.fixture
def rencana_kepala(wilayah):
    """The principal's own plan, submitted to the Kepala Dinas of the instansi."""
    kepala = wilayah.kepala
    r = rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    return svc.rencana_submit(actor=aktor(kepala), rencana=r)


def nilai(kode) -> NilaiBerakhlak:
    return NilaiBerakhlak.objects.get(kode=kode)


def isi(r) -> dict[str, str]:
    return dict(EkspektasiKhusus.objects.filter(rencana=r).values_list("nilai__kode", "teks"))


def riwayat_ekspektasi(r) -> list[Riwayat]:
    return list(Riwayat.objects.filter(rencana=r, transisi="ekspektasi_khusus").order_by("pada", "id"))


def api_for(who):
    client = APIClient()
    client.force_authenticate(getattr(who, "user", who))
    return client


def galat(res, status, code) -> dict:
    assert res.status_code == status, (res.status_code, res.content)
    body = res.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == code, body
    return body


# --- service ---------------------------------------------------------------------------------------


def test_atasan_sets_edits_and_removes_ekspektasi_by_kode_id_or_value(wilayah, diajukan, antrean):
    kepala = aktor(wilayah.kepala)
    hasil = svc.rencana_ekspektasi_set(
        actor=kepala,
        rencana=diajukan,
        items={"AKUNTABEL": "  Jurnal mengajar diisi setiap hari.  ", "kolaboratif": "Aktif di kombel."},
    )
    assert (hasil.diisi, hasil.dihapus) == (["Akuntabel", "Kolaboratif"], [])
    assert isi(diajukan) == {
        "AKUNTABEL": "Jurnal mengajar diisi setiap hari.",
        "KOLABORATIF": "Aktif di kombel.",
    }
    row = EkspektasiKhusus.objects.get(rencana=diajukan, nilai__kode="AKUNTABEL")
    assert row.diisi_oleh == wilayah.kepala.user

    hasil = svc.rencana_ekspektasi_set(
        actor=kepala,
        rencana=diajukan.pk,
        items={
            str(nilai("AKUNTABEL").pk): "Jurnal\r\nmengajar lengkap.",
            nilai("LOYAL"): "Menjaga nama baik.",
        },
    )
    assert hasil.diisi == ["Akuntabel", "Loyal"]
    assert isi(diajukan)["AKUNTABEL"] == "Jurnal\nmengajar lengkap."

    hasil = svc.rencana_ekspektasi_set(actor=kepala, rencana=diajukan, items=[(nilai("KOLABORATIF").pk, "")])
    assert (hasil.diisi, hasil.dihapus) == ([], ["Kolaboratif"])
    assert set(isi(diajukan)) == {"AKUNTABEL", "LOYAL"}

    diajukan.refresh_from_db()
    assert diajukan.status == "diajukan"
    rows = riwayat_ekspektasi(diajukan)
    assert [(x.dari, x.ke, x.oleh_id) for x in rows] == [("diajukan", "diajukan", wilayah.kepala.user.pk)] * 3
    assert "diisi: Akuntabel, Kolaboratif" in rows[0].catatan
    assert "dihapus: Kolaboratif" in rows[2].catatan
    assert not {x.pk for x in rows} & set(antrean)


def test_saving_the_same_texts_again_changes_nothing(wilayah, diajukan):
    kepala = aktor(wilayah.kepala)
    svc.rencana_ekspektasi_set(actor=kepala, rencana=diajukan, items={"ADAPTIF": "Mencoba metode baru."})
    before = EkspektasiKhusus.objects.get(rencana=diajukan).diubah_pada
    hari(1, 11)
    hasil = svc.rencana_ekspektasi_set(
        actor=kepala, rencana=diajukan, items={"ADAPTIF": "Mencoba metode baru. ", "HARMONIS": ""}
    )
    assert not hasil.berubah
    assert EkspektasiKhusus.objects.get(rencana=diajukan).diubah_pada == before
    assert len(riwayat_ekspektasi(diajukan)) == 1


def test_only_the_plans_atasan_may_write_it(wilayah, wilayah_lain, diajukan):
    svc.rencana_ekspektasi_set(actor=aktor(wilayah.kepala), rencana=diajukan, items={"KOMPETEN": "Ikut PKB."})
    for orang in (
        wilayah.guru[0],  # the pegawai
        wilayah.guru[1],
        wilayah_lain.kepala,
        wilayah.kadis,  # a guru's plan is approved by the principal, not the Kepala Dinas
        wilayah_lain.kadis,
        wilayah.pengawas,
    ):
        with pytest.raises(Forbidden) as err:
            svc.rencana_ekspektasi_set(actor=aktor(orang), rencana=diajukan, items={"KOMPETEN": "Lain."})
        assert err.value.code == "bukan_atasan"
    assert isi(diajukan) == {"KOMPETEN": "Ikut PKB."}
    assert len(riwayat_ekspektasi(diajukan)) == 1


def test_the_kepala_dinas_writes_it_on_a_principals_plan(wilayah, wilayah_lain, rencana_kepala):
    svc.rencana_ekspektasi_set(
        actor=aktor(wilayah.kadis), rencana=rencana_kepala, items={"BERORIENTASI_PELAYANAN": "Layanan PPDB."}
    )
    assert isi(rencana_kepala) == {"BERORIENTASI_PELAYANAN": "Layanan PPDB."}
    assert riwayat_ekspektasi(rencana_kepala)[0].oleh == wilayah.kadis
    for orang in (wilayah.kepala, wilayah_lain.kadis, wilayah.pengawas):
        with pytest.raises(Forbidden):
            svc.rencana_ekspektasi_set(
                actor=aktor(orang), rencana=rencana_kepala, items={"BERORIENTASI_PELAYANAN": ""}
            )
    assert isi(rencana_kepala) == {"BERORIENTASI_PELAYANAN": "Layanan PPDB."}


def test_only_while_the_plan_waits_for_approval(wilayah):
    guru, kepala = wilayah.guru[0], aktor(wilayah.kepala)
    r = rencana_lengkap(guru)
    with pytest.raises(ApplicationError) as err:
        svc.rencana_ekspektasi_set(actor=kepala, rencana=r, items={"LOYAL": "Draf."})
    assert err.value.code == "status_tidak_sesuai" and "Draf" in err.value.message
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    svc.rencana_ekspektasi_set(actor=kepala, rencana=r, items={"LOYAL": "Saat diajukan."})
    svc.rencana_return(actor=kepala, rencana=r, catatan="Perbaiki RHK.")
    with pytest.raises(ApplicationError, match="Dikembalikan"):
        svc.rencana_ekspektasi_set(actor=kepala, rencana=r, items={"LOYAL": "Dikembalikan."})
    svc.rencana_submit(actor=aktor(guru), rencana=r)
    svc.rencana_approve(actor=kepala, rencana=r)
    with pytest.raises(ApplicationError) as err:
        svc.rencana_ekspektasi_set(actor=kepala, rencana=r, items={"LOYAL": ""})
    assert err.value.code == "status_tidak_sesuai" and "Disetujui" in err.value.message
    assert isi(r) == {"LOYAL": "Saat diajukan."}  # kept through the return and the approval


def test_outside_the_planning_window_is_refused(wilayah, diajukan):
    periode = diajukan.periode
    periode.batas_akhir = periode.perencanaan_mulai
    periode.save()
    with pytest.raises(ApplicationError) as err:
        svc.rencana_ekspektasi_set(actor=aktor(wilayah.kepala), rencana=diajukan, items={"LOYAL": "x"})
    assert err.value.code == "di_luar_jadwal"
    assert isi(diajukan) == {}


@pytest.mark.parametrize(
    "items, code",
    [
        ({"AKUNTABEL": "x" * (svc.EKSPEKTASI_MAKS + 1)}, "ekspektasi_terlalu_panjang"),
        ({"JUJUR": "Nilai yang tidak ada."}, "nilai_tidak_dikenal"),
        ({"999999": "Id yang tidak ada."}, "nilai_tidak_dikenal"),
        ({"": "Tanpa nilai."}, "nilai_tidak_dikenal"),
        ({None: "Tanpa nilai."}, "nilai_tidak_dikenal"),
        ({2.5: "Bukan id."}, "nilai_tidak_dikenal"),
        ({"AKUNTABEL": "a\x00b"}, "ekspektasi_tidak_valid"),
        ({"AKUNTABEL": "warna \x1b[31m merah"}, "ekspektasi_tidak_valid"),
        ({"AKUNTABEL": "terbalik \u202etxt"}, "ekspektasi_tidak_valid"),
        ({"AKUNTABEL": "surrogate \ud800"}, "ekspektasi_tidak_valid"),
        ({"AKUNTABEL": 123}, "ekspektasi_tidak_valid"),
        ({"AKUNTABEL": "Satu.", "akuntabel": "Dua."}, "nilai_ganda"),
        ([("AKUNTABEL",)], "ekspektasi_tidak_valid"),
        (42, "ekspektasi_tidak_valid"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(wilayah, diajukan, items, code):
    kepala = aktor(wilayah.kepala)
    svc.rencana_ekspektasi_set(actor=kepala, rencana=diajukan, items={"HARMONIS": "Tetap."})
    if isinstance(items, dict):
        items = {"KOMPETEN": "Item baik yang ikut ditolak.", "HARMONIS": "", **items}
    with pytest.raises(ApplicationError) as err:
        svc.rencana_ekspektasi_set(actor=kepala, rencana=diajukan, items=items)
    assert err.value.code == code
    assert isi(diajukan) == {"HARMONIS": "Tetap."}
    assert len(riwayat_ekspektasi(diajukan)) == 1


def test_the_longest_allowed_text_and_multiline_text_are_kept(wilayah, diajukan):
    teks = "Baris pertama.\n\tBaris kedua." + "x" * (svc.EKSPEKTASI_MAKS - 28)
    assert len(teks) == svc.EKSPEKTASI_MAKS
    svc.rencana_ekspektasi_set(actor=aktor(wilayah.kepala), rencana=diajukan, items={"ADAPTIF": teks})
    assert isi(diajukan) == {"ADAPTIF": teks}


# --- pages -----------------------------------------------------------------------------------------


def test_atasan_fills_edits_and_clears_it_on_the_plan_page(wilayah, diajukan):
    kepala = Peramban(wilayah.kepala)
    halaman = url("rencana", diajukan.pk)
    body = kepala.get(halaman).content.decode()
    assert body.count('name="ekspektasi_') == 7 and url("ekspektasi", diajukan.pk) in body

    res = kepala.post(
        url("ekspektasi", diajukan.pk),
        {"ekspektasi_AKUNTABEL": "Jurnal harian lengkap.", "ekspektasi_LOYAL": ""},
        dari=halaman,
    )
    assert res.request["PATH_INFO"] == halaman
    assert f"Ekspektasi khusus untuk {wilayah.guru[0].nama} disimpan." in pesan(res)
    assert isi(diajukan) == {"AKUNTABEL": "Jurnal harian lengkap."}
    body = res.content.decode()
    assert ">Jurnal harian lengkap.</textarea>" in body  # prefilled

    res = kepala.post(
        url("ekspektasi", diajukan.pk), {"ekspektasi_AKUNTABEL": "Jurnal mingguan."}, dari=halaman
    )
    assert isi(diajukan) == {"AKUNTABEL": "Jurnal mingguan."}
    res = kepala.post(
        url("ekspektasi", diajukan.pk), {"ekspektasi_AKUNTABEL": "Jurnal mingguan."}, dari=halaman
    )
    assert "Tidak ada perubahan pada ekspektasi khusus." in pesan(res)
    kepala.post(url("ekspektasi", diajukan.pk), {"ekspektasi_AKUNTABEL": "  "}, dari=halaman)
    assert isi(diajukan) == {}
    riwayat = kepala.get(url("riwayat", diajukan.pk)).content.decode()
    assert "Mengisi ekspektasi khusus Perilaku Kerja" in riwayat


def test_a_get_on_the_form_address_goes_to_the_plan(wilayah, diajukan):
    res = Peramban(wilayah.kepala).get(url("ekspektasi", diajukan.pk))
    assert res.status_code == 302 and res["Location"] == url("rencana", diajukan.pk)


def test_the_form_shows_only_to_the_atasan_of_a_submitted_plan(wilayah, diajukan):
    assert (
        'name="ekspektasi_' not in Peramban(wilayah.guru[0]).get(url("rencana", diajukan.pk)).content.decode()
    )
    svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=diajukan)
    assert (
        'name="ekspektasi_' not in Peramban(wilayah.kepala).get(url("rencana", diajukan.pk)).content.decode()
    )


def test_bad_or_foreign_posts_on_the_page_show_a_message_and_change_nothing(wilayah, wilayah_lain, diajukan):
    svc.rencana_ekspektasi_set(actor=aktor(wilayah.kepala), rencana=diajukan, items={"LOYAL": "Tetap."})
    halaman = url("rencana", diajukan.pk)
    target = url("ekspektasi", diajukan.pk)
    # Another school's principal and another Dinas do not learn the plan exists.
    for orang in (wilayah_lain.kepala, wilayah_lain.kadis):
        res = Peramban(orang).post(target, {"ekspektasi_LOYAL": "Dari luar."}, dari=halaman)
        assert res.status_code == 404 and "Rencana kinerja tidak ditemukan." in res.content.decode()
    cases = [
        (wilayah.guru[0], {"ekspektasi_LOYAL": "Saya ubah sendiri."}, "Hanya atasan pegawai ini"),
        (wilayah.kepala, {"ekspektasi_LOYAL": "x" * 1001}, "paling panjang 1000 karakter"),
        (wilayah.kepala, {"ekspektasi_JUJUR": "Tidak ada."}, "Nilai BerAKHLAK tidak dikenal"),
        (wilayah.kepala, {"ekspektasi_LOYAL": "a\x00b"}, "karakter kendali"),
    ]
    for orang, data, kalimat in cases:
        res = Peramban(orang).post(target, data, dari=halaman)
        assert res.status_code == 200 and res.request["PATH_INFO"] == halaman
        assert any(kalimat in p for p in pesan_galat(res)), (data, pesan(res))
    assert isi(diajukan) == {"LOYAL": "Tetap."}


def test_the_teacher_sees_it_on_the_plan_in_step_4_and_in_the_rangkuman(wilayah, diajukan):
    svc.rencana_ekspektasi_set(
        actor=aktor(wilayah.kepala),
        rencana=diajukan,
        items={"KOMPETEN": "Ikut satu pelatihan <daring>.", "ADAPTIF": "Pakai asesmen diagnostik."},
    )
    guru = Peramban(wilayah.guru[0])
    for halaman in (
        url("rencana", diajukan.pk),
        url("langkah", diajukan.pk, 4),
        url("langkah", diajukan.pk, 5),
    ):
        body = guru.get(halaman).content.decode()
        assert "Ekspektasi khusus atasan" in body, halaman
        assert "Ikut satu pelatihan &lt;daring&gt;." in body and "Pakai asesmen diagnostik." in body
        assert body.index("Ikut satu pelatihan") < body.index("Pakai asesmen")  # catalogue order
    assert "Ekspektasi khusus atasan" not in guru.get(url("langkah", diajukan.pk, 1)).content.decode()


def test_the_pdf_carries_it_under_perilaku_kerja(wilayah, diajukan, monkeypatch):
    svc.rencana_ekspektasi_set(
        actor=aktor(wilayah.kepala), rencana=diajukan, items={"HARMONIS": "Menyapa setiap murid."}
    )
    text = pdf_text(laporan.penilaian_pdf(actor=aktor(wilayah.guru[0]), rencana_id=diajukan.pk))
    assert "Perilaku Kerja" in text and "Menyapa setiap murid." in text

    import weasyprint

    def broken(*args, **kwargs):
        raise OSError("cannot load library 'pango-1.0-0'")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    text = pdf_text(laporan.penilaian_pdf(actor=aktor(wilayah.guru[0]), rencana_id=diajukan.pk))
    assert "  - Ekspektasi khusus Harmonis: Menyapa setiap murid." in text


# --- API -------------------------------------------------------------------------------------------


def test_atasan_sets_it_through_the_api_and_the_detail_lists_it(wilayah, diajukan):
    target = f"{API}/rencana/{diajukan.pk}/ekspektasi/"
    k = api_for(wilayah.kepala)
    res = k.put(
        target, {"items": {"AKUNTABEL": "Jurnal harian.", "LOYAL": "Menjaga nama baik."}}, format="json"
    )
    assert res.status_code == 200, res.content
    body = res.json()
    assert [(e["nilai"]["kode"], e["teks"]) for e in body["ekspektasi_khusus"]] == [
        ("AKUNTABEL", "Jurnal harian."),
        ("LOYAL", "Menjaga nama baik."),
    ]
    assert body["ekspektasi_khusus"][0]["diisi_oleh"] == (
        wilayah.kepala.user.nama or wilayah.kepala.user.email
    )
    assert body["boleh_isi_ekspektasi"] is True
    res = k.put(target, {"items": {str(nilai("LOYAL").pk): ""}}, format="json")
    assert [e["nilai"]["kode"] for e in res.json()["ekspektasi_khusus"]] == ["AKUNTABEL"]

    mine = api_for(wilayah.guru[0]).get(f"{API}/rencana/{diajukan.pk}/").json()
    assert [e["teks"] for e in mine["ekspektasi_khusus"]] == ["Jurnal harian."]
    assert mine["boleh_isi_ekspektasi"] is False


def test_api_refusals_carry_the_error_body_and_change_nothing(wilayah, wilayah_lain, diajukan):
    target = f"{API}/rencana/{diajukan.pk}/ekspektasi/"
    k = api_for(wilayah.kepala)
    k.put(target, {"items": {"HARMONIS": "Tetap."}}, format="json")
    galat(
        api_for(wilayah.guru[0]).put(target, {"items": {"HARMONIS": ""}}, format="json"), 403, "bukan_atasan"
    )
    for orang in (wilayah_lain.kepala, wilayah_lain.kadis):
        galat(api_for(orang).put(target, {"items": {"HARMONIS": ""}}, format="json"), 404, "not_found")
    cases = [
        ({"items": {"HARMONIS": "x" * 1001}}, "ekspektasi_terlalu_panjang"),
        ({"items": {"JUJUR": "y"}}, "nilai_tidak_dikenal"),
        ({"items": {"HARMONIS": "bel \x07"}}, "ekspektasi_tidak_valid"),
        ({"items": {"HARMONIS": "nul \x00"}}, "invalid"),
        ({"items": {"HARMONIS": None}}, "invalid"),
        ({"items": {"HARMONIS": ["a"]}}, "invalid"),
        ({"items": [["HARMONIS", "a"]]}, "invalid"),
        ({}, "invalid"),
    ]
    for data, code in cases:
        galat(k.put(target, data, format="json"), 400, code)
    galat(k.put(target, b"{bukan json", content_type="application/json"), 400, "parse_error")
    assert isi(diajukan) == {"HARMONIS": "Tetap."}
    svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=diajukan)
    galat(k.put(target, {"items": {"HARMONIS": ""}}, format="json"), 400, "status_tidak_sesuai")
    assert isi(diajukan) == {"HARMONIS": "Tetap."}
    assert len(riwayat_ekspektasi(diajukan)) == 1


def test_the_kepala_dinas_uses_the_api_on_a_principals_plan(wilayah, wilayah_lain, rencana_kepala):
    target = f"{API}/rencana/{rencana_kepala.pk}/ekspektasi/"
    res = api_for(wilayah.kadis).put(
        target, {"items": {"KOLABORATIF": "Pimpin kombel gugus."}}, format="json"
    )
    assert res.status_code == 200 and res.json()["ekspektasi_khusus"][0]["teks"] == "Pimpin kombel gugus."
    galat(
        api_for(wilayah_lain.kadis).put(target, {"items": {"KOLABORATIF": ""}}, format="json"),
        404,
        "not_found",
    )
    galat(
        api_for(wilayah.kepala).put(target, {"items": {"KOLABORATIF": ""}}, format="json"),
        403,
        "bukan_atasan",
    )
    assert isi(rencana_kepala) == {"KOLABORATIF": "Pimpin kombel gugus."}


# --- Bimtek seed -----------------------------------------------------------------------------------


def test_the_bimtek_seed_carries_ekspektasi_on_a_submitted_and_a_fixed_plan(katalog):
    hari(6, 10)
    scenario, applied = seed_bimtek()
    siklus = bimtek_extend_cycle(scenario, applied)
    rows = EkspektasiKhusus.objects.select_related("rencana")
    assert {(e.rencana.status, e.nilai.kode) for e in rows} == {
        ("diajukan", "AKUNTABEL"),
        ("disepakati", "AKUNTABEL"),
        ("disepakati", "KOLABORATIF"),
    }
    ditetapkan = next(k for k in siklus.kasus if k.kode == "predikat_ditetapkan")
    r = Rencana.objects.get(ptk__email=ditetapkan.email, peran=Peran.GURU)
    assert isi(r) == EKSPEKTASI_CONTOH
    assert riwayat_ekspektasi(r)[0].oleh == r.atasan_ptk.user
    text = pdf_text(laporan.penilaian_pdf(actor=aktor(r.ptk), rencana_id=r.pk))
    assert EKSPEKTASI_CONTOH["KOLABORATIF"] in " ".join(text.split())  # the cell wraps the line

    # The submitted one is still the principal's to edit.
    diajukan = Rencana.objects.get(status="diajukan", ekspektasi_khusus__isnull=False)
    svc.rencana_ekspektasi_set(actor=aktor(diajukan.atasan_ptk), rencana=diajukan, items={"AKUNTABEL": ""})
    assert isi(diajukan) == {}

    bimtek_extend_cycle(scenario, applied)
    assert EkspektasiKhusus.objects.count() == 3
    assert Riwayat.objects.filter(transisi="ekspektasi_khusus").count() == 2
