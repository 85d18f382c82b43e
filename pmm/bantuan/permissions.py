"""Who sees which ticket (one place for pages, API and services).

- Helpdesk (Role.HELPDESK) and trainers (Admin Pusat / superuser) are the desk: they see the queue
  and every ticket, reply, write internal notes and move any status.
- Everyone else who is logged in is a reporter: they see only the tickets they filed. A ticket of
  someone else answers 404, so its existence is not revealed.
"""

from pmm.roles import Role


def is_petugas(actor) -> bool:
    return actor.is_trainer or actor.has(Role.HELPDESK)


def can_see(actor, tiket) -> bool:
    return is_petugas(actor) or (actor.user is not None and tiket.pelapor_id == actor.user.pk)


def acts_as_desk(actor, tiket) -> bool:
    """A desk member on someone else's ticket; on their own ticket they are its reporter."""
    return is_petugas(actor) and tiket.pelapor_id != actor.user.pk
