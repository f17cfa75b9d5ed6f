"""The audio trainer and the train-audio job on made-up tones: the loss falls, the model folder and its card,
resuming, stopping, bad data in words."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from audio_fixtures import SR, TINY_CFG, drive, tiny_model, tone, tone_folder  # noqa: F401  (fixture)

from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.training.audio import train_audio
from aigc_studio.core.training.audio_metrics import kl_divergence, log_spectral_distance, sample_rate_of, stft_loss
from aigc_studio.core.training.config import AudioTrainConfig, TrainingError

FAST = dict(model=TINY_CFG, batch_size=4, stft_sizes=[128, 64, 32], eval_every=3, eval_count=4, sample_every=3,
            checkpoint_every=3, log_every=1, warmup_steps=1, beta_start=1, beta_warmup=2,
            save_dtype="float32")


def test_a_few_steps_lower_the_loss():
    model = tiny_model().train()
    x = torch.from_numpy(np.stack([np.pad(tone(hz), (0, 1024))[:1024] for hz in (220, 330, 440, 660)]))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    torch.manual_seed(0)
    losses = []
    for _ in range(25):
        y, mu, logvar, _ = model(x)
        loss = stft_loss(y, x, (128, 64, 32)) + 1e-3 * kl_divergence(mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.8 * losses[0]


def test_log_spectral_distance_is_zero_for_the_same_sound():
    x = torch.from_numpy(np.stack([tone(440)[:1024], tone(220)[:1024]]))
    assert torch.allclose(log_spectral_distance(x, x), torch.zeros(2))
    noise = torch.randn(1, 1024, generator=torch.Generator().manual_seed(0)) * 0.3     # every bin above the floor
    assert float(log_spectral_distance(noise * 0.5, noise)[0]) == pytest.approx(6.02, abs=0.1)


def _cfg(tmp_path, data, **over):
    return AudioTrainConfig.from_dict({**FAST, "data": str(data), "out": str(tmp_path / "model"),
                                       "steps": 6, **over})


def test_trains_saves_and_resumes(tmp_path, tone_folder):
    from aigc_studio.core.models.checkpoint import load_model_folder
    events, res = drive(train_audio(_cfg(tmp_path, tone_folder, card={"id": "tones", "name": "Tones"})))
    assert res["stopped"] == "steps" and res["step"] == 6 and res["sample_rate"] == SR
    names = {ev.name for ev in events if isinstance(ev, Metric)}
    assert {"stft", "kl", "f0", "train_loss", "eval_lsd_db", "eval_f0_cents"} <= names
    samples = [ev for ev in events if isinstance(ev, Sample)]
    assert samples and samples[0].data.dtype == np.float32 and samples[0].data.shape[0] == 1
    assert sample_rate_of(samples[0]) == SR
    model, _, card = load_model_folder(tmp_path / "model")
    assert card["id"] == "tones" and card["kind"] == "audio" and card["architecture"] == "audio_vae"
    assert card["sample_rate"] == SR and card["training"]["steps"] == 6
    assert np.isfinite(card["metrics"]["heldout_lsd_db"])
    assert not torch.equal(model.pca_mean, torch.zeros(4))               # the latent distribution was fitted
    assert "## Metrics" in (tmp_path / "model" / "README.md").read_text(encoding="utf-8")
    # more steps with the same run folder continue from the checkpoint
    events, res = drive(train_audio(_cfg(tmp_path, tone_folder, steps=8)))
    assert any("Resumed from the checkpoint at step 6" in ev.message for ev in events if isinstance(ev, Log))
    assert res["step"] == 8


def test_stop_keeps_a_checkpoint_and_no_model(tmp_path, tone_folder):
    _, res = drive(train_audio(_cfg(tmp_path, tone_folder), should_stop=lambda: True))
    assert res["stopped"] == "cancelled" and res["out"] is None and res["step"] == 1
    assert (tmp_path / "model.run" / "checkpoint" / "state.json").is_file()
    assert not (tmp_path / "model").exists()
    _, res = drive(train_audio(_cfg(tmp_path, tone_folder), stop_and_save=lambda: True))
    assert res["stopped"] == "stop-and-save" and (tmp_path / "model" / "card.json").is_file()


def test_bad_files_are_skipped_and_no_sound_is_an_error(tmp_path):
    import soundfile as sf
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.wav").write_text("just text")
    with pytest.raises(TrainingError, match="No sound file"):
        drive(train_audio(_cfg(tmp_path, data)))
    sf.write(data / "a.wav", tone(440), SR)
    sf.write(data / "b.flac", np.stack([tone(300), tone(300)], axis=1), 44100)    # resampled, downmixed
    events, res = drive(train_audio(_cfg(tmp_path, data, steps=2)))
    warnings = [ev.message for ev in events if isinstance(ev, Log) and ev.level == "warning"]
    assert any("notes.wav" in w and "text file" in w for w in warnings)
    assert res["step"] == 2


def test_options_are_checked_in_words(tmp_path, tone_folder):
    cfg = _cfg(tmp_path, tone_folder, steps=0, stft_sizes=[100], model={**TINY_CFG, "strides": [3]})
    problems = " ".join(map(str, cfg.problems()))
    assert "Steps" in problems and "STFT" in problems and "model options" in problems
    with pytest.raises(ValueError, match="unknown training options"):
        AudioTrainConfig.from_dict({"data": "x", "out": "y", "stepz": 3})


def test_train_audio_job(tmp_path, tone_folder):
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.specs import spec_from_json, spec_to_json
    from aigc_studio.core.base.train_specs import TrainAudioSpec
    from aigc_studio.core.models.registry import ModelCache

    recipe = tmp_path / "r.json"
    recipe.write_text(json.dumps({**FAST, "data": "ignored", "out": "ignored", "steps": 50}), encoding="utf-8")
    spec = TrainAudioSpec.from_cli(data=tone_folder, out=tmp_path / "m", steps=4, recipe=recipe, device="cpu")
    assert spec_from_json(spec_to_json(spec)) == spec and spec.kind == "train-audio"
    ctx = JobContext(device=torch.device("cpu"), models=ModelCache())
    _, result = drive(get_runner("train-audio")(spec, ctx))
    assert result.paths == (str(tmp_path / "m"),) and result.data["step"] == 4
    from aigc_studio.core.jobs import problems
    found = problems(TrainAudioSpec(data=str(tmp_path / "missing"), out=str(tmp_path / "m2")))
    assert [(p.field, p.code) for p in found] == [("data", "missing")]
    assert TrainAudioSpec(data="", out="x").problems()[0].field == "data"      # the spec's own, without torch
