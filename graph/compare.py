"""Two versions of a plan compared: which tasks were added, removed or reworded, whose role
changed on each, and how each unit's load changed.

:func:`compare` matches the tasks of the old plan with those of the new one by text
similarity (rapidfuzz's normalised Indel similarity, ``fuzz.ratio``, of the texts folded as
the parser folds them and without white space), preferring a task in the same section: a
pair is taken when its similarity, plus :data:`SAME_SECTION_BONUS` if the two sit in
sections of the same path, reaches :data:`MATCH_THRESHOLD`; the best pairs are taken first,
each task once. What is left of the old plan was removed, what is left of the new one added.

On each matched pair the units are compared by department, not by spelling: a unit string is
resolved as the graph resolves it (:func:`fengong.graph.units.resolve_unit`) and keyed by
:func:`fengong.graph.names.name_key`, so 市发改委 in one version and 荆门市发展和改革委员会 in the
other is one unit. Between plans of different jurisdictions (a city's plan against its
province's) the key leaves out the level word, so 市发改委 and 省发展改革委 are counterparts.
Only explicit assignments count (a scoping note's implicit ones and prose mentions do not).

Because matching goes by text, the two versions may come from different formats (a .docx
against a .txt): their sections and numbering need not agree character for character.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import regex

from fengong.parser.model import Document
from fengong.parser.normalize import fold

from .names import name_key, place_level
from .projection import ASSIGNMENT_ROLES
from .units import infer_jurisdiction, resolve_unit

__all__ = ["MATCH_THRESHOLD", "SAME_SECTION_BONUS", "CHANGE_COLUMNS", "LOAD_COLUMNS", "Change", "Comparison",
           "compare"]

#: The least score (similarity out of 100, plus :data:`SAME_SECTION_BONUS`) that makes two
#: tasks one task in two versions.
MATCH_THRESHOLD = 70.0

#: Added to the similarity of two tasks in sections of the same path.
SAME_SECTION_BONUS = 10.0

#: The columns of a change, in the CSV output.
CHANGE_COLUMNS = ("change", "section", "task", "unit", "old_role", "new_role", "old_section", "old_task",
                  "similarity")

_LOAD_ROLES = {"lead": "led", "responsible": "responsible", "support": "supported", "guide": "guided"}

#: The columns of a unit's load in both versions.
LOAD_COLUMNS = ("unit", *(f"{c}_{v}" for c in (*_LOAD_ROLES.values(), "total") for v in ("old", "new", "diff")))

_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the versions.

    ``change`` is one of ``task added``, ``task removed``, ``text changed``, ``task moved``
    (its section path changed), ``role changed``, ``unit added`` (named on the task only in
    the new version) and ``unit removed``. ``section`` and ``task`` are the new version's
    (the old one's for a removed task); ``old_section`` and ``old_task`` the old version's
    where they differ; ``unit`` is the unit as the new version writes it on the task (the
    old one, where only it names the unit). ``old_role`` and ``new_role`` are a unit's roles on the task, ``|``
    joined (``""`` where it has none); ``similarity`` is that of the two texts (0–100).
    """

    change: str
    section: str
    task: str
    unit: str = ""
    old_role: str = ""
    new_role: str = ""
    old_section: str = ""
    old_task: str = ""
    similarity: float = 0.0


@dataclass
class Comparison:
    """What :func:`compare` found: the changes, task by task in the new version's order
    (removed tasks at the place of the task before them), and each unit's load in both."""

    changes: list[Change] = field(default_factory=list)
    loads: list[dict] = field(default_factory=list)  #: one dict per unit, :data:`LOAD_COLUMNS`
    matched: int = 0  #: tasks found in both versions
    old_tasks: int = 0
    new_tasks: int = 0

    def to_dict(self) -> dict:
        """The comparison as plain data (for JSON)."""
        return {"summary": {"old_tasks": self.old_tasks, "new_tasks": self.new_tasks, "matched": self.matched,
                            "changes": len(self.changes)},
                "changes": [asdict(c) for c in self.changes], "units": self.loads}


def _norm(text: str) -> str:
    return _SPACE.sub("", fold(text))


