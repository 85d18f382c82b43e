"""The set-based refresh: its SQL rules agree with the Python rules they restate, and the figures
it stores equal direct counts made here on the same data with those Python rules."""

import itertools
from collections import Counter
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dapodik.choices import JenisPenugasan, JenisPTK, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK
from dapodik.validators import nip_errors_for_status
from kinerja.access import Level, access_evaluate
from kinerja.dinas import rekap, sinkro
from kinerja.dinas.models import METRIK_NAMA, RekapPegawai, RekapSekolah, RekapStatus, RekapWilayah
from kinerja.models import Peran, Rencana
from kinerja.services.atasan import atasan_for
from pmm import clock
from pmm.actors import open_assignment_q
from pmm.roles import Role
from tests import factories as f
from tests.dinas.conftest import make_kepala, make_plan, make_ptk, make_sekolah

pytestmark = pytest.mark.django_db


def _rows():
    return {r.ptk_id: r for r in RekapPegawai.objects.all()}


def test_sql_eligibility_agrees_with_kinerja_access_for_every_jenis_status_and_school_kind(region, periode):
    schools = {
        "negeri": make_sekolah(region.kab_a1, region.pemkab_a1),
        "negeri_tanpa_pemda": make_sekolah(region.kab_a1, None),
        "swasta": make_sekolah(region.kab_a1, status=StatusSekolah.SWASTA),
    }
    ptks = [
        make_ptk(sekolah, jenis=jenis, status=status)
        for sekolah, jenis, status in itertools.product(
            schools.values(), JenisPTK.values, StatusKepegawaian.values
        )
    ]
    rekap.rekap_refresh(periode=periode)
    rows = _rows()
    assert len(rows) == len(ptks) == 3 * len(JenisPTK.values) * len(StatusKepegawaian.values)
    for ptk in PTK.objects.select_related("sekolah").filter(pk__in=[p.pk for p in ptks]):
        result = access_evaluate(ptk)
        row = rows[ptk.pk]
        label = f"{ptk.jenis_ptk}/{ptk.status_kepegawaian}/{ptk.sekolah.status}/{ptk.sekolah.instansi_id}"
        assert row.layak == result.may_use, label
        assert row.non_asn == ("non_asn" in result.codes), label
        if result.level == Level.DITOLAK:
            assert row.akses_kode == result.codes[0], label
        else:
            assert row.akses_kode == "", label


def test_sql_nip_check_agrees_with_dapodik_validators(region, periode):
    sekolah = make_sekolah(region.kab_a1, region.pemkab_a1)
    good = make_ptk(sekolah)
    nip = good.nip
    swapped_gender = nip[:14] + ("2" if nip[14] == "1" else "1") + nip[15:]
    cases = [
        (StatusKepegawaian.PNS, nip),  # valid
        (StatusKepegawaian.PNS, None),
        (StatusKepegawaian.PNS, "12345"),
        (StatusKepegawaian.PNS, "ABCDEFGHIJKLMNOPQR"),
        (StatusKepegawaian.PNS, "19990231" + nip[8:]),  # impossible date
        (StatusKepegawaian.PNS, "18500101" + nip[8:]),
        (StatusKepegawaian.PNS, nip[:12] + "13" + nip[14:]),  # month 13
        (StatusKepegawaian.PNS, nip[:8] + f"{good.tanggal_lahir.year + 10}" + nip[12:]),  # too young
        (StatusKepegawaian.PNS, nip[:14] + "3" + nip[15:]),
        (StatusKepegawaian.PNS, nip[:15] + "000"),
        (StatusKepegawaian.PNS, swapped_gender),
        (StatusKepegawaian.CPNS, swapped_gender),
        (StatusKepegawaian.PNS_DEPAG, nip),
        (StatusKepegawaian.PPPK, f"{good.tanggal_lahir:%Y%m%d}202121" + "1001"),
        (StatusKepegawaian.PPPK, "19000101202121" + "1001"),
        (StatusKepegawaian.PPPK, None),
        (StatusKepegawaian.GURU_HONOR_SEKOLAH, None),
        (StatusKepegawaian.GURU_HONOR_SEKOLAH, nip),
    ]
    good.delete()
    ptks = []
    for idx, (status, value) in enumerate(cases):
        if value and len(value) == 18 and value.isdigit() and not value.endswith("000"):
            value = value[:15] + f"{101 + idx:03d}"  # NIP is unique: vary only the sequence digits
        p = make_ptk(sekolah, status=status, nip=None)
        # Same birth date and gender as the NIP's owner, so only the NIP text varies.
        PTK.objects.filter(pk=p.pk).update(
            tanggal_lahir=good.tanggal_lahir, jenis_kelamin=good.jenis_kelamin, nip=value
        )
        ptks.append(p.pk)
    rekap.rekap_refresh(periode=periode)
    rows = _rows()
    flags = []
    for ptk in PTK.objects.filter(pk__in=ptks).order_by("pk"):
        expected = bool(
            nip_errors_for_status(ptk.nip, ptk.status_kepegawaian, ptk.tanggal_lahir, ptk.jenis_kelamin)
        )
        assert rows[ptk.pk].nip_bermasalah is expected, (ptk.status_kepegawaian, ptk.nip)
        flags.append(expected)
    assert flags.count(False) >= 3 and flags.count(True) >= 10  # the sample covers both outcomes


