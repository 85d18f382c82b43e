"""The preflight diagnosis: every error in the pipeline's order before anything is sent; a fixed
number of queries for a whole instansi; e-Kinerja's own failures reported as pipeline errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Peran
from sinkro import catalogue, preflight, selectors
from sinkro.benchmarks import populasi_buat
from sinkro.ekinerja import models as em
from sinkro.ekinerja import services as es
from sinkro.models import SyncIntent

from .conftest import diagnosa, gagal

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_error_is_listed_in_pipeline_order_and_the_sync_stops_at_the_first(siap):
    w = siap
    # No plan (#2), not in User PMM (#1), unor inactive (#3): three breakages at once.
    es.user_pmm_remove(user_pmm=em.UserPmm.objects.get(nip=w.guru2.nip))
    unor = w.unor[w.sekolah.npsn]
    es.unor_update(
        unor=unor,
        nama=unor.nama,
        aktif_ekinerja=False,
        aktif_siasn=True,
        diatasan=w.dinas_unor,
        pemimpin_nip=w.kepala.nip,
    )
    before = (SyncIntent.objects.count(), em.LogSinkron.objects.count())
    d = diagnosa(w.guru2)
    codes = [e.code for e in d.errors]
    assert codes == ["E02", "E01", "E03"]
    positions = [e.entry.position for e in d.errors]
    assert positions == sorted(positions)
    assert [e.sisi for e in d.errors] == ["pmm", "ekinerja", "ekinerja"]
    # A diagnosis sends nothing and writes nothing, on either side.
    assert (SyncIntent.objects.count(), em.LogSinkron.objects.count()) == before
    gagal(w.guru2, "E02")


def test_when_ekinerja_refuses_the_key_everyone_meets_e06(siap):
    w = siap
    es.api_key_revoke(api_key=w.api_key)
    d = diagnosa(w.guru)
    assert [e.code for e in d.errors] == ["E06"] and not d.diperiksa_ekinerja


def test_when_ekinerja_cannot_be_reached_the_diagnosis_says_so(siap, settings):
    w = siap
    settings.EKINERJA_BASE_URL = "http://127.0.0.1:9/ekinerja/api"
    d = diagnosa(w.guru2)
    assert [e.code for e in d.errors] == ["E02", "E09"]
    assert d.errors[1].aktor == str(catalogue.Aktor.HELPDESK_BKN)


def _count_queries(instansi):
    with CaptureQueriesContext(connection) as ctx:
        diagnoses = preflight.diagnose(selectors.targets_for_instansi(instansi_id=instansi.pk))
    return len(ctx.captured_queries), diagnoses


def test_an_instansi_diagnosis_runs_the_same_queries_at_5_and_50_pegawai(ekinerja_url):
    small = populasi_buat(jumlah=5, per_sekolah=5)
    large = populasi_buat(jumlah=50, per_sekolah=10)
    try:
        n_small, d_small = _count_queries(small.instansi)
        n_large, d_large = _count_queries(large.instansi)
        assert (len(d_small), len(d_large)) == (5, 50)
        # e-Kinerja answered for everyone (the gurus meet #15: their principals have not synced yet).
        assert all(d.diperiksa_ekinerja for d in d_small + d_large)
        assert {d.blocking.code if d.blocking else None for d in d_large} == {None, "E15"}
        assert n_small == n_large <= 15
    finally:
        small.hapus()
        large.hapus()


def test_sinkro_diagnose_prints_the_diagnosis_as_json(siap):
    w = siap
    out = StringIO()
    call_command("sinkro_diagnose", "--nip", w.guru2.nip, stdout=out)
    [hasil] = json.loads(out.getvalue())
    assert (hasil["nip"], hasil["peran"], hasil["ok"], hasil["menghentikan"]) == (
        w.guru2.nip,
        "guru",
        False,
        "E02",
    )
    assert hasil["errors"][0]["message"] == catalogue.get("E02").message

    out = StringIO()
    call_command("sinkro_diagnose", "--nip", w.plt.nip, "--peran", Peran.PLT_KEPALA_SEKOLAH, stdout=out)
    assert [h["menghentikan"] for h in json.loads(out.getvalue())] == ["E18"]

    out = StringIO()
    call_command("sinkro_diagnose", "--instansi", w.instansi.kode, stdout=out)
    rows = json.loads(out.getvalue())
    assert {(r["nip"], r["peran"]) for r in rows} >= {
        (w.kepala.nip, "kepala_sekolah"),
        (w.plt.nip, "plt_kepala_sekolah"),
    }
    with pytest.raises(CommandError):
        call_command("sinkro_diagnose", "--nip", "199001012020011999")
    with pytest.raises(CommandError):
        call_command("sinkro_diagnose")
