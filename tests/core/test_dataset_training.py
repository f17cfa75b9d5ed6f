"""Training reads a dataset manifest: only its included files, with its augmentation (core/training image, audio
and text through core.data.dataset.dataset_files and core.data.augment.settings_for)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from audio_fixtures import SR, TINY_CFG, write_tones
from image_fixtures import GAN_CFG, drive, make_shapes_folder

from aigc_studio.core.data.augment import AugmentSettings, settings_for
from aigc_studio.core.data.dataset import Manifest
from aigc_studio.core.data.dataset_scan import run_scan
from aigc_studio.core.jobs import problems as job_problems
from aigc_studio.core.training.config import AudioTrainConfig, ImageTrainConfig

pytestmark = pytest.mark.usefixtures("one_thread")


def manifest_of(folder, tmp_path, leave_out=(), augment=None):
    m = Manifest.from_report(run_scan(folder).report, augment=augment or {})
    for name in leave_out:
        assert m.exclude(name)
    return m.save(tmp_path / "set.json"), m


def test_image_training_reads_only_the_included_pictures_with_the_manifests_augmentation(tmp_path):
    from aigc_studio.core.training.image import image_files, load_image_tensor, train_image
    folder = make_shapes_folder(tmp_path / "shapes", n=10)
    aug = AugmentSettings(hflip=True, crop=0.2, brightness=0.2).to_dict()
    path, m = manifest_of(folder, tmp_path, leave_out=["shape-000.png", "shape-001.png"], augment=aug)
    names = [p.name for p in image_files(path)]
    assert names == m.included_names() and "shape-000.png" not in names and "shape-001.png" not in names
    assert len(names) >= 6
    x, skipped = load_image_tensor(path, 16, 4)
    assert x.shape[0] == len(names) and not skipped
    assert settings_for(str(path)) == AugmentSettings.from_dict(aug)
    assert settings_for(str(path), {"hflip": False}) == AugmentSettings()     # the option wins
    base = dict(data=str(path), model_type="gan", model=dict(GAN_CFG), steps=2, batch_size=4, eval_every=0,
                sample_every=0, checkpoint_every=0, log_every=1, seed=3)
    cfg = ImageTrainConfig(out=str(tmp_path / "m1"), run_dir=str(tmp_path / "m1.run"), **base)
    assert not cfg.problems()                                       # a manifest is accepted where a folder is
    _, r1 = drive(train_image(cfg))
    _, r2 = drive(train_image(ImageTrainConfig(out=str(tmp_path / "m2"), run_dir=str(tmp_path / "m2.run"), **base)))
    assert r1["stopped"] == r2["stopped"] == "steps"
    assert (r1["d_loss"], r1["g_loss"]) == (r2["d_loss"], r2["g_loss"])   # augmentation is seeded: runs repeat
    _, r3 = drive(train_image(ImageTrainConfig(out=str(tmp_path / "m3"), run_dir=str(tmp_path / "m3.run"),
                                               data_augment={"hflip": False}, **base)))
    assert (r3["d_loss"], r3["g_loss"]) != (r1["d_loss"], r1["g_loss"])   # the manifest's augmentation was used


def test_training_options_refuse_bad_augmentation_in_words(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", n=4)
    cfg = ImageTrainConfig(data=str(folder), out=str(tmp_path / "m"), data_augment={"crop": 3})
    assert [p.code for p in cfg.problems() if p.field == "data_augment"] == ["range"]
    cfg = ImageTrainConfig(data=str(folder), out=str(tmp_path / "m"), data_augment={"zoom": 1})
    assert "Unknown augmentation settings: zoom." in [p.text for p in cfg.problems()]


def test_audio_training_reads_the_manifest_and_shifts_pitch_targets(tmp_path):
    from aigc_studio.core.training.audio import list_audio_files, train_audio
    folder = write_tones(tmp_path / "tones", n=6)
    path, m = manifest_of(folder, tmp_path, leave_out=["tone-05.wav"])
    assert [p.name for p in list_audio_files(path)] == [f"tone-{i:02d}.wav" for i in range(5)]
    fast = dict(model=TINY_CFG, batch_size=4, stft_sizes=[128, 64, 32], eval_every=0, eval_count=4, sample_every=0,
                checkpoint_every=0, log_every=1, warmup_steps=1, beta_start=1, beta_warmup=2, save_dtype="float32")
    cfg = AudioTrainConfig.from_dict({**fast, "data": str(path), "out": str(tmp_path / "model"), "steps": 2,
                                      "data_augment": {"gain_db": 3.0, "pitch": 2.0, "shift": 0.05}})
    assert not cfg.problems()
    _, res = drive(train_audio(cfg))
    assert res["stopped"] == "steps" and res["sample_rate"] == SR
    assert all(np.isfinite(v) for v in res.values() if isinstance(v, float))


def test_text_training_reads_the_manifest(tmp_path):
    from aigc_studio.core.training.text import read_texts
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("first text\n", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("second text\n", encoding="utf-8")
    (folder / "c.txt").write_text("first text\n", encoding="utf-8")         # an exact copy: left out by the scan
    path, m = manifest_of(folder, tmp_path)
    texts, notes = read_texts(path)
    assert texts == [("a.txt", "first text\n"), ("sub/b.md", "second text\n")]
    spec_problems = job_problems(_text_spec(path, tmp_path))
    assert not [p for p in spec_problems if p.field == "data"]


def _text_spec(path, tmp_path):
    from aigc_studio.core.base.train_specs import TrainTextSpec
    return TrainTextSpec(data=str(path), out=str(tmp_path / "tm"), options={"steps": 1})


def test_torch_batches_are_untouched_when_augmentation_is_off():
    from aigc_studio.core.data.augment import augment_images
    x = torch.zeros(2, 4, 8, 8)
    g = torch.Generator().manual_seed(0)
    state = g.get_state().clone()
    assert augment_images(x, AugmentSettings(), g) is x
    assert torch.equal(g.get_state(), state)           # no random numbers drawn: existing runs are unchanged
