"""The GAN and the VAE (core/models/gan.py, image_vae.py) at a tiny size: shapes and ranges, a few optimisation
steps lower the loss on made-up data, DiffAugment, truncation, the PCA sliders, the model folder round trip and
reproducibility of the noise."""
from __future__ import annotations

import math

import pytest
import torch
from image_fixtures import GAN_CFG, VAE_CFG, build_tiny_gan, build_tiny_vae, make_shapes_folder

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.models import gan as G
from aigc_studio.core.models import image_vae as V
from aigc_studio.core.models.checkpoint import load_model_folder, save_model_folder

pytestmark = pytest.mark.usefixtures("one_thread")


def tiny_gan(seed: int = 0, **kw) -> G.GAN:
    torch.manual_seed(seed)
    return G.GAN(G.GANConfig.from_dict({**GAN_CFG, **kw}))


def tiny_vae(seed: int = 0, **kw) -> V.ImageVAE:
    torch.manual_seed(seed)
    return V.ImageVAE(V.ImageVAEConfig.from_dict({**VAE_CFG, **kw}))


@pytest.fixture(scope="module")
def real_batch(tmp_path_factory):
    """8 made-up pictures as the models take them: (8, 4, 16, 16) in [-1, 1]."""
    from aigc_studio.core.training.image import load_image_tensor
    x, skipped = load_image_tensor(make_shapes_folder(tmp_path_factory.mktemp("shapes"), n=8), 16, 4)
    assert skipped == [] and x.shape == (8, 4, 16, 16)
    return x


# ------------------------------------------------------------------------------------------------ shapes

@pytest.mark.parametrize("size, channels", [(16, 4), (32, 4), (16, 3)])
def test_gan_shapes_and_ranges(size, channels):
    m = tiny_gan(image_size=size, channels=channels).eval()
    z = m.noise(1, 5)
    assert z.shape == (5, GAN_CFG["z_dim"])
    w = m.G.map(z)
    assert w.shape == (5, GAN_CFG["w_dim"]) and m.G.w_dim == GAN_CFG["w_dim"]
    x = m.sample(z)
    assert x.shape == (5, channels, size, size) and x.dtype == torch.float32
    assert float(x.min()) >= -1.0 and float(x.max()) <= 1.0
    s = m.score(x)
    assert s.shape == (5,) and torch.isfinite(s).all()
    assert m.latent_dim == GAN_CFG["z_dim"] and m.num_params() > 0
    assert m.G.pca_components.shape == (GAN_CFG["pca_components"], GAN_CFG["w_dim"])


@pytest.mark.parametrize("size, channels", [(16, 4), (32, 4), (16, 3)])
def test_vae_shapes_and_ranges(size, channels):
    m = tiny_vae(image_size=size, channels=channels).eval()
    x = torch.rand(3, channels, size, size) * 2 - 1
    mu, logvar = m.encode(x)
    assert mu.shape == logvar.shape == (3, VAE_CFG["latent_dim"])
    recon, mu2, logvar2 = m(x, torch.Generator().manual_seed(0))
    assert recon.shape == x.shape and torch.equal(mu, mu2) and torch.equal(logvar, logvar2)
    out = m.sample(m.noise(4, 2))
    assert out.shape == (2, channels, size, size)
    assert float(out.min()) >= -1.0 and float(out.max()) <= 1.0
    assert m.latent_dim == VAE_CFG["latent_dim"]


def test_vae_log_variance_is_clamped():
    m = tiny_vae().eval()
    with torch.no_grad():
        m.to_logvar.bias.fill_(1e4)
        _, logvar = m.encode(torch.zeros(1, 4, 16, 16))
        assert float(logvar.max()) == 8.0
        m.to_logvar.bias.fill_(-1e4)
        _, logvar = m.encode(torch.zeros(1, 4, 16, 16))
        assert float(logvar.min()) == -12.0


