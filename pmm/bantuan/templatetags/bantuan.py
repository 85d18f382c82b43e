from django import template

from .. import sla

register = template.Library()


@register.filter
def wib(moment):
    """``Senin, 17 November 2025 pukul 14.00 WIB``."""
    return sla.format_wib(moment) if moment else "—"


@register.filter
def wib_pendek(moment):
    """``17-11-2025 14.00`` for tables on small screens."""
    return f"{moment.astimezone(sla.WIB):%d-%m-%Y %H.%M}" if moment else "—"
