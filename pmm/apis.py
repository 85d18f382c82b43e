from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import clock


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    nama = serializers.CharField()
    peran = serializers.ListField(child=serializers.CharField())
    waktu_simulasi = serializers.DateTimeField()


class MeApi(APIView):
    @extend_schema(responses=MeSerializer, summary="Pengguna yang masuk, perannya dan jam simulasi")
    def get(self, request):
        actor = request.actor
        return Response(
            {
                "email": request.user.email,
                "nama": request.user.nama,
                "peran": sorted(actor.roles),
                "waktu_simulasi": timezone.localtime(clock.now()).isoformat(),
            }
        )
