"""Word-level glossing of Spanish, French, German, Italian, Portuguese and Dutch tickets into English.

The intent model only reads English. For a ticket detected as one of :data:`GLOSS_LANGUAGES` the router
classifies a word-by-word English gloss of it instead ("¿dónde está mi pedido #W123?" -> "where is my
order #W123?"), so the intent label the human reviewer sees is right; the ticket keeps its detected
language and is still escalated as unsupported. The vocabulary is a small customer-support lexicon per
language in ``supportbot/data/gloss/<lang>.tsv`` (see the README there). Unknown words, numbers and
ids pass through unchanged. :func:`gloss` never raises.

Lexicon lines are ``source<TAB>target`` (``#`` starts a comment):

* ``pedido<TAB>order``: a word; matched case-insensitively, and also without accents
  ("dirección" entry matches "direccion"); an exact accented match wins.
* ``dónde está<TAB>where is``: a phrase of up to :data:`MAX_PHRASE_TOKENS` words, matched longest first,
  its words separated by spaces or a hyphen only (never across other punctuation).
* ``reembols*<TAB>refund``: a stem (at least :data:`MIN_STEM_CHARS` letters before ``*``) matches any
  longer word it begins; the longest stem wins. Tried only after words and phrases.
* An empty target drops the word (articles and particles that carry no intent).

Elided French and Italian words are their own tokens ("l'adresse" -> "l'" + "adresse"). German and Dutch
compounds not in the lexicon are split once into two known parts ("Paketnummer" -> "package number").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from supportbot.errors import ArtifactError
from supportbot.intents.text import MAX_CLASSIFY_CHARS
from supportbot.paths import PACKAGE_DATA

log = logging.getLogger(__name__)

GLOSS_DIR = PACKAGE_DATA / "gloss"
GLOSS_LANGUAGES = frozenset({"es", "fr", "de", "it", "pt", "nl"})
# Words the detected language's lexicon lacks are looked up (whole words only) in its neighbours':
# langdetect mixes these up on short tickets, and customers borrow words.
_NEIGHBOURS = {
    "es": ("pt", "it", "fr"),
    "pt": ("es", "it", "fr"),
    "it": ("es", "pt", "fr"),
    "fr": ("it", "es", "pt"),
    "de": ("nl",),
    "nl": ("de",),
}
_COMPOUND_LANGUAGES = frozenset({"de", "nl"})
MAX_PHRASE_TOKENS = 4
MIN_STEM_CHARS = 4
MIN_COMPOUND_PART = 4

# A run of letters/digits, with a trailing elision apostrophe ("l'", "dov'", "j'").
_TOKEN = re.compile(r"[^\W_]+['’]?")
_SPLIT = re.compile(r"([^\W_]+['’]?)")
_SPACES = re.compile(r"[ \t]{2,}")
# What may stand between the words of a phrase: spaces, or a hyphen ("pouvez-vous", "e-mail").
_JOINERS = re.compile(r"[\s-]+")
_ELISION = "'"
_APOSTROPHES = "'’"
_ELIDED = ("'", "’")
# No word is longer; longer letter runs (scripts without spaces, junk) pass through after one lookup.
MAX_WORD_CHARS = 40


def fold(word: str) -> str:
    """Lower case, typographic apostrophe to ASCII, accents removed, ß -> ss."""
    word = word.lower().replace("’", _ELISION).replace("ß", "ss")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _lower(word: str) -> str:
    return word.lower().replace("’", _ELISION)


@dataclass
class Lexicon:
    """One language's entries, indexed for lookup."""

    language: str
    words: dict[str, str] = field(default_factory=dict)  # lower-cased, accents kept
    folded: dict[str, str] = field(default_factory=dict)  # accents removed
    phrases: dict[str, str] = field(default_factory=dict)  # folded tokens joined by one space
    phrase_starts: frozenset[str] = frozenset()
    stems: dict[str, str] = field(default_factory=dict)  # folded stem -> target
    stem_lengths: tuple[int, ...] = ()  # distinct stem lengths, longest first

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases) + len(self.stems)

    def stem(self, folded_token: str) -> str | None:
        """The gloss of the longest stem that begins ``folded_token``, or None."""
        size = len(folded_token)
        for length in self.stem_lengths:
            if length <= size:
                hit = self.stems.get(folded_token[:length])
                if hit is not None:
                    return hit
        return None


