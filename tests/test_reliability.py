"""The build under real conditions: a parse cache that cannot be turned against the user,
builds that survive leftovers of killed ones and a second build into the same folder, every
XML output well-formed, limits at the file-reading edge, and one-line errors where a
traceback used to be. Each case is listed with its test in docs/robustness.md; the kill and
disk-full tests are in ``tests/test_interrupted_build.py`` and ``tests/test_disk_full.py``.
"""

from __future__ import annotations

import io
import os
import pickle
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import make_inputs
from fengong import parser
from fengong.build import build
from fengong.parser import inputs
from fengong.parser.errors import InputError
from fengong.parser.inputs import read_document
from test_robustness import assert_one_line_error, fengong

ROOT = Path(__file__).resolve().parent.parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PLAN = "一、总体要求\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\n(二)加强考核(牵头单位:市委组织部)。\n"


def plans(folder: Path, n: int = 3) -> Path:
    """``n`` small plans in ``folder``, each with a title of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"plan{i}.txt").write_text(f"第{i}号工作方案\n" + PLAN.replace("做好", f"做好第{i}项"), encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file by name, but the store (not byte-stable) and what starts with a dot."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def cache_entries(folder: Path) -> list[Path]:
    return sorted((folder / ".fengong-cache").iterdir())


def cli_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    run = fengong("build", *args, "--workers", "1", cwd=cwd)
    return subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode("utf-8"),
                                       run.stderr.decode("utf-8"))


# ---------------------------------------------------------------------------------------------
# 1, 2: the parse cache


class _Payload:
    """What an attacker puts in the cache: unpickled, it runs a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_crafted_cache_entry_is_never_run(tmp_path):
    inputs_, out = plans(tmp_path / "in"), tmp_path / "out"
    assert cli_build(str(inputs_), "-o", str(out)).returncode == 0
    clean, good = outputs(out), {p.name: p.read_bytes() for p in cache_entries(out)}
    marker = tmp_path / "pwned"
    for entry in cache_entries(out):
        entry.write_bytes(pickle.dumps(_Payload(marker)))
    run = cli_build(str(inputs_), "-o", str(out))
    assert not marker.exists(), "the cache entry ran code"
    assert run.returncode == 0, run.stderr
    assert outputs(out) == clean
    # each entry is reported, parsed again and written back whole
    warnings = [line for line in run.stderr.splitlines() if "parsed again" in line]
    assert len(warnings) == len(good), run.stderr
    assert {p.name: p.read_bytes() for p in cache_entries(out)} == good


def test_an_entry_with_a_good_checksum_and_a_bad_model_is_parsed_again(tmp_path):
    """The checksum finds damage, not intent: an entry written to pass it is still read only
    as data, and one that is not a model is parsed again."""
    import hashlib
    import json

    inputs_, out = plans(tmp_path / "in", 1), tmp_path / "out"
    first = build([str(inputs_)], out, workers=1, graph=False)
    [entry] = cache_entries(out)
    good = entry.read_bytes()
    header = json.loads(good.split(b"\n", 1)[0])
    for body in (b'{"text": "x", "model": {"sections": "__import__(\'os\')"}}', b"[1, 2]", b"\x80\x04."):
        entry.write_bytes(json.dumps({**header, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)},
                                     separators=(",", ":")).encode() + b"\n" + body)
        report = build([str(inputs_)], out, workers=1, graph=False)
        assert report.outcomes[0].doc == first.outcomes[0].doc and not report.outcomes[0].cached
        assert [n for n in report.notes if "not a document" in n], report.notes
        assert entry.read_bytes() == good


def test_the_model_reads_back_from_its_json():
    from fengong.parser.export import from_json, to_json

    tables = ROOT / "tests" / "fixtures" / "tables"
    for path in [ROOT / "corpus" / "source.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt")),
                 tables / "plan.docx", tables / "prose_middle.html", tables / "plan.xlsx"]:
        doc = parser.parse_file(path)
        assert from_json(to_json(doc), doc.text) == doc, path.name
    assert doc.tables  # tables too, their merged cells covering every position they cover
    for bad in ("", "[]", '{"source": "a"}', '{"metadata": 1}'):
        with pytest.raises(InputError):
            from_json(bad, "")


