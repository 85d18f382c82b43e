"""Every write of Sinkro PMM: the instansi's key, sync requests (pegawai, Admin Instansi, bulk), the
"Tetap Lakukan Sinkro" confirmation, and the worker's processing of the outbox.

Who may ask for whose sync (DESIGN.md §4, seed 003 slides 41–47):

- a Guru, Kepala Sekolah or Plt. Kepala Sekolah: their own SKP, in any of the three roles (asking
  for the Plt role without being a Plt in PMM is exactly error #18, so it is not refused here);
  they must be allowed to open Pengelolaan Kinerja (seed 000) — a non-ASN may, and meets #7;
- an Admin Instansi: any pegawai of a school of their instansi, one or all at once;
- a trainer: anyone.

A request is always for the period of the simulated today. The request, its idempotency key and the
enqueue after commit are this module's; the PMM checks and the payload are ``sinkro.payload``'s;
talking to e-Kinerja is ``sinkro.client``'s; finding lost intents is ``sinkro.outbox``'s.
"""

import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from dapodik.models import PTK
from kinerja import periods
from kinerja.access import access_evaluate
from kinerja.models import Peran
from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role

from . import client, outbox, payload, selectors
from .models import AKTIF, SinkroConfig, Status, SyncBatch, SyncIntent, Tahap

DEFAULT_MAX_ATTEMPTS = 6
DEFAULT_BACKOFF_BASE = 5.0
DEFAULT_BACKOFF_CAP = 300.0
API_KEY_MAX = 200

_rng = random.Random()


