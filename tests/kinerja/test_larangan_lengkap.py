"""The forbidden moves of the cycle that were not yet proven, each twice: through the service (a clear
Indonesian ``ApplicationError``) and through the page (the message shown after the POST), and both
times nothing in the database or the media folder changes:

* wrong date (simulated clock): approve / return / agree outside the Perencanaan window; evidence per
  RHK and per Tugas Tambahan, and the school's KOSP and Rangkuman Kehadiran Guru, outside Pelaksanaan;
* wrong stage: evidence before the plan is approved;
* another school: a teacher or a principal of another school agreeing to a teacher's plan.

Each refusal is followed by the same move on the nearest allowed day (or stage, or by the right
person) succeeding, so the refusal is shown to come from the rule under test and nothing else.
"""

from pathlib import Path

import pytest

from kinerja import periods
from kinerja.models import BuktiDukung, DokumenSekolah, Rencana, Riwayat
from kinerja.services import pelaksanaan as pelaksanaan_svc
from kinerja.services import perencanaan as perencanaan_svc
from pmm.errors import ApplicationError, Forbidden

from .helpers import PDF, PNG, aktor, berkas, hari, rencana_lengkap, tugas
from .test_views_helpers import Peramban, pesan, pesan_galat, url

pytestmark = pytest.mark.django_db

PERENCANAAN_BELUM = "Perencanaan Kinerja periode Januari–Juni 2025 baru dibuka pada 1 Januari 2025."
PERENCANAAN_TUTUP = "Perencanaan Kinerja periode Januari–Juni 2025 sudah ditutup pada 30 Juni 2025."
PELAKSANAAN_BELUM = "Pelaksanaan Kinerja periode Januari–Juni 2025 baru dibuka pada 1 Februari 2025."
PELAKSANAAN_TUTUP = "Pelaksanaan Kinerja periode Januari–Juni 2025 sudah ditutup pada 30 Juni 2025."
PELAKSANAAN_JULI_BELUM = "Pelaksanaan Kinerja periode Juli–Desember 2025 baru dibuka pada 1 Agustus 2025."

# (refused day, message, nearest allowed day); a day is (bulan, tanggal, tahun).
LUAR_PERENCANAAN = [
    pytest.param((12, 31, 2024), PERENCANAAN_BELUM, (1, 1, 2025), id="sebelum-dibuka"),
    pytest.param((7, 1, 2025), PERENCANAAN_TUTUP, (6, 30, 2025), id="sesudah-ditutup"),
]
LUAR_PELAKSANAAN = [
    pytest.param((1, 31, 2025), PELAKSANAAN_BELUM, (2, 1, 2025), id="sebelum-dibuka"),
    pytest.param((7, 1, 2025), PELAKSANAAN_TUTUP, (6, 30, 2025), id="sesudah-ditutup"),
]


def keadaan(settings) -> dict:
    """Everything a refused move must leave exactly as it was."""
    media = Path(settings.MEDIA_ROOT)
    berkas_tersimpan = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return {
        "rencana": list(
            Rencana.objects.order_by("pk").values(
                "pk",
                "status",
                "catatan_atasan",
                "jalur_atasan",
                "atasan_ptk_id",
                "diajukan_pada",
                "disetujui_pada",
                "disepakati_pada",
            )
        ),
        "riwayat": list(Riwayat.objects.order_by("pk").values_list("pk", "transisi")),
        "bukti": list(BuktiDukung.objects.order_by("pk").values_list("pk", "nama_asli")),
        "dokumen": list(DokumenSekolah.objects.order_by("pk").values_list("pk", "jenis", "nama_asli")),
        "berkas": berkas_tersimpan,
    }


def ditolak(fn, pesan_diharapkan: str, kode: str | None = None, jenis=ApplicationError) -> ApplicationError:
    with pytest.raises(jenis) as err:
        fn()
    assert err.value.message == pesan_diharapkan
    if kode is not None:
        assert err.value.code == kode
    return err.value


