"""Stop strings as people type them: ``END, ###\\n`` is two strings, the second ending in a new line.

Shared by the Text panel's field and the command line's ``--stop`` so both read the same escapes
(``\\n`` new line, ``\\t`` tab, ``\\,`` a comma, ``\\s`` a space kept at an edge, ``\\\\`` a backslash).
"""
from __future__ import annotations

BACKSLASH_AT_END = "A backslash at the end: write \\\\ for a backslash."
UNKNOWN_ESCAPE = "Unknown escape \\%1: use \\n, \\t, \\, \\s or \\\\."
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", ",": ",", "s": " ", "\\": "\\"}


class StopStringError(ValueError):
    """A stop-strings text that cannot be read (an unknown escape or a backslash at the end).
    ``template`` and ``arg`` let a view translate the message (``%1`` stands for ``arg``)."""

    def __init__(self, template: str, arg: str = ""):
        self.template, self.arg = template, arg
        super().__init__(template.replace("%1", arg))


def parse_stop_strings(text: str) -> tuple[str, ...]:
    """``"END, ###\\n"`` -> ``("END", "###\\n")``. Unescaped spaces around an item are dropped; empty items
    are skipped. Raises :class:`StopStringError` for an unknown escape."""
    items: list[str] = []
    # Each char is kept with a flag "escaped" so that only unescaped spaces are trimmed.
    chars: list[tuple[str, bool]] = []

    def finish() -> None:
        start, end = 0, len(chars)
        while start < end and chars[start][0] == " " and not chars[start][1]:
            start += 1
        while end > start and chars[end - 1][0] == " " and not chars[end - 1][1]:
            end -= 1
        item = "".join(c for c, _ in chars[start:end])
        if item:
            items.append(item)
        chars.clear()

    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text):
                raise StopStringError(BACKSLASH_AT_END)
            nxt = text[i + 1]
            if nxt not in _ESCAPES:
                raise StopStringError(UNKNOWN_ESCAPE, nxt)
            chars.append((_ESCAPES[nxt], True))
            i += 2
            continue
        if c in ",\n\r":
            finish()
        else:
            chars.append((c, False))
        i += 1
    finish()
    return tuple(items)


def format_stop_strings(stops: tuple[str, ...] | list[str]) -> str:
    """The inverse of :func:`parse_stop_strings` for non-empty items."""
    out = []
    for s in stops:
        t = (s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
             .replace(",", "\\,"))
        # Leading/trailing spaces would be trimmed by parse: escape them.
        lead = len(t) - len(t.lstrip(" "))
        t = "\\s" * lead + t[lead:]
        trail = len(t) - len(t.rstrip(" "))
        if trail:
            t = t[: len(t) - trail] + "\\s" * trail
        out.append(t)
    return ", ".join(out)
