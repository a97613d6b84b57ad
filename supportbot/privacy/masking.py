"""Mask personal data in text and in records (log extras, training examples, exports).

``mask_pii`` is idempotent (masking masked text changes nothing) and total: it accepts any
string, including 1 MB bodies, binary junk decoded with replacement characters, mixed scripts.
See :mod:`supportbot.privacy.patterns` for exactly what is masked and what is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from supportbot.privacy import patterns as p

# Record keys whose whole value is personal data, whatever it looks like.
SENSITIVE_KEYS: dict[str, str] = {
    "email": p.EMAIL,
    "customer_email": p.EMAIL,
    "author": p.EMAIL,
    "phone": p.PHONE,
    "phone_number": p.PHONE,
    "address": p.ADDRESS,
    "address1": p.ADDRESS,
    "address2": p.ADDRESS,
    "ship_address1": p.ADDRESS,
    "ship_address2": p.ADDRESS,
    "street": p.ADDRESS,
    "zip": p.ADDRESS,
    "ship_zip": p.ADDRESS,
    "postcode": p.ADDRESS,
    "postal_code": p.ADDRESS,
    "card_number": p.CARD,
    "last_four": p.CARD,
    "cvv": p.CARD,
}


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _keep_lead(token: str) -> Any:
    """Replacement that keeps the matched keyword ("card ending in") and masks the digits."""

    def repl(m: re.Match[str]) -> str:
        return f"{m.group('lead')}{m.group('gap')}{token}"

    return repl


def _phone_if_plausible(m: re.Match[str]) -> str:
    return p.PHONE if 7 <= _digit_count(m.group(0)) <= 15 else m.group(0)


def _card_if_luhn(m: re.Match[str]) -> str:
    return p.CARD if _luhn_ok(m.group(0)) else m.group(0)


def normalise(text: str) -> str:
    """NFKC (full-width digits and look-alike '@' become ASCII) without invisible characters."""
    text = p.INVISIBLE_RE.sub("", text)
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


def mask_pii(text: str) -> str:
    """``text`` with e-mails, phone numbers, card digits and street addresses replaced by
    ``[EMAIL]``, ``[PHONE]``, ``[CARD]`` and ``[ADDRESS]``. Order ids and tracking numbers stay."""
    if not text:
        return text
    text = normalise(text)
    if "@" in text:
        text = p.EMAIL_RE.sub(p.EMAIL, text)
    text = p.SPELLED_EMAIL_RE.sub(p.EMAIL, text)
    text = p.GROUPED_CARD_RE.sub(p.CARD, text)
    text = p.BARE_DIGITS_13_19_RE.sub(_card_if_luhn, text)
    text = p.LAST_FOUR_RE.sub(_keep_lead(p.CARD), text)
    text = p.CVV_RE.sub(_keep_lead(p.CARD), text)
    text = p.CONTEXT_PHONE_RE.sub(_keep_lead(p.PHONE), text)
    text = p.PLUS_PHONE_RE.sub(_phone_if_plausible, text)
    text = p.NANP_PHONE_RE.sub(_phone_if_plausible, text)
    text = p.NATIONAL_PHONE_RE.sub(_phone_if_plausible, text)
    text = p.CONTEXT_STREET_RE.sub(_keep_lead(p.ADDRESS), text)
    text = p.STREET_RE.sub(p.ADDRESS, text)
    text = p.UNIT_RE.sub(p.ADDRESS, text)
    text = p.STATE_ZIP_RE.sub(p.ADDRESS, text)
    text = p.CONTEXT_ZIP_RE.sub(_keep_lead(p.ADDRESS), text)
    text = p.UK_POSTCODE_RE.sub(p.ADDRESS, text)
    return text


def _mask_str(text: str, max_chars: int | None) -> str:
    if max_chars is not None and len(text) > max_chars:
        text = f"{text[:max_chars]}... [{len(text) - max_chars} more chars]"
    return mask_pii(text)


def mask_value(
    value: Any, *, key: str | None = None, max_str_chars: int | None = None, _depth: int = 0
) -> Any:
    """Mask ``value`` recursively: strings are masked, containers are walked, values under a
    sensitive key (``email``, ``address1``, ``last_four``...) are replaced whole. Strings longer
    than ``max_str_chars`` (if given) are cut first."""
    if key is not None and key.lower() in SENSITIVE_KEYS and value not in (None, "", [], {}):
        if isinstance(value, (Mapping, list, tuple)):
            return mask_value(value, max_str_chars=max_str_chars, _depth=_depth + 1)
        return SENSITIVE_KEYS[key.lower()]
    if isinstance(value, str):
        return _mask_str(value, max_str_chars)
    if isinstance(value, (bytes, bytearray)):
        return _mask_str(bytes(value).decode("utf-8", errors="replace"), max_str_chars)
    if _depth > 50:  # pathological nesting: nothing below is kept
        return "[TRUNCATED]"
    if isinstance(value, Mapping):
        return {
            mask_pii(str(k)): mask_value(v, key=str(k), max_str_chars=max_str_chars, _depth=_depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [mask_value(v, max_str_chars=max_str_chars, _depth=_depth + 1) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _mask_str(str(value), max_str_chars)


def mask_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``record`` (a log extra, a training example, an exported ticket) with personal
    data masked in every string, at any depth. The input is not modified."""
    masked = mask_value(record)
    assert isinstance(masked, dict)
    return masked
