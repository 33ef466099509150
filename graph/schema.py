"""The types of the plan graph, documented in one place.

The graph is a :class:`networkx.MultiDiGraph`. Every node and every edge has a ``type``
attribute taken from the sets below, and every node or edge that was read from a document
keeps the ``doc`` it came from and the ``start``/``end`` character offsets it was read at
(offsets into that document's text). Node identifiers are deterministic strings built by the
functions in this module, never running counters, so two builds of the same input give the
same graph.

Node types
----------
Document
    One per parsed document. Attributes: ``title``, ``issuer``, ``date``, ``source``,
    ``jurisdiction``.
Section
    A numbered heading. ``path``, ``level``, ``label``, ``title``.
Task
    The text one annotation applies to. ``path`` (its section), ``text``.
Indicator
    A numbered indicator (主要指标). ``path``, ``name``, ``indicator_type``.
Target
    A quantitative or textual target. ``text``, ``value``, ``unit``, ``comparator``,
    ``kind``, ``year``.
Unit
    A real unit (department, organ, enterprise …) or a collective placeholder. ``name``
    (canonical short name), ``full_name`` (``""`` where not known), ``unit_type`` (one of
    :data:`fengong.graph.units.UNIT_TYPES`), ``placeholder`` (bool), ``jurisdiction`` (``""`` when
    unknown), ``aliases`` (``|``-joined strings as written, sorted), ``group`` (for a
    collective of a group's members: the group's node id, else ``""``) and
    ``merge_reason`` (why two spellings became this node, else ``""``). Units are resolved
    across mentions (see :mod:`fengong.graph.units`), so a Unit node has no offsets of its own:
    they are on its mention edges.
UnitGroup
    A leading group, committee or similar body (领导小组, 委员会 …), same attributes as Unit.
    Created for the group of a 成员单位 collective even where the group itself is never
    named.
Column
    A 专栏 (project column) referred to by a project heading. ``ref``.

Edge types
----------
has_part
    Document → Section, Section → Section, Section → Task, Section → Indicator.
lead, responsible, support, guide, prose, other
    Unit/UnitGroup → Task: one edge per mention, with ``doc``, ``start``/``end`` of the
    mention, ``implicit`` (bool) and ``as_written`` (the unit string in the text). A
    ``prose`` mention has no task: its edge goes to the Section it was read in. ``other``: a
    unit listed under a label the parser's dialect does not know (协助单位:).
member_of
    A 成员单位 collective → its group. Derived from the name, so no offsets.
refers_to
    Task → Column (each task of the section the reference is in; the Section itself when
    it has no task), with the reference's ``start``/``end``.
has_target
    Indicator → Target, Task → Target.

Edge keys and graph attributes
------------------------------
A mention edge's key is ``<role>@<start>``; ``has_part``, ``has_target`` and
``member_of`` edges are keyed by their type, ``refers_to`` by ``refers_to@<start>``.
``G.graph`` holds ``documents`` (the document keys in build order), ``unit_merges``,
``kept_apart`` and ``diagnostics`` (see :func:`fengong.graph.build.to_networkx`).
"""

from __future__ import annotations

__all__ = [
    "NODE_TYPES",
    "EDGE_TYPES",
    "ROLE_EDGE_TYPES",
    "document_id",
    "section_id",
    "task_id",
    "indicator_id",
    "target_id",
    "unit_id",
    "column_id",
]

NODE_TYPES = frozenset(
    {"Document", "Section", "Task", "Indicator", "Target", "Unit", "UnitGroup", "Column"}
)
ROLE_EDGE_TYPES = ("lead", "responsible", "support", "guide", "prose", "other")
EDGE_TYPES = frozenset(ROLE_EDGE_TYPES + ("has_part", "member_of", "refers_to", "has_target"))


def document_id(doc_key: str) -> str:
    """Node id of a document; ``doc_key`` is the document's key in the build.

    >>> document_id("source")
    'doc:source'
    """
    return f"doc:{doc_key}"


def section_id(doc_key: str, path: str) -> str:
    """Node id of a section.

    >>> section_id("source", "3.2.1")
    'sec:source:3.2.1'
    """
    return f"sec:{doc_key}:{path}"


def task_id(doc_key: str, task: str) -> str:
    """Node id of a task, from the task's id in the document model.

    >>> task_id("source", "3.1.1#2")
    'task:source:3.1.1#2'
    """
    return f"task:{doc_key}:{task}"


def indicator_id(doc_key: str, path: str) -> str:
    """Node id of an indicator.

    >>> indicator_id("source", "2.1")
    'ind:source:2.1'
    """
    return f"ind:{doc_key}:{path}"


def target_id(doc_key: str, start: int) -> str:
    """Node id of a target, from the offset it was read at.

    >>> target_id("source", 660)
    'tgt:source:660'
    """
    return f"tgt:{doc_key}:{start}"


def unit_id(jurisdiction: str, name: str) -> str:
    """Node id of a unit: scoped to the jurisdiction that issued the document.

    >>> unit_id("荆门市", "荆门市发展和改革委员会")
    'unit:荆门市:荆门市发展和改革委员会'
    """
    return f"unit:{jurisdiction}:{name}"


def column_id(doc_key: str, ref: str) -> str:
    """Node id of a 专栏.

    >>> column_id("source", "5—3")
    'col:source:5—3'
    """
    return f"col:{doc_key}:{ref}"