def parse_lexicon(text: str, language: str, source: str = "<lexicon>") -> Lexicon:
    """Build a :class:`Lexicon` from TSV text; raises :class:`ArtifactError` on a malformed line."""
    lexicon = Lexicon(language)
    plain: set[str] = set()
    seen: set[tuple[bool, str]] = set()
    starts: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        if "\t" not in line:
            raise ArtifactError(f"{source}:{number}: expected 'source<TAB>target', got {raw!r}")
        src, target = (part.strip() for part in line.split("\t", 1))
        target = " ".join(target.split())
        if not src:
            raise ArtifactError(f"{source}:{number}: empty source in {raw!r}")
        entry = (src.endswith("*"), " ".join(_lower(t) for t in _TOKEN.findall(src)))
        if entry in seen:
            raise ArtifactError(f"{source}:{number}: {src!r} is listed twice")
        seen.add(entry)
        if src.endswith("*"):
            stem = fold(src[:-1])
            if len(stem) < MIN_STEM_CHARS or not stem.isalpha():
                raise ArtifactError(f"{source}:{number}: stem {src!r} needs >= {MIN_STEM_CHARS} letters")
            lexicon.stems[stem] = target
            continue
        tokens = _TOKEN.findall(src)
        if not tokens or "".join(tokens) != _JOINERS.sub("", src):
            raise ArtifactError(f"{source}:{number}: {src!r} is not made of plain words")
        if len(tokens) > MAX_PHRASE_TOKENS:
            raise ArtifactError(f"{source}:{number}: phrase {src!r} is longer than {MAX_PHRASE_TOKENS} words")
        if len(tokens) > 1:
            key = " ".join(fold(t) for t in tokens)
            lexicon.phrases[key] = target
            starts.add(fold(tokens[0]))
            continue
        word = tokens[0]
        lexicon.words[_lower(word)] = target
        key = fold(word)
        if key == _lower(word):  # an unaccented source owns its folded key ("ou" over "où")
            lexicon.folded[key] = target
            plain.add(key)
        elif key not in plain and key not in lexicon.folded:
            lexicon.folded[key] = target
    lexicon.phrase_starts = frozenset(starts)
    lexicon.stem_lengths = tuple(sorted({len(stem) for stem in lexicon.stems}, reverse=True))
    return lexicon


def load_lexicon(path: Path, language: str) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ArtifactError(f"gloss lexicon {path} cannot be read: {exc}") from exc
    return parse_lexicon(text, language, str(path))


@cache
def lexicon(language: str) -> Lexicon:
    """The shipped lexicon for ``language`` (empty, with a logged error, when it cannot be loaded)."""
    try:
        return load_lexicon(GLOSS_DIR / f"{language}.tsv", language)
    except Exception:
        log.exception("gloss: lexicon for %r unusable; its tickets are classified unglossed", language)
        return Lexicon(language)


def warm_up() -> None:
    """Load all lexicons now (a few ms) so the first foreign ticket does not pay for it."""
    for language in sorted(GLOSS_LANGUAGES):
        lexicon(language)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=65536)
