"""The SIASN/e-Kinerja population of the Bimtek scenario (DESIGN.md §7), mirroring Dapodik's.

It reads the scenario *as designed* (``dapodik.bimtek.scenario_build()``, deterministic) rather than
the Dapodik tables, which trainees change during a Bimtek: SIASN is the truth the trainees repair
Dapodik towards. Where the scenario gives a PTK a wrong Dapodik NIP on purpose, SIASN holds the right
one (``PtkSpec.nip_siasn``); SIASN names and birth dates are Dukcapil's.

What it builds, for the kabupaten and the provinsi Pemda:
- unor: the Pemda (root) → Dinas Pendidikan → one unor per negeri school (same NPSN and name),
  all active in e-Kinerja and SIASN; heads = definitive principals;
- a SIASN PNS for every ASN PTK (PNS, PPPK, CPNS, PNS Diperbantukan), its unor = its school's (the
  Dinas for a PNS seconded to a swasta school), last unor change = its Dapodik TMT;
- every such PNS added as e-Kinerja pegawai; the User PMM list = the ASN teachers and principals of
  negeri schools (a PNS seconded to a swasta school uses e-Kinerja directly, REFERENCE.md §3i);
- the Plt registrations of the scenario; the periods of 2024 up to the simulated year, open;
- one API key per Pemda, with a reproducible value (``bimtek_api_key``) that PMM's own seeding can
  compute from the same SECRET_KEY (documented in API.md).

Running it again restores all of this (names, flags, parents, heads, lists) and changes nothing
else. The deliberate breakages of the 20 sync errors are named cases (``Kerusakan``) registered with
``kerusakan_register``; they run after the healthy population, in the same transaction.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from dapodik import bimtek as dapodik_bimtek
from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA, STATUS_ASN_SINKRO, JenisPenugasan, StatusSekolah
from pmm import clock
from pmm.errors import ApplicationError
from pmm.models import Instansi

from . import services
from .models import (
    ApiKey,
    KunciIdempotensi,
    LogSinkron,
    Pegawai,
    Periode,
    PltRegistrasi,
    PnsSiasn,
    Skp,
    Unor,
    UserPmm,
)

PERIODE_TAHUN_AWAL = 2024


def hex_id(kind: str, natural_key: str) -> str:
    """A stable SIASN-style id (32 uppercase hex) for a natural key, so reruns keep the same ids."""
    return hashlib.md5(f"siasn:{kind}:{natural_key}".encode(), usedforsecurity=False).hexdigest().upper()


def bimtek_api_key(instansi_kode: str) -> str:
    """The Bimtek x-api-key of an instansi: ``ek_bimtek_`` + sha256(SECRET_KEY:ekinerja-bimtek:kode)[:32]."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:ekinerja-bimtek:{instansi_kode}".encode()).hexdigest()
    return f"ek_bimtek_{digest[:32]}"


@dataclass
class Populasi:
    """What the seed wrote, for the named breakages and the summary."""

    scenario: object
    instansi: dict[str, Instansi]  # dapodik_bimtek.KAB / PROV
    root: dict[str, Unor]
    dinas: dict[str, Unor]
    unor_by_npsn: dict[str, Unor]
    pns_by_key: dict[str, PnsSiasn]  # PtkSpec.key → PNS
    api_keys: dict[str, str] = field(default_factory=dict)  # instansi kode → raw key
    kerusakan: list[str] = field(default_factory=list)

    def pns_of_tokoh(self, kode: str) -> PnsSiasn:
        tokoh = self.scenario.tokoh_by_kode(kode)
        return self.pns_by_key[tokoh.ptk_key]


@dataclass(frozen=True)
class Kerusakan:
    """A named deliberate breakage: which tokoh (PTK key) gets which error, and how."""

    kode_tokoh: str
    error: str  # a sinkro.catalogue code
    uraian: str
    terapkan: Callable[[Populasi], None]


KERUSAKAN: list[Kerusakan] = []


def kerusakan_register(kerusakan: Kerusakan) -> Kerusakan:
    if all(k.kode_tokoh != kerusakan.kode_tokoh or k.error != kerusakan.error for k in KERUSAKAN):
        KERUSAKAN.append(kerusakan)
    return kerusakan


