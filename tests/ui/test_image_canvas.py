"""The image canvas on its own: many images, zoom, pan, grid and checkerboard, selection, sections, drops."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QColor, QDropEvent, QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aigc_studio.ui.widgets import image_canvas as ic  # noqa: E402
from aigc_studio.ui.widgets.image_canvas import ImageCanvas  # noqa: E402


def solid(r, g, b, a=255, size=64):
    img = np.zeros((size, size, 4), np.uint8)
    img[...] = (r, g, b, a)
    return img


def batch(n, seed=0):
    rng = np.random.default_rng(seed)
    out = rng.integers(0, 256, (n, 64, 64, 4), dtype=np.uint8)
    out[..., 3] = 255
    return out


@pytest.fixture
def canvas(qtbot):
    c = ImageCanvas()
    c.resize(900, 640)
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    return c


def fill(canvas, count=16, title="batch", seed=0, **kw):
    s = canvas.add_section(title, count, **kw)
    imgs = batch(count, seed)
    canvas.set_images(s, {i: imgs[i] for i in range(count)})
    return s


def click(qtbot, canvas, item, mods=Qt.KeyboardModifier.NoModifier):
    pos = canvas.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, mods, pos)


def pixel(canvas, scene_point):
    """The colour the viewport shows at a scene point."""
    img = canvas.viewport().grab().toImage()
    p = canvas.mapFromScene(scene_point)
    return QColor(img.pixel(p.x(), p.y()))


# ---------------------------------------------------------------------------------------------- many images ---

def test_thousand_images_in_sections(qtbot, canvas):
    sections = [fill(canvas, 64, f"batch {k}", seed=k) for k in range(15)]
    sections.append(fill(canvas, 40, "last", seed=99))
    assert canvas.image_count() == 1000
    images = canvas.images()
    assert len(images) == 1000 and len(set(map(id, images))) == 1000
    # Sections stack one under the other without overlapping.
    for a, b in zip(sections, sections[1:]):
        assert b.top >= a.top + a.height
    for it in images[:5]:
        assert (it.pixmap().width(), it.pixmap().height()) == (64, 64)     # native size; the view scales
        assert it.flags() & it.GraphicsItemFlag.ItemHasNoContents     # no Python paint per image
    canvas.fit_all()
    assert canvas.zoom() < 1.0
    before = canvas.paint_count
    canvas.viewport().repaint()
    assert canvas.paint_count == before + 1
    canvas.clear()
    assert canvas.image_count() == 0 and canvas.sections == []


def test_columns_follow_the_view_and_new_sections_come_into_view(qtbot, canvas):
    s1 = fill(canvas, 64)
    assert 1 <= s1.columns <= ic.MAX_COLUMNS
    right = max(it.sceneBoundingRect().right() for it in s1.items.values())
    assert right * canvas.zoom() <= canvas.width()           # no horizontal scrolling for a batch
    strip = canvas.add_section("strip", 20, columns=20)
    assert strip.rows == 1
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(QPointF(4, strip.top + 4))       # its header is shown, from the left edge


def test_set_images_replaces_in_place_and_grows_a_section(qtbot, canvas):
    s1 = canvas.add_section("one", 4)
    s2 = fill(canvas, 4, "two")
    canvas.set_images(s1, {0: solid(255, 0, 0)})
    item = s1.items[0]
    canvas.set_images(s1, {0: solid(0, 0, 255)})
    assert s1.items[0] is item and item.rgba[0, 0, 2] == 255
    top2 = s2.top
    canvas.set_images(s1, {i: solid(0, 255, 0) for i in range(1, 12)})     # more than reserved: it grows
    assert s1.capacity == 12 and len(s1.items) == 12
    assert s2.top > top2 and s2.top >= s1.top + s1.height
    assert all(it.pos().y() >= s2.top for it in s2.items.values())


def test_rgb_and_single_images_are_accepted():
    assert ic.as_rgba(np.zeros((2, 8, 8, 3), np.uint8)).shape == (2, 8, 8, 4)
    assert ic.as_rgba(np.zeros((8, 8, 4), np.uint8)).shape == (1, 8, 8, 4)
    with pytest.raises(ValueError):
        ic.as_rgba(np.zeros((2, 8, 8, 7), np.uint8))


# ---------------------------------------------------------------------------------------------- look ----------

def test_checkerboard_behind_transparent_pixels(qtbot, canvas):
    s = canvas.add_section("clear", 1)
    canvas.set_images(s, {0: solid(0, 0, 0, 0)})              # fully transparent
    canvas.set_zoom(4.0)
    canvas.reveal(s)
    QApplication.processEvents()
    item = s.items[0]
    r = item.sceneBoundingRect()
    seen = {pixel(canvas, QPointF(r.left() + 2 + x, r.top() + 2 + y)).name()
            for x in range(0, 30, 2) for y in range(0, 30, 2)}
    assert {"#ffffff", "#cccccc"} <= seen                      # both checker colours show through
    canvas.set_images(s, {0: solid(200, 10, 10, 255)})        # opaque: no checker
    QApplication.processEvents()
    assert pixel(canvas, r.center()).name() == "#c80a0a"


def test_grid_toggle_draws_slot_frames_and_pixel_grid(qtbot, canvas):
    s = canvas.add_section("grid", 3)
    canvas.set_images(s, {0: solid(250, 250, 250)})           # slots 1 and 2 stay empty
    canvas.set_zoom(8.0)
    canvas.reveal(s)
    QApplication.processEvents()
    off = canvas.viewport().grab().toImage()
    assert not canvas.grid_visible()
    canvas.set_grid_visible(True)
    QApplication.processEvents()
    on = canvas.viewport().grab().toImage()
    assert canvas.grid_visible() and on != off
    # From 800 % a pixel grid line crosses the image between its first and second pixel.
    item = s.items[0]
    line = pixel(canvas, item.mapToScene(QPointF(1.0, 0.5)))
    assert line.name() != "#fafafa"
    inside = pixel(canvas, item.mapToScene(QPointF(0.5, 0.5)))
    assert inside.name() == "#fafafa"


# ---------------------------------------------------------------------------------------------- zoom, pan -----

def test_zoom_keys_wheel_and_limits(qtbot, canvas):
    fill(canvas, 16)
    z0 = canvas.zoom()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom() == pytest.approx(z0 * ic.ZOOM_STEP)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.zoom() == pytest.approx(z0)
    qtbot.keyClick(canvas, Qt.Key.Key_1)
    assert canvas.zoom() == pytest.approx(1.0)
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    items = canvas.scene().itemsBoundingRect()
    assert canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(items.adjusted(4, 4, -4, -4))
    canvas.set_zoom(1000)
    assert canvas.zoom() == ic.MAX_ZOOM
    canvas.set_zoom(0.0001)
    assert canvas.zoom() == ic.MIN_ZOOM
    canvas.set_zoom(2.0)

    def wheel(mods):
        pos = QPointF(100, 100)
        ev = QWheelEvent(pos, canvas.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                         Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas.viewport(), ev)

    wheel(Qt.KeyboardModifier.ControlModifier)                 # Ctrl + wheel zooms
    assert canvas.zoom() == pytest.approx(2.0 * ic.ZOOM_STEP)
    for _ in range(3):
        fill(canvas, 64)
    bar = canvas.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    v, z = bar.value(), canvas.zoom()
    wheel(Qt.KeyboardModifier.NoModifier)                      # a plain wheel scrolls
    assert canvas.zoom() == z and bar.value() < v


def test_middle_drag_and_space_drag_pan(qtbot, canvas):
    for k in range(4):
        fill(canvas, 64, seed=k, mode="interpolate", columns=64)     # one long row each: room to pan both ways
    canvas.set_zoom(4.0)
    h, v = canvas.horizontalScrollBar(), canvas.verticalScrollBar()
    h.setValue(h.maximum() // 2)
    v.setValue(v.maximum() // 2)
    vp = canvas.viewport()
    h0, v0 = h.value(), v.value()
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=QPoint(300, 300))
    qtbot.mouseMove(vp, QPoint(250, 260))
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=QPoint(250, 260))
    assert (h.value(), v.value()) == (h0 + 50, v0 + 40)       # the canvas follows the hand
    selected_before = canvas.selected_images()
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(vp, QPoint(320, 330))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(320, 330))
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert (h.value(), v.value()) == (h0 + 30, v0 + 10)
    assert canvas.selected_images() == selected_before        # panning does not select
    assert canvas.dragMode() == canvas.DragMode.RubberBandDrag


# ---------------------------------------------------------------------------------------------- selection -----

def test_click_ctrl_click_shift_click_and_ctrl_a(qtbot, canvas):
    s = fill(canvas, 12)
    it = s.ordered()
    click(qtbot, canvas, it[1])
    assert canvas.selected_images() == [it[1]]
    click(qtbot, canvas, it[4], Qt.KeyboardModifier.ControlModifier)
    assert canvas.selected_images() == [it[1], it[4]]
    click(qtbot, canvas, it[1], Qt.KeyboardModifier.ControlModifier)      # Ctrl+click again: off
    assert canvas.selected_images() == [it[4]]
    click(qtbot, canvas, it[2])
    click(qtbot, canvas, it[6], Qt.KeyboardModifier.ShiftModifier)        # a range from the last click
    assert canvas.selected_images() == it[2:7]
    click(qtbot, canvas, it[9])
    assert canvas.selected_images() == [it[9]]
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_images()) == 12


def test_selection_order_remembers_the_order_picked(qtbot, canvas):
    s = fill(canvas, 8)
    it = s.ordered()
    click(qtbot, canvas, it[5])
    click(qtbot, canvas, it[2], Qt.KeyboardModifier.ControlModifier)
    assert canvas.selected_images() == [it[2], it[5]]           # canvas order
    assert canvas.selection_order() == [it[5], it[2]]           # picking order
    canvas.select([it[7], it[0]])
    assert canvas.selection_order() == [it[7], it[0]]


def test_rubber_band_selects_what_it_touches(qtbot, canvas):
    s = fill(canvas, 16)
    it = s.ordered()
    vp = canvas.viewport()
    a = canvas.mapFromScene(it[0].sceneBoundingRect().center())
    b = canvas.mapFromScene(it[2].sceneBoundingRect().center())
    start = canvas.mapFromScene(QPointF(-10, it[0].sceneBoundingRect().top() - 4))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, (a + b) / 2)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    assert canvas.selected_images() == it[0:3]
    click(qtbot, canvas, it[0])                   # a click on empty space clears, on an image selects it
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(QPointF(-12, -12)))
    assert canvas.selected_images() == []


def test_sort_by_score_and_remove_section(qtbot, canvas):
    s = fill(canvas, 5, scored=True)
    other = fill(canvas, 3)
    for it, score in zip(s.ordered(), (0.1, 0.9, None, 0.5, 0.7)):
        it.set_info({"model": "m", "mode": "sample", "seed": 1}, [0.0], score, "")
    canvas.sort_by_score(s)
    assert [it.score for it in s.ordered()] == [0.9, 0.7, 0.5, 0.1, None]
    assert s.ordered()[0].pos() == s.slot_pos(0)
    assert "score 0.900" in s.ordered()[0].toolTip()
    top = other.top
    canvas.remove_section(s)
    assert other.top < top and canvas.image_count() == 3


def test_dropped_files_are_announced(qtbot, canvas, tmp_path):
    f = tmp_path / "cat.png"
    f.write_bytes(b"x")
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(f))])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(canvas.files_dropped) as sig:
        canvas.dropEvent(ev)
    assert sig.args == [[str(f)]]
    md2 = QMimeData()
    md2.setText("just text")
    ev2 = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, md2, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier)
    with qtbot.assertNotEmitted(canvas.files_dropped):
        canvas.dropEvent(ev2)


def test_only_accepted_files_are_taken(qtbot, canvas, tmp_path):
    canvas.accept_suffixes = (".png",)
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(tmp_path / "poem.txt")), QUrl.fromLocalFile(str(tmp_path / "A.PNG"))])
    ev = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(canvas.files_dropped) as sig:
        canvas.dropEvent(ev)
    assert sig.args == [[str(tmp_path / "A.PNG")]]
    md.setUrls([QUrl.fromLocalFile(str(tmp_path / "poem.txt"))])     # left to the window
    ev = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    canvas.dragEnterEvent(ev)
    assert not ev.isAccepted()


def test_columns_follow_the_views_width(qtbot, canvas):
    """Issue 12 item 4: the columns of a batch follow the view's width (after a resize, a zoom or Fit), not the
    zoom the batch was made at; an interpolation stays one row."""
    canvas.set_zoom(4.0)
    s = fill(canvas, 16)
    row = fill(canvas, 8, title="frames", mode="interpolate", columns=8)
    narrow = s.columns
    assert narrow < 16
    canvas.fit_all()                                # zooms out: more columns fit
    assert s.columns > narrow and row.columns == 8
    items = canvas.scene().itemsBoundingRect()
    assert canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(items.adjusted(4, 4, -4, -4))
    canvas.set_zoom(4.0)
    assert s.columns == narrow
    wide = canvas.columns_that_fit(s.cell_w)
    canvas.resize(canvas.width() // 2, canvas.height())
    qtbot.waitUntil(lambda: s.columns < wide, timeout=3000)
