"""`aigc-studio generate audio` and `aigc-studio train audio` (wired from cli.py). Light at import: argparse only;
torch and the models load when a command runs."""
from __future__ import annotations

from pathlib import Path


def add_generate_parser(gsub) -> None:
    from aigc_studio.core.base.specs import DEFAULT_AUDIO_MODEL
    g = gsub.add_parser("audio", help="generate sounds and save them as WAV or FLAC with their settings")
    g.add_argument("--model", default=DEFAULT_AUDIO_MODEL, help="a model id (see `aigc-studio models`) or folder")
    g.add_argument("--count", type=int, default=4, help="how many sounds (1-64)")
    g.add_argument("--seed", type=int, default=None, help="sound i uses seed+i (default: random, printed)")
    g.add_argument("--seconds", type=float, default=1.0, help="length of each sound (0.1-10)")
    g.add_argument("--temperature", type=float, default=1.0,
                   help="how far from the average sound (0 = the average, 1 = as varied as the training sounds)")
    g.add_argument("--encode", type=Path, default=None, metavar="SOUND",
                   help="encode this sound file; saves its reconstruction and COUNT-1 variations")
    g.add_argument("--strength", type=float, default=0.5, help="variation strength (with --encode)")
    g.add_argument("--format", dest="fmt", default="wav", choices=["wav", "flac"])
    g.add_argument("--device", default=None, choices=["auto", "cuda", "mps", "cpu"])
    g.add_argument("--out", type=Path, default=None, help="output folder (default: the one in Settings)")
    g.add_argument("--no-save", action="store_true", help="generate only (for timing); save nothing")


def cmd_generate(a) -> int:
    import secrets

    from aigc_studio.cli import _context, _err, drive
    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.base.events import AudioChunk, Log
    from aigc_studio.core.base.specs import SEED_MAX, AudioSpec, spec_from_dict
    from aigc_studio.core.base.settings import Settings

    settings = Settings.load()
    seed = a.seed if a.seed is not None else secrets.randbelow(SEED_MAX + 1 - 1024)
    spec = AudioSpec(model=a.model, mode="encode" if a.encode else "sample", count=a.count, seed=seed,
                     seconds=a.seconds, temperature=a.temperature, strength=a.strength,
                     source=str(a.encode or ""), device=a.device or settings.device).validate()
    out_dir = Path(a.out) if a.out else Path(settings.output_dir)
    store = None if a.no_save else AssetStore(out_dir)
    if store is not None:
        store.ensure_writable()   # fail before generating, not after
    if a.seed is None:
        _err(f"seed {seed}")
    ctx, _ = _context(spec.device, out_dir)
    chunks: dict[int, list] = {}

    def on_event(ev):
        if isinstance(ev, AudioChunk):
            chunks.setdefault(ev.index, []).append(ev.samples)
        elif isinstance(ev, Log) and ev.level in ("warning", "error"):
            _err(ev.message)

    result = drive(get_runner("audio")(spec, ctx), on_event)
    import numpy as np
    sr = result.data["sample_rate"]
    items = result.data.get("items", [])
    if store is None:
        print(f"generated {len(items)} sounds", flush=True)
        return 0
    for i, item in enumerate(items):
        samples = np.concatenate(chunks[i], axis=1)
        extra = {k: item[k] for k in ("latent", "seconds", "peak", "pitch_hz") if k in item}
        extra["sample_rate"] = sr
        path = store.save_audio(samples, sr, spec_from_dict(item["spec"]), extra=extra, fmt=a.fmt)
        print(f"saved: {path}", flush=True)
    return 0


def cmd_train(a) -> int:
    """`aigc-studio train audio --data DIR --out DIR [--steps N | --minutes M] [--recipe R] [--from MODEL]`:
    prints metrics and messages, writes each training sample as ``<out>.samples/step-N.wav``, ends with
    ``saved: PATH``."""
    from aigc_studio.cli import _context, _err, drive
    from aigc_studio.core.base.atomic import atomic_write_bytes
    from aigc_studio.core.assets.audio_io import encode_audio
    from aigc_studio.core.jobs import get_runner
    from aigc_studio.core.base.events import Log, Metric, Sample
    from aigc_studio.core.jobs.train_audio import TrainAudioSpec
    from aigc_studio.core.training.audio import sample_rate_of

    spec = TrainAudioSpec.from_cli(data=a.data, out=a.out, from_model=a.from_model, steps=a.steps,
                                   minutes=a.minutes, recipe=a.recipe, device=a.device).validate()
    ctx, info = _context(spec.device, None)
    _err(f"training on {info.reason}")
    samples = Path(str(spec.out) + ".samples")

    def on_event(ev):
        if isinstance(ev, Metric):
            print(f"step {ev.step:6d}  {ev.name} {ev.value:.4f}", flush=True)
        elif isinstance(ev, Sample) and ev.data is not None:
            samples.mkdir(parents=True, exist_ok=True)
            path = atomic_write_bytes(samples / f"step-{ev.step:06d}.wav", encode_audio(ev.data, sample_rate_of(ev)))
            print(f"--- sample at step {ev.step}: {path}", flush=True)
        elif isinstance(ev, Log):
            (_err if ev.level != "info" else print)(ev.message)

    result = drive(get_runner(spec.kind)(spec, ctx), on_event)
    for p in result.paths:
        print(f"saved: {p}", flush=True)
    return 0
