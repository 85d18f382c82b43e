"""``python manage.py seed_scale --pegawai 1500000``: a national-size population for load tests.

See ``kinerja.dinas.skala`` for what is generated and how a second run behaves.
"""

from django.core.management.base import BaseCommand, CommandError

from ...skala import SeedError, seed


class Command(BaseCommand):
    help = "Mengisi PostgreSQL dengan populasi skala nasional (COPY) untuk uji beban dashboard Dinas."

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=1_500_000, help="jumlah PTK (bawaan 1.500.000)")
        parser.add_argument("--sekolah", type=int, default=None, help="jumlah sekolah (bawaan pegawai/7,5)")
        parser.add_argument(
            "--reset", action="store_true", help="hapus dulu semua wilayah, Dapodik dan siklus"
        )
        parser.add_argument("--seed", type=int, default=20240101, help="benih acak (hasil dapat diulang)")
        parser.add_argument("--tanpa-rekap", action="store_true", help="jangan perbarui rekap dashboard")

    def handle(self, *args, pegawai, sekolah, reset, seed, tanpa_rekap, **options):
        try:
            laporan = seed_run(pegawai, sekolah, reset, seed, not tanpa_rekap, self.stdout.write)
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        if laporan.dilewati:
            return
        for nama, jumlah, detik in laporan.langkah:
            if nama in ("kosongkan tabel", "rekap dashboard"):
                self.stdout.write(f"  {nama}: {jumlah} baris, {detik:.1f} detik")
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {laporan.total_detik:.1f} detik."))


def seed_run(pegawai, sekolah, reset, seed_value, rekap, log):
    return seed(pegawai=pegawai, sekolah=sekolah, reset=reset, seed_value=seed_value, rekap=rekap, log=log)
