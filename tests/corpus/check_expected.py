"""Consistency check of the hand readings in this folder (not a parser test; it never imports the parser).

Run: python tests/corpus/check_expected.py
Checks, for every <stem>.expected.json beside its <stem>.txt:
- each section's printed ordinal is the last part of its path, at a line start, followed by its title;
- every offset_paren points at an opening bracket or at the first non-blank character of a line,
  and text[offset_paren:] is an annotation (role word or person label inside it);
- every clause ends right before its annotation (only whitespace and 。;,、: between) and starts right
  after the end of the previous annotation of the same section or after the section's numbering;
- the key is the last 8 characters of the clause without punctuation;
- every unit, person, deadline and note string occurs inside that annotation's text;
- the .txt is byte-identical to ../../../shared/corpus/<name> when that folder exists.

A reading of a document written as a table (``"tables": true``; the text one line per row, a tab
between cells) is checked the same way, where a row's annotation is its unit cells: a section's
ordinal may also stand alone in the 序号 cell (``3`` then a tab) or open a numbered sub-item inside
a cell (after a space); an assignment with ``"form": "table"`` has its offset at the start of a
cell (its first unit cell), its clause and its strings in that row or, for a cell merged down,
in a row above.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "corpus"
PUNCT = re.compile(r"[\s,;:!?()（），。、；：！？“”‘’《》〈〉〔〕【】]")
TRIM = " \t\r\n\u3000。;,、:；，："
PAIRS = {"（": "）", "(": ")", "〔": "〕", "[": "]"}
ROLE_WORDS = ("牵头", "牽頭", "责任单位", "責任單位", "负责", "負責", "配合", "参与", "指导", "分管省领导", "部门分工", "按职责分工")
#: a line that starts with a role label (“牵头单位:”, “责任单位:”): consecutive ones are one annotation
LABEL_LINE = re.compile(r"[\u3000 ]*[^\s:：]{0,6}(?:单位|部门|單位)[:：]")
CN = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def cn_int(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return CN[a] * 10 + (CN[b] if b else 0)
    return CN[s]


NUM = re.compile(r"(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[）)]|(\d+)[.．、﹒]|[（(](\d+)[）)])")
ROW_NUM = re.compile(r"(\d+)\t")  # a 序号 cell in a table row


def annotation_end(t: str, i: int) -> int:
    if t[i] in PAIRS:
        o, c, depth = t[i], PAIRS[t[i]], 0
        for j in range(i, len(t)):
            depth += (t[j] == o) - (t[j] == c)
            if depth == 0:
                return j + 1
        return len(t)
    # a line annotation: this line, plus a following 部门分工 line after a person line
    end = t.find("\n", i)
    end = len(t) if end < 0 else end
    nxt = re.match(r"\n\s*部门分工[:：][^\n]*", t[end:])
    if t[i:end].startswith("分管") and nxt:
        return end + nxt.end()
    while LABEL_LINE.match(t, i):  # “牵头单位:X” then “责任单位:Y” on the next non-blank line
        nxt = re.match(r"\s*\n", t[end:]) and re.match(r"(?:\s*\n)+", t[end:])
        if not nxt or not LABEL_LINE.match(t, end + nxt.end()):
            break
        i = end + nxt.end()
        end = t.find("\n", i)
        end = len(t) if end < 0 else end
    return end


def check(exp_path: Path) -> list[str]:
    errs: list[str] = []
    d = json.loads(exp_path.read_text(encoding="utf-8"))
    txt = exp_path.parent / d["source"]
    t = txt.read_text(encoding="utf-8")
    if (SHARED / d["source"]).exists() and (SHARED / d["source"]).read_bytes() != txt.read_bytes():
        errs.append("copy differs from shared corpus")
    if exp_path.read_text(encoding="utf-8") != json.dumps(d, ensure_ascii=False, indent=1) + "\n":
        errs.append("file not written with ensure_ascii=False, indent=1")
    # sections
    starts: dict[str, int] = {}
    pos = 0
    table = bool(d.get("tables"))
    heads = r"(?m)(?:^|(?<=[\t ]))[ \u3000]*" if table else r"(?m)^[ \u3000]*"
    for s in d["sections"]:
        if s["level"] != len(s["path"].split(".")):
            errs.append(f"{s['path']}: level {s['level']}")
        want = int(s["path"].split(".")[-1])
        found = None
        for m in re.finditer(heads, t[pos:]):
            h = pos + m.end()
            n = NUM.match(t, h) or (ROW_NUM.match(t, h) if table and (h == 0 or t[h - 1] == "\n") else None)
            if n:
                g = [x for x in n.groups() if x][0]
                val = int(g) if g.isdigit() else cn_int(g)
                after = n.end()
                while t[after : after + 1] in (" ", "\u3000"):
                    after += 1  # “1. 精简…”: a space after the numbering
                if val == want and t.startswith(s["title"], after):
                    found = n.end()
                    break
        if found is None:
            errs.append(f"section {s['path']} {s['title']!r} not found in order")
            continue
        starts[s["path"]] = found
        pos = found
    # assignments
    last_end: dict[str, int] = {}
    prev = -1
    for a in d["assignments"]:
        off, sec = a["offset_paren"], a["section"]
        tag = f"{sec}@{off}"
        if off <= prev:
            errs.append(f"{tag}: not in text order")
        prev = off
        if a.get("form") == "table":
            errs += [f"{tag}: {e}" for e in check_row(t, a)]
            continue
        line_start = t.rfind("\n", 0, off) + 1
        if t[off] not in PAIRS and t[line_start:off].strip(" \u3000"):
            errs.append(f"{tag}: offset is neither a bracket nor a line start ({t[off]!r})")
        end = annotation_end(t, off)
        ann = t[off:end]
        if not any(w in ann for w in ROLE_WORDS) and "truncated" not in a:  # cut before its role word
            errs.append(f"{tag}: no role word in {ann!r}")
        start = last_end.get(sec, starts.get(sec, -1))
        if start < 0 or start > off:
            errs.append(f"{tag}: section start not before annotation")
        elif t[start:off].strip(TRIM) != a["clause"]:
            errs.append(f"{tag}: clause is not text[{start}:{off}] trimmed")
        last_end[sec] = end
        if PUNCT.sub("", a["clause"])[-8:] != a["key"]:
            errs.append(f"{tag}: key {a['key']!r}")
        for role in ("lead", "responsible", "support", "guide", "persons", "deadlines"):
            for u in a[role]:
                if u not in ann:
                    errs.append(f"{tag}: {role} {u!r} not in annotation")
        for label, u in a.get("other", []):
            if u not in ann or label not in ann:
                errs.append(f"{tag}: other {label}:{u!r} not in annotation")
        if "truncated" in a and not ann.rstrip().endswith(a["truncated"]):
            errs.append(f"{tag}: the annotation does not end with its cut {a['truncated']!r}")
        if "note" in a and a["note"] not in ann:
            errs.append(f"{tag}: note not in annotation")
        units = [u for r in ("lead", "responsible", "support", "guide") for u in a[r]]
        if len(units) != len(set(units)):
            errs.append(f"{tag}: a unit listed twice")
    for c in d.get("conventions", []):
        if c["text"] not in t or c["scope"] not in ("document", "from-here", "annotation"):
            errs.append(f"convention {c['text']!r}: not in the text, or scope {c['scope']!r} unknown")
    return errs


def check_row(t: str, a: dict) -> list[str]:
    """A table row's assignment: its offset at a cell's start, its strings in the row or above."""
    errs = []
    off = a["offset_paren"]
    if off and t[off - 1] not in "\t\n":
        errs.append("offset is not at the start of a cell")
    line_end = t.find("\n", off)
    upto = t[: len(t) if line_end < 0 else line_end]
    line_start = upto.rfind("\n") + 1
    cells = upto[line_start:].split("\t")
    if a["clause"] not in cells and a["clause"] not in upto:
        errs.append("clause is no cell of the row or above")
    if PUNCT.sub("", a["clause"])[-8:] != a["key"]:
        errs.append(f"key {a['key']!r}")
    for role in ("lead", "responsible", "support", "guide", "persons", "deadlines"):
        for u in a[role]:
            if u not in upto:
                errs.append(f"{role} {u!r} not in the row or above")
    units = [u for r in ("lead", "responsible", "support", "guide") for u in a[r]]
    if len(units) != len(set(units)):
        errs.append("a unit listed twice")
    return errs


def summary(exp_path: Path) -> str:
    d = json.loads(exp_path.read_text(encoding="utf-8"))
    lv = Counter(s["level"] for s in d["sections"])
    roles = {r: sum(len(a[r]) for a in d["assignments"]) for r in ("lead", "responsible", "support", "guide")}
    extra = {r: sum(len(a[r]) for a in d["assignments"]) for r in ("persons", "deadlines")}
    return (f"{d['source']}: {len(d['sections'])} sections {dict(sorted(lv.items()))}, "
            f"{len(d['assignments'])} annotations, {roles}, {extra}")


if __name__ == "__main__":
    bad = 0
    for p in sorted(HERE.glob("*.expected.json")):
        e = check(p)
        print(summary(p))
        for x in e:
            print("   ERROR", x)
        bad += len(e)
    sys.exit(1 if bad else 0)
