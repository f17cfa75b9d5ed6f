"""The "train-image" job: a GAN or a VAE on the user's pictures; the spec is
:class:`aigc_studio.core.base.train_specs.TrainImageSpec`, the job body :func:`aigc_studio.core.jobs.train.run`."""
from __future__ import annotations

from aigc_studio.core.base.train_specs import TrainImageSpec
from aigc_studio.core.jobs.train import run

__all__ = ["TrainImageSpec", "run"]
