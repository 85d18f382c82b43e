"""E-mail for a transition (sent by ``kinerja.tasks.notifikasi_kirim`` after the commit).

Idempotent: the history row is claimed with a conditional UPDATE before sending, so a task run twice
(Celery redelivery, a retry) sends once; if sending fails the claim is released for the retry.
"""

from django.conf import settings
from django.core.mail import send_mass_mail

from pmm import clock

from ..models import Riwayat
from . import atasan as atasan_rules

# (mesin, transisi) → (to whom, subject). "pemilik" = the plan's pegawai; "atasan" = who approves
# and rates the plan; "pengamat" = atasan plus delegated Pengawas; "kadis" = the Kepala Dinas of the
# school's instansi; "kepala" = the school's principal (or Plt).
ATURAN = {
    ("rencana", "ajukan"): (("atasan",), "Perencanaan Kinerja menunggu persetujuan Anda"),
    ("rencana", "setujui"): (("pemilik",), "Perencanaan Kinerja Anda disetujui"),
    ("rencana", "setujui_otomatis"): (("pemilik",), "Perencanaan Kinerja Anda disetujui otomatis"),
    ("rencana", "kembalikan"): (("pemilik",), "Perencanaan Kinerja Anda dikembalikan"),
    ("rencana", "sepakati"): (("atasan",), "Perencanaan Kinerja telah disepakati"),
    ("rencana", "delegasi_observasi"): (("pengawas", "pemilik"), "Delegasi observasi kepada Pengawas"),
    ("observasi", "persiapan"): (("pengamat",), "Observasi kelas dijadwalkan"),
    ("observasi", "jadwal_ulang"): (("pemilik", "pengamat"), "Jadwal observasi diubah"),
    ("observasi", "observasi"): (("pemilik",), "Catatan observasi kelas tersedia"),
    ("observasi", "tindak_lanjut"): (("pengamat",), "Diskusi tindak lanjut telah dicatat"),
    ("observasi", "refleksi"): (("pengamat",), "Refleksi tindak lanjut telah dicatat"),
    ("observasi", "rekomendasi"): (("kadis",), "Rekomendasi pengawas tersedia"),
    ("penilaian", "tetapkan"): (("pemilik",), "Predikat kinerja Anda telah ditetapkan"),
    ("penilaian_sekolah", "kirim"): (("kadis",), "Penilaian kinerja guru dikirim ke Dinas Pendidikan"),
    ("penilaian_sekolah", "predikat_organisasi"): (
        ("kepala",),
        "Predikat Kinerja Organisasi telah diberikan",
    ),
}


def _penerima(riwayat: Riwayat, siapa: tuple[str, ...]) -> list[str]:
    r = riwayat.rencana
    sekolah = r.sekolah if r is not None else riwayat.sekolah
    users: list = []
    atasan = atasan_rules.atasan_of_rencana(r) if r is not None else None
    for s in siapa:
        if s == "pemilik" and r is not None:
            users.append(r.ptk.user.email if r.ptk.user_id else r.ptk.email)
        elif s in ("atasan", "pengamat") and atasan is not None:
            users.extend(atasan.users())
            if s == "pengamat" and r.pengawas_id:
                users.append(r.pengawas)
        elif s == "pengawas" and r is not None and r.pengawas_id:
            users.append(r.pengawas)
        elif s == "kadis" and sekolah is not None:
            users.extend(atasan_rules.kepala_dinas_users(sekolah.instansi_id))
        elif s == "kepala" and sekolah is not None:
            kepala = atasan_rules.penilai_sekolah(sekolah)
            if kepala is not None and kepala.user is not None:
                users.append(kepala.user)
    oleh = riwayat.oleh.email if riwayat.oleh_id else None
    hasil = []
    for u in users:
        alamat = u if isinstance(u, str) else getattr(u, "email", None)
        if alamat and alamat != oleh and alamat not in hasil:
            hasil.append(alamat)
    return hasil


def _isi(riwayat: Riwayat, judul: str) -> str:
    r = riwayat.rencana
    baris = [judul + "."]
    if r is not None:
        baris.append(f"Pegawai: {r.ptk.nama} ({r.get_peran_display()}, {r.sekolah.nama})")
    elif riwayat.sekolah is not None:
        baris.append(f"Sekolah: {riwayat.sekolah.nama}")
    baris.append(f"Periode: {riwayat.periode.nama}")
    if riwayat.oleh_id:
        baris.append(f"Oleh: {riwayat.oleh.nama or riwayat.oleh.email}")
    if riwayat.transisi == "predikat_organisasi" and riwayat.sekolah_id:
        baris.append(f"Predikat Kinerja Organisasi: {riwayat.catatan}")
    elif riwayat.catatan:
        baris.append(f"Catatan: {riwayat.catatan}")
    baris.append("")
    baris.append("Buka Pengelolaan Kinerja di Simulator PMM untuk melihat rinciannya.")
    return "\n".join(baris)


def notifikasi_send(*, riwayat_id: int) -> int:
    """Send the e-mails of one history row; returns how many were sent (0 if already sent)."""
    if not Riwayat.objects.filter(pk=riwayat_id, notifikasi_pada__isnull=True).update(
        notifikasi_pada=clock.now()
    ):
        return 0
    riwayat = Riwayat.objects.select_related(
        "periode",
        "oleh",
        "sekolah",
        "rencana",
        "rencana__ptk",
        "rencana__ptk__user",
        "rencana__sekolah",
        "rencana__pengawas",
    ).get(pk=riwayat_id)
    aturan = ATURAN.get((riwayat.mesin, riwayat.transisi))
    if aturan is None:
        return 0
    siapa, judul = aturan
    penerima = _penerima(riwayat, siapa)
    if not penerima:
        return 0
    subjek = f"[PMM] {judul}"
    try:
        return send_mass_mail(
            [(subjek, _isi(riwayat, judul), settings.DEFAULT_FROM_EMAIL, [alamat]) for alamat in penerima],
            fail_silently=False,
        )
    except Exception:
        Riwayat.objects.filter(pk=riwayat_id).update(notifikasi_pada=None)
        raise
