"""API shapes. Input serializers only parse; the rules are services.tiket_create's, so the page and
the API refuse the same things with the same Indonesian messages."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmm import clock

from . import sla
from .models import LAMPIRAN_FIELDS, Balasan, RiwayatStatus, Tiket


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.JSONField()


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, **kwargs)


def _image():
    return serializers.FileField(required=False, allow_empty_file=True, use_url=False)


class TiketCreateSerializer(serializers.Serializer):
    email = _text(help_text="E-mail belajar.id; kosong = e-mail akun Anda.")
    kategori = _text(help_text="akses_pengelolaan_kinerja | sinkro_ekinerja | akun_pic_dinas | lainnya")
    klien_jenis = _text(help_text="android | browser")
    klien_versi = _text(help_text="Versi aplikasi Android (mis. 1.47) atau nama browser.")
    deskripsi = _text()
    kode = _text(help_text="Kode galat/alasan, mis. E03.")
    jenis_ptk = _text()
    status_kepegawaian = _text()
    nip = _text()
    npsn = _text()
    screenshot_error = _image()
    screenshot_jenis_ptk = _image()
    screenshot_status_kepegawaian = _image()

    def service_kwargs(self, user) -> dict:
        data = self.validated_data
        kwargs = {
            name: data.get(name, "") for name in ("kategori", "klien_jenis", "klien_versi", "deskripsi")
        }
        kwargs["email"] = data.get("email") or user.email
        kwargs["konteks"] = {
            name: data[name]
            for name in ("kode", "jenis_ptk", "status_kepegawaian", "nip", "npsn")
            if data.get(name)
        }
        for name in ("screenshot_error", "screenshot_jenis_ptk", "screenshot_status_kepegawaian"):
            kwargs[name] = data.get(name) or None
        return kwargs


class BalasanCreateSerializer(serializers.Serializer):
    teks = serializers.CharField(allow_blank=True, trim_whitespace=False)
    internal = serializers.BooleanField(required=False, default=False)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    catatan = serializers.CharField(required=False, allow_blank=True, default="")


class PenggunaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    nama = serializers.CharField()


# Choice fields are plain strings here (values listed in help_text): the enum names drf-spectacular
# would derive ("status", "kategori") collide with other apps' choice sets of the same field name.
STATUS_HELP = "baru | diproses | menunggu_pelapor | selesai"


class TiketSerializer(serializers.ModelSerializer):
    nomor = serializers.CharField(read_only=True)
    kategori = serializers.CharField(
        read_only=True, help_text="akses_pengelolaan_kinerja | sinkro_ekinerja | akun_pic_dinas | lainnya"
    )
    klien_jenis = serializers.CharField(read_only=True, help_text="android | browser")
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    pelapor = PenggunaSerializer(read_only=True)
    kategori_label = serializers.CharField(source="get_kategori_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    batas_respons = serializers.SerializerMethodField()
    lewat_sla = serializers.SerializerMethodField()
    lampiran = serializers.SerializerMethodField()

    class Meta:
        model = Tiket
        fields = [
            "id",
            "nomor",
            "pelapor",
            "email",
            "kategori",
            "kategori_label",
            "klien_jenis",
            "klien_versi",
            "deskripsi",
            "konteks",
            "status",
            "status_label",
            "received_at",
            "due_at",
            "batas_respons",
            "first_response_at",
            "selesai_at",
            "lewat_sla",
            "lampiran",
        ]

    def get_batas_respons(self, obj) -> str:
        return sla.format_wib(obj.due_at)

    def get_lewat_sla(self, obj) -> bool:
        annotated = getattr(obj, "lewat_sla", None)
        if annotated is not None:
            return bool(annotated)
        return sla.is_overdue(
            due=obj.due_at,
            now=self.context.get("now") or clock.now(),
            answered=obj.first_response_at is not None,
            closed=obj.status == "selesai",
        )

    def get_lampiran(self, obj) -> list[dict]:
        request = self.context.get("request")
        out = []
        for slug, field in LAMPIRAN_FIELDS.items():
            if getattr(obj, field):
                url = f"/bantuan/tiket/{obj.pk}/lampiran/{slug}/"
                out.append({"jenis": slug, "url": request.build_absolute_uri(url) if request else url})
        return out


class BalasanSerializer(serializers.ModelSerializer):
    penulis = PenggunaSerializer(read_only=True)

    class Meta:
        model = Balasan
        fields = ["id", "penulis", "teks", "dari_petugas", "internal", "dibuat_at"]


class RiwayatSerializer(serializers.ModelSerializer):
    oleh = PenggunaSerializer(read_only=True, allow_null=True)
    dari = serializers.CharField(read_only=True, help_text=f"kosong (tiket baru) | {STATUS_HELP}")
    ke = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = RiwayatStatus
        fields = ["id", "oleh", "dari", "ke", "catatan", "waktu"]


class TiketDetailSerializer(TiketSerializer):
    balasan = serializers.SerializerMethodField()
    riwayat = serializers.SerializerMethodField()

    class Meta(TiketSerializer.Meta):
        fields = [*TiketSerializer.Meta.fields, "balasan", "riwayat"]

    @extend_schema_field(BalasanSerializer(many=True))
    def get_balasan(self, obj):
        return BalasanSerializer(self.context["balasan"], many=True).data

    @extend_schema_field(RiwayatSerializer(many=True))
    def get_riwayat(self, obj):
        return RiwayatSerializer(self.context["riwayat"], many=True).data
