"""The helpdesk queue: due-time order, overdue marking, filters, keyset pages, query counts."""

import re

import pytest
from django.urls import reverse

from pmm.actors import actor_for
from pmm.bantuan import selectors, services
from pmm.bantuan.models import Status
from pmm.errors import ApplicationError
from tests import factories as f
from tests.bantuan.conftest import png, set_clock, wib

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[tuple[int, bool]]:
    """(ticket id, marked overdue) of each queue row, in order."""
    return [
        (int(pk), "lewat-sla" in attrs) for attrs, pk in re.findall(r'<tr([^>]*) data-tiket="(\d+)"', page)
    ]


@pytest.fixture
def queue(helpdesk, pelapor, pelapor_lain, make_tiket):
    """Five tickets seen on Monday 17 Nov 2025 at 16:30 WIB."""
    desk = actor_for(helpdesk)
    a = make_tiket(pelapor, at=(2025, 11, 14, 16, 0))  # due Mon 14:00 → overdue
    b = make_tiket(pelapor_lain, at=(2025, 11, 17, 9, 0), kategori="sinkro_ekinerja", screenshot_error=png())
    c = make_tiket(pelapor, at=(2025, 11, 13, 10, 0))  # due Thu 13 18:00, answered in time
    set_clock(2025, 11, 13, 11, 0)
    services.tiket_reply(actor=desk, tiket_id=c.pk, teks="Sedang kami periksa.")
    d = make_tiket(pelapor_lain, at=(2025, 11, 17, 7, 0))  # due Mon 16:00 → overdue
    e = make_tiket(pelapor, at=(2025, 11, 12, 9, 0))  # due Wed 12 17:00, closed unanswered
    services.tiket_status_change(actor=desk, tiket_id=e.pk, status=Status.SELESAI)
    set_clock(2025, 11, 17, 16, 30)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_queue_is_sorted_by_due_time_with_overdue_marked(client, helpdesk, queue):
    client.force_login(helpdesk)
    page = client.get(reverse("bantuan:antrean")).content.decode()
    q = queue
    assert rows(page) == [(q["c"].pk, False), (q["a"].pk, True), (q["d"].pk, True), (q["b"].pk, False)]
    assert page.count("Lewat batas respons") == 2


def test_closed_ticket_is_never_overdue_and_shown_on_request(client, helpdesk, queue):
    client.force_login(helpdesk)
    page = client.get(reverse("bantuan:antrean"), {"status": "semua"}).content.decode()
    assert rows(page)[0] == (queue["e"].pk, False)
    page = client.get(reverse("bantuan:antrean"), {"status": "selesai"}).content.decode()
    assert rows(page) == [(queue["e"].pk, False)]


def test_queue_filters(client, helpdesk, queue):
    client.force_login(helpdesk)
    only_overdue = client.get(reverse("bantuan:antrean"), {"lewat_sla": "on"}).content.decode()
    assert [pk for pk, _ in rows(only_overdue)] == [queue["a"].pk, queue["d"].pk]
    sinkro = client.get(reverse("bantuan:antrean"), {"kategori": "sinkro_ekinerja"}).content.decode()
    assert [pk for pk, _ in rows(sinkro)] == [queue["b"].pk]
    diproses = client.get(reverse("bantuan:antrean"), {"status": "diproses"}).content.decode()
    assert [pk for pk, _ in rows(diproses)] == [queue["c"].pk]


@pytest.mark.parametrize(
    "params", [{"status": "hilang"}, {"kategori": "hilang"}, {"setelah": "bukan-penanda"}]
)
def test_bad_queue_parameters_answer_400_not_500(client, helpdesk, queue, params):
    client.force_login(helpdesk)
    response = client.get(reverse("bantuan:antrean"), params)
    assert response.status_code == 400
    assert "tidak" in response.content.decode()


