"""Preflight diagnosis: every error a sync would meet, in the pipeline's order, before anything is
sent (DESIGN.md §4). For one pegawai or a whole instansi; on a page, in the API and in
``manage.py sinkro_diagnose``.

PMM's own checks come from ``sinkro.payload`` (the very functions the sync runs); e-Kinerja's side
comes from its ``skp/diagnosa-massal`` endpoint: one HTTP call per instansi key and per 2000
pegawai, never one per pegawai. The database reads are ``payload.konteks_load``'s fixed set.

When e-Kinerja cannot answer, the reason is itself a pipeline error for everyone in that call: an
unknown key is #6, an outage #9, no answer in time #9 (timeout). #9's injected 500 and timeout
faults hit sync calls only (API.md), so a preflight cannot foresee them.
"""

from dataclasses import dataclass, field

from kinerja import periods

from . import catalogue, client
from .payload import Konteks, Siap, Target, Temuan, konteks_load, prepare


@dataclass
class Diagnosis:
    target: Target
    periode: object
    errors: list[Temuan] = field(default_factory=list)
    ekinerja: dict | None = None  # what e-Kinerja holds (its snapshot), when it answered
    diperiksa_ekinerja: bool = False

    @property
    def ptk(self):
        return self.target.ptk

    @property
    def peran(self) -> str:
        return self.target.peran

    @property
    def blocking(self) -> Temuan | None:
        """The error that stops a sync: the first one that is not a warning."""
        return next((t for t in self.errors if not t.peringatan), None)

    @property
    def ok(self) -> bool:
        return self.blocking is None

    @property
    def warnings(self) -> list[Temuan]:
        return [t for t in self.errors if t.peringatan]

    def as_dict(self) -> dict:
        ptk = self.ptk
        blocking = self.blocking
        return {
            "nip": ptk.nip,
            "nama": ptk.nama,
            "npsn": ptk.sekolah.npsn,
            "sekolah": ptk.sekolah.nama,
            "peran": str(self.peran),
            "periode": {"tahun": self.periode.tahun, "semester": self.periode.semester},
            "ok": self.ok,
            "menghentikan": blocking.code if blocking else None,
            "errors": [t.as_dict() for t in self.errors],
            "diperiksa_ekinerja": self.diperiksa_ekinerja,
            "ekinerja": self.ekinerja,
        }


def _order(temuan: list[Temuan]) -> list[Temuan]:
    last = len(catalogue.PIPELINE) + 1
    return sorted(temuan, key=lambda t: t.entry.position or last)


def _call_failure(jawaban: client.Jawaban) -> Temuan | None:
    """Why e-Kinerja did not diagnose (None: it did)."""
    if jawaban.status == 200 and isinstance(jawaban.body.get("results"), list):
        return None
    if jawaban.status is None:
        code = "E09T" if jawaban.timeout else "E09"
        return Temuan(code, detail={"transport": jawaban.transport_error}, sisi=catalogue.Sisi.EKINERJA)
    if jawaban.status == 401:
        return Temuan("E06", sisi=catalogue.Sisi.EKINERJA)
    return Temuan("E09", detail={"http_status": jawaban.status}, sisi=catalogue.Sisi.EKINERJA)


def _ekinerja_temuan(result: dict) -> list[Temuan]:
    out = []
    for e in result.get("errors") or []:
        code = e.get("code") if isinstance(e, dict) else None
        if catalogue.lookup(code) is None:
            continue
        detail = e.get("detail") if isinstance(e.get("detail"), dict) else {}
        out.append(
            Temuan(
                code,
                kondisi=str(detail.get("kondisi") or ""),
                detail=detail,
                sisi=catalogue.Sisi.EKINERJA,
                aktor_override=str(detail.get("aktor") or ""),
            )
        )
    return out


def diagnose_prepared(siap: list[Siap]) -> list[Diagnosis]:
    out = [Diagnosis(s.target, s.periode, list(s.temuan)) for s in siap]
    groups: dict[str | None, list[int]] = {}
    for i, s in enumerate(siap):
        if s.payload is not None:
            groups.setdefault(s.api_key, []).append(i)
    for api_key, indexes in groups.items():
        for start in range(0, len(indexes), client.BULK_MAX):
            part = indexes[start : start + client.BULK_MAX]
            jawaban = client.diagnose_bulk([siap[i].payload for i in part], api_key=api_key)
            failure = _call_failure(jawaban)
            results = jawaban.body.get("results") if failure is None else None
            for pos, i in enumerate(part):
                d = out[i]
                if failure is not None:
                    d.errors.append(failure)
                    continue
                result = results[pos] if pos < len(results) and isinstance(results[pos], dict) else {}
                d.errors += _ekinerja_temuan(result)
                d.ekinerja = result.get("ekinerja") if isinstance(result.get("ekinerja"), dict) else None
                d.diperiksa_ekinerja = True
    for d in out:
        d.errors = _order(d.errors)
    return out


def diagnose(targets: list[Target], *, periode=None, ctx: Konteks | None = None) -> list[Diagnosis]:
    """The preflight of ``targets`` for ``periode`` (default: the period of the simulated today)."""
    periode = periode or periods.periode_current(create=False)
    ctx = ctx or konteks_load(targets, periode)
    return diagnose_prepared([prepare(t, ctx) for t in targets])


@dataclass
class Ringkasan:
    jumlah: int
    siap: int
    per_kode: list  # [(SinkroError, n)] in pipeline order, of the error that stops each sync
    per_aktor: list  # [(aktor, n)]


def ringkas(diagnoses: list[Diagnosis]) -> Ringkasan:
    per_kode: dict[str, int] = {}
    per_aktor: dict[str, int] = {}
    for d in diagnoses:
        b = d.blocking
        if b is None:
            continue
        per_kode[b.code] = per_kode.get(b.code, 0) + 1
        per_aktor[b.aktor] = per_aktor.get(b.aktor, 0) + 1
    last = len(catalogue.PIPELINE) + 1
    return Ringkasan(
        jumlah=len(diagnoses),
        siap=sum(1 for d in diagnoses if d.ok),
        per_kode=sorted(
            ((catalogue.get(k), n) for k, n in per_kode.items()), key=lambda x: x[0].position or last
        ),
        per_aktor=sorted(per_aktor.items(), key=lambda x: (-x[1], x[0])),
    )
