"""The Bimtek scenario: deterministic, idempotent, and holding the cases a Bimtek needs."""

import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from dapodik import bimtek
from dapodik.choices import JenisPenugasan, JenisPTK, Jenjang, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, DukcapilPenduduk, PenugasanKepalaSekolah, Sekolah
from dapodik.validators import nik_errors, nip_errors_for_status, npsn_errors, nuptk_errors
from kinerja.access import access_evaluate
from pmm.actors import actor_for, open_assignment_q
from pmm.models import Instansi, User, UserRole
from pmm.roles import Role

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "sekolah": sorted(Sekolah.objects.values_list("id", "npsn", "nama", "status", "instansi__kode")),
        "ptk": sorted(
            PTK.objects.values_list(
                "id",
                "nik",
                "nip",
                "nuptk",
                "email",
                "nama",
                "jenis_ptk",
                "status_kepegawaian",
                "sekolah__npsn",
                "user__email",
            )
        ),
        "dukcapil": sorted(DukcapilPenduduk.objects.values_list("nik", "nama", "tanggal_lahir")),
        "penugasan": sorted(
            PenugasanKepalaSekolah.objects.values_list(
                "id", "sekolah__npsn", "ptk__nik", "jenis", "tanggal_mulai"
            )
        ),
        "user": sorted(User.objects.values_list("id", "email", "is_superuser")),
        "role": sorted(
            UserRole.objects.values_list("id", "user__email", "role", "sekolah__npsn", "instansi__kode")
        ),
        "instansi": sorted(Instansi.objects.values_list("id", "kode")),
    }


@pytest.fixture
def seeded():
    return bimtek.seed_bimtek()


def test_scenario_is_deterministic():
    assert bimtek.scenario_build() == bimtek.scenario_build()


def test_seeding_twice_gives_identical_data(seeded):
    first = _snapshot()
    bimtek.seed_bimtek()
    assert _snapshot() == first


def test_seeding_again_restores_what_trainees_changed(seeded):
    scenario, applied = seeded
    before = _snapshot()
    # Given a trainee changed a jenis PTK and gave the school without principal a Plt
    tas = PTK.objects.get(pk=applied.ptk_ids["tenaga_administrasi"])
    tas.jenis_ptk = JenisPTK.GURU_KELAS
    tas.save()
    guru = PTK.objects.get(pk=applied.ptk_ids["guru_tanpa_atasan"])
    PenugasanKepalaSekolah.objects.create(
        sekolah=guru.sekolah, ptk=guru, jenis=JenisPenugasan.PLT, tanggal_mulai="2024-01-01"
    )
    # When the scenario is seeded again
    bimtek.seed_bimtek()
    # Then the data is the scenario's again
    after = _snapshot()
    assert after["ptk"] == before["ptk"]
    assert [p[1:] for p in after["penugasan"]] == [p[1:] for p in before["penugasan"]]


def test_region_has_at_least_30_schools_and_300_ptk_with_dukcapil_records(seeded):
    mappi = Q(kabupaten__kode=bimtek.KABUPATEN[0])
    assert Sekolah.objects.filter(mappi).count() >= 30
    ptk = PTK.objects.filter(sekolah__kabupaten__kode=bimtek.KABUPATEN[0])
    assert ptk.count() >= 300
    assert DukcapilPenduduk.objects.filter(nik__in=ptk.values("nik")).count() == ptk.count()


def test_schools_belong_to_the_right_pemda(seeded):
    kab, prov = bimtek.INSTANSI_KAB[0], bimtek.INSTANSI_PROV[0]
    negeri = Sekolah.objects.filter(status=StatusSekolah.NEGERI)
    assert set(
        negeri.filter(jenjang__in=[Jenjang.SD, Jenjang.SMP, Jenjang.TK]).values_list(
            "instansi__kode", flat=True
        )
    ) == {kab}
    assert set(
        negeri.filter(jenjang__in=[Jenjang.SMA, Jenjang.SMK]).values_list("instansi__kode", flat=True)
    ) == {prov}
    assert negeri.filter(jenjang=Jenjang.SD).count() >= 10
    assert negeri.filter(jenjang=Jenjang.SMP).count() >= 3
    assert negeri.filter(jenjang__in=[Jenjang.SMA, Jenjang.SMK]).count() >= 2
    swasta = Sekolah.objects.filter(status=StatusSekolah.SWASTA)
    assert swasta.count() >= 2
    assert not swasta.filter(instansi__isnull=False).exists()


def _open_today():
    from pmm import clock

    return PenugasanKepalaSekolah.objects.filter(open_assignment_q(clock.today()))