@pytest.mark.parametrize("cls", [G.GANConfig, V.ImageVAEConfig])
@pytest.mark.parametrize("bad, match", [({"image_size": 24}, "power of two"), ({"image_size": 8}, "power of two"),
                                        ({"image_size": 512}, "power of two"), ({"channels": 2}, "channels"),
                                        ({"colour": "red"}, "unknown")])
def test_configs_refuse_bad_options(cls, bad, match):
    with pytest.raises(ValueError, match=match):
        cls.from_dict(bad)
    assert cls.from_dict(cls().to_dict()) == cls()


def test_vae_loss_terms():
    x = torch.rand(2, 4, 16, 16) * 2 - 1
    zero = torch.zeros(2, 8)
    total, rec, kl = V.vae_loss(x, x.clone(), zero, zero, beta=1.0)
    assert float(total) == float(rec) == float(kl) == 0.0
    total, rec, kl = V.vae_loss(x, x + 0.5, torch.ones(2, 8), zero, beta=2.0)
    assert float(rec) == pytest.approx(0.5 * 4 * 16 * 16)       # summed over pixels, mean over the batch
    assert float(kl) == pytest.approx(0.5 * 8)
    assert float(total) == pytest.approx(float(rec) + 2.0 * float(kl))


def test_hinge_losses():
    assert float(G.d_hinge_loss(torch.tensor([2.0, 1.5]), torch.tensor([-3.0, -1.0]))) == 0.0
    assert float(G.d_hinge_loss(torch.zeros(3), torch.zeros(3))) == 2.0
    assert float(G.g_hinge_loss(torch.tensor([1.0, 3.0]))) == -2.0


# ------------------------------------------------------------------------------------------------ learning

def test_a_few_steps_lower_the_vae_loss(real_batch):
    m = tiny_vae(seed=1).train()
    opt = torch.optim.Adam(m.parameters(), 1e-2)
    g = torch.Generator().manual_seed(0)
    losses = []
    for _ in range(20):
        recon, mu, logvar = m(real_batch, g)
        loss, _, _ = V.vae_loss(real_batch, recon, mu, logvar, beta=0.1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert all(math.isfinite(v) for v in losses)
    assert losses[-1] < 0.6 * losses[0], losses


def test_a_few_steps_lower_the_discriminator_hinge_loss(real_batch):
    m = tiny_gan(seed=1).train()
    with torch.no_grad():
        fake = m.G(m.noise(0, len(real_batch)))       # a fixed batch of fakes from the untrained generator
    opt = torch.optim.Adam(m.D.parameters(), 2e-3, betas=(0.0, 0.99))
    losses = []
    for _ in range(10):
        loss = G.d_hinge_loss(m.D(real_batch), m.D(fake))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0], losses


def test_the_generator_step_moves_towards_what_the_discriminator_likes():
    m = tiny_gan(seed=2).train()
    opt = torch.optim.Adam(m.G.parameters(), 5e-3, betas=(0.0, 0.99))
    z = m.noise(3, 8)
    m.D.eval()                                        # a fixed judge
    losses = []
    for _ in range(8):
        loss = G.g_hinge_loss(m.D(m.G(z)))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0], losses


# ------------------------------------------------------------------------------------------------ augmentation

def test_diff_augment_keeps_shapes_and_range():
    x = torch.rand(6, 4, 16, 16) * 2 - 1
    y = G.diff_augment(x, torch.Generator().manual_seed(0))
    assert y.shape == x.shape and y.dtype == x.dtype
    assert float(y.min()) >= -1.0 and float(y.max()) <= 1.0
    assert (y == -1.0).any()                            # cutout / translation pad with transparency
    assert torch.equal(y, G.diff_augment(x, torch.Generator().manual_seed(0)))   # its own generator decides
    assert G.diff_augment(torch.zeros(2, 3, 32, 32), torch.Generator().manual_seed(1)).shape == (2, 3, 32, 32)


