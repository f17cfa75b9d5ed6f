"""The window's log file: full details (tracebacks) go to a rotating file in the platform's log folder; the
terminal gets one line per warning at most.

A job that fails is already explained to the user in the window (the job list, the panel); its traceback is for a
bug report, so it belongs in a file the user can find (Help › Diagnostics shows where), not on stderr.

* :func:`log_dir` — ``$AIGC_STUDIO_HOME/log`` when that is set (tests, portable installs), otherwise
  ``platformdirs.user_log_dir("aigc-studio")`` (``~/.local/state/aigc-studio/log`` on Linux,
  ``~/Library/Logs/aigc-studio`` on macOS, ``%LOCALAPPDATA%\\aigc-studio\\Logs`` on Windows).
* :func:`install` — idempotent: the ``aigc_studio`` logger writes INFO and above, with tracebacks, to
  ``aigc-studio.log`` (1 MB, 3 old files kept); the terminal's handler (``logging.basicConfig`` in ``ui/app.py``)
  keeps one line per warning of the studio, without the traceback (:class:`OneLineOnStderr`).
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from aigc_studio.core.base.settings import HOME_ENV

LOG_NAME = "aigc-studio.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
_LOGGER = "aigc_studio"


def log_dir() -> Path:
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser() / "log"
    try:
        import platformdirs
        return Path(platformdirs.user_log_dir("aigc-studio", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path.home() / ".local" / "state" / "aigc-studio" / "log"


def log_path() -> Path:
    return log_dir() / LOG_NAME


class OneLineOnStderr(logging.Filter):
    """On the terminal's handler (``logging.basicConfig``'s, on the root logger): a record of the studio keeps one
    line — no traceback (it is in the log file), the exception's type and the file's path added instead — and
    the studio's records below the terminal's level (``AIGC_STUDIO_LOG``, WARNING by default; the file has INFO)
    are not printed at all."""

    def __init__(self, path: Path | None):
        super().__init__()
        self.path = path

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(_LOGGER):
            return True
        if record.levelno < max(logging.getLogger().level, logging.DEBUG):   # AIGC_STUDIO_LOG, else WARNING
            return False
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None or record.exc_text or record.stack_info:
            text = (record.getMessage().splitlines() or [""])[0]
            if exc is not None:
                first = (str(exc).splitlines() or [""])[0][:200]
                text += f": {type(exc).__name__}" + (f": {first}" if first else "")
            if self.path is not None:
                text += f" (details: {self.path})"
            record.msg, record.args = text, None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


class _FileHandler(logging.handlers.RotatingFileHandler):
    """The studio's own handler: a class of its own, so installing the log twice finds and keeps the first."""


def _stderr_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers
            if type(h) is logging.StreamHandler and getattr(h, "stream", None) in (sys.stderr, sys.__stderr__)]


def installed_path() -> Path | None:
    """The log file the ``aigc_studio`` logger writes to now (None when none is installed)."""
    for h in logging.getLogger(_LOGGER).handlers:
        if isinstance(h, _FileHandler):
            return Path(h.baseFilename)
    return None


def install() -> Path | None:
    """Send the studio's log to the log file and keep the terminal to one line per warning (see the module
    docstring). Returns the file's path, or None when the log folder cannot be written. Idempotent; a changed
    ``AIGC_STUDIO_HOME`` moves the file."""
    logger = logging.getLogger(_LOGGER)
    path = log_path()
    current = installed_path()
    if current is None or current != Path(os.path.abspath(path)):
        for h in list(logger.handlers):
            if isinstance(h, _FileHandler):
                logger.removeHandler(h)
                h.close()
        current = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = _FileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
            fh.setLevel(logging.INFO)
            fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
            logger.addHandler(fh)
            current = Path(fh.baseFilename)
        except OSError:
            current = None
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    for h in _stderr_handlers():
        for f in [f for f in h.filters if isinstance(f, OneLineOnStderr)]:
            h.removeFilter(f)
        h.addFilter(OneLineOnStderr(current))
    return current


__all__ = ["LOG_NAME", "install", "installed_path", "log_dir", "log_path"]
