"""Properties of the .docx and .html readers on files of random structure, with hypothesis.

Not only random text: random trees of elements — Word paragraphs, runs, tables within
tables, fields and tags the reader does not know, numbering and styles with numbers of any
size or none; web pages of any nesting, end tags left out, navigation, scripts and styles
anywhere, attributes of any value and character sets declared right or wrong. Each text the
file holds is a token of its own (``词0001``), so what the reader must give back is known:

- a .docx whose numbers are all numbers is read, its tokens in document order; one with a
  number that is not (``w:ilvl="x"``) is an :class:`InputError` naming the part;
- a web page is read, its visible tokens in document order, and none from a script, a style
  or a navigation block — which ends where its parent ends, when its end tag is missing.

Under CI (``CI`` set) each test runs its full number of examples, derandomized, as in
``tests/test_properties.py``; elsewhere a tenth, from a random seed.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fengong import parser
from fengong.parser.errors import InputError
from fengong.parser.inputs import read_document
from model_checks import check_document

CI = bool(os.environ.get("CI"))
EXAMPLES = {"docx": 1000, "html": 1000}


def run(kind: str) -> settings:
    n = EXAMPLES[kind] if CI else max(EXAMPLES[kind] // 10, 50)
    return settings(max_examples=n, deadline=None, derandomize=CI, database=None if CI else settings.default.database,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Tokens:
    """Hands out the tokens of one file, in the order they are written."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def new(self) -> str:
        self.written.append(f"词{len(self.written):04d}")
        return self.written[-1]


def in_order(text: str, tokens: list[str]) -> bool:
    at = 0
    for token in tokens:
        at = text.find(token, at)
        if at < 0:
            return False
        at += len(token)
    return True


#: values that may stand where a number should: numbers of any size and sign, and not numbers
numbers = st.one_of(st.integers(-3, 12).map(str), st.integers(-10**15, 10**15).map(str),
                    st.sampled_from(["x", "", "1.5", "一", "0x1", " 2 ", "+3", "١"]))
#: attribute values of any characters XML can carry
values = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"), max_size=8).map(
    lambda v: "".join(c for c in v if c in "\t\n\r" or ord(c) >= 0x20))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Docx:
    """The parts of one random .docx as they are drawn; ``valid`` until a number that is not one."""

    def __init__(self, draw) -> None:
        self.draw, self.tokens, self.valid = draw, Tokens(), True

    def number(self) -> str:
        value = self.draw(numbers)
        try:
            int(value)
        except ValueError:
            self.valid = False
        return value

    def attributes(self) -> str:
        names = self.draw(st.lists(st.sampled_from(["w:rsidR", "w:val", "w:foo", "other", "w:type"]), max_size=2,
                                   unique=True))
        return "".join(f" {name}={quoteattr(self.draw(values))}" for name in names)

    def run(self) -> str:
        parts = []
        for kind in self.draw(st.lists(st.sampled_from(["t", "t", "tab", "br", "cr", "unknown", "field"]), max_size=4)):
            if kind == "t":
                parts.append(f'<w:t xml:space="preserve"{self.attributes()}>{self.tokens.new()}</w:t>')
            elif kind == "field":
                parts.append(f'<w:fldSimple w:instr={quoteattr(self.draw(values))}><w:r><w:t>{self.tokens.new()}</w:t>'
                             "</w:r></w:fldSimple>")
            elif kind == "unknown":
                parts.append(f"<w:sym{self.attributes()}/>")
            else:
                parts.append(f"<w:{kind}{self.attributes()}/>")
        return f"<w:r{self.attributes()}>{''.join(parts)}</w:r>"

    def paragraph(self) -> str:
        props = ""
        shape = self.draw(st.sampled_from(["none", "numbered", "numbered", "style", "partial"]))
        if shape == "numbered":
            props = f'<w:numPr><w:ilvl w:val="{self.number()}"/><w:numId w:val="{self.draw(ids)}"/></w:numPr>'
        elif shape == "partial":
            props = (f'<w:numPr><w:numId w:val="{self.draw(ids)}"/></w:numPr>' if self.draw(st.booleans())
                     else f'<w:numPr><w:ilvl w:val="{self.number()}"/></w:numPr>')
        elif shape == "style":
            props = f'<w:pStyle w:val="{self.draw(st.sampled_from(["H1", "H2", "x"]))}"/>'
        runs = "".join(self.run() for _ in range(self.draw(st.integers(0, 3))))
        return f"<w:p{self.attributes()}>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"

    def block(self, depth: int) -> str:
        if depth < 2 and self.draw(st.integers(0, 4)) == 0:  # a table, its cells blocks again
            rows = []
            for _ in range(self.draw(st.integers(1, 2))):
                cells = "".join(f"<w:tc>{''.join(self.block(depth + 1) for _ in range(self.draw(st.integers(1, 2))))}"
                                "</w:tc>" for _ in range(self.draw(st.integers(1, 3))))
                rows.append(f"<w:tr>{cells}</w:tr>")
            return f"<w:tbl>{''.join(rows)}</w:tbl>"
        return self.paragraph()

    def numbering(self) -> str:
        abstracts = []
        for aid in self.draw(st.lists(st.sampled_from(["0", "1", "x"]), max_size=2)):
            levels = "".join(
                f'<w:lvl w:ilvl="{self.number()}"><w:start w:val="{self.number()}"/>'
                f'<w:numFmt w:val={quoteattr(self.draw(formats))}/><w:lvlText w:val={quoteattr(self.draw(level_texts))}/></w:lvl>'
                for _ in range(self.draw(st.integers(0, 4))))
            abstracts.append(f'<w:abstractNum w:abstractNumId="{aid}">{levels}</w:abstractNum>')
        nums = []
        for num_id in self.draw(st.lists(ids, max_size=3)):
            override = (f'<w:lvlOverride w:ilvl="{self.number()}"><w:startOverride w:val="{self.number()}"/>'
                        "</w:lvlOverride>" if self.draw(st.booleans()) else "")
            nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self.draw(st.sampled_from(["0", "1"]))}"/>'
                        f"{override}</w:num>")
        return f'<w:numbering xmlns:w="{W}">{"".join(abstracts)}{"".join(nums)}</w:numbering>'

    def styles(self) -> str:
        styles = "".join(f'<w:style w:styleId="{sid}"><w:pPr><w:numPr><w:ilvl w:val="{self.number()}"/>'
                         f'<w:numId w:val="{self.draw(ids)}"/></w:numPr></w:pPr></w:style>'
                         for sid in self.draw(st.lists(st.sampled_from(["H1", "H2"]), max_size=2)))
        return f'<w:styles xmlns:w="{W}">{styles}</w:styles>'


