"""Roster pages: choose the school, upload, see the result, download templates and exports."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pmm.errors import NotFound

from .roster import export
from .roster.columns import COLUMN_HELP, COLUMNS
from .roster.readers import max_rows
from .roster.selectors import (
    roster_error_list,
    roster_error_rows,
    roster_import_get,
    roster_import_list,
    roster_ptk_count,
    roster_ptk_rows,
    roster_sekolah_get,
    roster_sekolah_list,
)
from .roster.services import roster_import

ERRORS_PER_PAGE = 50
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas roster (.csv atau .xlsx)",
        error_messages={"required": "Pilih berkas roster terlebih dahulu.", "empty": "Berkas kosong."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _csv_response(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(fileobj, filename: str) -> FileResponse:
    return FileResponse(fileobj, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def roster_export_response(sekolah, fmt: str):
    """The school's roster as a download; shared by the page and the API."""
    rows = roster_ptk_rows(sekolah=sekolah)
    filename = f"roster-ptk-{sekolah.npsn}.{fmt}"
    if fmt == "csv":
        return _csv_response(export.roster_csv_chunks(rows), filename)
    return _xlsx_response(export.roster_xlsx_file(rows), filename)


@login_required
@require_GET
def roster_home(request):
    """Entry of the menu: straight to the operator's school, or a choice of school."""
    actor = request.actor
    sekolah_list = list(roster_sekolah_list(actor=actor))
    if actor.is_trainer:
        npsn = request.GET.get("npsn", "").strip()
        if npsn:
            try:
                sekolah = roster_sekolah_get(actor=actor, npsn=npsn)
            except NotFound as exc:
                messages.error(request, exc.message)
            else:
                return redirect("roster:sekolah", npsn=sekolah.npsn)
    elif len(sekolah_list) == 1:
        return redirect("roster:sekolah", npsn=sekolah_list[0].npsn)
    return render(
        request, "dapodik/roster_pilih.html", {"sekolah_list": sekolah_list, "is_trainer": actor.is_trainer}
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_sekolah(request, npsn):
    sekolah = roster_sekolah_get(actor=request.actor, npsn=npsn)
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            imp = roster_import(actor=request.actor, sekolah=sekolah, berkas=berkas, nama_berkas=berkas.name)
            # The result page shows the outcome (message, counts, bad lines) itself.
            return redirect("roster:hasil", pk=imp.pk)
    else:
        form = RosterUploadForm()
    return render(
        request,
        "dapodik/roster_sekolah.html",
        {
            "sekolah": sekolah,
            "form": form,
            "imports": roster_import_list(sekolah=sekolah),
            "jumlah_ptk": roster_ptk_count(sekolah=sekolah),
            "columns": COLUMN_HELP,
            "header": ",".join(COLUMNS),
            "max_mb": settings.ROSTER_MAX_BYTES // (1024 * 1024),
            "max_rows": f"{max_rows():,}".replace(",", "."),
        },
    )


@login_required
@require_GET
def roster_hasil(request, pk):
    imp = roster_import_get(actor=request.actor, pk=pk)
    page = Paginator(roster_error_list(roster_import=imp), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dapodik/roster_hasil.html", {"imp": imp, "page": page, "sekolah": imp.sekolah})


@login_required
@require_GET
def roster_galat_csv(request, pk):
    imp = roster_import_get(actor=request.actor, pk=pk)
    return _csv_response(
        export.errors_csv_chunks(roster_error_rows(roster_import=imp)), f"galat-impor-roster-{imp.pk}.csv"
    )


@login_required
@require_GET
def roster_ekspor(request, npsn, fmt):
    if fmt not in FORMATS:
        raise Http404
    sekolah = roster_sekolah_get(actor=request.actor, npsn=npsn)
    return roster_export_response(sekolah, fmt)


@login_required
@require_GET
def roster_templat(request, fmt):
    if fmt == "csv":
        response = HttpResponse("".join(export.template_csv_chunks()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="templat-roster-ptk.csv"'
        return response
    if fmt == "xlsx":
        return _xlsx_response(export.template_xlsx_file(), "templat-roster-ptk.xlsx")
    raise Http404
