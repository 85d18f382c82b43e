"""Template filters shared by the project's own pages."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def durasi(value) -> str:
    """A duration in Indonesian words: ``timedelta(minutes=90)`` → "1 jam 30 menit"."""
    if not isinstance(value, timedelta):
        return ""
    menit = max(round(value.total_seconds() / 60), 0)
    if menit == 0:
        return "kurang dari 1 menit"
    hari, sisa = divmod(menit, 24 * 60)
    jam, menit = divmod(sisa, 60)
    bagian = [f"{n} {satuan}" for n, satuan in ((hari, "hari"), (jam, "jam"), (menit, "menit")) if n]
    return " ".join(bagian)
