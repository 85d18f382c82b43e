"""Helpers of the cycle page tests: one logged-in browser per actor, form posts that follow the
redirect like a browser (with the Referer), and the messages the page then shows. No test here."""

import html
import re

from django.test import Client
from django.urls import reverse

from kinerja.models import FokusPerilaku


class Peramban:
    """One actor's browser: a Django test client logged in as a PTK's user or a User."""

    def __init__(self, who):
        self.client = Client()
        self.user = getattr(who, "user", who)
        self.client.force_login(self.user)

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, *, dari=None, **kw):
        """POST and follow the redirect; ``dari`` is the page the form was on (sent as Referer)."""
        headers = {"referer": f"http://testserver{dari or url}"}
        return self.client.post(url, data or {}, follow=True, headers=headers, **kw)


_MSG = re.compile(r'<li class="msg ([^"]*)">(.*?)</li>', re.S)


def _pesan(response, tag=None) -> list[str]:
    # Read from the HTML the user sees (the messages list of base.html), not from response.context:
    # that is filled by a global signal and mixes the pages of two browsers running in two threads.
    body = response.content.decode()
    return [html.unescape(text) for tags, text in _MSG.findall(body) if tag is None or tag in tags.split()]


def pesan(response) -> list[str]:
    """The messages shown on the page the browser ended on."""
    return _pesan(response)


def pesan_galat(response) -> list[str]:
    return _pesan(response, "error")


def url(name, *args) -> str:
    return reverse(f"kinerja:{name}", args=args)


def isi_rencana(b: Peramban, pk, *, indikator, rhk, tugas=(), konfirmasi=True):
    """Steps 1–4 through the wizard pages; ``rhk``: [(RhkKompetensi, jumlah)], ``tugas``: [(tugas, sk)]."""
    b.post(url("langkah", pk, 1), {"indikator": indikator.pk, "lanjut": "1"})
    data = {"rhk": [x.pk for x, _ in rhk], "lanjut": "1"}
    data.update({f"jumlah_{x.pk}": j for x, j in rhk})
    b.post(url("langkah", pk, 2), data)
    data = {"tugas": [t.pk for t, _ in tugas], "lanjut": "1"}
    data.update({f"sk_{t.pk}": sk for t, sk in tugas})
    b.post(url("langkah", pk, 3), data)
    if konfirmasi:
        b.post(url("langkah", pk, 4), {"konfirmasi": "1", "lanjut": "1"})


def persiapan_data(r, *, tanggal, jam="09:00", n_fokus=1) -> dict:
    r.refresh_from_db()
    fokus = FokusPerilaku.objects.filter(indikator_id=r.indikator_id).order_by("urutan")[:n_fokus]
    return {
        "aksi": "persiapan",
        "fokus": [f.pk for f in fokus],
        "dokumen_persiapan": "Modul ajar dan kesepakatan kelas.",
        "tanggal": tanggal,
        "jam": jam,
    }
