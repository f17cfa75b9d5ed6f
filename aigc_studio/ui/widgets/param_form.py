"""Pieces of a parameter form shared by the generation panels.

* :class:`ParamForm` — a ``QFormLayout`` in which every row carries a (normally hidden) message label right under
  its control, so a refused parameter is explained next to the control that holds it.
* :class:`ExactDoubleSpinBox` — a ``QDoubleSpinBox`` that remembers a value it was given with more decimals than
  it shows, so restoring a saved spec and generating again uses exactly the saved value.
* :func:`parse_stop_strings` / :func:`format_stop_strings` — the stop-strings line edit: items separated by commas
  or new lines, with the escapes ``\\n`` (new line), ``\\t`` (tab), ``\\r``, ``\\,`` (a comma), ``\\s`` (a space,
  for a leading or trailing one) and ``\\\\`` (a backslash). ``format`` is the exact inverse of ``parse``.
* :func:`problems_by_field` — the problems a spec reports (``spec.problems()``, the single source of truth for
  what is valid) by the field each ``Problem`` names.
* :class:`FormErrors` — shows a panel's problems next to the controls that cause them (rows of its ParamForms,
  message labels for fields outside a form, one label for the rest), focuses the first and says it in the status.
* :func:`spin_box` / :func:`exact_spin_box` — the number boxes of the forms, set up in one call.
* :func:`read_number` — a remembered number from saved settings, only when it has the right type and range.
* :class:`Param` / :class:`FormTable` — a panel's form as a table (name, widget kind, range or choices, default,
  label, tooltip): builds the controls, reads the spec fields, fills them from a spec, saves and restores them.
* :class:`SliderSpin` — a slider with an exact number box beside it.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QSlider,
                               QSpinBox, QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import Problem, as_problems
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


def problems_by_field(spec: Any) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """``spec.problems()`` (:class:`Problem` data) split by the field each one names, in their order; the second
    item holds those that name no field of ``spec``."""
    names = {f.name for f in dataclasses.fields(spec)}
    by_field: dict[str, list[Problem]] = {}
    rest: list[Problem] = []
    for p in as_problems(spec.problems()):
        if p.field in names:
            by_field.setdefault(p.field, []).append(p)
        else:
            rest.append(p)
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


# ================================================================================================ form tables ==
@dataclass(frozen=True)
class Param:
    """One row of a panel's form table. ``label``, ``tip``, ``suffix``, ``special`` and ``check`` are source texts
    marked with ``QT_TRANSLATE_NOOP(<the panel's context>, ...)`` and translated when the form is built.

    ``kind``: "int" (a spin box), "float" (an exact spin box; ``slider`` adds a slider beside it) or "choice" (a
    combo box of ``choices``: (label, value) pairs). ``lo``/``hi`` are the box's range — wider than the spec
    allows, so the spec's own message explains a bad value; ``saved`` the range a remembered value must lie in to be
    restored (None: any). ``default`` None takes the spec's default. ``check`` puts a check box before the control
    (remembered as ``<name>_on``). ``in_spec`` False: a setting of the panel, not a spec field. ``group`` names the
    ParamForm the row goes to."""
    name: str
    kind: str
    label: str
    tip: str = ""
    lo: float = 0
    hi: float = 0
    default: Any = None
    decimals: int = 2
    step: float = 0
    suffix: str = ""
    special: str = ""
    choices: tuple[tuple[str, Any], ...] = ()
    saved: tuple[float, float] | None = None
    check: str = ""
    slider: bool = False
    in_spec: bool = True
    group: str = ""


class SliderSpin(QWidget):
    """A slider with an exact number box next to it (the box keeps a restored value exactly)."""

    def __init__(self, lo: float, hi: float, step: float, decimals: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self._step = step
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(round(lo / step), round(hi / step))
        self.spin = exact_spin_box(self, lo, hi, decimals, step)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)

    def _from_slider(self, v: int) -> None:
        if round(self.spin.value() / self._step) != v:
            self.spin.setValue(v * self._step)

    def _from_spin(self, v: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(v / self._step))
        self.slider.blockSignals(False)

    def value(self) -> float:
        return self.spin.exact_value()

    def setValue(self, v: float) -> None:  # noqa: N802 — the spin boxes' name
        self.spin.setValue(float(v))

    def set_exact(self, v: float) -> None:
        self.spin.set_exact(float(v))


class FormTable:
    """A panel's declarative form: builds the controls of ``params`` into ParamForms, reads their values for a
    spec, sets them from a spec, and saves / restores them (``settings.last_params[kind]``).

    ``context`` is the panel's translation context; ``defaults`` a spec whose fields give the defaults."""

    def __init__(self, context: str, params: tuple[Param, ...], defaults: Any):
        self.context, self.params, self.defaults = context, params, defaults
        self.widgets: dict[str, QWidget] = {}        # name -> the control (a SliderSpin's box for errors: ``box``)
        self.checks: dict[str, QCheckBox] = {}

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(self.context, text) if text else ""

    def default(self, p: Param) -> Any:
        return p.default if p.default is not None else getattr(self.defaults, p.name)

    def build(self, parent: QWidget, forms: dict[str, ParamForm]) -> dict[str, QWidget]:
        """Make every control and add its row to ``forms[param.group]``; returns name -> control."""
        for p in self.params:
            w = self._make(parent, p)
            self.widgets[p.name] = w
            row: QWidget = w
            if p.check:
                check = QCheckBox(self.tr(p.check), parent)
                self.checks[p.name] = check
                row = QWidget(parent)
                lay = QHBoxLayout(row)
                lay.setContentsMargins(0, 0, 0, 0)
                lay.setSpacing(6)
                lay.addWidget(check)
                lay.addWidget(w, 1)
            form = forms[p.group]
            form.add_row(p.name, self.tr(p.label), row, self.tr(p.tip))
            form.widgets[p.name] = w.spin if isinstance(w, SliderSpin) else w     # what gets the focus
        self.reset()
        return self.widgets

    def _make(self, parent: QWidget, p: Param) -> QWidget:
        if p.kind == "int":
            return spin_box(parent, int(p.lo), int(p.hi), step=int(p.step), suffix=self.tr(p.suffix),
                            special=self.tr(p.special))
        if p.kind == "float":
            if p.slider:
                return SliderSpin(p.lo, p.hi, p.step, p.decimals, parent)
            return exact_spin_box(parent, p.lo, p.hi, p.decimals, p.step, suffix=self.tr(p.suffix),
                                  special=self.tr(p.special))
        if p.kind == "choice":
            box = QComboBox(parent)
            for label, value in p.choices:
                box.addItem(self.tr(label), value)
            return box
        raise ValueError(f"unknown parameter kind {p.kind!r}")

    # --- values -----------------------------------------------------------------------------------------------
    def value(self, name: str) -> Any:
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, (ExactDoubleSpinBox, SliderSpin)):
            return w.exact_value() if isinstance(w, ExactDoubleSpinBox) else w.value()
        return w.value()

    def set_value(self, name: str, v: Any) -> None:
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            i = w.findData(v)
            if i >= 0:
                w.setCurrentIndex(i)
        elif isinstance(w, (ExactDoubleSpinBox, SliderSpin)):
            w.set_exact(float(v))
        else:
            w.setValue(int(v))

    def checked(self, name: str) -> bool:
        return self.checks[name].isChecked()

    def spec_values(self) -> dict[str, Any]:
        """The spec fields the form holds."""
        return {p.name: self.value(p.name) for p in self.params if p.in_spec}

    def fill(self, spec: Any) -> None:
        """Set every spec field of the form from ``spec`` (a restored asset)."""
        for p in self.params:
            if p.in_spec:
                self.set_value(p.name, getattr(spec, p.name))

    def reset(self) -> None:
        for p in self.params:
            self.set_value(p.name, self.default(p))

    # --- remembered settings ----------------------------------------------------------------------------------
    def save(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for p in self.params:
            out[p.name] = self.value(p.name)
            if p.check:
                out[f"{p.name}_on"] = self.checked(p.name)
        return out

    def restore(self, saved: dict[str, Any]) -> None:
        """Apply remembered values, each only when it has the right type and range (a damaged file changes
        nothing)."""
        for p in self.params:
            if p.kind == "choice":
                if saved.get(p.name) in [v for _, v in p.choices]:
                    self.set_value(p.name, saved[p.name])
            else:
                lo, hi = p.saved if p.saved is not None else (None, None)
                v = read_number(saved, p.name, int if p.kind == "int" else float, lo, hi)
                if v is not None:
                    self.set_value(p.name, v)
            if p.check and isinstance(saved.get(f"{p.name}_on"), bool):
                self.checks[p.name].setChecked(saved[f"{p.name}_on"])
