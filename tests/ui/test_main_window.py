"""The real main window, offscreen, with an engine that runs scripted jobs on a fake device (no torch)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from aigc_studio.core.base.specs import TextSpec
from aigc_studio.ui.panels.audio_panel import AudioPanel
from aigc_studio.ui.panels.image_panel import ImagePanel

REPO = Path(__file__).resolve().parents[2]


def drop(window, path: Path) -> None:
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(path))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)


def editor_texts(panel) -> list[str]:
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit
    return [w.toPlainText() for w in panel.findChildren(QPlainTextEdit)] + \
           [w.toPlainText() for w in panel.findChildren(QTextEdit)]


def test_window_has_tabs_docks_menus_and_shortcuts(make_window):
    w = make_window()
    assert [w.tabs.tabText(i) for i in range(3)] == ["Image", "Text", "Audio"]
    assert w.tabs.currentWidget() is w.text_panel
    assert isinstance(w.image_panel, ImagePanel) and isinstance(w.audio_panel, AudioPanel)
    docks = {d.windowTitle(): d for d in w.findChildren(QDockWidget)}
    assert set(docks) == {"Jobs", "Assets"}
    assert docks["Jobs"].widget() is w.job_list and docks["Assets"].widget() is w.assets
    menus = [a.text() for a in w.menuBar().actions()]
    assert [m for m in menus if m != "&Train"] == ["&File", "&Edit", "&Generate", "&View", "&Help"]
    shortcuts = {
        w.save_action: "Ctrl+S", w.open_action: "Ctrl+O", w.settings_action: "Ctrl+,", w.quit_action: "Ctrl+Q",
        w.generate_action: "Ctrl+Return", w.stop_action: "Esc", w.regenerate_action: "Ctrl+R",
        w.continue_action: "Ctrl+Shift+Return", w.undo_action: "Ctrl+Z",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    view = [a.text() for a in w.view_menu.actions()]
    assert view == ["&Jobs", "&Assets"]
    w.view_menu.actions()[0].trigger()
    assert not w.jobs_dock.isVisible()
    w.view_menu.actions()[0].trigger()
    assert w.jobs_dock.isVisible()
    assert [a.text() for a in w.help_menu.actions()] == ["&Diagnostics…", "&About AIGC Studio"]


def test_generate_actions_go_to_the_current_panel(qtbot, make_window, monkeypatch):
    w = make_window()
    # the menu's actions follow the panel's buttons (nothing to stop, continue or save yet)
    tp = w.text_panel
    assert w.generate_action.isEnabled()
    assert not any(a.isEnabled() for a in (w.stop_action, w.continue_action, w.save_action))
    for b in (tp.stop_button, tp.regenerate_button, tp.continue_button, tp.save_button):
        b.setEnabled(True)
    qtbot.waitUntil(lambda: all(a.isEnabled() for a in (w.stop_action, w.regenerate_action, w.continue_action,
                                                         w.save_action)), timeout=5000)
    calls = []
    for name in ("generate", "stop", "regenerate", "continue_", "save"):
        monkeypatch.setattr(w.text_panel, name, lambda name=name: calls.append(name))
    for act in (w.generate_action, w.stop_action, w.regenerate_action, w.continue_action, w.save_action):
        assert act.isEnabled()
        act.trigger()
    assert calls == ["generate", "stop", "regenerate", "continue_", "save"]
    w.tabs.setCurrentWidget(w.image_panel)
    assert w.generate_action.isEnabled() and not w.continue_action.isEnabled()   # images cannot be continued
    monkeypatch.setattr(w.image_panel, "generate", lambda: calls.append("image-generate"))
    w.generate_action.trigger()
    assert calls[-1] == "image-generate"


def test_status_bar_shows_device(qtbot, make_window):
    w = make_window()
    assert w.device_label.text() in ("Starting engine…", "CPU — test device (auto)")
    qtbot.waitUntil(lambda: w.device_label.text() == "CPU — test device (auto)", timeout=10_000)


def test_job_list_shows_jobs_and_failures(qtbot, make_window, Script):
    w = make_window()
    eng = w.engine
    bad = eng.submit(Script(name="bad", steps=3, fail_at=1, prompt="a prompt " * 20))
    good = eng.submit(Script(name="good", steps=2))
    qtbot.waitUntil(lambda: eng.job(good).state == "done", timeout=10_000)
    jl = w.job_list
    from aigc_studio.ui.widgets.job_list import COL_KIND, COL_MESSAGE, COL_MODEL, COL_PROMPT, COL_STATE
    assert jl.row_text(bad, COL_STATE) == "Failed"
    assert jl.row_text(bad, COL_MESSAGE) == "Unexpected error (RuntimeError): bad broke at step 1"
    assert jl.row_text(bad, COL_MODEL) == "script-model"
    assert jl.row_text(bad, COL_KIND) == "script"
    assert len(jl.row_text(bad, COL_PROMPT)) <= 40 and jl.row_text(bad, COL_PROMPT).endswith("…")
    assert jl.row_text(good, COL_STATE) == "Done"
    assert "bad broke" in w.statusBar().currentMessage()


def test_job_list_cancel_and_move(qtbot, make_window, Script):
    w = make_window()
    eng = w.engine
    jl = w.job_list
    a = eng.submit(Script(name="a", steps=100000, delay=0.002))
    b = eng.submit(Script(name="b"))
    c = eng.submit(Script(name="c"))
    qtbot.waitUntil(lambda: eng.job(a).state == "running", timeout=10_000)
    jl.select(c)
    assert jl.up_action.isEnabled() and not jl.down_action.isEnabled() and jl.cancel_action.isEnabled()
    jl.up_action.trigger()
    assert eng.queued_ids() == [c, b]
    jl.select(b)
    jl.cancel_action.trigger()
    assert eng.job(b).state == "cancelled"
    menu = jl.context_menu()
    assert [x.text() for x in menu.actions() if x.text()][:3] == ["Cancel", "Move up", "Move down"]
    jl.select(a)
    jl.cancel_action.trigger()
    qtbot.waitUntil(lambda: eng.job(c) is not None and eng.job(c).state == "done", timeout=10_000)
    from aigc_studio.ui.widgets.job_list import COL_STATE
    assert jl.row_text(a, COL_STATE) == "Cancelled"


def test_drop_non_utf8_text_gives_a_message(qtbot, make_window, tmp_path):
    w = make_window()
    before = editor_texts(w.text_panel)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café crème".encode("latin-1"))
    drop(w, bad)
    assert "not UTF-8" in w.last_error and "latin1.txt" in w.last_error
    assert isinstance(w.last_message_box, QMessageBox) and w.last_message_box.isVisible()
    assert "not UTF-8" in w.statusBar().currentMessage()
    assert editor_texts(w.text_panel) == before            # nothing changed
    w.last_message_box.close()


def test_drop_foreign_file_gives_a_message(make_window, tmp_path):
    w = make_window()
    other = tmp_path / "picture.bin"
    other.write_bytes(b"\x00\x01\x02")
    drop(w, other)
    assert "not an AIGC Studio asset" in w.last_error
    bad_sidecar = tmp_path / "x.txt.json"
    bad_sidecar.write_text("{not json", encoding="utf-8")
    assert not w.open_path(bad_sidecar)
    assert "x.txt.json could not be opened" in w.last_error


def test_drop_plain_text_file_goes_to_text_panel(make_window, tmp_path):
    w = make_window()
    w.tabs.setCurrentWidget(w.image_panel)
    f = tmp_path / "notes.md"
    f.write_text("月落乌啼霜满天\nline two", encoding="utf-8")
    drop(w, f)
    assert w.tabs.currentWidget() is w.text_panel
    assert any("月落乌啼霜满天" in t for t in editor_texts(w.text_panel))


def test_drop_saved_asset_restores_its_spec(make_window, tmp_path):
    w = make_window()
    from aigc_studio.core.assets import AssetStore
    spec = TextSpec(prompt="独坐幽篁里，", max_new_tokens=17, seed=4242, temperature=0.5)
    with AssetStore(tmp_path / "out") as store:
        path = store.save_text("弹琴复长啸。", spec, extra={"tokens": 6})
    w.tabs.setCurrentWidget(w.audio_panel)
    restored = []
    w.text_panel.restore_spec = restored.append
    drop(w, Path(str(path) + ".json"))            # the sidecar
    drop(w, path)                                 # the asset itself
    assert restored == [spec, spec]
    assert w.tabs.currentWidget() is w.text_panel


def test_settings_persist_window_geometry_and_docks(qtbot, make_window):
    from aigc_studio.core.base.settings import Settings
    w = make_window()
    w.resize(700, 500)          # the width may be raised to the window's minimum
    w.jobs_dock.hide()
    qtbot.wait(10)
    size = (w.width(), w.height())
    assert size[1] == 500
    w.close()
    saved = Settings.load()
    assert saved.window_geometry and saved.window_state
    w2 = make_window(settings=saved)
    assert (w2.width(), w2.height()) == size
    assert not w2.jobs_dock.isVisible()
    assert w2.assets_dock.isVisible()


def test_settings_dialog_validates_and_saves(qtbot, make_window, tmp_path):
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.widgets.settings_dialog import SettingsDialog
    w = make_window()
    dlg = SettingsDialog(w.settings, w)
    qtbot.addWidget(dlg)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dlg.output_edit.setText(str(blocker / "sub"))
    assert not dlg.apply()
    assert "cannot write" in dlg.error_label.text()
    new_out = tmp_path / "new-output"
    dlg.output_edit.setText(str(new_out))
    dlg.device_combo.setCurrentIndex(dlg.device_combo.findData("cpu"))
    dlg.language_combo.setCurrentIndex(dlg.language_combo.findData("zh_CN"))
    assert dlg.apply()
    assert dlg.changed == {"output_dir", "device", "language"}
    saved = Settings.load()
    assert (saved.output_dir, saved.device, saved.language) == (str(new_out.resolve()), "cpu", "zh_CN")
    old_store = w.store()
    w.apply_settings_change(dlg.changed)
    assert w.store().root == new_out.resolve() and w.store() is not old_store
    qtbot.waitUntil(lambda: w.device_label.text() == "CPU — test device (cpu)", timeout=10_000)


def test_diagnostics_dialog_reports_with_scripted_engine(qtbot, make_window, monkeypatch):
    """The dialog's engine path, with the text job replaced by a scripted one (no model needed)."""
    from aigc_studio.core.base.events import Result, TextDelta
    from aigc_studio.ui.widgets import diagnostics

    def fake_text_job(spec, ctx):
        for ch in "夜来风雨声":
            yield TextDelta(ch)
        return Result(text="夜来风雨声", data={"tokens": 5, "tokens_per_s": 50.0, "first_token_ms": 3.0})

    from scripted_jobs import scripted_media_job

    w = make_window()
    w.engine.runner_override.update({"text": fake_text_job, "image": scripted_media_job,
                                     "audio": scripted_media_job})
    monkeypatch.setattr(diagnostics, "model_check", lambda model: diagnostics.Check("model", True, model))
    w.open_diagnostics()
    dlg = w.diagnostics_dialog
    dlg.run_checks()
    qtbot.waitUntil(lambda: "checks passed" in dlg.report.toPlainText() or "check(s) failed" in
                    dlg.report.toPlainText(), timeout=20_000)
    report = dlg.report.toPlainText()
    assert "All checks passed." in report, report
    for name in ("model", "job", "stream", "result", "asset", "window stalls"):     # the window's words
        assert f"PASS {name}:" in report
    dlg.reject()


