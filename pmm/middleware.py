from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render

from . import clock
from .errors import ApplicationError, answers_json


class ClockMiddleware:
    """Pins the simulated clock for the request so one page sees one 'today'."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = clock.pin_for_request()
        try:
            return self.get_response(request)
        finally:
            clock.unpin(token)


class ApplicationErrorMiddleware:
    """A domain error raised by a page becomes a message, never a 500.

    POST: back to the page the form came from, with the message. GET: an error page with the
    message and the status of the error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError) or request.path.startswith("/api/"):
            return None
        if request.method == "POST":
            messages.error(request, exception.message)
            back = request.META.get("HTTP_REFERER") or request.path
            if not back.startswith("/") and request.get_host() not in back:
                back = request.path
            return HttpResponseRedirect(back)
        return render(request, "pmm/error.html", {"error": exception}, status=exception.status)


class ActorMiddleware:
    """``request.actor``: the user's roles and scopes, computed lazily once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.functional import SimpleLazyObject

        from .actors import actor_for

        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)


def request_max_bytes() -> int:
    """The largest request body accepted: the largest upload (a roster file) plus room for the
    multipart envelope and the other form fields."""
    default = max(int(getattr(settings, "ROSTER_MAX_BYTES", 0)), 5 * 1024 * 1024) + 1024 * 1024
    return int(getattr(settings, "REQUEST_MAX_BYTES", None) or default)


class RequestSizeMiddleware:
    """Refuses a request whose declared body is larger than any form of the application accepts,
    before anything reads it: without this an upload of any size would be spooled to disk in full
    before the view could look at its size. 413 with an Indonesian message (JSON for the APIs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except (TypeError, ValueError):
            length = 0
        limit = request_max_bytes()
        if length > limit:
            error = ApplicationError(
                f"Permintaan terlalu besar ({length / 1048576:.1f} MB). Batasnya {limit / 1048576:.0f} MB; "
                "perkecil atau bagi berkas yang diunggah.",
                code="permintaan_terlalu_besar",
                detail={"maks_bytes": limit},
                status=413,
            )
            if answers_json(request):
                return JsonResponse(error.as_dict(), status=413)
            return render(request, "pmm/error.html", {"error": error}, status=413)
        return self.get_response(request)
