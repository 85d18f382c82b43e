"""The PIC access pages and API: what each kind of account sees and can do (seed 004)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from kinerja.dinas.models import Jabatan, KodeReferral, PengajuanAksesPic, StatusPengajuan
from pmm import clock
from pmm.models import UserRole
from pmm.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def kode_for(instansi, **kw):
    return KodeReferral.objects.create(
        kode=kw.pop("kode", "ABCDEFGH23"),
        instansi=instansi,
        berlaku_sampai=kw.pop("berlaku", clock.today() + timedelta(days=7)),
        dibuat_pada=timezone.now(),
        **kw,
    )


def form(instansi, jabatan=Jabatan.OPERATOR, kode="", keterangan="Seksi GTK"):
    return {"instansi": instansi.pk, "jabatan": jabatan, "kode_referral": kode, "keterangan": keterangan}


def test_teacher_sees_why_it_cannot_ask_and_a_post_changes_nothing(client, region, guru):
    client.force_login(guru.user)
    body = client.get(reverse("dinas:akses")).content.decode()
    assert 'data-kode="bukan_domain_dinas"' in body
    assert "Panduan Mendapatkan Akun belajar.id untuk Dinas" in body
    assert '<form method="post" novalidate>' not in body
    response = client.post(
        reverse("dinas:akses"), form(region.pemkab_a1), HTTP_REFERER=reverse("dinas:akses")
    )
    assert response.status_code == 302
    assert not PengajuanAksesPic.objects.exists()
    assert "bukan Akun belajar.id Dinas" in client.get(reverse("dinas:akses")).content.decode()


def test_dinas_account_sees_the_form_and_a_structural_code_grants_the_dashboard(client, region):
    user = f.UserFactory(email="kabid@kaba1.dinas.belajar.id")
    client.force_login(user)
    page = client.get(reverse("dinas:akses")).content.decode()
    assert "Ajukan akses" in page and "Pemerintah Kabupaten A1" in page
    kode = kode_for(region.pemkab_a1)
    response = client.post(reverse("dinas:akses"), form(region.pemkab_a1, Jabatan.KEPALA_BIDANG, kode.kode))
    assert response.status_code == 302 and response.url == reverse("dinas:beranda")
    assert client.get(reverse("dinas:beranda")).url == reverse("dinas:kabupaten", args=["6101"])
    assert client.get(reverse("dinas:kabupaten", args=["6101"])).status_code == 200
    assert client.get(reverse("dinas:kabupaten", args=["6201"])).status_code == 403


def test_wrong_code_on_the_page_is_shown_and_grants_nothing(client, region):
    user = f.UserFactory(email="kasi@kaba1.dinas.belajar.id")
    client.force_login(user)
    kode_for(region.pemkab_b1)
    response = client.post(
        reverse("dinas:akses"),
        form(region.pemkab_a1, Jabatan.KEPALA_SEKSI, "ABCDEFGH23"),
        HTTP_REFERER=reverse("dinas:akses"),
        follow=True,
    )
    assert "diterbitkan untuk Dinas lain" in response.content.decode()
    assert not UserRole.objects.filter(user=user, role=Role.PIC_DINAS).exists()


def test_operator_request_reviewed_on_the_pages(client, region, admin_pusat):
    user = f.UserFactory(email="operator@kaba1.dinas.belajar.id")
    client.force_login(user)
    client.post(reverse("dinas:akses"), form(region.pemkab_a1))
    pengajuan = PengajuanAksesPic.objects.get(user=user)
    assert pengajuan.status == StatusPengajuan.DIAJUKAN
    assert 'data-kode="menunggu_tinjauan"' in client.get(reverse("dinas:akses")).content.decode()
    assert client.get(reverse("dinas:beranda")).url == reverse("dinas:akses")

    # Refused with a reason the applicant reads on the access page.
    client.force_login(admin_pusat)
    assert "operator@kaba1.dinas.belajar.id" in client.get(reverse("dinas:tinjauan")).content.decode()
    client.post(reverse("dinas:tinjauan_tolak", args=[pengajuan.pk]), {"alasan": "Lampirkan surat tugas PIC"})
    client.force_login(user)
    page = client.get(reverse("dinas:akses")).content.decode()
    assert "Lampirkan surat tugas PIC" in page and "Ditolak" in page

    # Asked again and approved: the dashboard opens.
    client.post(reverse("dinas:akses"), form(region.pemkab_a1, keterangan="Surat tugas 12/2024"))
    again = PengajuanAksesPic.objects.get(user=user, status=StatusPengajuan.DIAJUKAN)
    client.force_login(admin_pusat)
    client.post(reverse("dinas:tinjauan_setujui", args=[again.pk]))
    client.force_login(user)
    assert client.get(reverse("dinas:kabupaten", args=["6101"])).status_code == 200
    assert 'data-kode="sudah_pic"' in client.get(reverse("dinas:akses")).content.decode()


def test_refusing_without_a_reason_on_the_page_changes_nothing(client, region, admin_pusat):
    user = f.UserFactory(email="operator@kaba1.dinas.belajar.id")
    client.force_login(user)
    client.post(reverse("dinas:akses"), form(region.pemkab_a1))
    pengajuan = PengajuanAksesPic.objects.get()
    client.force_login(admin_pusat)
    response = client.post(
        reverse("dinas:tinjauan_tolak", args=[pengajuan.pk]),
        {"alasan": ""},
        HTTP_REFERER=reverse("dinas:tinjauan"),
    )
    assert response.status_code == 302
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN


@pytest.mark.parametrize("page", ["dinas:tinjauan", "dinas:referral"])
def test_review_pages_are_for_admin_pusat_only(client, region, pic_a1, admin_pusat, trainer, page):
    client.force_login(pic_a1)
    assert client.get(reverse(page)).status_code == 403
    for user in (admin_pusat, trainer):
        client.force_login(user)
        assert client.get(reverse(page)).status_code == 200


def test_pic_cannot_approve_or_issue_codes(client, region, pic_a1):
    applicant = f.UserFactory(email="op@kaba1.dinas.belajar.id")
    client.force_login(applicant)
    client.post(reverse("dinas:akses"), form(region.pemkab_a1))
    pengajuan = PengajuanAksesPic.objects.get()
    client.force_login(pic_a1)
    client.post(reverse("dinas:tinjauan_setujui", args=[pengajuan.pk]), HTTP_REFERER="/")
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN
    client.post(
        reverse("dinas:referral"),
        {"instansi": region.pemkab_a1.pk, "berlaku_sampai": "2099-01-01", "batas_pemakaian": 5},
    )
    assert not KodeReferral.objects.exists()


def test_admin_pusat_issues_a_code_on_the_page(client, region, admin_pusat):
    client.force_login(admin_pusat)
    response = client.post(
        reverse("dinas:referral"),
        {
            "instansi": region.pemkab_a2.pk,
            "berlaku_sampai": (clock.today() + timedelta(days=3)).isoformat(),
            "batas_pemakaian": 5,
        },
    )
    assert response.status_code == 302
    kode = KodeReferral.objects.get()
    assert kode.instansi == region.pemkab_a2 and kode.batas_pemakaian == 5
    assert kode.kode in client.get(reverse("dinas:referral")).content.decode()
    client.post(reverse("dinas:referral_cabut", args=[kode.pk]))
    kode.refresh_from_db()
    assert kode.dicabut_pada is not None


# ---------------------------------------------------------------------------------------------
# API


def test_api_of_an_account_that_never_signed_in_says_it_is_not_activated(client, region):
    user = f.UserFactory(email="baru@kaba1.dinas.belajar.id")
    assert user.last_login is None
    token = Token.objects.create(user=user)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    body = client.get(reverse("api_dinas_akses"), **auth).json()
    assert body["kode"] == "belum_aktivasi" and body["boleh_mengajukan"] is False
    response = client.post(
        reverse("api_dinas_pengajuan"), {"instansi": region.pemkab_a1.pk, "jabatan": "operator"}, **auth
    )
    assert response.status_code == 400 and response.json()["code"] == "belum_aktivasi"
    assert not PengajuanAksesPic.objects.exists()


def test_api_flow_structural_and_operator(client, region, admin_pusat):
    kode = kode_for(region.pemprov_b)
    kabid = f.UserFactory(email="kabid@provb.dinas.belajar.id")
    client.force_login(kabid)
    response = client.post(
        reverse("api_dinas_pengajuan"),
        {"instansi": region.pemprov_b.pk, "jabatan": "kepala_bidang", "kode_referral": kode.kode},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "disetujui"
    assert client.get(reverse("api_dinas_wilayah")).json()["wilayah"] == [
        {"tingkat": "provinsi", "kode": "62", "nama": "Provinsi B"}
    ]

    operator = f.UserFactory(email="op@provb.dinas.belajar.id")
    client.force_login(operator)
    pid = client.post(
        reverse("api_dinas_pengajuan"),
        {"instansi": region.pemprov_b.pk, "jabatan": "operator"},
        content_type="application/json",
    ).json()["id"]
    assert client.post(reverse("api_dinas_setujui", args=[pid])).status_code == 403
    assert client.get(reverse("api_dinas_pengajuan")).status_code == 403

    client.force_login(admin_pusat)
    assert [p["id"] for p in client.get(reverse("api_dinas_pengajuan")).json()["hasil"]] == [pid]
    tolak = client.post(
        reverse("api_dinas_tolak", args=[pid]), {"alasan": ""}, content_type="application/json"
    )
    assert tolak.status_code == 400 and tolak.json()["code"] == "alasan_wajib"
    ok = client.post(
        reverse("api_dinas_tolak", args=[pid]), {"alasan": "Bukan PIC"}, content_type="application/json"
    )
    assert ok.json()["status"] == "ditolak" and ok.json()["alasan_penolakan"] == "Bukan PIC"
    client.force_login(operator)
    body = client.get(reverse("api_dinas_akses")).json()
    assert body["riwayat"][0]["alasan_penolakan"] == "Bukan PIC" and body["boleh_mengajukan"] is True


def test_api_rejects_malformed_requests_without_a_500(client, region):
    client.force_login(f.UserFactory(email="x@kaba1.dinas.belajar.id"))
    response = client.post(
        reverse("api_dinas_pengajuan"),
        {"instansi": "abc", "jabatan": "raja"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert client.post(reverse("api_dinas_setujui", args=[999])).status_code == 403
