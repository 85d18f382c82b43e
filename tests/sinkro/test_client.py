"""How PMM reads e-Kinerja's answers (API.md): success, warning, confirmation, permanent, transient."""

from sinkro import catalogue
from sinkro.client import Jawaban, Jenis, read_sync


def _error(code, status, **detail):
    entry = catalogue.get(code)
    return Jawaban(status, {"code": code, "message": entry.message, "detail": detail})


def test_a_success_carries_the_skp_and_no_error():
    h = read_sync(Jawaban(200, {"status": "berhasil", "skp": {"id": 7}, "peringatan": []}))
    assert (h.jenis, h.kode, h.skp) == (Jenis.SUKSES, "", {"id": 7})


def test_a_success_with_kondisi_a_keeps_the_warning_and_its_actor():
    warning = {"code": "E04", "message": "m", "detail": {"kondisi": "A", "aktor": "Admin Instansi"}}
    h = read_sync(Jawaban(200, {"status": "peringatan", "skp": {"id": 1}, "peringatan": [warning]}))
    assert (h.jenis, h.kode, h.kondisi, h.aktor) == (Jenis.SUKSES, "E04", "A", "Admin Instansi")
    assert h.peringatan == [warning]


def test_e12_asks_for_a_confirmation():
    assert read_sync(_error("E12", 409)).jenis == Jenis.KONFIRMASI


def test_every_4xx_is_permanent_with_the_catalogue_message_and_the_occurrence_actor():
    h = read_sync(_error("E04", 422, kondisi="C", aktor="Operator Sekolah"))
    assert (h.jenis, h.kode, h.kondisi, h.aktor) == (Jenis.PERMANEN, "E04", "C", "Operator Sekolah")
    assert h.pesan == catalogue.get("E04").message
    assert read_sync(_error("E06", 401)).jenis == Jenis.PERMANEN
    conflict = read_sync(Jawaban(409, {"code": "idempotency_conflict", "message": "x", "detail": {}}))
    assert (conflict.jenis, conflict.pesan) == (Jenis.PERMANEN, "x")
    invalid = read_sync(Jawaban(400, {"code": "invalid", "message": "Data tidak valid.", "detail": {}}))
    assert invalid.jenis == Jenis.PERMANEN


def test_server_failures_and_no_answer_are_transient():
    h = read_sync(Jawaban(503, {"code": "E09"}, retry_after=30.0))
    assert (h.jenis, h.kode, h.retry_after) == (Jenis.SEMENTARA, "E09", 30.0)
    assert read_sync(Jawaban(500, {})).jenis == Jenis.SEMENTARA
    timeout = read_sync(Jawaban(None, timeout=True))
    assert (timeout.jenis, timeout.kode, timeout.pesan) == (
        Jenis.SEMENTARA,
        "E09T",
        catalogue.TIMEOUT.message,
    )
    refused = read_sync(Jawaban(None, transport_error="Connection refused"))
    assert (refused.jenis, refused.kode) == (Jenis.SEMENTARA, "E09")
