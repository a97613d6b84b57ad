"""Ticket text normalisation: HTML to text, quoted replies and signatures out, Unicode normalised,
invisible characters removed, length bounded."""

from __future__ import annotations

import html
import re
import unicodedata

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.S | re.I)
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d)\s*/?\s*>", re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_LOOKS_HTML = re.compile(r"<\s*(?:html|body|div|p|br|span|table|a|b|i|font|!--)\b", re.I)
_INVISIBLE = dict.fromkeys(
    [
        0x200B,
        0x200C,
        0x200D,
        0x2060,
        0xFEFF,
        0x00AD,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x2066,
        0x2067,
        0x2068,
        0x2069,
    ]
)
_QUOTE_HEADER = re.compile(
    r"^\s*(?:On .{0,200} wrote:|-{2,}\s*Original Message\s*-{2,}|From:\s.+@.+)\s*$", re.I
)
_SIGNATURE_START = re.compile(
    r"^\s*(?:--\s*|sent from my \w+.*|best(?: regards)?,?|kind regards,?|regards,?|thanks,?|thank you,?|cheers,?)\s*$",
    re.I,
)
# A closing line ("Thanks!", "Thank you.", "Many thanks,", "Best wishes") and a dash signature
# ("- Anna Berg", "-- Tom"): sign-offs that say nothing about the request.
_CLOSING = re.compile(
    r"^\s*(?:(?:many |thanks |thank you )?(?:thanks|thank you)(?: (?:a lot|again|in advance|so much|very much))?|"
    r"(?:best|kind|warm|warmest|many)? ?(?:regards|wishes)|best|cheers|sincerely|yours(?: sincerely| truly)?|"
    r"all the best|take care|have a (?:nice|good|great) day)\s*[,.!]*\s*$",
    re.I,
)
_DASH_NAME = re.compile(r"^\s*(?:-{1,2}|[\u2013\u2014])\s*[^\W\d_][^\d?@]{0,40}$")
_NAME_LINE = re.compile(r"^[^\d?@]{1,40}$")
# A greeting in front of the request: "Hi,", "Hello team,", "Good morning,", "Dear support,", "hi ".
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening|day))\b"
    r"(?: there| team| all| folks| guys| support(?: team)?)?[,!.:]*\s+|dear [^\n,:?]{1,40}(?:[,:]\s*|\n\s*))",
    re.I | re.M,
)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(body: str) -> str:
    """Strip comments (hidden instructions live there), scripts, styles and tags."""
    body = _COMMENT.sub(" ", body)
    body = _SCRIPT.sub(" ", body)
    body = _BREAK.sub("\n", body)
    body = _TAG.sub(" ", body)
    return html.unescape(body)


def strip_quoted_and_signature(body: str) -> str:
    """Drop quoted earlier messages ('> ...', 'On ... wrote:') and the signature block."""
    kept: list[str] = []
    for line in body.splitlines():
        if _QUOTE_HEADER.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    # Cut at a signature marker only in the last few lines, so a 'Thanks,' mid-text stays.
    for i in range(len(kept) - 1, max(-1, len(kept) - 8), -1):
        if _SIGNATURE_START.match(kept[i]) and i > 0:
            kept = kept[:i]
            break
    return "\n".join(kept)


def without_sign_off(text: str) -> str:
    """``text`` without a trailing sign-off: a closing line ("Thank you!", "Best wishes,") followed
    only by short name lines, or a last-line dash signature ("- Anna Berg") set apart by a blank
    line (so a list's last item stays). For the intent model, which should read the request only;
    the whole text still goes to entity extraction. Nothing that holds digits, '@' or '?' is cut."""
    lines = text.rstrip().split("\n")
    for _ in range(3):  # stacked sign-offs ("Best regards,\nAnna\n\nThank you!")
        before = len(lines)
        if (
            len(lines) >= 3
            and _DASH_NAME.match(lines[-1])
            and not lines[-2].strip()
            and not _DASH_NAME.match(lines[-3])  # "- b\n\n- c": a list, not a signature
        ):
            lines = lines[:-2]
        for i in range(len(lines) - 1, max(0, len(lines) - 4), -1):
            if _CLOSING.match(lines[i]) and all(
                not t.strip() or _NAME_LINE.match(t.strip()) for t in lines[i + 1 :]
            ):
                lines = lines[:i]
                break
        while lines and not lines[-1].strip():
            lines.pop()
        if len(lines) == before:
            break
    return "\n".join(lines).rstrip() or text


def request_text(text: str) -> str:
    """What the intent model reads: ``text`` without the greeting in front and the sign-off at the
    end (they say nothing about the request and only lower the model's confidence)."""
    text = without_sign_off(text)
    # the greeting opens the body, which follows the subject line when there is one
    for start in (0, text.find("\n") + 1 or len(text)):
        m = _GREETING.match(text, start)
        if m and len(text[m.end() :].split()) >= 2:
            return text[:start] + text[m.end() :]
    return text


def normalise(subject: str | None, body: str | bytes, max_chars: int) -> tuple[str, bool]:
    """The text the bot reads: subject + body, cleaned and cut to ``max_chars``.

    Returns the text and whether it was truncated. Never raises.
    """
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    body = body.replace("\x00", " ")
    # Bound the work before any regex runs on hostile input.
    truncated = len(body) > max_chars * 4
    body = body[: max_chars * 4]
    if _LOOKS_HTML.search(body):
        body = html_to_text(body)
    body = strip_quoted_and_signature(body.replace("\r\n", "\n").replace("\r", "\n"))
    parts = [p for p in ((subject or "").strip(), body.strip()) if p]
    text = unicodedata.normalize("NFKC", "\n".join(parts)).translate(_INVISIBLE)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    if len(text) > max_chars:
        text, truncated = text[:max_chars], True
    return text, truncated
