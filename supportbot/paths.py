"""Where supportbot keeps its files: packaged data, and the per-user data directory."""

from __future__ import annotations

from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"
TAXONOMY_FILE = PACKAGE_DATA / "taxonomy.yaml"
TAU_RETAIL_DIR = PACKAGE_DATA / "tau_retail"
BITEXT_DIR = PACKAGE_DATA / "bitext"
BITEXT_CSV = BITEXT_DIR / "Bitext_Sample_Customer_Support_Training_Dataset_4514_entities.csv"
SAMPLE_TICKETS = PACKAGE_DATA / "sample_tickets.jsonl"
# Shipped, trained artefacts (intent model, entity pipeline, default LoRA adapter).
MODELS_DIR = PACKAGE_DIR / "models"


def user_data_dir() -> Path:
    """The per-user data directory (database, caches); created on first use."""
    path = Path(platformdirs.user_data_dir("supportbot", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    path = Path(platformdirs.user_cache_dir("supportbot", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