def test_sql_atasan_agrees_with_kinerja_atasan_in_every_principal_situation(region, periode):
    kab, pemkab = region.kab_a1, region.pemkab_a1
    kadis = f.UserFactory(email="kadis.a1@dinas.belajar.id")
    f.grant(kadis, Role.KEPALA_DINAS, instansi=pemkab)

    definitif = make_sekolah(kab, pemkab)
    make_kepala(definitif)
    make_ptk(definitif)

    plt_only = make_sekolah(kab, pemkab)
    plt = make_ptk(plt_only)
    make_kepala(plt_only, plt, jenis=JenisPenugasan.PLT)  # the Plt's own guru plan goes to the Kadis
    make_ptk(plt_only)

    keduanya = make_sekolah(kab, pemkab)
    make_kepala(keduanya)
    make_kepala(keduanya, make_ptk(keduanya), jenis=JenisPenugasan.PLT)

    kosong = make_sekolah(kab, pemkab)
    make_ptk(kosong)

    berakhir = make_sekolah(kab, pemkab)
    ks_lama = make_ptk(berakhir, jenis=JenisPTK.KEPALA_SEKOLAH)
    from dapodik.models import PenugasanKepalaSekolah

    PenugasanKepalaSekolah.objects.create(
        sekolah=berakhir, ptk=ks_lama, jenis=JenisPenugasan.DEFINITIF, tanggal_mulai=date(2015, 1, 1),
        tanggal_selesai=date(2019, 1, 1),
    )  # fmt: skip
    make_ptk(berakhir)

    # Another Pemda without a Kepala Dinas account: its principal has no atasan; so has the Plt
    # of a school whose Pemda has no Kadis.
    kab2, pemkab2 = region.kab_a2, region.pemkab_a2
    tanpa_kadis = make_sekolah(kab2, pemkab2)
    make_kepala(tanpa_kadis)
    plt_tanpa_kadis = make_sekolah(kab2, pemkab2)
    make_kepala(plt_tanpa_kadis, make_ptk(plt_tanpa_kadis), jenis=JenisPenugasan.PLT)

    rekap.rekap_refresh(periode=periode)
    rows = _rows()
    today = clock.today()
    definitif_ids = set(
        PenugasanKepalaSekolah.objects.filter(
            open_assignment_q(today), jenis=JenisPenugasan.DEFINITIF
        ).values_list("ptk_id", flat=True)
    )
    outcomes = Counter()
    for ptk in PTK.objects.select_related("sekolah"):
        peran = Peran.KEPALA_SEKOLAH if ptk.pk in definitif_ids else Peran.GURU
        expected = atasan_for(ptk_id=ptk.pk, peran=peran, sekolah=ptk.sekolah) is None
        row = rows[ptk.pk]
        assert row.peran == peran
        assert row.tanpa_atasan is expected, (ptk.sekolah.nama, ptk.nama, peran)
        outcomes[expected] += 1
    assert outcomes[True] >= 4 and outcomes[False] >= 5


