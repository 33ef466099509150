"""The parser against the hand-checked reading of the main document (tests/data/source.gold.json,
a copy of ../shared/gold/source.gold.json). Any difference is a failure, not a tolerance."""

from __future__ import annotations

from collections import Counter

import regex

# the gold key drops these marks (it keeps %, — and the decimal point)
PUNCT = regex.compile(r"[\s,;:!?()（），。、；：！？“”‘’《》]")


def test_gold_copy_is_unchanged():
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared" / "gold" / "source.gold.json"
    if shared.exists():  # the copy in tests/ must stay what the gold says
        assert shared.read_bytes() == (Path(__file__).parent / "data" / "source.gold.json").read_bytes()


PUBLISHED_SHA256 = "422b8ba991c71127c0d14a90f9cb2e3596b8ea2a8d22bf76a88adb241a4721b9"


def test_main_document_is_the_published_text():
    """corpus/source.txt is the published bytes (corpus/README.md), and the same as the copy in
    ../shared/corpus/ wherever that is beside the project."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    ours = (root / "corpus" / "source.txt").read_bytes()
    assert hashlib.sha256(ours).hexdigest() == PUBLISHED_SHA256
    assert not ours.endswith(b"\n") and not ours.startswith(b"\xef\xbb\xbf")
    shared = root.parent / "shared" / "corpus" / "00_jingmen-2021-shisiwu-gangyao-fengong.txt"
    if shared.exists():
        assert shared.read_bytes() == ours


def test_metadata(doc, gold):
    m = doc.metadata
    assert m.title.value == gold["metadata"]["title"]
    assert m.issuer.value == gold["metadata"]["issuer"]
    assert m.iso_date == gold["metadata"]["date"]
    assert [a.value for a in m.addressees] == gold["metadata"]["addressees"]


def test_sections(doc, gold):
    assert len(doc.sections) == 106
    assert [(s.path, s.level, s.title) for s in doc.sections] == [
        (s["path"], s["level"], s["title"]) for s in gold["sections"]
    ]
    assert Counter(s.level for s in doc.sections) == {1: 5, 2: 49, 3: 52}


def test_annotations_in_right_section_with_right_text(doc, gold):
    assert len(doc.tasks) == len(gold["assignments"]) == 157
    for task, g in zip(doc.tasks, gold["assignments"], strict=True):
        assert task.section == g["section"]
        assert task.annotation.start == g["offset_paren"]
        assert task.text == g["clause"]
        assert PUNCT.sub("", task.text).endswith(g["key"])


def test_units_by_role_exactly(doc, gold):
    def ours(role):
        return Counter((a.section, a.unit) for a in doc.assignments if a.role == role and not a.implicit)

    def theirs(role):
        return Counter((g["section"], u) for g in gold["assignments"] for u in g[role])

    assert sum(ours("lead").values()) == 151
    assert sum(ours("responsible").values()) == 412
    assert ours("lead") == theirs("lead")
    assert ours("responsible") == theirs("responsible")


def test_units_per_annotation(doc, gold):
    by_task = {}
    for a in doc.assignments:
        if a.task and not a.implicit:
            by_task.setdefault(a.task, {"lead": [], "responsible": []})[a.role].append(a.unit)
    for task, g in zip(doc.tasks, gold["assignments"], strict=True):
        got = by_task.get(task.id, {"lead": [], "responsible": []})
        assert got == {"lead": g["lead"], "responsible": g["responsible"]}, task.id


def test_distinct_unit_strings(doc):
    assert len({a.unit for a in doc.assignments if a.role in ("lead", "responsible")}) == 70


def test_notes_and_indicator_types(doc, gold):
    for task, g in zip(doc.tasks, gold["assignments"], strict=True):
        it = task.annotation.indicator_type
        assert (it.value if it else None) == g["indicator_type"]
        assert [n.value for n in task.annotation.notes] == ([g["note"]] if g.get("note") else [])


def test_twenty_indicators_with_types(doc, gold):
    assert [i.path for i in doc.indicators] == [f"2.{n}" for n in range(1, 21)]
    types = {g["section"]: g["indicator_type"][:3] for g in gold["assignments"] if g["indicator_type"]}
    assert {i.path: i.type for i in doc.indicators} == types


def test_scoping_note_makes_later_tasks_implicit(doc):
    implicit = [a for a in doc.assignments if a.implicit]
    assert len(implicit) == 156  # every task after the first one
    assert {a.unit for a in implicit} == {"各县市区"}
    assert {a.role for a in implicit} == {"responsible"}
    assert doc.text[implicit[0].start : implicit[0].end] == "各县市区"
    assert doc.tasks[0].id not in {a.task for a in implicit}
