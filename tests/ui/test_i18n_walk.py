"""Issue 12 item 2: no English in the Chinese interface.

The real window in zh_CN, with the real engine and the shipped models: a poem in the Text panel, emoji in the
Image panel (and a picture that is not one), a sound in the Audio panel, each saved; then every string the window
shows — labels, buttons, menus and actions, tooltips, placeholders, combo items, headers and rows, the canvas's
titles, the Assets library, the status bar — is walked (tests/ui/i18n_walk.py) and any Latin word that is not a
proper name or unit fails the test. A second test removes one translation and checks that the walk finds it."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from i18n_walk import latin_words, untranslated, visible_strings

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "aigc_studio" / "resources" / "translations" / "aigc_studio_zh_CN.ts"


@pytest.fixture
def chinese(qapp):
    from aigc_studio.ui.i18n import install_translators
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    install_translators(qapp, "en")


def _allowed(window) -> set[str]:
    from aigc_studio.core.models import registry
    ids = {m.id for m in registry.list_models()}
    try:                                    # the training size presets are named like models (gpt-small...)
        from aigc_studio.core.training.presets import PRESETS
        ids |= set(PRESETS)
    except ImportError:
        pass
    return ids | {"cpu", "cuda", "mps"}


def _wait_idle(qtbot, window, timeout=180_000):
    qtbot.waitUntil(lambda: window.engine.is_idle(), timeout=timeout)


def _drive_every_panel(qtbot, window, tmp_path) -> None:
    """A job in each panel, saved, as a user would."""
    tp, ip, ap = window.text_panel, window.image_panel, window.audio_panel
    window.tabs.setCurrentWidget(tp)
    tp.max_tokens_spin.setValue(24)
    assert tp.prompt_edit.exact_text(), "a first start has the card's example prompt"
    assert tp.generate() is not None
    _wait_idle(qtbot, window)
    assert tp.save() is not None

    window.tabs.setCurrentWidget(ip)
    ip.count_spin.setValue(4)
    assert ip.generate() is not None
    _wait_idle(qtbot, window)
    ip.canvas.select(ip.canvas.images()[:1])
    assert ip.save()
    not_a_picture = tmp_path / "x.png"
    not_a_picture.write_text("this is text", encoding="utf-8")
    window.open_path(str(not_a_picture))              # the job fails: its message is shown in Chinese
    _wait_idle(qtbot, window)

    window.tabs.setCurrentWidget(ap)
    ap.ensure_views()
    ap.count_spin.setValue(1)
    assert ap.generate() is not None
    _wait_idle(qtbot, window)
    ap.select_sounds(ap.sounds()[:1])
    assert ap.save()
    qtbot.wait(300)                                   # the views' timers (Jobs list, coalesced flushes)
    window.job_list._flush()


@pytest.mark.slow
def test_no_english_in_the_chinese_interface_after_a_job_in_each_panel(qtbot, chinese, tmp_path):
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.main_window import MainWindow

    window = MainWindow(Settings.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start_engine()
    qtbot.waitUntil(lambda: window.engine.device is not None, timeout=120_000)
    _drive_every_panel(qtbot, window, tmp_path)
    assert "文本文件" in window.image_panel.error_message.text()      # a job's error, translated
    allowed = _allowed(window)
    seen = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        window._refresh_edit_menu()
        seen += visible_strings(window)
    bad = untranslated(seen, allowed)
    assert not bad, "English left in the Chinese interface:\n" + "\n".join(
        f"  {where}: {text!r} -> {words}" for where, text, words in bad[:300])
    window.engine.shutdown()


def test_the_walk_finds_a_missing_translation(qtbot, qapp, tmp_path):
    """Take one translation out of the .ts (the Edit menu's title), compile it, and the walk must find the
    English word on the built window; with the real translation it must not."""
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.i18n import install_translators
    from aigc_studio.ui.main_window import MainWindow

    lrelease = shutil.which("pyside6-lrelease") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" /
                                                       "pyside6-lrelease")
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    tree = ET.parse(TS)
    removed = False
    for ctx in tree.getroot().iter("context"):
        if ctx.findtext("name") != "MainWindow":
            continue
        for msg in ctx.iter("message"):
            if msg.findtext("source") == "&Edit":
                msg.find("translation").text = ""
                msg.find("translation").set("type", "unfinished")
                removed = True
    assert removed
    ts = tmp_path / "broken.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = tmp_path / "broken.qm"
    subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=120)

    def walk() -> list:
        window = MainWindow(Settings.load(), engine=_idle_engine())
        qtbot.addWidget(window)
        found = untranslated(visible_strings(window), _allowed(window))
        window.close()
        return found

    install_translators(qapp, "zh_CN")
    try:
        baseline = walk()
        assert not any(text == "&Edit" for _, text, _ in baseline)    # translated: no English Edit menu
        for t in list(qapp.findChildren(QTranslator)):
            qapp.removeTranslator(t)
        broken = QTranslator(qapp)
        assert broken.load(str(qm))
        qapp.installTranslator(broken)
        found = walk()
        assert any(text == "&Edit" and words == ["Edit"] for _, text, words in found), found[:5]
        assert len(found) > len(baseline)
        qapp.removeTranslator(broken)
    finally:
        install_translators(qapp, "en")
    assert latin_words("保存 PNG · emoji-gan · 12 MB", {"emoji-gan"}) == []
    assert latin_words("已保存 /tmp/out/0001-emoji-gan-s7.png") == []
    assert latin_words("Generating…") == ["Generating"]


def _idle_engine():
    from aigc_studio.ui.engine import Engine
    return Engine(device_pref="cpu", resolve_device=lambda pref: None, model_cache_factory=lambda: None)
