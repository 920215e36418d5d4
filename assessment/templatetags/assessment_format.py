"""Number formats of the assessment pages and reports: scores with two decimals, rates as percentages."""

from decimal import Decimal

from django import template

register = template.Library()
TWO = Decimal("0.01")


@register.filter
def two(value) -> str:
    """12.5 → "12.50"; None → ""."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(TWO)}"


@register.filter
def pct(value) -> str:
    """A ratio 0.8512 → "85.12%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) * 100).quantize(TWO)}%"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)
