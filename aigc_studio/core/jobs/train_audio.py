"""The "train-audio" job: an audio model on the user's sounds; the spec is
:class:`aigc_studio.core.base.train_specs.TrainAudioSpec`, the job body :func:`aigc_studio.core.jobs.train.run`.
``Sample`` events carry a float32 numpy array (1, n) at the model's sample rate (``Result.data["sample_rate"]``
and :func:`aigc_studio.core.training.audio.sample_rate_of` give it)."""
from __future__ import annotations

from aigc_studio.core.base.train_specs import TrainAudioSpec
from aigc_studio.core.jobs.train import run

__all__ = ["TrainAudioSpec", "run"]
