"""The entity extractor: pattern rules + catalogue PhraseMatcher + a trained spaCy NER.

    extractor = load_extractor()            # cached; catalogue from the configured database
    extraction = extractor.extract("where is order 2611340? the water bottles leak")
    extraction.first("order_id").value      # '#W2611340'

Order of precedence when spans overlap: pattern rules (structured ids, emails, amounts, dates),
then the catalogue (products, option values), then the statistical NER (order/invoice ids written
in unusual ways, person names, tracking numbers). NER proposals for ids must still look like ids
and normalise, so the model cannot invent an order id out of a phone number.

``extract`` never raises on any string: the text is cut to ``entities.max_chars`` (and
``truncated`` is set), cleaned of invisible and look-alike characters (offsets still point into
the original text), and any unexpected failure of a stage is logged and leaves the entities the
other stages found.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportbot.entities.catalog import Catalog, build_matcher, load_db_catalog, load_json_catalog
from supportbot.entities.normalize import canonical_order_id
from supportbot.entities.rules import Candidate, find_all, invoice_value
from supportbot.entities.textnorm import clean
from supportbot.entities.types import Entity, Extraction
from supportbot.errors import ArtifactError
from supportbot.paths import MODELS_DIR

if TYPE_CHECKING:
    from spacy.language import Language
    from sqlalchemy import Engine

    from supportbot.settings import EntitySettings, Settings

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = MODELS_DIR / "entities"
NER_LABELS = {
    "ORDER_ID": "order_id",
    "INVOICE_ID": "invoice_id",
    "PERSON_NAME": "person_name",
    "TRACKING_NUMBER": "tracking_number",
}
# Lower is stronger. Option values ("brown", "black") yield to NER names ("Juan Brown").
_PRIORITY = {"rule": 0, "catalog": 1, "ner": 2, "variant": 2}
_ORDERISH = re.compile(r"or?de?r|purc?h|puch|pur?cha|bought|buy", re.IGNORECASE)
_NOT_AN_ORDER_CONTEXT = re.compile(
    r"(?:zip|postal|post code|postcode|phone|call|tel|mobile|cell|fax|whatsapp|sms|text me|account"
    r"|serial|customer|apartment|apt|unit|member|loyalty|card)"
    r"\W{0,4}(?:\w{1,8}\W{1,3}){0,3}$",
    re.IGNORECASE,
)
_NER_ORDER = re.compile(r"#?\s?[Ww]?[0-9]{5,20}")
_NER_INVOICE = re.compile(r"#?\s?[A-Za-z]{0,4}-?[0-9][0-9A-Za-z-]{2,20}")
_NER_TRACKING = re.compile(r"[0-9A-Za-z]{8,34}")
_ADDRESS_WORDS = frozenset(
    [
        "st",
        "st.",
        "street",
        "rd",
        "rd.",
        "road",
        "ave",
        "ave.",
        "avenue",
        "blvd",
        "boulevard",
        "lane",
        "ln",
        "drive",
        "way",
        "suite",
        "apt",
        "court",
        "ct",
        "place",
    ]
)
_NER_NAME = re.compile(r"[^\W\d_][\w.'-]{0,30}(?:\s[^\W\d_][\w.'-]{0,30}){0,3}")


def _ner_candidate(label: str, text: str, start: int, end: int) -> Candidate | None:
    """Accept an NER span only if it has the shape of its type; return it normalised."""
    kind = NER_LABELS.get(label)
    surface = text[start:end]
    before = text[max(0, start - 1) : start]
    if kind == "order_id":
        if not _NER_ORDER.fullmatch(surface) or before in {"$", "+", "€", "£", "-", "/", "."}:
            return None
        digits = surface.lstrip("#").strip().lstrip("Ww").lstrip("0")
        # The model proposes; only 7-digit shop ids or long foreign ids (never '#12345', which is
        # how invoices are written, nor zip-code-sized numbers) pass, and not after "zip"/"phone".
        if len(digits) < 7 or (surface.startswith("#") and len(digits) != 7):
            return None
        window = text[max(0, start - 32) : start]
        if _NOT_AN_ORDER_CONTEXT.search(window):
            return None
        # A bare number needs an order-like word nearby, even misspelt or glued ("theorder",
        # "ispurchase", "puchse"); W/# spellings carry their own evidence.
        if surface[0].isdigit() and not _ORDERISH.search(window[-24:]):
            return None
        value = canonical_order_id(surface)
        return Candidate("order_id", start, end, value, "ner") if value else None
    if kind == "invoice_id" and _NER_INVOICE.fullmatch(surface):
        return Candidate("invoice_id", start, end, invoice_value(surface), "ner")
    if kind == "tracking_number" and _NER_TRACKING.fullmatch(surface) and any(c.isdigit() for c in surface):
        return Candidate("tracking_number", start, end, surface.upper(), "ner")
    if (
        kind == "person_name"
        and _NER_NAME.fullmatch(surface)
        and not _ADDRESS_WORDS & set(surface.lower().split())
    ):
        return Candidate("person_name", start, end, " ".join(surface.split()), "ner")
    return None


# What the NER can add beyond the rules: a digit run of order-id length they did not claim (an
# order id after a misspelt "purchse"; shorter ones the NER gate rejects anyway), or a capitalised pair / honorific (a name without a cue like "this is").
_NER_TRIGGERS = re.compile(
    r"(?<![0-9+])[0-9]{7,}|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s{1,3}[A-Z]"
    r"|\b(?!(?:My|The|Hi|Hello|Hey|Dear|Thanks|Thank|Please|Our|Your|This|That|When|Where|What|Why|How"
    r"|Can|Could|Would|Is|Do|Does|Did|I|It|We|And|But|Also|Just|Good|Best|Kind)\b)"
    r"[A-Z][a-z'-]{1,30}[ \t]{1,3}[A-Z][a-z'-]{1,30}"
)


def needs_ner(text: str, found: list[Candidate]) -> bool:
    """Whether the statistical NER could add anything the rules and the catalogue have not found.

    Skipping it when nothing could be gained is what keeps P95 latency low: the NER is by far the
    most expensive stage."""
    for m in _NER_TRIGGERS.finditer(text):
        if any(c.start <= m.start() < c.end for c in found):
            continue
        # A number after "phone", "zip", "account"... would be rejected as an order id anyway.
        if m.group(0)[0].isdigit() and _NOT_AN_ORDER_CONTEXT.search(text[max(0, m.start() - 32) : m.start()]):
            continue
        if _ADDRESS_WORDS & set(m.group(0).lower().split()):  # "River Road": never a name
            continue
        return True
    return False


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best non-overlapping spans: rules before catalogue before NER, longer first."""

    def rank(c: Candidate) -> tuple[int, int, int]:
        source = "variant" if c.type == "variant" else c.source
        return (_PRIORITY.get(source, 9), -(c.end - c.start), c.start)

    ranked = sorted(candidates, key=rank)
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for cand in ranked:
        if cand.end <= cand.start:
            continue
        if any(cand.start < e and s < cand.end for s, e in occupied):
            continue
        taken.append(cand)
        occupied.append((cand.start, cand.end))
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for cand in sorted(taken, key=lambda c: (c.start, c.end)):
        if (cand.type, cand.start, cand.end) not in seen:
            seen.add((cand.type, cand.start, cand.end))
            unique.append(cand)
    return unique