def test_a_damaged_cache_entry_is_parsed_again_and_rewritten(tmp_path):
    inputs_, out = plans(tmp_path / "in", 1), tmp_path / "out"
    first = build([str(inputs_)], out, workers=1, graph=False)
    clean = outputs(out)
    [entry] = cache_entries(out)
    good = entry.read_bytes()
    rng = random.Random(19)
    for _ in range(12):  # one bit flipped anywhere in the entry
        damaged = bytearray(good)
        bit = rng.randrange(len(damaged) * 8)
        damaged[bit // 8] ^= 1 << (bit % 8)
        entry.write_bytes(bytes(damaged))
        report = build([str(inputs_)], out, workers=1, graph=False)
        assert [o.cached for o in report.outcomes] == [False], bit
        assert report.outcomes[0].doc == first.outcomes[0].doc, bit
        assert outputs(out) == clean, bit
        assert [n for n in report.notes if "parsed again" in n], bit
        assert entry.read_bytes() == good, bit
    assert build([str(inputs_)], out, workers=1, graph=False).outcomes[0].cached


def test_a_cache_that_cannot_be_written_does_not_drop_the_document(tmp_path):
    """A failed cache write (a full disk, a file where the cache folder goes) is a warning:
    the document was read and parsed, and is built."""
    inputs_, out = plans(tmp_path / "in", 1), tmp_path / "out"
    out.mkdir()
    (out / ".fengong-cache").write_text("not a folder")
    run = cli_build(str(inputs_), "-o", str(out), "--rdf", "")
    assert run.returncode == 0, run.stderr
    assert "cannot read file" not in run.stderr
    assert [line for line in run.stderr.splitlines() if "parse cache" in line and "plan0.txt" in line], run.stderr
    assert (out / "plan0.json").exists()


# ---------------------------------------------------------------------------------------------
# 3, 4: leftovers of killed builds, temporary files, a second build into the same folder


def test_leftovers_of_a_killed_build_are_removed_and_the_build_runs(tmp_path):
    inputs_, out = plans(tmp_path / "in"), tmp_path / "out"
    assert cli_build(str(inputs_), "-o", str(out)).returncode == 0
    clean = outputs(out)
    # what builds killed at various moments leave: a store being loaded, the store it was
    # replacing, the N-Quads of worker processes, half an atomic write here and in the cache
    (out / ".corpus.oxigraph.k2j3_x.tmp").mkdir()
    (out / ".corpus.oxigraph.k2j3_x.tmp" / "000001.sst").write_bytes(b"x" * 100)
    (out / ".corpus.oxigraph.old.tmp").mkdir()
    (out / ".fengong-nquads-abc.tmp").mkdir()
    (out / ".fengong-nquads-abc.tmp" / "part-1234").write_bytes(b"<a> <b> <c> <d> .\n")
    (out / ".corpus.nq.8ab_c2.tmp").write_bytes(b"half")
    (out / ".fengong-cache" / ".0123.json.x1y2.tmp").write_bytes(b"half")
    run = cli_build(str(inputs_), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert outputs(out) == clean
    assert not [p for p in out.rglob("*.tmp")]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".fengong-cache"]


def test_temporary_files_of_a_build_live_in_its_output_folder(tmp_path, monkeypatch):
    log = tmp_path / "made"  # written by worker processes too: a line per file or folder made
    real_mkdtemp, real_mkstemp = tempfile.mkdtemp, tempfile.mkstemp

    def record(kind: str, path: str) -> None:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{kind} {path}\n")

    def mkdtemp(*args, **kwargs):
        path = real_mkdtemp(*args, **kwargs)
        record("folder", path)
        return path

    def mkstemp(*args, **kwargs):
        result = real_mkstemp(*args, **kwargs)
        record("file", result[1])
        return result

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    out = tmp_path / "out"
    inputs_ = plans(tmp_path / "in", 4)
    # an old Word file, which LibreOffice converts in a temporary folder holding a copy of it
    shutil.copy(ROOT / "tests" / "fixtures" / "tables" / "plan.doc", inputs_ / "plan9.doc")
    system = tempfile.gettempdir()
    report = build([str(inputs_)], out, workers=2)  # workers: documents parsed and N-Quads written in forks
    assert not report.failed
    made = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    folders = [Path(path).name for kind, path in made if kind == "folder"]
    assert [n for n in folders if "soffice" in n] and [n for n in folders if n.startswith(".corpus.nq.")], folders
    assert [path for _, path in made if not Path(path).is_relative_to(out)] == []
    assert tempfile.gettempdir() == system  # as it was before the build


def holding(build: subprocess.Popen, out: Path) -> None:
    """Stop ``build`` at a moment it holds ``out``: its scratch folder, made after the lock
    is taken and removed before it is let go, is there before the stop and after it. A build
    stopped this way keeps the folder for as long as the caller needs; however fast it runs,
    the caller never meets it already done."""
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        if list(out.glob(".fengong-scratch.*")):
            build.send_signal(signal.SIGSTOP)
            if list(out.glob(".fengong-scratch.*")):
                return
            build.send_signal(signal.SIGCONT)  # it let the folder go in between
        time.sleep(0.002)
    raise AssertionError("the first build ended before a second could start")


def test_a_second_build_into_the_same_folder_exits_with_a_message(tmp_path):
    inputs_, out = plans(tmp_path / "in", 6), tmp_path / "out"
    clean = tmp_path / "clean"
    assert cli_build(str(inputs_), "-o", str(clean)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([sys.executable, "-m", "fengong", "build", str(inputs_), "-o", str(out), "--workers", "1"],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        holding(first, out)
        second = fengong("build", str(inputs_), "-o", str(out), "--workers", "1")
    finally:
        first.send_signal(signal.SIGCONT)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    err = assert_one_line_error(second, out)
    assert f"another build is writing to {out}" in err
    assert outputs(out) == outputs(clean)


# ---------------------------------------------------------------------------------------------
# 5: XML 1.0 in every XML output


XML_FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff"


def test_gexf_and_graphml_are_well_formed_whatever_the_text(tmp_path):
    from fengong.graph.build import to_networkx
    from fengong.graph.export import write_graph_outputs

    text = "一、总体要求\n(一)做好\x0c工作\x1b[2J(牵头单位:市发改委)。\n(二)加强\x00考核\ufffe(牵头单位:市\x01财政局)。\n"
    doc = parser.parse(text, source="a\udcb7.txt")  # a file name that is not UTF-8, as Python reads it
    for path in write_graph_outputs(to_networkx([doc], ["a"]), tmp_path, "a")[2:]:
        root = ElementTree.parse(path).getroot()  # expat: well-formed XML 1.0 or an exception
        values = [v for e in root.iter() for v in (e.text or "", *e.attrib.values())]
        assert not [v for v in values if any(c in XML_FORBIDDEN or "\ud800" <= c <= "\udfff" for c in v)], path.name
        assert any("做好\ufffd工作\ufffd[2J" in v for v in values), path.name  # one character for one


def test_a_nul_byte_anywhere_in_a_file_is_found(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode() + "说明文字。\n".encode() * 1000 + b"\x00" + "后面。\n".encode())
    assert path.stat().st_size > 8192
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "NUL" in str(err.value) and "plan.txt" in str(err.value)


# ---------------------------------------------------------------------------------------------
# 6: limits at the reading edge, in build as in parse


def test_build_refuses_a_text_over_the_limit_as_parse_does(tmp_path, monkeypatch):
    folder = plans(tmp_path / "in", 2)
    long = folder / "plan1.txt"
    long.write_text(long.read_text(encoding="utf-8") + "附件:任务清单。\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "MAX_TEXT_CHARS", len(long.read_text(encoding="utf-8")) - 1)
    report = build([str(folder)], tmp_path / "out", workers=1, graph=False)
    assert [o.path.name for o in report.failed] == ["plan1.txt"]
    assert "characters, more than the" in report.failed[0].error
    with pytest.raises(InputError):
        parser.parse_file(long)


def test_build_refuses_a_file_over_the_size_limit(tmp_path):
    folder = plans(tmp_path / "in", 1)
    with (folder / "huge.txt").open("wb") as f:  # sparse: takes no disk
        f.truncate(inputs.MAX_FILE_BYTES + 1)
    report = build([str(folder)], tmp_path / "out", workers=1, graph=False)
    assert [(o.path.name, "more than the 268,435,456" in o.error) for o in report.failed] == [("huge.txt", True)]


def test_build_refuses_a_fifo_or_a_device_with_a_message(tmp_path):
    folder = plans(tmp_path / "in", 1)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    run = cli_build(str(folder / "plan0.txt"), str(folder / "pipe.txt"), str(folder / "zero.txt"), "-o",
                    str(tmp_path / "out"), "--rdf", "")
    assert run.returncode == 1, run.stderr
    assert f"{folder / 'pipe.txt'}: not a regular file (a FIFO)" in run.stderr
    assert f"{folder / 'zero.txt'}: not a regular file (a character device)" in run.stderr
    assert "2 of 3 documents failed" in run.stderr
    # a folder's FIFO is not passed over in silence either
    run = cli_build(str(folder), "-o", str(tmp_path / "out2"), "--rdf", "")
    assert run.returncode == 1 and "pipe.txt: not a regular file" in run.stderr, run.stderr


def _limited(memory: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return limit


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_parse_of_a_link_to_a_device_is_a_one_line_error(tmp_path, target):
    path = tmp_path / "plan.txt"
    path.symlink_to(target)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "fengong", "parse", str(path)], cwd=ROOT, env=env,
                         capture_output=True, timeout=120, preexec_fn=_limited(2 << 30))
    err = assert_one_line_error(run, path)
    assert "not a regular file (a character device)" in err


def test_a_file_is_read_no_further_than_the_limit_whatever_size_it_reports(tmp_path, monkeypatch):
    """The size a file reports is not trusted: a file in /proc reports 0 bytes and holds more."""
    path = tmp_path / "maps.txt"
    path.symlink_to("/proc/self/maps")
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 1000)
    assert os.stat(path).st_size == 0 and len(Path("/proc/self/maps").read_bytes()) > 1000
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "more than the 1,000" in str(err.value)


# ---------------------------------------------------------------------------------------------
# 7: memory per input byte


def _docx_with_document_part(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def test_a_docx_that_unpacks_to_far_more_than_it_packs_is_refused(tmp_path):
    body = b"<w:p><w:r><w:t>" + "做好工作".encode() + b"</w:t></w:r></w:p>"
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + b" " * (20 << 20) + body + b"</w:body></w:document>")
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_with_document_part(xml))
    assert path.stat().st_size < 100_000 and len(xml) < inputs.MAX_FILE_BYTES
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "word/document.xml unpacks to" in str(err.value) and "times" in str(err.value)
    # a real Word document is far under the ratio
    real = tmp_path / "plan.docx"
    stored = make_inputs.docx([("做好工作(牵头单位:市发改委)。" * 20, 0)] * 200)
    with zipfile.ZipFile(io.BytesIO(stored)) as src, zipfile.ZipFile(real, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    assert read_document(real)


def dense_plan(n_bytes: int) -> str:
    """Plan text as dense with annotations as plans get: every line a numbered item with a lead
    and two responsible units, a new top-level section every 999 items; over ``n_bytes`` bytes."""
    units = ["市发改委", "市财政局", "市科技局", "市委组织部", "市住建局", "各县市区人民政府"]
    lines, size, i = ["一、任务\n"], 0, 0
    while size < n_bytes:
        line = (f"({i % 999 + 1})做好第{i}项工作(牵头单位:{units[i % 6]};"
                f"责任单位:{units[(i + 1) % 6]}、{units[(i + 2) % 6]})。\n")
        if i % 999 == 998:
            line += f"{'二三四五六七八九'[i // 999 % 8]}、任务\n"
        lines.append(line)
        size += len(line.encode())
        i += 1
    return "".join(lines)


#: the model of the densest plan text, measured: 44 bytes of memory per character
MODEL_BYTES_PER_CHAR = 64


def test_the_model_takes_a_bounded_memory_per_character():
    import tracemalloc

    text = dense_plan(1_000_000)
    parser.parse(text[:2000])  # the dialect and the character tables loaded
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        doc = parser.parse(text)
        model = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(doc.assignments) >= 3 * len(doc.tasks) > 20_000
    assert model < MODEL_BYTES_PER_CHAR * len(text), f"{model / len(text):.1f} bytes per character"


def test_a_documents_outputs_are_written_in_little_more_memory_than_its_model(tmp_path, monkeypatch):
    """Its JSON (twelve times the size of the input) and its table are written a batch at a
    time: the build holds the model, the input and one batch, never the whole JSON text or the
    plain data of the model (which took about 130 bytes per byte of input)."""
    import tracemalloc

    import fengong.graph.build  # noqa: F401 - imported by the build: its modules are not the document's

    path = tmp_path / "dense.txt"
    path.write_text(dense_plan(1_000_000), encoding="utf-8")
    doc = parser.parse_file(path)
    monkeypatch.setattr(parser, "parse", lambda text, **kwargs: doc)  # the model is there already
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        build([str(path)], tmp_path / "out", workers=1, cache=False, graph=False)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    size = path.stat().st_size
    assert (tmp_path / "out" / "dense.json").stat().st_size > 10 * size
    assert peak < 10 * size, f"{peak / size:.1f} bytes per byte of input"  # measured: 4


def test_a_docx_whose_numbering_multiplies_its_text_is_refused_as_it_grows(tmp_path):
    """A numbering label of 100,000 characters on each of 100,000 paragraphs would be ten
    billion characters from a file of a few MB: refused once the text passes the limit, in
    bounded memory and time."""
    label = "一" * 100_000
    paragraphs = "".join(f'<w:p w:rsidR="{i * 7919 % 10**8:08X}"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                         f"</w:numPr></w:pPr><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(100_000))
    parts = {
        "word/document.xml": f"<w:document {W}><w:body>{paragraphs}</w:body></w:document>",
        "word/numbering.xml": (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                               f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{label}%1"/></w:lvl></w:abstractNum>'
                               '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'),
    }
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    assert path.stat().st_size < 5_000_000
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "fengong", "parse", str(path)], cwd=ROOT, env=env, capture_output=True,
                         timeout=300, preexec_fn=_limited(3 << 30))
    err = assert_one_line_error(run, path)
    assert "characters, more than the 20,000,000" in err


# ---------------------------------------------------------------------------------------------
# 8: one-line errors where there were tracebacks


def _docx_parts(**parts: str) -> bytes:
    """make_inputs' three-level .docx, with the named parts (numbering, styles, document) replaced."""
    stored = make_inputs.docx([("总体要求", 0), ("做好工作(牵头单位:市发改委)。", 1)])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(stored)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        for part, xml in parts.items():
            if f"word/{part}.xml" not in src.namelist():
                dst.writestr(f"word/{part}.xml", xml)
    return out.getvalue()


def _replace(data: bytes, part: str, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            dst.writestr(name, content.replace(old.encode(), new.encode()) if name == f"word/{part}.xml" else content)
    return out.getvalue()


STYLES = (f'<w:styles {W}><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="x"/>'
          "</w:numPr></w:pPr></w:style></w:styles>")


@pytest.mark.parametrize("case", ["numbering-ilvl", "numbering-start", "numbering-xml", "styles-ilvl", "document-ilvl",
                                  "deep-ilvl", "huge-start", "negative-start"])
def test_a_docx_with_malformed_numbering_or_styles_is_a_one_line_error(tmp_path, case):
    data = _docx_parts()
    if case == "numbering-ilvl":
        data = _replace(data, "numbering", 'w:ilvl="1"', 'w:ilvl="x"')
    elif case == "numbering-start":
        data = _replace(data, "numbering", '<w:start w:val="1"/>', '<w:start w:val="one"/>')
    elif case == "numbering-xml":
        data = _replace(data, "numbering", "</w:numbering>", "")
    elif case == "styles-ilvl":
        data = _docx_parts(styles=STYLES)
    elif case == "document-ilvl":
        data = _replace(data, "document", 'w:ilvl w:val="1"', 'w:ilvl w:val="-"')
    elif case == "deep-ilvl":  # a level Word does not have, defined and used
        data = _replace(_replace(data, "numbering", 'w:ilvl="2"', 'w:ilvl="12"'), "document", 'w:ilvl w:val="1"',
                        'w:ilvl w:val="12"')
    elif case == "huge-start":  # roman numerals of a number that large would be terabytes of x
        data = _replace(_replace(data, "numbering", '<w:start w:val="1"/>', '<w:start w:val="1000000000000"/>'),
                        "numbering", 'w:val="chineseCounting"', 'w:val="lowerRoman"')
    else:
        data = _replace(data, "numbering", '<w:start w:val="1"/>', '<w:start w:val="-15"/>')
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    try:
        text = read_document(path)
    except InputError as exc:  # a part that cannot be read: named in one line
        assert "plan.docx" in str(exc)
        err = assert_one_line_error(fengong("parse", str(path)), path)
        assert "word/" in err, err
    else:  # read: a level Word does not number is not numbered, a number no list has is written as it is
        assert case in ("deep-ilvl", "huge-start", "negative-start"), case
        assert "做好工作(牵头单位:市发改委)。" in text
        assert len(text) < 200


def test_a_file_name_that_is_not_utf8_builds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode("分工".encode("gbk") + b".txt")  # a GBK name unpacked on Linux
    (folder / name).write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    run = cli_build(str(folder / name), "-o", str(out))
    assert run.returncode == 0, run.stderr
    for path in out.iterdir():
        if path.is_file() and path.suffix in (".json", ".csv", ".txt", ".nq", ".ttl", ".gexf", ".graphml", ".html"):
            path.read_bytes().decode("utf-8")  # every output is UTF-8
    summary = next(out.glob("*.summary.csv")).read_text(encoding="utf-8-sig")
    # 分 and 工 in GBK are B7 D6 B9 A4, of which D6 B9 happen to be UTF-8 (U+05B9): the others as escapes
    assert f"{folder}/\\udcb7\u05b9\\udca4.txt," in summary
    view = fengong("view", str(folder / name), "-o", str(tmp_path / "view.html"))
    assert view.returncode == 0, view.stderr.decode()
    assert "\\udcb7".encode() in (tmp_path / "view.html").read_bytes()


# ---------------------------------------------------------------------------------------------
# 9: UTF-16 without a BOM, the store's permissions, the path as spelt


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode(encoding))
    assert read_document(path) == PLAN


def test_binary_data_is_not_read_as_utf16(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        read_document(path)


def test_the_store_is_as_readable_as_every_other_output(tmp_path):
    out = tmp_path / "out"
    build([str(plans(tmp_path / "in", 1))], out, workers=1)
    mask = os.umask(0)
    os.umask(mask)
    store = out / "plan0.oxigraph"
    assert stat.S_IMODE(store.stat().st_mode) == 0o777 & ~mask
    assert stat.S_IMODE((out / "plan0.json").stat().st_mode) == 0o666 & ~mask


def test_outputs_do_not_depend_on_how_the_input_path_is_spelt(tmp_path):
    folder = plans(tmp_path / "in", 2)
    spellings = [["in"], [str(folder)], ["./in/"], [f"{folder}/../in"], ["in/plan0.txt", "in/plan1.txt"],
                 ["in/*.txt"]]
    built = []
    for i, spelling in enumerate(spellings):
        run = cli_build(*spelling, "-o", f"out{i}", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        built.append(outputs(tmp_path / f"out{i}"))
    assert all(b == built[0] for b in built[1:])
    assert b"in/plan0.txt" in built[0]["corpus.summary.csv"]
