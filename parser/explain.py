"""How a document was read, in a few lines: what ``fengong lint --explain`` prints.

The first thing to run on a document nobody described to us: where the plan starts, which
numbering styles make its levels, which annotation forms were found and how often, the
conventions and scoping notes in force and where they stand, tables, and the share of what looks
like an assignment that was read (:func:`fengong.parser.coverage.coverage`).
"""

from __future__ import annotations

import bisect
from collections import Counter

from .coverage import UNREAD_CODES, coverage
from .model import ROLES, Document

__all__ = ["explain"]

#: how an annotation form is named for a reader
_FORMS = {"bracket": "in brackets", "line": "on lines of their own", "units": "units with no label or verb"}
_SOURCES = {"label": "role labels (牵头单位:…)", "verb": "role verbs (X牵头,Y配合)", "convention": "",
            "scope": "", "prose": ""}


def explain(doc: Document) -> str:
    """A plain-text account of how ``doc`` was read, one fact a line.

    >>> from fengong import parser
    >>> print(explain(parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委;协助单位:市财政局)。\\n")))
    ... # doctest: +NORMALIZE_WHITESPACE
    plan: from the top
    numbering: 一、 level 1 ×1; (一) level 2 ×1
    annotations: 1 — in brackets ×1; roles from role labels (牵头单位:…) ×1
    mentions: lead 1, other 1 (labels not in the dialect: 协助单位)
    conventions: none
    scoping notes: none
    tables: none
    coverage: 100% (1 annotation read, 0 places not read)
    diagnostics: 0 errors, 1 warning
    """
    starts = _line_starts(doc.text)

    def line(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    out = [_plan(doc, line)]
    styles: dict[tuple[str, int], int] = Counter()
    labels: dict[tuple[str, int], str] = {}
    for s in doc.sections:
        styles[(s.style, s.level)] += 1
        labels.setdefault((s.style, s.level), s.label.strip())
    out.append("numbering: " + ("; ".join(f"{labels[k]} level {k[1]} ×{n}" for k, n in
                                          sorted(styles.items(), key=lambda kv: (kv[0][1], kv[0][0])))
                                or "no numbered items"))
    forms = Counter(t.annotation.form for t in doc.tasks)
    source_of: dict[str, str] = {}
    for a in doc.assignments:
        if a.task is not None and not a.implicit and a.source != "convention":
            source_of.setdefault(a.task, a.source)
    sources = Counter(source_of.get(t.id, "") for t in doc.tasks)
    truncated = sum(1 for t in doc.tasks if t.annotation.truncated is not None)
    parts = [f"{_FORMS.get(f, f)} ×{n}" for f, n in sorted(forms.items())]
    parts += [f"roles from {_SOURCES[s]} ×{n}" for s, n in sorted(sources.items()) if _SOURCES.get(s)]
    if truncated:
        parts.append(f"cut off by the end of the text ×{truncated}")
    out.append(f"annotations: {len(doc.tasks)}" + (" — " + "; ".join(parts) if parts else ""))
    roles = Counter(a.role for a in doc.assignments if not a.implicit)
    unknown = sorted({a.label for a in doc.assignments if a.role == "other" and a.label})
    mention = ", ".join(f"{r} {roles[r]}" for r in ROLES if roles[r])
    if unknown:
        mention += f" (labels not in the dialect: {'、'.join(unknown)})"
    out.append(f"mentions: {mention or 'none'}")
    out.append("conventions: " + ("; ".join(
        f"first listed unit leads, “{c.text}” (line {line(c.start)}, {_SCOPES[c.scope]})" for c in doc.conventions)
        or "none"))
    scoped: dict[str, int] = Counter(a.unit for a in doc.assignments if a.implicit)
    notes = [(n, t) for t in doc.tasks for n in t.annotation.notes if any(u in n.value for u in scoped)]
    out.append("scoping notes: " + ("; ".join(
        f"“{n.value}” (line {line(n.start)}): " + ", ".join(f"{u} responsible for {k} later tasks"
                                                             for u, k in scoped.items() if u in n.value)
        for n, t in notes) or ("units responsible for every task from the preamble: "
                               + ", ".join(f"{u} ×{k}" for u, k in scoped.items()) if scoped else "none")))
    tables = getattr(doc, "tables", ())
    out.append(f"tables: {len(tables)}" if tables else "tables: none")
    unread = sum(1 for d in doc.diagnostics if d.code in UNREAD_CODES)
    out.append(f"coverage: {coverage(doc):.0%} ({len(doc.tasks)} annotation{'s' * (len(doc.tasks) != 1)} read, "
               f"{unread} place{'s' * (unread != 1)} not read)")
    errors = sum(1 for d in doc.diagnostics if d.severity == "error")
    warnings = len(doc.diagnostics) - errors
    out.append(f"diagnostics: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(out)


_SCOPES = {"document": "the whole document", "from-here": "from there on", "annotation": "that annotation"}


def _line_starts(text: str) -> list[int]:
    starts, pos = [0], text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _plan(doc: Document, line) -> str:
    if not doc.sections:
        return "plan: no numbered items found" + (
            f" (a cover notice or lead-in of {len(doc.notes)} numbered or 附件 lines, read as notes)" if doc.notes else "")
    first = line(doc.sections[0].start)
    if first == 1:
        return "plan: from the top"
    notes = f"; {len(doc.notes)} numbered, 附件 or lead-in lines before it read as notes" if doc.notes else ""
    return f"plan: starts at line {first}, after {first - 1} lines of notice, title and preamble{notes}"
