"""The shop catalogue as the entity extractor sees it: product names and option values.

Read from the database (``products`` and ``variants``); when the database is unreachable or has
no products, from the vendored tau-retail ``products.json``. The PhraseMatcher built from it is
case-insensitive and matches singular and plural forms (``water bottles``, ``running shoe``) and
spelling variants of compound names (``t shirt``, ``tshirt``, ``ereader``).

Option values that are ordinary words or too short to mean anything alone (``M``, ``10``,
``no``, ``large``, ``fixed``) are matched only next to their option name (``size M``,
``M size``, ``size: 10``); distinctive values (``blue``, ``1000ml``, ``space grey``) match alone.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportbot.paths import TAU_RETAIL_DIR

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

PRODUCTS_JSON = TAU_RETAIL_DIR / "products.json"

# Option values that are common words: matched only together with their option name.
_AMBIGUOUS_WORDS = frozenset(
    [
        "no",
        "yes",
        "none",
        "high",
        "low",
        "medium",
        "small",
        "large",
        "full",
        "half",
        "fixed",
        "custom",
        "plain",
        "art",
        "basic",
        "standard",
        "manual",
        "automatic",
        "electric",
        "gas",
        "digital",
        "analog",
        "road",
        "mountain",
        "fresh",
        "light",
        "dark",
        "portable",
        "wired",
        "wireless",
        "battery",
        "usb",
        "camera",
        "laptop",
        "men",
        "women",
        "unisex",
        "timer",
        "graphic",
        "professional",
        "beginner",
        "expert",
        "intermediate",
        "animals",
        "landscape",
        "fantasy",
        "hydration",
        "daylight",
        "upright",
        "canister",
        "capsule",
        "drip",
        "espresso",
        "adjustable",
        "cordless",
        "clicky",
        "linear",
        "tactile",
        "optical",
        "laser",
        "rotisserie",
        "woody",
        "oriental",
        "charcoal",
        "robotic",
        "glass",
        "metal",
        "plastic",
        "wood",
        "iron",
        "rubber",
        "mesh",
        "fabric",
        "synthetic",
        "ceramic",
        "full",
        "size",
        "not",
        "resistant",
        "night",
        "mode",
        "side",
        "burner",
        "features",
        "bagged",
        "bagless",
        "induction",
    ]
) | {"full size", "not resistant", "night mode", "side burner", "quiet operation", "auto shutoff"}


@dataclass(frozen=True)
class Catalog:
    products: tuple[str, ...]
    # option value -> option names it belongs to (``'M' -> {'size'}``)
    options: dict[str, frozenset[str]] = field(default_factory=dict)
    source: str = "json"

    @classmethod
    def from_products(cls, rows: Iterable[tuple[str, dict[str, Any]]], source: str) -> Catalog:
        names: list[str] = []
        options: dict[str, set[str]] = {}
        for name, variant_options in rows:
            if name not in names:
                names.append(name)
            for option, value in variant_options.items():
                options.setdefault(str(value), set()).add(str(option))
        return cls(tuple(names), {k: frozenset(v) for k, v in options.items()}, source)

    @property
    def fingerprint(self) -> str:
        import hashlib

        blob = json.dumps([self.products, sorted((k, sorted(v)) for k, v in self.options.items())])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def load_json_catalog(path: Path = PRODUCTS_JSON) -> Catalog:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    rows = [(p["name"], v["options"]) for p in data.values() for v in p["variants"].values()]
    return Catalog.from_products(rows, source=f"json:{path.name}")


def load_db_catalog(engine: Engine) -> Catalog | None:
    """The catalogue from the database, or ``None`` when it is unreachable or empty."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from supportbot.db.engine import session_scope
    from supportbot.db.models import Product, Variant
    from supportbot.errors import SupportbotError

    try:
        with session_scope(engine) as s:
            names = list(s.scalars(select(Product.name).order_by(Product.id)))
            rows = [
                (name, options or {})
                for name, options in s.execute(
                    select(Product.name, Variant.options).join(Variant, Variant.product_id == Product.id)
                )
            ]
    except (SQLAlchemyError, SupportbotError, OSError) as exc:
        log.warning("entity catalogue: database unavailable (%s); using the vendored catalogue", exc)
        return None
    if not names:
        return None
    rows.extend((name, {}) for name in names)
    return Catalog.from_products(rows, source="db")


# ------------------------------------------------------------------ surface forms


_IRREGULAR_PLURALS = {"mouse": "mice", "shelf": "shelves", "bookshelf": "bookshelves", "knife": "knives"}


def plural(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        irregular = _IRREGULAR_PLURALS[lower]
        return irregular.upper() if word.isupper() else word[0] + irregular[1:]
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _singular(word: str) -> str | None:
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        return word[:-1]
    return None


def product_forms(name: str) -> set[str]:
    """Lower-case surface forms of a product name: singular/plural, hyphen and space variants."""
    base = name.lower()
    spellings = {base}
    if "-" in base:
        spellings |= {base.replace("-", " "), base.replace("-", "")}
    words = base.split()
    if len(words) == 2 and len(words[0]) <= 5:  # smart watch -> smartwatch
        spellings.add("".join(words))
    forms: set[str] = set()
    for spelling in spellings:
        head, _, last = spelling.rpartition(" ")
        prefix = f"{head} " if head else ""
        forms.add(spelling)
        forms.add(prefix + plural(last))
        singular = _singular(last)
        if singular:
            forms.add(prefix + singular)
    if base == "t-shirt":
        forms |= {"tee", "tees", "tee shirt", "tee shirts"}
    return forms


def is_ambiguous_value(value: str) -> bool:
    lower = value.lower()
    return lower in _AMBIGUOUS_WORDS or len(lower) <= 2 or bool(re.fullmatch(r"[0-9.%]+", lower))


def variant_forms(value: str, option_names: Iterable[str], *, keep_case: bool = False) -> Iterator[str]:
    """Surface forms of an option value: alone when distinctive, else next to its option name."""
    lower = value if keep_case else value.lower()
    if not is_ambiguous_value(value):
        yield lower
        if "-" in lower:
            yield lower.replace("-", " ")
    for option in option_names:
        opt = option.lower()
        yield f"{opt} {lower}"
        yield f"{opt}: {lower}"
        yield f"{lower} {opt}"


def build_matcher(nlp: Language, catalog: Catalog) -> tuple[PhraseMatcher, dict[int, tuple[str, str]]]:
    """A PhraseMatcher over ``nlp.vocab`` and a map match_id -> (entity type, canonical value)."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    labels: dict[int, tuple[str, str]] = {}
    product_lowers = {p.lower() for p in catalog.products}
    for name in catalog.products:
        key = f"product::{name}"
        labels[nlp.vocab.strings.add(key)] = ("product", name)
        matcher.add(key, [nlp.make_doc(form) for form in sorted(product_forms(name))])
    for value, option_names in catalog.options.items():
        if value.lower() in product_lowers:
            continue
        key = f"variant::{value}"
        labels[nlp.vocab.strings.add(key)] = ("variant", value)
        # Both casings: the tokenizer splits "4k" and "4K" differently (unit suffixes).
        forms = sorted(
            set(variant_forms(value, option_names)) | set(variant_forms(value, option_names, keep_case=True))
        )
        if forms:
            matcher.add(key, [nlp.make_doc(form) for form in forms])
    return matcher, labels
