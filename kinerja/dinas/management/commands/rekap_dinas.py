"""``python manage.py rekap_dinas [--periode 2025-1]``: rebuild the dashboard figures now."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kinerja.models import Periode

from ...rekap import rekap_refresh


class Command(BaseCommand):
    help = (
        "Memperbarui rekap Dashboard Pemantauan Pengelolaan Kinerja (satu pekerjaan SQL berbasis himpunan)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periode", help="tahun-semester, mis. 2025-1 (bawaan: periode saat ini)")

    def handle(self, *args, periode=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Rekap dashboard Dinas memerlukan PostgreSQL.")
        target = None
        if periode:
            try:
                tahun, semester = (int(x) for x in periode.split("-"))
            except ValueError:
                raise CommandError("Format periode: tahun-semester, mis. 2025-1.") from None
            target = Periode.objects.filter(tahun=tahun, semester=semester).first()
            if target is None:
                raise CommandError(f"Periode {periode} tidak ada.")
        hasil = rekap_refresh(periode=target)
        self.stdout.write(
            f"Rekap periode {hasil.periode_id}: {hasil.pegawai} pegawai, {hasil.sekolah} sekolah, "
            f"{hasil.detik:.1f} detik."
        )
