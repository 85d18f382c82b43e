"""Every write of the mock e-Kinerja: admin menus, fault injection and the sync itself.

The sync (``skp_sync``) answers like the HTTP API (status, body, headers) so that the API view stays
a one-liner; every attempt, failed or not, writes one ``LogSinkron`` row in the same transaction as
the SKP it writes.
"""

import hashlib
import json
import random
import secrets
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from pmm import clock
from pmm.errors import ApplicationError
from sinkro import catalogue

from .models import (
    ApiKey,
    Gangguan,
    Hasil,
    JenisLog,
    KunciIdempotensi,
    LogSinkron,
    ModeGangguan,
    Pegawai,
    Peran,
    Periode,
    PltRegistrasi,
    PnsSiasn,
    Rhk,
    Skp,
    Sumber,
    Unor,
    UserPmm,
)
from .pipeline import Konteks, Permintaan, Temuan, blocking, findings, konteks_load, snapshot
from .serializers import SkpPayloadSerializer

# How long an injected timeout delays the answer: longer than PMM's client timeout (API.md).
DEFAULT_FAULT_TIMEOUT_SECONDS = 6.0
_rng = random.Random()


def fault_timeout_seconds() -> float:
    return float(getattr(settings, "EKINERJA_FAULT_TIMEOUT_SECONDS", DEFAULT_FAULT_TIMEOUT_SECONDS))


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _nip(value) -> str:
    nip = "".join(str(value or "").split())
    if not (nip.isascii() and nip.isdigit() and len(nip) == 18):
        raise ApplicationError("NIP harus 18 digit angka.", code="nip_invalid")
    return nip


def _user(actor):
    """The account to record as author, if any (services are also called by commands)."""
    return actor if getattr(actor, "is_authenticated", False) else None


# --- API keys -------------------------------------------------------------------------------------


def api_key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_generate() -> str:
    return "ek_" + secrets.token_hex(20)


