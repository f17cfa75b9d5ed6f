"""Loss curves of a training run (pyqtgraph), fed a point at a time and repainted at most ~10 times a second.

``LossPlot(parent)``: ``add_point(name, step, value)`` appends to the named curve (no drawing: a ``QTimer`` redraws
what changed every ``REDRAW_MS``); ``clear()`` empties it; ``curve_names()`` / ``points(name)`` for tests and the
screenshot scripts. Curves whose name starts with "eval" (held-out figures) are drawn dashed with dots.

pyqtgraph (about 0.4 s to import) is never imported on the GUI thread: the engine's warm-up loads it
(``widgets/plots.py``), then the main window builds this view in its own event-loop turn (``ensure_view()``, measured
under 16 ms); shown before that, the placeholder stays until pyqtgraph is loaded (``request_view()``). Points that
arrive before are kept and drawn then. ``ensure_view()`` called directly (tests) imports pyqtgraph if nobody has.
"""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

REDRAW_MS = 100                    # at most 10 repaints a second, however fast the points come
MAX_POINTS = 20_000                # per curve; older points are thinned (every other one) beyond this

# distinct colours that read on light and dark backgrounds
_COLOURS = ("#3a86ff", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


def _mix(a: QColor, b: QColor, share_a: float) -> QColor:
    """The colour ``share_a`` of the way from ``b`` to ``a``."""
    k = max(0.0, min(1.0, share_a))
    return QColor(round(a.red() * k + b.red() * (1 - k)), round(a.green() * k + b.green() * (1 - k)),
                  round(a.blue() * k + b.blue() * (1 - k)))


class LossPlot(QWidget):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None, y_label: str = "", label_of: Any = None):
        super().__init__(parent)
        self._label_of = label_of or (lambda name: name)      # a curve's name -> the words in the legend
        self._data: dict[str, tuple[list[float], list[float]]] = {}
        self._dirty: set[str] = set()
        self._curves: dict[str, Any] = {}
        self._pg: Any = None
        self.plot: Any = None
        self._widget: Any = None             # made by make_widget(), not yet set up
        self._view_requested = False
        self._legend: Any = None
        self._y_label = y_label or self.tr("loss")
        self.redraws = 0                     # how many times curves were drawn (tests check the coalescing)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(self.tr("The loss curves appear here once training starts."), self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._lay.addWidget(self._placeholder)
        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("LossPlotLegend")
        self.legend_label.setWordWrap(True)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_label.hide()
        self._legend_colours: dict[str, str] = {}     # curve name -> its colour, in the order they came
        self.setMinimumHeight(140)

    # --- data ---------------------------------------------------------------------------------------------------
    def add_point(self, name: str, step: int, value: float) -> None:
        """Append a point (non-finite values are skipped); drawn at the next redraw tick."""
        try:
            v = float(value)
        except (TypeError, ValueError):
            return
        if not math.isfinite(v):
            return
        xs, ys = self._data.setdefault(str(name), ([], []))
        xs.append(float(step))
        ys.append(v)
        if len(xs) > MAX_POINTS:
            del xs[:MAX_POINTS // 2:2], ys[:MAX_POINTS // 2:2]
        self._dirty.add(str(name))
        if not self._timer.isActive():
            self._timer.start()

    def clear(self) -> None:
        self._data.clear()
        self._dirty.clear()
        for curve in self._curves.values():
            if self.plot is not None:
                self.plot.removeItem(curve)
        self._curves.clear()
        self._legend_colours.clear()
        self._update_legend()

    def legend_text(self) -> str:
        """The legend's words (plain), in the order the curves came."""
        return "   ".join(str(self._label_of(n)) for n in self._legend_colours)

    def _update_legend(self) -> None:
        from html import escape
        if not self._legend_colours or self.plot is None:
            self.legend_label.hide()
            return
        dashed = {n for n in self._legend_colours if n.startswith("eval") or n.startswith("heldout")}
        self.legend_label.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{c}'><b>{'┅' if n in dashed else '━'}</b></span>&nbsp;"
            f"{escape(str(self._label_of(n)))}" for n, c in self._legend_colours.items()))
        self.legend_label.show()

    def curve_names(self) -> list[str]:
        return list(self._data)

    def points(self, name: str) -> tuple[list[float], list[float]]:
        xs, ys = self._data.get(name, ([], []))
        return list(xs), list(ys)

    def drawn_points(self, name: str) -> int:
        """How many points of ``name`` the view shows (0 before it is built)."""
        curve = self._curves.get(name)
        if curve is None:
            return 0
        xs, _ = curve.getData()
        return 0 if xs is None else len(xs)

    # --- view ---------------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.request_view()

    def request_view(self) -> bool:
        """Build the view as soon as pyqtgraph is loaded (at once when it is). True when it is built now."""
        if self.plot is not None:
            return True
        if self._view_requested:
            return False
        self._view_requested = True
        from aigc_studio.ui.widgets import plots
        return plots.when_ready(self._on_plots_ready)

    def _on_plots_ready(self) -> None:
        from aigc_studio.ui.widgets import plots
        self._view_requested = False
        if plots.is_ready():
            self.ensure_view()
        else:
            self._placeholder.setText(self.tr("The loss curves cannot be drawn: the plotting library (pyqtgraph) "
                                              "could not be loaded. The figures below are still updated."))

    def make_widget(self) -> None:
        """The first half of building the view (the window runs it in its own event-loop turn: together they took
        14–18 ms): the pyqtgraph widget, not yet shown nor drawn."""
        if self.plot is not None or self._widget is not None:
            return
        from aigc_studio.ui.widgets import plots
        pg = plots.pg()
        self._pg = pg
        # no pyqtgraph context menu: its words are not translated, and building it cost 4-10 ms
        self._widget = pg.PlotWidget(self, background=self.palette().color(QPalette.ColorRole.Base),
                                     enableMenu=False)
        self._widget.setObjectName("LossPlotView")
        self._widget.hide()

    def ensure_view(self) -> None:
        """Build the pyqtgraph view now and draw what has come so far (imports pyqtgraph on the calling thread
        if nobody has: tests; the window calls it once the engine's warm-up has loaded it)."""
        if self.plot is not None:
            return
        self.make_widget()
        self.plot, self._widget = self._widget, None
        pg = self._pg
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.Text)
        # The grid: opaque lines of a colour between the text and the background, not translucent ones (pyqtgraph's
        # alpha grid): blending them over the whole plot doubled a repaint's cost (measured 12 ms -> 5.7 ms at
        # 700x300 on a 2-core machine; the curves repaint up to 10 times a second while a model trains).
        grid = _mix(fg, pal.color(QPalette.ColorRole.Base), 0.2)
        for axis in ("left", "bottom"):
            ax = self.plot.getAxis(axis)
            ax.setPen(pg.mkPen(grid))
            ax.setTextPen(pg.mkPen(fg))
        self.plot.setLabel("bottom", self.tr("step"))
        self.plot.setLabel("left", self._y_label)
        self.plot.showGrid(x=True, y=True, alpha=1.0)
        # the legend is a line of coloured names above the plot (``legend_label``), never over the curves
        self._lay.removeWidget(self._placeholder)
        self._placeholder.hide()
        self._lay.addWidget(self.legend_label)
        self._lay.addWidget(self.plot, 1)
        self.plot.show()
        self._update_legend()
        self._dirty.update(self._data)
        self._redraw()

    @Slot()
    def _redraw(self) -> None:
        if not self._dirty:
            self._timer.stop()
            return
        if self.plot is None:
            return                              # drawn when the view is built
        pg = self._pg
        for name in sorted(self._dirty):
            xs, ys = self._data.get(name, ([], []))
            curve = self._curves.get(name)
            if curve is None:
                colour = QColor(_COLOURS[len(self._curves) % len(_COLOURS)])
                held_out = name.startswith("eval") or name.startswith("heldout")
                pen = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine if held_out else Qt.PenStyle.SolidLine)
                kw = {"symbol": "o", "symbolSize": 5, "symbolBrush": colour, "symbolPen": None} if held_out else {}
                curve = self.plot.plot(pen=pen, **kw)
                self._curves[name] = curve
                self._legend_colours[name] = colour.name()
                self._update_legend()
            curve.setData(xs, ys)
        self._dirty.clear()
        self.redraws += 1
