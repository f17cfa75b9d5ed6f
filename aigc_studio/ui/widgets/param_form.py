"""Pieces of a parameter form shared by the generation panels.

* :class:`ParamForm` — a ``QFormLayout`` in which every row carries a (normally hidden) message label right under
  its control, so a refused parameter is explained next to the control that holds it.
* :class:`ExactDoubleSpinBox` — a ``QDoubleSpinBox`` that remembers a value it was given with more decimals than
  it shows, so restoring a saved spec and generating again uses exactly the saved value.
* :func:`parse_stop_strings` / :func:`format_stop_strings` — the stop-strings line edit: items separated by commas
  or new lines, with the escapes ``\\n`` (new line), ``\\t`` (tab), ``\\r``, ``\\,`` (a comma), ``\\s`` (a space,
  for a leading or trailing one) and ``\\\\`` (a backslash). ``format`` is the exact inverse of ``parse``.
* :func:`problems_by_field` — attributes the problems a spec reports (``spec.problems()``, the single source of
  truth for what is valid) to the fields that cause them.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_COLOUR = "#d64541"      # readable on light and dark palettes
WARNING_COLOUR = "#b7791f"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", ",": ",", "s": " ", "\\": "\\"}


class StopStringError(ValueError):
    """A stop-strings text that cannot be read (an unknown escape or a backslash at the end)."""


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
                raise StopStringError(QCoreApplication.translate(
                    "ParamForm", "A backslash at the end: write \\\\ for a backslash."))
            nxt = text[i + 1]
            if nxt not in _ESCAPES:
                raise StopStringError(QCoreApplication.translate(
                    "ParamForm", "Unknown escape \\%1: use \\n, \\t, \\, \\s or \\\\.").replace("%1", nxt))
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


def problems_by_field(spec: Any, valid_base: Any) -> tuple[dict[str, list[str]], list[str]]:
    """``spec.problems()`` split by the field that causes each one.

    For every field, ``valid_base`` (a spec with no problems) is given that one field's value; the problems that
    appear belong to the field. Problems no single field explains are returned as the second item."""
    all_problems = list(spec.problems())
    by_field: dict[str, list[str]] = {}
    explained: set[str] = set()
    for f in dataclasses.fields(spec):
        value = getattr(spec, f.name)
        if value == getattr(valid_base, f.name):
            continue
        ps = dataclasses.replace(valid_base, **{f.name: value}).problems()
        if ps:
            by_field[f.name] = ps
            explained.update(ps)
    rest = [p for p in all_problems if p not in explained]
    return by_field, rest


class ExactDoubleSpinBox(QDoubleSpinBox):
    """Remembers the exact value given by :meth:`set_exact` while the box still shows it (rounded)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._exact: float | None = None

    def set_exact(self, value: float) -> None:
        self._exact = float(value)
        self.setValue(float(value))

    def exact_value(self) -> float:
        v = self.value()
        if self._exact is not None and abs(round(self._exact, self.decimals()) - v) < 10 ** -(self.decimals() + 2):
            return self._exact
        return v


class MessageLabel(QLabel):
    """A word-wrapped message shown under a control or a group; hidden when empty."""

    def __init__(self, colour: str = ERROR_COLOUR, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_colour(colour)
        self.hide()

    def set_colour(self, colour: str) -> None:
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.setPalette(pal)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


class ParamForm(QWidget):
    """A form whose rows each have a message label under the control: ``add_row(name, label, widget, tip)``,
    then ``show_errors({name: [messages]})`` / ``clear_errors()``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, MessageLabel] = {}
        self.labels: dict[str, QLabel] = {}

    def add_row(self, name: str, label: str, widget: QWidget, tip: str = "") -> QWidget:
        holder = QWidget(self)
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        msg = MessageLabel(parent=holder)
        msg.setObjectName(f"{name}_message")
        lay.addWidget(msg)
        lab = QLabel(label, self)
        lab.setBuddy(widget)
        if tip:
            widget.setToolTip(tip)
            lab.setToolTip(tip)
        self.form.addRow(lab, holder)
        self.widgets[name] = widget
        self.messages[name] = msg
        self.labels[name] = lab
        return widget

    def clear_errors(self) -> None:
        for m in self.messages.values():
            m.clear_message()

    def show_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Show each field's messages under it; returns the messages of fields this form does not have."""
        self.clear_errors()
        rest = []
        for name, msgs in errors.items():
            if name in self.messages:
                self.messages[name].show_message("\n".join(msgs))
            else:
                rest.extend(msgs)
        return rest

    def message_of(self, name: str) -> str:
        m = self.messages.get(name)
        return m.text() if m is not None and m.isVisibleTo(self) else ""
