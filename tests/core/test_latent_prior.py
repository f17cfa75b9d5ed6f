"""A VAE's fitted latent prior (core/models/latent_prior.py): fitting, sampling, exact save/restore, fallbacks."""
from __future__ import annotations



import numpy as np
import pytest
import torch

from aigc_studio.core.base.events import Log
from aigc_studio.core.base.specs import AudioSpec, ImageSpec, spec_from_json, spec_to_json
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect
from aigc_studio.core.models.latent_prior import (PRIOR_FILE, GaussianMixture, choose_prior, fit_gmm,
                                                  load_prior)
from aigc_studio.core.models.registry import ModelCache

from audio_fixtures import build_tiny_audio_folder  # noqa: E402
from image_fixtures import build_tiny_vae  # noqa: E402

pytestmark = pytest.mark.usefixtures("one_thread")


def three_clusters(n=300, d=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.tensor([[4.0] * d, [-4.0] * d, [4.0, -4.0] * (d // 2)])
    idx = torch.arange(n) % 3
    return centres[idx] + 0.3 * torch.randn(n, d, generator=g), centres


@pytest.mark.parametrize("cov", ["full", "diag"])
def test_fit_finds_the_clusters_and_is_deterministic(cov):
    x, centres = three_clusters()
    mix, summary = fit_gmm(x, k=3, iters=100, seed=1, covariance=cov)
    assert summary["components"] == 3 and abs(float(mix.weights.sum()) - 1) < 1e-5
    found = torch.cdist(centres, mix.means).min(1).values
    assert (found < 0.3).all(), found
    single, _ = fit_gmm(x, k=1, iters=50, seed=1, covariance=cov)
    assert float(mix.log_prob(x).mean()) > float(single.log_prob(x).mean()) + 1.0
    again, _ = fit_gmm(x, k=3, iters=100, seed=1, covariance=cov)
    assert torch.equal(again.means, mix.means) and torch.equal(again.scale_tril, mix.scale_tril)
    draws = mix.sample_many(range(200))
    assert torch.cdist(draws, centres).min(1).values.max() < 3.0     # samples land on the data, not between


def test_save_restore_reproduces_exactly(tmp_path):
    x, _ = three_clusters(d=8)
    mix, _ = fit_gmm(x, k=3, iters=50, seed=0)
    mix.save(tmp_path)
    back, note = load_prior(tmp_path, 8)
    assert note == "" and back is not None
    for seed in (0, 1, 12345, 2**32 - 1):
        assert torch.equal(back.sample(seed), mix.sample(seed))
        assert torch.equal(back.sample(seed), back.sample(seed))
    assert not torch.equal(back.sample(1), back.sample(2))
    assert torch.allclose(back.sample(3, truncation=0.0), back.means[[
        int(torch.multinomial(back.weights.double(), 1, generator=torch.Generator().manual_seed(3)))]][0])


def test_missing_corrupt_or_mismatched_prior_falls_back_with_a_note(tmp_path):
    assert load_prior(tmp_path, 8) == (None, "")
    assert choose_prior("standard", tmp_path, 8) == (None, "")
    (tmp_path / PRIOR_FILE).write_bytes(b"\x00garbage" * 10)
    prior, note = load_prior(tmp_path, 8)
    assert prior is None and PRIOR_FILE in note and "N(0, I)" in note
    x, _ = three_clusters(d=8)
    mix, _ = fit_gmm(x, k=3, iters=20, seed=0)
    mix.save(tmp_path)
    prior, note = load_prior(tmp_path, 16)
    assert prior is None and "16-number latent" in note
    bad = GaussianMixture(mix.weights * 2, mix.means, mix.scale_tril, {})
    bad.save(tmp_path)
    assert load_prior(tmp_path, 8)[0] is None
    nan = GaussianMixture(mix.weights, mix.means * float("nan"), mix.scale_tril, {})
    nan.save(tmp_path)
    assert "NaN" in load_prior(tmp_path, 8)[1]


def run(runner, spec, cache):
    ctx = JobContext(device=torch.device("cpu"), models=cache)
    return collect(get_runner(runner)(spec, ctx))


def test_image_job_samples_from_the_prior(tmp_path):
    folder, model = build_tiny_vae(tmp_path / "vae")
    d = model.latent_dim
    x = torch.randn(60, d, generator=torch.Generator().manual_seed(0)) * 0.2 + 3.0   # far from N(0, I)
    mix, _ = fit_gmm(x, k=2, iters=30, seed=0)
    cache = ModelCache()
    before = run("image", ImageSpec(model=str(folder), count=3, seed=7), cache)[1]
    mix.save(folder)
    events, fitted = run("image", ImageSpec(model=str(folder), count=3, seed=7), cache)
    lat = np.array([it["latent"] for it in fitted.data["items"]])
    assert np.allclose(lat, mix.sample_many([7, 8, 9]).numpy())
    assert lat.mean() > 2.0 and abs(np.array([it["latent"] for it in before.data["items"]]).mean()) < 1.0
    # image i alone (its item spec) gives the identical latent; the spec round-trips
    one = spec_from_json(spec_to_json(ImageSpec(**{k: v for k, v in fitted.data["items"][1]["spec"].items()
                                                   if k != "kind"})))
    assert one.prior == "fitted"
    again = run("image", one, cache)[1]
    assert again.data["items"][0]["latent"] == fitted.data["items"][1]["latent"]
    # the option: the standard normal as before
    std = run("image", ImageSpec(model=str(folder), count=3, seed=7, prior="standard"), cache)[1]
    assert [it["latent"] for it in std.data["items"]] == [it["latent"] for it in before.data["items"]]
    # a corrupt prior: N(0, I) with a warning, nothing lost
    (folder / "prior.safetensors").write_bytes(b"not a prior")
    events, broken = run("image", ImageSpec(model=str(folder), count=3, seed=7), cache)
    assert [it["latent"] for it in broken.data["items"]] == [it["latent"] for it in before.data["items"]]
    assert any(isinstance(e, Log) and e.level == "warning" and "N(0, I)" in e.message for e in events)


def test_audio_job_samples_from_the_prior(tmp_path):
    folder = build_tiny_audio_folder(tmp_path / "snd")
    cache = ModelCache()
    dim = int(cache.get(str(folder), torch.device("cpu")).model.config.latent_dim)
    x = torch.randn(40, dim, generator=torch.Generator().manual_seed(1)) * 0.1 - 2.0
    mix, _ = fit_gmm(x, k=2, iters=20, seed=0)
    mix.save(folder)
    _, res = run("audio", AudioSpec(model=str(folder), count=2, seed=3, seconds=0.2), cache)
    lat = np.array([it["latent"] for it in res.data["items"]], dtype=np.float32)
    assert np.allclose(lat, mix.sample_many([3, 4]).numpy(), atol=1e-5)
    _, std = run("audio", AudioSpec(model=str(folder), count=2, seed=3, seconds=0.2, prior="standard"), cache)
    assert not np.allclose(np.array([it["latent"] for it in std.data["items"]], dtype=np.float32), lat)


def test_spec_validation():
    assert [p.field for p in ImageSpec(prior="gmm").problems()] == ["prior"]
    assert AudioSpec().prior == "fitted" and ImageSpec().problems() == []


def test_shipped_emoji_prior_is_usable():
    from aigc_studio.core.models.registry import resolve
    info = resolve("emoji-vae")
    if not (info.path / PRIOR_FILE).is_file():
        pytest.skip("emoji-vae has no fitted prior yet (scripts/train/fit_vae_prior.py)")
    prior, note = load_prior(info.path, int(info.card["config"]["latent_dim"]))
    assert note == "" and prior is not None and prior.k >= 2
    assert "prior" in info.card and info.card["prior"]["file"] == PRIOR_FILE

