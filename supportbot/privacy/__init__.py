"""Privacy: personal data (e-mails, phone numbers, card digits, addresses) masked in logs,
training data and exports. Order ids and tracking numbers stay readable for support staff."""

from supportbot.privacy.leaks import find_leaks
from supportbot.privacy.log_format import JsonLogFormatter, MaskingTextFormatter, configure_logging
from supportbot.privacy.masking import mask_pii, mask_record, mask_value

__all__ = [
    "JsonLogFormatter",
    "MaskingTextFormatter",
    "configure_logging",
    "find_leaks",
    "mask_pii",
    "mask_record",
    "mask_value",
]