def _direct_counts(ptks, periode) -> dict:
    """The dashboard counters of a set of PTK, computed here with the Python rules."""
    today = clock.today()
    from dapodik.models import PenugasanKepalaSekolah

    definitif_ids = set(
        PenugasanKepalaSekolah.objects.filter(
            open_assignment_q(today), jenis=JenisPenugasan.DEFINITIF
        ).values_list("ptk_id", flat=True)
    )
    c = Counter({name: 0 for name in METRIK_NAMA})
    for ptk in ptks:
        result = access_evaluate(ptk)
        peran = Peran.KEPALA_SEKOLAH if ptk.pk in definitif_ids else Peran.GURU
        plans = sorted(
            Rencana.objects.filter(periode=periode, ptk=ptk, peran=peran).select_related(
                "observasi", "penilaian"
            ),
            key=lambda r: (r.sekolah_id == ptk.sekolah_id, r.pk),
            reverse=True,
        )
        plan = plans[0] if plans else None
        c["pegawai"] += 1
        if not result.may_use:
            c["masalah_tidak_layak"] += 1
        if "non_asn" in result.codes:
            c["masalah_non_asn"] += 1
        if nip_errors_for_status(ptk.nip, ptk.status_kepegawaian, ptk.tanggal_lahir, ptk.jenis_kelamin):
            c["masalah_nip"] += 1
        if not result.may_use:
            continue
        c["sasaran"] += 1
        if atasan_for(ptk_id=ptk.pk, peran=peran, sekolah=ptk.sekolah) is None:
            c["masalah_tanpa_atasan"] += 1
        obs = getattr(plan, "observasi", None) if plan else None
        pen = getattr(plan, "penilaian", None) if plan else None
        c[f"rencana_{plan.status if plan else 'belum'}"] += 1
        c[f"observasi_{obs.status if obs else 'belum'}"] += 1
        c[f"penilaian_{pen.status if pen else 'belum'}"] += 1
        if pen and pen.status in ("dikirim", "ditetapkan") and pen.predikat:
            c[f"predikat_{pen.predikat}"] += 1
    return dict(c)


@pytest.fixture
def dataset(region, periode):
    """Three kabupaten in two provinsi; each school with plans in every status and some problems."""
    kadis = f.UserFactory(email="kadis.a1@dinas.belajar.id")
    f.grant(kadis, Role.KEPALA_DINAS, instansi=region.pemkab_a1)
    statuses = [
        ("draft", None, None, ""),
        ("dikembalikan", None, None, ""),
        ("diajukan", None, None, ""),
        ("disetujui", "terjadwal", None, ""),
        ("disepakati", "diobservasi", "draft", "baik"),
        ("disepakati", "selesai", "dikirim", "sangat_baik"),
        ("disepakati", "tindak_lanjut", "ditetapkan", "butuh_perbaikan"),
        ("disepakati", "belum", None, ""),
    ]
    for k, (kab, pemkab) in enumerate(
        [
            (region.kab_a1, region.pemkab_a1),
            (region.kab_a2, region.pemkab_a2),
            (region.kab_b1, region.pemkab_b1),
        ]
    ):
        for s in range(2 + k):
            sekolah = make_sekolah(kab, pemkab)
            if s % 3 != 2:
                ks = make_kepala(sekolah)
                make_plan(ks, periode, "diajukan", peran="kepala_sekolah")
            for i, (st, obs, pen, pred) in enumerate(statuses[(s + k) % 3 :]):
                ptk = make_ptk(
                    sekolah, status=StatusKepegawaian.PPPK if i % 4 == 0 else StatusKepegawaian.PNS
                )
                make_plan(ptk, periode, st, observasi=obs, penilaian=pen, predikat=pred)
            make_ptk(sekolah, status=StatusKepegawaian.GURU_HONOR_SEKOLAH)  # non-ASN, no plan
            make_ptk(sekolah, jenis=JenisPTK.TENAGA_ADMINISTRASI)  # not eligible
            bad = make_ptk(sekolah)
            PTK.objects.filter(pk=bad.pk).update(nip=None)  # NIP problem
        make_sekolah(kab, status=StatusSekolah.SWASTA)  # an empty school still appears
        swasta = make_sekolah(kab, status=StatusSekolah.SWASTA)
        make_ptk(swasta, status=StatusKepegawaian.GTY_PTY)
    return region


