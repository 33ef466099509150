"""The model's classes: frozen, slotted dataclasses that a corpus build can pickle quickly.

Worker processes send parsed Documents back to the parent by pickle (the build's cache on
disk keeps them as JSON, never pickled: see ``fengong.cache``); the model classes construct
through a quick ``__init__`` and pickle through ``__reduce__`` (see ``parser.model._fast``).
These tests state what must hold of them.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import pickletools

import pytest

from fengong import parser
from fengong.parser import model

CLASSES = [getattr(model, name) for name in model.__all__ if isinstance(getattr(model, name), type)]


def all_objects(doc: model.Document):
    """Every model object reachable from ``doc``, the document itself first."""
    seen, todo = [], [doc]
    while todo:
        obj = todo.pop()
        if dataclasses.is_dataclass(obj):
            seen.append(obj)
            todo.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
        elif isinstance(obj, tuple):
            todo.extend(obj)
    return seen


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_class_is_a_frozen_slotted_dataclass(cls):
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen
    assert "__slots__" in cls.__dict__
    assert "__dict__" not in cls.__dict__


def test_objects_of_the_main_document_are_frozen_equal_and_hashable(doc):
    objects = all_objects(doc)
    assert {type(o) for o in objects} >= {model.Document, model.Section, model.Task, model.Annotation,
                                          model.Assignment, model.Indicator, model.Target, model.Metadata}
    for obj in objects:
        name = dataclasses.fields(obj)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(obj, name)
        with pytest.raises((AttributeError, TypeError)):
            obj.not_a_field = 1  # slotted: no instance dictionary
        twin = type(obj)(*(getattr(obj, f.name) for f in dataclasses.fields(obj)))
        assert twin == obj and hash(twin) == hash(obj) and repr(twin) == repr(obj)
        assert twin != dataclasses.replace(obj, **{"start": -1} if hasattr(obj, "start") else {name: "?"})


def test_a_class_takes_its_fields_by_position_and_name_with_their_defaults():
    span = model.Span("市发改委", 3, 7)
    assert (span.value, span.start, span.end) == ("市发改委", 3, 7)
    assert model.Span(end=7, start=3, value="市发改委") == span
    a = model.Assignment("市发改委", "lead", "1.1", "1.1#1", 3, 7)
    assert (a.implicit, a.source) == (False, "")
    assert model.Document("x", "text").metadata == model.Metadata()
    with pytest.raises(TypeError):
        model.Span("市发改委", 3)  # a field without a default is required
    with pytest.raises(TypeError):
        model.Span("市发改委", 3, 7, 8)
    with pytest.raises(TypeError):
        model.Span("市发改委", 3, stop=7)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_documents_round_trip_through_pickle_equal(doc, protocol):
    data = pickle.dumps(doc, protocol=protocol)
    back = pickle.loads(data)
    assert back == doc and hash(back.assignments) == hash(doc.assignments)
    assert back.text == doc.text and back.source == doc.source  # text is not compared by ==
    assert [type(o) for o in all_objects(back)] == [type(o) for o in all_objects(doc)]


def test_pickle_calls_each_class_with_its_fields():
    """No per-object state for a ``__setstate__`` written in Python to apply (that made
    unpickling a document several times slower)."""
    doc = parser.parse("一、任务\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\n")
    ops = {op.name for op, _, _ in pickletools.genops(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))}
    assert "REDUCE" in ops and "BUILD" not in ops
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_copies_are_equal(doc):
    assert copy.copy(doc) == doc
    assert copy.deepcopy(doc) == doc
    assert dataclasses.replace(doc, source="other").source == "other"