def max_attempts() -> int:
    return int(getattr(settings, "SINKRO_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def backoff_seconds(attempt: int, *, retry_after: float | None = None) -> float:
    """Capped exponential backoff with jitter: base·2^(n-1), at most the cap, then a random point in
    its upper half (so retries of many intents spread out but never come back at once). A 503's
    Retry-After is honoured up to the cap."""
    base = float(getattr(settings, "SINKRO_BACKOFF_BASE", DEFAULT_BACKOFF_BASE))
    cap = float(getattr(settings, "SINKRO_BACKOFF_CAP", DEFAULT_BACKOFF_CAP))
    ceiling = min(cap, base * (2 ** max(attempt - 1, 0)))
    delay = ceiling / 2 + _rng.uniform(0, ceiling / 2)
    if retry_after:
        delay = max(delay, min(float(retry_after), cap))
    return delay


def lease_seconds() -> float:
    return 2 * client.timeout_seconds() + 10


def peran_tahap(peran: str) -> int:
    return Tahap.GURU if peran == Peran.GURU else Tahap.ORGANISASI


# --- the instansi's key ----------------------------------------------------------------------------


@transaction.atomic
def sinkro_config_set(*, actor, instansi, api_key: str) -> SinkroConfig:
    """The Admin Instansi pastes the x-api-key created in e-Kinerja (menu API key)."""
    selectors.instansi_require(actor, instansi.pk)
    api_key = (api_key or "").strip()
    if not api_key or len(api_key) > API_KEY_MAX or "\x00" in api_key or any(c.isspace() for c in api_key):
        raise ApplicationError(
            "Kunci API harus diisi, tanpa spasi, paling panjang 200 karakter.", code="api_key_invalid"
        )
    config, _ = SinkroConfig.objects.update_or_create(
        instansi=instansi,
        defaults={"api_key": api_key, "diubah_pada": clock.now(), "diubah_oleh": _user(actor)},
    )
    return config


def _user(actor):
    user = getattr(actor, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


# --- sync requests ---------------------------------------------------------------------------------


def _ptk_for(actor, ptk) -> PTK:
    """The PTK a request is for, checked against who asks (module docstring)."""
    if ptk is None:
        if actor.ptk is None:
            raise Forbidden(
                "Akun belajar.id Anda belum terhubung dengan data PTK di Dapodik.", code="tanpa_ptk"
            )
        ptk = actor.ptk
    pk = getattr(ptk, "pk", ptk)
    try:
        ptk = PTK.objects.select_related("sekolah").get(pk=int(pk))
    except (PTK.DoesNotExist, TypeError, ValueError):
        raise NotFound("Pegawai tidak ditemukan.") from None
    if actor.ptk is not None and actor.ptk.pk == ptk.pk:
        result = access_evaluate(ptk)
        if not result.may_use:
            first = result.failures[0]
            raise Forbidden(
                f"Anda belum dapat menggunakan Pengelolaan Kinerja: {first.explanation}",
                code="akses_kinerja_ditolak",
            )
        return ptk
    if actor.is_trainer or ptk.sekolah.instansi_id in actor.instansi_ids(Role.ADMIN_INSTANSI):
        return ptk
    # Another school's or instansi's pegawai: not found rather than a hint that they exist.
    raise NotFound("Pegawai tidak ditemukan.")


def _peran(value) -> str:
    if value not in Peran.values:
        raise ApplicationError("Peran sinkron tidak dikenal.", code="peran_tidak_valid")
    return value


def _intent(*, ptk, peran, periode, actor, batch=None, konfirmasi=False) -> SyncIntent:
    now = timezone.now()
    return SyncIntent(
        ptk=ptk,
        instansi_id=ptk.sekolah.instansi_id,
        periode=periode,
        peran=peran,
        status=Status.PENDING,
        idempotency_key=payload.idempotency_key_new(),
        konfirmasi=konfirmasi,
        batch=batch,
        tahap=peran_tahap(peran),
        diminta_oleh=_user(actor),
        dibuat_pada=clock.now(),
        diperbarui_pada=now,
    )


@transaction.atomic
def sync_request(*, actor, peran: str, ptk=None) -> SyncIntent:
    """Ask for the sync of one SKP (the pegawai's own, or one an Admin Instansi picks).

    A request already on its way for the same pegawai, period and role is returned instead of a
    second one (double clicks, or the pegawai and the Admin Instansi at once).
    """
    peran = _peran(peran)
    ptk = _ptk_for(actor, ptk)
    periode = periods.periode_current()
    active = SyncIntent.objects.filter(ptk=ptk, periode=periode, peran=peran, status__in=AKTIF).first()
    if active is not None:
        return active
    intent = _intent(ptk=ptk, peran=peran, periode=periode, actor=actor)
    try:
        with transaction.atomic():
            intent.save()
    except IntegrityError:
        active = SyncIntent.objects.filter(ptk=ptk, periode=periode, peran=peran, status__in=AKTIF).first()
        if active is None:  # pragma: no cover - the other request finished in between
            raise ApplicationError(
                "Permintaan sinkron bersamaan; coba lagi.", code="sinkron_bersamaan"
            ) from None
        return active
    outbox.enqueue_on_commit([intent.pk])
    return intent


@transaction.atomic
def intent_confirm(*, actor, intent) -> SyncIntent:
    """#12 "Tetap Lakukan Sinkro": send again, allowing e-Kinerja to delete the SKP with the old unor.

    Only the pegawai or an Admin Instansi (or trainer) may confirm, only once per refusal. The
    request changes (``konfirmasi_unor_berbeda``), so it gets a new idempotency key.
    """
    intent = selectors.intent_get(actor=actor, pk=getattr(intent, "pk", intent))
    locked = SyncIntent.objects.select_for_update().get(pk=intent.pk)
    if locked.status != Status.MENUNGGU_KONFIRMASI:
        raise ApplicationError(
            f"Permintaan ini tidak menunggu konfirmasi (status: {locked.get_status_display()}).",
            code="status_tidak_sesuai",
        )
    if SyncIntent.objects.filter(
        ptk_id=locked.ptk_id, periode_id=locked.periode_id, peran=locked.peran, status__in=AKTIF
    ).exists():
        raise ApplicationError("Sinkron lain untuk SKP ini sedang berjalan.", code="sinkron_berjalan")
    now = timezone.now()
    locked.status = Status.PENDING
    locked.konfirmasi = True
    locked.idempotency_key = payload.idempotency_key_new()
    locked.payload = None
    locked.next_attempt_at = locked.enqueued_at = locked.selesai_pada = None
    locked.diperbarui_pada = now
    locked.detail = {**locked.detail, "dikonfirmasi_oleh": getattr(_user(actor), "email", "")}
    locked.save()
    outbox.enqueue_on_commit([locked.pk])
    return locked


@transaction.atomic
def batch_create(*, actor, instansi, nips=None, keterangan: str = "") -> SyncBatch:
    """Sinkron massal by an Admin Instansi: every pegawai of the instansi (or the listed NIPs), each
    in their role(s). Principals and Plt go first; their gurus follow once every SKP Organisasi of
    the batch is settled (a guru's sync needs it: #15). Pegawai with a request already on its way
    join the batch with that request."""
    instansi = selectors.instansi_require(actor, getattr(instansi, "pk", instansi))
    targets = selectors.targets_for_instansi(instansi_id=instansi.pk, nips=nips)
    if not targets:
        raise ApplicationError("Tidak ada pegawai yang cocok untuk disinkronkan.", code="tanpa_pegawai")
    periode = periods.periode_current()
    batch = SyncBatch.objects.create(
        instansi=instansi,
        periode=periode,
        keterangan=(keterangan or "").strip()[:200],
        dibuat_oleh=_user(actor),
        dibuat_pada=clock.now(),
    )
    ptk_ids = {t.ptk.pk for t in targets}
    active = SyncIntent.objects.filter(ptk_id__in=ptk_ids, periode=periode, status__in=AKTIF)
    taken = set(active.values_list("ptk_id", "peran"))
    active.update(batch=batch)
    SyncIntent.objects.bulk_create(
        [
            _intent(ptk=t.ptk, peran=t.peran, periode=periode, actor=actor, batch=batch)
            for t in targets
            if (t.ptk.pk, t.peran) not in taken
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    batch.jumlah = SyncIntent.objects.filter(batch=batch).count()
    has_organisasi = any(t.peran != Peran.GURU for t in targets)
    batch.tahap_guru_dikirim = not has_organisasi
    batch.save(update_fields=["jumlah", "tahap_guru_dikirim"])
    first = Tahap.ORGANISASI if has_organisasi else Tahap.GURU
    ids = list(
        SyncIntent.objects.filter(batch=batch, tahap=first, status=Status.PENDING)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    outbox.enqueue_on_commit(ids)
    return batch


# --- the worker -------------------------------------------------------------------------------------


def _claimable(now):
    return Q(status=Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)) | Q(
        status=Status.SENDING, lease_until__lt=now
    )


def _finish(intent_pk: int, token: str, **fields) -> bool:
    """Write an attempt's outcome, only if that attempt still holds the intent."""
    now = timezone.now()
    fields.setdefault("lease_until", None)
    fields.setdefault("lease_token", "")
    return bool(
        SyncIntent.objects.filter(pk=intent_pk, status=Status.SENDING, lease_token=token).update(
            diperbarui_pada=now, **fields
        )
    )


def _final_fields(status: str, *, kode="", pesan="", kondisi="", aktor="", detail=None, **extra) -> dict:
    return {
        "status": status,
        "kode": kode[:8],
        "pesan": pesan,
        "kondisi": kondisi[:20],
        "aktor": aktor[:60],
        "detail": detail or {},
        "selesai_pada": clock.now(),
        "next_attempt_at": None,
        **extra,
    }


def intents_process(*, ids) -> dict:
    """Send the given intents (a task's chunk), each at most once at a time; returns a tally.

    Per intent: claim it (conditional UPDATE with a lease), run PMM's own checks and build the
    payload on the first attempt (kept for every retry), POST it with the idempotency key, then
    write the outcome: success or warning, #12 waiting for confirmation, a permanent error, or a
    transient one retried later with backoff until ``SINKRO_MAX_ATTEMPTS``.
    """
    try:
        ids = [int(i) for i in ids][: outbox.CHUNK * 5]
    except (TypeError, ValueError):
        return {}
    now = timezone.now()
    intents = list(
        SyncIntent.objects.filter(_claimable(now), pk__in=ids).select_related("ptk__sekolah", "periode")
    )
    intents.sort(key=lambda i: ids.index(i.pk))
    siap = {}
    baru = [i for i in intents if i.payload is None]
    for periode_id in {i.periode_id for i in baru}:
        group = [i for i in baru if i.periode_id == periode_id]
        targets = [payload.Target(i.ptk, i.peran) for i in group]
        ctx = payload.konteks_load(targets, group[0].periode)
        for i, t in zip(group, targets, strict=True):
            siap[i.pk] = payload.prepare(t, ctx, konfirmasi=i.konfirmasi)
    keys = selectors.api_keys([i.instansi_id for i in intents if i.pk not in siap])

    tally: dict[str, int] = {}
    batches = set()
    for intent in intents:
        outcome = _process_one(intent, siap.get(intent.pk), keys)
        tally[outcome] = tally.get(outcome, 0) + 1
        if intent.batch_id and intent.tahap == Tahap.ORGANISASI:
            batches.add(intent.batch_id)
    for batch_id in batches:
        outbox.batch_release(batch_id)
    return tally


def _process_one(intent: SyncIntent, prepared, keys: dict) -> str:
    now = timezone.now()
    token = uuid.uuid4().hex
    body = intent.payload if prepared is None else prepared.payload
    api_key = keys.get(intent.instansi_id) if prepared is None else prepared.api_key
    claim = {
        "status": Status.SENDING,
        "lease_until": now + timedelta(seconds=lease_seconds()),
        "lease_token": token,
        "attempts": F("attempts") + 1,
        "diperbarui_pada": now,
    }
    if prepared is not None:
        claim["payload"] = prepared.payload
    if not SyncIntent.objects.filter(_claimable(now), pk=intent.pk).update(**claim):
        return "dilewati"
    attempt = intent.attempts + 1

    if prepared is not None and prepared.temuan:
        temuan = prepared.temuan[0]
        _finish(
            intent.pk,
            token,
            **_final_fields(
                Status.GAGAL,
                kode=temuan.code,
                pesan=temuan.entry.message,
                kondisi=temuan.kondisi,
                aktor=temuan.aktor,
                detail={**temuan.detail, "sisi": "pmm", "urutan": temuan.entry.position},
            ),
        )
        return Status.GAGAL

    hasil = client.read_sync(
        client.sync({**body, "idempotency_key": intent.idempotency_key}, api_key=api_key)
    )
    common = {"kode": hasil.kode, "pesan": hasil.pesan, "kondisi": hasil.kondisi, "aktor": hasil.aktor}
    if hasil.jenis == client.Jenis.SUKSES:
        status = Status.PERINGATAN if hasil.peringatan else Status.BERHASIL
        _finish(
            intent.pk,
            token,
            **_final_fields(
                status, detail=hasil.detail, peringatan=hasil.peringatan, skp=hasil.skp, **common
            ),
        )
        return status
    if hasil.jenis == client.Jenis.KONFIRMASI:
        _finish(intent.pk, token, **_final_fields(Status.MENUNGGU_KONFIRMASI, detail=hasil.detail, **common))
        return Status.MENUNGGU_KONFIRMASI
    if hasil.jenis == client.Jenis.SEMENTARA and attempt < max_attempts():
        delay = backoff_seconds(attempt, retry_after=hasil.retry_after)
        due = timezone.now() + timedelta(seconds=delay)
        if _finish(
            intent.pk,
            token,
            status=Status.PENDING,
            next_attempt_at=due,
            enqueued_at=due,
            detail={**hasil.detail, "percobaan": attempt},
            **common,
        ):
            outbox.enqueue([intent.pk], countdown=delay)
        return "dicoba_ulang"
    _finish(
        intent.pk,
        token,
        **_final_fields(Status.GAGAL, detail={**hasil.detail, "percobaan": attempt}, **common),
    )
    return Status.GAGAL
