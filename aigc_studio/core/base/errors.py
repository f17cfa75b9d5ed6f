"""Errors whose message is written for the user: the engine, the command line and the views show ``str(err)``
as it is. Anything else that escapes a job is translated by :func:`user_message`."""
from __future__ import annotations

import errno
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a job spec or options, as data: the interface maps ``field`` to its control and
    translates ``message`` (an English template with ``{name}`` placeholders, the translation key) filled with
    ``args``; the command line prints :attr:`text`. ``field`` is "" when no single field explains it; ``code`` is
    a stable identifier for tests and scripts ("range", "empty", "wrong_type"...)."""
    field: str
    code: str
    message: str
    args: dict[str, Any] = dc_field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message.format(**self.args) if self.args else self.message

    def __str__(self) -> str:
        return self.text


class UserError(Exception):
    """An error caused by input or environment, with a message in the user's words."""


def as_problem(p: "Problem | str") -> Problem:
    """``p`` as a :class:`Problem`; a plain string (words no field explains, from code not yet converted) becomes
    ``Problem("", "other", p)``. Braces in such a string are taken literally (it has no arguments)."""
    if isinstance(p, Problem):
        return p
    return Problem("", "other", str(p))


def as_problems(items: Iterable["Problem | str"]) -> list[Problem]:
    return [as_problem(p) for p in items]


class InvalidParameters(UserError):
    """A job spec (or options, settings) that fails validation. ``problems`` is the list of :class:`Problem`;
    ``str(err)`` is their English text joined by "; " (what the command line prints)."""

    def __init__(self, problems: Iterable["Problem | str"]):
        self.problems: list[Problem] = as_problems(problems)
        super().__init__("; ".join(p.text for p in self.problems))


class Validated:
    """The ``validate()`` of every job spec (each spec has its own ``problems() -> list[Problem]``): the spec
    itself when nothing is wrong, otherwise :class:`InvalidParameters` listing the problems."""

    def validate(self):
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


class ModelError(UserError):
    """A model folder that is missing, not ours, mismatched with its card, corrupt or a pickle."""


def user_message(exc: BaseException) -> str:
    """A readable one-paragraph message for any exception that ends a job."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            # the file being written was not saved (its partial copy is removed); callers that saved others say so
            return "The disk is full: the file was not saved. Free some space or choose another output folder."
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            where = f" ({exc.filename})" if exc.filename else ""
            return f"The studio may not write there{where}. Choose another output folder in Settings."
        return f"A file operation failed: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    name = type(exc).__name__
    text = str(exc)
    if "No space left on device" in text or "os error 28" in text:   # a library's own error (SafetensorError)
        return "The disk is full: a file could not be written. Free some space and try again."
    if "out of memory" in text.lower() or name == "OutOfMemoryError" or isinstance(exc, MemoryError):
        return ("The device ran out of memory. Try a smaller batch or fewer tokens, close other programs, "
                "or switch the device to CPU in Settings.")
    return f"Unexpected error ({name}): {text}"