def _as_dict(row):
    return {name: getattr(row, name) for name in METRIK_NAMA}


def test_figures_equal_direct_counts_at_every_level(dataset, periode):
    region = dataset
    rekap.rekap_refresh(periode=periode)
    everyone = list(PTK.objects.select_related("sekolah", "sekolah__kabupaten"))
    assert len(everyone) > 60

    nasional = RekapWilayah.objects.get(periode=periode, tingkat="nasional")
    assert _as_dict(nasional) == _direct_counts(everyone, periode)
    assert nasional.jumlah_sekolah == (2 + 3 + 4) + 3 * 2  # negeri per kabupaten, plus 2 swasta each

    for prov in (region.prov_a, region.prov_b):
        row = RekapWilayah.objects.get(periode=periode, tingkat="provinsi", provinsi=prov)
        subset = [p for p in everyone if p.sekolah.kabupaten.provinsi_id == prov.pk]
        assert _as_dict(row) == _direct_counts(subset, periode), prov.nama
    for kab in (region.kab_a1, region.kab_a2, region.kab_b1):
        row = RekapWilayah.objects.get(periode=periode, tingkat="kabupaten", kabupaten=kab)
        subset = [p for p in everyone if p.sekolah.kabupaten_id == kab.pk]
        assert _as_dict(row) == _direct_counts(subset, periode), kab.nama
        assert row.jumlah_sekolah == RekapSekolah.objects.filter(periode=periode, kabupaten=kab).count()
    for row in RekapSekolah.objects.filter(periode=periode):
        subset = [p for p in everyone if p.sekolah_id == row.sekolah_id]
        assert _as_dict(row) == _direct_counts(subset, periode), row.nama


def test_refresh_is_repeatable_and_sees_later_changes(dataset, periode):
    rekap.rekap_refresh(periode=periode)
    first = _as_dict(RekapWilayah.objects.get(periode=periode, tingkat="nasional"))
    rekap.rekap_refresh(periode=periode)
    assert _as_dict(RekapWilayah.objects.get(periode=periode, tingkat="nasional")) == first
    assert RekapWilayah.objects.filter(periode=periode, tingkat="nasional").count() == 1

    plan = Rencana.objects.filter(periode=periode, status="draft").first()
    Rencana.objects.filter(pk=plan.pk).update(status="disepakati")
    rekap.rekap_refresh(periode=periode)
    after = _as_dict(RekapWilayah.objects.get(periode=periode, tingkat="nasional"))
    assert after["rencana_draft"] == first["rencana_draft"] - 1
    assert after["rencana_disepakati"] == first["rencana_disepakati"] + 1
    status = RekapStatus.objects.get(periode=periode)
    assert status.diperbarui_pada is not None and status.tanggal_acuan == clock.today()


