"""``python manage.py ekinerja_impor FILE.json``: load one instansi's SIASN/e-Kinerja records in bulk.

BKN's side of a large simulated population (load tests, ``bench sync``): the caller gives the
records as JSON, so the mock still learns nothing from PMM's or Dapodik's tables. Idempotent
(upserts by natural key). ``--hapus-skp`` also clears the instansi's SKP, idempotency keys and Log
Sinkronisasi PMM; ``--hapus KODE`` removes everything of that instansi.

    {"instansi": "KODE", "api_key": "raw key to whitelist",
     "periode": [{"tahun": 2025, "semester": 1}],
     "unor": [{"npsn": "8 digits", "nama": "…", "kepala_nip": "18 digits or empty"}],
     "pns": [{"nip", "nik", "nama", "tanggal_lahir": "YYYY-MM-DD", "npsn", "tanggal_unor", "email"}],
     "plt": [{"nip": "…", "npsn": "…"}]}

Every PNS is added as pegawai (unor = its school) and to the User PMM list; unors hang under the
instansi's Dinas Pendidikan unor, itself under the Pemda's.
"""

import hashlib
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pmm import clock
from pmm.models import Instansi

from ... import services
from ...models import (
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


def _hex(label: str) -> str:
    return hashlib.md5(f"impor:{label}".encode(), usedforsecurity=False).hexdigest().upper()


def _upsert(model, objs, unique, fields):
    model.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=unique, update_fields=fields, batch_size=1000
    )


def hapus_skp(instansi) -> None:
    Skp.objects.filter(pegawai__instansi=instansi).delete()
    KunciIdempotensi.objects.filter(instansi=instansi).delete()
    LogSinkron.objects.filter(instansi=instansi).delete()


@transaction.atomic
def hapus(instansi) -> None:
    hapus_skp(instansi)
    PltRegistrasi.objects.filter(instansi=instansi).delete()
    UserPmm.objects.filter(instansi=instansi).delete()
    Pegawai.objects.filter(instansi=instansi).delete()
    Unor.objects.filter(instansi=instansi).update(pemimpin=None, diatasan=None)
    PnsSiasn.objects.filter(instansi=instansi).delete()
    Unor.objects.filter(instansi=instansi).delete()
    Periode.objects.filter(instansi=instansi).delete()
    ApiKey.objects.filter(instansi=instansi).delete()


@transaction.atomic
def impor(data: dict, *, hapus_skp_dulu: bool = False) -> dict:
    instansi = Instansi.objects.filter(kode=data.get("instansi")).first()
    if instansi is None:
        raise CommandError(f"Instansi {data.get('instansi')!r} tidak ditemukan.")
    if hapus_skp_dulu:
        hapus_skp(instansi)
    root = Unor(id=_hex(f"root:{instansi.kode}"), instansi=instansi, nama=instansi.nama, npsn="")
    dinas = Unor(
        id=_hex(f"dinas:{instansi.kode}"),
        instansi=instansi,
        nama=f"Dinas Pendidikan {instansi.nama}",
        npsn="",
    )
    _upsert(Unor, [root], ["id"], ["instansi", "nama"])
    dinas.diatasan_id = root.id
    _upsert(Unor, [dinas], ["id"], ["instansi", "nama", "diatasan"])
    unors = {
        u["npsn"]: Unor(
            id=_hex(f"npsn:{u['npsn']}"),
            instansi=instansi,
            nama=u["nama"],
            npsn=u["npsn"],
            diatasan_id=dinas.id,
            aktif_ekinerja=True,
            aktif_siasn=True,
        )
        for u in data.get("unor", [])
    }
    _upsert(
        Unor,
        list(unors.values()),
        ["id"],
        ["instansi", "nama", "npsn", "diatasan", "aktif_ekinerja", "aktif_siasn"],
    )

    pns = [
        PnsSiasn(
            id=_hex(f"pns:{p['nik']}"),
            instansi=instansi,
            nip=p["nip"],
            nik=p["nik"],
            nama=p["nama"][:150],
            tanggal_lahir=date.fromisoformat(p["tanggal_lahir"]),
            email=p.get("email") or "",
            unor_id=unors[p["npsn"]].id,
            tanggal_unor=date.fromisoformat(p["tanggal_unor"]) if p.get("tanggal_unor") else None,
        )
        for p in data.get("pns", [])
    ]
    _upsert(
        PnsSiasn,
        pns,
        ["id"],
        ["instansi", "nip", "nik", "nama", "tanggal_lahir", "email", "unor", "tanggal_unor"],
    )
    by_nip = {p.nip: p for p in pns}
    now = clock.now()
    _upsert(
        Pegawai,
        [Pegawai(pns_id=p.id, instansi=instansi, unor_id=p.unor_id, ditambahkan_pada=now) for p in pns],
        ["pns"],
        ["instansi", "unor"],
    )
    UserPmm.objects.bulk_create(
        [UserPmm(instansi=instansi, nip=p.nip, ditambahkan_pada=now) for p in pns],
        ignore_conflicts=True,
        batch_size=1000,
    )
    heads = []
    for u in data.get("unor", []):
        head = by_nip.get(u.get("kepala_nip") or "")
        unor = unors[u["npsn"]]
        unor.pemimpin_id = head.id if head else None
        heads.append(unor)
    Unor.objects.bulk_update(heads, ["pemimpin"], batch_size=1000)
    PltRegistrasi.objects.bulk_create(
        [
            PltRegistrasi(
                instansi=instansi,
                pns_id=by_nip[r["nip"]].id,
                unor_id=unors[r["npsn"]].id,
                ditambahkan_pada=now,
            )
            for r in data.get("plt", [])
        ],
        ignore_conflicts=True,
    )
    _upsert(
        Periode,
        [
            Periode(instansi=instansi, tahun=p["tahun"], semester=p["semester"], dibuka=True)
            for p in data.get("periode", [])
        ],
        ["instansi", "tahun", "semester"],
        ["dibuka"],
    )
    if data.get("api_key"):
        services.api_key_create(instansi=instansi, nama="Impor", raw=data["api_key"])
    return {"unor": len(unors), "pns": len(pns), "plt": len(data.get("plt", []))}


class Command(BaseCommand):
    help = "Memuat data SIASN/e-Kinerja satu instansi dari berkas JSON (uji beban, bench sync)."

    def add_arguments(self, parser):
        parser.add_argument("berkas", nargs="?", help="berkas JSON")
        parser.add_argument(
            "--hapus-skp", action="store_true", help="hapus dulu SKP, kunci idempotensi dan log"
        )
        parser.add_argument("--hapus", metavar="KODE", help="hapus semua data e-Kinerja instansi ini")

    def handle(self, *args, berkas=None, hapus_skp=False, **options):
        if options.get("hapus"):
            instansi = Instansi.objects.filter(kode=options["hapus"]).first()
            if instansi is None:
                raise CommandError("Instansi tidak ditemukan.")
            hapus(instansi)
            self.stdout.write(f"Data e-Kinerja {instansi.kode} dihapus.")
            return
        if not berkas:
            raise CommandError("Sebutkan berkas JSON atau --hapus KODE.")
        with open(berkas, encoding="utf-8") as fh:
            data = json.load(fh)
        jumlah = impor(data, hapus_skp_dulu=hapus_skp)
        self.stdout.write(f"Diimpor: {jumlah}")
