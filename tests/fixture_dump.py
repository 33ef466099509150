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
        label = f" [{a.label}]" if a.label else ""
        out.append(f"{a.role} {a.unit} @{a.task or a.section}{flag}{label}")
    for t in doc.tasks:
        for n in t.annotation.notes:
            out.append(f"note {t.id} {n.value}")
        for d in t.annotation.deadlines:
            out.append(f"deadline {t.id} {d.text} year={d.year} month={d.month} day={d.day} part={d.part}")
        for f in t.annotation.fields:
            out.append(f"field {t.id} {f.name} {f.label}={f.value}")
        for p in t.annotation.persons:
            out.append(f"person {t.id} {p.value}")
        if t.annotation.truncated is not None:
            out.append(f"truncated {t.id} {t.annotation.truncated.value}")
    for i in doc.indicators:
        out.append(f"indicator {i.path} {i.type} {i.name}")
        for g in i.targets:
            out.append(f"  target {g.text} {g.comparator} {g.value} {g.unit} {g.kind} {g.year}")
    for g in doc.targets:
        out.append(f"target {g.owner} {g.text} {g.comparator} {g.value} {g.unit} {g.kind} {g.year}")
    for c in doc.column_refs:
        out.append(f"column {c.section} {c.ref}")
    for c in doc.conventions:
        out.append(f"convention {c.kind} {c.scope} {c.text}")
    for n in doc.notes:
        out.append(f"notice-note {n.value}")
    for d in doc.diagnostics:
        out.append(f"diagnostic {d.code} {d.line}:{d.column}")
    return "\n".join(out) + "\n"
