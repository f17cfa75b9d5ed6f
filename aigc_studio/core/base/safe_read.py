"""Reading files a user (or a file someone sent them) names, without ever hanging.

* :func:`open_regular` opens a path for reading only when it is a regular file. It opens with ``O_NONBLOCK`` and
  checks the opened file (``fstat``), so a FIFO, a device (``/dev/zero``), a socket or a path swapped for one
  between a check and the open is refused at once instead of blocking the reader forever.
* :func:`is_regular_file` is the same check without opening (``lstat`` after resolving links): what the window asks
  before it offers to read a path named inside an asset's settings.
* :func:`call_with_deadline` runs one blocking call (reading a source file a job encodes) on a helper thread and
  waits for it while watching the job's Cancel: a cancel stops the wait at once (:class:`ReadCancelled`), a call
  that takes longer than its time limit ends the job with a message (a hung network share), and the job's thread
  is free either way. The abandoned call finishes (or not) on its daemon thread; its result is thrown away.

Qt-free; no torch.
"""
from __future__ import annotations

import errno
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from aigc_studio.core.base.errors import UserError

T = TypeVar("T")

READ_TIMEOUT_S = 60.0       # one source file of a job (an image or a sound) is read within this
POLL_S = 0.05


class NotARegularFile(UserError):
    """The path is a FIFO, a device, a socket or a folder: the studio reads only ordinary files."""


class ReadTimedOut(UserError):
    """A read did not finish within its time limit."""


class ReadCancelled(Exception):
    """The job was cancelled while it waited for a read (not an error: the job stops)."""


def _what(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not an ordinary file"


def not_regular(path: str | Path, mode: int) -> NotARegularFile:
    return NotARegularFile(f"“{Path(path).name}” is {_what(mode)}, not an ordinary file, so the studio does not "
                           "read it.")


def is_regular_file(path: str | Path) -> bool:
    """True when ``path`` (links followed) is an ordinary file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def open_regular(path: str | Path) -> BinaryIO:
    """``open(path, "rb")`` for an ordinary file; :class:`NotARegularFile` for anything else, at once (a FIFO
    would otherwise block the open until a writer appears, ``/dev/zero`` would never end). ``OSError`` (missing,
    permission denied) propagates for the caller to word."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(os.fspath(path), flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):        # the callers already word this one
            raise IsADirectoryError(errno.EISDIR, "Is a directory", os.fspath(path))
        if not stat.S_ISREG(mode):
            raise not_regular(path, mode)
        if getattr(os, "O_NONBLOCK", 0) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)       # an ordinary file: normal reads from here on
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of an ordinary file (the caller sees a file that is too large)."""
    with open_regular(path) as f:
        return f.read(max_bytes + 1)


def call_with_deadline(fn: Callable[[], T], cancelled: Callable[[], bool] | None = None,
                       timeout_s: float = READ_TIMEOUT_S, what: str = "the file",
                       clock: Callable[[], float] = time.monotonic) -> T:
    """``fn()`` run on a daemon thread; its value, or its exception re-raised here. :class:`ReadCancelled` as soon
    as ``cancelled()`` is true, :class:`ReadTimedOut` after ``timeout_s`` — the calling thread never waits longer."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 — handed to the waiting thread
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=work, name="aigc-read", daemon=True).start()
    deadline = clock() + timeout_s
    while not done.wait(POLL_S):
        if cancelled is not None and cancelled():
            raise ReadCancelled()
        if clock() >= deadline:
            raise ReadTimedOut(f"Reading {what} took longer than {timeout_s:g} seconds (a slow or unreachable "
                               "drive?), so the job stopped. Copy the file to a local folder and try again.")
    if "error" in box:
        raise box["error"]
    return box["value"]


__all__ = ["NotARegularFile", "READ_TIMEOUT_S", "ReadCancelled", "ReadTimedOut", "call_with_deadline",
           "is_regular_file", "not_regular", "open_regular", "read_regular"]