def _gloss_word(language: str, token: str) -> str | None:
    """The gloss of one token not covered by a phrase, or None to keep it."""
    lex = lexicon(language)
    lower = _lower(token)
    hit = lex.words.get(lower)
    if hit is not None or len(token) > MAX_WORD_CHARS:
        return hit
    folded = _fold(token)
    # Every lexicon is in Latin script: a word that is not ASCII once its accents are gone is not in one.
    if not folded.isascii():
        return None
    hit = lex.folded.get(folded)
    if hit is not None or folded.endswith(_ELISION):  # an unknown elided word stays as written
        return hit
    hit = lex.stem(folded)
    if hit is not None:
        return hit
    for neighbour in _NEIGHBOURS.get(language, ()):
        other = lexicon(neighbour)
        hit = other.words.get(lower) or other.folded.get(folded)
        if hit is not None:
            return hit
    if language in _COMPOUND_LANGUAGES and len(folded) >= 2 * MIN_COMPOUND_PART:
        return _compound(lex, folded)
    return None


def _tail(lex: Lexicon, part: str) -> str | None:
    """A compound's last part: a word, or a stem plus an ending of up to three letters."""
    hit = lex.folded.get(part)
    for ending in range(4):
        if hit is not None or len(part) - ending < MIN_STEM_CHARS:
            break
        hit = lex.stems.get(part[: len(part) - ending])
    return hit


def _compound(lex: Lexicon, folded: str) -> str | None:
    """Split a German/Dutch compound into a known word or stem and a known last part (a linking
    s/e/en/n allowed between them): a few dozen dict lookups, whatever the word."""
    for cut in range(MIN_COMPOUND_PART, len(folded) - MIN_COMPOUND_PART + 1):
        tail = _tail(lex, folded[cut:])
        if not tail:
            continue
        head_text = folded[:cut]
        for link in ("", "s", "en", "e", "n"):
            if not head_text.endswith(link) or len(head_text) - len(link) < MIN_COMPOUND_PART - 1:
                continue
            core = head_text[: len(head_text) - len(link)]
            head = lex.folded.get(core) or lex.stems.get(core)
            if head:
                return f"{head} {tail}"
    return None


def _glue(gap: str) -> bool:
    """Whether two tokens separated by ``gap`` may form a phrase (spaces, a hyphen or an elision)."""
    return not gap or _JOINERS.fullmatch(gap) is not None


def _gloss(text: str, language: str) -> str:
    lex = lexicon(language)
    # parts alternates gap, token, gap, ..., token, gap: token k is parts[2k + 1], the gap before it parts[2k].
    parts = _SPLIT.split(text)
    tokens = parts[1::2]
    folded = [_fold(token) for token in tokens]
    starts = lex.phrase_starts
    n = len(tokens)
    k = 0
    while k < n:
        target: str | None = None
        span = 1
        if folded[k] in starts:
            for length in range(min(MAX_PHRASE_TOKENS, n - k), 1, -1):
                if all(_glue(parts[2 * j]) for j in range(k + 1, k + length)):
                    target = lex.phrases.get(" ".join(folded[k : k + length]))
                    if target is not None:
                        span = length
                        break
        if target is None and tokens[k].rstrip(_APOSTROPHES).isalpha():  # ids and numbers stay
            target = _gloss_word(language, tokens[k])
        if target is not None:
            # "l'adresse": keep the next word apart from the gloss of "l'"
            parts[2 * k + 1] = target + " " if tokens[k + span - 1].endswith(_ELIDED) else target
            for j in range(k + 1, k + span):
                parts[2 * j] = parts[2 * j + 1] = ""
        k += span
    return _SPACES.sub(" ", "".join(parts))


def gloss(text: str, language: str) -> str:
    """English word-by-word gloss of ``text`` for a ticket in ``language``; ``text`` itself for any
    other language or when anything goes wrong (never raises)."""
    try:
        if not isinstance(text, str):
            return ""
        if language not in GLOSS_LANGUAGES:
            return text
        return _gloss(text[:MAX_CLASSIFY_CHARS], language)  # the router classifies no more
    except Exception:
        log.exception("gloss: failed; classifying the text unglossed")
        return text if isinstance(text, str) else ""