@pytest.fixture
def diajukan(wilayah):
    """A teacher's plan waiting for the principal since 10 January."""
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    return perencanaan_svc.rencana_submit(actor=aktor(wilayah.guru[0]), rencana=r)


@pytest.fixture
def disetujui(wilayah, diajukan):
    """The same plan approved by the principal on 10 January, not yet agreed by the teacher."""
    return perencanaan_svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=diajukan)


def rencana_dengan_tugas(guru):
    """A complete draft with two RHK and one Tugas Tambahan (the clock must be inside Perencanaan)."""
    r = rencana_lengkap(guru)
    perencanaan_svc.rencana_tugas_tambahan_set(
        actor=aktor(guru), rencana=r, items=[(tugas("TT-06"), "SK 421/7/2025")]
    )
    return r


@pytest.fixture
def disepakati(wilayah):
    """A teacher's plan with RHK and a Tugas Tambahan, approved and agreed on 10 January."""
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_dengan_tugas(guru)
    perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan_svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)
    perencanaan_svc.rencana_agree(actor=aktor(guru), rencana=r)
    r.refresh_from_db()
    return r


def sasaran(r):
    """The plan's first RHK and its Tugas Tambahan, as the service and the page name them."""
    rhk, tt = r.rhk.order_by("pk").first(), r.tugas_tambahan.get()
    return [
        ({"rencana_rhk": rhk}, f"rhk-{rhk.pk}"),
        ({"rencana_tugas": tt}, f"tugas-{tt.pk}"),
    ]


# --- wrong date: approve / return / agree outside Perencanaan --------------------------------------


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_service_refuses_approve_and_return_outside_perencanaan(
    wilayah, diajukan, settings, tanggal, galat, boleh
):
    hari(*tanggal)
    awal = keadaan(settings)
    kepala = aktor(wilayah.kepala)
    ditolak(lambda: perencanaan_svc.rencana_approve(actor=kepala, rencana=diajukan), galat, "di_luar_jadwal")
    ditolak(
        lambda: perencanaan_svc.rencana_approve(actor=kepala, rencana=diajukan, catatan="Bagus."),
        galat,
        "di_luar_jadwal",
    )
    ditolak(
        lambda: perencanaan_svc.rencana_return(actor=kepala, rencana=diajukan, catatan="Tambah RHK."),
        galat,
        "di_luar_jadwal",
    )
    assert keadaan(settings) == awal
    hari(*boleh)
    r = perencanaan_svc.rencana_return(actor=aktor(wilayah.kepala), rencana=diajukan, catatan="Tambah RHK.")
    assert r.status == "dikembalikan"


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_page_refuses_approve_and_return_outside_perencanaan(
    wilayah, diajukan, settings, tanggal, galat, boleh
):
    hari(*tanggal)
    awal = keadaan(settings)
    b = Peramban(wilayah.kepala)
    halaman_rencana, daftar = url("rencana", diajukan.pk), url("persetujuan", wilayah.sekolah.pk)
    for alamat, data, dari in [
        (halaman_rencana, {"aksi": "setujui", "catatan": ""}, None),
        (halaman_rencana, {"aksi": "kembalikan", "catatan": "Tambah RHK."}, None),
        (daftar, {"setujui": diajukan.pk}, None),
        (halaman_rencana, {"aksi": "setujui"}, daftar),
    ]:
        res = b.post(alamat, data, dari=dari)
        assert res.status_code == 200, (alamat, data)
        assert pesan_galat(res) == [galat], (alamat, data)
    assert keadaan(settings) == awal
    hari(*boleh)
    res = b.post(halaman_rencana, {"aksi": "setujui", "catatan": ""})
    assert pesan_galat(res) == [] and f"Rencana kinerja {wilayah.guru[0].nama} disetujui." in pesan(res)
    assert Rencana.objects.get(pk=diajukan.pk).status == "disetujui"


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_service_refuses_agreeing_outside_perencanaan(wilayah, disetujui, settings, tanggal, galat, boleh):
    hari(*tanggal)
    awal = keadaan(settings)
    guru = aktor(wilayah.guru[0])
    ditolak(lambda: perencanaan_svc.rencana_agree(actor=guru, rencana=disetujui), galat, "di_luar_jadwal")
    assert keadaan(settings) == awal
    hari(*boleh)
    assert (
        perencanaan_svc.rencana_agree(actor=aktor(wilayah.guru[0]), rencana=disetujui).status == "disepakati"
    )


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_page_refuses_agreeing_outside_perencanaan(wilayah, disetujui, settings, tanggal, galat, boleh):
    hari(*tanggal)
    awal = keadaan(settings)
    b = Peramban(wilayah.guru[0])
    res = b.post(url("rencana", disetujui.pk), {"aksi": "sepakati"})
    assert res.status_code == 200 and pesan_galat(res) == [galat]
    assert keadaan(settings) == awal
    hari(*boleh)
    res = b.post(url("rencana", disetujui.pk), {"aksi": "sepakati"})
    assert pesan(res) == ["Perencanaan Kinerja disepakati. Lanjutkan ke Pelaksanaan Kinerja."]
    assert Rencana.objects.get(pk=disetujui.pk).status == "disepakati"


