"""``python manage.py sinkro_dispatch``: one round of the outbox dispatcher (or ``--loop``), the same
work as the beat task ``sinkro.dispatch``: re-enqueue the sync intents a crash or a lost worker left
behind."""

import time

from django.core.management.base import BaseCommand

from sinkro import outbox


class Command(BaseCommand):
    help = "Mengirim ulang permintaan Sinkro PMM yang tertinggal di outbox."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="ulangi terus")
        parser.add_argument("--interval", type=float, default=30.0, help="detik antar putaran (--loop)")

    def handle(self, *args, loop=False, interval=30.0, **options):
        while True:
            n = outbox.dispatch()
            self.stdout.write(f"{n} permintaan dikirim ke antrean.")
            if not loop:
                return
            time.sleep(max(interval, 1.0))
