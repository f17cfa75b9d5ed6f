"""The GUI entry point: QApplication, translations, a font that can show Chinese, the main window, shutdown.

Order matters for a fast start: the window is built and shown first; the engine thread starts right after and
imports torch there (never on the GUI thread before the window is up)."""
from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from aigc_studio import __version__
from aigc_studio.core.base.errors import user_message
from aigc_studio.core.base.settings import Settings
from aigc_studio.ui.fonts import cjk_fallback_family
from aigc_studio.ui.i18n import install_translators
from aigc_studio.ui.main_window import MainWindow

APP_NAME = "AIGC Studio"
ORG_NAME = "aigc-studio"


# How long a thread may hold the interpreter while another waits for it (Python's default: 5 ms). The engine thread
# runs Python (a model's set-up, a job's loop) while the GUI thread paints; each time the GUI thread needs the
# interpreter back it waits up to this long, many times per repaint. 1 ms keeps the window within a frame.
SWITCH_INTERVAL_S = 0.001


def _switch_interval() -> float:
    try:
        value = float(os.environ.get("AIGC_STUDIO_SWITCH_INTERVAL_MS", "") or SWITCH_INTERVAL_S * 1000.0) / 1000.0
    except ValueError:
        return SWITCH_INTERVAL_S
    return min(max(value, 0.0001), 0.1)


# torch's CPU threads (libgomp) spin for a while after each parallel operation, waiting for the next: on a 2-core
# machine both cores then stay busy between a job's small operations and the GUI thread waits for a core. In the
# window's process they sleep at once instead (read when torch loads, so set before). Measured over 3 scripted
# sessions each: stall p99 9.1 -> 5.7 ms, max 49 -> 35 ms, the canvas bench's p99 30 -> 14 ms; the cost: a
# 64-image job 450 -> 242 images/s (0.14 s -> 0.26 s), text -2 %, sound -4 %. The training process, which has no
# window, gets the user's own setting back (core/jobs/train_process.child_env).
OMP_WAIT_ENV = "OMP_WAIT_POLICY"
OMP_SET_BY_STUDIO = "AIGC_STUDIO_SET_OMP_WAIT_POLICY"


def let_cpu_threads_sleep() -> None:
    """OMP_WAIT_POLICY=PASSIVE for this process unless the user chose a policy (see above)."""
    if OMP_WAIT_ENV not in os.environ and "torch" not in sys.modules:
        os.environ[OMP_WAIT_ENV] = "PASSIVE"
        os.environ[OMP_SET_BY_STUDIO] = "1"


def setup_application(app, settings: Any, translate: bool = True) -> str:
    """Names (for paths), translators and a CJK font fallback. Returns the language in use."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    sys.setswitchinterval(_switch_interval())
    let_cpu_threads_sleep()
    language = "en"
    if translate:
        language = install_translators(app, getattr(settings, "language", "system"))
    cjk = cjk_fallback_family()
    if cjk:
        font = QFont(app.font())
        families = [f for f in (font.families() or [font.family()]) if f]
        if cjk not in families:
            font.setFamilies([*families, cjk])
            app.setFont(font)
    return language


def close_on_signals(window) -> None:
    """Ctrl+C in the terminal (SIGINT) or SIGTERM closes the window like its close button: jobs are cancelled,
    the layout is saved. Qt's event loop does not run Python's signal handlers by itself, so a light timer
    wakes the interpreter four times a second."""
    def handler(signum, frame):   # runs on the GUI thread, between events
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    window._signal_wakeup = QTimer(window)
    window._signal_wakeup.timeout.connect(lambda: None)   # any Python code lets pending handlers run
    window._signal_wakeup.start(250)


def files_to_open(argv: list[str]) -> list[str]:
    """The files named after ``--open`` ("Open with AIGC Studio" in a file manager: the desktop entry runs
    ``aigc-studio --open %F``, the Windows installer ``--open "%1"``): every argument after it, so a file named
    "-draft.png" opens too."""
    if "--open" not in argv:
        return []
    return [a for a in argv[argv.index("--open") + 1:] if a]


def open_requested_files(window: MainWindow, argv: list[str]) -> list[str]:
    """Open each file of :func:`files_to_open` as if it were dropped on the window (a saved asset restores its
    settings; anything else gets a clear message). Returns the paths it was given."""
    paths = files_to_open(argv)
    for path in paths:
        window.open_path(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    logging.basicConfig(level=os.environ.get("AIGC_STUDIO_LOG", "WARNING"))
    app = QApplication.instance() or QApplication(argv)
    try:
        settings = Settings.load()
    except Exception as exc:  # noqa: BLE001 — a broken settings file must not keep the studio closed
        logging.getLogger(__name__).error("settings could not be read (%s); using defaults", user_message(exc))
        settings = Settings()
    setup_application(app, settings)
    app.setQuitOnLastWindowClosed(True)
    window = MainWindow(settings)
    window.show()                          # the engine (and torch) start once this has been painted
    QTimer.singleShot(0, lambda: open_requested_files(window, argv))
    app.aboutToQuit.connect(window.engine.shutdown)
    close_on_signals(window)
    code = app.exec()
    window.engine.shutdown()               # idempotent: closeEvent has normally done it
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
