"""Shared test settings: the real samples' folder, and a small memory limit like a user's laptop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401  (registered here once: one Playwright per worker, for every browser test)

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"

os.environ.setdefault("HUBCENSUS_MEMORY_LIMIT", "1GB")
os.environ.pop("HUBCENSUS_DB", None)


@pytest.fixture
def real() -> Path:
    """The real Hub samples beside the project; tests that need them skip when they are absent."""
    if not REAL.is_dir():
        pytest.skip(f"real samples not found at {REAL}")
    return REAL
