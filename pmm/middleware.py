from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render

from . import clock
from .errors import ApplicationError


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
