"""`aigc-studio bench --only train`: training throughput of the one training loop (core/training/loop.py), on
made-up data in a temporary folder, at the size presets the Train tab offers. Each figure is the median of a few
rounds of ``ROUND_STEPS`` steps, after a warm-up round (the build, the first steps):

train.text_tokens_per_s      the GPT trainer (gpt-small: 4 layers, 192 wide, context 128; batch 16; char tokens),
                             through train() with its events, schedule and checks
train.text_ref_tokens_per_s  a minimal plain-PyTorch loop (the nanoGPT recipe: AdamW with the same groups, lr,
                             betas, gradient clipping, batches drawn the same way) of the same GPT config on the same
                             batches, timed in rounds interleaved with ours (TEXT_ROUNDS, each round of ours
                             between two of the reference); text_vs_ref = ours / ref (>= 1: ours is at least as
                             fast), the median of the paired per-round ratios (text_vs_ref_range: their spread)
train.gan_images_per_s       the GAN trainer (gan-small, 64 px, batch 32, DiffAugment on): one D and one G step
train.vae_images_per_s       the image VAE trainer (vae-small, 64 px, batch 32)
train.audio_samples_per_s    the audio VAE trainer (audio-small, batch 8 clips of 16,384 samples at 16 kHz):
                             waveform samples per second (audio_clips_per_s: training clips per second)
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROUND_STEPS = 5
ROUNDS = 3
TEXT_ROUNDS = 7                       # ours beside the reference: more rounds, each paired (see bench_text)


def _advance(gen, name: str) -> None:
    """Run the training generator until it yields the Metric ``name`` (the next log point)."""
    from aigc_studio.core.base.events import Metric
    while True:
        ev = next(gen)
        if isinstance(ev, Metric) and ev.name == name:
            return


def _finish(gen) -> None:
    try:
        while True:
            next(gen)
    except StopIteration:
        pass


def time_loop(task, metric: str, between: Callable[[], None] | None = None, rounds: int = ROUNDS,
              cpu: list[float] | None = None) -> list[float]:
    """Seconds of each timed round of ``ROUND_STEPS`` steps of ``task`` run by train() (``log_every`` must be
    ROUND_STEPS and ``steps`` (rounds + 1) x ROUND_STEPS); ``between`` runs after the warm-up round and after
    each timed round, untimed. ``cpu``, when given, receives each round's CPU seconds of this process."""
    from aigc_studio.core.training.loop import train
    gen = train(task)
    _advance(gen, metric)             # the warm-up round: build, first steps
    if between is not None:
        between()
    times = []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        _advance(gen, metric)
        times.append(time.perf_counter() - t0)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
        if between is not None:
            between()
    _finish(gen)
    return times


def paired_ratios(ours: list[float], ref: list[float]) -> list[float]:
    """Speed of ours over the reference, round by round, from the seconds of each round: ``ref`` has one round
    more than ``ours`` and its rounds bracket ours (ref[0], ours[0], ref[1], ours[1], ... ref[n]). On a shared
    machine the load of other processes drifts over seconds, by far more than the two loops differ: each round
    of ours is compared with the mean of the reference rounds just before and just after it, which cancels a
    drift that is linear over the three rounds (the bench reports the median of these ratios)."""
    if len(ref) != len(ours) + 1:
        raise ValueError(f"{len(ref)} reference rounds do not bracket {len(ours)} rounds")
    return [(a + b) / 2 / o for o, a, b in zip(ours, ref, ref[1:])]


def _common(tmp: Path, name: str, rounds: int = ROUNDS) -> dict:
    return dict(out=str(tmp / name), run_dir=str(tmp / f"{name}.run"), steps=(rounds + 1) * ROUND_STEPS,
                log_every=ROUND_STEPS, eval_every=0, sample_every=0, checkpoint_every=0, save_dtype="float16")


