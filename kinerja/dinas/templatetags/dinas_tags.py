from django import template

register = template.Library()


@register.filter
def ribuan(value):
    """1500000 → "1.500.000" (Indonesian thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