class EntityExtractor:
    """Extracts contract entities from ticket text. Build with :func:`load_extractor`."""

    def __init__(
        self, nlp: Language, catalog: Catalog, settings: EntitySettings, *, use_ner: bool = True
    ) -> None:
        self.nlp = nlp
        self.catalog = catalog
        self.settings = settings
        self.use_ner = use_ner and "ner" in nlp.pipe_names
        self.matcher, self._labels = build_matcher(nlp, catalog)

    # ------------------------------------------------------------------ stages

    def _catalog_candidates(self, doc: Any) -> list[Candidate]:
        found = []
        for match_id, start, end in self.matcher(doc):
            kind, value = self._labels[match_id]
            span = doc[start:end]
            found.append(Candidate(kind, span.start_char, span.end_char, value, "catalog"))
        return found

    def _ner_candidates(self, doc: Any) -> list[Candidate]:
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        found = []
        for ent in doc.ents:
            cand = _ner_candidate(ent.label_, doc.text, ent.start_char, ent.end_char)
            if cand is not None:
                found.append(cand)
        return found

    # ------------------------------------------------------------------ public

    def extract(self, text: str, *, today: dt.date | None = None) -> Extraction:
        """All entities of ``text``; never raises on any string."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        limit = self.settings.max_chars
        truncated = len(text) > limit
        if truncated:
            text = text[:limit]
        day = today or dt.datetime.now(dt.UTC).date()
        candidates: list[Candidate] = []
        try:
            cleaned = clean(text)
        except Exception:  # pragma: no cover - clean() is total; this is the last safety net
            log.exception("entity extraction: text clean-up failed")
            return Extraction(truncated=truncated)
        try:
            candidates.extend(find_all(cleaned.text, day, self.settings.date_order))
        except Exception:
            log.exception("entity extraction: the pattern rules failed; continuing without them")
        try:
            candidates.extend(self._model_candidates(cleaned.text, candidates))
        except Exception:
            log.exception("entity extraction: catalogue/NER failed; continuing without them")
        entities = []
        for cand in _resolve_overlaps(candidates):
            start, end = cleaned.span_to_original(cand.start, cand.end)
            entities.append(
                Entity(
                    type=cand.type,
                    value=cand.value,
                    text=text[start:end],
                    start=start,
                    end=end,
                    source=cand.source,
                )
            )
        return Extraction(entities=entities, truncated=truncated)

    def _model_candidates(self, text: str, covered: list[Candidate]) -> list[Candidate]:
        doc = self.nlp.make_doc(text)
        found = self._catalog_candidates(doc)
        if self.use_ner and needs_ner(text, [*covered, *found]):
            found.extend(self._ner_candidates(doc))
        return found


# ---------------------------------------------------------------------- loading

_LOCK = threading.Lock()
_NLP_CACHE: dict[str, Language] = {}
_EXTRACTORS: dict[tuple[str, ...], EntityExtractor] = {}


def model_dir(settings: EntitySettings) -> Path:
    return Path(settings.model_path) if settings.model_path else DEFAULT_MODEL_DIR


def load_pipeline(path: Path) -> Language:
    """The trained spaCy pipeline at ``path`` (cached per path)."""
    from supportbot.lazy import require

    key = str(path.resolve())
    with _LOCK:
        if key in _NLP_CACHE:
            return _NLP_CACHE[key]
    spacy = require("spacy", "entity extraction")
    if not (path / "config.cfg").is_file():
        raise ArtifactError(
            f"no entity pipeline at {path}", hint="run 'supportbot entities train' or set entities.model_path"
        )
    try:
        nlp = spacy.load(path)
    except Exception as exc:  # spaCy raises many kinds for a corrupt or incompatible pipeline
        raise ArtifactError(f"cannot load the entity pipeline at {path}: {exc}".splitlines()[0]) from exc
    with _LOCK:
        _NLP_CACHE[key] = nlp
    return nlp


def _database_catalog(settings: Settings, engine: Engine | None) -> Catalog | None:
    if engine is None:
        from sqlalchemy.engine import make_url

        url = make_url(settings.database_url)
        if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
            return None  # do not create an empty database file just to look for products
        from supportbot.db.engine import get_engine
        from supportbot.errors import SupportbotError

        try:
            engine = get_engine(settings)
        except SupportbotError as exc:
            log.warning("entity catalogue: %s; using the vendored catalogue", exc.message)
            return None
    return load_db_catalog(engine)


def load_extractor(settings: Settings | None = None, engine: Engine | None = None) -> EntityExtractor:
    """The extractor for these settings and database (cached).

    The catalogue comes from ``engine`` (or the configured database when ``engine`` is None); if
    that has no products or cannot be reached, from the vendored ``products.json``."""
    from supportbot.settings import get_settings

    s = settings or get_settings()
    where = engine.url.render_as_string(hide_password=False) if engine is not None else s.database_url
    key = (where, str(model_dir(s.entities)), s.entities.model_dump_json())
    with _LOCK:
        cached = _EXTRACTORS.get(key)
    if cached is not None:
        return cached
    nlp = load_pipeline(model_dir(s.entities))
    catalog = _database_catalog(s, engine) or load_json_catalog()
    extractor = EntityExtractor(nlp, catalog, s.entities, use_ner=s.entities.use_ner)
    with _LOCK:
        _EXTRACTORS[key] = extractor
    return extractor


def clear_cache() -> None:
    """Forget cached extractors and pipelines (after retraining or a catalogue change)."""
    with _LOCK:
        _EXTRACTORS.clear()
        _NLP_CACHE.clear()


load_extractor.cache_clear = clear_cache  # type: ignore[attr-defined]
