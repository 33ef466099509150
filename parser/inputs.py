"""Reading a document file into plain text and its tables: .txt in any of the usual encodings,
.docx (with Word's automatic numbering recovered), .html/.htm as saved from government
websites, .pdf with a text layer, spreadsheets (.xlsx, .xls, .ods), and the old binary
.doc/.wps/.et through LibreOffice.

Every reader returns a :class:`~fengong.parser.readers.layout.Source`: the plain text the
parser reads, in which a table is one line per row with a tab between cells, and the tables
as rows of cells that are spans of that text; all offsets refer to that text, which
``fengong build`` saves beside its outputs. What cannot be read raises :class:`InputError`
naming the file (and, for decoding, the byte offset).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from .errors import InputError
from .files import check_archive_member, check_text_length, read_regular_file, too_big, utf16_without_bom
from .readers.layout import RawCell, Source, TableBlock, assemble
from .readers.office import CONVERSIONS, convert
from .readers.pdf import pdf_blocks, quiet_pdfminer, radicals_as_ideographs
from .readers.sheets import sheet_blocks

__all__ = ["read_document", "read_source", "read_bytes", "read_input", "Source", "decode_text", "READERS",
           "sniff_binary", "MAX_FILE_BYTES", "MAX_TEXT_CHARS"]

#: the largest file (or part of a .docx, unpacked) read: a plan is rarely over a few MB, and
#: a file a hundred times that is a wrong file or an archive built to exhaust memory
MAX_FILE_BYTES = 256 * 2**20
#: the longest text parsed, in characters (the main document has 10,862)
MAX_TEXT_CHARS = 20_000_000


def _too_big(size: int, what: str) -> str:
    return too_big(size, what, MAX_FILE_BYTES)

#: magic numbers of formats that are not text, with a name for the error message
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or similar?)"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (OLE) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)


def sniff_binary(data: bytes) -> str | None:
    """What a file that is not text looks like, or ``None`` when it may be text.

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff_binary("一、总体要求".encode())
    ('a PNG image', None)
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and utf16_without_bom(data) is None:
        return "binary data (it holds NUL bytes)"
    return None


_CJK_UTF8 = re.compile(rb"[\xe3-\xe9][\x80-\xbf]{2}")


def decode_text(data: bytes, path: str) -> str:
    """Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or
    GB18030 (which covers GBK and GB2312). Invalid UTF-8 in a file that is otherwise UTF-8
    is an error naming the byte offset, not a reason to guess another encoding.

    >>> decode_text("牵头单位".encode("gbk"), "x.txt")
    '牵头单位'
    >>> decode_text(b"\\xef\\xbb\\xbf" + "市发改委".encode(), "x.txt")
    '市发改委'
    """
    what = sniff_binary(data)
    if what is not None:
        raise InputError(f"not a text file: it looks like {what}", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data[3:], path, offset=3)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 text: cannot decode at byte {exc.start}", path=path,
                             byte_offset=exc.start) from None
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # mostly UTF-8 with a bad byte: report it where it is
    if len(_CJK_UTF8.findall(data, 0, utf8_error.start)) >= 4:
        _utf8(data, path)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise InputError(
        f"not text in UTF-8, UTF-16 or GB18030: cannot decode byte 0x{data[utf8_error.start]:02x}",
        path=path, byte_offset=utf8_error.start,
    )


def _utf8(data: bytes, path: str, offset: int = 0) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8: cannot decode byte 0x{data[exc.start]:02x}", path=path,
                         byte_offset=exc.start + offset) from None


def read_txt(data: bytes, path: str) -> Source:
    """A plain-text file in UTF-8, UTF-16 (BOM) or GB18030 (its tables, tab-separated or
    laid out with spaces, are found by the parser, which knows the header words)."""
    return Source(decode_text(data, path))


# ---------------------------------------------------------------------------------------------
# .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"


