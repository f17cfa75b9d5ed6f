"""The Train tab's dataset section (ui/panels/train_dataset.py) scanning real folders through a real Engine: the
report, thumbnails made a few per event-loop turn, including and leaving out files, saving and reopening a
dataset (rescanned, choices kept), augmentation preview, and bad folders said in words."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
import soundfile as sf
from PIL import Image
from PySide6.QtCore import Qt

from aigc_studio.core.data.dataset import Manifest


def make_images(folder, n=6):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        a = np.asarray(Image.fromarray(rng.integers(0, 256, (6, 6, 4), dtype=np.uint8)).resize((32, 32)))
        Image.fromarray(a).save(folder / f"p{i}.png")
    shutil.copy(folder / "p0.png", folder / "p0-copy.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


@pytest.fixture
def section(qtbot, make_engine):
    from aigc_studio.ui.panels.train_dataset import DatasetSection
    engine = make_engine()
    w = DatasetSection(engine)
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    return w


def scan(qtbot, w, path):
    before = w.scans_finished
    assert w.scan_folder(path) is not None
    qtbot.waitUntil(lambda: w.scans_finished > before, timeout=30000)


def test_scan_shows_the_report_and_makes_a_manifest(qtbot, section, tmp_path):
    w = section
    folder = make_images(tmp_path / "imgs")
    changes = []
    w.manifestChanged.connect(changes.append)
    scan(qtbot, w, folder)
    m = w.manifest()
    assert isinstance(m, Manifest) and changes and changes[-1] is m
    assert m.kind == "image" and len(m.files) == 6 and "p0.png" in m.excluded_names()   # the copy sorts first
    assert "broken.png" in m.excluded_names()
    report = w.report()
    assert report["files"] == 8 and report["exact_duplicates"] == [["p0-copy.png", "p0.png"]]
    view = w.report_view
    assert set(view.groups) >= {"files", "unreadable", "exact_duplicates"}
    assert "8" in w.summary_label.text() or "7" in w.summary_label.text()
    qtbot.waitUntil(lambda: view.icons_pending() == 0, timeout=5000)
    node = view.nodes_of("p1.png")[0]
    assert not node.icon(0).isNull()
    assert node.checkState(0) == Qt.CheckState.Checked
    assert view.nodes_of("p0.png")[0].checkState(0) == Qt.CheckState.Unchecked
    assert not w.progress_host.isVisible()


def test_include_exclude_save_reopen_and_rescan(qtbot, section, tmp_path, monkeypatch):
    w = section
    folder = make_images(tmp_path / "imgs")
    scan(qtbot, w, folder)
    view = w.report_view
    node = view.nodes_of("p2.png")[0]
    node.setCheckState(0, Qt.CheckState.Unchecked)               # the user leaves one out
    assert "p2.png" not in w.manifest().included_names()
    assert w.manifest().excluded_names()["p2.png"]["by"] == "user"
    dup = view.nodes_of("p0.png")
    dup[0].setCheckState(0, Qt.CheckState.Checked)               # and puts a duplicate back
    assert all(n.checkState(0) == Qt.CheckState.Checked for n in view.nodes_of("p0.png"))
    assert "p0.png" in w.manifest().included_names()
    target = tmp_path / "mine.json"
    monkeypatch.setattr(w, "_ask_save", lambda suggested: str(target))
    w.save_button.click()
    assert Manifest.load(target).excluded_names()["p2.png"]["by"] == "user"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # reopen in a fresh state: shown at once, rescanned in the background, the choices kept
    (folder / "p5.png").unlink()
    before.pop("p5.png")
    finished = w.scans_finished
    assert w.load_manifest(str(target))
    qtbot.waitUntil(lambda: w.scans_finished > finished, timeout=30000)
    m = w.manifest()
    assert "p2.png" not in m.included_names() and "p0.png" in m.included_names()
    assert "p5.png" not in m.included_names() and "p5.png" not in m.excluded_names()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before          # nothing changed on disk


def test_augmentation_settings_go_into_the_manifest_and_preview(qtbot, section, tmp_path):
    w = section
    scan(qtbot, w, make_images(tmp_path / "imgs"))
    box = w.augment_box
    box.recommended_button.click()
    assert w.manifest().augment["hflip"] is True and w.manifest().augment["crop"] > 0
    box.preview_button.click()
    assert box.grid_host.isVisible()
    assert all(lab.pixmap() is not None and not lab.pixmap().isNull() for lab in box.preview_labels)
    box.off_button.click()
    assert not any(w.manifest().augment.values())


def test_sounds_and_text(qtbot, section, tmp_path):
    w = section
    d = tmp_path / "snd"
    d.mkdir()
    t = np.arange(8000) / 16000
    for i, hz in enumerate((220, 330, 550)):
        sf.write(d / f"s{i}.wav", (0.4 * np.sin(2 * np.pi * hz * t)).astype(np.float32), 16000)
    sf.write(d / "quiet.wav", np.zeros(8000, np.float32), 16000)
    scan(qtbot, w, d)
    m = w.manifest()
    assert m.kind == "audio" and "quiet.wav" in m.excluded_names()
    qtbot.waitUntil(lambda: w.report_view.icons_pending() == 0, timeout=5000)
    assert not w.report_view.nodes_of("s1.wav")[0].icon(0).isNull()     # the loudness envelope
    w.augment_box.recommended_button.click()
    w.augment_box.preview_button.click()
    assert w.augment_box.grid_host.isVisible()
    txt = tmp_path / "txt"
    txt.mkdir()
    (txt / "a.txt").write_text("Hello there\n", encoding="utf-8")
    w.kind_box.setCurrentIndex(w.kind_box.findData("text"))
    scan(qtbot, w, txt)
    assert w.manifest().kind == "text"
    assert "Hello there" in w.report_view.nodes_of("a.txt")[0].text(2)
    assert not w.augment_box.preview_button.isEnabled()


def test_bad_folders_are_said_in_words(qtbot, section, tmp_path):
    w = section
    (tmp_path / "empty").mkdir()
    scan(qtbot, w, tmp_path / "empty")
    assert w.error_label.isVisible() and "empty" in w.error_label.text()
    assert w.manifest() is None
    assert not w.load_manifest(str(tmp_path / "nothing.json"))
    assert "not found" in w.error_label.text()


def test_training_path_writes_the_manifest_for_training(qtbot, section, tmp_path, studio_home):
    from aigc_studio.core.data.dataset import dataset_files
    w = section
    assert w.training_path() is None
    folder = make_images(tmp_path / "imgs")
    scan(qtbot, w, folder)
    path = w.training_path()
    assert path is not None and path.is_file() and str(path).startswith(str(studio_home))
    assert [p.name for p in dataset_files(path, "image")] == w.manifest().included_names()
    w.report_view.nodes_of("p3.png")[0].setCheckState(0, Qt.CheckState.Unchecked)
    assert w.training_path() == path                       # the same file, brought up to date
    assert "p3.png" not in [p.name for p in dataset_files(path, "image")]


def test_favourites_manifest_is_rescanned_as_a_selection(qtbot, section, tmp_path):
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.base.specs import ImageSpec
    from aigc_studio.core.data.favourites import favourites_manifest
    store = AssetStore(tmp_path / "out")
    pics = [store.save_image(np.full((16, 16, 4), 60 * i, np.uint8), ImageSpec(seed=i)) for i in range(4)]
    for p in pics[1:3]:
        store.set_favourite(p, True)
    w = section
    finished = w.scans_finished
    assert w.load_manifest(favourites_manifest(store, "image"))
    qtbot.waitUntil(lambda: w.scans_finished > finished, timeout=30000)
    m = w.manifest()
    assert m.selection and sorted(m.all_names()) == sorted(p.relative_to(store.root).as_posix() for p in pics[1:3])
    assert w.report()["files"] == 2


def test_a_dropped_folder_is_scanned_and_a_dropped_dataset_opened(qtbot, section, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    w = section
    folder = make_images(tmp_path / "imgs")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    before = w.scans_finished
    w.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: w.scans_finished > before, timeout=30000)
    saved = w.manifest().save(tmp_path / "d.json")
    before = w.scans_finished
    w.open_path(str(saved))
    assert w.manifest().path == saved
    qtbot.waitUntil(lambda: w.scans_finished > before, timeout=30000)


def test_stop_ends_the_scan_and_changes_nothing(qtbot, section, tmp_path, monkeypatch):
    import time

    from aigc_studio.core.data import dataset_probe
    real = dataset_probe.probe_image

    def slow(path, thumbs=True):
        time.sleep(0.05)
        return real(path, thumbs)
    monkeypatch.setattr(dataset_probe, "probe_image", slow)
    w = section
    folder = make_images(tmp_path / "imgs", n=40)
    before = w.scans_finished
    w.scan_folder(folder)
    qtbot.waitUntil(lambda: w.progress.value() >= 2, timeout=30000)
    assert w.progress_host.isVisible() and not w.folder_button.isEnabled()
    w.cancel_button.click()
    qtbot.waitUntil(lambda: w.scans_finished > before, timeout=30000)
    assert w.manifest() is None
    assert w.error_label.isVisible() and "stopped" in w.error_label.text()
    assert w.report()["stopped"] and len(w.report()["items"]) < 40


def test_dataset_words_are_translated(qapp):
    from aigc_studio.ui.i18n import install_translators
    from aigc_studio.ui.panels.train_dataset import dataset_text
    from aigc_studio.ui.widgets.dataset_report import entry_text
    try:
        install_translators(qapp, "zh_CN")
        assert dataset_text("The folder x is empty: put images, sounds or text files in it.") == \
            "文件夹 x 是空的：请放入图像、声音或文本文件。"
        assert dataset_text("The dataset d.json holds images, not sounds.") == "数据集 d.json 包含的是图像，不是声音。"
        assert entry_text({"code": "exact_duplicate", "message": "An exact copy of {first}: left out.",
                           "args": {"first": "a.png"}, "reason": "An exact copy of a.png: left out."}) == \
            "与 a.png 完全相同：已排除。"
        assert entry_text({"code": "other_kind", "message": "Not an image: by its name it is {what}.",
                           "args": {"what": "a sound"}}) == "不是图像：从文件名看它是声音。"
        assert dataset_text("words nobody listed") == "words nobody listed"
    finally:
        install_translators(qapp, "en")