def test_refresh_cost_in_queries_does_not_grow_with_the_data(region, periode):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            rekap.rekap_refresh(periode=periode)
        return len(ctx.captured_queries)

    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))
    count()  # the first refresh of a period also creates its status row
    small = count()
    for _ in range(5):
        s = make_sekolah(region.kab_b1, region.pemkab_b1)
        for _ in range(6):
            make_plan(make_ptk(s), periode, "draft")
    assert count() == small


def test_sync_section_stays_empty_without_a_provider_and_fills_from_one(dataset, periode, settings):
    settings.DINAS_SINKRO_PROVIDER = ""
    rekap.rekap_refresh(periode=periode)
    assert not RekapStatus.objects.get(periode=periode).sinkro_tersedia
    assert not RekapPegawai.objects.filter(sinkro_kode__isnull=False).exists()

    victims = list(PTK.objects.filter(status_kepegawaian=StatusKepegawaian.PNS).order_by("pk")[:5])
    errors = {
        p.pk: ("1", "Operator Sekolah") if i < 3 else ("15", "Kepala Sekolah") for i, p in enumerate(victims)
    }

    def provider(periode_arg):
        assert periode_arg == periode
        values = ", ".join("(%s, %s, %s)" for _ in errors)
        params = [v for pk, (kode, pihak) in errors.items() for v in (pk, kode, pihak)]
        return f"SELECT * FROM (VALUES {values}) AS t(ptk_id, kode, pihak)", params

    sinkro.register_provider(provider)
    try:
        rekap.rekap_refresh(periode=periode)
    finally:
        sinkro.register_provider(None)
    assert RekapStatus.objects.get(periode=periode).sinkro_tersedia
    rows = {
        r.ptk_id: (r.sinkro_kode, r.sinkro_pihak)
        for r in RekapPegawai.objects.filter(sinkro_kode__isnull=False)
    }
    assert rows == errors
    nasional = RekapWilayah.objects.get(periode=periode, tingkat="nasional")
    assert nasional.sinkro_gagal == 5
    assert nasional.sinkro_per_kode == {"1": 3, "15": 2}
    assert nasional.sinkro_per_pihak == {"Operator Sekolah": 3, "Kepala Sekolah": 2}
    by_school = Counter(p.sekolah_id for p in victims)
    for row in RekapSekolah.objects.filter(periode=periode, sekolah_id__in=by_school):
        assert row.sinkro_gagal == by_school[row.sekolah_id]
        assert sum(row.sinkro_per_kode.values()) == by_school[row.sekolah_id]


@pytest.mark.django_db(transaction=True)
def test_changes_queue_one_debounced_refresh(region, monkeypatch):
    # Real commits: the trigger runs after each transaction commits, as in production.
    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async",
        lambda args, countdown: sent.append((args, countdown)),
    )
    from kinerja.periods import periode_current

    periode = periode_current(create=True)  # a new period is a change too
    assert sent == [([periode.pk], rekap.jeda_detik())]
    RekapStatus.objects.update(diminta_pada=None)
    sent.clear()
    with transaction.atomic():
        sekolah = make_sekolah(region.kab_a1, region.pemkab_a1)
        for _ in range(3):
            make_ptk(sekolah)
        assert sent == []  # nothing before the commit
    assert sent == [([periode.pk], rekap.jeda_detik())]
    assert RekapStatus.objects.get(periode=periode).diminta_pada is not None

    # More changes while a refresh is queued queue nothing more.
    with transaction.atomic():
        make_ptk(sekolah)
    assert len(sent) == 1

    # A rolled-back change queues nothing.
    RekapStatus.objects.filter(periode=periode).update(diminta_pada=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ptk(sekolah)
        raise RuntimeError
    assert len(sent) == 1

    # The task clears the flag, rebuilds, and the next change queues again.
    rekap.rekap_run_requested(periode_id=periode.pk)
    status = RekapStatus.objects.get(periode=periode)
    assert status.diminta_pada is None and status.diperbarui_pada is not None
    assert RekapPegawai.objects.filter(periode=periode).count() == 4
    with transaction.atomic():
        make_ptk(sekolah)
    assert len(sent) == 2


def test_task_runs_the_refresh_by_id(region, periode):
    from kinerja.dinas.tasks import rekap_refresh_task

    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))
    assert rekap_refresh_task.run(periode.pk)["pegawai"] == 1
    assert rekap_refresh_task.run(999_999) is None


