"""API shapes of the performance cycle (/api/v1/kinerja/). Every name starts with "Kinerja" so the
project's OpenAPI schema has no component clash. Input serializers parse types only; the rules are
the services'. Output serializers describe the dicts built in ``kinerja.apis._data``."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import JenisDokumenSekolah, Peran
from ..predikat import PredikatOrganisasi, Rating
from ..services.perencanaan import EKSPEKTASI_MAKS


@extend_schema_field(
    {
        "type": "string",
        # A pattern, not an enum: the enum post-processing would name the one choice set twice.
        "pattern": "^(|" + "|".join(Rating.values) + ")$",
        "description": "di_bawah, sesuai, di_atas (Di Bawah / Sesuai / Di Atas Ekspektasi); kosong = belum diisi",
    }
)
class KinerjaRatingField(serializers.ChoiceField):
    """Both ratings share one choice set; described inline so the schema needs no shared enum name."""

    def __init__(self, **kwargs):
        super().__init__(choices=Rating.choices, required=False, allow_blank=True, default="", **kwargs)


# --- common ---------------------------------------------------------------------------------------


class KinerjaErrorSerializer(serializers.Serializer):
    """The error body of pmm.errors: ``{"code", "message", "detail"}``."""

    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.DictField()


class KinerjaSekolahRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    npsn = serializers.CharField()
    nama = serializers.CharField()


class KinerjaPtkRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    nip = serializers.CharField(allow_null=True)


class KinerjaPeriodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    tahun = serializers.IntegerField()
    semester = serializers.IntegerField()
    nama = serializers.CharField()


class KinerjaAlasanSerializer(serializers.Serializer):
    tipe = serializers.CharField(help_text="A: Perencanaan belum tuntas; B: Pelaksanaan belum dimulai")
    judul = serializers.CharField()
    langkah = serializers.ListField(child=serializers.CharField())


class KinerjaPenilaianSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    rating_hasil_kerja = serializers.CharField(allow_blank=True)
    rating_perilaku = serializers.CharField(allow_blank=True)
    predikat = serializers.CharField(allow_blank=True)
    predikat_label = serializers.CharField(allow_blank=True)
    catatan = serializers.CharField(allow_blank=True)
    dikirim_pada = serializers.DateTimeField(allow_null=True)
    ditetapkan_pada = serializers.DateTimeField(allow_null=True)


# --- home -----------------------------------------------------------------------------------------


class KinerjaJendelaSerializer(serializers.Serializer):
    tahap = serializers.CharField()
    label = serializers.CharField()
    mulai = serializers.DateField()
    selesai = serializers.DateField()
    keadaan = serializers.CharField(help_text="lewat, berjalan, akan_datang")
    sekarang = serializers.BooleanField()


class KinerjaRingkasanRencanaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    peran = serializers.CharField()
    peran_label = serializers.CharField()
    sekolah = KinerjaSekolahRingkasSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    total_poin = serializers.IntegerField()
    observasi_status = serializers.CharField()
    observasi_label = serializers.CharField()
    jadwal_observasi = serializers.DateTimeField(allow_null=True)
    predikat = serializers.CharField(allow_blank=True)
    predikat_label = serializers.CharField(allow_blank=True)
    langkah_berikut = serializers.CharField()


class KinerjaBisaDibuatSerializer(serializers.Serializer):
    peran = serializers.CharField()
    sekolah = serializers.IntegerField()
    label = serializers.CharField()


class KinerjaBerandaSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    periode = KinerjaPeriodeSerializer()
    tahap = serializers.CharField()
    tahap_label = serializers.CharField()
    timeline = KinerjaJendelaSerializer(many=True)
    rencana = KinerjaRingkasanRencanaSerializer(many=True)
    bisa_dibuat = KinerjaBisaDibuatSerializer(many=True)


# --- plan -----------------------------------------------------------------------------------------


class KinerjaKatalogSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class KinerjaRencanaRhkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rhk = KinerjaKatalogSerializer()
    jumlah = serializers.IntegerField()
    poin = serializers.IntegerField()
    total_poin = serializers.IntegerField()


class KinerjaRencanaTugasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tugas = KinerjaKatalogSerializer()
    nomor_sk = serializers.CharField(allow_blank=True)


class KinerjaPoinSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    kode = serializers.CharField(help_text="kurang, sesuai, lebih (terhadap rekomendasi 32–128 poin)")
    pesan = serializers.CharField()


class KinerjaAtasanSerializer(serializers.Serializer):
    jalur = serializers.CharField()
    label = serializers.CharField()


class KinerjaEkspektasiSerializer(serializers.Serializer):
    nilai = KinerjaKatalogSerializer(help_text="nilai BerAKHLAK")
    teks = serializers.CharField()
    diisi_oleh = serializers.CharField(allow_null=True)
    diubah_pada = serializers.DateTimeField()


class KinerjaRencanaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    periode = KinerjaPeriodeSerializer()
    peran = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    ptk = KinerjaPtkRingkasSerializer()
    sekolah = KinerjaSekolahRingkasSerializer()
    indikator = KinerjaKatalogSerializer(allow_null=True)
    rhk = KinerjaRencanaRhkSerializer(many=True)
    tugas_tambahan = KinerjaRencanaTugasSerializer(many=True)
    perilaku_dikonfirmasi = serializers.BooleanField()
    ekspektasi_khusus = KinerjaEkspektasiSerializer(
        many=True, help_text="ekspektasi khusus atasan per nilai BerAKHLAK (urutan katalog)"
    )
    boleh_isi_ekspektasi = serializers.BooleanField(
        help_text="Anda atasan rencana ini dan rencana menunggu persetujuan"
    )
    poin = KinerjaPoinSerializer()
    atasan = KinerjaAtasanSerializer(allow_null=True)
    pengawas = serializers.CharField(allow_null=True)
    catatan_atasan = serializers.CharField(allow_blank=True)
    kekurangan = serializers.ListField(child=serializers.CharField())
    tindakan = serializers.ListField(child=serializers.CharField(), help_text="aksi yang boleh Anda lakukan")
    adalah_pemilik = serializers.BooleanField()
    adalah_penilai = serializers.BooleanField()
    adalah_pengamat = serializers.BooleanField()
    diajukan_pada = serializers.DateTimeField(allow_null=True)
    disetujui_pada = serializers.DateTimeField(allow_null=True)
    disepakati_pada = serializers.DateTimeField(allow_null=True)
    penilaian = KinerjaPenilaianSerializer(allow_null=True)


class KinerjaRencanaMulaiSerializer(serializers.Serializer):
    peran = serializers.ChoiceField(choices=Peran.choices, default=Peran.GURU)
    sekolah = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class KinerjaIndikatorInputSerializer(serializers.Serializer):
    indikator = serializers.IntegerField(min_value=1)


class KinerjaRhkItemInputSerializer(serializers.Serializer):
    rhk = serializers.IntegerField(min_value=1)
    jumlah = serializers.IntegerField()


class KinerjaRhkInputSerializer(serializers.Serializer):
    items = KinerjaRhkItemInputSerializer(many=True)


class KinerjaTugasItemInputSerializer(serializers.Serializer):
    tugas = serializers.IntegerField(min_value=1)
    nomor_sk = serializers.CharField(required=False, allow_blank=True, default="")


class KinerjaTugasInputSerializer(serializers.Serializer):
    items = KinerjaTugasItemInputSerializer(many=True)


class KinerjaRencanaTransisiSerializer(serializers.Serializer):
    aksi = serializers.ChoiceField(choices=["ajukan", "setujui", "kembalikan", "sepakati"])
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class KinerjaEkspektasiInputSerializer(serializers.Serializer):
    items = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        allow_empty=True,
        help_text=(
            "kode nilai BerAKHLAK (mis. AKUNTABEL) atau id-nya → teks ekspektasi khusus (paling panjang "
            f"{EKSPEKTASI_MAKS} karakter); teks kosong menghapus ekspektasi nilai itu, nilai yang tidak "
            "disebut tetap"
        ),
    )


class KinerjaDelegasiInputSerializer(serializers.Serializer):
    pengawas = serializers.IntegerField(min_value=1, help_text="id pengguna Pengawas Sekolah")


class KinerjaPengawasPilihanSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="id pengguna: nilai «pengawas» untuk delegasi")
    nama = serializers.CharField(help_text="nama, atau email bila nama kosong")
    email = serializers.EmailField()
    terpilih = serializers.BooleanField(help_text="observasi rencana ini sudah didelegasikan kepadanya")


class KinerjaRiwayatSerializer(serializers.Serializer):
    pada = serializers.DateTimeField()
    oleh = serializers.CharField(allow_null=True)
    mesin = serializers.CharField()
    transisi = serializers.CharField()
    dari = serializers.CharField(allow_blank=True)
    ke = serializers.CharField(allow_blank=True)
    catatan = serializers.CharField(allow_blank=True)


# --- observation, evidence, documents -------------------------------------------------------------


class KinerjaFokusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    teks = serializers.CharField()


class KinerjaObservasiSerializer(serializers.Serializer):
    rencana = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    fokus = KinerjaFokusSerializer(many=True)
    fokus_pilihan = KinerjaFokusSerializer(many=True)
    dokumen_persiapan = serializers.CharField(allow_blank=True)
    jadwal = serializers.DateTimeField(allow_null=True)
    jadwal_diubah = serializers.IntegerField()
    catatan_observasi = serializers.CharField(allow_blank=True)
    diobservasi_pada = serializers.DateTimeField(allow_null=True)
    catatan_tindak_lanjut = serializers.CharField(allow_blank=True)
    refleksi = serializers.CharField(allow_blank=True)
    rekomendasi = serializers.CharField(allow_blank=True)


class KinerjaObservasiTransisiSerializer(serializers.Serializer):
    aksi = serializers.ChoiceField(
        choices=["persiapan", "jadwal_ulang", "observasi", "tindak_lanjut", "refleksi", "rekomendasi"]
    )
    fokus = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    dokumen_persiapan = serializers.CharField(required=False, allow_blank=True, default="")
    jadwal = serializers.DateTimeField(required=False, allow_null=True, default=None)
    alasan = serializers.CharField(required=False, allow_blank=True, default="")
    teks = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="catatan observasi, catatan tindak lanjut, refleksi, atau rekomendasi",
    )


class KinerjaBuktiSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    jenis = serializers.CharField()
    ukuran = serializers.IntegerField()
    diunggah_pada = serializers.DateTimeField()
    rencana_rhk = serializers.IntegerField(allow_null=True)
    rencana_tugas = serializers.IntegerField(allow_null=True)
    unduh = serializers.CharField()


class KinerjaBuktiInputSerializer(serializers.Serializer):
    rencana_rhk = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    rencana_tugas = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    berkas = serializers.FileField(allow_empty_file=True)


class KinerjaDokumenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jenis = serializers.CharField()
    jenis_label = serializers.CharField()
    nama = serializers.CharField()
    ukuran = serializers.IntegerField()
    diunggah_pada = serializers.DateTimeField()
    unduh = serializers.CharField()


class KinerjaDokumenInputSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=JenisDokumenSekolah.choices)
    berkas = serializers.FileField(allow_empty_file=True)


# --- rating ---------------------------------------------------------------------------------------


class KinerjaPenilaianRencanaSerializer(serializers.Serializer):
    rencana = serializers.IntegerField()
    ditetapkan = serializers.BooleanField()
    penilaian = KinerjaPenilaianSerializer(
        allow_null=True, help_text="kosong bila belum dinilai; pegawai melihatnya setelah predikat ditetapkan"
    )


class KinerjaPenilaianInputSerializer(serializers.Serializer):
    rating_hasil_kerja = KinerjaRatingField()
    rating_perilaku = KinerjaRatingField()
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class KinerjaBarisGuruSerializer(serializers.Serializer):
    ptk = KinerjaPtkRingkasSerializer()
    rencana = serializers.IntegerField(allow_null=True)
    status_rencana = serializers.CharField(allow_blank=True)
    status_rencana_label = serializers.CharField()
    indikator = serializers.CharField(allow_blank=True)
    total_poin = serializers.IntegerField()
    observasi_status = serializers.CharField(allow_blank=True)
    penilaian = KinerjaPenilaianSerializer(allow_null=True)
    alasan = KinerjaAlasanSerializer(allow_null=True)


class KinerjaBatasSerializer(serializers.Serializer):
    aturan = serializers.CharField()
    jenis = serializers.CharField(help_text="maks, min, ada")
    jumlah = serializers.IntegerField()
    keterangan = serializers.CharField()


class KinerjaDaftarGuruSerializer(serializers.Serializer):
    sekolah = KinerjaSekolahRingkasSerializer()
    periode = KinerjaPeriodeSerializer()
    jalur = serializers.CharField()
    muncul = KinerjaBarisGuruSerializer(many=True)
    belum_muncul = KinerjaBarisGuruSerializer(many=True)
    status_sekolah = serializers.CharField()
    predikat_organisasi = serializers.CharField(allow_blank=True)
    boleh_kirim = serializers.BooleanField()
    boleh_tetapkan = serializers.BooleanField()
    batas = KinerjaBatasSerializer(many=True)


class KinerjaKirimInputSerializer(serializers.Serializer):
    konfirmasi = serializers.BooleanField()
    penjelasan = serializers.CharField(allow_blank=True)


class KinerjaPenilaianSekolahSerializer(serializers.Serializer):
    sekolah = serializers.IntegerField()
    periode = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    predikat_organisasi = serializers.CharField(allow_blank=True)
    dikirim_pada = serializers.DateTimeField(allow_null=True)
    ditetapkan_pada = serializers.DateTimeField(allow_null=True)


class KinerjaTetapkanSerializer(serializers.Serializer):
    ditetapkan = serializers.IntegerField(help_text="jumlah predikat guru yang ditetapkan sekarang")
    penilaian_sekolah = KinerjaPenilaianSekolahSerializer()


# --- Kepala Dinas and Pengawas --------------------------------------------------------------------


class KinerjaBarisSekolahSerializer(serializers.Serializer):
    sekolah = KinerjaSekolahRingkasSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    predikat_organisasi = serializers.CharField(allow_blank=True)
    jumlah_dinilai = serializers.IntegerField()
    jumlah_dikirim = serializers.IntegerField()
    jumlah_ditetapkan = serializers.IntegerField()
    boleh_diberi_predikat = serializers.BooleanField()


class KinerjaPredikatOrganisasiInputSerializer(serializers.Serializer):
    predikat_organisasi = serializers.ChoiceField(choices=PredikatOrganisasi.choices)


class KinerjaRencanaRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ptk = KinerjaPtkRingkasSerializer()
    sekolah = KinerjaSekolahRingkasSerializer()
    peran = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    observasi_status = serializers.CharField()
    jadwal_observasi = serializers.DateTimeField(allow_null=True)
    pengawas = serializers.CharField(allow_null=True)
    predikat = serializers.CharField(allow_blank=True)
    status_penilaian = serializers.CharField(allow_blank=True)
