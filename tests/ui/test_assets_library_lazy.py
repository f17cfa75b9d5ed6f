"""The Assets library keeps heavy work off the GUI thread: thumbnails are read and scaled by a thread only for the
rows the view shows, titles are made when first shown, the whole library is listed (not the first 500), and the
window's re-read after a save happens in the background."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QPixmap

from aigc_studio.core.base.specs import ImageSpec, TextSpec
from aigc_studio.ui.widgets import assets_library as al
from aigc_studio.ui.widgets.assets_library import AssetsLibrary


@pytest.fixture
def store(tmp_path):
    from aigc_studio.core.assets import AssetStore
    s = AssetStore(tmp_path / "out")
    yield s
    s.close()


def _picture(seed: int) -> np.ndarray:
    img = np.zeros((48, 64, 4), np.uint8)
    img[8:40, 8 + seed % 8:40, :] = (200, 60 + seed, 20, 255)
    return img


def test_thumbnails_are_read_by_a_thread_only_for_rows_shown(qtbot, store):
    images = [str(store.save_image(_picture(i), ImageSpec(model="tiny-gan", count=1, seed=i))) for i in range(3)]
    text = str(store.save_text("a line", TextSpec(prompt="p", seed=1)))
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)        # read off the GUI thread
    model = lib.model
    assert model.rowCount() == 4
    # nothing was decoded while the list was built
    assert all(model._rows[model.row_of(p)].thumbnail is None for p in images)
    row = model.row_of(images[0])
    assert model.data(model.index(row), al.ROLE_THUMBNAIL) is None        # asked for: read in the background
    qtbot.waitUntil(lambda: isinstance(model.data(model.index(row), al.ROLE_THUMBNAIL), QPixmap), timeout=5000)
    pm = model.data(model.index(row), al.ROLE_THUMBNAIL)
    assert (pm.width(), pm.height()) == (64, 48) and not pm.isNull()
    assert model._rows[model.row_of(images[1])].thumbnail is None          # not shown: never read
    assert model.data(model.index(model.row_of(text)), al.ROLE_THUMBNAIL) is None   # a text draws its badge
    lib.refresh()                                                          # kept across a re-read
    assert isinstance(model.data(model.index(model.row_of(images[0])), al.ROLE_THUMBNAIL), QPixmap)
    lib.resize(360, 500)
    lib.show()
    qtbot.waitExposed(lib)
    qtbot.waitUntil(lambda: all(isinstance(model._rows[model.row_of(p)].thumbnail, QPixmap) for p in images),
                    timeout=5000)                                          # painted rows ask for theirs


def test_an_unreadable_picture_keeps_its_badge(qtbot, store, tmp_path):
    path = store.save_image(_picture(1), ImageSpec(model="tiny-gan", count=1, seed=1))
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)        # read off the GUI thread
    path.write_bytes(b"not a png any more")
    idx = lib.model.index(0)
    assert lib.model.data(idx, al.ROLE_THUMBNAIL) is None
    qtbot.waitUntil(lambda: str(path) in lib.model._failed, timeout=5000)
    assert lib.model.data(idx, al.ROLE_THUMBNAIL) is None                 # not asked again and again
    lib.view.grab()                                                        # the badge paints


def test_the_whole_library_is_listed_and_titles_are_made_when_shown(qtbot, store):
    for i in range(520):
        store.save_text(f"text {i}", TextSpec(prompt=f"p{i}", seed=i))
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)        # read off the GUI thread
    assert lib.model.rowCount() == 520
    assert sum(r._title is not None for r in lib.model._rows) == 0
    assert lib.model.data(lib.model.index(519)) == "text 0"                # the oldest, last
    assert lib.model._rows[519]._title is not None


def test_refresh_later_reads_in_the_background_and_the_newest_request_wins(qtbot, store):
    store.save_text("first", TextSpec(prompt="p", seed=1))
    lib = AssetsLibrary(lambda: store)
    qtbot.addWidget(lib)
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)        # read off the GUI thread
    assert lib.model.rowCount() == 1
    new = str(store.save_text("second", TextSpec(prompt="q", seed=2)))
    lib.refresh_later()
    assert lib.is_loading()
    lib.refresh_later()                                      # a second save before the first read arrived
    qtbot.waitUntil(lambda: not lib.is_loading(), timeout=5000)
    assert lib.paths()[0] == new and lib.model.rowCount() == 2

    def broken():
        raise PermissionError(13, "Permission denied", "/locked")
    lib.store_getter = broken
    lib.refresh_later()
    assert "cannot be read" in lib.empty_text()