def test_a_past_period_is_counted_as_it_stood_on_its_last_day(region, periode):
    from kinerja.models import Periode
    from kinerja.periods import default_windows

    lalu = Periode.objects.create(
        tahun=periode.tahun - 1,
        semester=periode.semester,
        **default_windows(periode.tahun - 1, periode.semester),
    )
    sekolah = make_sekolah(region.kab_a1, region.pemkab_a1)
    from dapodik.models import PenugasanKepalaSekolah

    ks = make_ptk(sekolah, jenis=JenisPTK.KEPALA_SEKOLAH)
    PenugasanKepalaSekolah.objects.create(
        sekolah=sekolah, ptk=ks, jenis=JenisPenugasan.DEFINITIF, tanggal_mulai=date(2015, 1, 1),
        tanggal_selesai=lalu.tanggal_selesai,  # the principal left when that period ended
    )  # fmt: skip
    guru = make_ptk(sekolah)
    rekap.rekap_refresh(periode=lalu)
    rekap.rekap_refresh(periode=periode)
    assert RekapPegawai.objects.get(periode=lalu, ptk=guru).tanpa_atasan is False
    assert RekapPegawai.objects.get(periode=periode, ptk=guru).tanpa_atasan is True
    assert RekapStatus.objects.get(periode=lalu).tanggal_acuan == lalu.tanggal_selesai


def test_sweep_requeues_a_lost_refresh_and_follows_the_simulated_day(
    region, periode, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import datetime, timedelta

    from django.utils import timezone

    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async",
        lambda args, countdown: sent.append((args, countdown)),
    )

    def sweep():
        # The queued job goes to the broker after the commit, as in production.
        with django_capture_on_commit_callbacks(execute=True):
            return rekap.rekap_sweep()

    hari = periode.tanggal_mulai + timedelta(days=14)
    clock.clock_set(moment=timezone.make_aware(datetime(hari.year, hari.month, hari.day, 9, 0)))
    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))
    rekap.rekap_refresh(periode=periode)
    RekapStatus.objects.update(diminta_pada=None)
    # Up to date (built as of the simulated today, nothing requested): nothing to do.
    assert sweep() == [] and sent == []

    # A refresh requested a minute ago is still within its time: left alone.
    RekapStatus.objects.update(diminta_pada=timezone.now() - timedelta(minutes=1))
    assert sweep() == [] and sent == []
    # Requested long ago and never run: the job is taken as lost and queued again, at once.
    RekapStatus.objects.update(diminta_pada=timezone.now() - timedelta(minutes=rekap.BASI_MENIT_DEFAULT + 1))
    assert sweep() == [periode.pk]
    assert sent == [([periode.pk], 0)]
    assert RekapStatus.objects.get(periode=periode).diminta_pada > timezone.now() - timedelta(minutes=1)

    # The trainer moves the simulated clock a day on: the figures are as of yesterday.
    rekap.rekap_run_requested(periode_id=periode.pk)
    sent.clear()
    assert RekapStatus.objects.get(periode=periode).tanggal_acuan == hari
    besok = hari + timedelta(days=1)
    clock.clock_set(moment=timezone.make_aware(datetime(besok.year, besok.month, besok.day, 9, 0)))
    assert sweep() == [periode.pk] and sent == [([periode.pk], 0)]
    # Running the queued job brings the figures to the new day; the next sweep does nothing.
    rekap.rekap_run_requested(periode_id=periode.pk)
    assert RekapStatus.objects.get(periode=periode).tanggal_acuan == besok
    sent.clear()
    assert sweep() == [] and sent == []