def test_torch_is_not_imported_before_the_window_is_shown(tmp_path):
    """In a fresh process: building and showing the real window must not import torch."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from aigc_studio.ui.main_window import MainWindow\n"
        "from aigc_studio.devtools.stallmeter import wait_until\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "print('TORCH', 'torch' in sys.modules)\n"
        "wait_until(lambda: w.engine_started_at is not None, 20)\n"
        "print('BEFORE_ENGINE', w.torch_loaded_before_engine, w.window_exposed_before_engine)\n"
        "w.engine.shutdown()\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "AIGC_STUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                         cwd=REPO)
    assert "TORCH False" in out.stdout, out.stdout + out.stderr
    assert "BEFORE_ENGINE False True" in out.stdout, out.stdout + out.stderr


def test_chinese_translation_is_installed_and_used(qapp, make_window):
    from aigc_studio.ui.i18n import install_translators, qm_path, resolve_language
    assert resolve_language("system", "zh_TW") == "zh_CN"
    assert resolve_language("system", "de_DE") == "en"
    assert resolve_language("en", "zh_CN") == "en"
    assert qm_path("zh_CN").is_file()
    try:
        assert install_translators(qapp, "zh_CN") == "zh_CN"
        w = make_window()
        assert [w.tabs.tabText(i) for i in range(3)] == ["图像", "文本", "音频"]
        assert w.device_label.text() in ("正在启动引擎…", "CPU — test device (auto)")
        assert w.file_menu.title() == "文件(&F)"
    finally:
        assert install_translators(qapp, "en") == "en"


def test_translations_cover_every_ui_string(tmp_path):
    """Every tr()/translate() string of aigc_studio/ui and the self-test has a finished Chinese translation.
    The committed .ts is the only source of translations: when this fails, run scripts/i18n/update_translations.sh,
    translate the entries it leaves "unfinished" in the .ts, and run it again to compile the .qm."""
    import shutil
    import xml.etree.ElementTree as ET
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = shutil.which("pyside6-lupdate")
    committed = REPO / "aigc_studio" / "resources" / "translations" / "aigc_studio_zh_CN.ts"

    def entries(ts: Path) -> dict[tuple[str, str], tuple[str, str]]:
        out = {}
        for ctx in ET.parse(ts).getroot().iter("context"):
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                out[(ctx.findtext("name"), msg.findtext("source"))] = (tr.get("type", ""), tr.text or "")
        return out

    have = entries(committed)
    assert all(t == "" and text for t, text in have.values() if t != "obsolete" and t != "vanished")
    if lupdate is None:
        return
    sources = sorted(str(p) for p in (REPO / "aigc_studio" / "ui").rglob("*.py"))
    sources.append(str(REPO / "aigc_studio" / "devtools" / "selftest.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)], check=True,
                   capture_output=True, timeout=120)
    missing = sorted(set(entries(fresh)) - set(have))
    assert not missing, f"run scripts/i18n/update_translations.sh; untranslated: {missing[:10]}"
    # And the other way: a translated string lupdate cannot see (a context or text that is not a literal, e.g.
    # QT_TRANSLATE_NOOP(_C, ...) or a tr() wrapper) would be dropped by the next update_translations.sh.
    unseen = sorted(k for k, (t, _) in have.items() if t not in ("obsolete", "vanished") and k not in entries(fresh))
    assert not unseen, f"lupdate no longer finds these strings in the code (write them as literals): {unseen[:10]}"


def test_drop_huge_text_file_is_refused_without_reading_it_whole(make_window, tmp_path, monkeypatch):
    """A dropped multi-MB .txt is refused as too large; the window must not read it all into memory on the GUI
    thread first (it used to read_bytes() the whole file just to check UTF-8)."""
    w = make_window()
    before = editor_texts(w.text_panel)
    big = tmp_path / "huge.txt"
    big.write_bytes(b"a" * (3 * 1024 * 1024))
    read_whole: list[Path] = []
    real = Path.read_bytes

    def spy(self):
        read_whole.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    drop(w, big)
    assert big not in read_whole
    assert "too large" in w.last_error and "huge.txt" in w.last_error
    assert editor_texts(w.text_panel) == before
    w.last_message_box.close()


def test_open_with_opens_the_files_it_names(make_window, tmp_path):
    """"Open with AIGC Studio" (desktop entry: ``aigc-studio --open %F``) restores a saved asset's settings and
    says plainly when a named file is not there."""
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.base.specs import TextSpec
    from aigc_studio.ui.app import files_to_open, open_requested_files

    assert files_to_open(["aigc-studio"]) == []
    assert files_to_open(["aigc-studio", "--open", "a.png", "b c.wav", "-draft.png"]) == ["a.png", "b c.wav",
                                                                                      "-draft.png"]
    w = make_window()
    saved = AssetStore(tmp_path / "out").save_text("Moon over the river", TextSpec(prompt="Moon", seed=7,
                                                                                       max_new_tokens=33), {})
    assert open_requested_files(w, ["aigc-studio", "--open", str(saved)]) == [str(saved)]
    assert w.tabs.currentWidget() is w.text_panel
    assert w.text_panel.max_tokens_spin.value() == 33
    missing = tmp_path / "gone.png"
    open_requested_files(w, ["aigc-studio", "--open", str(missing)])
    assert w.last_error == f"{missing} is not a file."
