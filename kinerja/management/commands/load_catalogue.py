from django.core.management.base import BaseCommand

from kinerja.catalogue import catalogue_load
from kinerja.models import Indikator, NilaiBerakhlak, RhkKompetensi, TugasTambahan


class Command(BaseCommand):
    help = "Memuat (atau memperbarui) katalog Pengelolaan Kinerja dari kinerja/fixtures/katalog.yaml."

    def handle(self, *args, **options):
        catalogue_load(verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Katalog dimuat: {Indikator.objects.count()} indikator, {RhkKompetensi.objects.count()} RHK, "
                f"{TugasTambahan.objects.count()} tugas tambahan, {NilaiBerakhlak.objects.count()} nilai BerAKHLAK."
            )
        )
