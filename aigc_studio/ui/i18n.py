"""Translations: the studio's own (aigc_studio/resources/translations/aigc_studio_<lang>.qm) and Qt's (standard buttons).

Settings ``language``: "system" follows ``QLocale.system()`` (any zh* -> zh_CN), "en", or "zh_CN". A change takes
effect after a restart (translators are installed once, before the window is built)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from aigc_studio.core.base.resources import resource_path

SUPPORTED = ("en", "zh_CN")
TRANSLATIONS_DIR = resource_path("translations")

_installed: list[QTranslator] = []   # keep them alive as long as the application


# The translation of this marker is the language of the installed translation ("zh_CN" in the Chinese .ts): what
# the interface shows, whoever installed the translator (the studio, a test, the self-test).
_LANGUAGE_MARKER = QT_TRANSLATE_NOOP("Language", "en")


def current_language() -> str:
    """The language the interface is shown in now: "en" or "zh_CN" (what the installed translation says)."""
    if QCoreApplication.instance() is None:
        return "en"
    lang = QCoreApplication.translate("Language", _LANGUAGE_MARKER)
    return lang if lang in SUPPORTED else "en"


def is_chinese() -> bool:
    return current_language().startswith("zh")


def resolve_language(setting: str | None, system_locale: str | None = None) -> str:
    """"system"/None -> the system's language if we have it (zh* -> zh_CN), else "en"."""
    if setting in SUPPORTED:
        return setting
    name = system_locale if system_locale is not None else QLocale.system().name()
    if name.lower().startswith("zh"):
        return "zh_CN"
    return "en"


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"aigc_studio_{language}.qm"


def install_translators(app: QCoreApplication, setting: str | None) -> str:
    """Install the translators for ``setting``; returns the language in use ("en" when nothing was found)."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    language = resolve_language(setting)
    if language == "en":
        return "en"
    ours = QTranslator(app)
    if not ours.load(str(qm_path(language))):
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
