"""Ticket services: answers and the SLA, status moves with history, e-mails queued after commit."""

import pytest
from django.core import mail

from pmm.actors import actor_for
from pmm.bantuan import services, tasks
from pmm.bantuan.models import Balasan, RiwayatStatus, Status, Tiket
from pmm.errors import ApplicationError, Forbidden, NotFound
from tests.bantuan.conftest import png, set_clock, wib

pytestmark = pytest.mark.django_db


def test_first_public_desk_reply_sets_first_response_once(helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor, at=(2025, 11, 17, 9, 0))
    desk = actor_for(helpdesk)
    set_clock(2025, 11, 17, 10, 0)
    services.tiket_reply(actor=desk, tiket_id=tiket.pk, teks="Catatan", internal=True)
    tiket.refresh_from_db()
    assert tiket.first_response_at is None  # an internal note is no answer
    assert tiket.status == Status.BARU
    set_clock(2025, 11, 17, 11, 0)
    services.tiket_reply(actor=desk, tiket_id=tiket.pk, teks="Jawaban pertama")
    set_clock(2025, 11, 17, 12, 0)
    services.tiket_reply(actor=desk, tiket_id=tiket.pk, teks="Jawaban kedua")
    tiket.refresh_from_db()
    assert wib(2025, 11, 17, 11, 0) <= tiket.first_response_at < wib(2025, 11, 17, 11, 1)
    assert tiket.status == Status.DIPROSES
    assert list(tiket.riwayat.values_list("dari", "ke")) == [("", "baru"), ("baru", "diproses")]


def test_reporter_reply_is_no_answer_and_reopens_a_waiting_ticket(helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    services.tiket_status_change(actor=actor_for(helpdesk), tiket_id=tiket.pk, status=Status.MENUNGGU_PELAPOR)
    balasan = services.tiket_reply(actor=actor_for(pelapor), tiket_id=tiket.pk, teks="Ini SK saya")
    tiket.refresh_from_db()
    assert balasan.dari_petugas is False
    assert tiket.first_response_at is None
    assert tiket.status == Status.DIPROSES


def test_reporter_cannot_reply_to_a_closed_ticket(pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    reporter = actor_for(pelapor)
    services.tiket_status_change(actor=reporter, tiket_id=tiket.pk, status=Status.SELESAI)
    with pytest.raises(ApplicationError, match="sudah selesai"):
        services.tiket_reply(actor=reporter, tiket_id=tiket.pk, teks="Lagi")
    assert not Balasan.objects.exists()


def test_other_reporter_gets_not_found(pelapor, pelapor_lain, make_tiket):
    tiket = make_tiket(pelapor)
    other = actor_for(pelapor_lain)
    with pytest.raises(NotFound):
        services.tiket_reply(actor=other, tiket_id=tiket.pk, teks="Halo")
    with pytest.raises(NotFound):
        services.tiket_status_change(actor=other, tiket_id=tiket.pk, status=Status.SELESAI)


def test_helpdesk_own_ticket_is_handled_as_a_reporter(helpdesk, make_tiket):
    helpdesk.email = "petugas@admin.sd.belajar.id"
    helpdesk.save()
    tiket = make_tiket(helpdesk)
    balasan = services.tiket_reply(actor=actor_for(helpdesk), tiket_id=tiket.pk, teks="Tambahan")
    tiket.refresh_from_db()
    assert balasan.dari_petugas is False
    assert tiket.first_response_at is None


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([Status.DIPROSES, Status.MENUNGGU_PELAPOR, Status.DIPROSES, Status.SELESAI], True),
        ([Status.SELESAI, Status.DIPROSES], True),  # the desk may reopen
        ([Status.SELESAI, Status.MENUNGGU_PELAPOR], False),
        ([Status.DIPROSES, Status.BARU], False),  # never back to "baru"
    ],
)
def test_status_transitions(helpdesk, pelapor, make_tiket, path, allowed):
    tiket = make_tiket(pelapor)
    desk = actor_for(helpdesk)
    *head, last = path
    for status in head:
        services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=status)
    if allowed:
        services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=last)
        tiket.refresh_from_db()
        assert tiket.status == last
    else:
        with pytest.raises(ApplicationError) as error:
            services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=last)
        assert error.value.code == "transisi_tidak_sah"
        tiket.refresh_from_db()
        assert tiket.status == head[-1]
    assert RiwayatStatus.objects.filter(tiket=tiket).count() == 1 + len(path) - (0 if allowed else 1)


