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


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.CharField()
    password = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenApi(APIView):
    """An API token for a client without a browser session (the Android app): the same login rules
    as the page (belajar.id e-mail + password, lockout after 5 failures). DELETE revokes it."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses=TokenSerializer,
        summary="Minta token API dengan e-mail belajar.id dan kata sandi",
    )
    def post(self, request):
        from rest_framework.authtoken.models import Token

        from .errors import ApplicationError
        from .forms import LoginForm

        data = request.data if hasattr(request.data, "get") else {}
        email, password = data.get("email"), data.get("password")
        if not isinstance(email, str) or not isinstance(password, str):
            raise ApplicationError("E-mail belajar.id dan kata sandi wajib diisi.", code="isian_wajib")
        form = LoginForm(request._request, data={"username": email, "password": password})
        if not form.is_valid():
            # A locked-out account is answered by AXES_LOCKOUT_CALLABLE (pmm.views.lockout_response).
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            raise ApplicationError(errors[0] if errors else "Data tidak valid.", code="login_gagal")
        token, _ = Token.objects.get_or_create(user=form.get_user())
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None}, summary="Cabut token API yang dipakai")
    def delete(self, request):
        from rest_framework.authentication import TokenAuthentication

        from .errors import ApplicationError

        found = TokenAuthentication().authenticate(request._request)
        if found is None:
            raise ApplicationError(
                "Kirim header Authorization: Token <token>.", code="token_wajib", status=401
            )
        found[1].delete()
        return Response(status=204)
