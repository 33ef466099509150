"""Annotation rules: the brackets and lines that name units against the text before them.

The forms, each one small function with the same signature, in one ordered table
(:data:`ANNOTATION_RULES`): given the parse state and the span of a candidate (a bracket's
content, or a line after its label), a rule returns a :class:`Reading` of the units, roles,
notes and deadlines it finds, or ``None`` when the candidate is not of its form. A bracket
that no rule reads stays text (“(GDP)”, “(助理)”, “(专栏3—1)”, “(以下简称…)”, “(fā)”); one
that holds a role word but that no rule could read becomes a diagnostic.

Scanning jumps from bracket to bracket with one compiled pattern, so an item is read in
time linear in its length whatever its brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from .model import Annotation, Deadline, Field, Span
from .units import unit_grammar

if TYPE_CHECKING:
    from .core import ParseState

__all__ = ["ANNOTATION_RULES", "UNIT_FINAL", "Reading", "find_annotations", "split_units", "labelled_roles", "verb_roles",
           "unit_list_roles", "listed_units"]

_BRACKETS = regex.compile(r"[()\[\]\r\n]")
_SEPARATORS = regex.compile(r"[、,()\[\]]")
_BRACKET = regex.compile(r"[()\[\]]")
_PIECES = regex.compile(r"[,;。()\[\]]")
_ROLE_HINT = regex.compile(r"牵头|负责|责任单位|配合|协同|参与|指导")
_EDGE = " \t\u3000"
_ITEM_END = " \t\u3000;。.,:"
_TITLE_MARK_SPAN = 40  # the longest 《title》 a slipped ) is taken to close
#: last characters of unit names (folded): 局 委 办 部 … 联 协 (市科协) 央 (共青团中央)
UNIT_FINAL = frozenset("局委办部院会府区县市司处厅行所站队园心组位门团社联协关省镇村街署室庭校馆台央盟旗州道乡学方厂场班")
_PLACEHOLDER = regex.compile(r"(?:各|有关|相关|其他|其它|全国|中央)")
#: “等” ending a unit, or joining it to a collective or another unit: 财政部等, 人民银行等部门,
#: 人力资源社会保障部等有关部门和单位, 全国总工会等和各省级人民政府, 财政部等国务院相关部门,
#: 能源局等省有关部门和各地级以上市人民政府
_DENG = regex.compile(r"等(?=$|和|与|及|有关|各|相关|其他|部门|单位|[)\]]|[^、,;()\[\]]{0,10}?(?:有关|相关|各|其他)[^、,;()\[\]]{0,6}?(?:部门|单位|机构))")
#: a 和 that joins a collective to a unit after it (…有关部门和各地级以上市人民政府), not one inside
#: a collective (有关部门和单位)
_AND_UNIT = regex.compile(r"和(?!单位|部门|机构)")
_AND = regex.compile(r"及")
_HUITONG = regex.compile(r"会同")
_DEADLINE = regex.compile(
    r"(?:(?P<y>(?:19|20)[0-9]{2})年)?(?:(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})日|(?P<part>底|末|上旬|中旬|下旬))?|(?P<ye>年底|年末))"
    r"(?:前|以前)?(?:完成|启动|建成|出台|实现|见效)?"
    r"|(?P<ongoing>长期坚持|持续推进|持续实施|长期推进|持续开展)"
)


@dataclass(slots=True)
class Reading:
    """What a rule read from one annotation."""

    roles: list[tuple[str, str, int, int]] = field(default_factory=list)  #: (unit, role, start, end)
    notes: list[Span] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    indicator: Span | None = None
    labelled: bool = False  #: read from role labels (牵头单位:…), not from verbs (X牵头)
    persons: tuple[Span, ...] = ()  #: named under a …领导: label, never units
    labels: dict[int, str] | None = None  #: start of a mention → its label, for role ``other``
    truncated: Span | None = None  #: where the text stops inside the annotation


#: an annotation of an item and its reading; :func:`fengong.parser.core._read_item` adds a third member,
#: the start of the text it applies to, for a line after a group of sub-items that covers their parent
Found = tuple[Annotation, Reading] | tuple[Annotation, Reading, int]


def split_units(folded: str, start: int, end: int, compound_re: regex.Pattern | None = None,
                separators: regex.Pattern = _SEPARATORS) -> list[tuple[int, int]]:
    """Split a unit list on 、 , ， at bracket depth 0; returns (start, end) of each item.

    Brackets inside a unit name stay in it: “各县(市、区)人民政府” is one item; so do the
    collective names ``compound_re`` matches, written with a 、 (“各区、县级市”).

    >>> split_units("市发改委、各县(市、区)人民政府,市财政局", 0, 21)
    [(0, 4), (5, 16), (17, 21)]
    >>> split_units("市人社局、各区、县级市", 0, 11, regex.compile("各区、县级市"))
    [(0, 4), (5, 11)]
    """
    # the common lists, “市经信局” and “市发改委、市财政局”, take the short ways: no separator, or
    # every separator cuts (the loop in _cuts takes a few Python steps a separator)
    cuts = [m.start() for m in separators.finditer(folded, start, end)]
    if cuts:
        protected = []
        if compound_re is not None:
            protected = [(m.start(), m.end()) for m in compound_re.finditer(folded, start, end)]
        if protected or _BRACKET.search(folded, start, end) is not None:
            cuts = _cuts(folded, start, end, protected, separators)
    out, a = [], start
    for b in (*cuts, end):
        s, e = a, b
        while s < e and folded[s] in _EDGE:
            s += 1
        while e > s and folded[e - 1] in _ITEM_END:
            e -= 1
        if s < e:
            out.append((s, e))
        a = b + 1
    return out


def _cuts(folded: str, start: int, end: int, protected: list[tuple[int, int]], separators: regex.Pattern
          ) -> list[int]:
    """Where the separators cut a list: at bracket depth 0 and outside the ``protected`` spans."""
    cuts, depth, k = [], 0, 0
    for m in separators.finditer(folded, start, end):
        i = m.start()
        ch = folded[i]  # one character: indexing is cheaper than the match's group()
        while k < len(protected) and protected[k][1] <= i:
            k += 1  # the protected spans are in order and do not overlap, as the separators are
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and not (k < len(protected) and protected[k][0] <= i):
            cuts.append(i)
    return cuts


def _deadline(state: ParseState, s: int, e: int) -> Deadline | None:
    m = _DEADLINE.fullmatch(state.folded, s, e)
    if m is None:
        return None
    part = m.group("part") or ("底" if m.group("ye") else None) or ("ongoing" if m.group("ongoing") else None)
    return Deadline(state.text[s:e], s, e, int(m.group("y")) if m.group("y") else None,
                    int(m.group("m")) if m.group("m") else (12 if m.group("ye") else None),
                    int(m.group("d")) if m.group("d") else None, part)


def _looks_like_unit(folded: str, s: int, e: int) -> bool:
    value = folded[s:e]
    return (0 < len(value) <= 40 and "。" not in value
            and (value[-1] in UNIT_FINAL or value[-1] in ")]" or _PLACEHOLDER.match(value) is not None))


def _unit_items(state: ParseState, reading: Reading, role: str, s: int, e: int, strict: bool = False) -> bool:
    """Add the units of one list item to ``reading``: “等” and “及” split it, a deadline or a
    note marker ends the list. Returns False when ``strict`` and the item is not unit-like."""
    folded, text = state.folded, state.text
    value = folded[s:e]
    if "月" in value or "年" in value or "持续" in value or "长期" in value:
        deadline = _deadline(state, s, e)
        if deadline is not None:
            reading.deadlines.append(deadline)
            return True
    parts: list[tuple[int, int]] = []
    m = _DENG.search(folded, s, e) if "等" in value else None
    if m is not None:
        parts.append((s, m.start()))
        rest = m.end()
        if folded.startswith(("和", "与", "及"), rest):
            rest += 1
        if rest < e and _PLACEHOLDER.match(folded, rest, e) or folded.startswith(("和", "与", "及"), m.end()):
            parts.append((rest, e))
        elif rest < e:
            parts += _collective_and_units(folded, rest, e)
    else:
        parts.append((s, e))
    split: list[tuple[int, int]] = []
    for a, b in parts:
        j = _AND.search(folded, a, b) if "及" in value else None
        if j is not None and _looks_like_unit(folded, a, j.start()) and b - j.end() >= 3:
            split += [(a, j.start()), (j.end(), b)]
        else:
            split.append((a, b))
    for a, b in split:
        while b > a and folded[b - 1] in _ITEM_END:
            b -= 1
        if a >= b:
            continue
        if strict and not _looks_like_unit(folded, a, b):
            return False
        reading.roles.append((text[a:b], role, a, b))
    return True


def _collective_and_units(folded: str, s: int, e: int) -> list[tuple[int, int]]:
    """What follows 等 when it is not a placeholder the dialect knows: a collective the unit
    grammar reads (国务院相关部门), or a collective and a unit joined by 和 (省有关部门和各地级以上
    市人民政府); nothing where it reads as neither (等部门 adds no unit)."""
    grammar = unit_grammar()
    if grammar.is_collective(folded[s:e]):
        return [(s, e)]
    j = _AND_UNIT.search(folded, s, e)
    if j is not None and grammar.is_collective(folded[s : j.start()]) and grammar.is_unit(folded[j.end() : e]):
        return [(s, j.start()), (j.end(), e)]
    return []


def _role_list(state: ParseState, reading: Reading, role: str, start: int, end: int) -> None:
    """A list of units after a role label, up to the first 。 (the rest is a note)."""
    folded = state.folded
    if state.dialect.list_special_re.search(folded, start, end) is None:
        # the common list, “市发改委、市财政局”: nothing in it for the rules below to do
        text, roles = state.text, reading.roles
        for s, e in split_units(folded, start, end):
            roles.append((text[s:e], role, s, e))
        return
    stop = _top_level(folded, start, end, "。") if folded.find("。", start, end) != -1 else None
    if stop is not None and stop + 1 < end:
        _note(state, reading, stop + 1, end)
        end = stop
    items = split_units(folded, start, end, state.dialect.compound_re)
    for k, (s, e) in enumerate(items):
        if state.dialect.note_re is not None and state.dialect.note_re.match(folded, s, e):
            _note(state, reading, s, items[-1][1])
            break
        if k == len(items) - 1:
            verb = state.dialect.verb_re.search(folded, s, e)
            if verb is not None and verb.start() > s:
                e = verb.start()  # “…省大数据中心按职责分工负责”: the verb repeats the label's role
        _unit_items(state, reading, role, s, e)


#: the unit list reader and the deadline reader, for the cells of a table (:mod:`fengong.parser.tables`)
role_list = _role_list
read_deadline = _deadline


def matching_close(folded: str, start: int, end: int) -> int | None:
    """Offset of the bracket closing the one at ``start``, or ``None`` before ``end``."""
    depth = 0
    for m in _BRACKETS.finditer(folded, start, end):
        ch = m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def _top_level(folded: str, start: int, end: int, chars: str) -> int | None:
    depth = 0
    for i in range(start, end):
        ch = folded[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in chars:
            return i
    return None


def _note(state: ParseState, reading: Reading, s: int, e: int) -> None:
    while s < e and state.folded[s] in _ITEM_END:
        s += 1
    while e > s and state.folded[e - 1] in _ITEM_END:
        e -= 1
    if s < e:
        reading.notes.append(Span(state.text[s:e], s, e))


def labelled_roles(state: ParseState, start: int, end: int) -> Reading | None:
    """Role labels followed by unit lists: “预期性指标,牵头单位:市发改委;责任单位:市政府有关部门,各县市区,
    以下均需各县市区落实,不再逐一列出”, also with a comma between roles (“牵头单位:X,配合单位:Y”),
    fields (“负责部门:X;适用范围:…”) and a deadline after the units (“…,6月底完成”).
    """
    dialect, text, folded = state.dialect, state.text, state.folded
    colons = folded.count(":", start, end)
    if not colons:
        return None  # every label ends with a colon: a bracket of text has none (one C call, no regex)
    labels = list(dialect.label_re.finditer(folded, start, end))
    if colons > len(labels):
        # a colon no known label explains: a label the dialect does not know (协助单位:, 督办单位:)
        # also ends the list before it
        generic = list(dialect.any_label_re.finditer(folded, start, end))
        if len(generic) != len(labels) or any(a.span() != b.span() for a, b in zip(generic, labels)):
            labels = generic
    if not labels:
        return None
    reading = Reading(labelled=True)
    # what stands before the first label: an indicator type, or a note
    for s, e in split_units(folded, start, labels[0].start()) if labels[0].start() > start else ():
        value = text[s:e]
        if reading.indicator is None and folded[s:e] in dialect.indicator_types:
            reading.indicator = Span(value, s, e)
        else:
            reading.notes.append(Span(value, s, e))
    role_of_label = dialect.role_of_label
    for i, label in enumerate(labels):
        word = label.group("label")
        role = role_of_label[word] if word in role_of_label else dialect.label_role(word)
        seg_end = labels[i + 1].start() if i + 1 < len(labels) else end
        if folded[seg_end - 1] in "\r\n":
            list_start = label.end()
            while seg_end > list_start and folded[seg_end - 1] in "\r\n":
                seg_end -= 1  # a label line followed by another: the break is no part of the list
        if role in _UNIT_ROLES:  # the common case first: 牵头单位:, 责任单位: …
            _role_list(state, reading, role, label.end(), seg_end)
            continue
        if role == "person":
            reading.persons += tuple(Span(text[a:b], a, b)
                                     for a, b in split_units(folded, label.end(), seg_end, None, _PIECES))
            continue
        if role == "other":
            before = len(reading.roles)
            _role_list(state, reading, role, label.end(), seg_end)
            if reading.labels is None:
                reading.labels = {}
            for unit in reading.roles[before:]:
                reading.labels[unit[2]] = text[label.start("label") : label.end("label")]
            continue
        if role.startswith("field:"):
            s, e = label.end(), seg_end
            while e > s and folded[e - 1] in _ITEM_END:
                e -= 1
            name = role[6:]
            reading.fields.append(Field(name, text[label.start("label"):label.end("label")], text[s:e], s, e))
            if name == "deadline":
                deadline = _deadline(state, s, e)
                if deadline is not None:
                    reading.deadlines.append(deadline)
    return reading


_UNIT_ROLES = frozenset(["lead", "responsible", "support", "guide"])


#: the verbs a two-character tail may follow, and what such a tail may not be
_TAILED_VERBS = frozenset(["牵头", "负责", "按职责分工", "配合", "参与", "协同", "共同负责"])
_TAILED_LAST = frozenset(verb[-1] for verb in _TAILED_VERBS)
_TAIL = regex.compile(r"(?!单位|部门|领导|同志|人员|责任|工作|任务|事项)\p{Han}{2}$")


def verb_roles(state: ParseState, start: int, end: int) -> Reading | None:
    """Units followed by the verb of their role: “（X牵头，Y配合）”, “（A、B负责）”, “（X指导，Y负责落实）”,
    “（A、B等和各省级人民政府负责）”, “（X会同Y负责）”, “（…按职责分工负责）”, and a sentence after
    the roles such as “列第一位者为牵头单位，下同”.
    """
    dialect, folded = state.dialect, state.folded
    if dialect.verb_in_re.search(folded, start, end) is None:
        return None  # no role verb anywhere: a bracket of text, (GDP), (专栏3—1), tried at no more cost
    # the first sentence states the roles; what follows it is a note
    stop = _top_level(folded, start, end, "。")
    body_end = stop if stop is not None else end
    reading = Reading()
    pending: list[tuple[int, int]] = []
    found = False
    for s, e in split_units(folded, start, body_end, None, _PIECES):
        verb = dialect.verb_re.search(folded, s, e)
        if verb is None and e - s > 3 and folded[e - 3] in _TAILED_LAST and _TAIL.match(folded, e - 2, e):
            # a role verb and a two-character tail, the way a document may vary it: 牵头抓总,
            # 牵头落实, 按职责分工落实; not a label (牵头单位) or a person (负责同志)
            verb = dialect.verb_re.search(folded, s, e - 2)
            if verb is not None and verb.group("verb") not in _TAILED_VERBS:
                verb = None
        if verb is None:
            deadline = _deadline(state, s, e)
            if deadline is not None:
                reading.deadlines.append(deadline)
                continue
            if dialect.note_re is not None and dialect.note_re.match(folded, s, e):
                _note(state, reading, s, body_end)
                break
            pending.append((s, e))
            continue
        role = dialect.role_of_verb[verb.group("verb")]
        units_end = verb.start()
        if folded.startswith("由", s):
            s += 1
        groups = pending + [(s, units_end)]
        pending = []
        for gs, ge in groups:
            together = _HUITONG.search(folded, gs, ge)
            spans = [(gs, together.start(), role), (together.end(), ge, "support")] if together else [(gs, ge, role)]
            for a, b, r in spans:
                for us, ue in split_units(folded, a, b, dialect.compound_re):
                    if not _unit_items(state, reading, r, us, ue, strict=True):
                        return None
        found = True
    if not found or pending or not reading.roles:
        return None
    if stop is not None and stop + 1 < end:
        _note(state, reading, stop + 1, end)
    return reading


def listed_units(folded: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The units of ``[start, end)`` when it holds nothing but units a list with no label may
    hold (see :meth:`fengong.parser.units.UnitGrammar.is_listed_unit`), else ``None``.

    >>> listed_units("市教育局、市财政局", 0, 9), listed_units("含技工院校", 0, 5)
    ([(0, 4), (5, 9)], None)
    """
    while end > start and folded[end - 1] in _ITEM_END:
        end -= 1
    if end - start < 2 or folded[end - 1] not in UNIT_FINAL and folded[end - 1] not in ")]":
        return None  # the common case, a bracket of text (GDP), (助理): one look at its last character
    grammar = unit_grammar()
    items = split_units(folded, start, end)
    if not items or not all(grammar.is_listed_unit(folded[a:b]) for a, b in items):
        return None
    return items


