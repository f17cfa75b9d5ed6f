"""A DCGAN-family GAN for small RGBA images, in one file.

- ``Generator``: a mapping network (an MLP, after StyleGAN) turns the noise ``z`` into an intermediate latent
  ``w``; the synthesis network is DCGAN's: a linear layer to 4x4 feature maps, then transposed convolutions
  (4x4, stride 2, ReLU) doubling the resolution up to ``image_size``, each followed by a batch norm whose scale
  and shift are computed from ``w`` (self-modulation), and a ``tanh`` output of
  ``channels`` (4 = premultiplied RGBA in [-1, 1]). ``w`` is where truncation and the sliders act: truncation pulls
  ``w`` towards ``w_avg`` (its running mean, tracked during training); the sliders move ``w`` along the principal
  directions of the ``w`` distribution (GANSpace, Härkönen et al. 2020), stored as ``pca_components``.
- ``Discriminator``: strided 4x4 convolutions with spectral normalisation (Miyato et al. 2018) and LeakyReLU, a
  minibatch standard-deviation feature at 4x4 (against mode collapse), one logit per image; trained with the hinge
  loss. Kept in the model folder: "best of N" scores samples with it.
- ``GAN`` bundles ``G`` (the exponential moving average of the trained generator's weights, the one used to
  generate) and ``D``; the model folder stores both.
- Class conditioning (``n_classes`` > 0, e.g. the nine Unicode emoji groups; issue 10): a learnt class embedding
  is concatenated to ``z`` before the mapping network, so ``w`` -- and through the self-modulated batch norms every
  generator block -- depends on the class (class-conditional batch norm by way of ``w``); the discriminator is a
  projection discriminator (Miyato & Koyama 2018): logit + <embedding(class), sum-pooled features>. Truncation
  pulls ``w`` towards its class's mean (``w_avg_class``). The same class embeddings, read as a classifier
  (features . every class's embedding), give an optional class loss in training (an AC-GAN-like term with no
  extra weights: the model format does not change). ``labels`` None on a conditional model picks each
  image's class from its own noise (the index of the largest of the first ``n_classes`` numbers of ``z``: uniform
  over the classes and reproducible from the seed). The classes' names are the model card's ``categories``
  (the trainer takes them from the labels file). ``n_classes`` 0 (the default, every earlier model) builds
  exactly the unconditional modules, so earlier model folders load and generate bit-identically.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from aigc_studio.core.base.options import Options, check_image_shape


@dataclass
class GANConfig(Options):
    WHAT = "GAN options"

    image_size: int = 64
    channels: int = 4            # 4: premultiplied RGBA; 3: RGB
    z_dim: int = 64
    w_dim: int = 128
    mapping_layers: int = 2
    g_width: int = 16            # feature maps of the full-resolution generator block; doubled towards 4x4
    d_width: int = 16            # feature maps of the full-resolution discriminator block
    width_cap: int = 16          # at most width_cap x the full-resolution width (the 4x4 end)
    mbstd_group: int = 4         # discriminator: minibatch standard deviation over groups of this size (0 = off)
    pca_components: int = 8      # sliders
    n_classes: int = 0           # class-conditional (e.g. emoji groups); 0 = unconditional (earlier models)

    def check(self) -> None:
        check_image_shape(self.image_size, self.channels)
        if not isinstance(self.n_classes, int) or not 0 <= self.n_classes <= 1000:
            raise ValueError("n_classes must be between 0 (unconditional) and 1000")

    @property
    def n_up(self) -> int:
        return int(math.log2(self.image_size)) - 2        # 4x4 -> image_size

    def widths(self, base: int) -> list[int]:
        """Feature maps from the 4x4 end to the full-resolution end."""
        return [base * min(self.width_cap, 2 ** (self.n_up - i)) for i in range(self.n_up + 1)]


class ModulatedBatchNorm(nn.Module):
    """Batch norm whose scale and shift come from ``w`` (self-modulation, Chen et al. 2019): every block sees the
    latent, so the generator cannot learn to ignore it — what made plain DCGAN blocks collapse to one image here."""

    def __init__(self, channels: int, w_dim: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(channels, affine=False)
        self.gain = nn.Linear(w_dim, channels)
        self.bias = nn.Linear(w_dim, channels)
        nn.init.zeros_(self.gain.weight)
        nn.init.zeros_(self.gain.bias)
        nn.init.zeros_(self.bias.bias)

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return self.bn(x) * (1 + self.gain(w)[:, :, None, None]) + self.bias(w)[:, :, None, None]


class Generator(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg = cfg
        layers: list[nn.Module] = []
        d = cfg.z_dim
        self.n_classes = cfg.n_classes
        if cfg.n_classes:
            self.class_embed = nn.Embedding(cfg.n_classes, cfg.z_dim)
            nn.init.normal_(self.class_embed.weight)
            d = 2 * cfg.z_dim
        for _ in range(cfg.mapping_layers):
            layers += [nn.Linear(d, cfg.w_dim), nn.LeakyReLU(0.2)]
            d = cfg.w_dim
        self.mapping = nn.Sequential(*layers)
        widths = cfg.widths(cfg.g_width)
        self.fc = nn.Linear(d, widths[0] * 16, bias=False)   # no bias (as DCGAN): the 4x4 maps come from w alone
        self.norm0 = ModulatedBatchNorm(widths[0], d)
        self.ups = nn.ModuleList(nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False)
                                 for cin, cout in zip(widths[:-1], widths[1:]))
        self.norms = nn.ModuleList(ModulatedBatchNorm(cout, d) for cout in widths[1:])
        self.to_rgb = nn.Conv2d(widths[-1], cfg.channels, 3, 1, 1)
        w_dim = d
        self.register_buffer("w_avg", torch.zeros(w_dim))
        self.register_buffer("pca_mean", torch.zeros(w_dim))
        self.register_buffer("pca_components", torch.zeros(cfg.pca_components, w_dim))
        self.register_buffer("pca_std", torch.ones(cfg.pca_components))
        if cfg.n_classes:
            self.register_buffer("w_avg_class", torch.zeros(cfg.n_classes, w_dim))

    @property
    def w_dim(self) -> int:
        return self.w_avg.numel()

    def labels_for(self, z: torch.Tensor, labels=None):
        """The class of each row of ``z``: ``labels`` as given, or (conditional model, None) the index of the
        largest of the first ``n_classes`` numbers of ``z``; None for an unconditional model."""
        if not self.n_classes:
            return None
        if labels is None:
            return z[:, :self.n_classes].argmax(1)
        return torch.as_tensor(labels, dtype=torch.long, device=z.device).reshape(-1).expand(z.shape[0])

    def map(self, z: torch.Tensor, labels=None) -> torch.Tensor:
        if self.n_classes:
            z = torch.cat([z, self.class_embed(self.labels_for(z, labels))], 1)
        return self.mapping(z)

    def synthesize(self, w: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.norm0(self.fc(w).view(w.shape[0], -1, 4, 4), w))
        for up, norm in zip(self.ups, self.norms):
            x = F.relu(norm(up(x), w))
        return torch.tanh(self.to_rgb(x))

    def edit_w(self, w: torch.Tensor, truncation: float = 1.0, directions=(), labels=None) -> torch.Tensor:
        """Truncation towards ``w_avg`` (a conditional model: its class's mean; 1 = off), then ``amount * std``
        along each principal direction."""
        if truncation != 1.0:
            avg = self.w_avg if labels is None or not self.n_classes else self.w_avg_class[labels]
            w = avg + truncation * (w - avg)
        for i, amount in enumerate(directions):
            if amount and i < self.pca_components.shape[0]:
                w = w + float(amount) * self.pca_std[i] * self.pca_components[i]
        return w

    def forward(self, z: torch.Tensor, truncation: float = 1.0, directions=(), labels=None) -> torch.Tensor:
        if self.n_classes:
            labels = self.labels_for(z, labels)
            return self.synthesize(self.edit_w(self.map(z, labels), truncation, directions, labels))
        return self.synthesize(self.edit_w(self.map(z), truncation, directions))


def _sn(m: nn.Module) -> nn.Module:
    return nn.utils.parametrizations.spectral_norm(m)


class Discriminator(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        widths = list(reversed(cfg.widths(cfg.d_width)))    # full resolution -> 4x4
        layers: list[nn.Module] = [_sn(nn.Conv2d(cfg.channels, widths[0], 3, 1, 1)), nn.LeakyReLU(0.2)]
        for cin, cout in zip(widths[:-1], widths[1:]):
            layers += [_sn(nn.Conv2d(cin, cout, 4, 2, 1)), nn.LeakyReLU(0.2)]
        self.features = nn.Sequential(*layers)
        self.mbstd_group = cfg.mbstd_group
        feat = widths[-1] + (1 if cfg.mbstd_group else 0)
        self.out = _sn(nn.Linear(feat * 16, 1))
        self.n_classes = cfg.n_classes
        if cfg.n_classes:              # projection discriminator: <embed(class), sum-pooled features>
            self.class_embed = _sn(nn.Embedding(cfg.n_classes, feat))

    def forward(self, x: torch.Tensor, labels=None, class_logits: bool = False):
        """One logit per image; a conditional D adds the class projection when ``labels`` are given (without
        them it judges the image alone). ``class_logits`` (a conditional D) also returns, from the same
        features, the projection onto every class's embedding, (n, n_classes): the class the discriminator
        reads in each image, for the training's class loss (``class_loss`` of the recipe)."""
        h = self.features(x)
        if self.mbstd_group:
            h = torch.cat([h, minibatch_std(h, self.mbstd_group)], 1)
        logit = self.out(h.flatten(1)).squeeze(1)
        pooled = h.sum((2, 3)) if self.n_classes else None
        if self.n_classes and labels is not None:
            labels = torch.as_tensor(labels, dtype=torch.long, device=x.device).reshape(-1).expand(x.shape[0])
            logit = logit + (self.class_embed(labels) * pooled).sum(1)
        if class_logits:
            if not self.n_classes:
                raise ValueError("class logits need a class-conditional discriminator")
            return logit, pooled @ self.class_embed.weight.t()
        return logit


def minibatch_std(h: torch.Tensor, group: int) -> torch.Tensor:
    """One feature map: the standard deviation of the features across each group of images (Karras et al. 2018,
    ProGAN). A generator that makes the same image for every noise gives itself away, so it is pushed to vary."""
    n, c, hh, ww = h.shape
    g = min(group, n)
    while n % g:
        g -= 1
    if g < 2:
        return h.new_zeros(n, 1, hh, ww)
    y = h.view(g, n // g, c, hh, ww)
    y = (y.var(0, unbiased=False) + 1e-8).sqrt().mean(dim=(1, 2, 3))       # (n // g,)
    return y.view(1, n // g, 1, 1, 1).expand(g, -1, 1, hh, ww).reshape(n, 1, hh, ww)


class GAN(nn.Module):
    """``G`` generates (the EMA weights), ``D`` judges; ``sample``/``score`` are what the image job uses."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.config = cfg
        self.G = Generator(cfg)
        self.D = Discriminator(cfg)

    @property
    def latent_dim(self) -> int:
        return self.config.z_dim

    def noise(self, seed: int, n: int = 1) -> torch.Tensor:
        """``n`` noise vectors drawn from ``seed`` on the CPU (the same on every device)."""
        g = torch.Generator().manual_seed(int(seed))
        return torch.randn(n, self.config.z_dim, generator=g)

    @torch.no_grad()
    def sample(self, z: torch.Tensor, truncation: float = 1.0, directions=(), labels=None) -> torch.Tensor:
        """Images from noise ``z``; ``labels`` (conditional models: a class index, one per row, or None for the
        class chosen by each row's noise) are ignored by an unconditional model."""
        dev = self.G.w_avg.device
        if self.config.n_classes:
            return self.G(z.to(dev), truncation, directions, labels)
        return self.G(z.to(dev), truncation, directions)

    @torch.no_grad()
    def score(self, images: torch.Tensor, labels=None) -> torch.Tensor:
        """The discriminator's logit per image: higher = more like the training images (of its class, when a
        conditional model is given ``labels``). Each image is judged on its own, so its score does not depend on
        the others in the batch (the minibatch feature is then 0)."""
        if self.config.n_classes and labels is not None:
            lab = torch.as_tensor(labels, dtype=torch.long).reshape(-1).expand(len(images))
            return torch.cat([self.D(x.unsqueeze(0), lab[i:i + 1].to(x.device)) for i, x in enumerate(images)])
        return torch.cat([self.D(x.unsqueeze(0)) for x in images])

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())


# ------------------------------------------------------------------------------------------- training pieces

def diff_augment(x: torch.Tensor, generator: torch.Generator | None = None, shift: float = 0.125,
                 cutout: float = 0.25) -> torch.Tensor:
    """Differentiable augmentation for the discriminator's inputs (translation + cutout; Zhao et al. 2020):
    with a few thousand images, it keeps D from memorising the training set. Applied to real and fake alike."""
    n, _, h, w = x.shape
    dev = x.device
    # translation by up to shift*size pixels, zero padding (= transparent)
    sx = int(h * shift + 0.5)
    tx = torch.randint(-sx, sx + 1, (n, 1, 1), generator=generator).to(dev)
    ty = torch.randint(-sx, sx + 1, (n, 1, 1), generator=generator).to(dev)
    gy, gx = torch.meshgrid(torch.arange(h, device=dev), torch.arange(w, device=dev), indexing="ij")
    yy = (gy.unsqueeze(0) + ty).clamp(-1, h)
    xx = (gx.unsqueeze(0) + tx).clamp(-1, w)
    pad = F.pad(x, (1, 1, 1, 1), value=-1.0)
    idx = ((yy + 1) * (w + 2) + (xx + 1)).view(n, 1, -1).expand(-1, x.shape[1], -1)
    x = pad.flatten(2).gather(2, idx).view_as(x)
    # cutout: one square per image set to transparent
    cs = int(h * cutout + 0.5)
    cy = torch.randint(0, h + 1 - cs, (n, 1, 1), generator=generator).to(dev)
    cx = torch.randint(0, w + 1 - cs, (n, 1, 1), generator=generator).to(dev)
    keep = ~(((gy >= cy) & (gy < cy + cs)) & ((gx >= cx) & (gx < cx + cs)))
    return torch.where(keep.unsqueeze(1), x, torch.full_like(x, -1.0))


def d_hinge_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()


def g_hinge_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    return -fake_logits.mean()


def same_class_pairs(labels: torch.Tensor) -> torch.Tensor:
    """``labels`` with its second half made a copy of its first: the pairs a mode-seeking term compares are
    drawn for the same class (an odd last one stays as drawn)."""
    out, h = labels.clone(), len(labels) // 2
    out[h:2 * h] = labels[:h]
    return out


def mode_seeking_loss(fake: torch.Tensor, z: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """The mode-seeking term of MSGAN (Mao et al. 2019): the pictures of two latent vectors (first and second
    half of the batch, the same class) should differ in proportion to their noise; ``1 / (mean over pairs of
    mean |G(z1) - G(z2)| / mean |z1 - z2| + eps)``, small when different noise gives different pictures. A
    generator that draws one picture per class whatever the noise pays for it."""
    h = len(fake) // 2
    if h == 0:
        return fake.new_zeros(())
    d_img = (fake[:h] - fake[h:2 * h]).abs().flatten(1).mean(1)
    d_z = (z[:h] - z[h:2 * h]).abs().flatten(1).mean(1)
    return 1.0 / ((d_img / d_z.clamp_min(eps)).mean() + eps)


@torch.no_grad()
def ema_update(ema: nn.Module, model: nn.Module, decay: float) -> None:
    for pe, p in zip(ema.parameters(), model.parameters()):
        pe.lerp_(p.detach(), 1.0 - decay)
    for be, b in zip(ema.buffers(), model.buffers()):
        be.copy_(b)


@torch.no_grad()
def fit_pca(G: Generator, n: int = 4096, seed: int = 0, batch: int = 512) -> None:
    """Principal directions of ``w`` (GANSpace): PCA of ``n`` mapped noise vectors; stores mean, unit directions
    and the standard deviation along each, so a slider amount of 1 moves one standard deviation."""
    g = torch.Generator().manual_seed(seed)
    dev = G.w_avg.device
    zs = [torch.randn(min(batch, n - i), G.cfg.z_dim, generator=g).to(dev) for i in range(0, n, batch)]
    ws = torch.cat([G.map(z) for z in zs])      # a conditional G: each z's own class (uniform over the classes)
    if G.n_classes:                              # per-class means, for truncation within a class
        for c in range(G.n_classes):
            G.w_avg_class[c].copy_(torch.cat([G.map(z, c) for z in zs]).mean(0))
    mean = ws.mean(0)
    _, s, v = torch.linalg.svd(ws - mean, full_matrices=False)
    k = G.pca_components.shape[0]
    G.pca_mean.copy_(mean)
    G.pca_components.copy_(v[:k])
    G.pca_std.copy_(s[:k] / math.sqrt(max(1, n - 1)))
    G.w_avg.copy_(mean)


@torch.no_grad()
def recalibrate_batchnorm(G: Generator, batches: int = 32, batch: int = 64, seed: int = 0) -> None:
    """Recompute the generator's batch-norm statistics with its final (EMA) weights: the running means tracked
    while training belong to the moving raw weights, and using them with the EMA weights washes images out."""
    g = torch.Generator().manual_seed(seed)
    dev = G.w_avg.device
    bns = [m for m in G.modules() if isinstance(m, nn.BatchNorm2d)]
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None          # cumulative average over the batches below
    was_training = G.training
    G.train()
    for _ in range(batches):
        G(torch.randn(batch, G.cfg.z_dim, generator=g).to(dev))
    for m, mom in zip(bns, saved):
        m.momentum = mom
    G.train(was_training)
