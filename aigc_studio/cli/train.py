"""`aigc-studio train text|gan|vae|audio --data PATH --out DIR [--from MODEL] [--steps N | --minutes M]`:
trains in this process, printing metrics, samples and messages, and ends with ``saved: PATH``. Training samples
(image grids, sounds) are written into ``<out>.samples/``."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aigc_studio.cli.common import err, escape_controls, job_context, print_log, run_job
from aigc_studio.core import jobs
from aigc_studio.core.base.atomic import atomic_write_bytes
from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec
from aigc_studio.core.training.presets import PRESETS

KINDS = ("text", "gan", "vae", "audio")


def device_words(reason: str, asked: str) -> str:
    """The device's description for the command line: a device given with ``--device`` was asked for on the
    command line, not "chosen in Settings"."""
    if asked and asked != "auto":
        return reason.replace(" — chosen in Settings", " — as asked").replace(" (chosen in Settings)", " (as asked)")
    return reason


def add_parser(sub) -> None:
    tr = sub.add_parser("train", help="train or fine-tune a model on your own data")
    tr.add_argument("kind", choices=list(KINDS))
    tr.add_argument("--data", type=Path, required=True,
                    help="the training data: a folder (text files, images or sounds) or one text file")
    tr.add_argument("--from", dest="from_model", default=None, help="fine-tune this model (id or folder)")
    g = tr.add_mutually_exclusive_group()
    g.add_argument("--steps", type=int, default=None)
    g.add_argument("--minutes", type=float, default=None)
    tr.add_argument("--recipe", type=Path, default=None, help="a recipe JSON (see recipes/)")
    tr.add_argument("--out", type=Path, required=True, help="the model folder to write")
    tr.add_argument("--device", default="auto", choices=["auto", "cuda", "mps", "cpu"])
    tr.add_argument("--preset", default=None, choices=list(PRESETS),
                    help="a size preset (text: lstm-small, gpt-tiny, gpt-small, gpt-medium; gan-/vae-tiny, -small, "
                         "-medium; audio-tiny, audio-small)")
    tr.add_argument("--sample-every", type=int, default=None, metavar="N",
                    help="a sample at step 0 and every N steps (0: none)")
    tr.add_argument("--diffaugment", default=None, choices=["auto", "on", "off"],
                    help="GAN: differentiable augmentation of the discriminator's inputs (auto: on below 1000 images)")
    tr.add_argument("--run-dir", type=Path, default=None, help="the folder of checkpoints (default: OUT.run)")


def spec_from_args(a) -> Any:
    """The training job spec the command line asks for."""
    options: dict[str, Any] = {}
    if a.preset:
        options["preset"] = a.preset
    if a.sample_every is not None:
        options["sample_every"] = a.sample_every
    if a.diffaugment:
        options["diffaugment"] = {"auto": "auto", "on": True, "off": False}[a.diffaugment]
    if a.run_dir:
        options["run_dir"] = str(a.run_dir)
    common = dict(data=a.data, out=a.out, from_model=a.from_model, steps=a.steps, minutes=a.minutes,
                  recipe=a.recipe, device=a.device, options=options)
    if a.kind == "audio":
        return TrainAudioSpec.from_cli(**common)
    if a.kind in ("gan", "vae"):
        return TrainImageSpec.from_cli(**common, model_type=a.kind)
    return TrainTextSpec.from_cli(**common)


def run(a) -> int:
    return run_training(spec_from_args(a))


def run_training(spec: Any) -> int:
    """Validate and run a training job spec in this process, printing metrics, samples and messages; one
    ``saved: PATH`` line per file written at the end."""
    spec = jobs.validate(spec)
    ctx, info = job_context(spec.device, None)
    if os.environ.get("RANK", "0") in ("", "0"):      # under torchrun: said once, by rank 0
        err(f"training on {device_words(info.reason, spec.device)}")

    def on_event(ev: Any) -> None:
        if isinstance(ev, Metric):
            print(f"step {ev.step:6d}  {ev.name} {ev.value:.4f}", flush=True)
        elif isinstance(ev, Sample) and ev.data is not None:     # a picture or a sound (its text is a caption)
            print(f"--- sample at step {ev.step}: {save_sample(spec, ev)}", flush=True)
        elif isinstance(ev, Sample) and ev.text:
            print(f"--- sample at step {ev.step} ---\n{escape_controls(ev.text)}\n---", flush=True)
        elif isinstance(ev, Log):
            print_log(ev)

    result = run_job(spec, ctx, on_event)
    for p in result.paths:
        print(f"saved: {p}", flush=True)
    return 0


def save_sample(spec: Any, ev: Sample) -> str:
    """Write a training sample into ``<out>.samples/``: a sound as ``step-N.wav``, an image grid as
    ``step-N.png`` (never overwritten: the final model's sample comes at the same step as the last one of
    training). Returns the path, or why nothing was written."""
    # numpy, Pillow and the audio codecs load with the first sample, not at the command line's start
    import numpy as np

    folder = Path(str(spec.out) + ".samples")
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, TrainAudioSpec):
        from aigc_studio.core.assets.audio_io import encode_audio
        from aigc_studio.core.training.audio import sample_rate_of
        return str(atomic_write_bytes(folder / f"step-{ev.step:06d}.wav", encode_audio(ev.data, sample_rate_of(ev))))
    data = np.asarray(ev.data)
    if data.dtype == np.uint8 and data.ndim == 3:
        import io

        from PIL import Image
        buf = io.BytesIO()
        Image.fromarray(data).save(buf, "PNG")
        for n in range(1, 10_000):
            path = folder / (f"step-{ev.step:06d}.png" if n == 1 else f"step-{ev.step:06d}-{n}.png")
            try:
                with open(path, "xb") as f:
                    f.write(buf.getvalue())
            except FileExistsError:
                continue
            return str(path)
        return "(not saved: too many samples of this step)"
    return "(not saved: unknown sample format)"