def test_closing_sets_and_reopening_clears_selesai_at(helpdesk, pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    desk = actor_for(helpdesk)
    services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=Status.SELESAI, catatan="Sudah beres")
    tiket.refresh_from_db()
    assert tiket.selesai_at is not None
    services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=Status.DIPROSES)
    tiket.refresh_from_db()
    assert tiket.selesai_at is None
    assert tiket.riwayat.filter(ke=Status.SELESAI).get().catatan == "Sudah beres"


def test_same_status_twice_is_refused_once(helpdesk, pelapor, make_tiket):
    # Two clicks on the same button: the second sees the new status and changes nothing.
    tiket = make_tiket(pelapor)
    desk = actor_for(helpdesk)
    services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=Status.DIPROSES)
    with pytest.raises(ApplicationError, match="sudah Diproses"):
        services.tiket_status_change(actor=desk, tiket_id=tiket.pk, status=Status.DIPROSES)
    assert tiket.riwayat.count() == 2


def test_reporter_may_only_close(pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    with pytest.raises(Forbidden):
        services.tiket_status_change(
            actor=actor_for(pelapor), tiket_id=tiket.pk, status=Status.MENUNGGU_PELAPOR
        )


def test_null_character_in_text_is_refused(pelapor, make_tiket):
    tiket = make_tiket(pelapor)
    with pytest.raises(ApplicationError, match="tidak diizinkan"):
        services.tiket_reply(actor=actor_for(pelapor), tiket_id=tiket.pk, teks="a\x00b")
    with pytest.raises(ApplicationError) as error:
        services.tiket_create(
            pelapor=pelapor,
            email=pelapor.email,
            kategori="lainnya",
            klien_jenis="browser",
            klien_versi="Firefox",
            deskripsi="x\x00",
        )
    assert error.value.detail["deskripsi"] == ["Uraian kendala berisi karakter yang tidak diizinkan."]
    assert Tiket.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# E-mails


def test_receipt_email_is_queued_after_commit_with_the_id(
    pelapor, make_tiket, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.tiket_receipt_email, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tiket = make_tiket(pelapor)
    assert sent == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert sent == [(tiket.pk,)]


def test_receipt_email_tells_the_due_time_and_is_sent_once(pelapor, make_tiket):
    tiket = make_tiket(pelapor, at=(2025, 11, 14, 16, 0))
    tasks.tiket_receipt_email(tiket.pk)
    tasks.tiket_receipt_email(tiket.pk)  # a retried task does not send twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [tiket.email]
    assert tiket.nomor in message.subject
    assert "Tim kami akan merespons paling lambat Senin, 17 November 2025 pukul 14.00 WIB" in message.body
    tiket.refresh_from_db()
    assert tiket.email_terkirim_at is not None


def test_receipt_task_for_a_missing_ticket_does_nothing(db):
    tasks.tiket_receipt_email(999999)
    assert mail.outbox == []


def test_public_desk_reply_is_mailed_once_internal_note_never(
    helpdesk, pelapor, make_tiket, monkeypatch, django_capture_on_commit_callbacks
):
    tiket = make_tiket(pelapor)
    queued = []
    monkeypatch.setattr(tasks.balasan_email, "delay", lambda *args: queued.append(args))
    desk = actor_for(helpdesk)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.tiket_reply(actor=desk, tiket_id=tiket.pk, teks="internal", internal=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.tiket_reply(actor=desk, tiket_id=tiket.pk, teks="Silakan perbarui Dapodik.")
    assert queued == [(reply.pk,)]
    tasks.balasan_email(note.pk)
    tasks.balasan_email(reply.pk)
    tasks.balasan_email(reply.pk)
    assert len(mail.outbox) == 1
    assert "Silakan perbarui Dapodik." in mail.outbox[0].body
    assert mail.outbox[0].to == [tiket.email]


def test_failed_insert_leaves_no_screenshot_on_disk(pelapor, media_root, monkeypatch):
    set_clock(2025, 11, 17, 9, 0)

    def boom(*args, **kwargs):
        raise RuntimeError("db down")

    monkeypatch.setattr(services, "_history", boom)
    with pytest.raises(RuntimeError):
        services.tiket_create(
            pelapor=pelapor,
            email=pelapor.email,
            kategori="sinkro_ekinerja",
            klien_jenis="browser",
            klien_versi="Chrome 120",
            deskripsi="Gagal sinkron",
            screenshot_error=png(),
        )
    assert Tiket.objects.count() == 0
    assert not [p for p in media_root.rglob("*") if p.is_file()]
