"""Every string a window shows, and the ones that are still English in the Chinese interface.

``visible_strings(window)`` walks every widget of a built window: labels, buttons, tool buttons, group boxes, tab
titles, dock titles, menus and their actions (text, tooltip, status tip), tooltips, placeholders, combo box items
and their tooltips, spin box special texts, progress bar formats, tree/table/list headers and rows, the image
canvas's section titles and image descriptions, the Assets library's rows and the status bar. User content (the
prompt, the generated text, file paths) is not the interface's and is left out.

``untranslated(strings, allowed)`` keeps the strings with a Latin word (two letters or more) that is not in the
allow-list of proper names and units (``ALLOWED``) nor in ``allowed`` (model ids and the like)."""
from __future__ import annotations

import re
from typing import Iterable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDockWidget,
                               QGroupBox, QHeaderView, QLabel, QLineEdit, QMainWindow, QMenu, QPlainTextEdit,
                               QProgressBar, QTabWidget, QTextEdit, QWidget)

# Proper names, units, file formats and key names that stay as they are in Chinese text.
ALLOWED = {
    "AIGC", "Studio", "GAN", "VAE", "GPT", "BPE", "LSTM", "RGBA", "RGB", "PNG", "WAV", "FLAC", "OGG", "JPEG", "JPG",
    "GIF", "WebP", "BMP", "TIFF", "ICO", "PPM", "QOI", "AVIF", "ZIP", "PDF", "SVG", "XML", "HEIC", "JSON", "UTF",
    "CPU", "CUDA", "GPU", "MPS", "Apple", "NVIDIA", "Hz", "kHz", "dB", "dBFS", "MB", "GB", "KB", "kB", "ms", "px",
    "Ctrl", "Shift", "Alt", "Enter", "Return", "Esc", "Del", "Delete", "Tab", "Space", "PgUp", "PgDown", "Home",
    "End", "MIDI", "GM", "SoundFont", "FluidR3", "Debian", "fortunes", "Top", "safetensors", "Hugging", "Face",
    "PCA", "FID", "KID", "MIT", "Qt", "PySide", "PyTorch", "torch", "Noto", "Unicode", "Tang", "txt", "md",
    "png", "wav", "flac", "json", "jpg", "jpeg", "zip", "x", "The", "computer",      # the card's English example
    "FPS", "fps", "Python", "Linux", "Windows", "macOS", "SQLite", "ETA", "ID", "OK", "Top-k", "Top-p",
    "STFT", "KL", "FFT",
}
# A key sequence or an accelerator marker is not a word to translate.
_STRIP = [re.compile(p) for p in (
    r"https?://\S+",                        # addresses
    r"(?:[A-Za-z]:)?[\\/][^\s，。；：、（）()“”\"']+",  # paths
    r"\b[\w.-]+\.(?:png|jpe?g|gif|webp|bmp|wav|flac|ogg|txt|md|json|safetensors|zip|qm|ts)\b",  # file names
    r"%[0-9a-zA-Z]",                        # Qt placeholders (%1, %v, %m, %n)
    r"\bjob-\d+\b",
    r"\b\w*\d\w*\b",                        # identifiers with digits (FluidR3_GM, f0)
    r"<[^>]+>",                             # rich-text tags
    r"&(?=\w)",                             # mnemonic markers
)]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _clean(text: str, allowed: Iterable[str]) -> str:
    for a in sorted(allowed, key=len, reverse=True):         # model ids may hold dashes: remove them first
        if a:
            text = text.replace(a, " ")
    for rx in _STRIP:
        text = rx.sub(" ", text)
    return text


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    allowed = set(allowed)
    return [w for w in _WORD.findall(_clean(text, allowed)) if w not in ALLOWED and w not in allowed
            and w.strip("'’-") not in ALLOWED]


def untranslated(strings: Iterable[tuple[str, str]], allowed: Iterable[str] = ()) -> list[tuple[str, str, list]]:
    """(where, text, [English words]) for every string with an English word left."""
    allowed = list(allowed)
    out = []
    for where, text in strings:
        words = latin_words(text, allowed)
        if words:
            out.append((where, text, words))
    return out


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}({w.objectName()})" if w.objectName() else type(w).__name__


