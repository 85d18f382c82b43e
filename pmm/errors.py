"""One domain error and one place that turns it into a page message or an API body."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A refused action. ``message`` is Indonesian and shown to the user as is."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", detail=None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail or {}
        if status is not None:
            self.status = status

    def as_dict(self):
        return {"code": self.code, "message": self.message, "detail": self.detail}


class Forbidden(ApplicationError):
    status = 403

    def __init__(self, message="Anda tidak berhak melakukan tindakan ini.", *, code="forbidden", detail=None):
        super().__init__(message, code=code, detail=detail)


class NotFound(ApplicationError):
    status = 404

    def __init__(self, message="Data tidak ditemukan.", *, code="not_found", detail=None):
        super().__init__(message, code=code, detail=detail)


def answers_json(request) -> bool:
    """Whether a refusal made outside a view (middleware, lockout) is answered as the APIs' JSON body:
    the project's API (/api/…) and the mock e-Kinerja API (/ekinerja/api/…)."""
    return "/api/" in request.path


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "message_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc, context):
    """DRF handler: every error body is ``{"code", "message", "detail"}``."""
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"code": "invalid", "message": "Data tidak valid.", "detail": _django_validation_detail(exc)},
            status=400,
        )
    if isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    messages = {
        drf_exceptions.NotAuthenticated: ("not_authenticated", "Silakan masuk terlebih dahulu."),
        drf_exceptions.AuthenticationFailed: ("authentication_failed", "Autentikasi gagal."),
        drf_exceptions.PermissionDenied: ("forbidden", "Anda tidak berhak melakukan tindakan ini."),
        drf_exceptions.NotFound: ("not_found", "Data tidak ditemukan."),
        drf_exceptions.MethodNotAllowed: ("method_not_allowed", "Metode tidak diizinkan."),
        drf_exceptions.ParseError: ("parse_error", "Permintaan tidak dapat dibaca."),
        drf_exceptions.UnsupportedMediaType: ("unsupported_media_type", "Jenis konten tidak didukung."),
        drf_exceptions.Throttled: ("throttled", "Terlalu banyak permintaan. Coba lagi nanti."),
        drf_exceptions.ValidationError: ("invalid", "Data tidak valid."),
    }
    code, message = "error", "Permintaan gagal."
    for klass, pair in messages.items():
        if isinstance(exc, klass):
            code, message = pair
            break
    detail = response.data if isinstance(exc, drf_exceptions.ValidationError) else {}
    response.data = {"code": code, "message": message, "detail": detail}
    return response
