"""What the screenshot scripts share: the real studio window as a new user sees it, and a way to let it run.

The scripts set ``AIGC_STUDIO_HOME`` first; everything of the studio and Qt is imported here only when called, so
the studio reads that home, not the user's. Imported by name (``import shot_window``: scripts/ui is on the path of a
script run from it)."""
from __future__ import annotations

import sys
import time


def open_window(lang: str):
    """``(app, window)``: a QApplication and the real MainWindow (first run, real engine, shipped models) in ``lang``,
    shown; closing it never asks."""
    from PySide6.QtWidgets import QApplication

    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.app import setup_application
    from aigc_studio.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    settings = Settings.load()
    settings.language = lang
    setup_application(app, settings, translate=True)
    window = MainWindow(settings)
    window.ask_close = lambda text, choices, default: "close"
    window.show()
    return app, window


def pump(seconds: float) -> None:
    """Run the application's events for ``seconds``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    app = QCoreApplication.instance()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def wait(cond, timeout: float = 900) -> bool:
    """Run the events until ``cond()`` holds or ``timeout`` seconds have passed; ``cond()`` at the end."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and not cond():
        pump(0.1)
    return bool(cond())
