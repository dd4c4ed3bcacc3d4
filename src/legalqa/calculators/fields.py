"""Input checks shared by calculator input models, with messages in Chinese and English."""

from decimal import Decimal

from pydantic import ValidationInfo


def not_negative(cls, v: Decimal | None, info: ValidationInfo) -> Decimal | None:
    """Use as `_not_negative = field_validator("a", "b")(not_negative)`."""
    if v is not None and v < 0:
        title = cls.model_fields[info.field_name].title
        raise ValueError(f"{title}不能为负数 / {info.field_name} must not be negative")
    return v


def at_most(maximum, unit: str = ""):
    """A not-negative check with an upper bound, e.g. `field_validator("hours")(at_most(8784))`;
    larger numbers are typing errors, not work histories."""

    def check(cls, v, info: ValidationInfo):
        title = cls.model_fields[info.field_name].title
        if v < 0:
            raise ValueError(f"{title}不能为负数 / {info.field_name} must not be negative")
        if v > maximum:
            raise ValueError(f"{title}不能超过{maximum}{unit} / {info.field_name} must be at most {maximum}"
                             + (" years" if unit == "年" else ""))
        return v

    return check
