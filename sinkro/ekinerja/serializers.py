"""Shape of what PMM sends to the e-Kinerja API (API.md). Only types and formats are checked here;
the rules live in ``pipeline`` and ``services``."""

from rest_framework import serializers

from .models import Peran
from .pipeline import Permintaan, RhkMasuk

_KEY_RE = r"^[A-Za-z0-9._:\-]+$"


def _digits(n: int, label: str):
    return serializers.RegexField(
        rf"^\d{{{n}}}$",
        max_length=n,
        error_messages={"invalid": f"{label} harus {n} digit angka.", "blank": f"{label} wajib diisi."},
    )


class PeriodeSerializer(serializers.Serializer):
    tahun = serializers.IntegerField(min_value=2000, max_value=2100)
    # Any small number is accepted here: an unknown semester is e-Kinerja's "Unexpected period value".
    semester = serializers.IntegerField(min_value=0, max_value=99)


class SekolahSerializer(serializers.Serializer):
    npsn = _digits(8, "NPSN")
    nama = serializers.CharField(max_length=200)
    tmt = serializers.DateField(required=False, allow_null=True, default=None)


class AtasanSerializer(serializers.Serializer):
    nip = _digits(18, "NIP atasan")
    nama = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class RhkSerializer(serializers.Serializer):
    kode = serializers.RegexField(_KEY_RE, max_length=64)
    uraian = serializers.CharField(max_length=2000)
    jenis = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    target = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    rhk_atasan_kode = serializers.RegexField(
        _KEY_RE, max_length=64, required=False, allow_null=True, default=None
    )


class SkpPayloadSerializer(serializers.Serializer):
    idempotency_key = serializers.RegexField(_KEY_RE, min_length=8, max_length=100, required=False)
    nip = _digits(18, "NIP")
    nik = _digits(16, "NIK")
    nama = serializers.CharField(max_length=150)
    peran = serializers.ChoiceField(choices=Peran.choices)
    periode = PeriodeSerializer()
    sekolah = SekolahSerializer()
    atasan = AtasanSerializer(required=False, allow_null=True, default=None)
    plt_npsn = serializers.ListField(child=_digits(8, "NPSN"), required=False, default=list, max_length=50)
    rhk = RhkSerializer(many=True, required=False, default=list, max_length=100)
    disepakati = serializers.BooleanField(required=False, default=False)
    konfirmasi_unor_berbeda = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, require_key: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].required = require_key

    def validate_rhk(self, value):
        kode = [r["kode"] for r in value]
        if len(kode) != len(set(kode)):
            raise serializers.ValidationError("Kode RHK harus unik dalam satu SKP.")
        return value

    def validate(self, attrs):
        if attrs["peran"] == Peran.PLT_KEPALA_SEKOLAH and not attrs.get("plt_npsn"):
            raise serializers.ValidationError(
                {"plt_npsn": "Sinkro data PLT PMM memerlukan daftar NPSN sekolah Plt."}
            )
        return attrs

    def permintaan(self) -> Permintaan:
        d = self.validated_data
        atasan = d.get("atasan") or {}
        return Permintaan(
            idempotency_key=d.get("idempotency_key", ""),
            nip=d["nip"],
            nik=d["nik"],
            nama=d["nama"],
            peran=d["peran"],
            tahun=d["periode"]["tahun"],
            semester=d["periode"]["semester"],
            sekolah_npsn=d["sekolah"]["npsn"],
            sekolah_nama=d["sekolah"]["nama"],
            sekolah_tmt=d["sekolah"].get("tmt"),
            atasan_nip=atasan.get("nip", ""),
            atasan_nama=atasan.get("nama", ""),
            plt_npsn=tuple(d.get("plt_npsn") or ()),
            rhk=tuple(
                RhkMasuk(
                    kode=r["kode"],
                    uraian=r["uraian"],
                    jenis=r.get("jenis", ""),
                    target=r.get("target", ""),
                    rhk_atasan_kode=r.get("rhk_atasan_kode"),
                )
                for r in d.get("rhk") or ()
            ),
            disepakati=d.get("disepakati", False),
            konfirmasi_unor_berbeda=d.get("konfirmasi_unor_berbeda", False),
        )


class BulkSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.JSONField(), min_length=1, max_length=2000)
