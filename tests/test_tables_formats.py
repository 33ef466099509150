"""One plan table in every format a researcher receives: the same reading from each.

The fixtures in tests/fixtures/tables/ are built by build_fixtures.py (python-docx, openpyxl,
Chromium for the PDF, LibreOffice for .xls, .ods and .doc); the .doc, .wps and .et are read
through LibreOffice, for real. The plan's hand reading (plan.expected.json) is checked with the
acceptance helpers of tests/corpus/, and every other format must read as the text copy does.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fengong import parser
from fengong.build import build
from fengong.parser import inputs
from fengong.parser.errors import InputError
from fengong.parser.readers import office, sheets
from model_checks import check_document
from test_corpus_readings import (
    assignments_expected,
    assignments_read,
    metadata_read,
    sections_expected,
    sections_read,
)

HERE = Path(__file__).resolve().parent
TABLES = HERE / "fixtures" / "tables"
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "corpus"))
sys.path.insert(0, str(TABLES))
import build_fixtures  # noqa: E402
import check_expected  # noqa: E402

#: the suffixes of the fixtures (``aligned.pdf``: the PDF printed without table lines)
FORMATS = ["txt", "docx", "html", "xlsx", "xls", "ods", "pdf", "aligned.pdf", "doc", "wps", "et"]
EXPECTED = json.loads((TABLES / "plan.expected.json").read_text(encoding="utf-8"))


def reading(doc) -> dict:
    """What must not depend on the format: sections, tasks, and (section, role, unit) mentions."""
    return {
        "sections": sections_read(doc),
        "tasks": [(t.id, t.section, "".join(t.text.split())) for t in doc.tasks],
        "mentions": [(a.section, a.role, a.unit) for a in doc.assignments if a.role != "prose"],
        "persons": [(t.id, [p.value for p in t.annotation.persons]) for t in doc.tasks],
        "deadlines": [(t.id, [d.text for d in t.annotation.deadlines]) for t in doc.tasks],
    }


@pytest.fixture(scope="module")
def docs():
    return {fmt: parser.parse_file(TABLES / f"plan.{fmt}") for fmt in FORMATS}


def test_the_hand_reading_is_consistent_with_its_text():
    assert check_expected.check(TABLES / "plan.expected.json") == []


def test_the_text_copy_reads_as_the_hand_reading(docs):
    doc = docs["txt"]
    assert sections_read(doc) == sections_expected(EXPECTED)
    assert assignments_read(doc) == assignments_expected(EXPECTED)
    assert metadata_read(doc) == EXPECTED["metadata"]
    assert not [d for d in doc.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_every_format_reads_as_the_text_copy(docs, fmt):
    assert reading(docs[fmt]) == reading(docs["txt"])
    assert [(d.code, d.message) for d in docs[fmt].diagnostics] == [(d.code, d.message) for d in docs["txt"].diagnostics]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_offset_points_at_what_was_read(docs, fmt):
    doc = docs[fmt]
    check_document(doc, doc.text)
    assert doc.tables, "the table was read as a table"
    for table in doc.tables:
        assert doc.text[table.start:table.end] == "\n".join(row.value for row in table.rows)
        for r, (row, cells) in enumerate(zip(table.rows, table.grid)):
            assert doc.text[row.start:row.end] == row.value and row.value.count("\t") <= table.width - 1
            assert len(cells) == table.width
            for c, cell in enumerate(cells):
                assert doc.text[cell.start:cell.end] == cell.text
                assert cell.row <= r < cell.row + cell.rowspan and cell.col <= c < cell.col + cell.colspan
    for t in doc.tasks:
        ann = t.annotation
        assert doc.text[ann.start:ann.end] == ann.text
        for p in (*ann.persons, ):
            assert doc.text[p.start:p.end] == p.value
        for d in ann.deadlines:
            assert doc.text[d.start:d.end] == d.text


def test_a_merged_cell_is_one_cell_and_each_row_points_at_it(docs):
    """The lead cell merged down over 1.1 and 1.2: both rows' leads point at its characters;
    the category row merged across is one cell spanning the table."""
    for fmt in ("docx", "html", "xlsx", "xls", "ods", "pdf", "doc"):
        doc = docs[fmt]
        leads = [a for a in doc.assignments if a.unit == "市发改委"]
        assert [a.section for a in leads] == ["1.1", "1.2"] and leads[0].start == leads[1].start, fmt
        table = doc.tables[0]
        lead = next(c for row in table.grid for c in row if c.text == "市发改委")
        assert (lead.rowspan, lead.colspan) == (2, 1), fmt
        category = next(c for row in table.grid for c in row if c.text == "一、扩大有效投资")
        assert category.colspan == table.width, fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_saved_text_reads_the_same_as_the_file(tmp_path, docs, fmt):
    """``fengong build`` saves the text every offset points into; parsed again as a text copy
    (the tables found in it by their tabs), it gives the same reading."""
    report = build([str(TABLES / f"plan.{fmt}")], tmp_path, workers=1, timeout=None, cache=False, graph=False)
    assert not report.failed
    (saved_path,) = tmp_path.glob("*.txt")
    saved = saved_path.read_text(encoding="utf-8")
    assert saved == docs[fmt].text
    assert reading(parser.parse(saved)) == reading(docs[fmt])


def test_the_fixture_builder_still_makes_what_is_read(tmp_path, docs):
    """The committed fixtures are what build_fixtures.py makes, with Chromium and LibreOffice."""
    build_fixtures.build(tmp_path)
    for fmt in FORMATS:
        assert reading(parser.parse_file(tmp_path / f"plan.{fmt}")) == reading(docs[fmt]), fmt


# ---------------------------------------------------------------------------------------------
# the readers' limits and errors


def test_without_libreoffice_an_old_word_file_is_a_one_line_error_saying_what_to_install(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path), "PYTHONPATH": str(ROOT)}  # no soffice on the PATH
    run = subprocess.run([sys.executable, "-m", "fengong", "parse", str(TABLES / "plan.doc")], capture_output=True,
                         env=env)
    err = run.stderr.decode()
    assert run.returncode == 2 and err.count("\n") == 1 and "plan.doc" in err, err
    assert "LibreOffice is needed" in err and "apt-get install libreoffice-writer-nogui" in err


def test_a_conversion_that_takes_too_long_is_stopped():
    with pytest.raises(InputError) as err:
        office.convert((TABLES / "plan.doc").read_bytes(), "slow.doc", ".doc", timeout=0.001)
    assert "did not convert the .doc file within" in str(err.value) and "slow.doc" in str(err.value)


def test_a_damaged_old_word_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(InputError) as err:
        inputs.read_source(path)
    assert "broken.doc" in str(err.value) and "LibreOffice could not convert" in str(err.value)


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.xls", "plan.ods"])
def test_a_broken_spreadsheet_is_a_clear_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes((TABLES / name).read_bytes()[:300])
    with pytest.raises(InputError) as err:
        inputs.read_source(path)
    assert name in str(err.value) and "not a readable spreadsheet" in str(err.value)


def test_a_spreadsheet_unpacking_to_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 20_000)
    with pytest.raises(InputError) as err:
        inputs.read_source(TABLES / "plan.xlsx")
    assert "unpacks to" in str(err.value) and "plan.xlsx" in str(err.value)


def test_a_sheet_too_large_to_be_a_plan_is_refused_before_it_is_laid_out(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_CELLS", 20)
    with pytest.raises(InputError) as err:
        inputs.read_source(TABLES / "plan.xlsx")
    assert "spans 9 × 6 cells, more than the 20" in str(err.value)


def test_numbers_stored_as_floats_and_dates_stored_as_serials_read_as_written(docs):
    text = docs["xlsx"].text
    assert "\n1\t加快推进" in text and "1.0" not in text  # the 序号 1 was stored as 1.0
    assert "2021年1月25日" in text  # a date cell of the second sheet (a serial in the file)


def test_merged_ranges_read_without_calamine_agree_with_it():
    """openpyxl (for an .xlsx) and the ODF spans (for an .ods) give the ranges calamine gives."""
    from python_calamine import CalamineWorkbook

    want = CalamineWorkbook.from_path(str(TABLES / "plan.xlsx")).get_sheet_by_index(0).merged_cell_ranges
    assert sorted(sheets._xlsx_merges((TABLES / "plan.xlsx").read_bytes())["任务分解表"]) == sorted(want)
    assert sorted(sheets._ods_merges((TABLES / "plan.ods").read_bytes())["任务分解表"]) == sorted(want)


DOCTYPE = ('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "AAAAAAAAAA">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def _with_entities(name: str, member: str, anchor: str) -> bytes:
    """The fixture ``name`` with a DOCTYPE declaring an external and a nested entity in its
    part ``member``, the entities used right after ``anchor``."""
    out = io.BytesIO()
    with zipfile.ZipFile(TABLES / name) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                text = data.decode("utf-8")
                head = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:head] + DOCTYPE + text[head:].replace(anchor, anchor + "&xxe;&c;", 1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(("name", "member", "anchor"), [
    ("plan.xlsx", "xl/worksheets/sheet1.xml", "&#24207;&#21495;"),
    ("plan.ods", "content.xml", "序号"),
    ("plan.docx", "word/document.xml", "附件"),
])
def test_entities_in_a_spreadsheet_or_word_file_are_never_expanded(tmp_path, name, member, anchor):
    """XXE and entity expansion: an external entity is never fetched, a nested one never
    expanded; the file is refused, or read without them."""
    path = tmp_path / name
    path.write_bytes(_with_entities(name, member, anchor))
    try:
        text = inputs.read_source(path).text
    except InputError as err:
        assert name in str(err)
    else:
        assert "root:" not in text and "AAAAAAAAAA" not in text
