"""Small documents in the formats government sites publish, built in code for the input tests:
a .docx with Word's automatic numbering, a .pdf with a Chinese text layer (Adobe's STSong-Light,
which readers know without embedding), a .pdf without text, a .pdf of unmapped glyph codes."""

from __future__ import annotations

import io
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(paragraphs: list[tuple[str, int | None]], *, numbering: bool = True) -> bytes:
    """A .docx whose paragraphs are ``(text, level)``: level 0 numbered 一、, level 1 （一）,
    level 2 1., ``None`` not numbered — the numbers live in numbering.xml, not in the text."""
    body = []
    for text, level in paragraphs:
        num = (f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
               if level is not None else "")
        body.append(f"<w:p>{num}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{"".join(body)}</w:body></w:document>'
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvl = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering_xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0">{lvl}'
                     f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
        if numbering:
            archive.writestr("word/numbering.xml", numbering_xml)
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _page(content: bytes, font: bytes | None) -> list[bytes]:
    resources = b"<< /Font << /F1 5 0 R >> >>" if font else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return objects + ([font] if font else [])


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``, in STSong-Light with UCS-2 codes."""
    content = b"BT /F1 12 Tf 40 800 Td 14 TL " + b" ".join(
        b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*" for line in lines) + b" ET"
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>] >>")
    return _pdf(_page(content, font))


def pdf_without_text() -> bytes:
    """A PDF page with a drawing and no text (what a scan looks like to a reader)."""
    return _pdf(_page(b"0 0 m 100 100 l S", None))


def pdf_unmapped_glyphs() -> bytes:
    """A PDF whose text is glyph ids in a font with no mapping back to characters."""
    content = b"BT /F1 12 Tf 40 800 Td <0123045600780099> Tj ET"
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /XYZ+Song /Encoding /Identity-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZ+Song "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /XYZ+Song /Flags 4 /FontBBox [0 0 1000 1000] "
            b"/ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 >> >>] >>")
    return _pdf(_page(content, font))
