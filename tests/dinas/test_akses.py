"""The PIC access flow of seed 004, for each kind of account, through the services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinerja.dinas import akses, services
from kinerja.dinas.models import Jabatan, KodeReferral, PengajuanAksesPic, StatusPengajuan
from pmm import clock
from pmm.actors import actor_for
from pmm.errors import ApplicationError, Forbidden
from pmm.models import UserRole
from pmm.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def dinas_user(email="staf@kabsatu.dinas.belajar.id", **kw):
    kw.setdefault("last_login", timezone.now())
    return f.UserFactory(email=email, **kw)


def referral(instansi, *, berlaku=None, batas=5, dicabut=False, dipakai=0):
    return KodeReferral.objects.create(
        kode=f"KODE{KodeReferral.objects.count() + 1:04d}XY",
        instansi=instansi,
        berlaku_sampai=berlaku or clock.today() + timedelta(days=30),
        batas_pemakaian=batas,
        jumlah_dipakai=dipakai,
        dicabut_pada=timezone.now() if dicabut else None,
        dibuat_pada=timezone.now(),
    )


def ajukan(user, instansi, jabatan=Jabatan.OPERATOR, kode="", keterangan=""):
    return services.pengajuan_create(
        user=user,
        actor=actor_for(user),
        instansi_id=instansi.pk,
        jabatan=jabatan,
        kode_referral=kode,
        keterangan=keterangan,
    )


def pic_grants(user):
    return list(UserRole.objects.filter(user=user, role=Role.PIC_DINAS))


@pytest.mark.parametrize(
    "email, expected",
    [
        ("kabid@dinas.belajar.id", True),
        ("kabid@kabmappi.dinas.belajar.id", True),
        ("KABID@Dinas.Belajar.Id", True),
        ("guru@guru.sd.belajar.id", False),
        ("op@admin.sd.belajar.id", False),
        ("x@notdinas.belajar.id", False),
        ("x@dinas.belajar.id.example.com", False),
        ("tanpa-domain", False),
        ("", False),
    ],
)
def test_dinas_domain_is_dinas_belajar_id_or_a_subdomain(email, expected):
    assert akses.is_dinas_email(email) is expected


def test_teacher_account_is_told_it_is_not_a_dinas_account_and_nothing_is_created(region, guru):
    guru.user.last_login = timezone.now()
    guru.user.save()
    with pytest.raises(ApplicationError) as exc:
        ajukan(guru.user, region.pemkab_a1)
    assert exc.value.code == "bukan_domain_dinas"
    assert "bukan Akun belajar.id Dinas" in exc.value.message
    assert not PengajuanAksesPic.objects.exists()
    assert not pic_grants(guru.user)


def test_account_that_never_signed_in_is_not_activated(region):
    user = dinas_user(last_login=None)
    result = akses.kelayakan_evaluate(user, actor=actor_for(user))
    assert result.kode == "belum_aktivasi"
    assert "Panduan Aktivasi" in result.langkah
    with pytest.raises(ApplicationError) as exc:
        ajukan(user, region.pemkab_a1)
    assert exc.value.code == "belum_aktivasi"
    assert not PengajuanAksesPic.objects.exists()


def test_account_without_usable_password_is_not_activated(region):
    user = dinas_user()
    user.set_unusable_password()
    user.save()
    assert akses.kelayakan_evaluate(user).kode == "belum_aktivasi"


def test_deactivated_account_is_told_so(region):
    user = dinas_user(is_active=False)
    assert akses.kelayakan_evaluate(user).kode == "akun_nonaktif"


def test_structural_with_valid_code_is_granted_at_once_for_the_kabupaten_of_its_dinas(region):
    user = dinas_user()
    kode = referral(region.pemkab_a1)
    pengajuan = ajukan(user, region.pemkab_a1, Jabatan.KEPALA_BIDANG, kode=kode.kode.lower())
    assert pengajuan.status == StatusPengajuan.DISETUJUI
    assert pengajuan.kode_referral == kode
    [grant] = pic_grants(user)
    assert (grant.kabupaten_id, grant.provinsi_id, grant.instansi_id) == (
        region.kab_a1.pk,
        None,
        region.pemkab_a1.pk,
    )
    kode.refresh_from_db()
    assert kode.jumlah_dipakai == 1
    cakupan = akses.cakupan_for(actor_for(user))
    assert cakupan.kabupaten_ids == {region.kab_a1.pk} and not cakupan.nasional


def test_structural_of_a_provinsi_dinas_sees_the_whole_provinsi(region):
    user = dinas_user()
    kode = referral(region.pemprov_a)
    ajukan(user, region.pemprov_a, Jabatan.SEKRETARIS, kode=kode.kode)
    [grant] = pic_grants(user)
    assert grant.provinsi_id == region.prov_a.pk and grant.kabupaten_id is None
    cakupan = akses.cakupan_for(actor_for(user))
    assert cakupan.boleh_kabupaten(region.kab_a2.pk, region.prov_a.pk)
    assert not cakupan.boleh_kabupaten(region.kab_b1.pk, region.prov_b.pk)


@pytest.mark.parametrize(
    "case, code",
    [
        ("kosong", "kode_referral_wajib"),
        ("tidak_dikenal", "kode_referral_tidak_dikenal"),
        ("kedaluwarsa", "kode_referral_kedaluwarsa"),
        ("dicabut", "kode_referral_dicabut"),
        ("dinas_lain", "kode_referral_dinas_lain"),
        ("habis", "kode_referral_habis"),
    ],
)
def test_structural_with_an_unusable_code_is_refused_and_nothing_changes(region, case, code):
    user = dinas_user()
    kode = {
        "kosong": None,
        "tidak_dikenal": None,
        "kedaluwarsa": referral(region.pemkab_a1, berlaku=clock.today() - timedelta(days=1)),
        "dicabut": referral(region.pemkab_a1, dicabut=True),
        "dinas_lain": referral(region.pemkab_b1),
        "habis": referral(region.pemkab_a1, batas=2, dipakai=2),
    }[case]
    text = {"kosong": "", "tidak_dikenal": "SALAH12345"}[case] if kode is None else kode.kode
    with pytest.raises(ApplicationError) as exc:
        ajukan(user, region.pemkab_a1, Jabatan.KEPALA_DINAS, kode=text)
    assert exc.value.code == code
    assert not PengajuanAksesPic.objects.exists()
    assert not pic_grants(user)
    if kode is not None:
        before = kode.jumlah_dipakai
        kode.refresh_from_db()
        assert kode.jumlah_dipakai == before


def test_operator_request_waits_then_approval_grants_access(region, admin_pusat):
    user = dinas_user()
    pengajuan = ajukan(user, region.pemkab_a1, keterangan="Seksi PTK")
    assert pengajuan.status == StatusPengajuan.DIAJUKAN
    assert pengajuan.perihal == akses.PERIHAL
    assert not pic_grants(user)
    assert akses.kelayakan_evaluate(user, pending=akses.pending_for(user)).kode == "menunggu_tinjauan"

    services.pengajuan_approve(pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor_for(admin_pusat))
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DISETUJUI and pengajuan.ditinjau_oleh == admin_pusat
    [grant] = pic_grants(user)
    assert grant.kabupaten_id == region.kab_a1.pk


def test_operator_request_refused_with_a_reason_the_applicant_reads(region, admin_pusat):
    user = dinas_user()
    pengajuan = ajukan(user, region.pemkab_a1)
    services.pengajuan_reject(
        pengajuan_id=pengajuan.pk,
        reviewer=admin_pusat,
        actor=actor_for(admin_pusat),
        alasan="Bukan PIC kinerja",
    )
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DITOLAK
    assert pengajuan.alasan_penolakan == "Bukan PIC kinerja"
    assert not pic_grants(user)
    # A refused applicant may ask again.
    assert akses.kelayakan_evaluate(user, pending=akses.pending_for(user)).boleh
    assert ajukan(user, region.pemkab_a1).status == StatusPengajuan.DIAJUKAN


def test_refusal_without_reason_is_refused(region, admin_pusat):
    pengajuan = ajukan(dinas_user(), region.pemkab_a1)
    with pytest.raises(ApplicationError) as exc:
        services.pengajuan_reject(
            pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor_for(admin_pusat), alasan="  "
        )
    assert exc.value.code == "alasan_wajib"
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN


def test_only_admin_pusat_reviews(region, pic_a1):
    pengajuan = ajukan(dinas_user(), region.pemkab_a1)
    with pytest.raises(Forbidden):
        services.pengajuan_approve(pengajuan_id=pengajuan.pk, reviewer=pic_a1, actor=actor_for(pic_a1))
    with pytest.raises(Forbidden):
        services.pengajuan_reject(
            pengajuan_id=pengajuan.pk, reviewer=pic_a1, actor=actor_for(pic_a1), alasan="x"
        )
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DIAJUKAN


def test_a_request_is_reviewed_once(region, admin_pusat):
    pengajuan = ajukan(dinas_user(), region.pemkab_a1)
    actor = actor_for(admin_pusat)
    services.pengajuan_approve(pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor)
    with pytest.raises(ApplicationError) as exc:
        services.pengajuan_reject(
            pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor, alasan="terlambat"
        )
    assert exc.value.code == "sudah_ditinjau"
    pengajuan.refresh_from_db()
    assert pengajuan.status == StatusPengajuan.DISETUJUI


def test_approval_is_refused_when_the_account_was_deactivated_meanwhile(region, admin_pusat):
    user = dinas_user()
    pengajuan = ajukan(user, region.pemkab_a1)
    user.set_unusable_password()
    user.save()
    with pytest.raises(ApplicationError) as exc:
        services.pengajuan_approve(
            pengajuan_id=pengajuan.pk, reviewer=admin_pusat, actor=actor_for(admin_pusat)
        )
    assert exc.value.code == "pemohon_tidak_memenuhi_syarat"
    assert not pic_grants(user)


def test_already_granted_pic_cannot_ask_again(region, pic_a1):
    pic_a1.last_login = timezone.now()
    pic_a1.save()
    with pytest.raises(ApplicationError) as exc:
        ajukan(pic_a1, region.pemkab_a1)
    assert exc.value.code == "sudah_pic"
    assert not PengajuanAksesPic.objects.exists()


def test_second_request_while_one_is_pending_is_refused(region):
    user = dinas_user()
    ajukan(user, region.pemkab_a1)
    with pytest.raises(ApplicationError) as exc:
        ajukan(user, region.pemkab_a2)
    assert exc.value.code == "menunggu_tinjauan"
    assert PengajuanAksesPic.objects.count() == 1


def test_pengawas_is_told_the_form_is_not_for_them(region):
    with pytest.raises(ApplicationError) as exc:
        ajukan(dinas_user(), region.pemkab_a1, Jabatan.PENGAWAS)
    assert exc.value.code == "jabatan_pengawas"
    assert not PengajuanAksesPic.objects.exists()


def test_operator_entering_a_referral_code_is_told_codes_are_for_structural_positions(region):
    kode = referral(region.pemkab_a1)
    with pytest.raises(ApplicationError) as exc:
        ajukan(dinas_user(), region.pemkab_a1, Jabatan.OPERATOR, kode=kode.kode)
    assert exc.value.code == "kode_referral_bukan_untuk_operator"
    kode.refresh_from_db()
    assert kode.jumlah_dipakai == 0


@pytest.mark.parametrize("instansi_id", [None, "abc", 999_999])
def test_unknown_dinas_is_refused(region, instansi_id):
    user = dinas_user()
    with pytest.raises(ApplicationError) as exc:
        services.pengajuan_create(
            user=user, actor=actor_for(user), instansi_id=instansi_id, jabatan=Jabatan.OPERATOR
        )
    assert exc.value.code == "instansi_tidak_dikenal"


def test_admin_pusat_issues_and_revokes_codes(region, admin_pusat, pic_a1):
    actor = actor_for(admin_pusat)
    kode = services.kode_referral_create(
        instansi_id=region.pemkab_a1.pk, berlaku_sampai=clock.today(), batas_pemakaian=3, actor=actor
    )
    assert len(kode.kode) == 10 and kode.batas_pemakaian == 3
    with pytest.raises(Forbidden):
        services.kode_referral_create(
            instansi_id=region.pemkab_a1.pk, berlaku_sampai=clock.today(), actor=actor_for(pic_a1)
        )
    with pytest.raises(ApplicationError):
        services.kode_referral_create(
            instansi_id=region.pemkab_a1.pk, berlaku_sampai=date(2000, 1, 1), actor=actor
        )
    services.kode_referral_revoke(kode_id=kode.pk, actor=actor)
    kode.refresh_from_db()
    assert kode.dicabut_pada is not None


def test_cakupan_of_a_grant_scoped_by_instansi_only_follows_the_instansi(region):
    user = f.UserFactory(email="lama@dinas.belajar.id")
    f.grant(user, Role.PIC_DINAS, instansi=region.pemprov_b)
    cakupan = akses.cakupan_for(actor_for(user))
    assert cakupan.provinsi_ids == {region.prov_b.pk}
    assert not cakupan.boleh_provinsi(region.prov_a.pk)


def test_trainer_sees_the_whole_country(trainer):
    assert akses.cakupan_for(actor_for(trainer)).nasional
    assert akses.kelayakan_evaluate(trainer, actor=actor_for(trainer)).kode == "admin_pusat"
