"""Views of a sound: a waveform and a spectrogram (pyqtgraph), small waveform thumbnails (QPainter), and the numpy
STFT behind the spectrogram.

* :class:`WaveformView` — amplitude over time (-1..1); pyqtgraph's peak downsampling keeps long sounds cheap to
  draw. :class:`SpectrogramView` — the STFT magnitude in dB (time across, frequency up). Both have a playhead and
  a fixed time range (``duration``) so a sound streaming in grows from the left instead of rescaling each time.
* :class:`IncrementalSpectrogram` — the STFT of a growing sound: each update computes only the frames that became
  complete since the last one, so redrawing a streaming sound costs the new part, not the whole.
* :func:`waveform_pixmap` — a small min/max envelope picture for lists.

pyqtgraph is not imported with this module (it costs about 0.4 s): the engine's warm-up loads it off the GUI thread
(``widgets/plots.py``) and the views are made once it is (``widgets/sound_view.py``).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QVBoxLayout, QWidget

from aigc_studio.ui.components.sound_list import mono  # noqa: F401 (used here, and re-exported)

FLOOR_DB = -90.0
F_MIN = 40.0                 # the lowest frequency the spectrogram shows (Hz)
ROWS = 256                   # log-frequency rows of the spectrogram
AXIS_WIDTH = 44              # both plots' left axes: their time axes line up


def _pg() -> Any:
    from aigc_studio.ui.widgets import plots
    return plots.pg()          # configured there (no antialiasing, column-major images)


def fft_size(sample_rate: int) -> int:
    """About 32 ms of sound per STFT frame (512 samples at 16 kHz, 1024 at 44.1/48 kHz)."""
    return 512 if sample_rate <= 24000 else 1024


def stft_db(samples: Any, n_fft: int = 512, hop: int | None = None) -> np.ndarray:
    """STFT magnitude in dB re full scale, shape (frames, n_fft // 2 + 1), clipped to [-90, 0]. Frame k is centred
    on sample k * hop (the sound is padded with n_fft / 2 zeros in front); only complete frames are returned."""
    spec = IncrementalSpectrogram(n_fft, hop)
    return spec.update(mono(samples))


def log_frequencies(rows: int, sample_rate: int, f_min: float = F_MIN) -> np.ndarray:
    """The centre frequency of each row of a log-frequency spectrogram, from ``f_min`` to Nyquist."""
    return f_min * (sample_rate / 2 / f_min) ** (np.arange(rows) / max(rows - 1, 1))


class IncrementalSpectrogram:
    """The STFT of a sound that grows at its end: :meth:`update` computes only the frames not computed before.

    With ``rows`` (and ``sample_rate``) each frame is resampled onto ``rows`` log-spaced frequencies from
    ``F_MIN`` to Nyquist (linear interpolation between bins): notes and their harmonics get equal room instead of
    crowding the bottom of a linear axis."""

    def __init__(self, n_fft: int = 512, hop: int | None = None, rows: int | None = None, sample_rate: int = 0):
        self.n_fft = int(n_fft)
        self.hop = int(hop or n_fft // 4)
        self._window = np.hanning(self.n_fft).astype(np.float32)
        self._scale = 4.0 / self.n_fft                   # a full-scale sine reads about 0 dB
        self._map: tuple[np.ndarray, np.ndarray] | None = None
        if rows:
            pos = log_frequencies(rows, sample_rate) * self.n_fft / sample_rate     # fractional bin of each row
            lo = np.minimum(pos.astype(np.int64), self.n_fft // 2 - 1)
            self._map = (lo, (pos - lo).astype(np.float32))
        self.reset()

    def reset(self) -> None:
        self._frames = 0
        width = len(self._map[0]) if self._map is not None else self.n_fft // 2 + 1
        self._buf = np.zeros((0, width), np.float32)     # grows by doubling: O(new frames) a call

    @property
    def frames(self) -> int:
        return self._frames

    def update(self, samples: np.ndarray, final: bool = False) -> np.ndarray:
        """The dB frames of ``samples`` (the same sound as before, longer or equal). ``final``: the sound is
        complete, so its end is padded with silence and the last frames are computed too."""
        pad = self.n_fft // 2
        if final:
            samples = np.concatenate([samples, np.zeros(pad, np.float32)])
        total = samples.size + pad
        n_frames = 1 + (total - self.n_fft) // self.hop if total >= self.n_fft else 0
        if n_frames > self._frames:
            first = self._frames * self.hop - pad          # where the first new frame starts in ``samples``
            seg = samples[max(first, 0):(n_frames - 1) * self.hop - pad + self.n_fft]
            if first < 0:
                seg = np.concatenate([np.zeros(-first, np.float32), seg])
            frames = np.lib.stride_tricks.sliding_window_view(seg, self.n_fft)[::self.hop]
            mag = np.abs(np.fft.rfft(frames * self._window, axis=1)) * self._scale
            block = np.minimum(20.0 * np.log10(np.maximum(mag, 10 ** (FLOOR_DB / 20))), 0.0)
            if self._map is not None:
                lo, frac = self._map
                block = block[:, lo] * (1.0 - frac) + block[:, lo + 1] * frac
            if n_frames > self._buf.shape[0]:
                grown = np.empty((max(n_frames, 2 * self._buf.shape[0]), self._buf.shape[1]), np.float32)
                grown[:self._frames] = self._buf[:self._frames]
                self._buf = grown
            self._buf[self._frames:n_frames] = block
            self._frames = n_frames
        return self._buf[:self._frames]


def waveform_icon(samples: Any, size: tuple[int, int], palette: QPalette,
                  duration_samples: int | None = None) -> QIcon:
    """A list icon of the waveform, drawn in the highlight colour, and in the highlighted-text colour when its row
    is selected (so it stays visible on the selection)."""
    w, h = size
    icon = QIcon(waveform_pixmap(samples, w, h, palette.color(QPalette.ColorRole.Highlight), duration_samples))
    icon.addPixmap(waveform_pixmap(samples, w, h, palette.color(QPalette.ColorRole.HighlightedText),
                                   duration_samples), QIcon.Mode.Selected)
    return icon


def waveform_pixmap(samples: Any, width: int = 120, height: int = 28, colour: QColor | None = None,
                    duration_samples: int | None = None) -> QPixmap:
    """A small picture of the waveform's min/max envelope. ``duration_samples`` fixes the time scale (a sound
    still streaming in fills the picture from the left)."""
    pix = QPixmap(max(1, width), max(1, height))
    pix.fill(Qt.GlobalColor.transparent)
    x = mono(samples)
    span = max(x.size, int(duration_samples or 0))
    if x.size == 0 or span == 0:
        return pix
    cols = max(1, min(width, int(round(width * x.size / span))))
    edges = np.linspace(0, x.size, cols + 1).astype(np.int64)
    edges[-1] = x.size
    idx = np.minimum(edges[:-1], x.size - 1)
    hi = np.maximum.reduceat(x, idx)
    lo = np.minimum.reduceat(x, idx)
    mid = (height - 1) / 2.0
    p = QPainter(pix)
    p.setPen(QPen(colour or QColor("#3d7fd9"), 1))
    for i in range(cols):
        y0 = int(round(mid - float(np.clip(hi[i], -1, 1)) * mid))
        y1 = int(round(mid - float(np.clip(lo[i], -1, 1)) * mid))
        p.drawLine(i, y0, i, max(y0, y1))
    p.end()
    return pix


def plot_widget(parent: QWidget) -> Any:
    """A bare pyqtgraph plot widget, hidden, for a view made in two steps (half of a view's 14–17 ms). No pyqtgraph
    context menu: its words are not translated, and making it cost 4–10 ms more."""
    plot = _pg().PlotWidget(parent, background=parent.palette().color(QPalette.ColorRole.Base), enableMenu=False)
    plot.hide()
    return plot


class _PlotView(QWidget):
    """A pyqtgraph plot with a time axis, a playhead and a fixed time range."""

    def __init__(self, parent: QWidget | None = None, plot: Any = None):
        """``plot``: a widget made beforehand by :func:`plot_widget` (the window makes the views in small steps),
        else one is made now."""
        super().__init__(parent)
        pg = _pg()
        self._pg = pg
        pal = self.palette()
        self.plot = plot if plot is not None else plot_widget(self)
        self.plot.setParent(self)
        self.plot.show()
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=True, y=False)
        text = pal.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setTextPen(text)
            axis.setPen(pal.color(QPalette.ColorRole.Mid))
            axis.enableAutoSIPrefix(False)          # seconds stay seconds (not "ms" on one plot and s on the other)
        self.plot.getAxis("left").setWidth(AXIS_WIDTH)
        self.playhead = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(QColor("#e0a030"), width=1))
        self.playhead.setZValue(10)
        self.playhead.hide()
        self.plot.addItem(self.playhead, ignoreBounds=True)
        self.duration = 1.0
        self.redraw_count = 0              # drawn updates (tests check the coalescing)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def set_duration(self, seconds: float) -> None:
        self.duration = max(float(seconds), 1e-3)
        self.plot.setLimits(xMin=0.0, xMax=self.duration)
        self.plot.setXRange(0.0, self.duration, padding=0)

    def set_playhead(self, seconds: float | None) -> None:
        if seconds is None or seconds < 0:
            self.playhead.hide()
        else:
            self.playhead.setValue(seconds)
            self.playhead.show()


class WaveformView(_PlotView):
    """Amplitude over time."""

    def __init__(self, parent: QWidget | None = None, plot: Any = None):
        super().__init__(parent, plot)
        pen = self._pg.mkPen(self.palette().color(QPalette.ColorRole.Highlight), width=1)
        self.curve = self.plot.plot(pen=pen)
        self.curve.setDownsampling(auto=True, method="peak")
        self.curve.setClipToView(True)
        self.plot.setYRange(-1.0, 1.0, padding=0.02)
        self.plot.getAxis("left").setTicks([[(-1, "-1"), (0, "0"), (1, "1")]])
        self.samples = np.zeros(0, np.float32)

    def set_sound(self, samples: Any, sample_rate: int, duration: float | None = None) -> None:
        x = mono(samples)
        self.samples = x
        seconds = duration if duration is not None else x.size / max(sample_rate, 1)
        if abs(seconds - self.duration) > 1e-9:
            self.set_duration(seconds)
        t = np.arange(x.size, dtype=np.float32) / np.float32(max(sample_rate, 1))
        self.curve.setData(t, x)
        self.redraw_count += 1

    def clear(self) -> None:
        self.samples = np.zeros(0, np.float32)
        self.curve.setData([], [])
        self.set_playhead(None)


class SpectrogramView(_PlotView):
    """STFT magnitude in dB: time across, frequency up on a log scale (``F_MIN`` to Nyquist). Fed the whole
    sound so far on each update; the STFT is kept between updates of the same sound (``key``) and only its new
    frames are computed."""

    def __init__(self, parent: QWidget | None = None, plot: Any = None):
        super().__init__(parent, plot)
        pg = self._pg
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("inferno"))
        self.plot.addItem(self.image)
        seconds = QCoreApplication.translate("SoundView", "s")          # the time axis' unit, seconds
        if seconds != "s":
            self.plot.getAxis("bottom").enableAutoSIPrefix(False)      # no "m秒": a translated unit keeps its name
        self.plot.setLabel("bottom", units=seconds)
        self.plot.setYRange(0, ROWS, padding=0)
        self.plot.setLimits(yMin=0, yMax=ROWS)
        self._set_frequency_ticks(16000)
        self._key: Any = None
        self._rate = 0
        self._spec: IncrementalSpectrogram | None = None
        self.frames = 0

    def set_sound(self, samples: Any, sample_rate: int, duration: float | None = None, key: Any = None,
                  final: bool = False) -> None:
        """Show ``samples``; ``key`` names the sound (the same key: only new frames are computed), ``final``
        says it is complete (its last frames are drawn too)."""
        x = mono(samples)
        sr = max(int(sample_rate), 1)
        fresh = (self._spec is None or key is None or key != self._key or sr != self._rate
                 or x.size < self._spec.frames * self._spec.hop)
        if fresh:
            self._spec = IncrementalSpectrogram(fft_size(sr), rows=ROWS, sample_rate=sr)
            if sr != self._rate:
                self._set_frequency_ticks(sr)
            self._key, self._rate = key, sr
        seconds = duration if duration is not None else x.size / sr
        if abs(seconds - self.duration) > 1e-9:
            self.set_duration(seconds)
        db = self._spec.update(x, final=final)
        self.frames = db.shape[0]
        if self.frames:
            self.plot.getViewBox().setBackgroundColor(QColor("black"))
            self.image.setImage(db, autoLevels=False, levels=(FLOOR_DB, 0.0))
            hop = self._spec.hop
            self.image.setRect(QRectF(-hop / (2 * sr), 0.0, self.frames * hop / sr, ROWS))
        else:
            self.image.clear()
        self.redraw_count += 1

    def _set_frequency_ticks(self, sr: int) -> None:
        """Ticks at round frequencies, placed on the log rows."""
        top = sr / 2
        span = math.log(top / F_MIN)
        ticks = []
        for hz in (50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000):
            if F_MIN <= hz <= top:
                ticks.append(((ROWS - 1) * math.log(hz / F_MIN) / span + 0.5,
                              f"{hz // 1000}k" if hz >= 1000 else str(hz)))
        self.plot.getAxis("left").setTicks([ticks, []])

    def clear(self) -> None:
        self._key, self._spec, self.frames = None, None, 0
        self.plot.getViewBox().setBackgroundColor(None)
        self.image.clear()
        self.set_playhead(None)