def unit_list_roles(state: ParseState, start: int, end: int) -> Reading | None:
    """Units with no label and no verb, in the document's default role (responsible, or lead for
    the first under a first-listed convention): a trailing parenthetical “(市教育局、市财政局)”, a
    line “发改局、财政局” after a task sentence."""
    items = listed_units(state.folded, start, end)
    if items is None:
        return None
    role, text = state.dialect.default_role, state.text
    return Reading(roles=[(text[a:b], role, a, b) for a, b in items])


#: The annotation forms, tried in this order on each candidate.
ANNOTATION_RULES: tuple[tuple[str, Callable[[ParseState, int, int], Reading | None]], ...] = (
    ("labelled", labelled_roles),
    ("verbs", verb_roles),
    ("units", unit_list_roles),
)


def read_candidate(state: ParseState, form: str, start: int, end: int, inner_start: int, inner_end: int,
                   cut: str | None = None, rules=ANNOTATION_RULES) -> tuple[Annotation, Reading] | None:
    """Try the annotation rules on ``[inner_start, inner_end)``; the annotation spans ``[start, end)``.
    ``cut``: the text stops inside the annotation, a ``bracket`` never closed or a ``line`` that is
    the text's last (see :func:`_cut_off`)."""
    for _, rule in rules:
        reading = rule(state, inner_start, inner_end)
        if reading is not None:
            break
    else:
        if cut != "bracket":
            return None
        reading = _cut_list(state, inner_start, inner_end)
        if reading is None:
            return None
    if cut is not None:
        _cut_off(state, reading, inner_end, whole=cut == "bracket")
    annotation = Annotation(form, state.text[start:end], start, end, reading.indicator, tuple(reading.notes),
                            tuple(reading.deadlines), tuple(reading.fields), reading.persons, reading.truncated)
    return annotation, reading