# --- wrong date: evidence outside Pelaksanaan ------------------------------------------------------


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PELAKSANAAN)
def test_service_refuses_evidence_outside_pelaksanaan(wilayah, disepakati, settings, tanggal, galat, boleh):
    hari(*tanggal)
    awal = keadaan(settings)
    guru = aktor(wilayah.guru[0])
    for target, _ in sasaran(disepakati):
        ditolak(
            lambda target=target: pelaksanaan_svc.bukti_upload(
                actor=guru, rencana=disepakati, berkas=berkas("sertifikat.pdf", PDF), **target
            ),
            galat,
            "di_luar_jadwal",
        )
    assert keadaan(settings) == awal
    hari(*boleh)
    guru = aktor(wilayah.guru[0])
    for target, _ in sasaran(disepakati):
        pelaksanaan_svc.bukti_upload(actor=guru, rencana=disepakati, berkas=berkas("s.pdf", PDF), **target)
    assert BuktiDukung.objects.filter(rencana=disepakati).count() == 2


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PELAKSANAAN)
def test_page_refuses_evidence_outside_pelaksanaan(wilayah, disepakati, settings, tanggal, galat, boleh):
    hari(*tanggal)
    awal = keadaan(settings)
    b = Peramban(wilayah.guru[0])
    for _, target in sasaran(disepakati):
        res = b.post(
            url("bukti", disepakati.pk),
            {"aksi": "unggah", "target": target, "berkas": berkas("sertifikat.pdf", PDF)},
        )
        assert res.status_code == 200 and pesan_galat(res) == [galat], target
    assert keadaan(settings) == awal
    hari(*boleh)
    for _, target in sasaran(disepakati):
        res = b.post(
            url("bukti", disepakati.pk), {"aksi": "unggah", "target": target, "berkas": berkas("s.png", PNG)}
        )
        assert pesan(res) == ["Bukti dukung «s.png» diunggah."], target
    assert BuktiDukung.objects.filter(rencana=disepakati).count() == 2


# --- wrong date: school documents outside Pelaksanaan ----------------------------------------------