ids = st.sampled_from(["0", "1", "2", "x"])
formats = st.one_of(st.sampled_from(["decimal", "chineseCounting", "chineseCountingThousand", "ideographTraditional",
                                     "decimalEnclosedCircle", "decimalFullWidth", "lowerLetter", "upperLetter",
                                     "lowerRoman", "upperRoman", "bullet", "none"]), values)
level_texts = st.text(alphabet="%123456789%一、.（）() ", max_size=8)


@st.composite
def docx_files(draw) -> tuple[bytes, list[str], bool]:
    """A random .docx: its bytes, its tokens in document order, whether all its numbers are numbers."""
    doc = Docx(draw)
    body = "".join(doc.block(0) for _ in range(draw(st.integers(0, 6))))
    parts = {"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'}
    if draw(st.booleans()):
        parts["word/numbering.xml"] = doc.numbering()
    if draw(st.booleans()):
        parts["word/styles.xml"] = doc.styles()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))) as archive:
        for name in draw(st.permutations(sorted(parts))):
            archive.writestr(name, parts[name])
    return out.getvalue(), doc.tokens.written, doc.valid


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("readers")


@run("docx")
@given(docx_files())
def test_a_docx_of_any_structure_is_read_in_order_or_refused_naming_the_part(scratch, drawn):
    data, tokens, valid = drawn
    path = scratch / "plan.docx"
    path.write_bytes(data)
    try:
        text = read_document(path)
    except InputError as exc:
        assert not valid, f"a well-formed .docx refused: {exc}"
        assert str(path) in str(exc) and "word/" in str(exc), str(exc)
        return
    assert valid, "a .docx with a number that is not one was read"
    assert in_order(text, tokens), (tokens, text)
    assert text.endswith("\n")
    check_document(parser.parse(text), text)


#: elements of a page, by what the reader does with them
BLOCKS = ["p", "div", "li", "td", "tr", "table", "h1", "section", "pre", "blockquote", "center"]
INLINE = ["span", "b", "a", "font", "em", "x-custom", "strong"]
#: (and script and style, whose text is never markup: they are always closed, as a page that
#: leaves one open is all script from there on)
DROPPED = ["nav", "header", "footer", "aside", "form", "select", "template", "iframe", "svg", "noscript", "button"]
VOID = ["br", "img", "hr", "input", "meta", "link", "wbr", "col", "embed", "source", "area", "param", "track"]
#: class and id values: some say navigation (and so drop their element), some do not
NAVLIKE = ["nav", "top-nav", "menu", "footer", "breadcrumb", "sidebar", "share", "main_toolbar"]
PLAIN = ["article", "content", "TRS_Editor", "x", "main"]


