"""Size presets: listed and checked without torch, applied under the job's own options, and the warning when the
data is too small for the preset (with the preset that fits)."""
from __future__ import annotations

import subprocess
import sys

from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec
from aigc_studio.core.training.config import config_for
from aigc_studio.core.training.presets import PRESETS, presets_for, size_advice


def test_every_kind_has_presets_and_the_small_ones_are_the_defaults():
    assert [p.name for p in presets_for("train-text")] == ["lstm-small", "gpt-tiny", "gpt-small", "gpt-medium"]
    assert [p.name for p in presets_for("train-image", "gan")] == ["gan-tiny", "gan-small", "gan-medium"]
    assert [p.name for p in presets_for("train-image", "vae")] == ["vae-tiny", "vae-small", "vae-medium"]
    assert [p.name for p in presets_for("train-audio")] == ["audio-tiny", "audio-small"]
    plain = config_for(TrainTextSpec(data="d", out="o"))
    small = config_for(TrainTextSpec(data="d", out="o", options={"preset": "gpt-small"}))
    assert small.model == plain.model and small.architecture == plain.architecture == "gpt"


def test_a_preset_sits_under_the_explicit_options():
    cfg = config_for(TrainTextSpec(data="d", out="o", options={"preset": "lstm-small", "batch_size": 4}))
    assert (cfg.architecture, cfg.tokenizer, cfg.batch_size) == ("lstm", "char", 4)
    assert cfg.model == PRESETS["lstm-small"].options["model"] and cfg.lr == PRESETS["lstm-small"].options["lr"]
    gan = config_for(TrainImageSpec(data="d", out="o", model_type="gan", options={"preset": "gan-tiny"}))
    assert gan.model["g_width"] == 8
    audio = config_for(TrainAudioSpec(data="d", out="o", options={"preset": "audio-tiny"}))
    assert audio.model["enc_channels"][0] == 8


def test_an_unknown_or_wrong_kind_preset_is_a_problem_found_without_torch(tmp_path):
    (tmp_path / "t.txt").write_text("hello", encoding="utf-8")
    code = f"""
import sys
from aigc_studio.core import jobs
from aigc_studio.core.base.train_specs import TrainImageSpec, TrainTextSpec
data = {str(tmp_path / 't.txt')!r}
p = jobs.problems(TrainTextSpec(data=data, out={str(tmp_path / 'o')!r}, options={{"preset": "gan-small"}}))
assert [q.field for q in p] == ["preset"], p
assert "lstm-small, gpt-tiny, gpt-small, gpt-medium" in p[0].text, p[0].text
p = jobs.problems(TrainImageSpec(data={str(tmp_path)!r}, out={str(tmp_path / 'o')!r}, model_type="vae",
                                 options={{"preset": "gan-small"}}))
assert [q.field for q in p] == ["preset"] and "vae-tiny" in p[0].text, p
p = jobs.problems(TrainTextSpec(data=data, out={str(tmp_path / 'o')!r}, options={{"preset": "lstm-small"}}))
assert p == [], p
assert "torch" not in sys.modules
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def test_size_advice_recommends_the_preset_that_fits():
    msg, values = size_advice("train-text", "gpt-medium", 5_000)
    assert values["recommended"] == "lstm-small" and values["count"] == "5,000"
    assert "too few for the size gpt-medium" in msg.format(**values)
    assert size_advice("train-text", "lstm-small", 5_000) is None
    assert size_advice("train-image", "", 80, "gan")[1]["recommended"] == "gan-tiny"     # default: gan-small
    tiny = size_advice("train-image", "gan-tiny", 10, "gan")
    assert "smallest size gan-tiny" in tiny[0].format(**tiny[1])
    assert size_advice("train-audio", "audio-tiny", 20) is None
