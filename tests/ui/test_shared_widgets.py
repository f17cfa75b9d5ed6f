"""The shared widgets of the panels: the declarative form table and the direction sliders."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from aigc_studio.core.base.specs import MAX_DIRECTIONS, AudioSpec
from aigc_studio.ui.widgets.direction_sliders import DIRECTION_RANGE, DirectionSliders
from aigc_studio.ui.widgets.param_form import FormTable, Param, ParamForm

TABLE = (Param("count", "int", QT_TRANSLATE_NOOP("T", "Sounds"), "tip", 0, 1000, saved=(1, 64)),
         Param("seconds", "float", QT_TRANSLATE_NOOP("T", "Length"), "", 0.0, 60.0, step=0.25),
         Param("frames", "int", QT_TRANSLATE_NOOP("T", "Steps"), "", 0, 100, check=QT_TRANSLATE_NOOP("T", "On"),
               group="more"),
         Param("fmt", "choice", "Format", choices=(("WAV", "wav"), ("FLAC", "flac")), default="wav", in_spec=False))


def test_form_table_builds_fills_saves_and_restores(qtbot):
    forms = {"": ParamForm(), "more": ParamForm()}
    for f in forms.values():
        qtbot.addWidget(f)
    table = FormTable("T", TABLE, AudioSpec())
    w = table.build(forms[""], forms)
    assert set(forms[""].widgets) == {"count", "seconds", "fmt"} and set(forms["more"].widgets) == {"frames"}
    assert forms[""].labels["count"].text() == "Sounds" and w["count"].toolTip() == "tip"
    assert table.spec_values() == {"count": AudioSpec().count, "seconds": AudioSpec().seconds,
                                   "frames": AudioSpec().frames}                       # defaults from the spec
    table.fill(AudioSpec(count=3, seconds=0.123456, frames=7))
    assert table.spec_values() == {"count": 3, "seconds": 0.123456, "frames": 7}        # exact, not rounded
    table.checks["frames"].setChecked(True)
    saved = table.save()
    assert saved == {"count": 3, "seconds": 0.123456, "frames": 7, "frames_on": True, "fmt": "wav"}
    table.reset()
    table.restore({**saved, "count": 500, "fmt": "mp9"})          # out of the remembered range / unknown: kept
    assert table.value("count") == AudioSpec().count and table.value("fmt") == "wav"
    table.restore({**saved, "fmt": "flac", "seconds": "x"})
    assert table.value("count") == 3 and table.value("fmt") == "flac" and table.value("seconds") == 0.123456   # "x": unchanged


def test_direction_sliders_one_set_of_limits_and_latest_wins_throttle(qtbot):
    trailing = DirectionSliders(None, "Direction %1", "tip %1", "Reset", "", 60)
    qtbot.addWidget(trailing)
    trailing.set_count(40)
    assert len(trailing.sliders) == MAX_DIRECTIONS
    assert trailing.sliders[0].maximum() / 10 == DIRECTION_RANGE and trailing.sliders[0].toolTip() == "tip 1"
    got = []
    trailing.changed.connect(got.append)
    trailing.set_slider(0, 1.0)
    trailing.set_slider(0, 1.5)
    assert got == [] and trailing.pending                          # throttled: nothing yet
    qtbot.waitUntil(lambda: got == [(1.5,) + (0.0,) * (MAX_DIRECTIONS - 1)], timeout=2000)   # the latest
    trailing.set_slider(1, -0.5)
    trailing.sliders[1].sliderReleased.emit()                      # released: at once
    assert len(got) == 2 and got[-1][1] == -0.5 and not trailing.timer.isActive()
    trailing.set_amounts((0.3,))
    assert len(got) == 2 and trailing.amounts()[:2] == (0.3, 0.0)  # shown without a signal

    leading = DirectionSliders(None, "D %1", "", "Reset", "", 60, leading=True)
    qtbot.addWidget(leading)
    leading.set_count(2)
    first = []
    leading.changed.connect(first.append)
    leading.set_slider(0, 0.5)
    assert first == [(0.5, 0.0)]                                   # at once after a quiet spell
    leading.set_slider(0, 0.7)
    leading.set_slider(0, 0.9)
    assert len(first) == 1
    qtbot.waitUntil(lambda: len(first) == 2, timeout=2000)
    assert first[-1] == (0.9, 0.0)