def test_sweep_does_nothing_when_automatic_refresh_is_off(region, periode, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async",
        lambda args, countdown: sent.append((args, countdown)),
    )
    settings.DINAS_REKAP_OTOMATIS = False
    assert rekap.rekap_sweep() == [] and sent == []


def test_beat_runs_the_sweep():
    from django.conf import settings as conf

    from kinerja.dinas.tasks import rekap_sweep_task

    names = {entry["task"] for entry in conf.CELERY_BEAT_SCHEDULE.values()}
    assert rekap_sweep_task.name in names


def test_sweep_waits_for_a_long_debounce_and_brings_an_ended_period_to_its_last_day(
    region, periode, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from kinerja.models import Periode
    from kinerja.periods import default_windows

    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async",
        lambda args, countdown: sent.append((args, countdown)),
    )

    def sweep():
        with django_capture_on_commit_callbacks(execute=True):
            return rekap.rekap_sweep()

    def move_to(day):
        clock.clock_set(moment=timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0)))

    move_to(periode.tanggal_mulai + timedelta(days=14))
    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))
    rekap.rekap_refresh(periode=periode)
    RekapStatus.objects.update(diminta_pada=None)

    # A request queued with a 15-minute debounce is not lost after 11 minutes.
    settings.DINAS_REKAP_JEDA_DETIK = 900
    RekapStatus.objects.update(diminta_pada=timezone.now() - timedelta(minutes=11))
    assert sweep() == [] and sent == []
    RekapStatus.objects.update(diminta_pada=None)

    # The clock moves into the next semester: the ended period is rebuilt as of its last day, and
    # the new current period is built for the first time.
    tahun, semester = (periode.tahun, 2) if periode.semester == 1 else (periode.tahun + 1, 1)
    berikut = Periode.objects.create(tahun=tahun, semester=semester, **default_windows(tahun, semester))
    move_to(berikut.tanggal_mulai + timedelta(days=3))
    assert sorted(sweep()) == sorted([periode.pk, berikut.pk])
    rekap.rekap_run_requested(periode_id=periode.pk)
    rekap.rekap_run_requested(periode_id=berikut.pk)
    assert RekapStatus.objects.get(periode=periode).tanggal_acuan == periode.tanggal_selesai
    assert RekapStatus.objects.get(periode=berikut).tanggal_acuan == berikut.tanggal_mulai + timedelta(days=3)
    sent.clear()
    assert sweep() == [] and sent == []


@pytest.mark.django_db(transaction=True)
def test_a_change_during_a_late_rating_window_refreshes_the_period_being_rated_too(region, monkeypatch):
    from datetime import date, datetime

    from django.utils import timezone

    from kinerja.models import Periode
    from kinerja.periods import default_windows

    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async",
        lambda args, countdown: sent.append(args[0]),
    )
    janjun = Periode.objects.create(
        tahun=2025, semester=1, **(default_windows(2025, 1) | {"penilaian_selesai": date(2025, 7, 31)})
    )
    juldes = Periode.objects.create(tahun=2025, semester=2, **default_windows(2025, 2))
    clock.clock_set(moment=timezone.make_aware(datetime(2025, 7, 5, 9, 0)))
    RekapStatus.objects.update(diminta_pada=None)
    sent.clear()
    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))  # committed: the trigger runs
    assert sorted(sent) == sorted([janjun.pk, juldes.pk])

    # Once the extension is over only the current period is refreshed.
    clock.clock_set(moment=timezone.make_aware(datetime(2025, 8, 5, 9, 0)))
    RekapStatus.objects.update(diminta_pada=None)
    sent.clear()
    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))  # committed: the trigger runs
    assert sent == [juldes.pk]
