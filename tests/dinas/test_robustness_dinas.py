"""Regressions found by the robustness sweep (tests/test_robustness.py): a NUL byte in a region or
school code, or in a refusal reason, used to reach PostgreSQL and give a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse

from kinerja.dinas import services
from kinerja.dinas.models import Jabatan, JalurPengajuan, PengajuanAksesPic, StatusPengajuan
from pmm import clock
from pmm.actors import actor_for
from pmm.errors import ApplicationError
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dinas:provinsi", ["6\x001"]),
        ("dinas:kabupaten", ["61\x0001"]),
        ("dinas:pegawai_list", ["61\x0001"]),
        ("dinas:sekolah_list", ["kabupaten", "61\x0001"]),
        ("dinas:sekolah", ["\x00"]),
        ("dinas:ekspor", ["sekolah", "kabupaten", "61\x0001", "csv"]),
    ],
)
def test_a_nul_byte_in_a_region_or_school_code_is_not_found(client, region, periode, pic_a1, name, args):
    client.force_login(pic_a1)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 404


def test_api_school_with_a_nul_byte_is_a_json_not_found(client, region, periode, pic_a1):
    client.force_login(pic_a1)
    response = client.get(reverse("api_dinas_sekolah", args=["6010\x000001"]))
    assert response.status_code == 404
    assert {"code", "message", "detail"} <= set(response.json())


@pytest.fixture
def pengajuan(region):
    user = f.UserFactory(email="operator@kaba1.dinas.belajar.id")
    return PengajuanAksesPic.objects.create(
        user=user,
        instansi=region.pemkab_a1,
        jabatan=Jabatan.OPERATOR,
        jalur=JalurPengajuan.TINJAUAN,
        status=StatusPengajuan.DIAJUKAN,
        diajukan_pada=clock.now() - timedelta(days=1),
    )


def test_refusal_reason_with_a_nul_byte_is_refused_by_the_service(pengajuan, admin_pusat):
    with pytest.raises(ApplicationError) as error:
        services.pengajuan_reject(
            pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor_for(admin_pusat), alasan="a\x00b"
        )
    assert error.value.code == "alasan_tidak_valid"
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json"])
def test_api_refusal_with_a_nul_byte_is_400_and_changes_nothing(client, pengajuan, admin_pusat, content_type):
    client.force_login(admin_pusat)
    body = "alasan=Kurang%00lengkap" if content_type.endswith("urlencoded") else '{"alasan": "Kurang\\u0000"}'
    response = client.post(reverse("api_dinas_tolak", args=[pengajuan.pk]), body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["code"] == "alasan_tidak_valid"
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN and pengajuan.alasan_penolakan == ""
