"""A convolutional variational auto-encoder for small RGBA images, in one file (Kingma & Welling 2014).

- Encoder: 4x4 stride-2 convolutions (GroupNorm, SiLU) from ``image_size`` down to 4x4, then two linear heads:
  the mean and log-variance of a diagonal Gaussian over a ``latent_dim`` latent.
- Reparameterised sampling ``z = mu + sigma * eps`` while training; the mean when encoding for the user.
- Decoder: a linear layer to 4x4 feature maps, transposed 4x4 stride-2 convolutions back to full size, ``tanh``
  output of ``channels`` (4 = premultiplied RGBA in [-1, 1], the same layout as the GAN).
- Loss: L1 reconstruction summed over pixels + ``beta`` x KL(q(z|x) || N(0, I)); the trainer anneals ``beta``
  from 0 (KL annealing, Bowman et al. 2016) so the decoder learns to use the latent before the prior squeezes it.
- PCA of the training set's latent means is stored as buffers for the sliders, like the GAN's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from aigc_studio.core.base.options import Options, check_image_shape


@dataclass
class ImageVAEConfig(Options):
    WHAT = "VAE options"

    image_size: int = 64
    channels: int = 4
    latent_dim: int = 128
    width: int = 32              # feature maps of the full-resolution block; doubled per halving, capped
    width_cap: int = 4
    pca_components: int = 8

    def check(self) -> None:
        check_image_shape(self.image_size, self.channels)

    @property
    def n_down(self) -> int:
        return int(math.log2(self.image_size)) - 2

    def widths(self) -> list[int]:
        """Feature maps from full resolution down to 4x4."""
        return [self.width * min(self.width_cap, 2 ** i) for i in range(self.n_down + 1)]


def _norm(c: int) -> nn.GroupNorm:
    return nn.GroupNorm(min(8, c), c)


class ImageVAE(nn.Module):
    def __init__(self, cfg: ImageVAEConfig):
        super().__init__()
        self.config = cfg
        w = cfg.widths()
        enc: list[nn.Module] = [nn.Conv2d(cfg.channels, w[0], 3, 1, 1), nn.SiLU()]
        for cin, cout in zip(w[:-1], w[1:]):
            enc += [nn.Conv2d(cin, cout, 4, 2, 1), _norm(cout), nn.SiLU()]
        self.encoder = nn.Sequential(*enc)
        flat = w[-1] * 16
        self.to_mu = nn.Linear(flat, cfg.latent_dim)
        self.to_logvar = nn.Linear(flat, cfg.latent_dim)
        self.from_z = nn.Linear(cfg.latent_dim, flat)
        dec: list[nn.Module] = []
        rw = list(reversed(w))
        for cin, cout in zip(rw[:-1], rw[1:]):
            dec += [_norm(cin), nn.SiLU(), nn.ConvTranspose2d(cin, cout, 4, 2, 1)]
        dec += [_norm(rw[-1]), nn.SiLU(), nn.Conv2d(rw[-1], cfg.channels, 3, 1, 1)]
        self.decoder = nn.Sequential(*dec)
        self.register_buffer("pca_mean", torch.zeros(cfg.latent_dim))
        self.register_buffer("pca_components", torch.zeros(cfg.pca_components, cfg.latent_dim))
        self.register_buffer("pca_std", torch.ones(cfg.pca_components))

    @property
    def latent_dim(self) -> int:
        return self.config.latent_dim

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(x).flatten(1)
        return self.to_mu(h), self.to_logvar(h).clamp(-12.0, 8.0)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        w = self.config.widths()[-1]
        return torch.tanh(self.decoder(self.from_z(z).view(z.shape[0], w, 4, 4)))

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """(reconstruction, mu, logvar) with a reparameterised sample."""
        mu, logvar = self.encode(x)
        eps = torch.randn(mu.shape, generator=generator).to(mu.device) if generator is not None \
            else torch.randn_like(mu)
        z = mu + torch.exp(0.5 * logvar) * eps
        return self.decode(z), mu, logvar

    # the image job's interface (shared with the GAN)
    def noise(self, seed: int, n: int = 1) -> torch.Tensor:
        g = torch.Generator().manual_seed(int(seed))
        return torch.randn(n, self.config.latent_dim, generator=g)

    def edit(self, z: torch.Tensor, directions=()) -> torch.Tensor:
        for i, amount in enumerate(directions):
            if amount and i < self.pca_components.shape[0]:
                z = z + float(amount) * self.pca_std[i] * self.pca_components[i]
        return z

    @torch.no_grad()
    def sample(self, z: torch.Tensor, truncation: float = 1.0, directions=()) -> torch.Tensor:
        """Decode latents moved along the slider directions. ``truncation`` is the GAN's interface; for a VAE the
        image job scales the prior noise of new samples instead (a latent of an encoded picture stays as it is)."""
        return self.decode(self.edit(z.to(self.pca_mean.device), directions))

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())


def vae_loss(x: torch.Tensor, recon: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
             beta: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(total, reconstruction, KL), each per image (summed over pixels / latent dimensions, mean over batch)."""
    rec = F.l1_loss(recon, x, reduction="none").flatten(1).sum(1).mean()
    kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).sum(1).mean()
    return rec + beta * kl, rec, kl


@torch.no_grad()
def fit_pca(model: ImageVAE, latents: torch.Tensor) -> None:
    """Principal directions of the training set's latent means (the sliders); amounts are in standard
    deviations along each direction."""
    mean = latents.mean(0)
    _, s, v = torch.linalg.svd(latents - mean, full_matrices=False)
    k = min(model.pca_components.shape[0], v.shape[0])
    model.pca_mean.copy_(mean)
    model.pca_components.zero_()
    model.pca_components[:k].copy_(v[:k])
    model.pca_std.fill_(1.0)
    model.pca_std[:k].copy_(s[:k] / math.sqrt(max(1, latents.shape[0] - 1)))
