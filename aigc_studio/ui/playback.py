"""Playing a sound through the sound card with ``sounddevice`` (PortAudio), never blocking the GUI thread.

``Player(QObject)``: ``play(samples, sample_rate, loop=False) -> bool``, ``stop()``, ``set_loop(bool)``,
``probe() -> bool``; properties ``available`` (False once playback has been found impossible), ``note`` (why, in
the user's words) and ``is_playing``. Signals: ``state_changed(str)`` ("playing" | "stopped"),
``position_changed(float)`` (seconds into the sound, for a playhead) and ``unavailable(str)`` (the note).

How it stays out of the GUI thread's way: a callback ``OutputStream`` pulls samples from a numpy array on
PortAudio's own thread (the callback only copies slices and never touches Qt); the GUI thread polls the play
position and the stream's state with a ~30 Hz timer, only while something plays.

Playback is optional (DESIGN.md §7): ``sounddevice`` is imported on first use, and anything that goes wrong —
the PortAudio library missing (``ImportError``/``OSError`` at import), no output device, a device that refuses the
stream or disappears mid-playback (``sounddevice.PortAudioError``) — stops playback and becomes a plain ``note``;
nothing is raised to the caller. A missing library disables playback for good (``available`` False); a device
problem can be retried with :meth:`probe` or the next :meth:`play` (headphones plugged in later).
"""
from __future__ import annotations

import importlib
import logging
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

POLL_MS = 33


def load_sounddevice() -> Any:
    """The ``sounddevice`` module (imported here, on first use: it loads the PortAudio library)."""
    return importlib.import_module("sounddevice")