def test_service_refuses_school_documents_before_pelaksanaan_opens(wilayah, settings):
    hari(1, 31)
    awal = keadaan(settings)
    kepala = aktor(wilayah.kepala)
    for jenis in ("kosp", "kehadiran"):
        ditolak(
            lambda jenis=jenis: pelaksanaan_svc.dokumen_sekolah_upload(
                actor=kepala, sekolah=wilayah.sekolah, jenis=jenis, berkas=berkas("dok.pdf", PDF)
            ),
            PELAKSANAAN_BELUM,
            "di_luar_jadwal",
        )
    assert keadaan(settings) == awal
    hari(2, 1)
    kepala = aktor(wilayah.kepala)
    for jenis in ("kosp", "kehadiran"):
        pelaksanaan_svc.dokumen_sekolah_upload(
            actor=kepala, sekolah=wilayah.sekolah, jenis=jenis, berkas=berkas("dok.pdf", PDF)
        )
    assert DokumenSekolah.objects.filter(sekolah=wilayah.sekolah).count() == 2


def test_service_refuses_replacing_school_documents_after_the_period_closed(wilayah, settings):
    hari(6, 30)  # the last day: still allowed
    kepala = aktor(wilayah.kepala)
    for jenis in ("kosp", "kehadiran"):
        pelaksanaan_svc.dokumen_sekolah_upload(
            actor=kepala, sekolah=wilayah.sekolah, jenis=jenis, berkas=berkas(f"{jenis}.pdf", PDF)
        )
    jan_jun = periods.periode_current()
    hari(7, 1)
    awal = keadaan(settings)
    kepala = aktor(wilayah.kepala)
    for jenis in ("kosp", "kehadiran"):
        # The closed period, named explicitly: its documents stay as they were.
        ditolak(
            lambda jenis=jenis: pelaksanaan_svc.dokumen_sekolah_upload(
                actor=kepala,
                sekolah=wilayah.sekolah,
                jenis=jenis,
                berkas=berkas("revisi.pdf", PDF),
                periode=jan_jun,
            ),
            PELAKSANAAN_TUTUP,
            "di_luar_jadwal",
        )
        # The current period (July–December) is in its planning month: not open yet either.
        ditolak(
            lambda jenis=jenis: pelaksanaan_svc.dokumen_sekolah_upload(
                actor=kepala, sekolah=wilayah.sekolah, jenis=jenis, berkas=berkas("baru.pdf", PDF)
            ),
            PELAKSANAAN_JULI_BELUM,
            "di_luar_jadwal",
        )
    assert keadaan(settings) == awal
    assert set(DokumenSekolah.objects.values_list("nama_asli", flat=True)) == {"kosp.pdf", "kehadiran.pdf"}


@pytest.mark.parametrize(
    "tanggal, galat, boleh",
    [
        pytest.param((1, 31, 2025), PELAKSANAAN_BELUM, (2, 1, 2025), id="sebelum-dibuka"),
        pytest.param((7, 1, 2025), PELAKSANAAN_JULI_BELUM, (8, 1, 2025), id="periode-berikutnya"),
    ],
)
def test_page_refuses_school_documents_outside_pelaksanaan(wilayah, settings, tanggal, galat, boleh):
    hari(*tanggal)
    b = Peramban(wilayah.kepala)
    halaman = url("dokumen_sekolah", wilayah.sekolah.pk)
    assert "Unggah dokumen" not in b.get(halaman).content.decode()  # no form outside the window
    awal = keadaan(settings)
    for jenis in ("kosp", "kehadiran"):
        res = b.post(halaman, {"jenis": jenis, "berkas": berkas("dok.pdf", PDF)})
        assert res.status_code == 200 and pesan_galat(res) == [galat], jenis
    assert keadaan(settings) == awal
    hari(*boleh)
    assert "Unggah dokumen" in b.get(halaman).content.decode()
    for jenis, label in (("kosp", "KOSP"), ("kehadiran", "Rangkuman Kehadiran Guru")):
        res = b.post(halaman, {"jenis": jenis, "berkas": berkas("dok.pdf", PDF)})
        assert pesan_galat(res) == [] and any(label in p for p in pesan(res)), jenis
    assert DokumenSekolah.objects.filter(sekolah=wilayah.sekolah).count() == 2


