"""The audio VAE: shapes, exact streaming, the fade past the training length, the latent prior and sliders, and
the model folder round trip."""
from __future__ import annotations

import pytest
import torch
from audio_fixtures import SR, TINY_CFG, audio_card, tiny_model

from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig


def test_shapes_and_forward():
    m = tiny_model()
    x = torch.randn(3, 1024) * 0.1
    mu, logvar = m.encode(x)
    assert mu.shape == logvar.shape == (3, 4)
    y, mu2, _, ctrl = m(x)
    assert y.shape == (3, 1024) and mu2.shape == (3, 4)
    assert ctrl["f0"].shape == (3, 64) and ctrl["harmonics"].shape == (3, 6, 64) and ctrl["noise"].shape == (3, 4, 64)
    f0 = ctrl["f0"].detach()
    assert float(f0.min()) >= 50.0 and float(f0.max()) <= 2000.0
    k = torch.arange(1, 7)[None, :, None]
    aliased = ctrl["harmonics"].detach()[(k * f0[:, None] >= SR / 2).expand(-1, -1, 64)]
    assert aliased.numel() == 0 or float(aliased.abs().max()) == 0.0          # nothing above Nyquist
    assert m.decode(mu).shape == (3, 1024)
    assert m.decode(mu, 100).shape == (3, 100)


@pytest.mark.parametrize("n", [1024, 3000, 37, 16 * 5])
@pytest.mark.parametrize("wave_branch", [False, True])
def test_chunks_join_into_the_whole_sound(n, wave_branch):
    torch.manual_seed(0)
    m = AudioVAE(AudioVAEConfig.from_dict({**TINY_CFG, "wave_branch": wave_branch})).eval()
    z = torch.randn(2, 4)
    with torch.inference_mode():
        whole = m.decode(z, n)
        pieces = list(m.decode_chunks(z, n, chunk_frames=5, first_frames=2))
    assert pieces[0].shape[1] <= 2 * m.hop
    joined = torch.cat(pieces, dim=1)
    assert joined.shape == (2, n)
    assert torch.allclose(joined, whole, atol=1e-6)


def test_the_oscillator_plays_any_pitch_with_continuous_phase():
    from aigc_studio.core.assets.audio_features import estimate_pitch
    m = tiny_model()
    frames = 64
    harm = torch.zeros(1, 6, frames)
    harm[:, 0] = 0.5
    for hz in (110.0, 437.0, 1234.5):                     # not multiples of the frame rate (500 Hz here)
        ctrl = {"f0": torch.full((1, frames), hz), "harmonics": harm, "noise": torch.zeros(1, 4, frames)}
        y = m.synthesize(ctrl, 0, frames * m.hop)[0]
        assert abs(estimate_pitch(y.numpy(), SR) - hz) / hz < 0.01
        t = torch.arange(frames * m.hop) / SR
        assert torch.allclose(y, 0.5 * torch.sin(2 * torch.pi * hz * t), atol=2e-3)   # one continuous sine
        assert torch.allclose(torch.cat([m.synthesize(ctrl, 0, 100), m.synthesize(ctrl, 100, 1024)], 1)[0], y,
                              atol=1e-6)


def test_decoding_is_deterministic_and_independent_of_the_length():
    m = tiny_model()
    z = torch.randn(2, 4)
    with torch.inference_mode():
        a, b = m.decode(z, 1024), m.decode(z, 3000)
    assert torch.equal(a, m.decode(z, 1024))      # the same shapes on the same device: exactly the same
    # a longer decode runs convolutions over other lengths, whose kernels may sum in another order on another CPU
    # (an Intel CPU differs by ~1e-7 here): the same sound within float rounding
    torch.testing.assert_close(a[:, :900], b[:, :900], rtol=0, atol=1e-5)


def test_sounds_fade_to_silence_after_the_training_length():
    m = tiny_model()
    with torch.inference_mode():
        y = m.decode(torch.randn(1, 4), 4000)
    end = m.audible_samples()
    assert float(y[0, end:].abs().max()) == 0.0
    assert float(y[0, :1024].abs().max()) > 0.0


def test_prior_temperature_and_sliders():
    m = tiny_model()
    z0 = m.sample_latent(3, temperature=0.0)
    assert torch.allclose(z0, m.pca_mean.expand(3, -1))
    g1, g2 = torch.Generator().manual_seed(1), torch.Generator().manual_seed(1)
    assert torch.equal(m.sample_latent(2, generator=g1), m.sample_latent(2, generator=g2))
    moved = m.move_along(z0[:1], [1.0])
    assert torch.allclose(moved - z0[:1], m.pca_std[0] * m.pca_components[0][None])
    assert torch.equal(m.move_along(z0, []), z0)


def test_config_round_trip_and_checks():
    cfg = AudioVAEConfig.from_dict(TINY_CFG)
    assert AudioVAEConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.hop == 16
    with pytest.raises(ValueError):
        AudioVAEConfig.from_dict({**TINY_CFG, "clip_samples": 1000})
    with pytest.raises(ValueError):
        AudioVAEConfig.from_dict({**TINY_CFG, "strides": [3, 4]})


def test_model_folder_round_trip(tmp_path):
    from aigc_studio.core.models.checkpoint import load_model_folder, save_model_folder
    m = tiny_model()
    folder = save_model_folder(tmp_path / "m", m, audio_card("tiny", m))
    loaded, tok, card = load_model_folder(folder)
    assert tok is None and card["kind"] == "audio" and isinstance(loaded, AudioVAE)
    for k, v in m.state_dict().items():
        assert torch.equal(loaded.state_dict()[k], v), k       # PCA buffers included
    z = torch.randn(1, 4)
    with torch.inference_mode():
        assert torch.equal(loaded.decode(z), m.decode(z))