class Player(QObject):
    """One sound at a time through the default output device. See the module docstring."""

    state_changed = Signal(str)
    position_changed = Signal(float)
    unavailable = Signal(str)

    def __init__(self, parent: QObject | None = None, loader: Any = None):
        super().__init__(parent)
        self._loader = loader or load_sounddevice
        self._sd: Any = None                 # the module, once imported
        self._library_missing = False
        self._device_ok: bool | None = None  # None: not tried yet
        self._note = ""
        self.detail = ""                     # the system's reason for the last problem, in its own words
        self._stream: Any = None
        self._data = np.zeros(0, np.float32)
        self._rate = 1
        self._pos = 0                        # written by the PortAudio thread, read by the poll timer
        self._loop = False
        self._ended = False                  # set by the PortAudio thread at the end of a sound that does not loop
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # --- state --------------------------------------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """False when the last attempt found no way to play (see :attr:`note`)."""
        return not self._library_missing and self._device_ok is not False

    @property
    def can_retry(self) -> bool:
        """A device problem may go away (a device plugged in); a missing library does not."""
        return not self._library_missing

    @property
    def note(self) -> str:
        return self._note

    @property
    def is_playing(self) -> bool:
        return self._stream is not None

    @property
    def loop(self) -> bool:
        return self._loop

    def set_loop(self, on: bool) -> None:
        """Loop the sound now playing (takes effect at its end) and the next ones."""
        self._loop = bool(on)

    def position(self) -> float:
        return self._pos / self._rate if self._rate else 0.0

    # --- the library and the device -----------------------------------------------------------------------------
    def _module(self) -> Any:
        if self._sd is not None or self._library_missing:
            return self._sd
        try:
            self._sd = self._loader()
        except (ImportError, OSError) as exc:
            log.info("playback disabled: sounddevice could not be loaded: %s", exc)
            self._library_missing = True
            self.detail = _short(exc)
            self._set_note(self.tr("Playback is off: the sound library (PortAudio) is not installed. Everything "
                                   "else works."))
        return self._sd

    def _errors(self) -> tuple[type[BaseException], ...]:
        """What a device may raise: PortAudio's error, plus what PortAudio parameters checks raise."""
        pa = getattr(self._sd, "PortAudioError", None)
        base: tuple[type[BaseException], ...] = (OSError, ValueError, RuntimeError)
        return ((pa,) if isinstance(pa, type) else ()) + base

    def probe(self) -> bool:
        """Check that a sound output device exists (imports sounddevice). Returns :attr:`available`."""
        sd = self._module()
        if sd is None:
            return False
        try:
            sd.query_devices(kind="output")
        except self._errors() as exc:
            self._device_failed(exc)
            return False
        self._device_ok = True
        self._set_note("")
        return True

    def _device_failed(self, exc: BaseException | str, during_playback: bool = False) -> None:
        log.info("playback: device problem: %s", exc)
        self._device_ok = False
        self.detail = _short(exc)            # the system's words: the note's tooltip and the log
        if during_playback:
            self._set_note(self.tr("Playback stopped: the sound device stopped working. Check it is connected, "
                                   "then press Try again."))
        else:
            self._set_note(self.tr("Playback is off: no sound output device was found. Connect one and press Try "
                                   "again; everything else works."))

    def _set_note(self, text: str) -> None:
        changed = text != self._note
        self._note = text
        if changed and text:
            self.unavailable.emit(text)

    # --- playing ------------------------------------------------------------------------------------------------
    def play(self, samples: Any, sample_rate: int, loop: bool | None = None) -> bool:
        """Play ``samples`` (mono floats, any shape that flattens to one channel) from the start. Returns False
        (and sets :attr:`note`) when playback is impossible; never raises."""
        self.stop()
        if loop is not None:
            self._loop = bool(loop)
        sd = self._module()
        if sd is None:
            return False
        data = np.ascontiguousarray(np.asarray(samples, dtype=np.float32).reshape(-1))
        if data.size == 0 or sample_rate <= 0:
            return False
        self._data, self._rate, self._pos, self._ended = data, int(sample_rate), 0, False
        try:
            self._stream = self._open(sd)
            self._stream.start()
        except self._errors() as exc:
            self._close_stream()
            self._device_failed(exc)
            return False
        self._device_ok = True
        self._set_note("")
        self._timer.start()
        self.state_changed.emit("playing")
        return True

    def _open(self, sd: Any) -> Any:
        """A callback stream at the sound's rate; if the device refuses that rate, at the device's own rate with
        the sound resampled (linear interpolation: fine for listening)."""
        try:
            return sd.OutputStream(samplerate=self._rate, channels=1, dtype="float32", callback=self._callback)
        except self._errors() as first:
            try:
                rate = int(sd.query_devices(kind="output")["default_samplerate"])
            except (*self._errors(), KeyError, TypeError):
                raise first from None
            if rate <= 0 or rate == self._rate:
                raise first from None
            n = max(1, int(round(self._data.size * rate / self._rate)))
            t = np.arange(n, dtype=np.float64) * (self._rate / rate)
            self._data = np.interp(t, np.arange(self._data.size), self._data).astype(np.float32)
            self._rate = rate
            return sd.OutputStream(samplerate=rate, channels=1, dtype="float32", callback=self._callback)

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio's thread: copy the next ``frames`` samples (wrapping when looping). No Qt here."""
        data, pos, n = self._data, self._pos, self._data.size
        out = outdata[:, 0]
        done = 0
        while done < frames:
            take = min(frames - done, n - pos)
            if take <= 0:
                if self._loop and n:
                    pos = 0
                    continue
                out[done:] = 0.0
                self._pos = n
                self._ended = True
                raise self._sd.CallbackStop
            out[done:done + take] = data[pos:pos + take]
            done += take
            pos += take
        self._pos = pos

    @Slot()
    def stop(self) -> None:
        """Stop at once (no waiting for the device's buffers)."""
        was_playing = self._stream is not None
        self._timer.stop()
        self._close_stream()
        if was_playing:
            self.position_changed.emit(-1.0)
            self.state_changed.emit("stopped")

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        for op in ("abort", "close"):
            try:
                getattr(stream, op)()
            except Exception as exc:  # noqa: BLE001 — a vanished device may fail to close: nothing to do about it
                log.debug("playback: %s failed: %s", op, exc)

    @Slot()
    def _poll(self) -> None:
        stream = self._stream
        if stream is None:
            self._timer.stop()
            return
        try:
            active = bool(stream.active)
        except self._errors() as exc:
            self._device_failed(exc, during_playback=True)
            self.stop()
            return
        if not active and not self._ended:         # PortAudio stopped the stream itself: the device went away
            self._device_failed(self.tr("the stream was interrupted"), during_playback=True)
        if self._ended or not active:
            self.stop()
            return
        self.position_changed.emit(self.position())


def _short(exc: BaseException | str) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"
