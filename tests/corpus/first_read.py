"""Role F1 of the parser against the hand readings in this folder: one markdown row per document.

Run: python tests/corpus/first_read.py [NAME_PREFIX...]
A mention is (section, role, unit as written); the parser's explicit mentions on tasks are compared
with the reading's, as multisets. Precision = matched / read by the parser, recall = matched /
in the reading, F1 their harmonic mean; a document with nothing in either counts as 1.0. The
pooled row adds up the counts of all the documents shown.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from fengong import parser

HERE = Path(__file__).resolve().parent
ROLES = ("lead", "responsible", "support", "guide")


def mentions_expected(d: dict) -> Counter:
    found: Counter = Counter()
    for a in d["assignments"]:
        for role in ROLES:
            for unit in a[role]:
                found[(a["section"], role, unit)] += 1
        for label, unit in a.get("other", []):
            found[(a["section"], "other", unit)] += 1
    return found


def mentions_read(doc) -> Counter:
    return Counter((a.section, a.role, a.unit) for a in doc.assignments if a.task and not a.implicit)


def score(want: Counter, got: Counter) -> tuple[int, int, int]:
    return sum((want & got).values()), sum(got.values()), sum(want.values())


def f1(tp: int, n_got: int, n_want: int) -> tuple[float, float, float]:
    if n_got == 0 and n_want == 0:
        return 1.0, 1.0, 1.0
    p = tp / n_got if n_got else 0.0
    r = tp / n_want if n_want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(prefixes: list[str]) -> None:
    rows, total = [], [0, 0, 0]
    for path in sorted(HERE.glob("*.expected.json")):
        if prefixes and not path.name.startswith(tuple(prefixes)):
            continue
        d = json.loads(path.read_text(encoding="utf-8"))
        tp, n_got, n_want = score(mentions_expected(d), mentions_read(parser.parse_file(HERE / d["source"])))
        total = [total[0] + tp, total[1] + n_got, total[2] + n_want]
        p, r, f = f1(tp, n_got, n_want)
        rows.append(f"| {d['source'].removesuffix('.txt')} | {n_want} | {n_got} | {tp} | {p:.2f} | {r:.2f} | {f:.2f} |")
    p, r, f = f1(*total)
    print("| document | mentions in the reading | read | matched | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| **pooled** | {total[2]} | {total[1]} | {total[0]} | {p:.2f} | {r:.2f} | **{f:.2f}** |")


if __name__ == "__main__":
    main(sys.argv[1:])
