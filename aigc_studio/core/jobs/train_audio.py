"""The "train-audio" job: train (or fine-tune) an audio model on the user's sound files.

``TrainAudioSpec`` mirrors :class:`aigc_studio.core.jobs.train.TrainTextSpec`: data, output folder, base model,
device, and ``options``: the trainer's options as a canonical JSON object with the keys and defaults of
:class:`aigc_studio.core.training.audio.AudioTrainConfig` (the recipes' format). ``run(spec, ctx)`` drives
:func:`aigc_studio.core.training.audio.train_audio`: cancelling saves a resumable checkpoint and returns without
a model, "stop and save" (``ctx.stop_and_save_event``) also writes the model folder, ``ctx.pause_event`` pauses
between steps; submitting the same spec again resumes. ``Sample`` events carry a float32 numpy array (1, n) at
the model's sample rate (``Result.data["sample_rate"]`` and the sample's text give it).
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
class TrainAudioSpec(TrainTextSpec):
    """As :class:`TrainTextSpec` (``from_cli``, ``option_values``, canonical ``options``), for audio models."""
    kind: ClassVar[str] = "train-audio"

    def config(self, device: str = "cpu"):
        """The trainer's :class:`AudioTrainConfig`: its defaults, then ``options``, then the job's own fields.
        Without an explicit ``warmup_steps`` / ``eval_every`` / ``checkpoint_every`` / ``beta_start`` /
        ``beta_warmup`` they shrink with short runs; without an explicit ``min_lr`` a given ``lr`` decays to a
        tenth of itself."""
        from aigc_studio.core.training.audio import AudioTrainConfig

        opts = self.option_values()
        try:
            cfg = AudioTrainConfig.from_dict({**opts, "data": self.data, "out": self.out,
                                              "from_model": self.from_model, "device": device})
        except ValueError as e:                     # unknown option names
            msg = str(e)
            raise InvalidParameters([msg[:1].upper() + msg[1:] + "."]) from None
        steps = cfg.steps if isinstance(cfg.steps, int) else 0
        if not cfg.minutes:
            for key, part in (("warmup_steps", 10), ("beta_start", 10), ("beta_warmup", 3)):
                if key not in opts and isinstance(getattr(cfg, key), int):
                    setattr(cfg, key, min(getattr(cfg, key), max(0, steps // part)))
            for key in ("eval_every", "checkpoint_every"):
                if key not in opts and isinstance(getattr(cfg, key), int):
                    setattr(cfg, key, max(1, min(getattr(cfg, key), steps // 10)))
        if "min_lr" not in opts and "lr" in opts and isinstance(cfg.lr, (int, float)):
            cfg.min_lr = cfg.lr / 10
        if "card" not in opts:
            name = Path(self.out).name
            cfg.card = {"id": name, "name": name,
                        "data": {"source": self.data, "licence": "the user's own data", "prep": "none"}}
        return cfg

    def validate(self) -> "TrainAudioSpec":
        problems = self.problems()
        if problems:
            raise InvalidParameters(problems)
        return self


def run(spec: TrainAudioSpec, ctx) -> Generator:
    from aigc_studio.core.training.audio import train_audio
    return (yield from run_trainer(spec, ctx, train_audio))
