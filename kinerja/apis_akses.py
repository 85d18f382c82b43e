from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access


class FailedRequirementSerializer(serializers.Serializer):
    kode = serializers.CharField()
    syarat = serializers.CharField()
    penjelasan = serializers.CharField()
    perbaikan = serializers.CharField()
    pihak = serializers.CharField()
    menghalangi = serializers.ChoiceField(choices=[b.value for b in access.Blocks])


class ClientSerializer(serializers.Serializer):
    jenis = serializers.ChoiceField(choices=["android", "browser"])
    versi = serializers.CharField(allow_null=True)
    versi_dikenali = serializers.BooleanField(allow_null=True)
    keterangan = serializers.CharField()


class PtkSummarySerializer(serializers.Serializer):
    nama = serializers.CharField()
    jenis_ptk = serializers.CharField()
    status_kepegawaian = serializers.CharField()
    npsn = serializers.CharField()
    sekolah = serializers.CharField()


class AccessResultSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[lvl.value for lvl in access.Level])
    keterangan = serializers.CharField()
    boleh_akses = serializers.BooleanField()
    boleh_sinkro = serializers.BooleanField()
    syarat_gagal = FailedRequirementSerializer(many=True)
    klien = ClientSerializer()
    versi_android_minimum = serializers.CharField()
    ptk = PtkSummarySerializer(allow_null=True)
    tautan_pusat_bantuan = serializers.CharField()


class AksesApi(APIView):
    @extend_schema(
        responses=AccessResultSerializer,
        summary="Apakah pengguna dapat menggunakan Pengelolaan Kinerja dan sinkron ke e-Kinerja",
    )
    def get(self, request):
        result = access.access_for_request(request)
        ptk = access.actor_of(request).ptk
        body = result.as_dict()
        body["ptk"] = (
            {
                "nama": ptk.nama,
                "jenis_ptk": ptk.jenis_ptk,
                "status_kepegawaian": ptk.status_kepegawaian,
                "npsn": ptk.sekolah.npsn,
                "sekolah": ptk.sekolah.nama,
            }
            if ptk is not None
            else None
        )
        body["tautan_pusat_bantuan"] = access.helpdesk_url(result, email=request.user.email, ptk=ptk)
        return Response(body)