def _cut_list(state: ParseState, start: int, end: int) -> Reading | None:
    """An annotation cut before its role word, “(市政府办公室、市”: the units before the cut in
    the default role, when every item but the last is one a list may hold."""
    folded, text = state.folded, state.text
    items = split_units(folded, start, end)
    grammar = unit_grammar()
    if len(items) < 2 or not all(grammar.is_listed_unit(folded[a:b]) for a, b in items[:-1]):
        return None
    role = state.dialect.default_role
    return Reading(roles=[(text[a:b], role, a, b) for a, b in items])


def _cut_off(state: ParseState, reading: Reading, end: int, whole: bool) -> None:
    """The text stops at ``end`` inside this annotation: a last mention that does not read as a
    whole unit name (“市发”, “县农业农”) is the cut, not a mention, and is kept as ``truncated``.
    A bracket never closed is cut even where its last mention reads whole (the cut is then empty,
    at ``end``); a line only where its last mention is part of a name."""
    folded = state.folded
    if reading.roles:
        unit, role, us, ue = reading.roles[-1]
        if folded[ue:end].strip(_ITEM_END) == "" and not unit_grammar().is_unit(folded[us:ue]):
            reading.roles.pop()
            if reading.labels:
                reading.labels.pop(us, None)
            reading.truncated = Span(state.text[us:end], us, end)
            return
    if whole:
        reading.truncated = Span("", end, end)


