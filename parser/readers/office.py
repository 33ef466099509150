"""The old binary office formats — Word's .doc, WPS's .wps and .et — converted with
LibreOffice (``soffice --headless --convert-to``) into a temporary folder, then read as
.docx or .xlsx. Without LibreOffice, a one-line error names the file and what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

__all__ = ["convert", "CONVERSIONS", "SOFFICE_TIMEOUT"]

#: what each old format is converted to
CONVERSIONS = {".doc": ".docx", ".wps": ".docx", ".et": ".xlsx"}
#: seconds a conversion may take before it is given up
SOFFICE_TIMEOUT = 120.0
_INSTALL = ("LibreOffice is needed to read it: install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui"
            " libreoffice-calc-nogui), or save the file as .docx/.xlsx")


def soffice() -> str | None:
    """The LibreOffice program on the PATH, or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, path: str, suffix: str, timeout: float | None = None) -> bytes:
    """The bytes of ``data`` (a file with ``suffix``) converted to :data:`CONVERSIONS`\\[suffix]."""
    program = soffice()
    if program is None:
        raise InputError(f"a {suffix} file: {_INSTALL}", path=path)
    target = CONVERSIONS[suffix]
    with tempfile.TemporaryDirectory(prefix="fengong-soffice-") as work:
        source = Path(work, "in" + suffix)
        source.write_bytes(data)
        out = Path(work, "out")
        # a profile of its own, so a LibreOffice the user has open does not take the job over
        profile = Path(work, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", target.lstrip("."), "--outdir", str(out), str(source)]
        limit = SOFFICE_TIMEOUT if timeout is None else timeout
        try:
            # a session of its own, so that on a timeout the whole of LibreOffice is stopped
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env={**os.environ, "HOME": work},
                                       start_new_session=True)
        except OSError as exc:
            raise InputError(f"cannot run LibreOffice ({program}): {exc.strerror or exc}", path=path) from None
        try:
            process.wait(timeout=limit)
        except BaseException as exc:  # the timeout, or the build's own alarm: stop LibreOffice either way
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            if isinstance(exc, subprocess.TimeoutExpired):
                raise InputError(f"LibreOffice did not convert the {suffix} file within {limit:g} s",
                                 path=path) from None
            raise
        result = out / ("in" + target)
        if not result.is_file():
            raise InputError(f"LibreOffice could not convert the {suffix} file (is it damaged, or another format?)",
                             path=path)
        return result.read_bytes()
