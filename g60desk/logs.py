"""The log file ``g60desk.log`` in the data folder: bugs are written there, never to the terminal.

The window logs failing callbacks (:mod:`g60desk.ui.errors`); the command line
logs an internal error here and prints only the log's path (exit code 3).
"""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "g60desk.log"
logger = logging.getLogger("g60desk")


class _QuietHandler(RotatingFileHandler):
    """A log that cannot be written (full disk) is skipped, not printed to the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(folder: Path) -> Path:
    """Log to ``folder/g60desk.log`` (rotated at 1 MB, three old files kept)."""
    path = folder / LOG_NAME
    if any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path
           for h in logger.handlers):
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _QuietHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return path
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def log_crash(folders: list[Path], what: str, exc: BaseException) -> Path | None:
    """Append ``exc``'s traceback to the first log file that can be written; its path."""
    import tempfile  # only for a crash: not at every start

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    for folder in [*folders, Path(tempfile.gettempdir())]:
        path = folder / LOG_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8", errors="replace") as fh:
                fh.write(f"--- {what}\n{text}\n")
        except OSError:
            continue
        return path
    return None