def find_annotations(state: ParseState, start: int, end: int, lines: list[tuple[str, int, int, int]]
                     ) -> list[Found]:
    """The annotations of one item, in text order: brackets whose content a rule reads, and the
    item's annotation lines ``(kind, start, content_start, end)``. Unbalanced brackets become
    diagnostics.
    """
    folded = state.folded
    found: list[Found] = []
    stack: list[int] = []
    regions: list[tuple[int, int, tuple[str, int, int, int] | None]] = []
    a = start
    line: tuple[str, int, int, int] | None
    for line in sorted(lines, key=lambda x: x[1]):
        regions.append((a, line[1], line))
        a = line[3]
    regions.append((a, end, None))
    for region_start, region_end, line in regions:
        for m in _BRACKETS.finditer(folded, region_start, region_end):
            i = m.start()
            ch = folded[i]
            if ch in "([":
                stack.append(i)
            elif ch in "\r\n":
                if stack and folded[stack[0]] == "(":
                    # a round bracket does not run over a line break: report it and read on
                    _unclosed(state, found, stack, i)
            elif not stack:
                _unopened(state, region_start, i)
            else:
                s = stack.pop()
                if not stack:
                    _candidate(state, found, s, i + 1)
        if stack:
            _unclosed(state, found, stack, region_end)
        if line is not None and line[0] in ("annotation", "units"):
            kind, ls, cs, le = line
            content_end = le
            while content_end > cs and folded[content_end - 1] in _ITEM_END:
                content_end -= 1
            cut = "line" if le >= state.text_end else None
            hit = read_candidate(state, "line" if kind == "annotation" else "units", ls, le, cs, content_end, cut=cut,
                                 rules=ANNOTATION_RULES if kind == "annotation" else _UNIT_RULES)
            if hit is not None and cut:
                _report_cut(state, hit[0])
            if hit is None and cs == content_end:
                # a role line with nothing after its label (“部门分工:”): an annotation naming no unit
                hit = Annotation("line", state.text[ls:le], ls, le), Reading()
            if hit:
                found.append(hit)
            else:
                state.diag("annotation-unreadable", "warning",
                           f"line states roles but could not be read: {state.text[ls:le][:40]}", ls, le)
    return found


