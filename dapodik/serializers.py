"""API shapes of Dapodik. Input serializers parse types only; the rules are in dapodik.services."""

from rest_framework import serializers

from .choices import JenisKelamin, JenisPenugasan, JenisPTK, StatusKepegawaian
from .models import PTK, Mutasi, PenugasanKepalaSekolah, Sekolah, VervalPtk


class DapodikErrorSerializer(serializers.Serializer):
    """The error body of pmm.errors: ``{"code", "message", "detail"}``."""

    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.DictField()


class SekolahRingkasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sekolah
        fields = ["id", "npsn", "nama"]


class SekolahSerializer(serializers.ModelSerializer):
    kabupaten = serializers.CharField(source="kabupaten.nama")
    instansi = serializers.CharField(source="instansi.nama", allow_null=True, default=None)

    class Meta:
        model = Sekolah
        fields = ["id", "npsn", "nama", "jenjang", "status", "kabupaten", "instansi", "alamat"]


class PtkRingkasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PTK
        fields = ["id", "nama", "nip", "nuptk"]


class PtkSerializer(serializers.ModelSerializer):
    sekolah = SekolahRingkasSerializer()
    akun_tertaut = serializers.SerializerMethodField()

    class Meta:
        model = PTK
        fields = [
            "id",
            "nama",
            "nik",
            "nuptk",
            "nip",
            "tanggal_lahir",
            "jenis_kelamin",
            "jenis_ptk",
            "status_kepegawaian",
            "email",
            "tmt_tugas",
            "sekolah",
            "akun_tertaut",
            "updated_at",
        ]

    def get_akun_tertaut(self, obj) -> bool:
        return obj.user_id is not None


class _PtkFieldsInput(serializers.Serializer):
    nama = serializers.CharField(max_length=150)
    nik = serializers.CharField(max_length=40)
    nuptk = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)
    nip = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)
    tanggal_lahir = serializers.DateField()
    jenis_kelamin = serializers.ChoiceField(choices=JenisKelamin.choices)
    jenis_ptk = serializers.ChoiceField(choices=JenisPTK.choices)
    status_kepegawaian = serializers.ChoiceField(choices=StatusKepegawaian.choices)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, allow_null=True)
    tmt_tugas = serializers.DateField()


class PtkCreateSerializer(_PtkFieldsInput):
    sekolah = serializers.IntegerField(min_value=1, help_text="id sekolah")


class PtkUpdateSerializer(_PtkFieldsInput):
    """PATCH: only the fields sent are changed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class TransferSerializer(serializers.Serializer):
    npsn_tujuan = serializers.CharField(max_length=20)
    tanggal_efektif = serializers.DateField()


class MutasiSerializer(serializers.ModelSerializer):
    sekolah_asal = SekolahRingkasSerializer()
    sekolah_tujuan = SekolahRingkasSerializer()

    class Meta:
        model = Mutasi
        fields = ["id", "ptk", "sekolah_asal", "sekolah_tujuan", "tanggal_efektif", "dicatat_pada"]


class PenugasanSerializer(serializers.ModelSerializer):
    ptk = PtkRingkasSerializer()
    sekolah = SekolahRingkasSerializer()

    class Meta:
        model = PenugasanKepalaSekolah
        fields = ["id", "sekolah", "ptk", "jenis", "tanggal_mulai", "tanggal_selesai", "nomor_sk"]


class KepalaAssignSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=JenisPenugasan.choices)
    ptk = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="id PTK sekolah ini (atau isi identitas)"
    )
    identitas = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="NIK, NUPTK atau NIP PTK sekolah lain (untuk Plt.)",
    )
    tanggal_mulai = serializers.DateField()
    nomor_sk = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("ptk") and not attrs.get("identitas"):
            raise serializers.ValidationError({"ptk": ["Isi ptk (id PTK sekolah ini) atau identitas."]})
        if attrs.get("ptk") and attrs.get("identitas"):
            raise serializers.ValidationError({"identitas": ["Isi salah satu saja: ptk atau identitas."]})
        return attrs


class KepalaEndSerializer(serializers.Serializer):
    tanggal_selesai = serializers.DateField()


class VervalSubmitSerializer(serializers.Serializer):
    nip_baru = serializers.CharField(max_length=40)


class VervalSerializer(serializers.ModelSerializer):
    ptk = PtkRingkasSerializer()

    class Meta:
        model = VervalPtk
        fields = ["id", "ptk", "nip_lama", "nip_baru", "status", "alasan", "diajukan_pada"]
