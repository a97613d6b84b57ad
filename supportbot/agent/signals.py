"""Cheap, explainable signals read off the ticket text: anger, a request for a human, attempts
to instruct the bot, and whether the customer asks *for* an action or only *about* one."""

from __future__ import annotations

import re

_ANGRY = re.compile(
    r"\b(?:furious|outraged|unacceptable|ridiculous|disgusting|pathetic|worst|scam(?:mers?)?|fraud|"
    r"incompetent|useless|idiots?|stupid|hate you|sue you|lawyer|lawsuit|chargeback|wtf|f+u+c+k\w*|"
    r"sh[i1]t+\w*|damn(?:ed)? (?:you|it)|bullshit|crap|screw you|livid|fed up|never (?:again|buy))\b",
    re.I,
)
_HUMAN = re.compile(
    r"\b(?:(?:speak|talk|chat) (?:to|with) (?:a |an |some(?:one|body) |your )?(?:real |actual |live )?"
    r"(?:human|person|agent|representative|rep|manager|supervisor|someone|somebody)|"
    r"(?:real|actual|live) (?:human|person|agent)|human agent|not a (?:bot|robot|machine)|"
    r"transfer me|escalate (?:this|my)|connect me (?:to|with))\b",
    re.I,
)
_SUSPICIOUS = re.compile(
    r"(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|rules|prompts?)|"
    r"disregard (?:all |the |your )?(?:previous |prior )?(?:instructions|rules|policy)|"
    r"system prompt|you are now|act as (?:an? )?(?:admin|administrator|developer)|"
    r"\bi am (?:the |an? )?(?:admin|administrator|developer|store owner|manager of this store)\b|"
    r"\b(?:admin|developer|debug) mode\b|override (?:the )?(?:policy|rules)|"
    r"orders? of (?:another|other) customers?|(?:show|give|list|send) me (?:all )?(?:the )?orders? (?:of|for|from) "
    r"[\w.+-]+@|(?:my )?(?:friend|neighbou?r|colleague|brother|sister|wife|husband|mom|dad)'?s? order)",
    re.I,
)
# A question about an action ("can I cancel...?", "is it possible to...") asks for information or
# permission; it is not consent. Checked sentence by sentence, so a greeting in front changes nothing.
_QUESTION = re.compile(
    r"(?:^|[.!?\n,;:]\s*|\b(?:hi|hello|hey|dear \w+)\W+)"
    r"(?:(?:can|could|may|might) (?:i|we)\b|is it (?:still )?possible|would it be possible|am i (?:still )?able|"
    r"how (?:do|can|would|should) i\b|what if\b|do you (?:allow|accept)\b|is there a way|"
    r"i(?:'d| would) like to know\b|i (?:want|wanted|need) to know\b|i(?:'m| am) wondering\b|i wonder\b)",
    re.I,
)
_REQUEST = re.compile(
    r"\b(?:please (?:cancel|return|change|update|switch|send|refund|process|ship|set|do)|kindly|"
    r"i (?:want|would like|need|wish) (?:to|you to)|i'd like (?:to|you to)|go ahead|do it|cancel it)\b",
    re.I,
)
_MISTAKE = re.compile(
    r"\b(?:by mistake|mistaken(?:ly)?|accident(?:al(?:ly)?)?|wrong(?:ly)? ordered|ordered (?:it )?wrong)\b",
    re.I,
)
_YES = re.compile(
    r"^\s*(?:y(?:es|eah|ep|up)?|sure|ok(?:ay)?|confirm(?:ed)?|please do|go ahead|do it|correct|that'?s right)\b",
    re.I,
)
_NO = re.compile(r"^\s*(?:no|nope|nah|don'?t|do not|cancel that|never ?mind|stop)\b", re.I)


def read_signals(text: str) -> dict[str, bool]:
    probe = text[:5000]
    return {
        "angry": bool(_ANGRY.search(probe)) or _shouting(probe),
        "human_requested": bool(_HUMAN.search(probe)),
        "suspicious": bool(_SUSPICIOUS.search(probe)),
        "question": _asks_about_an_action(probe),
    }


_SENTENCE = re.compile(r"[^.!?\n;]+[.!?\n;]*")


def _asks_about_an_action(text: str) -> bool:
    """A question about an action ("can I cancel...?") and no request for it. Sentence by sentence:
    request words inside a question that has already begun ("What if I want to cancel #W1, can I
    still do that", "I'd like to know if I could return it") are part of the question, not consent;
    a request before the question or in a sentence of its own ("Please cancel #W1.") is."""
    asked = requested = False
    for sentence in _SENTENCE.finditer(text):
        # The sentence keeps the punctuation before it, so the cue's "after a sentence end" holds.
        start = sentence.start()
        q = _QUESTION.search(text, max(0, start - 1), sentence.end())
        r = _REQUEST.search(text, start, sentence.end())
        asked = asked or q is not None
        if r is not None and (q is None or r.start() < _cue_start(q)):
            requested = True
    return asked and not requested


def _cue_start(match: re.Match[str]) -> int:
    """Where the question's words begin (after the punctuation or greeting the pattern also eats)."""
    text = match.group(0)
    return match.end() - len(text.lstrip(".!?\n,;: \t"))


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 25:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    return upper > 0.7 and text.count("!") >= 2


def cancel_reason(text: str) -> str:
    """The policy's cancellation reason that best matches what the customer wrote."""
    return "ordered by mistake" if _MISTAKE.search(text) else "no longer needed"


def is_confirmation(text: str) -> bool:
    return bool(_YES.search(text[:200])) and not _NO.search(text[:200])


def is_refusal(text: str) -> bool:
    return bool(_NO.search(text[:200]))
