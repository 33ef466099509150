"""Shared fixtures: the main document, parsed once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fengong import parser

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "source.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def doc(source_text):
    return parser.parse(source_text, source="corpus/source.txt")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "source.gold.json").read_text(encoding="utf-8"))
