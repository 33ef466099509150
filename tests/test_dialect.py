"""The dialect data is well formed, and a user's file is merged over it or refused clearly."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
import regex

from fengong import parser
from fengong.parser.dialect import KEYS, PATTERN_KEYS, TABLE_KEYS, load_dialect
from fengong.parser.errors import InputError


def test_default_dialect_is_well_formed():
    data = tomllib.loads(resources.files("parser").joinpath("dialects/default.toml").read_text("utf-8"))
    assert set(data) == set(KEYS)
    for key, kind in KEYS.items():
        assert isinstance(data[key], kind), key
    for table, allowed in TABLE_KEYS.items():
        assert set(data[table]) <= set(allowed)
        for words in data[table].values():
            assert words and all(isinstance(w, str) and w for w in words)
            assert len(set(words)) == len(words)
    for key in PATTERN_KEYS:
        for pattern in data[key]:
            regex.compile(pattern)
    labels = [w for words in data["role_labels"].values() for w in words]
    assert len(set(labels)) == len(labels), "a label word names two roles"


def test_user_dialect_adds_a_role_label(tmp_path):
    """A label the dialect does not know gives role ``other``, the label kept, and a warning that
    shows the dialect line to write; with that line, the label gives its role."""
    text = "一、任务\n(一)做好工作(协助单位:市财政局)。\n"
    default = parser.parse(text)
    assert [(a.role, a.unit, a.label) for a in default.assignments] == [("other", "市财政局", "协助单位")]
    [warning] = [d for d in default.diagnostics if d.code == "label-unknown"]
    assert '[role_labels] support = ["协助单位"]' in warning.message
    extra = tmp_path / "my.toml"
    extra.write_text('[role_labels]\nsupport = ["协助单位"]\n', encoding="utf-8")
    doc = parser.parse(text, dialect=extra)
    assert [(a.role, a.unit) for a in doc.assignments] == [("support", "市财政局")]
    # the other roles of the default dialect are still there
    assert load_dialect(extra).role_of_label["牵头单位"] == "lead"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('colour = "red"\n', "unknown dialect key 'colour'"),
        ('[role_labels]\nboss = ["老板"]\n', "unknown key 'boss' in role_labels"),
        ('note_markers = "以下"\n', "must be a list"),
        ("scoping_notes = ['均需(.+)落实']\n", "has no (?P<unit>"),
        ("prose = \n", "cannot read dialect file"),
    ],
)
def test_bad_dialect_file_is_refused_naming_the_file(tmp_path, content, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_dialect(bad)
    assert message in str(err.value)
    assert "bad.toml" in str(err.value)