def _upsert(model, objs, unique: list[str], fields: list[str]) -> None:
    model.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=unique, update_fields=fields, batch_size=500
    )


@transaction.atomic
def seed(*, hapus_skp: bool = False) -> Populasi:
    sc = dapodik_bimtek.scenario_build()
    kode = {
        dapodik_bimtek.KAB: dapodik_bimtek.INSTANSI_KAB[0],
        dapodik_bimtek.PROV: dapodik_bimtek.INSTANSI_PROV[0],
    }
    instansi = {k: Instansi.objects.filter(kode=v).first() for k, v in kode.items()}
    if not all(instansi.values()):
        raise ApplicationError(
            "Instansi skenario Bimtek belum ada. Jalankan dulu: python manage.py seed_bimtek",
            code="bimtek_missing",
        )
    instansi_ids = [i.id for i in instansi.values()]

    # Unor: Pemda → Dinas Pendidikan → schools.
    root, dinas = {}, {}
    for pemda, inst in instansi.items():
        root[pemda] = Unor(id=hex_id("unor", f"pemda:{inst.kode}"), instansi=inst, nama=inst.nama, npsn="")
        wilayah = inst.nama.removeprefix("Pemerintah ").strip()
        dinas[pemda] = Unor(
            id=hex_id("unor", f"dinas:{inst.kode}"),
            instansi=inst,
            nama=f"Dinas Pendidikan {wilayah}",
            npsn="",
            diatasan_id=root[pemda].id,
        )
    sekolah_unor = {
        s.npsn: Unor(
            id=hex_id("unor", f"npsn:{s.npsn}"),
            instansi=instansi[s.pemda],
            nama=s.nama,
            npsn=s.npsn,
            diatasan_id=dinas[s.pemda].id,
        )
        for s in sc.sekolah
        if s.status == StatusSekolah.NEGERI and s.pemda
    }
    unors = list(root.values()) + list(dinas.values()) + list(sekolah_unor.values())
    for u in unors:
        u.aktif_ekinerja = u.aktif_siasn = True
        u.pemimpin = None
    # Parents first (bulk_create inserts in order, the root has no parent).
    _upsert(
        Unor,
        unors,
        ["id"],
        ["instansi", "nama", "npsn", "aktif_ekinerja", "aktif_siasn", "diatasan", "pemimpin"],
    )

    # SIASN PNS for every ASN PTK.
    sekolah = {s.npsn: s for s in sc.sekolah}
    pns_rows: dict[str, PnsSiasn] = {}
    for p in sc.ptk:
        if p.status_kepegawaian not in STATUS_ASN_SINKRO or not p.nip_siasn:
            continue
        s = sekolah[p.npsn]
        pemda = s.pemda or dapodik_bimtek.KAB  # a PNS seconded to a swasta school stays the kabupaten's
        unor = sekolah_unor.get(p.npsn) or dinas[pemda]
        pns_rows[p.key] = PnsSiasn(
            id=hex_id("pns", p.nik),
            instansi=instansi[pemda],
            nip=p.nip_siasn,
            nik=p.nik,
            nama=p.dukcapil_nama,
            tanggal_lahir=p.dukcapil_tanggal_lahir,
            email=p.email,
            unor_id=unor.id,
            tanggal_unor=p.tmt_tugas,
        )
    _upsert(
        PnsSiasn,
        list(pns_rows.values()),
        ["id"],
        ["instansi", "nip", "nik", "nama", "tanggal_lahir", "email", "unor", "tanggal_unor"],
    )

    # Heads: the definitive principals; a school led by a Plt has no head in SIASN.
    heads = []
    for a in sc.penugasan:
        if a.jenis == JenisPenugasan.DEFINITIF and a.npsn in sekolah_unor and a.ptk_key in pns_rows:
            u = sekolah_unor[a.npsn]
            u.pemimpin_id = pns_rows[a.ptk_key].id
            heads.append(u)
    Unor.objects.bulk_update(heads, ["pemimpin"], batch_size=500)

    now = clock.now()
    _upsert(
        Pegawai,
        [
            Pegawai(pns_id=pns.id, instansi_id=pns.instansi_id, unor_id=pns.unor_id, ditambahkan_pada=now)
            for pns in pns_rows.values()
        ],
        ["pns"],
        ["instansi", "unor"],
    )

    # User PMM: ASN teachers and principals of negeri schools.
    wanted_user_pmm = {
        (pns_rows[p.key].instansi_id, pns_rows[p.key].nip)
        for p in sc.ptk
        if p.key in pns_rows and p.npsn in sekolah_unor and p.jenis_ptk in JENIS_PTK_PENGELOLAAN_KINERJA
    }
    existing = set(UserPmm.objects.filter(instansi_id__in=instansi_ids).values_list("instansi_id", "nip"))
    for instansi_id, nip in existing - wanted_user_pmm:
        UserPmm.objects.filter(instansi_id=instansi_id, nip=nip).delete()
    UserPmm.objects.bulk_create(
        [UserPmm(instansi_id=i, nip=n, ditambahkan_pada=now) for i, n in sorted(wanted_user_pmm - existing)]
    )

    # Plt registrations, exactly the scenario's.
    wanted_plt = {
        (pns_rows[a.ptk_key].id, sekolah_unor[a.npsn].id): sekolah_unor[a.npsn].instansi_id
        for a in sc.penugasan
        if a.jenis == JenisPenugasan.PLT and a.ptk_key in pns_rows and a.npsn in sekolah_unor
    }
    existing_plt = {
        (r.pns_id, r.unor_id): r.pk for r in PltRegistrasi.objects.filter(instansi_id__in=instansi_ids)
    }
    PltRegistrasi.objects.filter(
        pk__in=[pk for k, pk in existing_plt.items() if k not in wanted_plt]
    ).delete()
    PltRegistrasi.objects.bulk_create(
        [
            PltRegistrasi(pns_id=p, unor_id=u, instansi_id=i, ditambahkan_pada=now)
            for (p, u), i in sorted(wanted_plt.items())
            if (p, u) not in existing_plt
        ]
    )

    # Periods 2024 … the simulated year, open.
    last_year = max(PERIODE_TAHUN_AWAL, clock.today().year)
    _upsert(
        Periode,
        [
            Periode(instansi_id=i, tahun=t, semester=s, dibuka=True)
            for i in instansi_ids
            for t in range(PERIODE_TAHUN_AWAL, last_year + 1)
            for s in (1, 2)
        ],
        ["instansi", "tahun", "semester"],
        ["dibuka"],
    )

    if hapus_skp:
        Skp.objects.filter(pegawai__instansi_id__in=instansi_ids).delete()
        KunciIdempotensi.objects.filter(instansi_id__in=instansi_ids).delete()
        LogSinkron.objects.filter(instansi_id__in=instansi_ids).delete()

    populasi = Populasi(
        scenario=sc,
        instansi=instansi,
        root=root,
        dinas=dinas,
        unor_by_npsn=sekolah_unor,
        pns_by_key=dict(pns_rows),
    )
    for inst in instansi.values():
        raw = bimtek_api_key(inst.kode)
        services.api_key_create(instansi=inst, nama="Integrasi PMM (Bimtek)", raw=raw)
        populasi.api_keys[inst.kode] = raw

    for k in KERUSAKAN:
        k.terapkan(populasi)
        populasi.kerusakan.append(f"{k.error} · {k.kode_tokoh}: {k.uraian}")
    return populasi


def ringkasan(populasi: Populasi) -> list[str]:
    ids = [i.id for i in populasi.instansi.values()]
    lines = [
        f"Unor: {Unor.objects.filter(instansi_id__in=ids).count()}",
        f"PNS SIASN: {PnsSiasn.objects.filter(instansi_id__in=ids).count()}",
        f"Pegawai e-Kinerja: {Pegawai.objects.filter(instansi_id__in=ids).count()}",
        f"User PMM: {UserPmm.objects.filter(instansi_id__in=ids).count()}",
        f"Registrasi Plt: {PltRegistrasi.objects.filter(instansi_id__in=ids).count()}",
        f"Periode dibuka: {Periode.objects.filter(instansi_id__in=ids, dibuka=True).count()}",
        f"API key aktif: {ApiKey.objects.filter(instansi_id__in=ids, aktif=True).count()}",
    ]
    for kode, raw in populasi.api_keys.items():
        lines.append(f"x-api-key {kode}: {raw}")
    lines += [f"Kerusakan: {k}" for k in populasi.kerusakan]
    return lines
