"""The Assets library over a real AssetStore in a temporary output folder."""
from __future__ import annotations

import os
from datetime import datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPixmap  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from aigc_studio.core.base.specs import TextSpec  # noqa: E402
from aigc_studio.ui.widgets import assets_library as al  # noqa: E402
from aigc_studio.ui.widgets.assets_library import AssetsLibrary  # noqa: E402


class Clock:
    """Each save one minute later, so "newest first" is well defined."""

    def __init__(self):
        self.t = datetime(2025, 3, 1, 12, 0).astimezone()

    def __call__(self):
        self.t += timedelta(minutes=1)
        return self.t


@pytest.fixture
def store(tmp_path):
    from aigc_studio.core.assets import AssetStore
    s = AssetStore(tmp_path / "out", clock=Clock())
    yield s
    s.close()


def save(store, text, prompt="p", model="tiny-en", seed=1):
    spec = TextSpec(prompt=prompt, model=model, seed=seed)
    return str(store.save_text(prompt + text, spec, {"tokens": 3})), spec


@pytest.fixture
def filled(store):
    saved = [save(store, " the fox", prompt="Fox:", seed=1),
             save(store, " the moon", prompt="床前明月光", model="tang-zh", seed=2),
             save(store, " the owl", prompt="Owl:", seed=3)]
    return saved


def loaded(qtbot, lib):
    """Wait for the library's background read (every read of the store is off the GUI thread)."""
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)
    return lib


@pytest.fixture
def library(qtbot, store):
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    return loaded(qtbot, lib)


def test_the_library_is_read_off_the_gui_thread(qtbot, store, monkeypatch):
    import threading
    save(store, " the fox")
    threads = []
    real = AssetsLibrary._read
    monkeypatch.setattr(AssetsLibrary, "_read", staticmethod(
        lambda *a: threads.append(threading.current_thread() is threading.main_thread()) or real(*a)))
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    assert lib.model.rowCount() == 0 and "Reading the library" in lib.empty_text()   # the window is not held
    loaded(qtbot, lib)
    assert lib.model.rowCount() == 1 and threads == [False]
    for change in (lambda: lib.kind_combo.setCurrentIndex(lib.kind_combo.findData("text")),
                   lambda: lib.favourites_button.setChecked(True), lib.search_edit.returnPressed.emit):
        change()
        loaded(qtbot, lib)
    assert threads == [False] * 4


def test_empty_store_says_how_to_start(qtbot, tmp_path):
    from aigc_studio.core.assets import AssetStore
    with AssetStore(tmp_path / "nothing-yet") as s:
        lib = AssetsLibrary(lambda: s)
        qtbot.addWidget(lib)
        loaded(qtbot, lib)
        assert lib.model.rowCount() == 0
        assert "No assets yet" in lib.empty_text() and "Ctrl+S" in lib.empty_text()
        assert not lib.reuse_action.isEnabled() and not lib.delete_action.isEnabled()


def test_lists_newest_first_with_preview(filled, library):
    library.refresh()
    paths = library.paths()
    assert paths == [filled[2][0], filled[1][0], filled[0][0]]
    idx = library.model.index(1)
    assert library.model.data(idx) == "床前明月光 the moon"        # first line of the text
    assert library.model.data(idx, al.ROLE_MODEL) == "tang-zh"
    assert library.empty_text() == ""


def test_search_filters_as_you_type_debounced(qtbot, filled, library):
    library.refresh()
    calls = []
    real = library.store_getter
    library.store_getter = lambda: calls.append(1) or real()
    qtbot.keyClicks(library.search_edit, "MOON")
    assert calls == []                                   # nothing queried per keystroke
    qtbot.waitUntil(lambda: library.paths() == [filled[1][0]], timeout=3000)
    assert len(calls) == 1                               # one query after typing paused
    library.search_edit.setText("no such words")
    qtbot.waitUntil(lambda: "Nothing matches" in library.empty_text(), timeout=3000)
    library.search_edit.clear()
    qtbot.waitUntil(lambda: len(library.paths()) == 3, timeout=3000)


def test_favourite_toggle_and_filter(qtbot, filled, library, store):
    library.refresh()
    assert library.select_path(filled[0][0])
    library.toggle_favourite()
    assert library.model.data(library.model.index(2), al.ROLE_FAVOURITE) is True
    assert library.favourite_action.isChecked()
    assert [r.favourite for r in store.search() if str(r.path) == filled[0][0]] == [True]
    library.favourites_button.setChecked(True)           # favourites only
    assert loaded(qtbot, library).paths() == [filled[0][0]]
    library.select_path(filled[0][0])
    library.toggle_favourite()                           # unmark: it leaves the list
    assert loaded(qtbot, library).paths() == []
    assert "No favourites" in library.empty_text()
    library.favourites_button.setChecked(False)
    assert len(loaded(qtbot, library).paths()) == 3


def test_delete_asks_first(qtbot, filled, library, monkeypatch):
    library.refresh()
    target = filled[1][0]
    library.select_path(target)
    asked = []

    def answer(result):
        def question(parent, title, text, buttons, default):
            asked.append(text)
            return result
        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert library.delete_selected() is False
    assert os.path.exists(target) and len(library.paths()) == 3
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert library.delete_selected() is True
    assert target not in library.paths() and len(library.paths()) == 2   # gone at once, before the store is read
    loaded(qtbot, library)
    assert not os.path.exists(target) and not os.path.exists(target + ".json")
    assert target not in library.paths() and len(library.paths()) == 2
    assert len(asked) == 2 and os.path.basename(target) in asked[0]
    assert library.selected_path() is not None           # the next row is selected