class Page:
    """A random web page as it is drawn, with what the reader must show of it."""

    def __init__(self, draw) -> None:
        self.draw, self.tokens, self.visible = draw, Tokens(), []

    def text(self, hidden: bool) -> str:
        token = self.tokens.new()
        if not hidden:
            self.visible.append(token)
        around = self.draw(st.sampled_from(["", " ", "\n", "&nbsp;", "&amp;", "\r\n", "&#x4E00;", "\t"]))
        return f"{around}{token}{around}"

    def attributes(self) -> tuple[str, bool]:
        out, drops = [], False
        for name in self.draw(st.lists(st.sampled_from(["class", "id", "style", "href", "data-x", "title"]),
                                       max_size=3, unique=True)):
            if name in ("class", "id"):
                value = self.draw(st.sampled_from(NAVLIKE + PLAIN))
                drops |= value in NAVLIKE
            else:
                value = self.draw(values)
            out.append(f" {name}={quoteattr(value) if self.draw(st.booleans()) else quoteattr(escape(value))}")
        return "".join(out), drops

    def nodes(self, hidden: bool, inside: tuple[str, ...] = ()) -> tuple[str, bool]:
        """Siblings inside the elements ``inside`` (hidden or not), and whether what follows
        them before the end tag of their parent is hidden. An element whose end tag is left
        out runs on to its parent's end, taking the siblings after it, and when the parent's
        end tag is left out too, on to the grandparent's (so it is not one named as an element
        it is inside, whose end tag would end it instead)."""
        out = []
        for _ in range(self.draw(st.integers(0, 4 if len(inside) < 4 else 1))):
            kind = self.draw(st.sampled_from(["text", "text", "block", "inline", "dropped", "void", "comment"]))
            if kind == "text":
                out.append(self.text(hidden))
            elif kind == "comment":
                self.tokens.new()  # never shown
                out.append(f"<!-- {self.tokens.written[-1]} -->")
            elif kind == "void":
                attributes, _ = self.attributes()
                out.append(f"<{self.draw(st.sampled_from(VOID))}{attributes}>")
            elif kind == "dropped" and self.draw(st.booleans()):
                tag = self.draw(st.sampled_from(["script", "style"]))
                self.tokens.new()  # script and style text is never shown, nor read as markup
                out.append(f"<{tag}>var a = '{self.tokens.written[-1]}</p>';</{tag}>")
            else:
                tag = self.draw(st.sampled_from({"block": BLOCKS, "inline": INLINE, "dropped": DROPPED}[kind]))
                attributes, drops = self.attributes()
                inner, dangling = self.nodes(hidden or drops or kind == "dropped", (*inside, tag))
                if tag not in inside and self.draw(st.integers(0, 5)) == 0:  # no end tag: it ends with its parent
                    out.append(f"<{tag}{attributes}>{inner}")
                    hidden = dangling
                else:
                    out.append(f"<{tag}{attributes}>{inner}</{tag}>")
        return "".join(out), hidden


ENCODINGS = [("utf-8", "utf-8"), ("gb18030", "gb2312"), ("gb18030", "gbk"), ("gb18030", None), ("utf-8", None),
             ("utf-8", "no-such-charset"), ("utf-16", None)]


@st.composite
def html_files(draw) -> tuple[bytes, list[str]]:
    """A random web page: its bytes, and the tokens it shows, in order."""
    page = Page(draw)
    encoding, declared = draw(st.sampled_from(ENCODINGS))
    head = f'<meta charset="{declared}">' if declared else ""
    title = page.text(False)
    body, _ = page.nodes(False, ("html", "body"))
    html = f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{body}</body></html>"
    return html.encode(encoding), page.visible


@run("html")
@given(html_files())
def test_a_web_page_of_any_structure_shows_its_visible_text_in_order(scratch, drawn):
    data, visible = drawn
    path = scratch / "plan.html"
    path.write_bytes(data)
    text = read_document(path)
    assert in_order(text, visible), (visible, text)
    hidden = [token for token in re.findall(r"词\d{4}", text) if token not in visible]
    assert not hidden, hidden
    assert text.endswith("\n") and "\r" not in text
    check_document(parser.parse(text), text)
