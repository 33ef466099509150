"""The document model: what a task-division plan contains, as small frozen dataclasses.

Every object that was read from the text carries ``start`` and ``end``: character (code point)
offsets into the original text, such that ``text[start:end]`` is exactly what was read (for a
unit mention, the unit string as written). Identifiers come from the numbering path, never
from a running counter.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from typing import Any

__all__ = [
    "ROLES",
    "Span",
    "Metadata",
    "Section",
    "Deadline",
    "Field",
    "Annotation",
    "Task",
    "Assignment",
    "Target",
    "Indicator",
    "ColumnRef",
    "Convention",
    "Diagnostic",
    "Cell",
    "Table",
    "Document",
]

#: The roles a unit can have against a task. ``prose`` is a unit named in running text
#: (e.g. "领导小组办公室设在市发改委"), kept apart from the annotation roles; ``other`` is a unit
#: listed under a label the dialect does not know (“协助单位:”), the label kept on the mention.
ROLES = ("lead", "responsible", "support", "guide", "prose", "other")


def _fast(cls: type) -> type:
    """Give a frozen, slotted dataclass a quicker ``__init__`` and a ``__reduce__``; the class
    stays frozen, slotted, equal and hashable as :func:`dataclasses.dataclass` made it.

    A parse makes over a thousand of these objects and a corpus build unpickles them by the
    hundred thousand, so both paths matter. The ``__init__`` dataclasses writes for a frozen class
    sets each field through ``object.__setattr__`` (about 0.8 µs for eight fields); this one calls
    each slot's own descriptor, about half that. Unpickling a frozen slotted class in Python 3.11
    goes through a ``__setstate__`` written in Python (about 2 µs an object); ``__reduce__`` makes
    pickle call the class with the fields in order instead.
    """
    names = [f.name for f in fields(cls)]
    env: dict[str, Any] = {}
    params = []
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields and defaults are supported")
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # the slot's descriptor, bound
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def __init__(self, {', '.join(params)}):\n{body}"
    # noqa: S102 - built from field names only; the file name tells the classes apart in a profile
    exec(compile(source, f"<{cls.__name__}.__init__>", "exec"), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    # getattr/setattr, as the class is any class here: mypy rejects reading ``cls.__init__`` and assigning a method
    init.__doc__ = getattr(cls, "__init__").__doc__
    setattr(cls, "__init__", init)
    values = attrgetter(*names)  # a tuple of the fields (every class here has two or more)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    __reduce__.__qualname__ = f"{cls.__qualname__}.__reduce__"
    setattr(cls, "__reduce__", __reduce__)
    return cls


@_fast
@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text read as it stands: ``text[start:end] == value``."""

    value: str  #: the characters read
    start: int  #: offset of the first character
    end: int  #: offset after the last character


@_fast
@dataclass(frozen=True, slots=True)
class Metadata:
    """What the document says about itself; each field is ``None`` when not found."""

    #: the plan's title; a title printed over several lines has the lines joined as its value
    #: (without the line breaks) and spans from the first line to the last
    title: Span | None = None
    issuer: Span | None = None  #: the issuing body, e.g. 荆门市人民政府办公室
    date: Span | None = None  #: the issue date as printed, e.g. 2021年12月31日
    iso_date: str | None = None  #: the same date as YYYY-MM-DD
    addressees: tuple[Span, ...] = ()  #: the 主送 units, one span each
    doc_number: Span | None = None  #: the 文号, e.g. 国发〔2018〕39号, where printed


@_fast
@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading and the item it opens.

    ``start``/``end`` span the heading line (label, title and any body on the same line,
    without the line break); ``title_start``/``title_end`` span the title.
    """

    path: str  #: dotted printed ordinals, e.g. ``3.2.3`` for 三、(二)3.
    level: int  #: depth, 1 for the top level
    label: str  #: the numbering as printed, e.g. ``三、`` or ``（一）``
    style: str  #: name of the numbering rule that matched, e.g. ``cn_dun``
    title: str  #: heading text up to its first 。 or opening bracket
    title_start: int
    title_end: int
    start: int
    end: int


@_fast
@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline written in an annotation, e.g. “6月底完成” or “2021年12月底前”."""

    text: str  #: as written
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: str | None = None  #: 底 / 上旬 / 中旬 / 下旬 where written; ``ongoing`` for 长期坚持, 持续推进


@_fast
@dataclass(frozen=True, slots=True)
class Field:
    """A labelled field of an annotation that is not a unit list, e.g. “适用范围:…”."""

    name: str  #: field name from the dialect, e.g. ``scope``
    label: str  #: the label as written, e.g. 适用范围
    value: str  #: the value as written
    start: int  #: span of the value
    end: int


@_fast
@dataclass(frozen=True, slots=True)
class Annotation:
    """A bracket or line that names units against the text before it.

    ``start``/``end`` span the whole annotation including its brackets (for a bare line:
    the line without its break).
    """

    form: str  #: name of the annotation rule that matched, e.g. ``paren`` or ``bare_line``
    text: str  #: the annotation as written
    start: int
    end: int
    indicator_type: Span | None = None  #: 预期性指标 / 约束性指标 where given
    notes: tuple[Span, ...] = ()  #: text inside that is not a unit (scoping notes, conventions)
    deadlines: tuple[Deadline, ...] = ()  #: deadlines inside the annotation (…6月底完成)
    fields: tuple[Field, ...] = ()  #: other labelled fields (适用范围:…)
    persons: tuple[Span, ...] = ()  #: people named for the task (分管省领导:林克庆), never units
    #: where the text stops inside the annotation (a truncated web copy): what follows the last
    #: complete mention up to the end of the text, often part of a unit name (“市发”); ``None``
    #: for an annotation read whole
    truncated: Span | None = None


