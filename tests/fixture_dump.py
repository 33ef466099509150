"""A compact, line-per-fact dump of a parsed document, for the fixture files."""

from __future__ import annotations

from fengong.parser.model import Document


def dump(doc: Document) -> str:
    out = []
    for s in doc.sections:
        out.append(f"section {s.path} L{s.level} {s.label}|{s.title}")
    for t in doc.tasks:
        out.append(f"task {t.id} {t.text}")
    for a in doc.assignments:
        flag = " implicit" if a.implicit else ""
        out.append(f"{a.role} {a.unit} @{a.task or a.section}{flag}")
    for t in doc.tasks:
        for n in t.annotation.notes:
            out.append(f"note {t.id} {n.value}")
        for d in t.annotation.deadlines:
            out.append(f"deadline {t.id} {d.text} year={d.year} month={d.month} day={d.day} part={d.part}")
        for f in t.annotation.fields:
            out.append(f"field {t.id} {f.name} {f.label}={f.value}")
        for p in t.annotation.persons:
            out.append(f"person {t.id} {p.value}")
    for i in doc.indicators:
        out.append(f"indicator {i.path} {i.type} {i.name}")
        for g in i.targets:
            out.append(f"  target {g.text} {g.comparator} {g.value} {g.unit} {g.kind} {g.year}")
    for g in doc.targets:
        out.append(f"target {g.owner} {g.text} {g.comparator} {g.value} {g.unit} {g.kind} {g.year}")
    for c in doc.column_refs:
        out.append(f"column {c.section} {c.ref}")
    for d in doc.diagnostics:
        out.append(f"diagnostic {d.code} {d.line}:{d.column}")
    return "\n".join(out) + "\n"
