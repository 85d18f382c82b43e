"""What every cycle page shares: the guards, the redirect after a POST, and small lookups.

Guards:

* ``halaman_pegawai``: pages only a pegawai uses (the plan wizard, the principal's lists). The
  seed-000 access rule applies (``kinerja.access.require_pengelolaan_kinerja``): a refused user lands
  on the access page with the reason; a Kepala Dinas, Pengawas or trainer is told the page is not
  theirs.
* ``halaman_siklus``: pages a pegawai *and* a Kepala Dinas, a Pengawas or a trainer open (a plan, its
  observation, its rating). Those three are not pegawai — they have no PTK — so the seed-000 rule
  (which is about the pegawai's own Dapodik data) does not apply to them; the selectors and services
  decide what they may see and do. Anyone else goes through the access rule.
* ``halaman_dinas``: the Kepala Dinas and Pengawas pages; the selectors refuse other roles.

Every change is a POST (CSRF on); a domain refusal raised by a service becomes a message on the page
the form came from (``pmm.middleware.ApplicationErrorMiddleware``).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from dapodik.models import Sekolah
from pmm.errors import Forbidden, NotFound
from pmm.roles import Role

from ..access import require_pengelolaan_kinerja

GET_POST = require_http_methods(["GET", "POST"])


def bukan_pegawai(actor) -> bool:
    """Kepala Dinas, Pengawas and trainers without a PTK use the cycle pages as reviewers."""
    return actor.ptk is None and (actor.has(Role.KEPALA_DINAS, Role.PENGAWAS) or actor.is_trainer)


def halaman_pegawai(view):
    guarded = require_pengelolaan_kinerja(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and bukan_pegawai(request.actor):
            raise Forbidden(
                "Halaman ini untuk guru dan kepala sekolah. Kepala Dinas dan Pengawas membuka rencana "
                "yang menjadi tugasnya dari beranda Pengelolaan Kinerja.",
                code="bukan_pegawai",
            )
        return guarded(request, *args, **kwargs)

    return GET_POST(wrapped)


def halaman_siklus(view):
    guarded = require_pengelolaan_kinerja(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if bukan_pegawai(request.actor):
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return GET_POST(wrapped)


def halaman_dinas(view):
    return GET_POST(login_required(view))


def kembali(request, default: str):
    """After a successful POST: back to ``next`` when it is a local address, else ``default``."""
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if tujuan and url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(tujuan)
    return redirect(default)


def sekolah_get(pk) -> Sekolah:
    sekolah = Sekolah.objects.select_related("instansi", "kabupaten").filter(pk=pk).first()
    if sekolah is None:
        raise NotFound("Sekolah tidak ditemukan.")
    return sekolah
