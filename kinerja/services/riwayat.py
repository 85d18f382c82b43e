"""History rows and the after-commit notification of a transition."""

from django.db import transaction

from pmm import clock

from ..models import Riwayat


def _enqueue(riwayat_id: int) -> None:
    from ..tasks import notifikasi_kirim

    notifikasi_kirim.delay(riwayat_id)


def _queue_after_commit(riwayat_id: int) -> None:
    # robust: a broker outage after the commit is logged, never turned into an error page for a
    # change that has already been saved.
    transaction.on_commit(lambda: _enqueue(riwayat_id), robust=True)


def riwayat_record(
    *,
    periode_id: int,
    mesin: str,
    transisi: str,
    dari: str,
    ke: str,
    oleh=None,
    rencana=None,
    sekolah_id: int | None = None,
    catatan: str = "",
    notify: bool = True,
) -> Riwayat:
    """Write one history row (inside the caller's transaction) and queue its e-mail after commit."""
    riwayat = Riwayat.objects.create(
        periode_id=periode_id,
        rencana=rencana,
        sekolah_id=sekolah_id if sekolah_id is not None else getattr(rencana, "sekolah_id", None),
        mesin=mesin,
        transisi=transisi,
        dari=dari or "",
        ke=ke or "",
        oleh=oleh,
        pada=clock.now(),
        catatan=catatan or "",
    )
    if notify:
        _queue_after_commit(riwayat.pk)
    return riwayat


def riwayat_record_many(rows: list[dict], *, notify: bool) -> list[Riwayat]:
    """Bulk variant for one transition applied to many plans (Kirim, Tetapkan)."""
    pada = clock.now()
    objs = Riwayat.objects.bulk_create(
        [
            Riwayat(
                periode_id=r["periode_id"],
                rencana_id=r.get("rencana_id"),
                sekolah_id=r.get("sekolah_id"),
                mesin=r["mesin"],
                transisi=r["transisi"],
                dari=r.get("dari", ""),
                ke=r.get("ke", ""),
                oleh=r.get("oleh"),
                pada=pada,
                catatan=r.get("catatan", ""),
            )
            for r in rows
        ]
    )
    if notify:
        for obj in objs:
            _queue_after_commit(obj.pk)
    return objs