_UNIT_RULES = (("units", unit_list_roles),)


def _candidate(state: ParseState, found: list, start: int, end: int) -> None:
    hit = read_candidate(state, "bracket", start, end, start + 1, end - 1)
    if hit is not None:
        found.append(hit)
    elif end - start <= 200 and _ROLE_HINT.search(state.folded, max(start, end - 12), end):
        if state.dialect.convention_re.search(state.folded, start, end) is not None:
            return  # a bracket that states a convention, read as one (see fengong.parser.conventions)
        if state.dialect.verb_re.fullmatch(state.folded, start + 1, end - 1) is not None:
            return  # a role word alone in a bracket inside a word: 各责任(配合)单位
        # a role word near the end of a short bracket, as in “(由市发改委牵头，…)”
        state.diag("annotation-unreadable", "warning",
                   f"bracket holds a role word but could not be read: {state.text[start:end][:40]}", start, end)


def _unopened(state: ParseState, region_start: int, i: int) -> None:
    """A closing bracket at ``i`` with no opening one. Where a title mark 《 is open just before
    it on the same line, as in “对《纲要)进行调整”, the drafter typed ) for 》: say so, with the fix."""
    folded = state.folded
    lo = max(region_start, i - _TITLE_MARK_SPAN)  # a bounded look back: a line of ) stays linear
    lo = max(lo, folded.rfind("\n", lo, i) + 1)
    mark = folded.rfind("《", lo, i)
    if folded[i] == ")" and mark >= 0 and "》" not in folded[mark:i]:
        title = state.text[mark + 1:i]
        state.diag("title-mark-mismatch", "warning",
                   f"《{title}{state.text[i]} opens a title with 《 but closes it with {state.text[i]}: "
                   f"《{title}》 was probably meant", mark, i + 1)
        return
    state.diag("bracket-unopened", "warning", f"closing {state.text[i]} with no opening bracket", i, i + 1)


def _unclosed(state: ParseState, found: list, stack: list[int], end: int) -> None:
    """A bracket still open at ``end``: read it as an annotation cut off there, or report it."""
    s = stack[0]
    stack.clear()
    while end > s and state.folded[end - 1] in " \t\r\n":
        end -= 1
    cut = end >= state.text_end  # the text stops inside the bracket: a truncated copy
    hit = read_candidate(state, "bracket", s, end, s + 1, end, cut="bracket" if cut else None)
    if hit is None:
        state.diag("bracket-unclosed", "warning", f"{state.text[s]} is never closed", s, s + 1)
        return
    if cut:
        _report_cut(state, hit[0])
    else:
        state.diag("annotation-unclosed", "warning", "annotation bracket is never closed; read up to here", s, s + 1)
    found.append(hit)


def _report_cut(state: ParseState, annotation: Annotation) -> None:
    cut = annotation.truncated
    if cut is None:
        return
    what = f"{cut.value!r} is cut off" if cut.value else "its last unit may be cut off"
    state.diag("annotation-truncated", "warning",
               f"the text stops inside this annotation: the units before the cut are kept, {what}",
               annotation.start, annotation.end)
