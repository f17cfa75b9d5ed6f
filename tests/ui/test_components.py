"""The Qt-free session models of the panels (ui/components) and the shared file-type table: plain asserts, no Qt."""
from __future__ import annotations

import subprocess
import sys

import numpy as np

from aigc_studio.core.assets.audio_features import note_name
from aigc_studio.core.assets.formats import AUDIO_EXTENSIONS, IMAGE_EXTENSIONS, glob_patterns, kind_of_path
from aigc_studio.core.base.specs import MAX_DIRECTIONS, AudioSpec, ImageSpec
from aigc_studio.ui.components.image_session import ImageSession
from aigc_studio.ui.components.model_card import ModelCard
from aigc_studio.ui.components.sound_list import SoundListModel


def rgba(v, size=8):
    return np.full((size, size, 4), v, np.uint8)


def test_components_import_no_qt():
    code = ("import sys, aigc_studio.ui.components.image_session, aigc_studio.ui.components.sound_list, "
            "aigc_studio.ui.components.model_card; "
            "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_image_session_sections_pixels_info_and_order():
    session = ImageSession()
    events = []
    session.subscribe(lambda event, section, items: events.append((event, section, len(items))))
    s = session.add_section("batch", 3, columns=8, job_id="job-1", scored=True)
    assert s.columns == 3 and events[-1] == ("section", s, 0)              # no more columns than slots
    made = session.set_images(s, {0: rgba(1, 16), 1: rgba(2, 16)})
    assert s.cell == (16, 16) and [it.index for it in made] == [0, 1]     # the first image sets the cell
    again = session.set_images(s, {0: rgba(9, 16), 4: rgba(4, 16)})
    assert again[0] is made[0] and made[0].rgba[0, 0, 0] == 9 and s.capacity == 5      # in place; grows
    assert events[-1] == ("pixels", s, 2) and session.image_count() == 3
    for it, score in zip(s.ordered(), (0.1, None, 0.7)):
        session.set_info(it, {"model": "m", "mode": "sample", "seed": 1}, [0.0, 1.0], score, "c")
    assert events[-1][0] == "info" and made[0].ready and made[0].caption == "c"
    session.sort_by_score(s)
    assert [it.score for it in s.ordered()] == [0.7, 0.1, None] and events[-1] == ("order", s, 0)
    assert session.section_of_job("job-1") is s and session.contains(made[0])
    session.remove_section(s)
    assert session.sections == [] and not session.contains(made[0]) and events[-1] == ("removed", s, 3)


def test_image_item_original_and_slider_amounts():
    session = ImageSession()
    s = session.add_section("one", 1, columns=1)
    (item,) = session.set_images(s, {0: rgba(5)})
    session.set_info(item, {"model": "m", "mode": "latent", "latents": [[1.0, 2.0]], "directions": [0.5]},
                     [3.0, 4.0], None, "")
    item.saved_path = "/out/a.png"
    assert item.slider_amounts() == [0.5]
    orig = item.remember_original()
    assert orig.base_latent == (1.0, 2.0) and orig.amounts == (0.5,) and item.remember_original() is orig
    item.amounts = [1.5]
    session.set_images(s, {0: rgba(7)})
    session.set_info(item, {"model": "m", "mode": "latent", "directions": [1.5]}, [9.0, 9.0], None, "",
                     keep_edit=True)
    assert item.original is orig and item.saved_path is None and item.slider_amounts() == [1.5]
    assert session.restore_original(item)
    assert item.rgba[0, 0, 0] == 5 and item.latent == [3.0, 4.0] and item.saved_path == "/out/a.png"
    assert item.slider_amounts() == [0.5]
    session.set_info(item, {"model": "m"}, [0.0], None, "")            # a new image: no edit any more
    assert item.original is None and item.amounts is None


def test_sound_list_model_fills_a_job_and_applies_its_result():
    model = SoundListModel()
    events = []
    model.subscribe(lambda event, sound: events.append((event, sound.number)))
    spec = AudioSpec(model="m", count=2, seed=10, seconds=0.5)
    model.begin_job(spec, label_of=lambda sp, i: f"seed {sp.seed + i}")
    a = model.add_chunk(0, 8000, np.ones((1, 100), np.float32) * 0.5)
    model.add_chunk(0, 8000, np.zeros(50, np.float32))
    b = model.add_chunk(1, 8000, np.ones(10, np.float32))
    assert [s.name for s in model.sounds] == ["seed 10", "seed 11"] and a.take.n_samples == 150
    assert a.rate == 8000 and a.take.peak == 0.5 and model.take_dirty() == [a, b] and model.take_dirty() == []
    one = {"model": "m", "mode": "sample", "count": 1, "seed": 10, "seconds": 0.5}
    model.finish_job([{"spec": one, "latent": [0.1], "pitch_hz": 261.6, "peak": 0.5}], done=False)
    assert a.take.finished and a.spec.seed == 10 and a.latent == [0.1] and note_name(a.pitch_hz) == "C4"
    assert b.take.partial and not b.take.finished                 # stopped before the Result described it
    assert b.spec_for_save().seed == 11 and b.spec_for_save().count == 1
    # A slider edit: a new take of ``a``; the first take is its original until reset.
    model.begin_job(AudioSpec(model="m", mode="latent", latents=((0.1,),), directions=(1.0,)), target=a)
    model.add_chunk(0, 8000, np.zeros(20, np.float32))
    assert a.take.n_samples == 20 and a.original is not None and a.edited and len(model) == 2
    assert model.restore_original(a) and a.take.n_samples == 150 and not a.edited
    model.remove(b)
    assert model.sounds == [a] and ("removed", b.number) in events


def test_a_job_that_made_nothing_leaves_no_empty_sound():
    model = SoundListModel()
    model.begin_job(AudioSpec(model="m", count=2))
    model.add_chunk(1, 8000, np.zeros(0, np.float32))                # an empty chunk makes the sound, no samples
    assert len(model) == 1
    model.finish_job([], done=False)
    assert len(model) == 0


def test_model_card_reads_once_what_panels_need():
    card = ModelCard.from_card({"name": "N", "description": "D", "usage": {"prompt": "P", "stop": ["\n\n"]},
                                "metrics": {"loss": 1.23456, "nested": {"x": 1}, "ok": True},
                                "config": {"sample_rate": 16000, "pca_k": 40}})
    assert (card.name, card.description, card.usage_prompt, card.usage_stop) == ("N", "D", "P", ("\n\n",))
    assert card.sample_rate == 16000 and card.directions == MAX_DIRECTIONS     # one limit for every panel
    assert card.metrics_lines() == ["loss: 1.235"]
    assert ModelCard.from_card({"pca_components": [[0.0]] * 3}).directions == 3
    assert ModelCard.from_card(None) == ModelCard() and ModelCard.from_card({"usage": "x"}).usage_stop == ()


def test_one_table_of_file_types_and_one_note_name():
    assert ".mp3" in AUDIO_EXTENSIONS and ".png" in IMAGE_EXTENSIONS    # training reads MP3: the panel takes it
    assert kind_of_path("/a/B.MP3") == "audio" and kind_of_path("x.jpeg") == "image" and kind_of_path("x.md") == \
        "text" and kind_of_path("x.zip") == ""
    assert glob_patterns((".wav", ".flac")) == "*.wav *.flac"
    assert note_name(440.0) == "A4" and note_name(277.18) == "C#4" and note_name(None) == ""


def test_direction_range_fits_the_spec():
    from aigc_studio.ui.widgets.direction_sliders import DIRECTION_RANGE
    extreme = tuple([DIRECTION_RANGE, -DIRECTION_RANGE] * MAX_DIRECTIONS)[:MAX_DIRECTIONS]
    assert ImageSpec(mode="latent", latents=((0.0,),), directions=extreme).problems() == []
    assert ImageSpec(mode="latent", latents=((0.0,),), directions=extreme + (0.0,)).problems() != []