def _chinese_counting(n: int) -> str:
    """一 … 九十九 as Word's chineseCounting writes them.

    >>> [_chinese_counting(n) for n in (1, 10, 11, 20, 35)]
    ['一', '十', '十一', '二十', '三十五']
    """
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _format_number(n: int, fmt: str) -> str:
    if n < 0 or n > 3999 and fmt in ("lowerRoman", "upperRoman"):  # a start no real list has: as it is
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return _chinese_counting(n) if n < 100 else str(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = "".join(s * c for s, c in zip(("x", "ix", "v", "iv", "i"), _roman(n)))
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _roman(n: int) -> tuple[int, ...]:
    out = []
    for value in (10, 9, 5, 4, 1):
        out.append(n // value)
        n %= value
    return tuple(out)


def _xml(data: bytes, part: str) -> ElementTree.Element:
    """The root of the XML ``part`` of a .docx; a part that is not well-formed is a ``ValueError`` naming it."""
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValueError(f"{part}: {exc}") from None


def _int(element: ElementTree.Element, attribute: str, part: str, default: str) -> int:
    """An attribute of ``element`` that must be a whole number; else a ``ValueError`` naming ``part``."""
    value = element.get(f"{_W}{attribute}", default)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{part}: w:{attribute}={value!r} in w:{element.tag.rpartition('}')[2]} is not a number") from None


class _Numbering:
    """Word's list numbering (word/numbering.xml), counted as Word renders it."""

    def __init__(self, xml: bytes | None, styles: bytes | None) -> None:
        # keyed by attribute values as read, so ``None`` where an element lacks the attribute
        self.levels: dict[str | None, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.num_abstract: dict[str | None, str | None] = {}
        self.overrides: dict[tuple[str | None, int], int] = {}
        self.style_num: dict[str | None, tuple[str | None, int]] = {}
        self.counters: dict[str | None, list[int]] = {}
        self.length = 0  #: characters of the labels made so far
        if xml:
            root = _xml(xml, "word/numbering.xml")
            for abstract in root.iter(f"{_W}abstractNum"):
                aid = abstract.get(f"{_W}abstractNumId")
                levels = {}
                for lvl in abstract.iter(f"{_W}lvl"):
                    ilvl = _int(lvl, "ilvl", "word/numbering.xml", "0")
                    start = lvl.find(f"{_W}start")
                    fmt = lvl.find(f"{_W}numFmt")
                    text = lvl.find(f"{_W}lvlText")
                    levels[ilvl] = (
                        _int(start, "val", "word/numbering.xml", "1") if start is not None else 1,
                        fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{_W}val", "") if text is not None else "",
                    )
                self.levels[aid] = levels
            for num in root.iter(f"{_W}num"):
                ref = num.find(f"{_W}abstractNumId")
                if ref is not None:
                    self.num_abstract[num.get(f"{_W}numId")] = ref.get(f"{_W}val")
                for override in num.iter(f"{_W}lvlOverride"):
                    start = override.find(f"{_W}startOverride")
                    if start is not None:
                        self.overrides[(num.get(f"{_W}numId"), _int(override, "ilvl", "word/numbering.xml", "0"))] = (
                            _int(start, "val", "word/numbering.xml", "1"))
        if styles:
            for style in _xml(styles, "word/styles.xml").iter(f"{_W}style"):
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(f"{_W}numId")
                    ilvl_el = num_pr.find(f"{_W}ilvl")
                    if num_id is not None:
                        self.style_num[style.get(f"{_W}styleId")] = (
                            num_id.get(f"{_W}val"), _int(ilvl_el, "val", "word/styles.xml", "0") if ilvl_el is not None else 0)

    def label(self, paragraph: ElementTree.Element) -> str:
        """The numbering Word shows before ``paragraph``, or ``""``."""
        ppr = paragraph.find(f"{_W}pPr")
        if ppr is None:
            return ""
        num_pr = ppr.find(f"{_W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            nid, lvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
            num_id = nid.get(f"{_W}val") if nid is not None else None
            ilvl = _int(lvl, "val", "word/document.xml", "0") if lvl is not None else 0
        else:
            style = ppr.find(f"{_W}pStyle")
            if style is not None and style.get(f"{_W}val") in self.style_num:
                num_id, ilvl = self.style_num[style.get(f"{_W}val")]
        if num_id is None or num_id == "0" or num_id not in self.num_abstract:
            return ""
        aid = self.num_abstract[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels or not 0 <= ilvl < 9:  # Word numbers levels 0 to 8 only
            return ""
        counters = self.counters.setdefault(aid, [0] * 9)
        if counters[ilvl] == 0:
            counters[ilvl] = self.overrides.get((num_id, ilvl), levels[ilvl][0])
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _, fmt, text = levels[ilvl]

        def level_number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            start, kfmt, _ = levels.get(k, (1, "decimal", ""))
            return _format_number(counters[k] or start, kfmt)

        label = re.sub(r"%([1-9])", level_number, text)
        # a long label on every paragraph would make a text many times the file: stop it here
        self.length += len(label)
        if self.length > MAX_TEXT_CHARS:
            raise ValueError(f"word/numbering.xml: its labels alone come to {self.length:,} characters, more than the "
                             f"{MAX_TEXT_CHARS:,} a document may have")
        return label


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _docx_cell(tc: ElementTree.Element, numbers: _Numbering) -> RawCell:
    """A table cell: its blocks, and how many grid columns it spans (``w:gridSpan``)."""
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    colspan = int(span.get(f"{_W}val", "1")) if span is not None and span.get(f"{_W}val", "1").isdigit() else 1
    return RawCell(_docx_blocks(tc, numbers), colspan=colspan)


def _docx_table(tbl: ElementTree.Element, numbers: _Numbering) -> TableBlock:
    """A ``w:tbl``: rows of cells, a cell continued down (``w:vMerge`` without ``restart``)
    counted into the rowspan of the cell it continues, in the same grid column."""
    block = TableBlock()
    above: dict[int, RawCell] = {}  # grid column → the cell that starts there in the row above
    for tr in tbl.findall(f"{_W}tr"):
        row: list[RawCell] = []
        column = 0
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None and before.get(f"{_W}val", "").isdigit():
            row.append(RawCell("", colspan=int(before.get(f"{_W}val", "1"))))
            column += row[-1].colspan
        seen: dict[int, RawCell] = {}
        for tc in tr.findall(f"{_W}tc"):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            cell = _docx_cell(tc, numbers)
            if merge is not None and merge.get(f"{_W}val", "continue") != "restart" and column in above:
                origin = above[column]
                origin.rowspan += 1
                seen[column] = origin
            else:
                row.append(cell)
                seen[column] = cell
            column += max(cell.colspan, 1)
        above = seen
        block.rows.append(row)
    return block


def _docx_blocks(parent: ElementTree.Element, numbers: _Numbering) -> list[str | TableBlock]:
    """The paragraphs and tables under ``parent`` in document order (content controls and
    other wrappers looked into)."""
    out: list[str | TableBlock] = []
    todo = list(reversed(list(parent)))
    while todo:
        node = todo.pop()
        if node.tag == f"{_W}p":
            out.append(numbers.label(node) + _paragraph_text(node))
        elif node.tag == f"{_W}tbl":
            out.append(_docx_table(node, numbers))
        elif node.tag not in (f"{_W}tcPr", f"{_W}tblPr", f"{_W}sectPr"):
            todo += reversed(list(node))
    return out


def read_docx(data: bytes, path: str) -> Source:
    """A Word document: one line per paragraph, with the numbering Word generates (一、 /
    （一） / 1.) put back in front of its paragraph; a table as a table (see
    :mod:`fengong.parser.readers.layout`), its merged cells (``w:gridSpan``, ``w:vMerge``)
    resolved."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise InputError("not a Word document: no word/document.xml inside", path=path)
            for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml"):
                if name in names:
                    check_archive_member(archive.getinfo(name), path, MAX_FILE_BYTES)
            document = archive.read("word/document.xml")
            numbering = archive.read("word/numbering.xml") if "word/numbering.xml" in names else None
            styles = archive.read("word/styles.xml") if "word/styles.xml" in names else None
        root = ElementTree.fromstring(document)
    except InputError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, EOFError, OSError, ValueError) as exc:
        what = sniff_binary(data)
        detail = f"it looks like {what}" if what and not what.startswith("a ZIP") else f"{exc}"
        raise InputError(f"not a readable .docx file: {detail}", path=path) from None
    numbers = _Numbering(numbering, styles)
    body = root.find(f"{_W}body")
    source = assemble(_docx_blocks(body if body is not None else root, numbers))
    return source if source.text else Source("\n")


# ---------------------------------------------------------------------------------------------
# .html

_BLOCK = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 table section article blockquote pre dd dt ul ol center".split())
_DROP = frozenset("script style noscript nav header footer aside form select option button iframe svg template".split())
_NAVLIKE = re.compile(r"(?:^|[\s_-])(?:nav|menu|header|footer|breadcrumb|sidebar|share|toolbar)", re.I)


def _span_attr(value: str | None) -> int:
    """A colspan/rowspan attribute as browsers read it: its leading digits, 1 when none."""
    m = re.match(r"\s*([0-9]{1,6})", value or "")
    return max(int(m.group(1)), 1) if m else 1


#: elements that have no end tag, so hold nothing
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Text(HTMLParser):
    """The blocks of a page: lines of text, and tables whose cells hold blocks of their own.

    What a dropped element holds is not read. An end tag ends the latest open element of its
    name and every element opened inside it whose end tag the page left out, as a browser
    does; so a navigation block, or any element left open inside one, ends where its parent
    ends. An end tag with no open element of its name, and a void element (``<br>``,
    ``<wbr>``…), end nothing.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str | TableBlock] = [""]
        #: where text goes: the page, or the cell being read (the innermost last)
        self.containers: list[list[str | TableBlock]] = [self.blocks]
        #: the open tables, each with the number of containers open where it started
        self.tables: list[tuple[TableBlock, int]] = []
        self.open: list[tuple[str, bool]] = []  #: the open elements: tag, whether it drops what it holds
        self.named: dict[str, int] = {}  #: how many elements of each tag are open
        self.dropping = 0  #: how many of the open elements drop what they hold

    def _open(self, tag: str, drops: bool) -> None:
        if tag not in _VOID:
            self.open.append((tag, drops))
            self.named[tag] = self.named.get(tag, 0) + 1
            self.dropping += drops

    def _close(self, tag: str) -> None:
        if self.named.get(tag):
            while True:
                name, drops = self.open.pop()
                self.named[name] -= 1
                self.dropping -= drops
                if name == tag:
                    break

    def handle_starttag(self, tag, attrs):
        drops = tag in _DROP or any(k in ("class", "id") and v and _NAVLIKE.search(v) for k, v in attrs)
        skipping = self.dropping or drops
        self._open(tag, drops)
        if skipping:
            if tag in _BLOCK:
                self._newline()
            return
        if tag == "table":
            self._newline()
            table = TableBlock()
            self.containers[-1].append(table)
            self.tables.append((table, len(self.containers)))
        elif tag == "tr" and self.tables:
            table, depth = self.tables[-1]
            del self.containers[depth:]
            table.rows.append([])
        elif tag in ("td", "th") and self.tables:
            table, depth = self.tables[-1]
            del self.containers[depth:]
            if not table.rows:
                table.rows.append([])
            values = dict(attrs)
            cell = RawCell([""], _span_attr(values.get("rowspan")), _span_attr(values.get("colspan")), tag == "th")
            table.rows[-1].append(cell)
            assert isinstance(cell.text, list)
            self.containers.append(cell.text)
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag):
        skipping = self.dropping
        self._close(tag)
        if skipping:
            if tag in _BLOCK:
                self._newline()
            return
        if tag == "table" and self.tables:
            _, depth = self.tables.pop()
            del self.containers[depth:]
            self._newline()
        elif tag in ("td", "th", "tr") and self.tables:
            del self.containers[self.tables[-1][1]:]
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data):
        if not self.dropping:
            text = data.replace("\r", "").replace("\n", " ").replace("\xa0", " ")
            container = self.containers[-1]
            if not container or not isinstance(container[-1], str):
                container.append("")
            container[-1] += text

    def _newline(self) -> None:
        container = self.containers[-1]
        if container and isinstance(container[-1], str) and container[-1].strip():
            container.append("")


def _html_lines(blocks: list[str | TableBlock]) -> list[str | TableBlock]:
    """Each line unescaped and stripped, blank lines dropped, the same within cells."""
    out: list[str | TableBlock] = []
    for block in blocks:
        if isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    if isinstance(cell.text, list):
                        cell.text = _html_lines(cell.text)
            out.append(block)
        else:
            line = html.unescape(block).strip(" \t")
            if line.strip():
                out.append(line)
    return out


def read_html(data: bytes, path: str) -> Source:
    """A web page as saved from a government website: scripts, styles, navigation, headers
    and footers dropped; each paragraph or block a line; a ``<table>`` as a table (see
    :mod:`fengong.parser.readers.layout`), its ``colspan``/``rowspan`` resolved."""
    head = data[:4096].decode("ascii", "replace").lower()
    m = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    encoding = m.group(1) if m else None
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"
    try:
        text = data.decode(encoding) if encoding else decode_text(data, path)
    except (LookupError, UnicodeDecodeError):
        text = decode_text(data, path)
    parser = _Text()
    parser.feed(text)
    parser.close()
    source = assemble(_html_lines(parser.blocks))
    return source if source.text else Source("\n")


# ---------------------------------------------------------------------------------------------
# .pdf

_CID = re.compile(r"\(cid:\d+\)")


def read_pdf(data: bytes, path: str) -> Source:
    """A PDF's text layer (pdfminer.six), and its tables (see :mod:`fengong.parser.readers.pdf`).
    No text layer, or glyphs without a mapping to characters, is an error: such a PDF needs
    OCR before it can be read."""
    if not data.startswith(b"%PDF-"):
        what = sniff_binary(data)
        raise InputError(f"not a PDF file{': it looks like ' + what if what else ''}", path=path)
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("reading PDF needs pdfminer.six: pip install pdfminer.six", path=path) from None
    try:
        with quiet_pdfminer():
            text = extract_text(io.BytesIO(data), laparams=LAParams(line_margin=0.3))
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise InputError(f"not a readable PDF: {type(exc).__name__}: {exc}", path=path) from None
    visible = re.sub(r"\s", "", text)
    if not visible:
        raise InputError("the PDF has no text layer (a scan?): it needs OCR first", path=path)
    unmapped = len(_CID.findall(text)) + sum(1 for ch in visible if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if unmapped > len(visible) / 10:
        raise InputError("the PDF's text layer is unmapped glyph codes, not characters: it needs OCR first", path=path)
    try:
        blocks = pdf_blocks(data)
    except Exception as exc:  # pdfplumber, like pdfminer, raises many types on broken files
        raise InputError(f"not a readable PDF: {type(exc).__name__}: {exc}", path=path) from None
    if blocks is not None:
        return assemble([block if isinstance(block, TableBlock) else block.rstrip() for block in blocks])
    text = radicals_as_ideographs(text)
    lines = [line.rstrip() for line in text.replace("\x0c", "\n").split("\n")]
    return Source("\n".join(line for line in lines if line.strip()) + "\n")


def read_sheet(data: bytes, path: str) -> Source:
    """A spreadsheet (.xlsx, .xls, .ods): every visible sheet a table (see
    :mod:`fengong.parser.readers.sheets`)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".xls", ".ods"):
        suffix = ".xls" if data.startswith(b"\xd0\xcf\x11\xe0") else ".xlsx"
    source = assemble(sheet_blocks(data, path, suffix, MAX_FILE_BYTES))
    return source if source.text else Source("\n")


def read_office(data: bytes, path: str) -> Source:
    """An old binary office file (.doc, .wps, .et), converted by LibreOffice and read as
    the .docx or .xlsx it becomes (see :mod:`fengong.parser.readers.office`)."""
    suffix = Path(path).suffix.lower()
    converted = convert(data, path, suffix)
    return read_docx(converted, path) if CONVERSIONS[suffix] == ".docx" else read_sheet(converted, path + ".xlsx")


#: readers by file suffix; anything else is read as text
READERS: dict[str, Callable[[bytes, str], Source]] = {
    ".txt": read_txt,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".xlsx": read_sheet,
    ".xlsm": read_sheet,
    ".xls": read_sheet,
    ".ods": read_sheet,
    ".doc": read_office,
    ".wps": read_office,
    ".et": read_office,
}


def read_input(path: str | Path) -> bytes:
    """The bytes of the document file at ``path``: a regular file of at most
    :data:`MAX_FILE_BYTES` (:func:`fengong.parser.files.read_regular_file`)."""
    return read_regular_file(path, MAX_FILE_BYTES)


def read_bytes(data: bytes, path: str) -> Source:
    """The text and tables of a file's bytes, read by the suffix of ``path`` (text when
    unknown); a text over :data:`MAX_TEXT_CHARS` characters is an :class:`InputError`.

    Whatever a reader raises on a file it cannot make sense of is an :class:`InputError`
    naming the file (``fengong --debug`` shows where it was raised)."""
    suffix = Path(path).suffix.lower()
    try:
        source = READERS.get(suffix, read_txt)(data, path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable {suffix or 'text'} file: {exc}", path=path) from exc
    check_text_length(source.text, path, MAX_TEXT_CHARS)
    return source


def read_document(path: str | Path) -> str:
    """The plain text of the document at ``path``, by its suffix (text when unknown)."""
    return read_source(path).text


def read_source(path: str | Path) -> Source:
    """The text and tables of the document at ``path``, by its suffix (text when unknown).

    Anything but a regular file, a file over :data:`MAX_FILE_BYTES`, a .docx part unpacking
    to more (or to far more than it packs to), or a text over :data:`MAX_TEXT_CHARS` is
    refused with an :class:`InputError`, before it fills memory."""
    return read_bytes(read_input(path), str(path))
