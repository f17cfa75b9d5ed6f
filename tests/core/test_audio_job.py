"""The audio job: streaming chunks, reproducibility (same spec -> same samples; sound i alone == count=1
seed+i), every mode's per-sound spec, cancelling, and mistakes in the user's words."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from audio_fixtures import SR, drive, tiny_audio_folder, tone  # noqa: F401  (fixture)

from aigc_studio.core.base.errors import InvalidParameters, ModelError, UserError
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.base.events import AudioChunk, Progress
from aigc_studio.core.base.specs import AudioSpec, spec_from_dict, spec_from_json, spec_to_json
from aigc_studio.core.models.registry import ModelCache


@pytest.fixture(scope="module")
def ctx():
    return JobContext(device=torch.device("cpu"), models=ModelCache())


def run(spec, ctx, on_event=None):
    """(sounds by index as float32 arrays, Result)."""
    events, result = drive(get_runner("audio")(spec, ctx), on_event)
    sounds: dict[int, list] = {}
    for ev in events:
        if isinstance(ev, AudioChunk):
            assert ev.samples.dtype == np.float32 and ev.samples.ndim == 2 and ev.samples.shape[0] == 1
            assert ev.sample_rate == SR
            sounds.setdefault(ev.index, []).append(ev.samples[0])
    return [np.concatenate(sounds[i]) for i in sorted(sounds)], result


def test_sample_streams_and_reproduces(ctx, tiny_audio_folder):
    spec = AudioSpec(model=str(tiny_audio_folder), count=3, seed=11, seconds=0.3)
    sounds, res = run(spec, ctx)
    assert len(sounds) == 3 and all(len(s) == int(0.3 * SR) for s in sounds)
    d = res.data
    assert d["sample_rate"] == SR and d["stopped"] == "done" and d["model"] == "tiny-audio"
    assert [it["spec"]["seed"] for it in d["items"]] == [11, 12, 13]
    for s, it in zip(sounds, d["items"]):
        assert len(it["latent"]) == 4 and it["peak"] == pytest.approx(float(np.max(np.abs(s))))
        assert it["seconds"] == pytest.approx(0.3)
        assert it["pitch_hz"] is None or it["pitch_hz"] > 0
    again, _ = run(spec, ctx)
    assert all(np.array_equal(a, b) for a, b in zip(sounds, again))           # same spec -> same samples
    alone, _ = run(AudioSpec(model=str(tiny_audio_folder), count=1, seed=13, seconds=0.3), ctx)
    assert np.array_equal(alone[0], sounds[2])                                  # sound i == count=1 seed+i
    assert not np.array_equal(sounds[0], sounds[1])


def test_first_chunk_is_small(ctx, tiny_audio_folder):
    events, _ = drive(get_runner("audio")(AudioSpec(model=str(tiny_audio_folder), count=1, seconds=1.0), ctx))
    chunks = [ev for ev in events if isinstance(ev, AudioChunk)]
    assert len(chunks) > 2 and chunks[0].samples.shape[1] < SR // 10


@pytest.mark.parametrize("mode", ["variations", "interpolate", "latent", "encode"])
def test_each_sounds_own_spec_remakes_it(ctx, tiny_audio_folder, tmp_path, mode):
    import soundfile as sf
    model = str(tiny_audio_folder)
    _, first = run(AudioSpec(model=model, count=2, seed=3), ctx)
    a, b = (it["latent"] for it in first.data["items"])
    src = tmp_path / "in.wav"
    sf.write(src, np.concatenate([np.zeros(300, np.float32), tone(330)]), SR)
    spec = {"variations": AudioSpec(model=model, mode="variations", latents=(a,), count=3, seed=5, strength=0.8),
            "interpolate": AudioSpec(model=model, mode="interpolate", latents=(a, b), frames=4,
                                     directions=(0.5, -1.0)),
            "latent": AudioSpec(model=model, mode="latent", latents=(a, b), directions=(1.0,)),
            "encode": AudioSpec(model=model, mode="encode", source=str(src), count=3, seed=9)}[mode]
    sounds, res = run(spec, ctx)
    items = res.data["items"]
    assert len(sounds) == len(items) == {"variations": 3, "interpolate": 4, "latent": 2, "encode": 3}[mode]
    for s, it in zip(sounds, items):
        own = spec_from_json(spec_to_json(spec_from_dict(it["spec"])))     # through JSON, as a sidecar
        assert own.count == 1 or own.mode == "latent"
        alone, res1 = run(own, ctx)
        assert len(alone) == 1 and np.array_equal(alone[0], s)
        assert np.allclose(res1.data["items"][0]["latent"], it["latent"])
    if mode == "interpolate":
        lat = np.array([it["latent"] for it in items])
        assert np.allclose(lat[1] - lat[0], lat[2] - lat[1], atol=1e-5)    # evenly spaced


def test_cancel_keeps_finished_sounds(tiny_audio_folder):
    c = JobContext(device=torch.device("cpu"), models=ModelCache())
    seen = []

    def on_event(ev):
        if isinstance(ev, AudioChunk):
            seen.append(ev.index)
            if ev.index == 1:
                c.cancel()
    _, res = drive(get_runner("audio")(AudioSpec(model=str(tiny_audio_folder), count=4, seconds=0.5), c),
                   on_event)
    assert res.data["stopped"] == "cancelled" and len(res.data["items"]) == 1 and max(seen) == 1


def test_mistakes_in_words(ctx, tiny_audio_folder, tiny_char_folder, tmp_path):
    with pytest.raises(InvalidParameters):
        run(AudioSpec(model=str(tiny_audio_folder), mode="interpolate", latents=((0.0,) * 4,)), ctx)
    with pytest.raises(UserError, match="another model"):
        run(AudioSpec(model=str(tiny_audio_folder), mode="latent", latents=((0.0,) * 7,)), ctx)
    with pytest.raises(ModelError, match="not an audio model"):
        run(AudioSpec(model=str(tiny_char_folder), count=1), ctx)
    (tmp_path / "x.wav").write_text("not a sound")
    with pytest.raises(UserError, match="text file"):
        run(AudioSpec(model=str(tiny_audio_folder), mode="encode", source=str(tmp_path / "x.wav")), ctx)


def test_progress_counts_sounds(ctx, tiny_audio_folder):
    events, _ = drive(get_runner("audio")(AudioSpec(model=str(tiny_audio_folder), count=2, seconds=0.2), ctx))
    done = [ev.done for ev in events if isinstance(ev, Progress) and ev.total == 2]
    assert done[-1] == 2


def test_soft_limit_keeps_sounds_below_full_scale():
    import numpy as np

    from aigc_studio.core.jobs.audio import LIMIT_KNEE, soft_limit
    x = np.linspace(-3, 3, 6001, dtype=np.float32)
    y = soft_limit(x)
    assert np.abs(y).max() < 1.0                                       # never clips when saved as PCM
    quiet = np.abs(x) <= LIMIT_KNEE
    assert np.array_equal(y[quiet], x[quiet])                          # untouched below the knee
    assert np.all(np.diff(y) >= 0)                                     # monotonic: no folding
