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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from aigc_studio.core.jobs.stopstrings import (StopStringError, format_stop_strings,  # noqa: F401 (re-exported)
                                               parse_stop_strings)

# The core's stop-string messages, for lupdate (translated by stop_string_message()).
_STOP_MESSAGES = (QT_TRANSLATE_NOOP("ParamForm", "A backslash at the end: write \\\\ for a backslash."),
                  QT_TRANSLATE_NOOP("ParamForm", "Unknown escape \\%1: use \\n, \\t, \\, \\s or \\\\."))


def stop_string_message(exc: StopStringError) -> str:
    """The error in the interface's language."""
    return QCoreApplication.translate("ParamForm", exc.template).replace("%1", exc.arg)

ERROR_COLOUR = "#d64541"      # readable on light and dark palettes
WARNING_COLOUR = "#b7791f"



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
