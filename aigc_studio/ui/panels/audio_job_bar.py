"""The Audio panel's job bar, above its views: Generate, Stop and Regenerate, the progress of the panel's job and
the stats line that says how it went.

``AudioJobBar(parent, generate, stop, regenerate)`` — the buttons call the three slots. :meth:`update_buttons`
enables what may be used now; :meth:`queued` and :meth:`set_progress` follow a job (the panel hides ``progress``
and writes ``stats_label`` when it ends). The words are the Audio panel's (translation context "AudioPanel").
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from aigc_studio.ui.panels.common import job_progress_bar, push_button, stats_label


class AudioJobBar(QWidget):
    """The row of the job buttons, the progress bar and the stats line."""

    def __init__(self, parent: QWidget, generate: Callable[[], Any], stop: Callable[[], Any],
                 regenerate: Callable[[], Any]):
        super().__init__(parent)
        self.generate_button = push_button(
            self, QCoreApplication.translate("AudioPanel", "Generate"),
            QCoreApplication.translate("AudioPanel", "Generate new sounds with the settings on the right (Ctrl+Enter)"),
            generate)
        self.generate_button.setDefault(True)
        self.stop_button = push_button(
            self, QCoreApplication.translate("AudioPanel", "Stop"),
            QCoreApplication.translate("AudioPanel", "Stop the job; the sounds made so far stay (Esc)"), stop)
        self.regenerate_button = push_button(
            self, QCoreApplication.translate("AudioPanel", "Regenerate"),
            QCoreApplication.translate("AudioPanel", "Run the last job again — a new seed when the seed mode is "
                                                     "Random (Ctrl+R)"), regenerate)
        self.progress = job_progress_bar(self, "AudioProgress")
        self.progress.setMaximumWidth(220)
        self.stats_label = stats_label(self, QCoreApplication.translate("AudioPanel", "Ready."))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for b in (self.generate_button, self.stop_button, self.regenerate_button):
            b.setMinimumWidth(56)
            row.addWidget(b)
        row.addSpacing(8)
        row.addWidget(self.progress)
        row.addWidget(self.stats_label, 1)

    def update_buttons(self, busy: bool, can_regenerate: bool) -> None:
        """Generate always (while a job runs, the next is queued behind it), Stop while a job runs, Regenerate
        after a job that made sounds."""
        self.generate_button.setEnabled(True)
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(can_regenerate)

    def queued(self) -> None:
        """A job was submitted: the bar is busy until the job says how far it is."""
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stats_label.setText(QCoreApplication.translate("AudioPanel", "Queued: waiting for the engine…"))

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))          # 0: busy until the job says how far it is
        self.progress.setValue(min(done, total) if total else 0)