# --- wrong stage: evidence before the plan is approved ---------------------------------------------


def rencana_pada_tahap(wilayah, status: str):
    """A plan with RHK and a Tugas Tambahan left in ``status`` (draft, diajukan, dikembalikan)."""
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_dengan_tugas(guru)
    if status in ("diajukan", "dikembalikan"):
        perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    if status == "dikembalikan":
        perencanaan_svc.rencana_return(actor=aktor(wilayah.kepala), rencana=r, catatan="Lengkapi RHK.")
    r.refresh_from_db()
    assert r.status == status
    return r


def sampai_disetujui(wilayah, r):
    """Carry a plan from any earlier stage to Disetujui (the clock stays where it is)."""
    if r.status in ("draft", "dikembalikan"):
        perencanaan_svc.rencana_submit(actor=aktor(wilayah.guru[0]), rencana=r)
    perencanaan_svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)


TAHAP_BELUM_DISETUJUI = [("draft", "Draf"), ("diajukan", "Perlu disetujui"), ("dikembalikan", "Dikembalikan")]


def galat_tahap(label: str) -> str:
    return (
        "Pelaksanaan Kinerja dimulai setelah Perencanaan Kinerja disetujui atasan "
        f"(status saat ini «{label}»)."
    )


@pytest.mark.parametrize("status, label", TAHAP_BELUM_DISETUJUI)
def test_service_refuses_evidence_before_the_plan_is_approved(wilayah, settings, status, label):
    r = rencana_pada_tahap(wilayah, status)
    hari(2, 10)  # inside Pelaksanaan: only the stage is wrong
    awal = keadaan(settings)
    guru = aktor(wilayah.guru[0])
    for target, _ in sasaran(r):
        ditolak(
            lambda target=target: pelaksanaan_svc.bukti_upload(
                actor=guru, rencana=r, berkas=berkas("s.pdf", PDF), **target
            ),
            galat_tahap(label),
            "rencana_belum_disetujui",
        )
    assert keadaan(settings) == awal
    sampai_disetujui(wilayah, r)
    guru = aktor(wilayah.guru[0])
    for target, _ in sasaran(r):
        pelaksanaan_svc.bukti_upload(actor=guru, rencana=r, berkas=berkas("s.pdf", PDF), **target)
    assert BuktiDukung.objects.filter(rencana=r).count() == 2


@pytest.mark.parametrize("status, label", TAHAP_BELUM_DISETUJUI)
def test_page_refuses_evidence_before_the_plan_is_approved(wilayah, settings, status, label):
    r = rencana_pada_tahap(wilayah, status)
    hari(2, 10)
    b = Peramban(wilayah.guru[0])
    halaman = b.get(url("bukti", r.pk)).content.decode()
    assert "Bukti dukung diunggah setelah Perencanaan Kinerja disetujui atasan." in halaman
    assert 'value="unggah"' not in halaman  # no upload form is offered
    awal = keadaan(settings)
    for _, target in sasaran(r):
        res = b.post(url("bukti", r.pk), {"aksi": "unggah", "target": target, "berkas": berkas("s.pdf", PDF)})
        assert res.status_code == 200 and pesan_galat(res) == [galat_tahap(label)], target
    assert keadaan(settings) == awal
    sampai_disetujui(wilayah, r)
    assert 'value="unggah"' in b.get(url("bukti", r.pk)).content.decode()
    for _, target in sasaran(r):
        res = b.post(url("bukti", r.pk), {"aksi": "unggah", "target": target, "berkas": berkas("s.pdf", PDF)})
        assert pesan(res) == ["Bukti dukung «s.pdf» diunggah."], target
    assert BuktiDukung.objects.filter(rencana=r).count() == 2


# --- another school: agreeing to someone else's plan -----------------------------------------------