def _menu_strings(menu: QMenu, where: str) -> list[tuple[str, str]]:
    out = [(where, menu.title())]
    for act in menu.actions():
        if act.isSeparator():
            continue
        sub = act.menu()
        if sub is not None:
            out += _menu_strings(sub, f"{where} › {sub.title()}")
            continue
        out += [(f"{where} › action", act.text()), (f"{where} › action tip", act.toolTip()),
                (f"{where} › action status tip", act.statusTip())]
    return out


def _view_strings(view: QAbstractItemView, where: str, skip_columns: Iterable[int] = ()) -> list[tuple[str, str]]:
    out = []
    model = QAbstractItemView.model(view)        # a view may shadow model() with an attribute
    if model is None:
        return out
    skip = set(skip_columns)
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:                         # a list model (its columnCount is private): one column
        columns = 1
    rows = model.rowCount(root)
    for c in range(columns):
        if c in skip:
            continue
        out.append((f"{where} header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
    for r in range(min(rows, 200)):
        for c in range(columns):
            if c in skip:
                continue
            idx = model.index(r, c)
            for role, what in ((Qt.ItemDataRole.DisplayRole, "row"), (Qt.ItemDataRole.ToolTipRole, "row tip")):
                v = model.data(idx, role)
                if isinstance(v, str):
                    out.append((f"{where} {what} {r},{c}", v))
    return out


def visible_strings(window: QMainWindow) -> list[tuple[str, str]]:
    """(where, text) for every string the window shows or can show on hover (see the module docstring)."""
    out: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for act in window.menuBar().actions():
        if act.menu() is not None:
            out += _menu_strings(act.menu(), f"menu {act.menu().title()}")
    user_content = (QPlainTextEdit, QTextEdit)
    for w in window.findChildren(QWidget):
        where = _name(w)
        if w.toolTip():
            out.append((f"{where} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            if w.textInteractionFlags() & Qt.TextInteractionFlag.TextEditable:
                continue
            out.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QDockWidget):
            out.append((where, w.windowTitle()))
        elif isinstance(w, QTabWidget):
            out += [(f"{where} tab", w.tabText(i)) for i in range(w.count())]
            out += [(f"{where} tab tip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                out.append((f"{where} item", w.itemText(i)))
                tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    out.append((f"{where} item tip", tip))
            if w.placeholderText():
                out.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QLineEdit):
            out.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, user_content):
            out.append((f"{where} placeholder", w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            out += [(f"{where} special", w.specialValueText()), (f"{where} suffix", getattr(w, "suffix", str)())]
        elif isinstance(w, QProgressBar):
            out.append((f"{where} format", w.format()))
        elif isinstance(w, QMenu):
            out += _menu_strings(w, where)
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            skip = _user_columns(w)
            out += _view_strings(w, where, skip)
        for act in w.actions():
            if not act.isSeparator():
                out += [(f"{where} action", act.text()), (f"{where} action tip", act.toolTip())]
    canvas = getattr(getattr(window, "image_panel", None), "canvas", None)
    if canvas is not None:
        for s in canvas.sections:
            out.append(("canvas section", s.title))
        for it in canvas.images():
            out.append(("canvas image", it.describe()))
    out.append(("status bar", window.statusBar().currentMessage()))
    return [(where, text) for where, text in out if text]


def _user_columns(view: QAbstractItemView) -> set[int]:
    """Columns of a view that hold the user's own words (the Jobs list's prompt)."""
    if view.objectName() == "" and type(view.parent()).__name__ == "JobList":
        from aigc_studio.ui.widgets.job_list import COL_PROMPT
        return {COL_PROMPT}
    if type(view.parent()).__name__ == "AssetsLibrary":
        return {0} if _assets_show_user_words() else set()
    return set()


def _assets_show_user_words() -> bool:
    return False
