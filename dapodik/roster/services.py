"""``roster_import``: one roster file for one school, all or nothing.

Semantics (documented on the upload page too):
- rows are keyed by NIK: a NIK of this school's PTK updates that PTK, a new NIK creates a PTK in
  this school; a NIK already in another school is refused (that is a Mutasi);
- PTK of the school that are missing from the file are kept as they are (never deleted): a roster
  upload must not be able to wipe a school by accident, and leaving a school is a Mutasi;
- a PTK is linked to the belajar.id account (User) that has its e-mail, when one exists;
- if any row is bad nothing changes, and every bad row is reported (line, column, reason).
"""

from dataclasses import dataclass

from django.db import DataError, IntegrityError, connection, transaction

from pmm import clock
from pmm.errors import Forbidden

from ..models import RosterImport, Sekolah
from .columns import row_check
from .readers import RosterRefused, format_of, open_rows
from .selectors import roster_can_manage
from .staging import ErrorSpool, staging_for


@dataclass
class _Counts:
    rows: int = 0


def _staged_rows(reader, spool: ErrorSpool, counts: _Counts, today):
    """Each data row checked on its own, as a staging tuple; its errors go to the spool."""
    typed, strict = reader.typed, reader.strict_width
    add = spool.add
    for baris, cells in reader:
        values, errors = row_check(cells, today, typed=typed, strict_width=strict)
        counts.rows += 1
        for kolom, pesan in errors:
            add(baris, kolom, pesan)
        yield (baris, *values)


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _run(imp: RosterImport, sekolah: Sekolah, berkas, fmt: str) -> None:
    """Stage, check and (when every row is good) apply. Raises RosterRefused for a whole-file
    refusal; the caller's savepoint then undoes everything done here."""
    reader = open_rows(berkas, fmt)
    spool = ErrorSpool(imp.pk)
    counts = _Counts()
    try:
        with connection.cursor() as cursor:
            staging = staging_for(cursor)
            staging.create()
            staging.load(_staged_rows(reader, spool, counts, clock.today()))
            if counts.rows == 0:
                raise RosterRefused(
                    "Berkas tidak berisi baris data PTK (hanya judul kolom).", code="roster_kosong"
                )
            imp.jumlah_baris = counts.rows
            if spool.count:
                staging.load_errors(spool)
            staging.check(import_id=imp.pk, sekolah_id=sekolah.pk)
            galat, baris_galat = staging.error_counts(import_id=imp.pk)
            if galat:
                imp.status = RosterImport.Status.DITOLAK
                imp.jumlah_galat = galat
                imp.pesan = (
                    f"Berkas ditolak: {_angka(galat)} galat pada {_angka(baris_galat)} dari "
                    f"{_angka(counts.rows)} baris. Tidak ada data PTK yang diubah; perbaiki baris-baris "
                    "tersebut lalu unggah ulang berkas lengkap."
                )
            else:
                kept = staging.missing_count(sekolah_id=sekolah.pk)
                created, updated = staging.apply(
                    sekolah_id=sekolah.pk,
                    updated_at=connection.ops.adapt_datetimefield_value(clock.now()),
                )
                imp.status = RosterImport.Status.BERHASIL
                imp.jumlah_baru = created
                imp.jumlah_diperbarui = updated
                same = counts.rows - created - updated
                imp.pesan = (
                    f"Impor berhasil: {_angka(created)} PTK baru, {_angka(updated)} diperbarui, "
                    f"{_angka(same)} tidak berubah."
                )
                if kept:
                    imp.pesan += f" {_angka(kept)} PTK sekolah yang tidak ada di berkas tetap tersimpan (tidak dihapus)."
            staging.drop()
    finally:
        spool.close()
        reader.close()


def roster_import(*, actor, sekolah: Sekolah, berkas, nama_berkas: str) -> RosterImport:
    """Import a roster file (binary file-like object) for ``sekolah``.

    Always records a RosterImport (status berhasil or ditolak, counts, message) and returns it; a
    refused file changes no PTK. Raises Forbidden when the actor does not manage the school.
    """
    if not roster_can_manage(actor, sekolah.pk):
        raise Forbidden("Anda bukan Operator Sekolah untuk sekolah ini.", code="roster_forbidden")
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    nama_berkas = (nama_berkas or "").strip()[:255] or "(tanpa nama)"
    with transaction.atomic():
        # One import at a time per school: two concurrent uploads would check against the same
        # state and could both pass the duplicate checks.
        Sekolah.objects.select_for_update().filter(pk=sekolah.pk).values_list("pk", flat=True).first()
        imp = RosterImport.objects.create(
            sekolah=sekolah,
            nama_berkas=nama_berkas,
            format=nama_berkas.rsplit(".", 1)[-1].lower()[:4] if "." in nama_berkas else "",
            status=RosterImport.Status.DITOLAK,
            diunggah_oleh=user,
        )
        try:
            with transaction.atomic():
                fmt = format_of(nama_berkas)
                _run(imp, sekolah, berkas, fmt)
        except RosterRefused as exc:
            imp.status = RosterImport.Status.DITOLAK
            imp.jumlah_baris = imp.jumlah_baru = imp.jumlah_diperbarui = imp.jumlah_galat = 0
            imp.pesan = f"Berkas ditolak: {exc.message}"[:500]
        except IntegrityError:
            # A unique constraint hit by a concurrent change made elsewhere (not by another import,
            # which the lock above excludes). Nothing was applied.
            imp.status = RosterImport.Status.DITOLAK
            imp.jumlah_baru = imp.jumlah_diperbarui = imp.jumlah_galat = 0
            imp.pesan = (
                "Berkas ditolak: data PTK berubah ketika impor berjalan. Unggah ulang berkas yang sama."
            )
        except DataError:
            # A value the database cannot store although every check passed (e.g. a control
            # character); the file is refused rather than failing with a server error.
            imp.status = RosterImport.Status.DITOLAK
            imp.jumlah_baru = imp.jumlah_diperbarui = imp.jumlah_galat = 0
            imp.pesan = "Berkas ditolak: berkas berisi karakter yang tidak dapat disimpan. Simpan ulang sebagai CSV UTF-8."
        imp.diunggah_pada = clock.now()
        imp.save()
    return imp
