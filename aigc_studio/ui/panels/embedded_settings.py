"""What the window does with the settings inside a file it is given (dropped, File › Open, the image canvas).

* :func:`settings_error_text` — why the settings cannot be used, in the interface's language: the form's own words
  for each wrong value (:class:`~aigc_studio.core.assets.metadata.InvalidSettings` holds the form's problems).
* :func:`confirm_source` — settings that ask to encode another file on this computer
  (:class:`~aigc_studio.core.assets.metadata.EmbeddedSource`): only an ordinary file is offered, and only read
  when the user says yes; a FIFO, a device or a missing path is refused with a message. Returns the spec to run,
  or None (with the message to show, "" when the user said no).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from aigc_studio.core.assets.metadata import RESTORE_TEMPLATE, EmbeddedSource, InvalidSettings
from aigc_studio.core.base.errors import user_message
from aigc_studio.core.base.safe_read import is_regular_file
from aigc_studio.ui.panels.common import tr_core


def settings_error_text(exc: BaseException) -> str:
    """``exc`` (from ``load_spec``) in the interface's language."""
    if isinstance(exc, InvalidSettings):
        problems = "; ".join(tr_core(p) for p in exc.problems)
        template = QCoreApplication.translate("CoreMessages", RESTORE_TEMPLATE)
        try:
            return template.format(name=exc.source.name, problems=problems)
        except (KeyError, IndexError, ValueError):
            return RESTORE_TEMPLATE.format(name=exc.source.name, problems=problems)
    if isinstance(exc, EmbeddedSource):
        return tr_core_template(EmbeddedSource.TEMPLATE, name=exc.asset.name, source=exc.source)
    return user_message(exc)


def tr_core_template(template: str, **args: Any) -> str:
    translated = QCoreApplication.translate("CoreMessages", template)
    try:
        return translated.format(**args)
    except (KeyError, IndexError, ValueError):
        return template.format(**args)


def confirm_source(parent: QWidget, exc: EmbeddedSource) -> tuple[Any, str]:
    """``(spec, "")`` when the user agrees to read ``exc.source`` (an ordinary file); ``(None, message)`` when it
    is refused (not an ordinary file) and ``(None, "")`` when the user said no."""
    if not is_regular_file(exc.source):
        return None, QCoreApplication.translate(
            "EmbeddedSettings", "“%1” asks to read %2, which is not an ordinary file (a pipe, a device, a folder "
                                "or missing), so its settings are not used.").replace(
            "%1", exc.asset.name).replace("%2", exc.source)
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("EmbeddedSettings", "Read another file?"),
        QCoreApplication.translate(
            "EmbeddedSettings", "The settings inside “%1” ask to encode this file on your computer:\n\n%2\n\n"
                                "Read it and make the image or sound again? Say No if you did not expect this "
                                "file to be read.").replace("%1", exc.asset.name).replace("%2", exc.source),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return None, ""
    return exc.spec, ""


class SettingsRefused(Exception):
    """The settings of a file are not used: ``str(exc)`` says why in the interface's language ("" when the user
    declined to read the file they name)."""


def load_confirmed(parent: QWidget, path: Any) -> Any:
    """``load_spec(path)``, with a source path inside the settings confirmed by the user (:func:`confirm_source`).
    :class:`SettingsRefused` for settings of ours that cannot be used; anything else ``load_spec`` raises (a file
    that is not ours) propagates."""
    from aigc_studio.core.assets import load_spec

    try:
        return load_spec(path)
    except InvalidSettings as exc:
        raise SettingsRefused(settings_error_text(exc)) from None
    except EmbeddedSource as exc:
        spec, why = confirm_source(parent, exc)
        if spec is None:
            raise SettingsRefused(why) from None
        return spec


__all__ = ["SettingsRefused", "confirm_source", "load_confirmed", "settings_error_text", "tr_core_template"]
