"""``python manage.py seed_bimtek``: the Bimtek scenario of Kabupaten Mappi (dapodik.bimtek)."""

from django.core.management.base import BaseCommand

from dapodik import bimtek


class Command(BaseCommand):
    help = "Mengisi (atau memulihkan) skenario Bimtek Kabupaten Mappi. Aman dijalankan berulang kali."

    def handle(self, *args, **options):
        scenario, applied = bimtek.seed_bimtek()
        self.stdout.write(
            f"Skenario Bimtek siap: {len(applied.sekolah_ids)} sekolah, {len(applied.ptk_ids)} PTK, "
            f"{len(applied.user_ids)} akun, {len(scenario.tokoh)} tokoh.\n"
        )
        self.stdout.write(bimtek.login_table(scenario))
        self.stdout.write(
            "\nOperator sekolah lain: operator.<NPSN>@admin.<jenjang>.belajar.id. "
            "Semua PTK masuk dengan e-mail belajar.id-nya.\n"
        )
        self.stdout.write(self.style.SUCCESS(f"Kata sandi semua akun: {bimtek.PASSWORD}"))
