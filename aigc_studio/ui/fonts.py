"""Fonts the studio relies on: a fallback font that can show Chinese (used by the application's setup and
reported by Help → Diagnostics). A leaf module: it imports nothing of the studio."""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
             "Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK JP", "Noto Serif CJK SC")


def cjk_fallback_family() -> str | None:
    """The first installed font from CJK_FONTS, or None (on a fresh Linux: ``apt install fonts-noto-cjk``)."""
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FONTS if f in families), None)
