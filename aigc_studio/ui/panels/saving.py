"""Writing files from a generation panel, as the Audio and Image panels share it.

* :func:`write_files` — run a write (a save into the asset store, an export to a folder): a failure is logged and
  shown in the panel in the panel's own words (``failed``, "%1" the reason) and gives ``(False, None)``, so what
  the panel holds stays and the user can try again; success clears the panel's error line and gives
  ``(True, value)``.
* :func:`ask_folder` — ask for a folder to export to (starting in ``start``, e.g. the output folder).

The panel gives its translated words; nothing here has a visible string of its own.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, TypeVar

from PySide6.QtWidgets import QFileDialog, QWidget

from aigc_studio.core.base.errors import user_message

log = logging.getLogger(__name__)

T = TypeVar("T")


def write_files(panel: Any, work: Callable[[], T], failed: str, what: str) -> tuple[bool, T | None]:
    """``(True, work()'s value)``; on any failure ``(False, None)``, with ``failed`` ("%1": the reason in words)
    shown in ``panel`` (its ``_show_error``) and ``what`` in the log."""
    try:
        out = work()
    except Exception as exc:  # noqa: BLE001 — any failure is shown; what the panel holds stays there
        log.warning("%s failed: %s", what, exc)
        panel._show_error(failed.replace("%1", user_message(exc)))
        return False, None
    panel.error_message.clear_message()
    return True, out


def ask_folder(parent: QWidget, title: str, start: str = "") -> str:
    """A folder the user picks ("" when cancelled)."""
    return QFileDialog.getExistingDirectory(parent, title, start) or ""
