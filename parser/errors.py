"""The project's one exception hierarchy."""

from __future__ import annotations

__all__ = ["FengongError", "InputError"]


class FengongError(Exception):
    """Base class of every error the project raises on purpose.

    A fatal error that concerns a place in a file carries that place: ``path`` and, where
    it applies, ``line`` and ``column`` (1-based) or a ``byte_offset``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        byte_offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.byte_offset = byte_offset

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        elif self.byte_offset is not None:
            where += f" (byte {self.byte_offset})"
        return f"{where}: {self.message}" if where else self.message


class InputError(FengongError):
    """The input cannot be read as a document (not text, cannot be decoded, bad option file)."""
