"""A URLconf with known faults, to prove the sweep catches them (tests/test_robustness.py)."""

from django.http import HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


def rusak(request):
    # Trusts its input: ?page=abc raises ValueError, a 500.
    return HttpResponse(f"halaman {int(request.GET.get('page', '1'))}")


def sehat(request):
    return HttpResponse("ok")


@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def galat_tanpa_bentuk(request):
    # An API error body without the project's {"code", "message", "detail"}.
    return Response({"error": "salah"}, status=400)


urlpatterns = [
    path("rusak/", rusak),
    path("sehat/", sehat),
    path("api/v1/galat/", galat_tanpa_bentuk),
]
