"""The PDF of a teacher's evaluation (plan, Perilaku Kerja with the atasan's ekspektasi khusus,
observation, ratings, predikat).

Rendered with WeasyPrint (in the project's dependencies; needs Pango on the host). If WeasyPrint
cannot be imported or cannot render on the machine, a minimal single-font PDF written here is
returned instead (same content as plain text lines, Helvetica with WinAnsi encoding), so the
download never becomes a server error.
"""

import logging
import textwrap

from django.template import Context, Engine
from django.utils import timezone

from pmm import clock
from pmm.errors import ApplicationError

from .. import periods
from ..selectors import rencana_detail
from ..transitions import StatusPenilaian

log = logging.getLogger(__name__)

_TEMPLATE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Penilaian Kinerja {{ r.ptk.nama }}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
table { width: 100%; border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; width: 35%; } .predikat { font-size: 13pt; font-weight: bold; }
.kecil { font-size: 8.5pt; color: #555; }
</style></head><body>
<h1>Penilaian Kinerja {{ r.get_peran_display }}</h1>
<div class="kecil">Simulator Pengelolaan Kinerja PMM · dicetak {{ dicetak }} WIB</div>
<h2>Identitas</h2>
<table>
<tr><th>Nama</th><td>{{ r.ptk.nama }}</td></tr>
<tr><th>NIP</th><td>{{ r.ptk.nip|default:"-" }}</td></tr>
<tr><th>Satuan pendidikan</th><td>{{ r.sekolah.nama }} (NPSN {{ r.sekolah.npsn }})</td></tr>
<tr><th>Periode</th><td>{{ r.periode.nama }}</td></tr>
<tr><th>Atasan / pejabat penilai</th><td>{{ atasan|default:"-" }}</td></tr>
</table>
<h2>Perencanaan Kinerja</h2>
<table>
<tr><th>Status</th><td>{{ r.get_status_display }}</td></tr>
<tr><th>Praktik Kinerja</th><td>{{ r.indikator.nama|default:"-" }}</td></tr>
<tr><th>Pengembangan Kompetensi</th><td>{% for x in rhk %}{{ x.rhk.nama }} × {{ x.jumlah }} ({{ x.total_poin }} poin)<br>{% empty %}-{% endfor %}<b>Total {{ total_poin }} poin</b></td></tr>
<tr><th>Tugas Tambahan</th><td>{% for t in tugas %}{{ t.tugas.nama }}{% if t.nomor_sk %} (SK {{ t.nomor_sk }}){% endif %}<br>{% empty %}-{% endfor %}</td></tr>
</table>
<h2>Perilaku Kerja</h2>
<table>
<tr><th>Nilai dasar ASN</th><td>BerAKHLAK (SE MenPANRB 20/2021){% if r.perilaku_dikonfirmasi %}: sudah dibaca pegawai{% endif %}</td></tr>
{% for e in ekspektasi %}<tr><th>Ekspektasi khusus: {{ e.nilai.nama }}</th><td>{{ e.teks|linebreaksbr }}</td></tr>
{% empty %}<tr><th>Ekspektasi khusus atasan</th><td>-</td></tr>{% endfor %}
</table>
<h2>Pelaksanaan Kinerja</h2>
<table>
<tr><th>Status observasi</th><td>{{ observasi_status }}</td></tr>
<tr><th>Fokus perilaku</th><td>{% for f in fokus %}{{ f.teks }}<br>{% empty %}-{% endfor %}</td></tr>
<tr><th>Catatan observasi</th><td>{{ obs.catatan_observasi|default:"-"|linebreaksbr }}</td></tr>
<tr><th>Tindak lanjut</th><td>{{ obs.catatan_tindak_lanjut|default:"-"|linebreaksbr }}</td></tr>
<tr><th>Refleksi</th><td>{{ obs.refleksi|default:"-"|linebreaksbr }}</td></tr>
</table>
<h2>Penilaian Kinerja</h2>
<table>
<tr><th>Rating Hasil Kerja</th><td>{{ pen.get_rating_hasil_kerja_display|default:"-" }}</td></tr>
<tr><th>Rating Perilaku Kerja</th><td>{{ pen.get_rating_perilaku_display|default:"-" }}</td></tr>
<tr><th>Predikat Kinerja</th><td class="predikat">{{ predikat }}</td></tr>
<tr><th>Status</th><td>{{ pen.get_status_display|default:"Belum dinilai" }}</td></tr>
<tr><th>Catatan penilai</th><td>{{ pen.catatan|default:"-"|linebreaksbr }}</td></tr>
</table>
<p class="kecil">Predikat mengikuti matriks PermenPANRB No. 6 Tahun 2022.</p>
</body></html>"""


def _context(detail) -> dict:
    r = detail.rencana
    obs = getattr(r, "observasi", None)
    pen = getattr(r, "penilaian", None)
    if pen is None or not pen.predikat:
        predikat = "Belum dinilai"
    elif pen.status == StatusPenilaian.DITETAPKAN:
        predikat = pen.get_predikat_display()
    else:
        predikat = f"{pen.get_predikat_display()} (belum ditetapkan)"
    return {
        "r": r,
        "atasan": detail.atasan.label if detail.atasan else "",
        "rhk": list(r.rhk.all()),
        "tugas": list(r.tugas_tambahan.all()),
        "ekspektasi": detail.ekspektasi,
        "total_poin": detail.total_poin,
        "obs": obs,
        "observasi_status": obs.get_status_display() if obs else "Belum dimulai",
        "fokus": list(obs.fokus.all()) if obs else [],
        "pen": pen,
        "predikat": predikat,
        "dicetak": f"{periods.tanggal_id(clock.today())} {timezone.localtime(clock.now()):%H:%M}",
    }


def _html(context) -> str:
    return (
        Engine(libraries={}, builtins=["django.template.defaultfilters"])
        .from_string(_TEMPLATE)
        .render(Context(context))
    )


def _lines(c) -> list[str]:
    r, pen = c["r"], c["pen"]
    lines = [
        f"Penilaian Kinerja {r.get_peran_display()}",
        "",
        f"Nama: {r.ptk.nama}",
        f"NIP: {r.ptk.nip or '-'}",
        f"Satuan pendidikan: {r.sekolah.nama} (NPSN {r.sekolah.npsn})",
        f"Periode: {r.periode.nama}",
        f"Atasan: {c['atasan'] or '-'}",
        "",
        f"Status rencana: {r.get_status_display()}",
        f"Praktik Kinerja: {r.indikator.nama if r.indikator else '-'}",
        f"Pengembangan Kompetensi: {c['total_poin']} poin",
    ]
    lines += [f"  - {x.rhk.nama} x {x.jumlah}" for x in c["rhk"]]
    lines += [f"Tugas Tambahan: {t.tugas.nama}" for t in c["tugas"]]
    lines.append("Perilaku Kerja: nilai dasar ASN BerAKHLAK (SE MenPANRB 20/2021)")
    for e in c["ekspektasi"]:
        # The fallback writes one line per text line and cuts at 110 characters: wrap first.
        lines += textwrap.wrap(
            f"Ekspektasi khusus {e.nilai.nama}: " + " ".join(e.teks.split()),
            width=100,
            initial_indent="  - ",
            subsequent_indent="    ",
        )
    lines += [
        f"Status observasi: {c['observasi_status']}",
        "",
        f"Rating Hasil Kerja: {pen.get_rating_hasil_kerja_display() if pen and pen.rating_hasil_kerja else '-'}",
        f"Rating Perilaku Kerja: {pen.get_rating_perilaku_display() if pen and pen.rating_perilaku else '-'}",
        f"Predikat Kinerja: {c['predikat']}",
        "",
        f"Dicetak {c['dicetak']} WIB. Predikat mengikuti matriks PermenPANRB No. 6 Tahun 2022.",
    ]
    return lines


def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_sederhana(lines: list[str], *, judul: str = "") -> bytes:
    """A minimal valid PDF (one or more A4 pages of Helvetica text lines); the fallback renderer."""
    per_halaman = 60
    halaman = [lines[i : i + per_halaman] for i in range(0, max(len(lines), 1), per_halaman)] or [[]]
    objects: list[bytes] = []
    # 1 catalog, 2 pages, 3 font, 4 info, then (content, page) per page.
    kids = []
    for i, isi in enumerate(halaman):
        content_no, page_no = 5 + 2 * i, 6 + 2 * i
        kids.append(f"{page_no} 0 R".encode())
        stream = (
            b"BT /F1 10 Tf 13 TL 50 800 Td "
            + b"".join(b"(" + _pdf_escape(x[:110]) + b") Tj T* " for x in isi)
            + b"ET"
        )
        objects.append(
            b"%d 0 obj << /Length %d >> stream\n" % (content_no, len(stream))
            + stream
            + b"\nendstream endobj\n"
        )
        objects.append(
            b"%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >> endobj\n" % (page_no, content_no)
        )
    head = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >> endobj\n" % len(halaman),
        b"3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> endobj\n",
        b"4 0 obj << /Title (" + _pdf_escape(judul) + b") /Producer (Simulator PMM) >> endobj\n",
    ]
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for obj in head + objects:
        offsets.append(len(body))
        body += obj
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer << /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return body


def penilaian_pdf(*, actor, rencana_id) -> bytes:
    """The evaluation PDF of one plan, for the same people who may read the plan."""
    return _pdf(rencana_detail(actor=actor, rencana_id=rencana_id))


def penilaian_pdf_unduh(*, actor, rencana_id) -> tuple[bytes, str]:
    """The PDF as downloaded from the page and the API, with its file name: the pegawai gets it once
    the predikat is fixed; the atasan, a delegated Pengawas and trainers at any time."""
    detail = rencana_detail(actor=actor, rencana_id=rencana_id)
    pen = getattr(detail.rencana, "penilaian", None)
    if (
        detail.adalah_pemilik
        and not detail.adalah_pengamat
        and (pen is None or pen.status != StatusPenilaian.DITETAPKAN)
    ):
        raise ApplicationError(
            "Predikat Anda belum ditetapkan; PDF penilaian dapat diunduh setelah atasan Anda menetapkan predikat.",
            code="predikat_belum_ditetapkan",
        )
    return _pdf(detail), f"penilaian-kinerja-{detail.rencana.periode.kode}-{detail.rencana.pk}.pdf"


def _pdf(detail) -> bytes:
    context = _context(detail)
    try:
        from weasyprint import HTML

        return HTML(string=_html(context)).write_pdf()
    except Exception:  # Pango missing or a rendering failure: never a 500 for a download.
        log.warning("WeasyPrint tidak dapat membuat PDF; memakai PDF sederhana.", exc_info=True)
        return pdf_sederhana(_lines(context), judul=f"Penilaian Kinerja {detail.rencana.ptk.nama}")
