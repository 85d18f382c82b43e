"""Sinkro PMM, the PMM side: the instansi's e-Kinerja key and the outbox of sync intents.

A sync request is a ``SyncIntent`` row written in the same transaction as the user's request (the
transactional outbox): whatever happens between the commit and the enqueue, the row is there and
the dispatcher (``services.intents_dispatch``, run by beat and by ``manage.py sinkro_dispatch``)
sends it again. One intent is one sync *request* and carries one idempotency key: every attempt of
that request reuses it, so e-Kinerja writes its SKP once however often a task runs.

Two clocks: the row's user-facing times (``dibuat_pada``, ``selesai_pada``) follow the simulated
clock like every date the user sees; the delivery mechanics (``enqueued_at``, ``lease_until``,
``next_attempt_at``, ``diperbarui_pada``) use the real clock, because a trainer moving the
simulated clock must not expire leases or skip backoffs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kinerja.models import Peran


class Status(models.TextChoices):
    PENDING = "pending", "Menunggu dikirim"
    SENDING = "sending", "Sedang dikirim"
    BERHASIL = "berhasil", "Berhasil"
    PERINGATAN = "peringatan", "Berhasil dengan peringatan"
    GAGAL = "gagal", "Gagal"
    MENUNGGU_KONFIRMASI = "menunggu_konfirmasi", "Menunggu konfirmasi"


# A request still on its way; every other status is final for that request.
AKTIF = (Status.PENDING, Status.SENDING)
FINAL = (Status.BERHASIL, Status.PERINGATAN, Status.GAGAL, Status.MENUNGGU_KONFIRMASI)
SUKSES = (Status.BERHASIL, Status.PERINGATAN)


class Tahap(models.IntegerChoices):
    """Order inside a bulk sync: a guru's SKP needs the principal's SKP Organisasi (#15)."""

    ORGANISASI = 0, "Kepala Sekolah dan Plt. (SKP Organisasi)"
    GURU = 1, "Guru"


class SinkroConfig(models.Model):
    """The x-api-key an instansi uses for Sinkro PMM (created by its Admin Instansi in e-Kinerja).

    PMM has to send the key itself, so it is kept as entered; pages only show its first characters.
    """

    instansi = models.OneToOneField("pmm.Instansi", on_delete=models.CASCADE, related_name="sinkro_config")
    api_key = models.CharField("x-api-key e-Kinerja", max_length=200)
    diubah_pada = models.DateTimeField("diubah")
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "konfigurasi Sinkro PMM"
        verbose_name_plural = "konfigurasi Sinkro PMM"

    def __str__(self):
        return f"{self.instansi}: {self.api_key_masked}"

    @property
    def api_key_masked(self) -> str:
        return f"{self.api_key[:10]}…" if self.api_key else "—"


class SyncBatch(models.Model):
    """A bulk sync by an Admin Instansi: one intent per pegawai and role, with a progress page."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.PROTECT, related_name="+")
    periode = models.ForeignKey("kinerja.Periode", on_delete=models.PROTECT, related_name="+")
    keterangan = models.CharField("keterangan", max_length=200, blank=True)
    jumlah = models.PositiveIntegerField("jumlah permintaan", default=0)
    # Set once, by whoever first sees every SKP Organisasi of the batch settled (conditional UPDATE).
    tahap_guru_dikirim = models.BooleanField(default=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField("dibuat")

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = "sinkron massal"
        verbose_name_plural = "sinkron massal"

    def __str__(self):
        return f"Sinkron massal #{self.pk} {self.instansi} ({self.jumlah})"


class SyncIntent(models.Model):
    ptk = models.ForeignKey("dapodik.PTK", on_delete=models.PROTECT, related_name="sinkro_intents")
    # The instansi whose key the request uses: the Pemda of the PTK's school when it was requested.
    instansi = models.ForeignKey(
        "pmm.Instansi", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    periode = models.ForeignKey("kinerja.Periode", on_delete=models.PROTECT, related_name="+")
    peran = models.CharField("peran", max_length=20, choices=Peran.choices)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.PENDING)
    idempotency_key = models.CharField("kunci idempotensi", max_length=100, unique=True)
    konfirmasi = models.BooleanField('"Tetap Lakukan Sinkro" (#12)', default=False)
    # What was sent, frozen at the first attempt so that every retry sends the same body.
    payload = models.JSONField("dikirim", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Who holds the lease: an outcome is written only by the attempt that claimed the intent, so a
    # worker that outlived its lease cannot overwrite the attempt that replaced it.
    lease_token = models.CharField(max_length=32, blank=True)
    # The outcome (or, while retrying, the last transient error).
    kode = models.CharField("kode", max_length=8, blank=True)
    kondisi = models.CharField("kondisi", max_length=20, blank=True)
    pesan = models.TextField("pesan", blank=True)
    aktor = models.CharField("yang menindaklanjuti", max_length=60, blank=True)
    detail = models.JSONField("rincian", default=dict, blank=True)
    peringatan = models.JSONField("peringatan", default=list, blank=True)
    skp = models.JSONField("SKP di e-Kinerja", default=dict, blank=True)
    batch = models.ForeignKey(
        SyncBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="intents"
    )
    tahap = models.PositiveSmallIntegerField(choices=Tahap.choices, default=Tahap.GURU)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField("diminta")
    selesai_pada = models.DateTimeField("selesai", null=True, blank=True)
    diperbarui_pada = models.DateTimeField("diperbarui (jam nyata)")

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = "permintaan sinkron"
        verbose_name_plural = "permintaan sinkron"
        constraints = [
            # One request in flight per pegawai, period and role: a second click joins the first.
            models.UniqueConstraint(
                fields=["ptk", "periode", "peran"],
                condition=Q(status__in=["pending", "sending"]),
                name="sinkro_one_active_intent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["batch", "status"]),
            models.Index(fields=["ptk", "periode", "peran", "-dibuat_pada"]),
            models.Index(fields=["instansi", "-dibuat_pada"]),
            models.Index(fields=["diperbarui_pada"]),
        ]

    def __str__(self):
        return f"Sinkron {self.get_peran_display()} PTK {self.ptk_id} ({self.get_status_display()})"

    @property
    def aktif(self) -> bool:
        return self.status in AKTIF

    @property
    def sukses(self) -> bool:
        return self.status in SUKSES

    @property
    def mencoba_ulang(self) -> bool:
        """Waiting for a retry after a transient failure (#9 or a timeout)."""
        return self.status == Status.PENDING and self.attempts > 0
