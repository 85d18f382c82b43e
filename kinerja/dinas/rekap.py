"""The dashboard's pre-aggregated figures: one set-based SQL job per period, and its debounced trigger.

The dashboard never counts pegawai per request. ``rekap_refresh`` rebuilds, for one period:

1. ``RekapPegawai``: one row per PTK in Dapodik with the statuses of their main plan and their data
   problems (the rules below, in SQL);
2. ``RekapSekolah``: one row per school, the sums of its pegawai rows;
3. ``RekapWilayah``: one row per kabupaten/kota, per provinsi and for the country, the sums of the
   school rows.

A page then reads O(rows shown): one region row and its children, or one page of schools/pegawai.
The job runs in one transaction under an advisory lock, so readers see the previous figures until it
commits and two refreshes never interleave.

Definitions (decisions where the issue is silent):

* **Pegawai** = every PTK recorded in Dapodik at a school. **Sasaran** = those who may use
  Pengelolaan Kinerja (``kinerja.access``: level PENUH or TANPA_SINKRO). Stage and predikat counts
  are over the sasaran; the data problems say why the others are outside it.
* **Main plan** = the plan of the period in the pegawai's definitive position: as Kepala Sekolah for
  a PTK with an open definitif assignment on the reference date (as ``pmm.actors`` derives the role),
  otherwise as Guru. A Plt's plans *as Plt* are not counted twice: the predikat that counts is the
  one of the definitive position (REFERENCE.md §3i). When there are several (a transfer), the plan at
  the pegawai's current school wins, then the newest.
* **Perencanaan**: belum (no plan) / draf / dikembalikan / diajukan / disetujui / disepakati.
  **Pelaksanaan**: the observation status of that plan (belum when there is none).
  **Penilaian**: belum / dinilai (draf) / dikirim / ditetapkan.
* **Predikat** is counted once the rating has been sent to the Dinas or fixed (a draft may change).
* **Data problems**: *tidak layak* = access level DITOLAK (any pegawai); *non-ASN* = the ``non_asn``
  requirement of ``kinerja.access`` fails (may use, never sync); *tanpa atasan* = a sasaran pegawai
  for whom ``kinerja.services.atasan`` finds no atasan on the reference date; *NIP tidak sesuai* =
  ``dapodik.validators.nip_errors_for_status`` refuses the PTK's NIP (missing, malformed, or not
  matching the birth date/gender), the Dapodik side of sync error #1 that the operator fixes through
  Verval PTK.
* **Sync errors**: the last error code and responsible actor per pegawai come from the provider of
  ``kinerja.dinas.sinkro``; without one the section reads "belum tersedia".

The access and atasan rules are written again in SQL so that a refresh at national scale stays one
set-based statement; ``tests/dinas/test_rekap.py`` proves the SQL and the Python rules agree on every
jenis PTK × status kepegawaian × school kind and on every principal situation.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dapodik.choices import (
    JENIS_PTK_PENGELOLAAN_KINERJA,
    STATUS_ASN_SINKRO,
    STATUS_NIP_PNS,
    StatusKepegawaian,
)
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from kinerja.models import Observasi, Penilaian, PenilaianSekolah, Periode, Rencana
from pmm import clock
from pmm.models import KabupatenKota, Provinsi, User, UserRole
from pmm.roles import Role

from . import sinkro
from .models import METRIK_NAMA, RekapPegawai, RekapSekolah, RekapStatus, RekapWilayah

log = logging.getLogger(__name__)

# An arbitrary constant of this app: pg_advisory_xact_lock(key) serialises refreshes.
_LOCK_KEY = 7_204_311


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sql_list(values) -> str:
    """A literal SQL array of constant codes (they come from our choices, never from users)."""
    for v in values:
        if not str(v).replace("_", "").isalnum():
            raise ValueError(v)
    return "ARRAY[" + ",".join(f"'{v}'" for v in sorted(str(v) for v in values)) + "]::varchar[]"


def _akses_kode_sql() -> str:
    """``kinerja.access.access_evaluate``: the first blocking failure, in its order (jenis PTK, then
    naungan). '' = may use."""
    return f"""
        CASE
          WHEN NOT (p.jenis_ptk = ANY({_sql_list(JENIS_PTK_PENGELOLAAN_KINERJA)})) THEN 'jenis_ptk'
          WHEN p.status_kepegawaian = '{StatusKepegawaian.PNS_DEPAG}' THEN 'naungan_kemenag'
          WHEN p.status_kepegawaian = '{StatusKepegawaian.GTY_PTY}' THEN 'naungan_yayasan'
          WHEN p.status_kepegawaian = '{StatusKepegawaian.GURU_BANTU_PUSAT}' THEN 'naungan_pusat'
          WHEN s.status = 'swasta' AND p.status_kepegawaian = ANY({_sql_list(STATUS_ASN_SINKRO)})
            THEN 'asn_sekolah_swasta'
          WHEN s.status = 'swasta' THEN 'sekolah_swasta'
          WHEN s.instansi_id IS NULL THEN 'sekolah_tanpa_pemda'
          ELSE ''
        END"""


def _naungan_ok_sql() -> str:
    return f"""(
          p.status_kepegawaian NOT IN ('{StatusKepegawaian.PNS_DEPAG}', '{StatusKepegawaian.GTY_PTY}',
                                       '{StatusKepegawaian.GURU_BANTU_PUSAT}')
          AND s.status <> 'swasta' AND s.instansi_id IS NOT NULL)"""


def _nip_bermasalah_sql() -> str:
    """``dapodik.validators.nip_errors_for_status`` is non-empty (with the PTK's birth date and
    gender). CASE guards the casts: SQL does not short-circuit OR."""
    lahir = "to_char(p.tanggal_lahir, 'YYYYMMDD')"
    tahun_lahir = "extract(year FROM p.tanggal_lahir)"
    return f"""
        CASE
          WHEN p.status_kepegawaian = ANY({_sql_list(STATUS_NIP_PNS)}) THEN
            CASE
              WHEN p.nip IS NULL OR p.nip !~ '^[0-9]{{18}}$' THEN true
              WHEN substr(p.nip, 1, 8) <> {lahir} OR {tahun_lahir} < 1900 THEN true
              WHEN substr(p.nip, 13, 2)::int NOT BETWEEN 1 AND 12 OR substr(p.nip, 9, 4)::int < 1900 THEN true
              WHEN substr(p.nip, 9, 4)::int < {tahun_lahir} + 17 THEN true
              WHEN substr(p.nip, 15, 1) NOT IN ('1', '2') THEN true
              WHEN substr(p.nip, 16, 3) = '000' THEN true
              WHEN p.jenis_kelamin = 'L' AND substr(p.nip, 15, 1) <> '1' THEN true
              WHEN p.jenis_kelamin = 'P' AND substr(p.nip, 15, 1) <> '2' THEN true
              ELSE false
            END
          WHEN p.status_kepegawaian = '{StatusKepegawaian.PPPK}' THEN
            CASE
              WHEN p.nip IS NULL OR p.nip !~ '^[0-9]{{18}}$' THEN true
              WHEN substr(p.nip, 1, 8) <> {lahir} OR {tahun_lahir} < 1900 THEN true
              ELSE false
            END
          ELSE coalesce(p.nip, '') <> ''
        END"""


def _pegawai_sql() -> str:
    aktif = "tanggal_mulai <= %(hari)s AND (tanggal_selesai IS NULL OR tanggal_selesai >= %(hari)s)"
    akses_kode = _akses_kode_sql()
    return f"""
    WITH penugasan AS (
      SELECT DISTINCT ON (sekolah_id, jenis) sekolah_id, jenis, ptk_id
      FROM {_t(PenugasanKepalaSekolah)} WHERE {aktif}
      ORDER BY sekolah_id, jenis, tanggal_mulai DESC, id DESC
    ),
    kepala AS (
      SELECT sekolah_id,
             max(ptk_id) FILTER (WHERE jenis = 'definitif') AS definitif_id,
             max(ptk_id) FILTER (WHERE jenis = 'plt') AS plt_id
      FROM penugasan GROUP BY sekolah_id
    ),
    definitif AS (
      SELECT DISTINCT ptk_id FROM {_t(PenugasanKepalaSekolah)} WHERE jenis = 'definitif' AND {aktif}
    ),
    kadis AS (
      SELECT DISTINCT ur.instansi_id FROM {_t(UserRole)} ur JOIN {_t(User)} u ON u.id = ur.user_id
      WHERE ur.role = '{Role.KEPALA_DINAS}' AND u.is_active AND ur.instansi_id IS NOT NULL
    ),
    rencana AS (
      SELECT DISTINCT ON (r.ptk_id, r.peran) r.id, r.ptk_id, r.peran, r.status
      FROM {_t(Rencana)} r JOIN {_t(PTK)} rp ON rp.id = r.ptk_id
      WHERE r.periode_id = %(periode)s AND r.peran IN ('guru', 'kepala_sekolah')
      ORDER BY r.ptk_id, r.peran, (r.sekolah_id = rp.sekolah_id) DESC, r.id DESC
    ),
    dasar AS (
      SELECT p.id AS ptk_id, p.sekolah_id, s.kabupaten_id, k.provinsi_id, p.nama,
             coalesce(p.nip, '') AS nip, p.jenis_ptk, p.status_kepegawaian,
             CASE WHEN d.ptk_id IS NOT NULL THEN 'kepala_sekolah' ELSE 'guru' END AS peran,
             {akses_kode} AS akses_kode,
             (p.status_kepegawaian <> ALL({_sql_list(STATUS_ASN_SINKRO)}) AND {_naungan_ok_sql()}) AS non_asn,
             CASE
               WHEN d.ptk_id IS NOT NULL THEN kd.instansi_id IS NULL
               ELSE NOT coalesce(
                 (kp.definitif_id IS NOT NULL AND kp.definitif_id <> p.id)
                 OR (kp.plt_id IS NOT NULL AND kp.plt_id <> p.id)
                 OR ((kp.definitif_id IS NOT NULL OR kp.plt_id IS NOT NULL) AND kd.instansi_id IS NOT NULL),
                 false)
             END AS tanpa_atasan_raw,
             {_nip_bermasalah_sql()} AS nip_bermasalah
      FROM {_t(PTK)} p
      JOIN {_t(Sekolah)} s ON s.id = p.sekolah_id
      JOIN {_t(KabupatenKota)} k ON k.id = s.kabupaten_id
      LEFT JOIN definitif d ON d.ptk_id = p.id
      LEFT JOIN kepala kp ON kp.sekolah_id = p.sekolah_id
      LEFT JOIN kadis kd ON kd.instansi_id = s.instansi_id
    )
    INSERT INTO {_t(RekapPegawai)} (
      periode_id, ptk_id, sekolah_id, kabupaten_id, provinsi_id, nama, nip, jenis_ptk, status_kepegawaian,
      peran, rencana_status, observasi_status, penilaian_status, predikat, layak, akses_kode, non_asn,
      tanpa_atasan, nip_bermasalah, sinkro_kode, sinkro_pihak)
    SELECT %(periode)s, b.ptk_id, b.sekolah_id, b.kabupaten_id, b.provinsi_id, b.nama, b.nip, b.jenis_ptk,
           b.status_kepegawaian, b.peran,
           coalesce(r.status, ''), coalesce(o.status, ''), coalesce(n.status, ''),
           CASE WHEN n.status IN ('dikirim', 'ditetapkan') THEN n.predikat ELSE '' END,
           b.akses_kode = '', b.akses_kode, b.non_asn,
           b.akses_kode = '' AND b.tanpa_atasan_raw, b.nip_bermasalah, NULL, NULL
    FROM dasar b
    LEFT JOIN rencana r ON r.ptk_id = b.ptk_id AND r.peran = b.peran
    LEFT JOIN {_t(Observasi)} o ON o.rencana_id = r.id
    LEFT JOIN {_t(Penilaian)} n ON n.rencana_id = r.id
    """


def _sum_pegawai_sql() -> str:
    """Counters of ``METRIK`` from pegawai rows (alias ``rp``)."""
    layak = "rp.layak"
    parts = {
        "pegawai": "count(*)",
        "sasaran": f"count(*) FILTER (WHERE {layak})",
        "rencana_belum": f"count(*) FILTER (WHERE {layak} AND rp.rencana_status = '')",
        "observasi_belum": f"count(*) FILTER (WHERE {layak} AND rp.observasi_status IN ('', 'belum'))",
        "penilaian_belum": f"count(*) FILTER (WHERE {layak} AND rp.penilaian_status = '')",
        "masalah_tidak_layak": "count(*) FILTER (WHERE NOT rp.layak)",
        "masalah_non_asn": "count(*) FILTER (WHERE rp.non_asn)",
        "masalah_tanpa_atasan": "count(*) FILTER (WHERE rp.tanpa_atasan)",
        "masalah_nip": "count(*) FILTER (WHERE rp.nip_bermasalah)",
        "sinkro_gagal": "count(*) FILTER (WHERE rp.sinkro_kode IS NOT NULL)",
    }
    for name in METRIK_NAMA:
        if name in parts:
            continue
        stage, _, value = name.partition("_")
        column = {
            "rencana": "rencana_status",
            "observasi": "observasi_status",
            "penilaian": "penilaian_status",
        }
        if stage in column:
            parts[name] = f"count(*) FILTER (WHERE {layak} AND rp.{column[stage]} = '{value}')"
        elif stage == "predikat":
            parts[name] = f"count(*) FILTER (WHERE {layak} AND rp.predikat = '{value}')"
        else:
            raise ValueError(f"Metrik tanpa rumus: {name}")
    return ", ".join(f"{parts[name]} AS {name}" for name in METRIK_NAMA)


def _sekolah_sql() -> str:
    counters = ", ".join(f"coalesce(a.{n}, 0)" for n in METRIK_NAMA)
    return f"""
    INSERT INTO {_t(RekapSekolah)} (
      periode_id, sekolah_id, provinsi_id, kabupaten_id, npsn, nama, jenjang, status_sekolah,
      penilaian_sekolah, predikat_organisasi, sinkro_per_kode, sinkro_per_pihak, {", ".join(METRIK_NAMA)})
    SELECT %(periode)s, s.id, k.provinsi_id, s.kabupaten_id, s.npsn, s.nama, s.jenjang, s.status,
           coalesce(ps.status, ''), coalesce(ps.predikat_organisasi, ''), '{{}}'::jsonb, '{{}}'::jsonb, {counters}
    FROM {_t(Sekolah)} s
    JOIN {_t(KabupatenKota)} k ON k.id = s.kabupaten_id
    LEFT JOIN (
      SELECT rp.sekolah_id, {_sum_pegawai_sql()}
      FROM {_t(RekapPegawai)} rp WHERE rp.periode_id = %(periode)s GROUP BY rp.sekolah_id
    ) a ON a.sekolah_id = s.id
    LEFT JOIN {_t(PenilaianSekolah)} ps ON ps.sekolah_id = s.id AND ps.periode_id = %(periode)s
    """


def _wilayah_sql() -> str:
    sums = ", ".join(f"coalesce(sum(rs.{n}), 0)" for n in METRIK_NAMA)
    cols = f"periode_id, tingkat, provinsi_id, kabupaten_id, kode, nama, jumlah_sekolah, {', '.join(METRIK_NAMA)}"
    return f"""
    INSERT INTO {_t(RekapWilayah)} ({cols}, sinkro_per_kode, sinkro_per_pihak)
    SELECT %(periode)s, 'kabupaten', k.provinsi_id, k.id, k.kode, k.nama, count(rs.id), {sums},
           '{{}}'::jsonb, '{{}}'::jsonb
    FROM {_t(KabupatenKota)} k
    LEFT JOIN {_t(RekapSekolah)} rs ON rs.kabupaten_id = k.id AND rs.periode_id = %(periode)s
    GROUP BY k.id;

    INSERT INTO {_t(RekapWilayah)} ({cols}, sinkro_per_kode, sinkro_per_pihak)
    SELECT %(periode)s, 'provinsi', p.id, NULL, p.kode, p.nama, coalesce(sum(rs.jumlah_sekolah), 0), {sums},
           '{{}}'::jsonb, '{{}}'::jsonb
    FROM {_t(Provinsi)} p
    LEFT JOIN {_t(RekapWilayah)} rs
      ON rs.provinsi_id = p.id AND rs.periode_id = %(periode)s AND rs.tingkat = 'kabupaten'
    GROUP BY p.id;

    INSERT INTO {_t(RekapWilayah)} ({cols}, sinkro_per_kode, sinkro_per_pihak)
    SELECT %(periode)s, 'nasional', NULL, NULL, '', 'Indonesia', coalesce(sum(rs.jumlah_sekolah), 0), {sums},
           '{{}}'::jsonb, '{{}}'::jsonb
    FROM {_t(RekapWilayah)} rs WHERE rs.periode_id = %(periode)s AND rs.tingkat = 'provinsi';
    """


_SINKRO_TMP = "dinas_sinkro_terakhir"


def _sinkro_sql() -> list[str]:
    """[0] fills the pegawai rows from the provider (before the sums); the rest write the per-code
    and per-actor recaps of schools and regions (after them)."""
    rp, rs, rw = _t(RekapPegawai), _t(RekapSekolah), _t(RekapWilayah)

    def per(group: str, column: str) -> str:
        return f"""
          SELECT x.g, jsonb_object_agg(x.v, x.n) AS j FROM (
            SELECT {group} AS g, rp.{column} AS v, count(*) AS n FROM {rp} rp
            WHERE rp.periode_id = %(periode)s AND rp.{column} IS NOT NULL GROUP BY 1, 2
          ) x GROUP BY x.g"""

    statements = [
        f"""UPDATE {rp} rp SET sinkro_kode = left(x.kode::text, 16), sinkro_pihak = left(x.pihak::text, 64)
            FROM {_SINKRO_TMP} x WHERE rp.periode_id = %(periode)s AND rp.ptk_id = x.ptk_id""",
    ]
    for column, target in (("sinkro_kode", "sinkro_per_kode"), ("sinkro_pihak", "sinkro_per_pihak")):
        statements.append(
            f"""UPDATE {rs} t SET {target} = y.j FROM ({per("rp.sekolah_id", column)}) y
                WHERE t.periode_id = %(periode)s AND t.sekolah_id = y.g"""
        )
        statements.append(
            f"""UPDATE {rw} t SET {target} = y.j FROM ({per("rp.kabupaten_id", column)}) y
                WHERE t.periode_id = %(periode)s AND t.tingkat = 'kabupaten' AND t.kabupaten_id = y.g"""
        )
        statements.append(
            f"""UPDATE {rw} t SET {target} = y.j FROM ({per("rp.provinsi_id", column)}) y
                WHERE t.periode_id = %(periode)s AND t.tingkat = 'provinsi' AND t.provinsi_id = y.g"""
        )
        statements.append(
            f"""UPDATE {rw} t SET {target} = y.j FROM ({per("rp.periode_id", column)}) y
                WHERE t.periode_id = %(periode)s AND t.tingkat = 'nasional'"""
        )
    return statements


@dataclass(frozen=True)
class HasilRekap:
    periode_id: int
    pegawai: int
    sekolah: int
    detik: float


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError("Rekap dashboard Dinas memerlukan PostgreSQL.")


@transaction.atomic
def rekap_refresh(*, periode: Periode | None = None, hari=None) -> HasilRekap:
    """Rebuild the figures of ``periode`` (default: the current one) as of ``hari`` (default: the
    simulated today, or the period's last day if it is over)."""
    _require_postgres()
    periode = periode or _periode_current()
    # A past period is seen as it stood on its last day (who led each school then).
    hari = hari or min(clock.today(), periode.tanggal_selesai)
    started = time.monotonic()
    params = {"periode": periode.pk, "hari": hari}
    provider_sql, provider_params = sinkro.provider_sql(periode)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        for model in (RekapPegawai, RekapSekolah, RekapWilayah):
            cur.execute(f"DELETE FROM {_t(model)} WHERE periode_id = %(periode)s", params)
        cur.execute(_pegawai_sql(), params)
        pegawai = cur.rowcount
        statements = _sinkro_sql() if provider_sql is not None else []
        if statements:
            # The provider's SQL has positional parameters; materialise it, then join by name.
            cur.execute(f"DROP TABLE IF EXISTS {_SINKRO_TMP}")
            cur.execute(f"CREATE TEMP TABLE {_SINKRO_TMP} ON COMMIT DROP AS {provider_sql}", provider_params)
            cur.execute(statements[0], params)
        cur.execute(_sekolah_sql(), params)
        sekolah = cur.rowcount
        cur.execute(_wilayah_sql(), params)
        for statement in statements[1:]:
            cur.execute(statement, params)
    elapsed = time.monotonic() - started
    RekapStatus.objects.update_or_create(
        periode=periode,
        defaults={
            "diperbarui_pada": timezone.now(),
            "durasi_detik": elapsed,
            "tanggal_acuan": hari,
            "sinkro_tersedia": provider_sql is not None,
        },
    )
    return HasilRekap(periode.pk, pegawai, sekolah, elapsed)


def _periode_current() -> Periode:
    from kinerja.periods import periode_current

    return periode_current(create=True)


# ---------------------------------------------------------------------------------------------
# The trigger: after a relevant change commits, queue one refresh a little later (debounce).

JEDA_DETIK_DEFAULT = 30


def jeda_detik() -> int:
    return int(getattr(settings, "DINAS_REKAP_JEDA_DETIK", JEDA_DETIK_DEFAULT))


def rekap_request(*, periode_id: int | None = None, jeda: int | None = None) -> bool:
    """Mark the period's figures as stale and queue one refresh in ``jeda`` seconds, unless one is
    already queued (a conditional UPDATE: any number of changes in the window queue one job).
    Returns whether a job was queued."""
    if periode_id is None:
        from kinerja.periods import periode_current

        periode_id = periode_current(create=False).pk
        if periode_id is None:
            return False
    now = timezone.now()
    with transaction.atomic():
        RekapStatus.objects.get_or_create(periode_id=periode_id)
        claimed = RekapStatus.objects.filter(periode_id=periode_id, diminta_pada__isnull=True).update(
            diminta_pada=now
        )
    if not claimed:
        return False
    from .tasks import rekap_refresh_task

    delay = jeda_detik() if jeda is None else jeda

    def _send():
        try:
            rekap_refresh_task.apply_async(args=[periode_id], countdown=delay)
        except Exception:  # the broker is down: keep the request flag so the next change retries
            log.exception("Gagal mengantrekan pembaruan rekap dashboard Dinas")
            RekapStatus.objects.filter(periode_id=periode_id).update(diminta_pada=None)

    transaction.on_commit(_send)
    return True


def rekap_run_requested(*, periode_id: int) -> HasilRekap | None:
    """The task body: clear the request flag first (changes during the job queue another one), then
    rebuild."""
    periode = Periode.objects.filter(pk=periode_id).first()
    if periode is None:
        return None
    RekapStatus.objects.filter(periode_id=periode_id).update(diminta_pada=None)
    return rekap_refresh(periode=periode)


# A queued refresh that never ran (its job lost with a worker or a broker) would hold the request
# flag for ever, and no later change would queue another; the figures are also "as of" a day, which
# moves with the simulated clock without any row changing. Celery beat runs this sweep.
BASI_MENIT_DEFAULT = 10


def rekap_sweep(*, basi_menit: int | None = None) -> list[int]:
    """Queue a refresh (a) for every period whose requested refresh has waited more than
    ``basi_menit`` minutes past its debounce (the job is taken as lost: the flag is cleared and set
    again), and (b) for every period that has begun whose figures are as of another day than the
    one they should show (the simulated today, or the period's last day once it is over), the
    current period included even if it was never built. Returns the ids of the periods queued;
    nothing on a database without the rekap. A job that is only late runs twice at worst: the
    rebuild is idempotent."""
    if connection.vendor != "postgresql" or not getattr(settings, "DINAS_REKAP_OTOMATIS", True):
        return []
    basi = BASI_MENIT_DEFAULT if basi_menit is None else max(basi_menit, 0)
    batas = timezone.now() - timedelta(minutes=basi, seconds=jeda_detik())
    queued = []
    lost = list(RekapStatus.objects.filter(diminta_pada__lt=batas).values_list("periode_id", flat=True))
    for periode_id in lost:
        RekapStatus.objects.filter(periode_id=periode_id, diminta_pada__lt=batas).update(diminta_pada=None)
        if rekap_request(periode_id=periode_id, jeda=0):
            queued.append(periode_id)
    from kinerja.periods import periode_current

    today = clock.today()
    built = {
        s.periode_id: s.tanggal_acuan
        for s in RekapStatus.objects.filter(periode__tanggal_mulai__lte=today).only(
            "periode_id", "tanggal_acuan"
        )
    }
    current = periode_current(create=False)
    candidates = list(Periode.objects.filter(pk__in=built).order_by("tanggal_mulai"))
    if current.pk is not None and current.pk not in built:
        candidates.append(current)
    for periode in candidates:
        if periode.pk in queued:
            continue
        hari = min(today, periode.tanggal_selesai)
        if built.get(periode.pk) != hari and rekap_request(periode_id=periode.pk, jeda=0):
            queued.append(periode.pk)
    return queued


def _request_after_commit() -> None:
    """After a relevant change: refresh the current period, and the period being rated when a late
    Penilaian window keeps an earlier period open (its ratings change after its end)."""
    from kinerja.periods import periode_current, periode_penilaian, semester_of

    try:
        dinilai = periode_penilaian(create=False)
        ids = {dinilai.pk}
        if (dinilai.tahun, dinilai.semester) != semester_of(clock.today()):
            ids.add(periode_current(create=False).pk)  # only while a late window is open
        for periode_id in sorted(ids - {None}):
            rekap_request(periode_id=periode_id)
    except Exception:
        log.exception("Gagal meminta pembaruan rekap dashboard Dinas")


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw") or not getattr(settings, "DINAS_REKAP_OTOMATIS", True):
        return
    # Of the granted roles only the Kepala Dinas matters (the atasan of principals).
    if sender is UserRole and getattr(kwargs.get("instance"), "role", None) != Role.KEPALA_DINAS:
        return
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        return
    # One request per transaction, however many rows it touches (a rolled-back transaction drops
    # its callbacks, so the next one registers again).
    if any(entry[1] is _request_after_commit for entry in conn.run_on_commit):
        return
    transaction.on_commit(_request_after_commit)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from pmm.models import SimulatedClock

    # The clock too: "tanpa atasan" depends on the assignments open on the simulated date.
    watched = (
        Rencana, Observasi, Penilaian, PenilaianSekolah, Periode, PTK, Sekolah, PenugasanKepalaSekolah, UserRole,
        SimulatedClock,
    )  # fmt: skip
    for model in watched:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"dinas_rekap_{model.__name__}_save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"dinas_rekap_{model.__name__}_delete")
