"""Rounding and display of figures, the same in every calculator: exact Decimal arithmetic,
money rounded half-up to the fen only at the end."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def yuan(d: Decimal) -> Decimal:
    """Round money to the fen (0.01 元), half up."""
    return d.quantize(CENT, ROUND_HALF_UP)


def show(d: Decimal) -> str:
    """A figure for the steps: at most 4 decimals, no trailing zeros (4742.1083, 300, 13.8)."""
    return f"{d.quantize(Decimal('0.0001'), ROUND_HALF_UP).normalize():f}"


def plain(d: Decimal | int) -> str:
    """A figure as given, without trailing zeros and without rounding."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s