def test_diff_augment_without_shift_and_cutout_is_the_identity():
    x = torch.rand(3, 4, 16, 16) * 2 - 1
    assert torch.equal(G.diff_augment(x, torch.Generator().manual_seed(0), shift=0.0, cutout=0.0), x)


def test_diff_augment_is_differentiable():
    x = (torch.rand(2, 4, 16, 16) * 2 - 1).requires_grad_(True)
    G.diff_augment(x, torch.Generator().manual_seed(0)).sum().backward()
    assert x.grad is not None and x.grad.shape == x.shape


# ------------------------------------------------------------------------------------------------ truncation, PCA

def test_truncation_zero_gives_the_average_image_for_any_z():
    m = tiny_gan(seed=3)
    G.recalibrate_batchnorm(m.G, batches=2, batch=16)
    G.fit_pca(m.G, n=256, batch=100)
    m.eval()
    avg = m.G.synthesize(m.G.w_avg.unsqueeze(0))
    for seed in (0, 1, 99):
        assert torch.equal(m.sample(m.noise(seed), truncation=0.0), avg)
    z = m.noise(5, 2)
    assert torch.equal(m.sample(z, truncation=1.0), m.G.synthesize(m.G.map(z)))
    half = m.G.edit_w(m.G.map(z), truncation=0.5)
    assert torch.allclose(half, (m.G.map(z) + m.G.w_avg) / 2, atol=1e-6)
    assert not torch.equal(m.sample(z[:1]), m.sample(z[1:]))


def test_vae_decodes_given_latents_as_they_are():
    """The VAE has no truncation in decoding: an encoded picture's latent is never shrunk (the job scales the
    prior noise of new samples instead)."""
    m = tiny_vae(seed=3).eval()
    z = m.noise(7)
    assert torch.equal(m.sample(z, truncation=0.0), m.decode(z))


def test_gan_pca_gives_orthonormal_directions():
    m = tiny_gan(seed=4)
    G.fit_pca(m.G, n=512, seed=0, batch=200)
    c = m.G.pca_components
    assert torch.allclose(c @ c.T, torch.eye(c.shape[0]), atol=1e-5)
    std = m.G.pca_std
    assert (std > 0).all() and std[0] >= std[1]
    assert torch.equal(m.G.w_avg, m.G.pca_mean)
    with torch.no_grad():
        ws = m.G.map(torch.randn(512, GAN_CFG["z_dim"], generator=torch.Generator().manual_seed(0)))
    assert torch.allclose(m.G.pca_mean, ws.mean(0), atol=1e-5)
    proj = (ws - ws.mean(0)) @ c[0]
    assert float(proj.std()) == pytest.approx(float(std[0]), rel=1e-4)   # amount 1 = one standard deviation


def test_gan_sliders_move_w_along_the_directions():
    m = tiny_gan(seed=4)
    G.fit_pca(m.G, n=256, batch=256)
    w = m.G.map(m.noise(0))
    moved = m.G.edit_w(w, 1.0, (2.0, 0.0))
    assert torch.allclose(moved - w, 2.0 * m.G.pca_std[0] * m.G.pca_components[0], atol=1e-6)
    assert torch.equal(m.G.edit_w(w, 1.0, (0.0, 0.0, 5.0)), w)       # more sliders than directions: ignored


def test_vae_pca_gives_orthonormal_directions_and_pads_missing_ones():
    m = tiny_vae(seed=5, pca_components=3)
    lat = torch.randn(40, VAE_CFG["latent_dim"], generator=torch.Generator().manual_seed(0))
    V.fit_pca(m, lat)
    c = m.pca_components
    assert torch.allclose(c @ c.T, torch.eye(3), atol=1e-5)
    assert torch.allclose(m.pca_mean, lat.mean(0), atol=1e-6)
    assert (m.pca_std > 0).all()
    V.fit_pca(m, lat[:2])                                  # two latents: one direction, the rest zero
    assert torch.allclose(m.pca_components[0].norm(), torch.tensor(1.0), atol=1e-5)
    assert torch.equal(m.pca_components[2], torch.zeros(VAE_CFG["latent_dim"])) and float(m.pca_std[2]) == 1.0
    z = torch.zeros(1, VAE_CFG["latent_dim"])
    assert torch.allclose(m.edit(z, (0, 0, 1.5)), z)      # a zero direction does nothing


