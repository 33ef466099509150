"""The format readers' shared parts: the shape every reader returns (:class:`~.layout.Source`,
the text and its tables) and the readers of the formats that came with tables — spreadsheets,
PDF tables, and the old binary Office formats converted by LibreOffice.

:mod:`fengong.parser.inputs` dispatches on the file's suffix and holds the text, Word and web
page readers; :func:`fengong.parser.inputs.read_document` stays the entry point.
"""