def test_reporter_list_marks_their_overdue_ticket(client, pelapor, queue):
    client.force_login(pelapor)
    page = client.get(reverse("bantuan:tiket_saya")).content.decode()
    assert queue["a"].nomor in page and queue["c"].nomor in page and queue["e"].nomor in page
    assert queue["b"].nomor not in page and queue["d"].nomor not in page
    assert page.count("Lewat batas respons") == 1


def test_keyset_pages_cover_the_queue_once_in_order(client, helpdesk, pelapor, make_tiket):
    # 30 tickets over two working days; several share a due time to exercise the id tie-break.
    made = []
    for i in range(30):
        made.append(make_tiket(pelapor, at=(2025, 11, 17 + i % 2, 8 + i % 5, 0)))
    client.force_login(helpdesk)
    first = client.get(reverse("bantuan:antrean")).content.decode()
    cursor = re.search(r'setelah=([0-9_]+)"', first).group(1)
    second = client.get(reverse("bantuan:antrean"), {"setelah": cursor}).content.decode()
    seen = [pk for pk, _ in rows(first)] + [pk for pk, _ in rows(second)]
    assert len(rows(first)) == selectors.PAGE_SIZE
    expected = [t.pk for t in sorted(made, key=lambda t: (t.due_at, t.pk))]
    assert seen == expected
    assert "setelah=" not in second.split("Halaman pertama")[1]


def test_keyset_page_of_the_reporter_list(pelapor, make_tiket):
    made = [make_tiket(pelapor, at=(2025, 11, 17, 9, i)) for i in range(5)]
    actor = actor_for(pelapor)
    now = wib(2025, 11, 18, 9, 0)
    first = selectors.tiket_saya_page(actor=actor, now=now, size=3)
    second = selectors.tiket_saya_page(actor=actor, now=now, size=3, cursor=first.next_cursor)
    assert [t.pk for t in first.items + second.items] == [t.pk for t in reversed(made)]
    assert second.next_cursor is None


def test_selector_refuses_the_queue_to_a_reporter(pelapor):
    with pytest.raises(ApplicationError) as error:
        selectors.antrean_qs(actor=actor_for(pelapor), now=wib(2025, 11, 17, 9, 0))
    assert error.value.status == 403


def _fill(n):
    users = [f.UserFactory(email=f"pelapor{i}@guru.sd.belajar.id") for i in range(3)]
    set_clock(2025, 11, 17, 9, 0)
    for i in range(n):
        services.tiket_create(
            pelapor=users[i % 3],
            email=users[i % 3].email,
            kategori="lainnya",
            klien_jenis="browser",
            klien_versi="Chrome",
            deskripsi=f"Kendala {i}",
        )


# 6 queries today (clock, session, user, roles, PTK, one page of tickets with their reporters);
# one spare for the platform. The bound is the same at 5 and 50 tickets: no query per row.
@pytest.mark.parametrize("n", [5, 50])
def test_queue_page_query_count_does_not_grow(client, helpdesk, django_assert_max_num_queries, n):
    _fill(n)
    client.force_login(helpdesk)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("bantuan:antrean"))
    assert len(rows(response.content.decode())) == min(n, selectors.PAGE_SIZE)


@pytest.mark.parametrize("n", [5, 50])
def test_queue_api_query_count_does_not_grow(client, helpdesk, django_assert_max_num_queries, n):
    _fill(n)
    client.force_login(helpdesk)
    with django_assert_max_num_queries(7):
        body = client.get("/api/v1/bantuan/antrean/").json()
    assert len(body["results"]) == min(n, selectors.PAGE_SIZE)


@pytest.mark.parametrize("n", [5, 50])
def test_reporter_list_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    _fill(n)
    from pmm.models import User

    client.force_login(User.objects.get(email="pelapor0@guru.sd.belajar.id"))
    with django_assert_max_num_queries(7):
        response = client.get(reverse("bantuan:tiket_saya"))
    own = len(range(0, n, 3))
    assert len(re.findall(r'href="/bantuan/tiket/\d+/">PB-', response.content.decode())) == min(
        own, selectors.PAGE_SIZE
    )
