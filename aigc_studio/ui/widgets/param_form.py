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
* :class:`FormErrors` — shows a panel's problems next to the controls that cause them (rows of its ParamForms,
  message labels for fields outside a form, one label for the rest), focuses the first and says it in the status.
* :func:`spin_box` / :func:`exact_spin_box` — the number boxes of the forms, set up in one call.
* :func:`read_number` — a remembered number from saved settings, only when it has the right type and range.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from aigc_studio.core.jobs.stopstrings import (StopStringError, format_stop_strings,  # noqa: F401 (re-exported)
                                               parse_stop_strings)

# The core's stop-string messages, for lupdate (translated by stop_string_message()).
_STOP_MESSAGES = (QT_TRANSLATE_NOOP("ParamForm", "A backslash at the end: write \\\\ for a backslash."),
                  QT_TRANSLATE_NOOP("ParamForm", "Unknown escape \\%1: use \\n, \\t, \\, \\s or \\\\."))
_CHECK_SETTINGS = QT_TRANSLATE_NOOP("ParamForm", "Check the settings: %1")


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

    def __init__(self, colour: str = ERROR_COLOUR, parent: QWidget | None = None, name: str = ""):
        super().__init__(parent)
        if name:
            self.setObjectName(name)
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


class FormErrors:
    """Shows a panel's problems (``{field: [messages]}``, "" for those no single control explains) where they belong.

    A field of one of ``forms`` is shown under its row; a field of ``labels`` in that label (several fields may share
    one); anything else in ``rest``. ``report`` names the labels :meth:`shown` lists (and that :meth:`show` clears
    first), ``focus`` the controls outside the forms, in the order the panel shows them: the first field with a
    problem gets the focus and its first message goes to ``status``. ``hints[field]()`` may give a better message
    for a field (a model is missing because none is installed). With ``rank_rest`` the "" problems come before
    fields no control holds when choosing which is first."""

    def __init__(self, forms: list[ParamForm], rest: MessageLabel, report: dict[str, MessageLabel],
                 labels: dict[str, MessageLabel], focus: dict[str, QWidget], status: Callable[[str], Any],
                 hints: dict[str, Callable[[], str]] | None = None, rank_rest: bool = False):
        self.forms, self.rest, self.report, self.labels = forms, rest, report, labels
        self.focus, self.status, self.hints, self.rank_rest = focus, status, hints or {}, rank_rest

    def show(self, errors: dict[str, list[str]]) -> None:
        for form in self.forms:
            form.clear_errors()
        for label in self.report.values():
            label.clear_message()
        if not errors:
            return
        by_label: dict[MessageLabel, list[str]] = {}
        rest: list[str] = []
        for name, msgs in errors.items():
            form = next((f for f in self.forms if name in f.messages), None)
            if form is not None:
                form.messages[name].show_message("\n".join(msgs))
            elif name in self.labels:
                hint = self.hints[name]() if name in self.hints else ""
                by_label.setdefault(self.labels[name], []).extend([hint] if hint else msgs)
            else:
                rest.extend(msgs)
        for label, msgs in by_label.items():
            label.show_message("\n".join(msgs))
        if rest:
            self.rest.show_message("\n".join(rest))
        order = [*self.focus, *(name for f in self.forms for name in f.widgets), *([""] if self.rank_rest else [])]
        first = min(errors, key=lambda k: order.index(k) if k in order else len(order))
        target = self.focus.get(first) or next((f.widgets[first] for f in self.forms if first in f.widgets), None)
        if target is not None:
            target.setFocus()
        self.status(QCoreApplication.translate("ParamForm", _CHECK_SETTINGS).replace("%1", errors[first][0]))

    def shown(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        out = {}
        for form in self.forms:
            out.update({name: m.text() for name, m in form.messages.items() if not m.isHidden()})
        out.update({name: m.text() for name, m in self.report.items() if not m.isHidden()})
        return out


def spin_box(parent: QWidget, lo: int, hi: int, value: int | None = None, step: int = 0, suffix: str = "",
             special: str = "") -> QSpinBox:
    """A ``QSpinBox`` from ``lo`` to ``hi`` (wider than the spec allows, so the spec's own message explains)."""
    box = QSpinBox(parent)
    box.setRange(lo, hi)
    if step:
        box.setSingleStep(step)
    if value is not None:
        box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    if special:
        box.setSpecialValueText(special)
    return box


def exact_spin_box(parent: QWidget, lo: float, hi: float, decimals: int, step: float, suffix: str = "",
                   special: str = "") -> ExactDoubleSpinBox:
    box = ExactDoubleSpinBox(parent)
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    if suffix:
        box.setSuffix(suffix)
    if special:
        box.setSpecialValueText(special)
    return box


def read_number(p: dict[str, Any], key: str, kind: type, lo: float | None = None, hi: float | None = None) -> Any:
    """``p[key]`` as ``kind`` (int or float) when it is a finite number of that kind within [lo, hi], else None: a
    damaged settings file changes nothing."""
    v = p.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    if kind is int and not float(v).is_integer():
        return None
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        return None
    return kind(v)
