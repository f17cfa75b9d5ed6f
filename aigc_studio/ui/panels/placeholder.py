"""The Image and Audio tabs until their models arrive: a plain sentence, no fake controls."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPanel(QWidget):
    """Says plainly that the ``kind`` models arrive in a later version. It has no generate/save actions."""

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        if kind == "image":
            title = self.tr("Image generation")
            body = self.tr("Image models arrive in a later version of AIGC Studio. "
                           "Text generation works now: open the Text tab.")
        elif kind == "audio":
            title = self.tr("Sound generation")
            body = self.tr("Sound models arrive in a later version of AIGC Studio. "
                           "Text generation works now: open the Text tab.")
        else:
            title = kind
            body = self.tr("This kind of generation arrives in a later version of AIGC Studio.")
        self.message = body
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        text = QLabel(body)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        for w in (heading, text):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(w)
        lay.addStretch(2)

    def is_busy(self) -> bool:
        return False
