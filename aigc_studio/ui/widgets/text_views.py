"""The two text boxes of the Text panel.

:class:`PromptEdit`, the prompt editor:

* Dropped files are left to the window (a .txt becomes the prompt, a saved asset restores its settings) instead
  of Qt inserting their URL as text.
* It keeps a prompt put in from a spec exactly (``set_exact_text`` / ``exact_text``): Qt's document would turn
  "\\r\\n", U+2028/U+2029 into "\\n" and a no-break space into a space, and the same seed would then write another
  text.

:class:`OutputView`, the read-only view of a job: the prompt in the placeholder colour, then the generated text
streaming in after it; the view follows the end unless the user scrolled up.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class PromptEdit(QPlainTextEdit):
    """The prompt editor. Dropped files are left to the window (a .txt becomes the prompt, a saved asset restores
    its settings) instead of inserting their URL as text."""

    @staticmethod
    def _has_files(event: Any) -> bool:
        md = event.mimeData()
        return md is not None and md.hasUrls() and any(u.isLocalFile() for u in md.urls())

    def dragEnterEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:
        if self._has_files(event):
            event.ignore()
            return
        super().dropEvent(event)

    # Qt's document turns "\r\n", U+2028/U+2029 into "\n" and a no-break space into a space, so a prompt put in
    # from a spec (a saved asset, the CLI) would come back different and the same seed would write another text.
    # Like ExactDoubleSpinBox: remember the exact text while the box still shows it unedited.
    _exact: tuple[str, str] | None = None

    def set_exact_text(self, text: str) -> None:
        self.setPlainText(text)
        self._exact = (text, self.toPlainText())

    def exact_text(self) -> str:
        shown = self.toPlainText()
        if self._exact is not None and self._exact[1] == shown:
            return self._exact[0]
        return shown


class OutputView(QPlainTextEdit):
    """The prompt, then the generated text (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("OutputView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.setFont(font)

    def _formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        pal = self.palette()
        prompt_fmt = QTextCharFormat()
        prompt_fmt.setForeground(pal.color(QPalette.ColorRole.PlaceholderText))
        gen_fmt = QTextCharFormat()
        gen_fmt.setForeground(pal.color(QPalette.ColorRole.Text))
        return prompt_fmt, gen_fmt

    def show_prompt(self, prompt: str) -> None:
        """Start over with ``prompt``."""
        self.clear()
        prompt_fmt, _ = self._formats()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(prompt, prompt_fmt)
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def append_generated(self, text: str) -> None:
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4     # the user has not scrolled up
        _, gen_fmt = self._formats()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, gen_fmt)
        if follow:
            bar.setValue(bar.maximum())
