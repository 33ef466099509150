"""How long ``parser.parse`` takes on the main document, against two yardsticks.

- one ``regex.finditer`` pass over the same text for bracket pairs (the least any reader
  of annotations has to do);
- ``jieba.lcut`` of the same text (the first step an NLP-based tool would take), with its
  dictionary loaded beforehand so that only the cutting is timed.

Target: the full parse within 1/4 of jieba's time (the earlier target of 1/20 was withdrawn:
the floor below shows this model cannot reach it). Run:
``python benchmarks/bench_parse.py`` (needs ``pip install -e '.[bench]'``).

Also timed, as the floor under any parse that returns this model: making the model's objects
alone, every field value already at hand, and the least pass over the text (folding it,
cutting it into lines and one scan for brackets).

Also timed: a pickle round trip of the parsed document (``pickle.dumps`` then ``pickle.loads``),
which is how a corpus build sends each document from a worker process back to the parent.
"""

from __future__ import annotations

import dataclasses
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fengong import parser  # noqa: E402
from fengong.parser.normalize import fold  # noqa: E402


def best_of(fn, repeat: int = 7, number: int = 5) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def _model_calls(doc) -> list[tuple[type, tuple]]:
    """(class, field values) of every model object in ``doc``, the document included."""
    calls = []

    def visit(value) -> None:
        if isinstance(value, tuple):
            for item in value:
                visit(item)
        elif dataclasses.is_dataclass(value):
            values = tuple(getattr(value, f.name) for f in dataclasses.fields(value))
            for item in values:
                visit(item)
            calls.append((type(value), values))

    visit(doc)
    return calls


def main() -> None:
    text = (ROOT / "corpus" / "source.txt").read_text(encoding="utf-8")
    brackets = regex.compile(r"[(（][^()（）]*[)）]")
    t_parse = best_of(lambda: parser.parse(text))
    t_regex = best_of(lambda: sum(1 for _ in brackets.finditer(text)), number=50)
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    t_jieba = best_of(lambda: jieba.lcut(text))
    print(f"text: {len(text)} characters")
    print(f"parser.parse      {t_parse * 1e3:8.2f} ms")
    print(f"regex.finditer    {t_regex * 1e3:8.3f} ms   parse / regex = {t_parse / t_regex:6.1f}x")
    print(f"jieba.lcut        {t_jieba * 1e3:8.2f} ms   parse / jieba = 1/{t_jieba / t_parse:.1f}")
    print("steady state: target met" if t_parse <= t_jieba / 4 else "steady state: TARGET MISSED (parse is not within 1/4 of jieba)")
    doc = parser.parse(text)
    calls = _model_calls(doc)
    t_objects = best_of(lambda: [cls(*args) for cls, args in calls])
    scan = regex.compile(r"[()\[\]\n]")

    def least_pass() -> int:
        folded = fold(text)
        folded.split("\n")
        return sum(1 for _ in scan.finditer(folded))

    t_pass = best_of(least_pass)
    print(f"model objects     {t_objects * 1e3:8.3f} ms   ({len(calls):,} objects made from their field values)")
    print(f"least text pass   {t_pass * 1e3:8.3f} ms   (fold, lines, one scan for brackets)")
    print(f"floor             {(t_objects + t_pass) * 1e3:8.3f} ms   = {(t_objects + t_pass) / (t_jieba / 4):.0%} of the target"
          f" ({t_jieba / 4 * 1e3:.2f} ms)")
    data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
    t_dumps = best_of(lambda: pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    t_loads = best_of(lambda: pickle.loads(data))
    print(f"pickle round trip {(t_dumps + t_loads) * 1e3:8.2f} ms   (dumps {t_dumps * 1e3:.2f} ms, loads {t_loads * 1e3:.2f} ms,"
          f" {len(data):,} bytes)")
    # the first call in a fresh process, after the imports: what one run on one document pays
    first = "import time,sys;{imp};t=open(sys.argv[1],encoding='utf-8').read();t0=time.perf_counter();{call};print(time.perf_counter()-t0)"
    src = str(ROOT / "corpus" / "source.txt")

    def cold(imp: str, call: str) -> float:
        runs = [float(subprocess.run([sys.executable, "-c", first.format(imp=imp, call=call), src], cwd=ROOT,
                                     capture_output=True, text=True, check=True).stdout) for _ in range(3)]
        return statistics.median(runs)

    c_parse = cold("from fengong import parser", "parser.parse(t)")
    c_jieba = cold("import jieba;jieba.setLogLevel(60)", "jieba.lcut(t)")
    print(f"first call in a fresh process: parse {c_parse * 1e3:.1f} ms, jieba {c_jieba * 1e3:.1f} ms"
          f" (dictionary load included): parse / jieba = 1/{c_jieba / c_parse:.1f}")


if __name__ == "__main__":
    main()
