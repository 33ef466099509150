"""The parser against the hand-checked readings of real documents in other styles
(tests/corpus/*.expected.json; origins and judgement calls in tests/corpus/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from fengong import parser

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.json"))
ROLES = ("lead", "responsible", "support", "guide")


def load(path: Path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    return expected, parser.parse_file(CORPUS / expected["source"])


def sections_read(doc) -> list[tuple]:
    return [(s.path, s.level, s.title) for s in doc.sections]


def sections_expected(expected: dict) -> list[tuple]:
    return [(s["path"], s["level"], s["title"]) for s in expected["sections"]]


def assignments_read(doc) -> list[dict]:
    """The document's tasks in the form of the hand readings' assignments."""
    units: dict[str, dict[str, list[str]]] = {}
    for a in doc.assignments:
        if a.task and not a.implicit:
            units.setdefault(a.task, {r: [] for r in ROLES})[a.role].append(a.unit)
    got = []
    for t in doc.tasks:
        roles = units.get(t.id, {r: [] for r in ROLES})
        notes = [n.value for n in t.annotation.notes]
        got.append({
            "section": t.section, "offset_paren": t.annotation.start, "clause": t.text, **roles,
            "persons": [p.value for p in t.annotation.persons],
            "deadlines": [d.text for d in t.annotation.deadlines],
            "note": "".join(notes) if notes else None,
        })
    return got


def assignments_expected(expected: dict) -> list[dict]:
    return [
        {"section": a["section"], "offset_paren": a["offset_paren"], "clause": a["clause"],
         **{r: a.get(r, []) for r in ROLES}, "persons": a.get("persons", []),
         "deadlines": a.get("deadlines", []), "note": a.get("note")}
        for a in expected["assignments"]
    ]


def metadata_read(doc) -> dict:
    m = doc.metadata
    return {"title": m.title.value if m.title else None, "issuer": m.issuer.value if m.issuer else None,
            "date": m.iso_date, "doc_number": m.doc_number.value if m.doc_number else None}


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split("_")[0])
def test_sections(path):
    expected, doc = load(path)
    assert sections_read(doc) == sections_expected(expected)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split("_")[0])
def test_assignments(path):
    expected, doc = load(path)
    assert assignments_read(doc) == assignments_expected(expected)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split("_")[0])
def test_metadata(path):
    expected, doc = load(path)
    assert metadata_read(doc) == expected["metadata"]


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.split("_")[0])
def test_offsets_point_at_what_was_read(path):
    _, doc = load(path)
    text = doc.text
    for t in doc.tasks:
        assert text[t.start : t.end] == t.text
        assert text[t.annotation.start : t.annotation.end] == t.annotation.text
    for a in doc.assignments:
        assert text[a.start : a.end] == a.unit
