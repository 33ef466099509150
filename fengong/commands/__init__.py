"""The commands of ``fengong``, one module per group, loaded lazily by :mod:`fengong.cli`."""

from __future__ import annotations

import sys
import unicodedata

#: characters shown as escapes where text meets a reader's eyes: controls (ESC starts the
#: sequences that drive a terminal), format characters (bidi overrides, zero-width spaces) that
#: hide or reorder text, lone surrogates (from file names that are not UTF-8), line separators
HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def escape_hidden(text: str, keep: str = "") -> str:
    r"""``text`` with its :data:`HIDDEN` characters as Python escapes, but those in ``keep``
    (and ``\r`` in ``keep`` only where ``\n`` follows it).

    >>> escape_hidden("a\x1b[2Jb\u202ec\r\nd\re", keep="\r\n")
    'a\\x1b[2Jb\\u202ec\r\nd\\re'
    """
    if text.isprintable():
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in keep and (ch != "\r" or text.startswith("\n", i + 1)) or unicodedata.category(ch) not in HIDDEN:
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)


def write_stdout(text: str) -> None:
    """Write to standard output as UTF-8, whatever the platform's default encoding.

    On a terminal, a document's control and format characters are shown as escapes (as ``ls``
    shows file names), so that an ESC in a plan cannot drive the terminal and a bidi override
    cannot reorder what is shown; line breaks and tabs stay. A pipe or a file gets the text as
    it is."""
    if sys.stdout.isatty():
        text = escape_hidden(text, keep="\n\t\r")
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stdout.buffer.flush()