def test_reuse_emits_the_spec(qtbot, filled, library):
    library.refresh()
    library.select_path(filled[1][0])
    with qtbot.waitSignal(library.reuse_requested) as sig:
        library.reuse_selected()
    assert sig.args[0] == filled[1][1]
    idx = library.model.index(library.model.row_of(filled[0][0]))
    with qtbot.waitSignal(library.reuse_requested) as sig:
        library.view.doubleClicked.emit(idx)             # double-click = reuse
    assert sig.args[0] == filled[0][1]


def test_reuse_of_damaged_sidecar_is_a_message(filled, library, monkeypatch):
    library.refresh()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    rec = library.model.record(0)
    broken = type("R", (), {"spec": property(lambda self: (_ for _ in ()).throw(ValueError("bad"))),
                            "path": rec.path, "kind": "text", "model": "m", "created": "", "favourite": False,
                            "preview": "x"})()
    library.model.set_records([broken])
    library.view.setCurrentIndex(library.model.index(0))
    emitted = []
    library.reuse_requested.connect(emitted.append)
    library.reuse_selected()
    assert emitted == [] and shown and "cannot be reused" in shown[0]


def test_reveal_copy_and_open(qtbot, filled, library, monkeypatch):
    library.refresh()
    library.select_path(filled[0][0])
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    library.reveal_selected()
    assert opened == [QUrl.fromLocalFile(os.path.dirname(filled[0][0]))]
    library.copy_path()
    assert QGuiApplication.clipboard().text() == filled[0][0]
    with qtbot.waitSignal(library.open_requested) as sig:
        library.open_selected()
    assert sig.args == [filled[0][0]]


def test_unreadable_store_is_a_message(qtbot):
    def broken():
        raise PermissionError(13, "Permission denied", "/locked")
    lib = AssetsLibrary(broken)
    qtbot.addWidget(lib)
    assert "cannot be read" in lib.empty_text() and "may not write" in lib.empty_text()


def test_delegate_paints_rows_with_and_without_thumbnail(qtbot, filled, library):
    library.refresh()
    library.resize(360, 400)
    library.show()
    qtbot.waitExposed(library)
    library.select_path(filled[0][0])
    library.toggle_favourite()
    pm = QPixmap(32, 32)
    pm.fill(QColor("red"))
    library.model.set_thumbnail(filled[1][0], pm)
    assert library.model.data(library.model.index(1), al.ROLE_THUMBNAIL) is pm
    img = library.view.grab().toImage()                  # paints every row through the delegate
    assert not img.isNull()
    hint = library.view.itemDelegate().sizeHint(_option(library.view), library.model.index(0))
    assert hint.height() >= al.THUMB


def _option(view):
    from PySide6.QtWidgets import QStyleOptionViewItem
    opt = QStyleOptionViewItem()
    view.initViewItemOption(opt)
    return opt


def test_kind_filter(qtbot, filled, library):
    library.refresh()
    library.kind_combo.setCurrentIndex(library.kind_combo.findData("image"))
    assert loaded(qtbot, library).paths() == [] and "No assets of this kind" in library.empty_text()
    library.kind_combo.setCurrentIndex(library.kind_combo.findData("text"))
    assert len(loaded(qtbot, library).paths()) == 3


def test_titles_details_and_search_by_what_the_titles_say(qtbot, store, library):
    """Issue 12 item 7: images and sounds have titles in words, a WAV and its FLAC differ, Details… lists every
    setting, and searching what a title shows ("seed 42") finds it."""
    import numpy as np

    from aigc_studio.core.base.specs import AudioSpec, ImageSpec
    from aigc_studio.ui.widgets.asset_titles import asset_title
    img = np.zeros((16, 16, 4), np.uint8)
    img[4:12, 4:12] = (250, 200, 20, 255)
    image = str(store.save_image(img, ImageSpec(model="tiny-gan", count=1, seed=42, truncation=0.7)))
    wave = (0.3 * np.sin(np.arange(8000) / 8000 * 2 * np.pi * 440)).astype(np.float32)
    spec = AudioSpec(model="tiny-vae", count=1, seed=7, seconds=1.0)
    wav = str(store.save_audio(wave, 8000, spec, fmt="wav"))
    flac = str(store.save_audio(wave, 8000, spec, fmt="flac"))
    library.refresh()
    titles = {p: library.model.data(library.model.index(library.model.row_of(p))) for p in (wav, flac)}
    assert titles[wav].endswith("WAV") and titles[flac].endswith("FLAC")
    row = library.model.row_of(image)
    title = library.model.data(library.model.index(row))
    assert title == "Image · seed 42 · truncation 0.7"
    library.select_path(image)
    details = library.show_details()
    assert "Seed: 42" in details and "Truncation: 0.7" in details and "Model: tiny-gan" in details
    library.details_box.close()
    library.search_edit.setText("seed 42")
    library.refresh()
    assert library.paths() == [image]
    assert asset_title("audio", '{"mode": "interpolate"}', wav).startswith("Morph between two sounds")
