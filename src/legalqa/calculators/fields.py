"""Input checks shared by calculator input models, with messages in Chinese and English."""

from decimal import Decimal

from pydantic import ValidationInfo


def not_negative(cls, v: Decimal | None, info: ValidationInfo) -> Decimal | None:
    """Use as `_not_negative = field_validator("a", "b")(not_negative)`."""
    if v is not None and v < 0:
        title = cls.model_fields[info.field_name].title
        raise ValueError(f"{title}不能为负数 / {info.field_name} must not be negative")
    return v