def bench_text(tmp: Path) -> dict[str, Any]:
    import torch

    from aigc_studio.core.models.gpt import GPT
    from aigc_studio.core.training.config import TrainConfig
    from aigc_studio.core.training.loop import lr_at, set_lr
    from aigc_studio.core.training.presets import PRESETS
    from aigc_studio.core.training.text import TextTask

    words = ("the quick brown fox jumps over a lazy dog while seven wise owls watch from old oak trees "
             "and rivers run down to the sea in spring ").split()
    gen = torch.Generator().manual_seed(0)
    text = " ".join(words[i] for i in torch.randint(len(words), (60_000,), generator=gen).tolist())
    data = tmp / "text.txt"
    data.write_text(text, encoding="utf-8")
    preset = PRESETS["gpt-small"].options
    cfg = TrainConfig(data=str(data), tokenizer="char", model=dict(preset["model"]), batch_size=16, lr=1e-3,
                      warmup_steps=2, **_common(tmp, "text", TEXT_ROUNDS))
    task = TextTask(cfg)

    ref: dict[str, Any] = {}

    def ref_round() -> None:
        """The nanoGPT loop on the same data, model config and batches (built on the first call)."""
        if not ref:
            torch.manual_seed(cfg.seed)
            ref["model"] = m = GPT(task.model.config).train()
            decay = [p for p in m.parameters() if p.dim() >= 2]
            no_decay = [p for p in m.parameters() if p.dim() < 2]
            ref["opt"] = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                                            {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr,
                                           betas=(0.9, cfg.beta2))
            ref["gen"] = torch.Generator().manual_seed(cfg.seed + 1)
            ref["step"] = 0
            ref["times"], ref["cpu"] = [], []
            ref_steps(ROUND_STEPS)    # warm-up, then a timed round: each round of ours has one just before it
        t0, c0 = time.perf_counter(), time.process_time()
        ref_steps(ROUND_STEPS)
        ref["times"].append(time.perf_counter() - t0)
        ref["cpu"].append(time.process_time() - c0)

    def ref_steps(n: int) -> None:
        m, opt, data_t, block = ref["model"], ref["opt"], task.data, task.block_train
        for _ in range(n):
            set_lr(opt, lr_at(ref["step"], cfg))
            ix = torch.randint(len(data_t) - block, (cfg.batch_size,), generator=ref["gen"])
            x = torch.stack([data_t[i:i + block] for i in ix])
            y = torch.stack([data_t[i + 1:i + 1 + block] for i in ix])
            _, loss = m(x, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(m.parameters(), cfg.grad_clip)
            opt.step()
            loss.item()
            ref["step"] += 1

    ours_cpu: list[float] = []
    ours = time_loop(task, "train_loss", ref_round, TEXT_ROUNDS, ours_cpu)
    tokens = ROUND_STEPS * cfg.batch_size * task.block_train
    ours_rate = tokens / statistics.median(ours)
    ref_rate = tokens / statistics.median(ref["times"])
    pairs = paired_ratios(ours, ref["times"])
    return {"text_tokens_per_s": round(ours_rate), "text_ref_tokens_per_s": round(ref_rate),
            "text_vs_ref": round(statistics.median(pairs), 3),
            "text_vs_ref_range": [round(min(pairs), 3), round(max(pairs), 3)], "text_rounds": TEXT_ROUNDS,
            # the same pairing on this process's CPU seconds: less swayed by other processes' load than the
            # wall clock (the work of both loops, not the waiting)
            "text_cpu_vs_ref": round(statistics.median(paired_ratios(ours_cpu, ref["cpu"])), 3),
            "text_model": "gpt-small (4x192, context 128)", "text_batch": cfg.batch_size}


def _write_images(folder: Path, n: int) -> None:
    import numpy as np
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        img = np.zeros((64, 64, 4), np.uint8)
        c = rng.integers(0, 255, 3)
        x0, y0 = rng.integers(4, 30, 2)
        img[y0:y0 + 30, x0:x0 + 30, :3] = c
        img[y0:y0 + 30, x0:x0 + 30, 3] = 255
        Image.fromarray(img).save(folder / f"{i:03d}.png")


def bench_image(tmp: Path, model_type: str) -> float:
    from aigc_studio.core.training.config import ImageTrainConfig
    from aigc_studio.core.training.image import ImageTask
    from aigc_studio.core.training.presets import PRESETS

    folder = tmp / "images"
    if not folder.exists():
        _write_images(folder, 64)
    cfg = ImageTrainConfig(data=str(folder), model_type=model_type, batch_size=32,
                           model=dict(PRESETS[f"{model_type}-small"].options["model"]),
                           **_common(tmp, model_type))
    times = time_loop(ImageTask(cfg), "d_loss" if model_type == "gan" else "loss")
    return ROUND_STEPS * cfg.batch_size / statistics.median(times)


def bench_audio(tmp: Path) -> tuple[float, float]:
    import numpy as np

    from aigc_studio.core.assets.audio_io import encode_audio
    from aigc_studio.core.training.audio import AudioTask
    from aigc_studio.core.training.config import AudioTrainConfig

    folder = tmp / "sounds"
    folder.mkdir()
    t = np.arange(16000) / 16000
    for i in range(24):
        tone = 0.5 * np.sin(2 * np.pi * (110 * 2 ** (i / 12)) * t) * np.exp(-3 * t)
        (folder / f"{i:02d}.wav").write_bytes(encode_audio(tone.astype(np.float32), 16000))
    cfg = AudioTrainConfig(data=str(folder), batch_size=8, **_common(tmp, "audio"))
    task = AudioTask(cfg)
    times = time_loop(task, "stft")
    clips = ROUND_STEPS * cfg.batch_size / statistics.median(times)
    return clips * task.clip, clips


def run() -> dict[str, Any]:
    import torch

    out: dict[str, Any] = {"threads": torch.get_num_threads(), "round_steps": ROUND_STEPS, "rounds": ROUNDS}
    with tempfile.TemporaryDirectory(prefix="aigc-bench-train-") as tmp:
        tmp_path = Path(tmp)
        out.update(bench_text(tmp_path))
        out["gan_images_per_s"] = round(bench_image(tmp_path, "gan"), 1)
        out["vae_images_per_s"] = round(bench_image(tmp_path, "vae"), 1)
        samples, clips = bench_audio(tmp_path)
        out["audio_samples_per_s"] = round(samples)
        out["audio_clips_per_s"] = round(clips, 2)
    return out
