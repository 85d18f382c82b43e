"""The access page of Pengelolaan Kinerja (seed 000): may I use it, may I sync, and if not, why."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import access


@login_required
@require_GET
def akses(request):
    result = access.access_for_request(request)
    ptk = request.actor.ptk
    context = {
        "result": result,
        "ptk": ptk,
        "checklist": access.checklist(),
        "helpdesk_info": access.HELPDESK_INFO,
        "helpdesk_sla": access.HELPDESK_SLA,
        "helpdesk_url": access.helpdesk_url(result, email=request.user.email, ptk=ptk),
        "min_version": access.min_android_version(),
    }
    return render(request, "kinerja/akses.html", context)