ORANG_SEKOLAH_LAIN = [
    pytest.param(lambda lain: lain.guru[0], id="guru-sekolah-lain"),
    pytest.param(lambda lain: lain.kepala, id="kepala-sekolah-lain"),
]


@pytest.mark.parametrize("pilih", ORANG_SEKOLAH_LAIN)
def test_service_refuses_agreeing_by_someone_of_another_school(
    wilayah, wilayah_lain, disetujui, settings, pilih
):
    awal = keadaan(settings)
    orang = aktor(pilih(wilayah_lain))
    ditolak(
        lambda: perencanaan_svc.rencana_agree(actor=orang, rencana=disetujui),
        "Rencana kinerja ini bukan milik Anda.",
        "bukan_pemilik",
        jenis=Forbidden,
    )
    assert keadaan(settings) == awal
    assert (
        perencanaan_svc.rencana_agree(actor=aktor(wilayah.guru[0]), rencana=disetujui).status == "disepakati"
    )


@pytest.mark.parametrize("pilih", ORANG_SEKOLAH_LAIN)
def test_page_refuses_agreeing_by_someone_of_another_school(
    wilayah, wilayah_lain, disetujui, settings, pilih
):
    awal = keadaan(settings)
    b = Peramban(pilih(wilayah_lain))
    assert b.get(url("rencana", disetujui.pk)).status_code == 404
    res = b.post(url("rencana", disetujui.pk), {"aksi": "sepakati"}, dari=url("beranda"))
    assert res.status_code == 200 and pesan_galat(res) == ["Rencana kinerja tidak ditemukan."]
    assert wilayah.guru[0].nama not in res.content.decode()  # the refusal names nobody of that school
    assert keadaan(settings) == awal
    res = Peramban(wilayah.guru[0]).post(url("rencana", disetujui.pk), {"aksi": "sepakati"})
    assert pesan(res) == ["Perencanaan Kinerja disepakati. Lanjutkan ke Pelaksanaan Kinerja."]
    assert Rencana.objects.get(pk=disetujui.pk).status == "disepakati"


# --- the pages do not offer what the dates refuse ---------------------------------------------------


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_plan_page_offers_no_decision_outside_perencanaan_and_says_why(
    wilayah, diajukan, tanggal, galat, boleh
):
    hari(*tanggal)
    html = Peramban(wilayah.kepala).get(url("rencana", diajukan.pk)).content.decode()
    assert galat in html
    assert 'value="setujui"' not in html and 'value="kembalikan"' not in html
    assert "Simpan ekspektasi khusus" not in html
    hari(*boleh)
    html = Peramban(wilayah.kepala).get(url("rencana", diajukan.pk)).content.decode()
    assert galat not in html and 'value="setujui"' in html and "Simpan ekspektasi khusus" in html


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PERENCANAAN)
def test_plan_page_offers_no_agreement_outside_perencanaan_and_says_why(
    wilayah, disetujui, tanggal, galat, boleh
):
    hari(*tanggal)
    html = Peramban(wilayah.guru[0]).get(url("rencana", disetujui.pk)).content.decode()
    assert galat in html and 'value="sepakati"' not in html and "Rencana sudah disepakati" not in html
    hari(*boleh)
    html = Peramban(wilayah.guru[0]).get(url("rencana", disetujui.pk)).content.decode()
    assert galat not in html and 'value="sepakati"' in html


@pytest.mark.parametrize("tanggal, galat, boleh", LUAR_PELAKSANAAN)
def test_evidence_page_offers_no_upload_outside_pelaksanaan_and_says_why(
    wilayah, disepakati, tanggal, galat, boleh
):
    hari(*tanggal)
    html = Peramban(wilayah.guru[0]).get(url("bukti", disepakati.pk)).content.decode()
    assert galat in html and 'value="unggah"' not in html
    hari(*boleh)
    html = Peramban(wilayah.guru[0]).get(url("bukti", disepakati.pk)).content.decode()
    assert galat not in html and 'value="unggah"' in html
