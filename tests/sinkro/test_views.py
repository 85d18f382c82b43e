"""Pages of Sinkro PMM for every role, and for the same role of another school or instansi."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.models import Peran
from pmm.roles import Role
from sinkro import services
from sinkro.benchmarks import populasi_buat
from sinkro.models import SinkroConfig, Status, SyncBatch, SyncIntent
from tests import factories as f

from .conftest import aktor, proses

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lain(dunia):
    """An Admin Instansi and a guru of another instansi."""
    instansi = f.InstansiFactory()
    admin = f.UserFactory(email="admin.lain@bkd.go.id")
    f.grant(admin, Role.ADMIN_INSTANSI, instansi=instansi)
    guru = f.PTKFactory(sekolah=f.SekolahFactory(instansi=instansi))
    return admin, guru


@pytest.fixture
def trainer(dunia):
    return f.UserFactory(email="pelatih@simulator-pmm.id", is_superuser=True, is_staff=True)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_pegawai_page_shows_each_roles_diagnosis_and_the_buttons(client, dunia):
    w = dunia
    r = _get(client, w.guru.user, reverse("sinkro:beranda"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Sinkro PMM sebagai Guru" in html and "Sinkro data PLT PMM" in html
    # No plan yet: the diagnosis stops at #2, links the help anchor and a pre-filled ticket.
    assert "Pegawai belum membuat SKP di PMM" in html
    assert f"{reverse('sinkro:bantuan')}#E02" in html
    ticket = next(row for row in r.context["rows"] if row["d"].peran == Peran.GURU)["errors"][0]["lapor"]
    query = parse_qs(urlparse(ticket).query)
    assert urlparse(ticket).path == "/bantuan/tiket/baru/"
    assert (query["kategori"], query["kode"], query["nip"]) == (["sinkro"], ["E02"], [w.guru.nip])
    assert "Pegawai belum membuat SKP di PMM" in query["pesan"][0]

    assert _get(client, w.kepala.user, reverse("sinkro:beranda")).status_code == 200
    plt_page = _get(client, w.plt.user, reverse("sinkro:beranda"))
    assert [row["d"].peran for row in plt_page.context["rows"]] == [Peran.GURU, Peran.PLT_KEPALA_SEKOLAH]
    assert not plt_page.context["rows"][1]["plt_saja"]


def test_accounts_without_pengelolaan_kinerja_are_sent_to_the_access_page(client, dunia):
    w = dunia
    r = _get(client, w.operator, reverse("sinkro:beranda"))
    assert r.status_code == 302 and r["Location"] == reverse("kinerja:akses")
    client.logout()
    r = client.get(reverse("sinkro:beranda"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_a_pegawai_posts_a_sync_and_sees_its_request(client, dunia, tanpa_broker):
    w = dunia
    client.force_login(w.guru.user)
    r = client.post(reverse("sinkro:sinkron"), {"peran": Peran.GURU})
    intent = SyncIntent.objects.get(ptk=w.guru)
    assert r.status_code == 302 and r["Location"] == reverse("sinkro:permintaan", args=[intent.pk])
    assert tanpa_broker == [intent.pk]
    page = client.get(r["Location"])
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.content.decode()  # still on its way

    r = client.post(
        reverse("sinkro:sinkron"), {"peran": "kepala_dinas"}, HTTP_REFERER=reverse("sinkro:beranda")
    )
    assert r.status_code == 302 and SyncIntent.objects.count() == 1
    assert client.get(reverse("sinkro:sinkron")).status_code == 405


def test_a_request_is_seen_by_its_pegawai_their_admin_and_trainers_only(client, dunia, lain, trainer):
    w = dunia
    intent = services.sync_request(actor=aktor(w.guru), peran=Peran.GURU)
    url = reverse("sinkro:permintaan", args=[intent.pk])
    assert _get(client, w.guru.user, url).status_code == 200
    assert _get(client, w.admin, url).status_code == 200
    assert _get(client, trainer, url).status_code == 200
    assert _get(client, w.guru2.user, url).status_code == 404
    assert _get(client, lain[0], url).status_code == 404
    assert _get(client, lain[1].user, url).status_code == 404


def test_tetap_lakukan_sinkro_is_offered_and_accepted_only_for_a_request_waiting_for_it(
    client, siap, tanpa_broker
):
    w = siap
    intent = services.sync_request(actor=aktor(w.guru), peran=Peran.GURU)
    SyncIntent.objects.filter(pk=intent.pk).update(
        status=Status.MENUNGGU_KONFIRMASI,
        kode="E12",
        pesan="SKP yang ada memiliki Unor yang berbeda dengan Pegawai saat ini",
    )
    client.force_login(w.guru2.user)
    client.post(reverse("sinkro:konfirmasi", args=[intent.pk]))
    assert SyncIntent.objects.get(pk=intent.pk).status == Status.MENUNGGU_KONFIRMASI
    page = _get(client, w.guru.user, reverse("sinkro:permintaan", args=[intent.pk]))
    assert "Tetap Lakukan Sinkro" in page.content.decode()
    r = client.post(reverse("sinkro:konfirmasi", args=[intent.pk]))
    assert r.status_code == 302
    intent.refresh_from_db()
    assert (intent.status, intent.konfirmasi) == (Status.PENDING, True)


def test_admin_instansi_pages_are_for_their_instansi(client, dunia, lain, trainer):
    w = dunia
    pages = ["sinkro:instansi", "sinkro:diagnosis", "sinkro:massal", "sinkro:kunci"]
    for name in pages:
        url = reverse(name, args=[w.instansi.pk])
        assert _get(client, w.admin, url).status_code == 200, name
        assert _get(client, trainer, url).status_code == 200, name
        assert _get(client, lain[0], url).status_code == 404, name
        assert _get(client, w.guru.user, url).status_code == 403, name
    r = _get(client, w.admin, reverse("sinkro:menu_massal"))
    assert r.status_code == 302 and r["Location"] == reverse("sinkro:massal", args=[w.instansi.pk])
    assert _get(client, w.guru.user, reverse("sinkro:instansi_list")).status_code == 403


def test_the_admin_starts_a_bulk_sync_and_follows_its_progress(client, dunia, lain, tanpa_broker):
    w = dunia
    client.force_login(w.admin)
    r = client.post(reverse("sinkro:massal", args=[w.instansi.pk]), {"nip": "123", "keterangan": ""})
    assert r.status_code == 200 and not SyncBatch.objects.exists()  # an invalid NIP list is refused
    r = client.post(reverse("sinkro:massal", args=[w.instansi.pk]), {"nip": "", "keterangan": "uji"})
    batch = SyncBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("sinkro:batch", args=[batch.pk])
    assert batch.jumlah == 6  # five PTK; the Plt syncs as guru and as Plt
    page = client.get(r["Location"])
    assert page.status_code == 200 and reverse("sinkro_api:batch", args=[batch.pk]) in page.content.decode()
    assert _get(client, lain[0], reverse("sinkro:batch", args=[batch.pk])).status_code == 404
    assert _get(client, w.guru.user, reverse("sinkro:batch", args=[batch.pk])).status_code == 403


def test_the_admin_syncs_one_pegawai_of_their_instansi_only(client, dunia, lain, tanpa_broker):
    w = dunia
    client.force_login(w.admin)
    url = reverse("sinkro:pegawai_sinkron", args=[w.instansi.pk])
    r = client.post(url, {"ptk": w.guru.pk, "peran": Peran.GURU})
    intent = SyncIntent.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("sinkro:permintaan", args=[intent.pk])
    client.post(url, {"ptk": lain[1].pk, "peran": Peran.GURU}, HTTP_REFERER=url)
    assert SyncIntent.objects.count() == 1


def test_the_admin_saves_the_key(client, dunia, lain):
    w = dunia
    client.force_login(w.admin)
    r = client.post(reverse("sinkro:kunci", args=[w.instansi.pk]), {"api_key": "ek_kunci_baru_1"})
    assert r.status_code == 302
    assert SinkroConfig.objects.get(instansi=w.instansi).api_key == "ek_kunci_baru_1"
    # Another instansi's admin is refused (a refused POST goes back with the message) and changes nothing.
    client.force_login(lain[0])
    r = client.post(reverse("sinkro:kunci", args=[w.instansi.pk]), {"api_key": "ek_x"}, follow=True)
    assert "Instansi tidak ditemukan." in [str(m) for m in r.context["messages"]]
    assert SinkroConfig.objects.get(instansi=w.instansi).api_key == "ek_kunci_baru_1"


def test_the_scenario_sheet_is_for_trainers_and_admins(client, dunia, trainer):
    w = dunia
    assert _get(client, trainer, reverse("sinkro:skenario")).status_code == 200
    r = _get(client, w.admin, reverse("sinkro:skenario_csv"))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert _get(client, w.guru.user, reverse("sinkro:skenario")).status_code == 403
    client.logout()
    assert client.get(reverse("sinkro:bantuan")).status_code == 200  # the help page is public


def test_the_menu_links_the_sync_pages(client, dunia):
    w = dunia
    assert reverse("sinkro:beranda") in _get(client, w.guru.user, reverse("home")).content.decode()
    admin_home = _get(client, w.admin, reverse("home")).content.decode()
    assert reverse("sinkro:menu_massal") in admin_home and reverse("sinkro:menu_diagnosis") in admin_home


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_run_the_same_queries_at_5_and_50_pegawai(client, ekinerja_url, tanpa_broker):
    trainer = f.UserFactory(email="pelatih2@simulator-pmm.id", is_superuser=True, is_staff=True)
    client.force_login(trainer)
    counts = []
    pops = [populasi_buat(jumlah=5, per_sekolah=5), populasi_buat(jumlah=50, per_sekolah=10)]
    try:
        for pop in pops:
            batch = services.batch_create(actor=aktor(trainer), instansi=pop.instansi)
            proses(*SyncIntent.objects.filter(batch=batch, tahap=0))  # the principals first, then
            proses(*SyncIntent.objects.filter(batch=batch, tahap=1))  # their gurus (as the outbox does)
            assert not SyncIntent.objects.filter(batch=batch).exclude(status=Status.BERHASIL).exists()
            counts.append(
                (
                    _queries(client, reverse("sinkro:diagnosis", args=[pop.instansi.pk])),
                    _queries(client, reverse("sinkro:batch", args=[batch.pk]) + "?status=berhasil"),
                    _queries(client, reverse("sinkro:instansi", args=[pop.instansi.pk])),
                )
            )
    finally:
        for pop in pops:
            pop.hapus()
    assert counts[0] == counts[1]