class _Side:
    """One version: its tasks, and each task's units by department key."""

    def __init__(self, doc: Document, jurisdiction: str, level_free: bool) -> None:
        self.doc = doc
        self.tasks = list(doc.tasks)
        self.texts = [_norm(t.text) for t in self.tasks]
        self.roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # task → key → roles
        self.written: dict[tuple[str, str], str] = {}  # (task, key) → the unit as first written on the task
        self.names: dict[str, str] = {}  # key → the unit as first written
        level = place_level(jurisdiction)[1] if jurisdiction else ""
        keys: dict[str, str] = {}
        for a in doc.assignments:
            if a.task is None or a.implicit or a.role not in ASSIGNMENT_ROLES:
                continue
            if a.unit not in keys:
                key = name_key(resolve_unit(a.unit, jurisdiction).name, jurisdiction)
                if level_free and level and key.startswith(level) and len(key) > len(level):
                    key = key[len(level):]
                keys[a.unit] = key
                self.names.setdefault(key, a.unit)
            self.roles[a.task][keys[a.unit]].add(a.role)
            self.written.setdefault((a.task, keys[a.unit]), a.unit)

    def load(self) -> dict[str, dict[str, int]]:
        """Per unit key: the tasks it leads, is responsible for, supports, guides, and in all."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*_LOAD_ROLES.values(), "total"), 0))
        for units in self.roles.values():
            for key, roles in units.items():
                for role in roles:
                    counts[key][_LOAD_ROLES[role]] += 1
                counts[key]["total"] += 1
        return counts


def _roles(roles: Iterable[str]) -> str:
    return "|".join(r for r in ASSIGNMENT_ROLES if r in set(roles))


def _pairs(old: _Side, new: _Side) -> list[tuple[int, int, float]]:
    """The matched tasks: ``(old index, new index, similarity)``, best score first."""
    from rapidfuzz import fuzz, process

    candidates = []
    cutoff = MATCH_THRESHOLD - SAME_SECTION_BONUS
    for i, text in enumerate(old.texts):
        for _, similarity, j in process.extract(text, new.texts, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            same = old.tasks[i].section == new.tasks[j].section
            score = similarity + (SAME_SECTION_BONUS if same else 0.0)
            if score >= MATCH_THRESHOLD:
                candidates.append((-score, i, j, similarity))
    candidates.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs = []
    for _, i, j, similarity in candidates:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j, similarity))
    return pairs


def compare(old: Document, new: Document, *, jurisdictions: Sequence[str] | None = None) -> Comparison:
    """Compare two versions of a plan; see the module docstring.

    ``jurisdictions`` gives the jurisdictions of ``old`` and ``new`` where they should not be
    read from the documents (:func:`fengong.graph.units.infer_jurisdiction`).

    Examples
    --------
    >>> from fengong import parser
    >>> old = parser.parse("荆门市人民政府\\n一、任务\\n(一)做好就业工作(牵头单位:市人社局;责任单位:市财政局)。\\n"
    ...                    "(二)推进乡村振兴(牵头单位:市农业农村局)。\\n")
    >>> new = parser.parse("荆门市人民政府\\n一、任务\\n(一)做好就业创业工作(牵头单位:市财政局;责任单位:荆门市人力资源和社会保障局)。\\n"
    ...                    "(二)推进乡村振兴(牵头单位:市农业农村局)。\\n(三)优化营商环境(牵头单位:市发改委)。\\n")
    >>> for c in compare(old, new).changes:
    ...     print(" / ".join([c.change, c.section, c.task, c.unit, c.old_role, c.new_role]).rstrip(" /"))
    text changed / 1.1 / 做好就业创业工作
    role changed / 1.1 / 做好就业创业工作 / 市财政局 / responsible / lead
    role changed / 1.1 / 做好就业创业工作 / 荆门市人力资源和社会保障局 / lead / responsible
    task added / 1.3 / 优化营商环境
    """
    j_old, j_new = jurisdictions or (infer_jurisdiction(old) or "", infer_jurisdiction(new) or "")
    level_free = j_old != j_new
    a, b = _Side(old, j_old, level_free), _Side(new, j_new, level_free)
    pairs = _pairs(a, b)
    by_new = {j: (i, s) for i, j, s in pairs}
    matched_old = {i for i, _, _ in pairs}
    after: dict[int, list[int]] = defaultdict(list)  # new index (-1: before all) → old tasks removed after it
    last_new = -1
    old_to_new = {i: j for i, j, _ in pairs}
    for i in range(len(a.tasks)):
        if i in old_to_new:
            last_new = old_to_new[i]
        else:
            after[last_new].append(i)
    changes: list[Change] = []

    def removed(i: int) -> None:
        t = a.tasks[i]
        changes.append(Change("task removed", t.section, t.text))

    for i in after.get(-1, ()):
        removed(i)
    for j, t in enumerate(b.tasks):
        if j not in by_new:
            changes.append(Change("task added", t.section, t.text))
        else:
            i, similarity = by_new[j]
            o = a.tasks[i]
            if a.texts[i] != b.texts[j]:
                changes.append(Change("text changed", t.section, t.text, old_section=o.section, old_task=o.text,
                                      similarity=round(similarity, 1)))
            if o.section != t.section:
                changes.append(Change("task moved", t.section, t.text, old_section=o.section))
            old_units, new_units = a.roles.get(o.id, {}), b.roles.get(t.id, {})
            for key in sorted(set(old_units) | set(new_units), key=lambda k: _first(k, old_units, new_units, a, b)):
                was, now = _roles(old_units.get(key, ())), _roles(new_units.get(key, ()))
                if was == now:
                    continue
                kind = "unit added" if not was else "unit removed" if not now else "role changed"
                unit = b.written.get((t.id, key)) or a.written[(o.id, key)]
                changes.append(Change(kind, t.section, t.text, unit, was, now))
        for i in after.get(j, ()):
            removed(i)
    loads = _loads(a, b)
    return Comparison(changes, loads, len(pairs), len(a.tasks), len(b.tasks))


def _first(key: str, old_units: dict, new_units: dict, a: _Side, b: _Side) -> tuple[int, str]:
    """Units in the order the new version names them on the task, then the old one's."""
    order = list(new_units) + [k for k in old_units if k not in new_units]
    return order.index(key), key


def _loads(a: _Side, b: _Side) -> list[dict]:
    """Each unit's load in both versions and the difference; most changed first, then by name."""
    before, after = a.load(), b.load()
    rows = []
    for key in set(before) | set(after):
        row: dict = {"unit": b.names.get(key) or a.names[key]}
        for column in (*_LOAD_ROLES.values(), "total"):
            was, now = before.get(key, {}).get(column, 0), after.get(key, {}).get(column, 0)
            row.update({f"{column}_old": was, f"{column}_new": now, f"{column}_diff": now - was})
        rows.append(row)
    rows.sort(key=lambda r: (-abs(r["total_diff"]), -sum(abs(r[f"{c}_diff"]) for c in _LOAD_ROLES.values()),
                             r["unit"]))
    return rows
