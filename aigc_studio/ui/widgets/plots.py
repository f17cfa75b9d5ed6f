"""pyqtgraph, loaded off the GUI thread: the plots of the Audio panel and the Train tab wait for it.

Importing pyqtgraph costs about 0.3–0.5 s of interpreter time (measured 458 ms on a 2-core machine), so it must
never happen on the GUI thread. The engine's warm-up (``ui/warmup.py``) calls :func:`load` on the engine thread
right after the window is first painted; a view that needs pyqtgraph asks :func:`when_ready` and shows a light
placeholder until then.

* :func:`load` — import pyqtgraph and what its views read from disk on first use (the colour map), on the calling
  thread; then every waiting callback runs on the GUI thread (through a queued signal). Safe off the GUI thread:
  importing pyqtgraph 0.13/0.14 makes no ``QObject``, widget or pixmap (only ``QColor``/``QPainterPath``/
  ``QTransform`` values at module level; ``mkQApp`` runs only when a view or ``pg.plot`` is made), which
  tests/ui/test_warmup.py checks.
* :func:`is_ready` — pyqtgraph is fully imported (by :func:`load`, or by anyone else before).
* :func:`when_ready` — run a callback on the GUI thread once it is; at once when it already is. When nothing is
  loading it and no warm-up is coming (:func:`expect_warm_up`), a short-lived helper thread loads it.
* :func:`pg` — the module, for the views (call only when :func:`is_ready`; on any other thread it imports).

Qt-wise this module only makes one ``QObject`` (the notifier), on the GUI thread, when a callback first waits.
"""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

log = logging.getLogger(__name__)

_lock = threading.Lock()
_ready = threading.Event()
_loading = False             # a thread is in load() now
_warm_up_coming = False      # the engine's warm-up will load it: no helper thread
_error: str = ""             # why the last load failed ("" when it did not)
_waiting: list[Callable[[], Any]] = []
_notifier: QObject | None = None


class _Notifier(QObject):
    loaded = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.loaded.connect(_run_waiting)      # queued when emitted from another thread: runs on the GUI thread


def _imported() -> bool:
    """pyqtgraph is in sys.modules and done importing (not half-way through an import on another thread)."""
    mod = sys.modules.get("pyqtgraph")
    if mod is None:
        return False
    spec = getattr(mod, "__spec__", None)
    return not getattr(spec, "_initializing", False) and hasattr(mod, "PlotWidget")


def is_ready() -> bool:
    if _ready.is_set():
        return True
    if _imported():
        _configure(sys.modules["pyqtgraph"])
        _ready.set()
        return True
    return False


def error() -> str:
    """Why loading pyqtgraph failed ("" when it did not, or not yet)."""
    return _error


def _configure(pg: Any) -> None:
    pg.setConfigOptions(antialias=False, imageAxisOrder="col-major")


def load() -> bool:
    """Import pyqtgraph on the calling thread (the engine thread, or a helper thread; never the GUI thread in
    normal use), read the colour map the spectrogram uses, and run the waiting callbacks on the GUI thread.
    False (with :func:`error`) when pyqtgraph could not be imported."""
    global _loading, _error
    if _ready.is_set():
        _notify()
        return True
    with _lock:
        _loading = True
    try:
        import pyqtgraph as pg
        _configure(pg)
        try:
            pg.colormap.get("inferno")         # reads a small CSV file once (cached): not on the GUI thread later
        except Exception:  # noqa: BLE001 — the spectrogram falls back to reading it then
            log.debug("pre-loading the inferno colour map failed", exc_info=True)
        _error = ""
        _ready.set()
        return True
    except Exception as exc:  # noqa: BLE001 — the plots say so; everything else works
        log.exception("pyqtgraph could not be loaded")
        _error = str(exc) or type(exc).__name__
        return False
    finally:
        with _lock:
            _loading = False
        _notify()


def expect_warm_up(coming: bool = True, start_helper: bool = True) -> None:
    """The engine says its warm-up will call :func:`load` (so a waiting view starts no helper thread), or, with
    ``False``, that it will not (any more): a view still waiting gets a helper thread now (not with
    ``start_helper=False``: the engine stops because the studio quits)."""
    global _warm_up_coming
    with _lock:
        _warm_up_coming = coming
        start = start_helper and not coming and bool(_waiting) and not _loading and not _ready.is_set()
    if start:
        _start_helper()


def when_ready(callback: Callable[[], Any]) -> bool:
    """Run ``callback`` on the GUI thread once pyqtgraph is loaded. True when it ran now (already loaded). Call on
    the GUI thread. The callback also runs when loading failed (:func:`is_ready` is False then, :func:`error`
    says why), so that a placeholder can say so."""
    if is_ready():
        callback()
        return True
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    with _lock:
        _waiting.append(callback)
        failed = bool(_error) and not _loading
        start = not _loading and not _warm_up_coming and not _error
    if _ready.is_set() or failed:     # finished (or failed) while the callback was being added
        _run_waiting()
    elif start:
        _start_helper()
    return False


def _start_helper() -> None:
    global _loading
    with _lock:
        if _loading or _ready.is_set():
            return
        _loading = True       # load() sets it again; set here so that two requests start one thread
    threading.Thread(target=load, name="aigc-load-plots", daemon=True).start()


def _notify() -> None:
    if _notifier is None:
        return
    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is app.thread():
        _run_waiting()
    else:
        _notifier.loaded.emit()


def _run_waiting() -> None:
    with _lock:
        callbacks = list(_waiting)
        _waiting.clear()
    for cb in callbacks:
        try:
            cb()
        except Exception:  # noqa: BLE001 — one view's failure must not keep the others waiting
            log.exception("a view waiting for pyqtgraph failed to build")


def pg() -> Any:
    """The pyqtgraph module (imports it when not loaded yet: only on the engine/helper thread, or in tests)."""
    import pyqtgraph
    if not _ready.is_set():
        _configure(pyqtgraph)
        if _imported():
            _ready.set()
    return pyqtgraph


__all__ = ["error", "expect_warm_up", "is_ready", "load", "pg", "when_ready"]
