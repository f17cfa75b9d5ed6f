"""The "train-image" job: train (or fine-tune) a GAN or a VAE on a folder of the user's images.

``TrainImageSpec`` is :class:`~aigc_studio.core.jobs.train.TrainTextSpec`'s shape (data, out, from_model,
options JSON, device; ``from_cli`` reads a recipe) plus ``model_type`` ("gan" | "vae"); its options are those of
:class:`aigc_studio.core.training.image.ImageTrainConfig`. Cancel, pause and stop-and-save work as for text.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Generator

from aigc_studio.core.base.errors import InvalidParameters
from aigc_studio.core.base.specs import register_spec
from aigc_studio.core.jobs.train import TrainTextSpec, run_trainer


@register_spec
@dataclass(frozen=True)
class TrainImageSpec(TrainTextSpec):
    kind: ClassVar[str] = "train-image"
    model_type: str = "gan"            # "gan" | "vae"

    @classmethod
    def from_cli(cls, data, out, from_model=None, steps=None, minutes=None, recipe=None, device: str = "auto",
                 model_type: str = "gan") -> "TrainImageSpec":
        base = TrainTextSpec.from_cli(data, out, from_model, steps, minutes, recipe, device)
        return cls(data=base.data, out=base.out, from_model=base.from_model, options=base.options,
                   device=base.device, model_type=model_type)

    def config(self, device: str = "cpu"):
        from aigc_studio.core.training.image import ImageTrainConfig

        opts = {k: v for k, v in self.option_values().items() if k != "model_type"}
        try:
            cfg = ImageTrainConfig.from_dict({**opts, "data": self.data, "out": self.out, "model_type": self.model_type,
                                              "from_model": self.from_model, "device": device})
        except (ValueError, TypeError) as e:
            msg = str(e)
            raise InvalidParameters([msg[:1].upper() + msg[1:] + "."]) from None
        steps = cfg.steps if isinstance(cfg.steps, int) else 0
        for key in ("sample_every", "eval_every", "checkpoint_every"):
            if key not in opts:
                setattr(cfg, key, max(1, min(getattr(cfg, key), steps // 10 or 1)))
        if "kl_warmup" not in opts:
            cfg.kl_warmup = max(1, min(cfg.kl_warmup, steps // 3 or 1))
        if "card" not in opts:
            name = Path(self.out).name
            cfg.card = {"id": name, "name": name,
                        "data": {"source": self.data, "licence": "the user's own data", "prep": "none"}}
        return cfg

    def problems(self) -> list[str]:
        p = [] if self.model_type in ("gan", "vae") else ["The model type must be gan or vae."]
        return p + super().problems()


def run(spec: TrainImageSpec, ctx) -> Generator:
    from aigc_studio.core.training.image import train_image
    return (yield from run_trainer(spec, ctx, train_image))
