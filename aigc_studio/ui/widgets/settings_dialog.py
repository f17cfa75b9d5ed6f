"""File → Settings…: output folder (checked writable), device preference, language. Saved with
``core.base.settings.Settings.save()``; the window applies what changed (new asset store, device re-resolved)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import user_message

DEVICES = ("auto", "cuda", "mps", "cpu")
LANGUAGES = ("system", "en", "zh_CN")


def folder_problem(path: str) -> str | None:
    """None if ``path`` is (or can be made) a folder we can write to; otherwise why not, in words (English;
    the dialog shows its own translated text)."""
    if not path.strip():
        return "empty"
    p = Path(path).expanduser()
    try:
        p.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".aigc-write-test-", dir=p)
        os.close(fd)
        os.unlink(name)
    except OSError as e:
        return os_reason(e)
    return None


def os_reason(e: OSError) -> str:
    """Why an operating-system call failed, in the interface's language (the usual reasons by their error code;
    any other the system's own words)."""
    import errno
    words = {errno.EACCES: QT_TRANSLATE_NOOP("SettingsDialog", "permission denied"),
             errno.EPERM: QT_TRANSLATE_NOOP("SettingsDialog", "permission denied"),
             errno.EROFS: QT_TRANSLATE_NOOP("SettingsDialog", "the disk is read-only"),
             errno.ENOSPC: QT_TRANSLATE_NOOP("SettingsDialog", "the disk is full"),
             errno.ENOTDIR: QT_TRANSLATE_NOOP("SettingsDialog", "a file is in the way where a folder should be"),
             errno.EEXIST: QT_TRANSLATE_NOOP("SettingsDialog", "a file is in the way where a folder should be"),
             errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("SettingsDialog", "the name is too long"),
             errno.ENOENT: QT_TRANSLATE_NOOP("SettingsDialog", "the place does not exist"),
             errno.EINVAL: QT_TRANSLATE_NOOP("SettingsDialog", "the name is not valid here")}
    if e.errno in words:
        return QCoreApplication.translate("SettingsDialog", words[e.errno])
    return e.strerror or str(e)


class SettingsDialog(QDialog):
    """Edits ``settings`` in place and saves it when accepted. ``changed`` lists the fields that changed."""

    def __init__(self, settings: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.changed: set[str] = set()
        self.setWindowTitle(self.tr("Settings"))

        self.output_edit = QLineEdit(str(settings.output_dir))
        self.output_edit.setToolTip(self.tr("Where generated images, text and sounds are saved"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.output_edit, 1)
        row.addWidget(browse)

        self.device_combo = QComboBox()
        labels = {"auto": self.tr("Automatic (best available)"), "cuda": self.tr("NVIDIA GPU (CUDA)"),
                  "mps": self.tr("Apple GPU (Metal)"), "cpu": self.tr("CPU")}
        for d in DEVICES:
            self.device_combo.addItem(labels[d], d)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(settings.device or "auto")))
        device_note = QLabel(self.tr("Applies to the next job."))

        self.language_combo = QComboBox()
        lang_labels = {"system": self.tr("System language"), "en": "English", "zh_CN": "简体中文"}
        for lang in LANGUAGES:
            self.language_combo.addItem(lang_labels[lang], lang)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language or "system")))
        lang_note = QLabel(self.tr("The language changes after the studio is restarted."))

        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c81e1e;")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("Output folder:"), row)
        form.addRow(self.tr("Device:"), self.device_combo)
        form.addRow("", device_note)
        form.addRow(self.tr("Language:"), self.language_combo)
        form.addRow("", lang_note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @Slot()
    def browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"), self.output_edit.text())
        if path:
            self.output_edit.setText(path)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def apply(self) -> bool:
        """Validate, write into ``settings`` and save. False (with the reason shown) if something is wrong."""
        out = self.output_edit.text().strip()
        problem = folder_problem(out)
        if problem == "empty":
            self.show_error(self.tr("Choose an output folder."))
            return False
        if problem is not None:
            self.show_error(self.tr("The studio cannot write to this folder: %1").replace("%1", problem))
            return False
        out = str(Path(out).expanduser().resolve())
        new = {"output_dir": out, "device": self.device_combo.currentData(),
               "language": self.language_combo.currentData()}
        old = {k: getattr(self.settings, k) for k in new}
        changed = {k for k in new if str(new[k]) != str(old[k])}
        for k in changed:
            setattr(self.settings, k, type(old[k])(new[k]) if old[k] is not None else new[k])
        try:
            self.settings.save()
        except Exception as exc:  # noqa: BLE001 — shown to the user, the dialog stays open
            for k in changed:
                setattr(self.settings, k, old[k])
            self.show_error(self.tr("The settings could not be saved: %1").replace("%1", user_message(exc)))
            return False
        self.changed = changed
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()
