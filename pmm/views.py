from datetime import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import clock
from .errors import Forbidden
from .forms import ClockForm, LoginForm
from .menu import menu_for


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    return render(request, "pmm/home.html", {"sections": menu_for(request.actor), "actor": request.actor})


@login_required
@require_http_methods(["GET", "POST"])
def clock_page(request):
    """Trainer page: move the simulated clock (DESIGN.md §3)."""
    if not request.actor.is_trainer:
        raise Forbidden("Hanya pelatih (Admin Pusat) yang dapat mengatur jam simulasi.")
    current = timezone.localtime(clock.now())
    if request.method == "POST":
        if "reset" in request.POST:
            clock.clock_reset(actor=request.user)
            messages.success(request, "Jam simulasi dikembalikan ke waktu nyata.")
            return redirect("clock")
        form = ClockForm(request.POST)
        if form.is_valid():
            moment = timezone.make_aware(
                datetime.combine(form.cleaned_data["tanggal"], form.cleaned_data["jam"])
            )
            clock.clock_set(moment=moment, actor=request.user)
            messages.success(request, f"Jam simulasi diatur ke {moment:%d-%m-%Y %H:%M} WIB.")
            return redirect("clock")
    else:
        form = ClockForm(
            initial={"tanggal": current.date(), "jam": current.time().replace(second=0, microsecond=0)}
        )
    return render(request, "pmm/clock.html", {"form": form, "current": current})


def error_404(request, exception=None):
    return render(request, "pmm/error.html", {"error": {"message": "Halaman tidak ditemukan."}}, status=404)


def error_500(request):
    return render(
        request,
        "pmm/error.html",
        {
            "error": {
                "message": "Terjadi kesalahan pada server. Silakan coba lagi atau hubungi Pusat Bantuan."
            }
        },
        status=500,
    )


def error_403(request, exception=None):
    return render(
        request,
        "pmm/error.html",
        {"error": {"message": "Anda tidak berhak membuka halaman ini."}},
        status=403,
    )


def error_400(request, exception=None):
    return render(request, "pmm/error.html", {"error": {"message": "Permintaan tidak valid."}}, status=400)


def lockout_response(request, credentials, *args, **kwargs):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): the Indonesian lockout page, or the
    project's JSON error body for the API (token requests)."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.conf import settings
    from django.http import JsonResponse

    from .errors import ApplicationError, answers_json
    from .templatetags.pmm_tags import durasi

    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    if answers_json(request):
        error = ApplicationError(
            f"Terlalu banyak percobaan masuk yang gagal ({limit} kali) untuk akun ini; akun dikunci selama "
            f"{durasi(cool_off) or 'sementara waktu'}.",
            code="akun_dikunci",
            detail={"batas_gagal": limit},
            status=status,
        )
        return JsonResponse(error.as_dict(), status=status)
    context = {"failure_limit": limit, "cooloff_timedelta": cool_off}
    return render(request, "registration/lockout.html", context, status=status)