def test_principals_definitive_plt_one_plt_of_two_schools_and_a_school_with_neither(seeded):
    open_ = _open_today()
    assert open_.filter(jenis=JenisPenugasan.DEFINITIF).count() >= 20
    plt = open_.filter(jenis=JenisPenugasan.PLT)
    per_ptk = Counter(plt.values_list("ptk_id", flat=True))
    assert sorted(per_ptk.values()) == [1, 2]
    # A Plt is a teacher, not a definitive principal.
    assert not plt.filter(ptk__jenis_ptk=JenisPTK.KEPALA_SEKOLAH).exists()
    without = Sekolah.objects.annotate(
        n=Count("penugasan_kepala", filter=Q(penugasan_kepala__in=open_))
    ).filter(n=0)
    assert without.count() == 1
    assert PTK.objects.filter(sekolah__in=without).exists()


def test_plt_of_two_schools_acts_for_both(seeded):
    _, applied = seeded
    ptk = PTK.objects.get(pk=applied.ptk_ids["plt_dua_sekolah"])
    actor = actor_for(ptk.user)
    assert len(actor.sekolah_ids(Role.PLT_KEPALA_SEKOLAH)) == 2
    assert actor.has(Role.GURU)


def test_required_statuses_and_jenis_exist(seeded):
    ptk = PTK.objects.all()
    for status in (
        StatusKepegawaian.PNS,
        StatusKepegawaian.PPPK,
        StatusKepegawaian.CPNS,
        StatusKepegawaian.PNS_DEPAG,
        StatusKepegawaian.GURU_HONOR_SEKOLAH,
        StatusKepegawaian.GTT_PTT_KABKOTA,
        StatusKepegawaian.GTY_PTY,
    ):
        assert ptk.filter(status_kepegawaian=status).exists(), status
    assert ptk.filter(status_kepegawaian=StatusKepegawaian.PPPK, jenis_ptk=JenisPTK.GURU_KELAS).count() >= 5
    for jenis in (
        JenisPTK.TENAGA_ADMINISTRASI,
        JenisPTK.LABORAN,
        JenisPTK.PUSTAKAWAN,
        JenisPTK.KEPALA_SEKOLAH,
    ):
        assert ptk.filter(jenis_ptk=jenis).exists(), jenis
    non_asn_teachers = ptk.filter(
        jenis_ptk__in=[JenisPTK.GURU_KELAS, JenisPTK.GURU_MAPEL],
        status_kepegawaian__in=[StatusKepegawaian.GURU_HONOR_SEKOLAH, StatusKepegawaian.GTT_PTT_KABKOTA],
        sekolah__status=StatusSekolah.NEGERI,
    )
    assert non_asn_teachers.count() >= 10


def test_dukcapil_mismatches_are_exactly_the_deliberate_ones(seeded):
    dukcapil = {d.nik: (d.nama, d.tanggal_lahir) for d in DukcapilPenduduk.objects.all()}
    mismatched = {p.nik for p in PTK.objects.all() if dukcapil[p.nik] != (p.nama, p.tanggal_lahir)}
    scenario, applied = seeded
    expected = {
        PTK.objects.get(pk=applied.ptk_ids[t.ptk_key]).nik
        for t in scenario.tokoh
        if {"dukcapil_nama_beda", "dukcapil_tanggal_beda"} & set(t.kasus)
    }
    assert len(expected) == 2
    assert mismatched == expected


def test_a_ptk_has_a_dapodik_nip_that_differs_from_siasn(seeded):
    scenario, applied = seeded
    differing = [p for p in scenario.ptk if p.nip != p.nip_siasn]
    assert [p.key for p in differing] == ["nip_beda_siasn"]
    spec = differing[0]
    dapodik = PTK.objects.get(pk=applied.ptk_ids[spec.key])
    assert dapodik.nip == spec.nip
    # Both are well-formed NIPs of the same person: only the data entry differs.
    for nip in (spec.nip, spec.nip_siasn):
        assert (
            nip_errors_for_status(
                nip, dapodik.status_kepegawaian, dapodik.tanggal_lahir, dapodik.jenis_kelamin
            )
            == []
        )
    assert not PTK.objects.filter(nip=spec.nip_siasn).exists()


