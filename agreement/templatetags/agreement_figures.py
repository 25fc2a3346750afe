"""How the agreement page shows a figure: three decimals, a dash where it is undefined.

Float arithmetic leaves figures such as 0.49999999999999994 (Cohen's kappa of claim/claim,
claim/quote, context/context); the page rounds them, the JSON keeps them as computed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

UNDEFINED = "—"


@register.filter
def figure(value: float | None, places: int = 3) -> str:
    """``value`` rounded to ``places`` decimals as written in decimal, half away from
    zero (as ``floatformat``): "0.500"; "—" for None; never "-0.000" (a figure that
    rounds to zero is zero, whatever its sign)."""
    if value is None:
        return UNDEFINED
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):.{places}f}"
