"""A ``requests`` adapter that answers PMM's e-Kinerja client from the Django test client.

The sweep runs inside one database transaction that is never committed, so the mock e-Kinerja
cannot be served by a live server (it would not see the seeded rows). Routing the client's HTTP
calls through ``django.test.Client`` keeps the boundary (PMM still only speaks HTTP + JSON to
``/ekinerja/api/``) while the answers come from the same transaction.
"""

from urllib.parse import urlsplit

import requests
from django.test import Client
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

BASE_URL = "http://ekinerja.dalam-proses/ekinerja/api"

_SKIPPED_HEADERS = {"content-type", "content-length", "host"}


class InProcessAdapter(BaseAdapter):
    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        meta = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in request.headers.items()
            if name.lower() not in _SKIPPED_HEADERS
        }
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        answer = Client(raise_request_exception=False).generic(
            request.method,
            path,
            data=body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            **meta,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers.items())
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.reason = getattr(answer, "reason_phrase", "")
        return response

    def close(self):
        pass


def session() -> requests.Session:
    s = requests.Session()
    s.mount("http://", InProcessAdapter())
    s.headers.update({"Accept": "application/json", "User-Agent": "PMM-Sinkro/1.0"})
    return s
