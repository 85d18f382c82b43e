"""The rows of the principal's long lists (one per teacher, 200 at a big school), rendered here.

Why not in the template: Django's template engine spends ~75 µs on each of these rows (a dozen
variables, filters and URL tags), which alone is several times the page budget of ``bench pages``
(principal lists ≤ 5× a trivial view). These functions build the same HTML with ``html.escape`` —
the escaping Django applies to template variables — and the page templates insert the result as a
safe string; the layout around the tables stays in the templates.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .. import periods
from ..predikat import Predikat, Rating
from ..transitions import StatusObservasi, StatusPenilaian, StatusRencana


def _pola(name: str) -> str:
    """``/kinerja/rencana/{}/`` from the URL pattern, so the rows follow urls_siklus."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def _tanggal(moment) -> str:
    return periods.tanggal_id(timezone.localtime(moment).date()) if moment else "—"


class _Alasan:
    """The type A/B cell; the same explanation repeats for many teachers, so it is built once."""

    def __init__(self):
        self._cache: dict = {}

    def __call__(self, alasan) -> str:
        html = self._cache.get(alasan)
        if html is None:
            langkah = "".join(f"<li>{escape(s)}</li>" for s in alasan.langkah)
            kelas = "warn" if alasan.tipe == "A" else "err"
            html = self._cache[alasan] = (
                f'<span class="badge {kelas}">{escape(alasan.judul)}</span><ol>{langkah}</ol>'
            )
        return html


def baris_belum(rows) -> SafeString:
    """Teachers missing from a list, with their type A/B explanation."""
    sel = _Alasan()
    out = [
        f'<tr data-tipe="{b.alasan.tipe}"><td>{escape(b.ptk.nama)}</td>'
        f"<td>{escape(b.status_rencana_label)}</td><td>{sel(b.alasan)}</td></tr>"
        for b in rows
    ]
    return mark_safe("".join(out))


def baris_perlu_persetujuan(rows, *, dalam_jadwal: bool) -> SafeString:
    """Submitted plans waiting for the principal; the approve buttons belong to one form of the page."""
    rencana = _pola("kinerja:rencana")
    out = []
    for b in rows:
        r = b.rencana
        tombol = (
            f' <button type="submit" class="btn primary" name="setujui" value="{r.pk}">Setujui</button>'
            if dalam_jadwal
            else ""
        )
        indikator = escape(r.indikator.nama) if r.indikator is not None else "—"
        out.append(
            f"<tr><td>{escape(b.ptk.nama)}</td><td>{indikator}</td><td>{b.total_poin}</td>"
            f'<td>{_tanggal(r.diajukan_pada)}</td><td><a href="{rencana.format(r.pk)}">Tinjau</a>{tombol}</td></tr>'
        )
    return mark_safe("".join(out))


_RENCANA = {k: escape(v) for k, v in StatusRencana.choices}


def baris_rencana(rows) -> SafeString:
    """Every submitted plan with its status."""
    rencana = _pola("kinerja:rencana")
    out = []
    for b in rows:
        r = b.rencana
        indikator = escape(r.indikator.nama) if r.indikator is not None else "—"
        out.append(
            f'<tr><td><a href="{rencana.format(r.pk)}">{escape(b.ptk.nama)}</a></td>'
            f'<td><span class="badge st-{r.status}">{_RENCANA[r.status]}</span></td>'
            f"<td>{indikator}</td><td>{b.total_poin}</td></tr>"
        )
    return mark_safe("".join(out))


_OBSERVASI = {k: escape(v) for k, v in StatusObservasi.choices}
_PENILAIAN = {k: escape(v) for k, v in StatusPenilaian.choices}
_RATING = {"": "—", **{k: escape(v) for k, v in Rating.choices}}
_PREDIKAT = {"": "—", **{k: escape(v) for k, v in Predikat.choices}}


def baris_penilaian(rows) -> SafeString:
    """Ratable teachers with their ratings and the link to the rating form."""
    penilaian = _pola("kinerja:penilaian")
    out = []
    for b in rows:
        r, obs, pen = b.rencana, b.observasi, b.penilaian
        obs_sel = f'<span class="badge st-{obs.status}">{_OBSERVASI[obs.status]}</span>' if obs else "—"
        if pen is not None:
            nilai = (
                f"<td>{_RATING[pen.rating_hasil_kerja]}</td><td>{_RATING[pen.rating_perilaku]}</td>"
                f"<td>{_PREDIKAT[pen.predikat]}</td>"
                f'<td><span class="badge st-{pen.status}">{_PENILAIAN[pen.status]}</span></td>'
            )
            aksi = "Lihat" if pen.status != StatusPenilaian.DRAFT else "Nilai"
        else:
            nilai = '<td>—</td><td>—</td><td>—</td><td><span class="badge">Belum dinilai</span></td>'
            aksi = "Nilai"
        out.append(
            f"<tr><td>{escape(b.ptk.nama)}</td><td>{obs_sel}</td>{nilai}"
            f'<td><a class="btn" href="{penilaian.format(r.pk)}">{aksi}</a></td></tr>'
        )
    return mark_safe("".join(out))
