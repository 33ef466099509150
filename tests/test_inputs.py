"""Reading the files government sites publish: text in several encodings, Word, web pages, PDF."""

from __future__ import annotations

import io
import zipfile

import pytest

import make_inputs
from fengong import parser
from fengong.parser import inputs
from fengong.parser.errors import InputError
from fengong.parser.inputs import read_document

PLAN = "一、总体要求\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\n"


def units(doc):
    return [(a.role, a.unit) for a in doc.assignments]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", PLAN.encode("utf-8")),
        ("utf8-bom.txt", b"\xef\xbb\xbf" + PLAN.encode("utf-8")),
        ("utf16.txt", PLAN.encode("utf-16")),  # with its BOM
        ("gb18030.txt", PLAN.encode("gb18030")),
        ("gbk.txt", PLAN.encode("gbk")),
        ("gb2312.txt", PLAN.encode("gb2312")),
    ],
)
def test_text_encodings_are_detected(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_document(path) == PLAN
    assert units(parser.parse_file(path)) == [("lead", "市发改委"), ("responsible", "市财政局")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "looks like a PNG image"),
        (b"PK\x03\x04" + bytes(100), "looks like a ZIP archive"),
        (b"\x00\x01\x02" * 100, "NUL bytes"),
    ],
)
def test_not_text_is_a_clear_error_naming_the_file(tmp_path, data, message):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_invalid_utf8_mid_file_names_the_byte_offset(tmp_path):
    data = PLAN.encode() + b"\xff\xfe" + "后面的文字".encode()
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.byte_offset == len(PLAN.encode())
    assert f"(byte {len(PLAN.encode())})" in str(err.value)


def test_docx_recovers_word_automatic_numbering(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(make_inputs.docx([
        ("总体要求", 0), ("做好工作(牵头单位:市发改委)。", 1), ("细化任务(责任单位:市财政局)。", 2),
        ("第二部分", 0), ("加强考核(牵头单位:市委组织部)。", 1), ("说明文字", None),
    ]))
    text = read_document(path)
    assert text.splitlines() == ["一、总体要求", "（一）做好工作(牵头单位:市发改委)。", "1.细化任务(责任单位:市财政局)。",
                                 "二、第二部分", "（一）加强考核(牵头单位:市委组织部)。", "说明文字"]
    doc = parser.parse_file(path)
    assert [s.path for s in doc.sections] == ["1", "1.1", "1.1.1", "2", "2.1"]
    assert units(doc) == [("lead", "市发改委"), ("responsible", "市财政局"), ("lead", "市委组织部")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_inputs.docx([("甲", 0)])[:200], "not a readable .docx"),
        (make_inputs.pdf(["一、总体要求"]), "looks like a PDF document"),
    ],
)
def test_broken_docx_is_a_clear_error(tmp_path, data, message):
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert message in str(err.value) and "plan.docx" in str(err.value)


def test_a_file_too_large_to_be_a_document_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "plan.txt"
    with path.open("wb") as f:  # sparse: takes no disk, but stat() sees its size
        f.truncate(inputs.MAX_FILE_BYTES + 1)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "268,435,457 bytes, more than the 268,435,456 (256 MB)" in str(err.value) and "plan.txt" in str(err.value)


def test_a_docx_part_unpacking_to_too_much_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "plan.docx"
    stored = make_inputs.docx([("做好工作(牵头单位:市发改委)。" * 200, 0)])
    with zipfile.ZipFile(io.BytesIO(stored)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():  # compressed, as Word writes it
            out.writestr(name, src.read(name))
    assert read_document(path)  # readable under the real limit
    # a limit the file is under and its document part, unpacked, over
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", path.stat().st_size + 1)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "word/document.xml unpacks to" in str(err.value) and "plan.docx" in str(err.value)


def test_a_text_too_long_to_be_one_document_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN * 10, encoding="utf-8")
    monkeypatch.setattr(inputs, "MAX_TEXT_CHARS", len(PLAN) * 10 - 1)
    with pytest.raises(InputError) as err:
        parser.parse_file(path)
    assert f"{len(PLAN) * 10:,} characters" in str(err.value) and "plan.txt" in str(err.value)


PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>荆门市人民政府</title>
<script>var nav = "一、不是正文(牵头单位:脚本)";</script><style>p{color:red}</style></head>
<body><div class="top-nav"><a href="/">首页</a> 一、 导航栏(牵头单位:导航)</div>
<div class="article"><p>一、总体要求</p><p>（一）做好工作（牵头单位：市发改委；责任单位：市财政局）。</p>
<p>&nbsp;二、加强&lt;考核&gt;</p></div><div id="footer">版权所有 (牵头单位:页脚)</div></body></html>"""


def test_html_page_keeps_the_article_and_drops_navigation_and_scripts(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(PAGE.encode("gb18030"))
    text = read_document(path)
    assert text.splitlines() == ["荆门市人民政府", "一、总体要求", "（一）做好工作（牵头单位：市发改委；责任单位：市财政局）。",
                                 "二、加强<考核>"]
    assert units(parser.parse_file(path)) == [("lead", "市发改委"), ("responsible", "市财政局")]


def test_pdf_text_layer_is_read(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_inputs.pdf(["一、总体要求", "(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。"]))
    assert read_document(path) == PLAN
    assert units(parser.parse_file(path)) == [("lead", "市发改委"), ("responsible", "市财政局")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_inputs.pdf_without_text(), "no text layer"),
        (make_inputs.pdf_unmapped_glyphs(), "unmapped glyph codes"),
        (b"%PDF-1.4\n garbage", "not a readable PDF"),
        (PLAN.encode(), "not a PDF file"),
    ],
)
def test_pdf_without_usable_text_is_a_clear_error(tmp_path, data, message):
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert message in str(err.value) and "scan.pdf" in str(err.value)
