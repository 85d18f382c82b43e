import pytest
from django.core import mail

from kinerja import tasks
from kinerja.models import Peran, Riwayat
from kinerja.services import notifikasi, penilaian, perencanaan

from .helpers import aktor, hari, nilai, rencana_lengkap, siap_dinilai

pytestmark = pytest.mark.django_db


def kirim_untuk(transisi, **kw):
    row = Riwayat.objects.filter(transisi=transisi, **kw).latest("pk")
    return tasks.notifikasi_kirim(row.pk), row


def test_submission_mails_the_principal_once_even_if_the_task_runs_twice(wilayah):
    hari(1, 10)
    guru = wilayah.guru[0]
    perencanaan.rencana_submit(actor=aktor(guru), rencana=rencana_lengkap(guru))
    sent, row = kirim_untuk("ajukan")
    assert sent == 1 and tasks.notifikasi_kirim(row.pk) == 0
    (msg,) = mail.outbox
    assert msg.to == [wilayah.kepala.user.email]
    assert msg.subject == "[PMM] Perencanaan Kinerja menunggu persetujuan Anda"
    assert guru.nama in msg.body and "Januari–Juni 2025" in msg.body
    row.refresh_from_db()
    assert row.notifikasi_pada is not None


def test_return_mails_the_teacher_with_the_notes(wilayah):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan.rencana_return(actor=aktor(wilayah.kepala), rencana=r, catatan="Lengkapi RHK.")
    kirim_untuk("kembalikan")
    (msg,) = mail.outbox
    assert msg.to == [guru.user.email] and "Catatan: Lengkapi RHK." in msg.body


def test_principal_plan_mails_the_kepala_dinas(wilayah):
    hari(1, 10)
    kepala = wilayah.kepala
    perencanaan.rencana_submit(
        actor=aktor(kepala), rencana=rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    )
    kirim_untuk("ajukan")
    assert mail.outbox[0].to == [wilayah.kadis.email]


def test_delegation_mails_the_pengawas_and_the_principal_not_the_kepala_dinas(wilayah):
    hari(1, 10)
    kepala = wilayah.kepala
    r = rencana_lengkap(kepala, peran=Peran.KEPALA_SEKOLAH)
    perencanaan.rencana_submit(actor=aktor(kepala), rencana=r)
    perencanaan.rencana_delegate_observation(actor=aktor(wilayah.kadis), rencana=r, pengawas=wilayah.pengawas)
    kirim_untuk("delegasi_observasi")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([wilayah.pengawas.email, kepala.user.email])


def test_school_steps_mail_the_kepala_dinas_then_the_principal_then_each_teacher(wilayah):
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    for r in rencana:
        nilai(r, kepala, "sesuai", "di_atas")
    penilaian.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    kirim_untuk("kirim", mesin="penilaian_sekolah")
    assert mail.outbox[-1].to == [wilayah.kadis.email]
    penilaian.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="istimewa"
    )
    kirim_untuk("predikat_organisasi")
    assert mail.outbox[-1].to == [kepala.user.email]
    assert "Predikat Kinerja Organisasi: Istimewa" in mail.outbox[-1].body
    penilaian.predikat_tetapkan(actor=aktor(kepala), sekolah=wilayah.sekolah)
    for row in Riwayat.objects.filter(mesin="penilaian", transisi="tetapkan"):
        tasks.notifikasi_kirim(row.pk)
    assert sorted(m.to[0] for m in mail.outbox[-3:]) == sorted(g.user.email for g in wilayah.guru)


def test_a_failed_send_releases_the_claim_for_the_retry(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    perencanaan.rencana_submit(actor=aktor(guru), rencana=rencana_lengkap(guru))
    row = Riwayat.objects.get(transisi="ajukan")
    original = notifikasi.send_mass_mail

    def down(*args, **kwargs):
        raise ConnectionError("SMTP tidak tersedia")

    monkeypatch.setattr(notifikasi, "send_mass_mail", down)
    with pytest.raises(ConnectionError):
        notifikasi.notifikasi_send(riwayat_id=row.pk)
    row.refresh_from_db()
    assert row.notifikasi_pada is None
    monkeypatch.setattr(notifikasi, "send_mass_mail", original)
    assert notifikasi.notifikasi_send(riwayat_id=row.pk) == 1


def test_rows_without_a_rule_send_nothing(wilayah):
    hari(1, 10)
    rencana_lengkap(wilayah.guru[0])
    assert tasks.notifikasi_kirim(Riwayat.objects.get(transisi="buat").pk) == 0
    assert mail.outbox == []
