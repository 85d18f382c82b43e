import pytest
from django.core.management import call_command

from kinerja import catalogue
from kinerja.models import (
    FokusPerilaku,
    Indikator,
    NilaiBerakhlak,
    PerilakuBerakhlak,
    RekomendasiIndikator,
    RhkKompetensi,
    TugasTambahan,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_catalogue_has_the_rapor_pendidikan_indicators(katalog):
    guru = list(Indikator.objects.filter(untuk="guru").values_list("nama", flat=True))
    kepala = list(Indikator.objects.filter(untuk="kepala_sekolah").values_list("nama", flat=True))
    assert len(guru) == 8 and len(kepala) == 8
    for nama in (
        "Keteraturan Suasana Kelas",
        "Penerapan Disiplin Positif",
        "Umpan Balik Konstruktif",
        "Instruksi Pembelajaran",
    ):
        assert nama in guru
    assert "Aktivasi Kegiatan Komunitas Belajar" in kepala


def test_entries_no_source_confirms_are_marked(katalog):
    unconfirmed = set(Indikator.objects.filter(terkonfirmasi=False).values_list("kode", flat=True))
    # REFERENCE.md §3a/§3b: three D.1 sub-indicators are guesses, Perhatian dan Kepedulian is [K M],
    # the second D.3 indicator was not found.
    assert unconfirmed == {"D1-03", "D1-06", "D1-07", "D1-08", "D3-02"}
    assert RhkKompetensi.objects.get(kode="PK-03").terkonfirmasi is True
    assert RhkKompetensi.objects.get(kode="PK-03").poin == 36
    assert not RhkKompetensi.objects.get(kode="PK-06").terkonfirmasi  # its points were cut off
    assert TugasTambahan.objects.filter(terkonfirmasi=False).exists()
    assert all(x.sumber for x in Indikator.objects.all())


def test_berakhlak_has_seven_values_with_three_behaviours_each(katalog):
    values = list(catalogue.berakhlak())
    assert [v.nama for v in values] == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert all(len(v.perilaku.all()) == 3 for v in values)
    assert PerilakuBerakhlak.objects.filter(terkonfirmasi=True).count() == 6


def test_loading_twice_changes_nothing_and_keeps_admin_rows(katalog):
    RhkKompetensi.objects.create(kode="PK-99", nama="RHK tambahan admin", satuan="1", poin=2)
    before = (Indikator.objects.count(), FokusPerilaku.objects.count(), NilaiBerakhlak.objects.count())
    call_command("load_catalogue")
    assert (
        Indikator.objects.count(),
        FokusPerilaku.objects.count(),
        NilaiBerakhlak.objects.count(),
    ) == before
    assert RhkKompetensi.objects.filter(kode="PK-99").exists()


def test_recommended_indicator_is_marked_and_others_still_allowed(katalog):
    sekolah = f.SekolahFactory()
    rekom = Indikator.objects.get(kode="D1-04")
    RekomendasiIndikator.objects.create(sekolah=sekolah, untuk="guru", indikator=rekom)
    pilihan = catalogue.indikator_choices(peran="guru", sekolah_id=sekolah.pk)
    assert pilihan.rekomendasi_id == rekom.pk
    assert len(pilihan.indikator) == 8
    tanpa = catalogue.indikator_choices(peran="guru", sekolah_id=f.SekolahFactory().pk)
    assert tanpa.rekomendasi_id is None and len(tanpa.indikator) == 8


def test_tugas_tambahan_follow_the_jenjang(katalog):
    sd = {t.kode for t in catalogue.tugas_tambahan_choices(jenjang="SD")}
    smk = {t.kode for t in catalogue.tugas_tambahan_choices(jenjang="SMK")}
    assert "TT-03" not in sd and "TT-03" in smk  # Ketua Program Keahlian: SMK only
    assert "TT-02" in sd and "TT-02" in smk  # Kepala Perpustakaan: all


@pytest.mark.parametrize(
    "total, kode", [(0, "kurang"), (31, "kurang"), (32, "sesuai"), (128, "sesuai"), (129, "lebih")]
)
def test_point_total_against_the_32_to_128_recommendation(total, kode):
    assert catalogue.poin_status(total).kode == kode
