"""The studio's image feature network: a small CNN trained by the studio to tell the nine Unicode emoji groups
apart (smileys & emotion, people & body, animals & nature, food & drink, travel & places, activities, objects,
symbols, flags) from 64x64 premultiplied RGBA in [-1, 1] (the model space of the image models, so a generator's
samples go in as they come out).

Its 64-number embedding (the layer before the classifier) is the feature space of the studio's FID and KID
(:mod:`aigc_studio.core.eval.images`); its class scores label generated pictures. It ships in
``aigc_studio/resources/eval/feature-net/`` (``model.safetensors`` + ``card.json`` + ``README.md``), outside the
models folder, so no panel lists it as a generator. It was trained on emoji only: its features separate emoji well
and other picture styles (photos, pixel art, drawings) less well than a network trained on general images would.

Why 64 numbers: FID needs more images than feature dimensions for a full-rank covariance (pytorch-fid offers
Inception's 64-d pool features for small sets for the same reason); the emoji held-out set is about a hundred
images, a user's held-out set often fewer.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.base.resources import resource_path
from aigc_studio.core.models.checkpoint import CARD_FILE, load_state, load_weights_into

ARCHITECTURE = "feature_net"
FEATURE_NET_ID = "emoji-feature-net"


def default_folder() -> Path:
    """Where the shipped feature network lives."""
    return resource_path("eval", "feature-net")


@dataclass
class FeatureNetConfig:
    image_size: int = 64
    channels: int = 4
    widths: tuple[int, ...] = (32, 64, 128, 256)
    embed_dim: int = 64
    classes: int = 9
    dropout: float = 0.2
    class_names: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> "FeatureNetConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        cfg = cls(**known)
        cfg.widths = tuple(int(w) for w in cfg.widths)
        cfg.class_names = tuple(str(n) for n in cfg.class_names)
        if not (16 <= cfg.image_size <= 256) or cfg.channels not in (3, 4) or not cfg.widths:
            raise ValueError("image_size 16-256, channels 3 or 4, at least one width")
        if cfg.embed_dim < 2 or cfg.classes < 2 or (cfg.class_names and len(cfg.class_names) != cfg.classes):
            raise ValueError("embed_dim and classes must be at least 2, one name per class")
        return cfg

    def to_dict(self) -> dict:
        d = asdict(self)
        d["widths"], d["class_names"] = list(self.widths), list(self.class_names)
        return d


def _conv(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class FeatureNet(nn.Module):
    """stem (stride 2) -> per width: conv, then a strided conv to the next width -> global average pool ->
    linear embedding (the features) -> ReLU, dropout -> linear classifier."""

    def __init__(self, config: FeatureNetConfig):
        super().__init__()
        self.config = c = config
        layers: list[nn.Module] = [_conv(c.channels, c.widths[0], 2)]
        for i, w in enumerate(c.widths):
            if i > 0:
                layers.append(_conv(c.widths[i - 1], w, 2))
            if i < len(c.widths) - 1:
                layers.append(_conv(w, w, 1))
        self.trunk = nn.Sequential(*layers)
        self.embed = nn.Linear(c.widths[-1], c.embed_dim)
        self.head = nn.Linear(c.embed_dim, c.classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, channels, H, W) in [-1, 1] -> (N, embed_dim): the FID/KID feature space."""
        x = self._fit(x)
        return self.embed(self.trunk(x).mean(dim=(2, 3)))

    def classify(self, feats: torch.Tensor) -> torch.Tensor:
        """Class logits of embeddings from :meth:`features`."""
        return self.head(F.dropout(F.relu(feats), self.config.dropout, self.training))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify(self.features(x))

    def _fit(self, x: torch.Tensor) -> torch.Tensor:
        c = self.config
        if x.shape[1] == 3 and c.channels == 4:          # RGB pictures: opaque
            x = torch.cat([x, torch.ones_like(x[:, :1])], 1)
        elif x.shape[1] == 4 and c.channels == 3:        # composite on white, as the RGB image models see it
            x = x[:, :3] + (1 - x[:, 3:4])
        if x.shape[-1] != c.image_size or x.shape[-2] != c.image_size:
            x = F.interpolate(x, size=(c.image_size, c.image_size), mode="bilinear", align_corners=False,
                              antialias=True)
        return x


def load_feature_net(folder: Path | None = None, device=None) -> tuple[FeatureNet, dict]:
    """(the feature network in eval mode, its card) from ``folder`` (default: the shipped one). A missing or
    damaged network is a :class:`ModelError` that says so."""
    folder = Path(folder) if folder is not None else default_folder()
    if not folder.is_dir():
        raise ModelError(f"The image feature network is missing ({folder}); reinstall the studio or rebuild it "
                         "with scripts/train/train_feature_net.sh.")
    try:       # not read_card(): the network is not a generator, and its card's kind is "image-features"
        card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ModelError(f"The image feature network's card could not be read ({e}).") from None
    if not isinstance(card, dict) or card.get("architecture") != ARCHITECTURE or "config" not in card:
        raise ModelError(f"{folder.name} is not an image feature network.")
    try:
        model = FeatureNet(FeatureNetConfig.from_dict(card["config"]))
    except (TypeError, ValueError) as e:
        raise ModelError(f"The feature network's card is invalid ({e}).") from None
    state = {k: (v.float() if v.is_floating_point() else v) for k, v in load_state(folder).items()}
    load_weights_into(model, state, folder.name)
    model.eval()
    if device is not None:
        model.to(device)
    return model, card


__all__ = ["ARCHITECTURE", "FEATURE_NET_ID", "FeatureNet", "FeatureNetConfig", "default_folder",
           "load_feature_net"]