@_fast
@dataclass(frozen=True, slots=True)
class Task:
    """The text one annotation applies to.

    ``text`` runs from the end of the previous annotation in the same item (or the start of
    the item's text) up to the annotation, without surrounding punctuation and space.
    """

    id: str  #: ``<section path>#<n>``, n counting annotations within the section from 1
    section: str  #: path of the numbered item the annotation sits in
    text: str
    start: int
    end: int
    annotation: Annotation


@_fast
@dataclass(frozen=True, slots=True)
class Assignment:
    """One unit named against a task (or, with role ``prose``, named in running text)."""

    unit: str  #: the unit exactly as written
    role: str  #: one of :data:`ROLES`
    section: str  #: path of the section it was read in (for implicit ones: the task's)
    task: str | None  #: id of the task, ``None`` for prose mentions
    start: int
    end: int
    implicit: bool = False  #: produced by a scoping note, not written against this task
    source: str = ""  #: where the role came from: ``label`` (牵头单位:), ``verb`` (X牵头), ``convention``…
    label: str | None = None  #: the label as written, for role ``other`` (a label the dialect does not know)


@_fast
@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative (or textual) target such as “年均增长7%以上” or “完成省定目标”."""

    text: str  #: the target expression as written
    start: int
    end: int
    comparator: str  #: one of ``>=``, ``<=``, ``=``, ``~`` (左右), ``+`` (an increase by)
    kind: str  #: ``level``, ``growth`` (annual growth rate), ``change`` (提高…) or ``text``
    value: float | None = None  #: the number, ``None`` for textual targets
    unit: str | None = None  #: unit of measure as written, e.g. ``亿元``, ``%``, ``万千瓦``
    year: int | None = None  #: target year (到2025年) where stated for it or its section
    owner: str = ""  #: id of the indicator or task the target belongs to


@_fast
@dataclass(frozen=True, slots=True)
class Indicator:
    """A numbered indicator (主要指标) with its type and targets."""

    path: str  #: section path, e.g. ``2.1``
    name: str  #: what is measured, e.g. 地区生产总值(GDP)总量
    start: int  #: span of the name
    end: int
    type: str | None  #: ``预期性`` or ``约束性``
    targets: tuple[Target, ...] = ()


@_fast
@dataclass(frozen=True, slots=True)
class ColumnRef:
    """A reference to a 专栏 (project column), e.g. ``5—3`` in “(专栏5—3、5—4)”."""

    section: str
    ref: str  #: as written, e.g. ``5—3``
    start: int
    end: int


@_fast
@dataclass(frozen=True, slots=True)
class Convention:
    """A rule the document states once for how its annotations read, e.g. “列第一位者为牵头单位,下同”
    (the first unit listed leads)."""

    kind: str  #: ``first-listed-lead``
    text: str  #: the statement as written
    start: int
    end: int
    #: where it applies: ``document`` (stated in the notice, the preamble or a column header),
    #: ``from-here`` (from the annotation that states it on: 下同, 以下同), ``annotation`` (that one only)
    scope: str


@_fast
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the parser could not read, or that looks wrong in the document."""

    code: str  #: stable machine name, e.g. ``numbering-skip``
    severity: str  #: ``error`` or ``warning``
    message: str
    line: int  #: 1-based
    column: int  #: 1-based, in characters
    start: int
    end: int


@_fast
@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table, with its spans resolved: a cell merged across columns or down rows
    is one cell covering them, and every grid position it covers holds this same object.

    ``text[start:end] == text`` (the cell's characters in the document text, which for a cell
    continued down a merge are the characters of the cell it continues: there is one copy).
    """

    text: str  #: the cell's text as written in the document text (line breaks in the cell as spaces)
    start: int
    end: int
    row: int  #: grid row of the cell's top-left corner, from 0
    col: int  #: grid column of the cell's top-left corner, from 0
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  #: marked as a header cell by the format (an HTML ``<th>``)


@_fast
@dataclass(frozen=True, slots=True)
class Table:
    """A table as its reader found it: one line of the text per row, a tab between cells.

    ``grid[r][c]`` is the cell covering row ``r``, column ``c``; every row has ``width`` cells.
    ``rows[r]`` spans row ``r``'s line (without its line break).
    """

    start: int  #: start of the first row's line
    end: int  #: end of the last row's line
    rows: tuple[Span, ...]  #: each row's line
    grid: tuple[tuple[Cell, ...], ...]
    width: int  #: number of grid columns
    #: whether the format recorded merged cells (Word, HTML, spreadsheets, a ruled PDF); a text
    #: copy and a PDF laid out without rules lose them, so an empty cell may be a merged one
    spans_known: bool = True
    name: str = ""  #: where the format names the table: a spreadsheet's sheet name


@_fast
@dataclass(frozen=True, slots=True)
class Document:
    """A parsed task-division plan."""

    source: str  #: file name or label given to :func:`fengong.parser.parse`
    text: str = field(repr=False)  #: the original text, to which all offsets refer
    metadata: Metadata = Metadata()
    dialect: str = "default"  #: name of the dialect used
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()  #: targets read in task text (indicator targets sit on the indicator)
    column_refs: tuple[ColumnRef, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    tables: tuple[Table, ...] = ()  #: the tables of the text, in document order
    conventions: tuple[Convention, ...] = ()  #: first-listed-lead conventions, in text order
    #: text outside the plan read as notes: the numbered requirements and attachment lines of a
    #: cover notice, a news article's lead-in paragraphs
    notes: tuple[Span, ...] = ()