def test_every_ptk_passes_its_validators_except_the_deliberate_cases(seeded):
    scenario, applied = seeded
    failing = set()
    for p in PTK.objects.all():
        errors = nik_errors(p.nik, p.tanggal_lahir, p.jenis_kelamin)
        errors += nip_errors_for_status(p.nip, p.status_kepegawaian, p.tanggal_lahir, p.jenis_kelamin)
        if p.nuptk is not None:
            errors += nuptk_errors(p.nuptk)
        if errors:
            failing.add(p.pk)
    deliberate = {applied.ptk_ids[t.ptk_key] for t in scenario.tokoh if t.deliberately_invalid}
    assert deliberate
    assert failing == deliberate
    assert all(npsn_errors(npsn) == [] for npsn in Sekolah.objects.values_list("npsn", flat=True))


def test_every_ptk_has_an_account_and_every_school_an_operator(seeded):
    assert not PTK.objects.filter(Q(user__isnull=True) | Q(email__isnull=True)).exists()
    assert all(p.user.email == p.email for p in PTK.objects.select_related("user"))
    assert all(e.split("@")[1].endswith(".belajar.id") for e in PTK.objects.values_list("email", flat=True))
    for sekolah in Sekolah.objects.all():
        role = UserRole.objects.get(role=Role.OPERATOR_SEKOLAH, sekolah=sekolah)
        assert role.user.email.startswith(f"operator.{sekolah.npsn}@admin.")


def test_dinas_and_support_accounts_exist_with_their_scope(seeded):
    kab = bimtek.INSTANSI_KAB[0]
    assert UserRole.objects.filter(role=Role.ADMIN_INSTANSI, instansi__kode=kab).exists()
    assert UserRole.objects.filter(role=Role.KEPALA_DINAS, instansi__kode=kab).exists()
    assert UserRole.objects.filter(role=Role.PIC_DINAS, kabupaten__kode=bimtek.KABUPATEN[0]).exists()
    assert UserRole.objects.filter(role=Role.PENGAWAS).exists()
    assert UserRole.objects.filter(role=Role.HELPDESK).exists()
    assert User.objects.filter(is_superuser=True, email=bimtek.TRAINER_EMAIL).exists()


def test_tokoh_meet_the_access_case_they_illustrate(seeded):
    scenario, applied = seeded
    expected_level = {
        "akses_penuh": "penuh",
        "akses_tanpa_sinkro": "tanpa_sinkro",
        "akses_jenis_ptk": "ditolak",
        "akses_bukan_pemda": "ditolak",
        "akses_asn_swasta": "ditolak",
    }
    seen = set()
    for t in scenario.tokoh:
        ptk = PTK.objects.select_related("sekolah").get(pk=applied.ptk_ids[t.ptk_key])
        for kasus in set(t.kasus) & set(expected_level):
            assert str(access_evaluate(ptk).level) == expected_level[kasus], t.kode
            seen.add(kasus)
    assert seen == set(expected_level)


def test_guru_without_atasan_is_at_the_school_with_neither(seeded):
    scenario, applied = seeded
    guru = PTK.objects.get(pk=applied.ptk_ids["guru_tanpa_atasan"])
    assert not _open_today().filter(sekolah=guru.sekolah).exists()


def test_printed_logins_can_log_in(client):
    out = StringIO()
    call_command("seed_bimtek", stdout=out)
    text = out.getvalue()
    password = re.search(r"Kata sandi semua akun: (\S+)", text).group(1)
    emails = re.findall(r"[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+", text)
    assert len(emails) >= 20
    roles_printed = {r for r in Role if r.label in text}
    assert {
        Role.ADMIN_INSTANSI,
        Role.KEPALA_DINAS,
        Role.PIC_DINAS,
        Role.PENGAWAS,
        Role.HELPDESK,
    } <= roles_printed
    # The README's table of demo accounts names printed accounts and the printed password.
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Roles and demo logins", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"`([a-z0-9.]+@[a-z0-9.-]+\.[a-z]+)`", section)
    assert len(listed) >= 8 and set(listed) <= set(emails), set(listed) - set(emails)
    assert f"`{password}`" in section
    for email in emails:
        response = client.post(reverse("login"), {"username": email, "password": password})
        assert response.status_code == 302, email
        assert response.url == reverse("home")
        client.post(reverse("logout"))


def test_wrong_password_does_not_log_in(seeded):
    from django.test import Client

    response = Client().post(reverse("login"), {"username": bimtek.TRAINER_EMAIL, "password": "salah-sandi"})
    assert response.status_code == 200


def test_registered_steps_run_with_the_ids_of_the_seed(monkeypatch):
    calls = []
    monkeypatch.setattr(bimtek, "STEPS", [])
    bimtek.register_step(lambda scenario, applied: calls.append(applied.ptk_ids["guru_pns"]))
    _, applied = bimtek.seed_bimtek()
    assert calls == [applied.ptk_ids["guru_pns"]]
