"""``python manage.py seed_ekinerja_bimtek``: SIASN/e-Kinerja of the Bimtek scenario (after seed_bimtek)."""

from django.core.management.base import BaseCommand, CommandError

from pmm.errors import ApplicationError

# bimtek_kasus registers the Sinkro cases of the scenario (sinkro/bimtek.py) as named breakages.
from sinkro.ekinerja import bimtek, bimtek_kasus  # noqa: F401


class Command(BaseCommand):
    help = "Mengisi SIASN dan e-Kinerja (simulasi) sesuai skenario Bimtek; aman dijalankan berulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hapus-skp",
            action="store_true",
            help="hapus juga SKP, kunci idempotensi dan Log Sinkronisasi PMM instansi skenario",
        )

    def handle(self, *args, hapus_skp=False, **options):
        try:
            populasi = bimtek.seed(hapus_skp=hapus_skp)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for line in bimtek.ringkasan(populasi):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("SIASN dan e-Kinerja skenario Bimtek siap."))
