import pytest

from kinerja.services import laporan, penilaian
from pmm.errors import NotFound

from .helpers import aktor, hari, nilai, siap_dinilai
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinilai(wilayah):
    guru = wilayah.guru[0]
    guru.nama = "Siti Aminah (Guru Kelas)"
    guru.save()
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    nilai(rencana[0], kepala, "di_atas", "di_atas")
    nilai(rencana[1], kepala, "sesuai", "sesuai")
    nilai(rencana[2], kepala, "di_bawah", "sesuai")
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    penilaian.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="baik"
    )
    penilaian.predikat_tetapkan(actor=aktor(kepala), sekolah=wilayah.sekolah)
    return rencana[0]


def test_evaluation_pdf_carries_the_teachers_name_and_predikat(wilayah, dinilai):
    pdf = laporan.penilaian_pdf(actor=aktor(wilayah.guru[0]), rencana_id=dinilai.pk)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Siti Aminah (Guru Kelas)" in text
    assert "Sangat Baik" in text
    assert "Di Atas Ekspektasi" in text
    assert wilayah.sekolah.npsn in text


def test_the_atasan_may_print_it_another_school_may_not(wilayah, wilayah_lain, dinilai):
    assert laporan.penilaian_pdf(actor=aktor(wilayah.kepala), rencana_id=dinilai.pk).startswith(b"%PDF")
    for orang in (wilayah_lain.kepala, wilayah.guru[1]):
        with pytest.raises(NotFound):
            laporan.penilaian_pdf(actor=aktor(orang), rencana_id=dinilai.pk)


def test_without_weasyprint_a_simple_pdf_is_returned(wilayah, dinilai, monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise OSError("cannot load library 'pango-1.0-0'")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    pdf = laporan.penilaian_pdf(actor=aktor(wilayah.guru[0]), rencana_id=dinilai.pk)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "Nama: Siti Aminah (Guru Kelas)" in text
    assert "Predikat Kinerja: Sangat Baik" in text


def test_simple_pdf_pages_long_text_and_keeps_a_valid_xref():
    pdf = laporan.pdf_sederhana([f"Baris {i} (uji)" for i in range(130)], judul="Uji")
    assert b"/Count 3" in pdf
    xref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref:].startswith(b"xref")
    assert "Baris 129 (uji)" in pdf_text(pdf)