def test_ema_update_and_batchnorm_recalibration():
    a, b = tiny_gan(seed=6), tiny_gan(seed=7)
    G.ema_update(a.G, b.G, decay=0.0)
    for pa, pb in zip(a.G.parameters(), b.G.parameters()):
        assert torch.equal(pa, pb)
    c = tiny_gan(seed=8)
    before = [p.clone() for p in c.G.parameters()]
    G.ema_update(c.G, b.G, decay=0.5)
    for p0, pc, pb in zip(before, c.G.parameters(), b.G.parameters()):
        assert torch.allclose(pc, (p0 + pb) / 2, atol=1e-6)
    bn = c.G.norm0.bn
    c.G.eval()
    G.recalibrate_batchnorm(c.G, batches=2, batch=8)
    assert not c.G.training and bn.momentum == 0.1 and int(bn.num_batches_tracked) == 2
    assert not torch.equal(bn.running_mean, torch.zeros_like(bn.running_mean))


# ------------------------------------------------------------------------------------------------ folders, seeds

@pytest.mark.parametrize("build", [build_tiny_gan, build_tiny_vae])
def test_save_and_load_give_identical_outputs(tmp_path, build):
    folder, model = build(tmp_path / "m")
    loaded, tokenizer, card = load_model_folder(folder)
    assert tokenizer is None and card["kind"] == "image" and card["parameters"] == model.num_params()
    assert not loaded.training
    z = model.noise(11, 4)
    assert torch.equal(loaded.sample(z, 0.7, (1.0, -0.5)), model.sample(z, 0.7, (1.0, -0.5)))
    for (k, a), b in zip(model.state_dict().items(), loaded.state_dict().values()):
        assert torch.equal(a, b), k
    if isinstance(model, G.GAN):
        x = model.sample(z)
        assert torch.equal(loaded.score(x), model.score(x))


def test_float16_folders_load_close_to_the_original(tmp_path):
    _, model = build_tiny_gan(tmp_path / "g32")
    save_model_folder(tmp_path / "g16", model, load_model_folder(tmp_path / "g32")[2], dtype="float16")
    loaded, _, card = load_model_folder(tmp_path / "g16")
    assert card["weights_dtype"] == "float16"
    assert next(loaded.parameters()).dtype == torch.float32
    z = model.noise(0, 3)
    assert torch.allclose(loaded.sample(z), model.sample(z), atol=2e-2)


def test_weights_that_do_not_match_the_card_are_refused(tmp_path):
    import json
    folder, _ = build_tiny_gan(tmp_path / "g")
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    card["config"]["g_width"] = 8
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="do not match its card"):
        load_model_folder(folder)


def test_noise_is_reproducible_and_seeded():
    for m in (tiny_gan(), tiny_vae()):
        a = m.noise(42, 3)
        assert torch.equal(a, m.noise(42, 3))
        assert torch.equal(m.noise(42, 1), m.noise(42, 1))
        assert not torch.equal(m.noise(42, 1), m.noise(43, 1))
        torch.manual_seed(123)
        r = torch.rand(1)
        torch.manual_seed(123)
        m.noise(5)
        assert torch.equal(torch.rand(1), r)              # the global RNG is left alone


def test_same_seed_same_model():
    for make in (tiny_gan, tiny_vae):
        a, b = make(seed=9).eval(), make(seed=9).eval()
        z = a.noise(1, 2)
        assert torch.equal(a.sample(z), b.sample(z))
        assert not torch.equal(a.sample(z), make(seed=10).eval().sample(z))
