"""Regular expressions that find personal data in free text, and what replaces it.

Every pattern is linear-time on hostile input (bounded repetitions, no nested quantifiers), so
masking a 1 MB ticket body costs milliseconds, not minutes.

What is masked, and with what placeholder:

* ``[EMAIL]`` e-mail addresses, including ``jane (at) example (dot) com`` spellings;
* ``[CARD]`` card numbers (13-19 digits; grouped forms always, ungrouped runs when Luhn-valid),
  the last four digits when the text says so ("card ending in 9212", "visa 9212"), CVV codes;
* ``[PHONE]`` phone numbers written with a ``+`` prefix, with separators (``(303) 555-0147``,
  ``303.555.0147``, ``020 7946 0958``) or as a bare digit run right after a word such as
  "phone", "call me", "mobile";
* ``[ADDRESS]`` street lines (``986 Sunset Drive``, ``123 Broadway``), unit lines
  (``Suite 259``, ``Apt 4B``), and zip/postal codes that are part of an address
  (``CO 80279``, ``zip 80279``, UK postcodes such as ``SW1A 1AA``).

Deliberately kept readable, because support staff need them and they identify no person on
their own: order ids (``#W2611340``), tracking numbers (12-digit runs in the demo shop; any bare
digit run that is not a Luhn-valid card number), item/product ids (10-digit runs), payment-method
ids (``credit_card_7815826``), amounts, dates, city, state and country names.
"""

from __future__ import annotations

import re

EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
CARD = "[CARD]"
ADDRESS = "[ADDRESS]"

# Characters that render as nothing (zero-width, bidi controls, BOM): removed before matching so
# "jane\u200b@example.com" or a bidi-reversed number cannot slip through.
INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]"
)

EMAIL_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,30}"
    r"\.[A-Za-z][A-Za-z0-9\-]{1,62}\b"
)
# "jane.doe (at) example (dot) com", "jane at example dot com"
SPELLED_EMAIL_RE = re.compile(
    r"\b[A-Za-z0-9._%+\-]{1,64}(?:\s{0,3}[\[(]\s{0,2}at\s{0,2}[\])]\s{0,3}|\s{1,3}at\s{1,3})"
    r"[A-Za-z0-9\-]{1,63}(?:\s{0,3}[\[(]\s{0,2}dot\s{0,2}[\])]\s{0,3}|\s{1,3}dot\s{1,3})[A-Za-z]{2,24}\b",
    re.IGNORECASE,
)

# 4-4-4-4(-3) with spaces or dashes, and Amex 4-6-5.
GROUPED_CARD_RE = re.compile(
    r"(?<!\d)(?:\d{4}[ \-]){3}\d{4}(?:[ \-]?\d{1,3})?(?!\d)|(?<!\d)\d{4}[ \-]\d{6}[ \-]\d{5}(?!\d)"
)
BARE_DIGITS_13_19_RE = re.compile(r"(?<![\d.])\d{13,19}(?!\d)")  # not a decimal fraction
LAST_FOUR_RE = re.compile(
    r"\b(?P<lead>(?:ending|ends)(?:\s+(?:in|with))?|last\s+(?:4|four)(?:\s+digits)?|"
    r"(?:credit|debit)\s+card|card(?:\s+(?:number|no\.?|#))?|visa|master\s?card|amex|"
    r"american\s+express|discover)"
    r"(?P<gap>[^\d\n]{0,20})(?P<digits>\d{4})(?!\d)",
    re.IGNORECASE,
)
CVV_RE = re.compile(
    r"\b(?P<lead>cvv2?|cvc2?|csc|security\s+code)(?P<gap>[^\d\n]{0,10})(?P<digits>\d{3,4})(?!\d)",
    re.IGNORECASE,
)

# Phone numbers. Digit counts are checked in code (7..15 digits).
PLUS_PHONE_RE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){1,6}(?!\d)")
NANP_PHONE_RE = re.compile(r"(?<![\w#])(?:1[ .\-])?\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}(?!\d)")
NATIONAL_PHONE_RE = re.compile(r"(?<![\w#])0\d{2,4}[ .\-]\d{3,4}[ .\-]?\d{3,4}(?!\d)")
CONTEXT_PHONE_RE = re.compile(
    r"\b(?P<lead>phone|tel|telephone|mobile|cell|cellphone|whatsapp|sms|call\s+me(?:\s+(?:at|on))?|"
    r"text\s+me(?:\s+(?:at|on))?|reach\s+me(?:\s+(?:at|on))?)"
    r"(?P<gap>[^\d\n+(]{0,15})(?P<digits>[+(]?\d[\d .\-()]{5,20}\d)",
    re.IGNORECASE,
)

_STREET_SUFFIX = (
    r"street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|"
    r"terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|close|"
    r"alley|row|walk|plaza|loop|path|pike|run|broadway"
)
_STREET_NAME_WORD = r"(?:[A-Z]|\d{1,3}(?:st|nd|rd|th)\b)[A-Za-z'\-]{0,30}\.?"
# "986 Sunset Drive", "12B Old Mill Rd." (capitalised), or any case after a word that
# introduces an address ("ship to 986 sunset drive", "address: 12 main st").
STREET_RE = re.compile(
    r"(?<![\w#$.,])\d{1,6}[A-Za-z]?(?:\s+" + _STREET_NAME_WORD + r"){0,3}\s+"
    r"(?:" + _STREET_SUFFIX.title() + r"|" + _STREET_SUFFIX.upper() + r")\b\.?"
)
CONTEXT_STREET_RE = re.compile(
    r"\b(?P<lead>address|addr|ship(?:ped)?\s+(?:it\s+)?to|deliver(?:ed|y)?\s+(?:it\s+)?to|"
    r"send\s+(?:it\s+)?to|live\s+(?:at|on)|moved\s+to|located\s+at|at)"
    r"(?P<gap>\s{0,3}:?\s{0,3}(?:is\s+)?)"
    r"(?P<digits>\d{1,6}[A-Za-z]?(?:\s+[A-Za-z][A-Za-z'\-]{0,30}\.?){0,3}\s+(?:"
    + _STREET_SUFFIX
    + r")\b\.?)",
    re.IGNORECASE,
)
UNIT_RE = re.compile(
    r"\b(?:suite|ste|apt|apartment|unit|flat|floor|fl|room|rm|p\.?\s?o\.?\s+box)\.?\s{0,3}#?\s{0,2}"
    r"\d{1,6}[A-Za-z]?\b",
    re.IGNORECASE,
)
# Zip codes that belong to an address: after a US state code, or after a "zip"/"postcode" word.
STATE_ZIP_RE = re.compile(r"\b[A-Z]{2}\s{1,3}\d{5}(?:-\d{4})?(?!\d)")
CONTEXT_ZIP_RE = re.compile(
    r"\b(?P<lead>zip(?:\s*code)?|postal\s+code|post\s*code)(?P<gap>[^\w\n]{0,5}(?:is\s+)?)"
    r"(?P<digits>[A-Za-z0-9]{2,5}(?:[ \-][A-Za-z0-9]{3,4})?)\b",
    re.IGNORECASE,
)
UK_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
