"""``python manage.py sinkro_diagnose --nip NIP``: the preflight diagnosis as JSON (DESIGN.md §4).

``--nip`` (repeatable) diagnoses those pegawai in their roles (or only ``--peran``); ``--instansi
KODE`` every pegawai of an instansi. Nothing is sent to e-Kinerja but its diagnosis endpoint.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from dapodik.models import PTK
from kinerja.models import Peran
from pmm.models import Instansi
from sinkro import preflight, selectors
from sinkro.payload import Target


class Command(BaseCommand):
    help = "Diagnosis Sinkro PMM sebelum sinkron (keluaran JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--nip", action="append", default=[], help="NIP Dapodik (boleh berulang)")
        parser.add_argument("--peran", choices=Peran.values, help="hanya peran ini")
        parser.add_argument("--instansi", help="kode instansi: semua pegawainya")

    def handle(self, *args, nip, peran, instansi, **options):
        if not nip and not instansi:
            raise CommandError("Sebutkan --nip NIP atau --instansi KODE.")
        targets: list[Target] = []
        if instansi:
            inst = Instansi.objects.filter(kode=instansi).first()
            if inst is None:
                raise CommandError(f"Instansi {instansi} tidak ditemukan.")
            targets += selectors.targets_for_instansi(instansi_id=inst.pk)
        for value in nip:
            value = "".join(value.split())
            ptk = PTK.objects.select_related("sekolah").filter(nip=value).first()
            if ptk is None:
                raise CommandError(f"NIP {value} tidak ditemukan di Dapodik.")
            targets += [Target(ptk, peran)] if peran else selectors.targets_for_ptk(ptk)
        if peran:
            targets = [t for t in targets if t.peran == peran]
        hasil = [d.as_dict() for d in preflight.diagnose(targets)]
        self.stdout.write(json.dumps(hasil, ensure_ascii=False, indent=2, default=str))
