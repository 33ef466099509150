"""``fold`` does what its docstring lists, by equal-length substitution, whatever shortcut it
takes on a text with nothing to fold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fengong.parser.normalize import _PAIRS, fold, traditional_table

TABLE, TRADITIONAL = traditional_table()
#: the whole substitution, written the plain way
EXPECTED = {**{ord(k): v for k, v in _PAIRS.items()}, **TABLE}

chars = st.one_of(
    st.sampled_from(sorted(_PAIRS)),
    st.sampled_from(sorted(TRADITIONAL)),
    st.sampled_from("牵头单位市发改委、。“”（）() \n\t\r12ab"),
    st.characters(),
)


@given(st.text(chars, max_size=60))
def test_fold_is_the_documented_substitution(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == text.translate(EXPECTED)


def test_traditional_characters_beyond_the_basic_plane_are_folded():
    astral = sorted(ch for ch in TRADITIONAL if ord(ch) > 0xFFFF)
    assert astral  # the table has some; the shortcut must not miss them
    text = "牵头单位" + "".join(astral)
    assert fold(text) == text.translate(TABLE) != text


def test_a_text_with_nothing_to_fold_is_returned_as_it_is():
    text = "一、总体要求\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\U0001F600\n"
    assert fold(text) == text