@transaction.atomic
def api_key_create(*, instansi, nama: str, actor=None, raw: str | None = None) -> tuple[ApiKey, str]:
    """A new whitelisted key; the raw key is returned once and never stored."""
    nama = " ".join((nama or "").split())[:100] or "Kunci PMM"
    raw = raw or api_key_generate()
    digest = api_key_hash(raw)
    existing = ApiKey.objects.select_for_update().filter(key_hash=digest).first()
    if existing is not None:
        if existing.instansi_id != instansi.id:
            raise ApplicationError("Kunci API ini sudah dipakai instansi lain.", code="api_key_taken")
        existing.aktif, existing.dicabut_pada, existing.nama = True, None, nama
        existing.save(update_fields=["aktif", "dicabut_pada", "nama"])
        return existing, raw
    key = ApiKey.objects.create(
        instansi=instansi,
        nama=nama,
        prefix=raw[:10],
        key_hash=digest,
        aktif=True,
        dibuat_pada=clock.now(),
        dibuat_oleh=_user(actor),
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if key.aktif:
        key.aktif, key.dicabut_pada = False, clock.now()
        key.save(update_fields=["aktif", "dicabut_pada"])
    return key


def api_key_resolve(raw: str | None) -> ApiKey | None:
    """The active whitelisted key for a raw x-api-key, or None (→ error #6)."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 200:
        return None
    return ApiKey.objects.select_related("instansi").filter(key_hash=api_key_hash(raw), aktif=True).first()


# --- Fault injection -------------------------------------------------------------------------------


@transaction.atomic
def gangguan_set(
    *, mode: str, persen: int = 100, nip: str = "", sisa: int | None = None, actor=None
) -> Gangguan:
    if mode not in ModeGangguan.values:
        raise ApplicationError("Mode gangguan tidak dikenal.", code="gangguan_mode_invalid")
    if not 0 <= int(persen) <= 100:
        raise ApplicationError("Peluang gangguan harus 0–100%.", code="gangguan_persen_invalid")
    if sisa is not None and int(sisa) < 0:
        raise ApplicationError("Sisa kejadian tidak boleh negatif.", code="gangguan_sisa_invalid")
    nip = _nip(nip) if (nip or "").strip() else ""
    row, _ = Gangguan.objects.select_for_update().get_or_create(pk=1)
    row.mode, row.persen, row.nip, row.sisa = mode, int(persen), nip, sisa
    row.diubah_pada, row.diubah_oleh = clock.now(), _user(actor)
    row.save()
    return row


def gangguan_clear(*, actor=None) -> Gangguan:
    return gangguan_set(mode=ModeGangguan.NONE, persen=100, nip="", sisa=None, actor=actor)


@transaction.atomic
def gangguan_draw(*, sync: bool, nip: str = "") -> str | None:
    """The fault that hits this call, if any; a counted fault is used up by the call it hits.

    An outage hits every call; a 500 or a timeout only hits sync calls (a diagnosis writes nothing,
    so its failures would teach nothing).
    """
    row = Gangguan.objects.select_for_update().filter(pk=1).first()
    if row is None or row.mode == ModeGangguan.NONE:
        return None
    if row.mode != ModeGangguan.OUTAGE and not sync:
        return None
    if row.nip and row.nip != nip:
        return None
    if row.sisa is not None and row.sisa <= 0:
        return None
    if _rng.randrange(100) >= row.persen:
        return None
    mode = row.mode
    if row.sisa is not None:
        row.sisa -= 1
        if row.sisa == 0:
            row.mode = ModeGangguan.NONE
        row.save(update_fields=["sisa", "mode"])
    return mode


# --- Admin Instansi menus ----------------------------------------------------------------------------


def _hex32(seed: str) -> str:
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().upper()


def _same_instansi(obj, instansi, what: str):
    if obj is not None and obj.instansi_id != instansi.id:
        raise ApplicationError(f"{what} tidak termasuk instansi ini.", code="instansi_berbeda")


@transaction.atomic
def unor_create(*, instansi, nama: str, npsn: str = "", diatasan: Unor | None = None) -> Unor:
    nama = " ".join((nama or "").split())
    npsn = (npsn or "").strip()
    if not nama:
        raise ApplicationError("Nama unor wajib diisi.", code="unor_nama_required")
    if npsn and not (npsn.isascii() and npsn.isdigit() and len(npsn) == 8):
        raise ApplicationError("NPSN harus 8 digit angka.", code="npsn_invalid")
    if npsn and Unor.objects.filter(npsn=npsn).exists():
        raise ApplicationError("NPSN ini sudah dipakai unor lain.", code="npsn_taken")
    _same_instansi(diatasan, instansi, "Unit kerja atasan")
    unor_id = _hex32(f"unor:{instansi.kode}:{npsn or nama}:{uuid.uuid4()}")
    try:
        with transaction.atomic():
            return Unor.objects.create(id=unor_id, instansi=instansi, nama=nama, npsn=npsn, diatasan=diatasan)
    except IntegrityError as exc:
        # Two admins adding the same NPSN at once: the second is told, as above.
        raise ApplicationError("NPSN ini sudah dipakai unor lain.", code="npsn_taken") from exc


def _descends_from(unor: Unor, ancestor: Unor) -> bool:
    seen = set()
    node = ancestor
    while node is not None and node.pk not in seen:
        if node.pk == unor.pk:
            return True
        seen.add(node.pk)
        node = node.diatasan
    return False


@transaction.atomic
def unor_update(
    *,
    unor: Unor,
    nama: str,
    aktif_ekinerja: bool,
    aktif_siasn: bool,
    diatasan: Unor | None,
    pemimpin_nip: str = "",
) -> Unor:
    """Manajemen Unor: rename, active flags (e-Kinerja and SIASN), parent unor and head."""
    unor = Unor.objects.select_for_update().get(pk=unor.pk)
    nama = " ".join((nama or "").split())
    if not nama:
        raise ApplicationError("Nama unor wajib diisi.", code="unor_nama_required")
    if diatasan is not None:
        _same_instansi(diatasan, unor.instansi, "Unit kerja atasan")
        if _descends_from(unor, diatasan):
            raise ApplicationError(
                "Unit kerja atasan tidak boleh unor ini sendiri atau unor di bawahnya.", code="unor_cycle"
            )
    pemimpin = None
    if (pemimpin_nip or "").strip():
        pemimpin = PnsSiasn.objects.filter(nip=_nip(pemimpin_nip)).first()
        if pemimpin is None:
            raise ApplicationError("NIP pemimpin tidak ditemukan di SIASN.", code="pns_not_found")
        _same_instansi(pemimpin, unor.instansi, "Pemimpin")
    unor.nama, unor.aktif_ekinerja, unor.aktif_siasn = nama, bool(aktif_ekinerja), bool(aktif_siasn)
    unor.diatasan, unor.pemimpin = diatasan, pemimpin
    unor.save()
    return unor


def _pns_of_instansi(*, instansi, nip: str) -> PnsSiasn:
    pns = PnsSiasn.objects.filter(nip=_nip(nip)).first()
    if pns is None:
        raise ApplicationError("NIP tidak ditemukan di SIASN.", code="pns_not_found")
    _same_instansi(pns, instansi, "PNS dengan NIP ini")
    return pns


@transaction.atomic
def pegawai_add(*, instansi, nip: str, unor: Unor) -> Pegawai:
    """Manajemen Pegawai: add a SIASN PNS of the instansi as e-Kinerja pegawai (fixes #11)."""
    pns = _pns_of_instansi(instansi=instansi, nip=nip)
    _same_instansi(unor, instansi, "Unor")
    PnsSiasn.objects.select_for_update().filter(pk=pns.pk).first()
    if Pegawai.objects.filter(pns=pns).exists():
        raise ApplicationError("PNS ini sudah menjadi pegawai e-Kinerja.", code="pegawai_exists")
    return Pegawai.objects.create(pns=pns, instansi=instansi, unor=unor, ditambahkan_pada=clock.now())


@transaction.atomic
def pegawai_move(*, pegawai: Pegawai, unor: Unor) -> Pegawai:
    """Move a pegawai to another unor in e-Kinerja and in SIASN (#4 Kondisi B), dated today."""
    pegawai = Pegawai.objects.select_for_update().select_related("pns").get(pk=pegawai.pk)
    _same_instansi(unor, pegawai.instansi, "Unor")
    if pegawai.unor_id != unor.pk:
        pegawai.unor = unor
        pegawai.save(update_fields=["unor"])
    pns = pegawai.pns
    pns.unor, pns.tanggal_unor = unor, clock.today()
    pns.save(update_fields=["unor", "tanggal_unor"])
    return pegawai


@transaction.atomic
def pegawai_remove(*, pegawai: Pegawai) -> None:
    Pegawai.objects.filter(pk=pegawai.pk).delete()


@transaction.atomic
def user_pmm_add(*, instansi, nip: str) -> UserPmm:
    """User PMM: allow a NIP to sync from PMM (fixes #1 when the NIP is already right)."""
    nip = _nip(nip)
    row, _ = UserPmm.objects.get_or_create(
        instansi=instansi, nip=nip, defaults={"ditambahkan_pada": clock.now()}
    )
    return row


@transaction.atomic
def user_pmm_remove(*, user_pmm: UserPmm) -> None:
    UserPmm.objects.filter(pk=user_pmm.pk).delete()


@transaction.atomic
def plt_add(*, instansi, nip: str, unor: Unor) -> PltRegistrasi:
    """Register a PNS as Plt. Kepala Sekolah of a school unor (fixes #19, #20)."""
    pns = _pns_of_instansi(instansi=instansi, nip=nip)
    _same_instansi(unor, instansi, "Unor")
    if not unor.npsn:
        raise ApplicationError(
            "Plt. Kepala Sekolah hanya dapat didaftarkan pada unor sekolah (ber-NPSN).",
            code="unor_bukan_sekolah",
        )
    row, _ = PltRegistrasi.objects.get_or_create(
        pns=pns, unor=unor, defaults={"instansi": instansi, "ditambahkan_pada": clock.now()}
    )
    return row


@transaction.atomic
def plt_remove(*, registrasi: PltRegistrasi) -> None:
    PltRegistrasi.objects.filter(pk=registrasi.pk).delete()


@transaction.atomic
def periode_create(*, instansi, tahun: int, semester: int, dibuka: bool = True) -> Periode:
    if semester not in (1, 2) or not 2000 <= int(tahun) <= 2100:
        raise ApplicationError("Periode harus tahun 2000–2100, semester 1 atau 2.", code="periode_invalid")
    row, created = Periode.objects.get_or_create(
        instansi=instansi, tahun=tahun, semester=semester, defaults={"dibuka": dibuka}
    )
    if not created:
        raise ApplicationError("Periode ini sudah ada.", code="periode_exists")
    return row


@transaction.atomic
def periode_set_open(*, periode: Periode, dibuka: bool) -> Periode:
    periode = Periode.objects.select_for_update().get(pk=periode.pk)
    periode.dibuka = bool(dibuka)
    periode.save(update_fields=["dibuka"])
    return periode


# --- The hand-made SKP page (#13) --------------------------------------------------------------------

# Seed 003 #13: from 2024 on, a User PMM's SKP comes from PMM only.
TAHUN_TERAKHIR_SKP_MANUAL_PMM = 2023


def skp_manual_create(*, pns: PnsSiasn, tahun: int, semester: int, peran: str, uraian: str) -> Skp:
    """A pegawai adds an SKP by hand in e-Kinerja; refused with #13 for a User PMM after 2023.

    The refusal is logged (Log Sinkronisasi PMM) so the Admin Instansi sees it, then raised.
    """
    uraian = " ".join((uraian or "").split())
    if peran not in Peran.values:
        raise ApplicationError("Peran tidak dikenal.", code="peran_invalid")
    if not uraian:
        raise ApplicationError("Uraian RHK wajib diisi.", code="rhk_required")
    pegawai = Pegawai.objects.select_related("unor").filter(pns=pns).first()
    if pegawai is None:
        err = catalogue.get("E11")
        raise ApplicationError(err.message, code=err.code, status=422)
    is_user_pmm = UserPmm.objects.filter(instansi_id=pegawai.instansi_id, nip=pns.nip).exists()
    if is_user_pmm and int(tahun) > TAHUN_TERAKHIR_SKP_MANUAL_PMM:
        err = catalogue.get("E13")
        _log_write(
            jenis=JenisLog.SKP_MANUAL,
            instansi_id=pegawai.instansi_id,
            nip=pns.nip,
            nama=pns.nama,
            peran=peran,
            tahun=tahun,
            semester=semester,
            dikirim={"periode": {"tahun": tahun, "semester": semester}, "peran": peran, "uraian": uraian},
            ekinerja={"user_pmm": True, "unor": pegawai.unor.nama},
            hasil=Hasil.GAGAL,
            temuan=Temuan("E13"),
            http_status=err.http_status,
        )
        raise ApplicationError(err.message, code=err.code, status=err.http_status)
    return _skp_manual_write(pegawai=pegawai, tahun=tahun, semester=semester, peran=peran, uraian=uraian)


@transaction.atomic
def _skp_manual_write(*, pegawai: Pegawai, tahun: int, semester: int, peran: str, uraian: str) -> Skp:
    periode = Periode.objects.filter(instansi_id=pegawai.instansi_id, tahun=tahun, semester=semester).first()
    if periode is None or not periode.dibuka:
        err = catalogue.get("E08")
        raise ApplicationError(err.message, code=err.code, status=422)
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    if Skp.objects.filter(pegawai=pegawai, periode=periode, peran=peran).exists():
        raise ApplicationError("SKP untuk periode dan peran ini sudah ada.", code="skp_exists")
    now = clock.now()
    skp = Skp.objects.create(
        pegawai=pegawai,
        periode=periode,
        peran=peran,
        unor=pegawai.unor,
        is_organisasi=peran != Peran.GURU,
        sumber=Sumber.MANUAL,
        disepakati=False,
        dibuat_pada=now,
        diperbarui_pada=now,
    )
    Rhk.objects.create(skp=skp, kode="MANUAL-1", uraian=uraian, urutan=1)
    return skp


# --- The sync ---------------------------------------------------------------------------------------


@dataclass
class Jawaban:
    """What the API answers: status, JSON body and headers."""

    status: int
    body: dict
    headers: dict = field(default_factory=dict)


def _no_nul(value):
    """PostgreSQL stores no NUL character, in text or in JSON; a log must still record the attempt."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_no_nul(str(k)): _no_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_no_nul(v) for v in value]
    return value


def _json(value):
    return _no_nul(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _fingerprint(data: dict) -> str:
    clean = {k: v for k, v in data.items() if k != "idempotency_key"}
    return hashlib.sha256(json.dumps(clean, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()


def _peek(data, name: str) -> str:
    value = data.get(name) if isinstance(data, dict) else None
    return str(value)[:32] if isinstance(value, str | int) else ""


def _peek_periode(data) -> tuple[int | None, int | None]:
    periode = data.get("periode") if isinstance(data, dict) else None
    if not isinstance(periode, dict):
        return None, None
    out = []
    for name in ("tahun", "semester"):
        v = periode.get(name)
        out.append(v if isinstance(v, int) and 0 <= v <= 32767 else None)
    return out[0], out[1]


def _log_write(
    *,
    jenis=JenisLog.SINKRON,
    request_id=None,
    instansi_id=None,
    api_key=None,
    idempotency_key="",
    nip="",
    nama="",
    peran="",
    tahun=None,
    semester=None,
    dikirim=None,
    ekinerja=None,
    hasil,
    temuan: Temuan | None = None,
    pesan="",
    peringatan=None,
    gangguan="",
    http_status: int,
    skp=None,
) -> LogSinkron:
    entry = temuan.entry if temuan else None
    return LogSinkron.objects.create(
        waktu=clock.now(),
        request_id=request_id or uuid.uuid4(),
        jenis=jenis,
        idempotency_key=_no_nul(idempotency_key or "")[:100],
        instansi_id=instansi_id,
        api_key=api_key,
        nip=_no_nul(nip or "")[:32],
        nama=_no_nul(nama or "")[:150],
        peran=_no_nul(peran or "")[:20],
        tahun=tahun,
        semester=semester,
        dikirim=_json(dikirim or {}),
        ekinerja=_json(ekinerja or {}),
        hasil=hasil,
        kode=entry.code if entry else "",
        kondisi=temuan.kondisi if temuan else "",
        pesan=entry.message if entry else pesan,
        aktor=temuan.aktor if temuan else "",
        peringatan=_json([t.as_dict() for t in peringatan or []]),
        gangguan=gangguan,
        http_status=http_status,
        skp=skp,
    )


def _error_body(temuan: Temuan, *, request_id, log_id) -> dict:
    body = temuan.as_dict()
    body["detail"].update({"request_id": str(request_id), "log_id": log_id})
    return body


def _instansi_hint(nip: str) -> int | None:
    if not nip:
        return None
    return PnsSiasn.objects.filter(nip=nip).values_list("instansi_id", flat=True).first()


def skp_sync(*, raw_key: str | None, data) -> Jawaban:
    """POST sync of one SKP (guru, kepala sekolah, or "Sinkro data PLT PMM"); see API.md.

    Order: #6 API key → injected fault (#9) → payload shape → idempotency replay → the pipeline →
    the SKP write. Only a success is kept under its idempotency key, so a retry after an error is
    checked again against the data (which someone may have fixed meanwhile).
    """
    request_id = uuid.uuid4()
    headers = {"X-Request-Id": str(request_id)}
    nip_hint = _peek(data, "nip")
    tahun_hint, semester_hint = _peek_periode(data)
    base = {
        "request_id": request_id,
        "nip": nip_hint,
        "nama": _peek(data, "nama"),
        "peran": _peek(data, "peran"),
        "tahun": tahun_hint,
        "semester": semester_hint,
        "idempotency_key": _peek(data, "idempotency_key"),
        "dikirim": data if isinstance(data, dict) else {"_tidak_terbaca": True},
    }

    api_key = api_key_resolve(raw_key)
    if api_key is None:
        temuan = Temuan("E06")
        log = _log_write(
            **base, instansi_id=_instansi_hint(nip_hint), hasil=Hasil.GAGAL, temuan=temuan, http_status=401
        )
        return Jawaban(401, _error_body(temuan, request_id=request_id, log_id=log.id), headers)
    base.update(instansi_id=api_key.instansi_id, api_key=api_key)

    fault = gangguan_draw(sync=True, nip=nip_hint)
    if fault in (ModeGangguan.ERROR_500, ModeGangguan.OUTAGE):
        status = 500 if fault == ModeGangguan.ERROR_500 else 503
        temuan = Temuan("E09", detail={"gangguan": fault, "http_status": status})
        log = _log_write(**base, hasil=Hasil.GAGAL, temuan=temuan, gangguan=fault, http_status=status)
        if fault == ModeGangguan.OUTAGE:
            headers["Retry-After"] = "30"
        return Jawaban(status, _error_body(temuan, request_id=request_id, log_id=log.id), headers)
    if fault == ModeGangguan.TIMEOUT:
        # The answer comes too late for PMM's client, but the work is done: a retry with the same
        # idempotency key replays it instead of writing twice.
        _sleep(fault_timeout_seconds())
    gangguan = fault or ""

    serializer = SkpPayloadSerializer(data=data if isinstance(data, dict) else {}, require_key=True)
    if not isinstance(data, dict) or not serializer.is_valid():
        detail = (
            serializer.errors if isinstance(data, dict) else {"non_field_errors": ["Body harus objek JSON."]}
        )
        log = _log_write(
            **base, hasil=Hasil.GAGAL, pesan="Data tidak valid.", gangguan=gangguan, http_status=400
        )
        body = {
            "code": "invalid",
            "message": "Data tidak valid.",
            "detail": {**_json(detail), "request_id": str(request_id), "log_id": log.id},
        }
        return Jawaban(400, body, headers)
    req = serializer.permintaan()
    fingerprint = _fingerprint(serializer.validated_data)
    base.update(
        dikirim=serializer.validated_data,
        nama=req.nama,
        peran=req.peran,
        tahun=req.tahun,
        semester=req.semester,
    )

    try:
        return _sync_locked(
            req=req, api_key=api_key, fingerprint=fingerprint, base=base, gangguan=gangguan, headers=headers
        )
    except IntegrityError:
        # Two different payloads raced under the same idempotency key: the loser changes nothing.
        body = {
            "code": "idempotency_conflict",
            "message": "Kunci idempotensi sedang atau sudah dipakai untuk data lain.",
            "detail": {"request_id": str(request_id)},
        }
        return Jawaban(409, body, headers)


@transaction.atomic
def _sync_locked(
    *, req: Permintaan, api_key: ApiKey, fingerprint: str, base: dict, gangguan: str, headers: dict
):
    request_id = base["request_id"]
    instansi_id = api_key.instansi_id
    # One sync per pegawai at a time: concurrent calls for the same pegawai (retries, double clicks,
    # a bulk run beside the pegawai's own click) queue here and see each other's SKP.
    pns_ids = list(
        PnsSiasn.objects.filter(nip=req.nip).values_list("id", flat=True)
        or PnsSiasn.objects.filter(nik=req.nik).values_list("id", flat=True)
    )
    if pns_ids:
        list(Pegawai.objects.select_for_update().filter(instansi_id=instansi_id, pns_id__in=pns_ids))

    stored = KunciIdempotensi.objects.filter(instansi_id=instansi_id, key=req.idempotency_key).first()
    if stored is not None:
        if stored.fingerprint != fingerprint:
            log = _log_write(
                **base,
                hasil=Hasil.GAGAL,
                pesan="Kunci idempotensi sudah dipakai untuk data lain.",
                gangguan=gangguan,
                http_status=409,
            )
            body = {
                "code": "idempotency_conflict",
                "message": "Kunci idempotensi sudah dipakai untuk data lain.",
                "detail": {"request_id": str(request_id), "log_id": log.id},
            }
            return Jawaban(409, body, headers)
        return Jawaban(
            stored.http_status, {**stored.body, "replay": True}, {**headers, "Idempotent-Replayed": "true"}
        )

    ctx = konteks_load(instansi_id=instansi_id, requests=[req])
    found = findings(req, ctx)
    snap = snapshot(req, ctx)
    stop = blocking(found)
    warnings = [t for t in found if t.peringatan]
    if stop is not None:
        status = stop.entry.http_status or 422
        log = _log_write(
            **base,
            ekinerja=snap,
            hasil=Hasil.GAGAL,
            temuan=stop,
            peringatan=warnings,
            gangguan=gangguan,
            http_status=status,
        )
        return Jawaban(status, _error_body(stop, request_id=request_id, log_id=log.id), headers)

    skp, created, deleted = _skp_write(req=req, ctx=ctx)
    hasil = Hasil.PERINGATAN if warnings else Hasil.BERHASIL
    log = _log_write(
        **base,
        ekinerja=snap,
        hasil=hasil,
        temuan=warnings[0] if warnings else None,
        peringatan=warnings,
        gangguan=gangguan,
        http_status=200,
        skp=skp,
    )
    body = {
        "status": hasil.value,
        "replay": False,
        "request_id": str(request_id),
        "log_id": log.id,
        "skp": _skp_dict(skp) | {"dibuat": created, "skp_lama_dihapus": deleted},
        "peringatan": [t.as_dict() for t in warnings],
    }
    KunciIdempotensi.objects.create(
        instansi_id=instansi_id,
        key=req.idempotency_key,
        fingerprint=fingerprint,
        http_status=200,
        body=_json(body),
        log=log,
        dibuat_pada=clock.now(),
    )
    return Jawaban(200, body, headers)


def _skp_dict(skp: Skp) -> dict:
    return {
        "id": skp.id,
        "nip": skp.pegawai.pns.nip,
        "peran": skp.peran,
        "periode": {"tahun": skp.periode.tahun, "semester": skp.periode.semester},
        "unor": {"id": skp.unor_id, "nama": skp.unor.nama, "npsn": skp.unor.npsn},
        "atasan": {"nip": skp.atasan_nip, "nama": skp.atasan_nama} if skp.atasan_nip else None,
        "is_organisasi": skp.is_organisasi,
        "sumber": skp.sumber,
        "disepakati": skp.disepakati,
        "jumlah_rhk": skp.rhk.count(),
    }


def _skp_write(*, req: Permintaan, ctx: Konteks) -> tuple[Skp, bool, bool]:
    """Create or update the one SKP of (pegawai, period, role) from what PMM sent."""
    pegawai = ctx.pegawai_for(req)
    periode = ctx.periode_for(req)
    unor = pegawai.unor
    now = clock.now()
    deleted = False
    skp = ctx.existing_skp(pegawai, periode, req.peran)
    if skp is not None and skp.unor_id != unor.id:
        # #12 confirmed ("Tetap Lakukan Sinkro"): the SKP with the old unor is deleted (seed 003).
        skp.delete()
        skp, deleted = None, True

    if req.peran == Peran.GURU:
        atasan = ctx.atasan_unor(unor)
    else:
        # A principal's (or Plt's) atasan is the head of the parent unor (the Kepala Dinas).
        parent = Unor.objects.select_related("pemimpin").filter(pk=unor.diatasan_id).first()
        atasan = parent.pemimpin if parent else None
    fields = {
        "unor": unor,
        "atasan_nip": atasan.nip if atasan else "",
        "atasan_nama": atasan.nama if atasan else "",
        "is_organisasi": req.peran != Peran.GURU,
        "sumber": Sumber.PMM,
        "disepakati": req.disepakati,
        "idempotency_key": req.idempotency_key,
        "diperbarui_pada": now,
    }
    created = skp is None
    if created:
        skp = Skp.objects.create(pegawai=pegawai, periode=periode, peran=req.peran, dibuat_pada=now, **fields)
    else:
        for name, value in fields.items():
            setattr(skp, name, value)
        skp.save(update_fields=list(fields))
    if req.peran == Peran.PLT_KEPALA_SEKOLAH:
        skp.unor_plt.set([r.unor_id for r in ctx.plt_by_pns.get(pegawai.pns_id) or []])

    targets: dict[str, Rhk] = {}
    first_target = None
    if req.peran == Peran.GURU:
        org = ctx.organisasi.get((unor.id, periode.id))
        if org is not None:
            org_rhk = list(Rhk.objects.filter(skp=org).order_by("urutan", "id"))
            targets = {r.kode: r for r in org_rhk}
            first_target = org_rhk[0] if org_rhk else None

    existing = {r.kode: r for r in Rhk.objects.filter(skp=skp)}
    to_create, to_update = [], []
    for i, r in enumerate(req.rhk, start=1):
        link = targets.get(r.rhk_atasan_kode) if r.rhk_atasan_kode else first_target
        row = existing.pop(r.kode, None)
        if row is None:
            to_create.append(
                Rhk(
                    skp=skp,
                    kode=r.kode,
                    jenis=r.jenis,
                    uraian=r.uraian,
                    target=r.target,
                    urutan=i,
                    rhk_atasan=link,
                )
            )
        else:
            row.jenis, row.uraian, row.target, row.urutan, row.rhk_atasan = (
                r.jenis,
                r.uraian,
                r.target,
                i,
                link,
            )
            to_update.append(row)
    if existing:
        Rhk.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    Rhk.objects.bulk_update(to_update, ["jenis", "uraian", "target", "urutan", "rhk_atasan"])
    Rhk.objects.bulk_create(to_create)
    skp = Skp.objects.select_related("pegawai__pns", "periode", "unor").get(pk=skp.pk)
    return skp, created, deleted
