"""Argument types shared by the tools: canonical ids, addresses and the action flags.

Every args model forbids unknown fields, so a model that invents an argument gets ``invalid``
instead of a silently ignored value.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

_ORDER_ID = re.compile(r"^#?W?(\d{7})$", re.ASCII)
_ITEM_ID = re.compile(r"^\d{10}$", re.ASCII)
_PAYMENT_METHOD_ID = re.compile(r"^(credit_card|paypal|gift_card)_\d{1,12}$")


def normalise_order_id(value: Any) -> str:
    """``'W1234567'``, ``'#w1234567'``, ``' # W1234567 '`` -> ``'#W1234567'``."""
    if not isinstance(value, str):
        raise ValueError("an order id is a string like '#W1234567'")
    match = _ORDER_ID.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper())
    if not match:
        raise ValueError("order ids look like '#W1234567' (W followed by 7 digits)")
    return f"#W{match.group(1)}"


def _item_id(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip() if isinstance(value, (str, int)) else ""
    if not _ITEM_ID.match(text):
        raise ValueError("item ids are 10 digits, e.g. '6469567736'")
    return text


def _payment_method_id(value: str) -> str:
    value = value.strip()
    if not _PAYMENT_METHOD_ID.match(value):
        raise ValueError(
            "payment method ids look like 'credit_card_7815826', 'paypal_5727330' or 'gift_card_1725971'"
        )
    return value


OrderId = Annotated[str, BeforeValidator(normalise_order_id)]
ItemId = Annotated[str, BeforeValidator(_item_id)]
PaymentMethodId = Annotated[str, Field(max_length=64), AfterValidator(_payment_method_id)]
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _drop_control_chars(value: Any) -> Any:
    """NUL and other C0 control characters (except tab/newline) never belong in an argument."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [_drop_control_chars(v) for v in value]
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ToolArgs(BaseModel):
    """Base of every args model."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return _drop_control_chars(value)


class ActionArgs(ToolArgs):
    """Flags every database-changing tool takes."""

    consent: bool = Field(
        default=False,
        description="True only when the customer explicitly confirmed exactly this action on this order.",
    )
    idempotency_key: str | None = Field(
        default=None,
        min_length=1,
        max_length=160,
        description="Ticket id + action; repeating a call with the same key returns the first result. "
        "Default: derived from the ticket id, the tool and the order.",
    )
    approved_by: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description="Set only by the agent after a human approved this action in the queue.",
    )


class AddressFields(ToolArgs):
    address1: Text
    address2: str = Field(default="", max_length=200)
    city: Annotated[str, Field(min_length=1, max_length=100)]
    state: Annotated[str, Field(min_length=1, max_length=100)]
    country: Annotated[str, Field(min_length=1, max_length=100)]
    zip: Annotated[str, Field(min_length=3, max_length=12, pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]*$")]

    def as_dict(self) -> dict[str, str]:
        return {
            "address1": self.address1,
            "address2": self.address2,
            "city": self.city,
            "state": self.state,
            "country": self.country,
            "zip": self.zip,
        }


class ItemSwapArgs(ActionArgs):
    """Items of an order swapped for other options of the same product (modify or exchange)."""

    order_id: OrderId
    item_ids: list[ItemId] = Field(min_length=1, max_length=50, description="Item ids in the order.")
    new_item_ids: list[ItemId] = Field(
        min_length=1, max_length=50, description="New item ids, same product, in the same order as item_ids."
    )
    payment_method_id: PaymentMethodId = Field(description="Pays or receives the price difference.")

    @model_validator(mode="after")
    def _same_length(self) -> ItemSwapArgs:
        if len(self.item_ids) != len(self.new_item_ids):
            raise ValueError("item_ids and new_item_ids must have the same length")
        return self
