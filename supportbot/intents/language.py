"""Language of a ticket: a fast English check first, langdetect only when it is not obvious."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

UNKNOWN = "unknown"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENGLISH_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "cant",
        "could",
        "did",
        "do",
        "does",
        "dont",
        "for",
        "from",
        "get",
        "got",
        "has",
        "have",
        "having",
        "hello",
        "help",
        "hi",
        "how",
        "i",
        "if",
        "im",
        "in",
        "is",
        "it",
        "its",
        "ive",
        "just",
        "know",
        "like",
        "me",
        "my",
        "need",
        "no",
        "not",
        "now",
        "of",
        "on",
        "or",
        "order",
        "our",
        "please",
        "so",
        "still",
        "that",
        "the",
        "their",
        "them",
        "there",
        "this",
        "to",
        "u",
        "up",
        "us",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "thanks",
        "thank",
    ]
)


# Function words of the other languages the bot glosses (intents/gloss.py) that are not English
# words: a short ticket with more of these than English words is not taken as English on sight.
_FOREIGN_BY_LANGUAGE = {
    "nl": "ik je jij het een mijn mij niet waar hoe wil kan wat wanneer geen nog dat deze ook bij voor "
    "met van naar maar zijn heb heeft hebben graag bestelling pakket",
    "pt": "o os as uma meu minha meus não nao já ja é está estão onde quando como quero queria gostaria "
    "podem pode por favor obrigado obrigada encomenda pedido fatura",
    "es": "el los las mi mis yo tengo quiero quisiera dónde donde cuándo cuando cómo gracias hola del al "
    "que qué está esta factura pedido",
    "fr": "le les mon ma mes je veux voudrais où est pas une des du au aux pour avec bonjour merci "
    "commande colis",
    "de": "ich mein meine meinen nicht wo ist wann wie die der das ein eine und mit bitte danke hallo "
    "bestellung paket",
    "it": "il lo gli mio mia miei dove è sono voglio vorrei ordine grazie ciao",
}
_FOREIGN_WORDS = (
    frozenset(word for words in _FOREIGN_BY_LANGUAGE.values() for word in words.split()) - _ENGLISH_WORDS
)


@lru_cache(maxsize=1)
def _langdetect() -> Any:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0  # deterministic answers
    return detect_langs


def detect_language(text: str) -> str:
    """ISO 639-1 code, or ``unknown`` when the text has too few letters or no clear language."""
    sample = text[:1000]
    words = _WORD.findall(sample.lower())
    if sum(len(w) for w in words) < 3:
        return UNKNOWN
    ascii_words = sum(w.isascii() for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    foreign = sum(w in _FOREIGN_WORDS for w in words)
    if (
        ascii_words == len(words)
        and foreign < max(english, 2)
        and (english / len(words) >= 0.2 or (len(words) <= 3 and english))
    ):
        return "en"
    try:
        guesses = _langdetect()(sample)
    except Exception:  # langdetect raises on texts without features
        return UNKNOWN
    best = guesses[0]
    if best.prob >= 0.8 and (len(words) >= 3 or not all(w.isascii() for w in words)):
        return str(best.lang)
    # Short Latin-script texts without a confident guess: typos and jargon are mostly English,
    # unless they hold more foreign function words than English ones.
    foreign_dominates = foreign >= 2 and foreign > english
    return "en" if ascii_words == len(words) and not foreign_dominates else UNKNOWN


def warm_up() -> None:
    """Load langdetect's profiles in the background so the first non-obvious ticket is not slow."""
    import threading

    threading.Thread(target=_langdetect, name="langdetect-warm-up", daemon=True).start()
