"""The audio trainer: ``train_audio(cfg)`` is a generator of events, like ``train_text`` (Qt-free; the engine,
the command line and ``scripts/train/train_shipped_audio.sh`` drive it the same way).

- Data: a folder of sound files (WAV, FLAC, OGG, AIFF; searched recursively, sorted) or one file, read with
  :func:`aigc_studio.core.assets.audio_io.load_audio` (any channels and rate: downmixed and resampled to the
  model's rate). Files that cannot be read are skipped with a warning naming them. Each sound is trimmed of
  leading silence (the model learns sounds from their onset), peak-normalised to -1 dBFS and kept up to
  ``max_seconds``; a training example is a ``clip_samples`` crop: from the onset half of the time, from a random
  place otherwise (sounds no longer than a clip are zero-padded and always start at the onset). A held-out folder
  (``eval_data``) gives the held-out metrics; without one, 1 sound in 20 (by a hash of its name) is held out.
- Model: a new :class:`AudioVAE` (``model`` options) or fine-tuning a model folder (``from_model``).
- Loss: multi-resolution STFT distance (spectral convergence + log-magnitude L1 at FFT sizes ``stft_sizes``),
  + ``f0_weight`` x |log2 f0 - log2 f0_target| for the sounds with a clear pitch (a YIN estimate of each training
  sound: learning the oscillator's pitch from spectra alone gets stuck), optionally + ``l1_weight`` x waveform
  L1, + beta x KL, beta rising linearly from 0 to ``beta`` between
  ``beta_start`` and ``beta_start + beta_warmup`` steps. Adam, linear warmup then cosine decay to ``min_lr``
  (at ``steps`` or at the end of the ``minutes`` budget), gradient clipping.
- Events: ``Metric`` ("stft", "kl", "f0", "beta", "train_loss", "lr", "eval_lsd_db", "eval_stft",
  "eval_f0_cents"), ``Sample`` (``data``: a
  float32 numpy array (1, n) at the model's sample rate: a held-out sound's reconstruction followed by 0.25 s of
  silence and a random sound; ``text`` starts with "<rate> Hz: ", see :func:`sample_rate_of`), ``Progress`` and
  ``Log``. The return value is a dict (see the end of
  :func:`train_audio`).
- Resumable exactly like the text trainer (``checkpoint/`` with model, Adam moments, RNG states and
  ``state.json``; nothing is pickled). Stopping: ``should_stop()``, ``stop_and_save()``, ``paused()`` as there.
- At the end: the principal directions of the training sounds' latents go into the model's ``pca_*`` buffers
  (sampling prior and sliders), the held-out metrics are computed, and ``checkpoint.save_model_folder`` writes
  ``out`` with the card (data, recipe, metrics, training time and hardware) and a README model card.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generator

from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.base.options import Options
from aigc_studio.core.assets.audio_features import prepare_sound
from aigc_studio.core.training.text import (CKPT_DIR, TrainingError, _fmt_seconds, begin_training,
                                            files_problems, hardware_description, load_checkpoint, lr_at,
                                            run_problems, save_checkpoint)

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".aif", ".aiff", ".mp3")
LSD_SIZES = (2048, 512, 128)
LSD_FLOOR = 1e-7                           # power floor of the log-spectral distance (-70 dB)


@dataclass
class AudioTrainConfig(Options):
    WHAT = "training options"

    data: str                                  # folder of sound files, or one file
    out: str                                   # the model folder written at the end
    run_dir: str = ""                          # checkpoints; default: <out>.run
    eval_data: str = ""                        # held-out sounds; default: 1 in 20 of the data
    from_model: str = ""                       # fine-tune this model folder (or installed model id)
    model: dict = field(default_factory=dict)  # AudioVAEConfig options (new model)
    max_seconds: float = 4.0                   # of each file, kept for crops
    steps: int = 20000
    minutes: float = 0.0                       # 0 = no time budget
    batch_size: int = 8
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup_steps: int = 200
    grad_clip: float = 1.0
    beta: float = 0.01                         # KL weight after the warm-up
    beta_start: int = 500
    beta_warmup: int = 3000
    stft_sizes: list = field(default_factory=lambda: [2048, 1024, 512, 256, 128, 64])
    l1_weight: float = 0.0
    f0_weight: float = 1.0                     # |log2 f0 - log2 f0_target| of pitched sounds (YIN estimate)
    eval_every: int = 250
    eval_count: int = 32                       # held-out sounds per eval during training (all at the end)
    sample_every: int = 1000
    checkpoint_every: int = 250
    log_every: int = 20
    seed: int = 1234
    threads: int = 0
    device: str = "cpu"
    resume: bool = True
    save_dtype: str = "float16"
    card: dict = field(default_factory=dict)   # id, name, description, data{source,licence,prep}

    def _problems(self) -> list[str]:
        from aigc_studio.core.models.audio_vae import AudioVAEConfig
        p = files_problems(self, "training sounds", "Choose the training sounds: a folder of sound files or one "
                           "file.", "do not exist")
        if not self.from_model:
            try:
                AudioVAEConfig.from_dict(self.model)
            except (ValueError, TypeError) as e:
                p.append(f"The model options are invalid ({e}).")
        if not (1 <= self.steps <= 10_000_000):
            p.append("Steps must be at least 1 (and at most 10,000,000).")
        if not (0.0 <= self.minutes <= 100_000):
            p.append("The time budget must be 0 (none) or a number of minutes.")
        if not (1 <= self.batch_size <= 1024):
            p.append("The batch size must be between 1 and 1024.")
        if not (0.0 < self.lr < 1.0) or self.min_lr < 0 or self.warmup_steps < 0 or self.grad_clip < 0:
            p.append("The optimiser settings are out of range.")
        if not (0.0 <= self.beta <= 10.0) or self.beta_start < 0 or self.beta_warmup < 0 or self.l1_weight < 0 \
                or self.f0_weight < 0:
            p.append("The loss weights (KL and its warm-up, pitch, waveform) must not be negative.")
        if not self.stft_sizes or any(not isinstance(n, int) or n < 16 or n & (n - 1) for n in self.stft_sizes):
            p.append("The STFT sizes must be powers of two of at least 16.")
        if not (0.1 <= self.max_seconds <= 600):
            p.append("The length kept of each file must be between 0.1 and 600 seconds.")
        if min(self.eval_every, self.eval_count, self.sample_every, self.checkpoint_every) < 0 or self.log_every < 1:
            p.append("The evaluation, sample, checkpoint and log intervals must not be negative.")
        return p + run_problems(self)


def load_recipe(path: Path, **overrides) -> AudioTrainConfig:
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    d.update({k: v for k, v in overrides.items() if v is not None})
    return AudioTrainConfig.from_dict(d)


# ------------------------------------------------------------------ data

def list_audio_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
                      and not p.name.startswith("."))
    raise TrainingError(f"The training sounds {path} are neither a file nor a folder.")


def read_sounds(files: list[Path], sample_rate: int, clip: int, max_seconds: float):
    """([(name, samples)], [(name, reason)]) of the files that could be read."""
    from aigc_studio.core.base.errors import UserError
    from aigc_studio.core.assets.audio_io import load_audio
    sounds, skipped = [], []
    for f in files:
        try:
            x = load_audio(f, sample_rate, max_seconds=max_seconds)
        except UserError as e:
            skipped.append((f.name, str(e)))
            continue
        sounds.append((f.name, prepare_sound(x, clip)))
    return sounds, skipped


def _held_out(name: str) -> bool:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 20 == 0


def pitch_targets(sounds: list, sample_rate: int, clip: int):
    """[N] float tensor: each sound's pitch in Hz estimated on its first clip (YIN-lite), NaN when unpitched."""
    import torch

    from aigc_studio.core.assets.audio_features import estimate_pitch
    hz = [estimate_pitch(s[:clip], sample_rate) for _, s in sounds]
    return torch.tensor([h if h else float("nan") for h in hz], dtype=torch.float32)


def f0_loss(log2_f0, target):
    """Mean |log2 f0 - log2 target| (octaves) over the frames of the sounds with a target (0 without any)."""
    import torch
    has = torch.isfinite(target)
    if not bool(has.any()):
        return log2_f0.sum() * 0.0
    return (log2_f0[has] - torch.log2(target[has])[:, None]).abs().mean()


def make_batch(sounds: list, idx: list[int], clip: int, gen):
    """A [B, clip] tensor: each sound cropped from its onset or (half the time, if longer) a random place."""
    import torch
    out = torch.empty(len(idx), clip)
    for row, i in enumerate(idx):
        x = sounds[i][1]
        span = len(x) - clip
        coin, where = torch.rand(2, generator=gen).tolist()
        start = int(where * (span + 1)) if span > 0 and coin < 0.5 else 0
        out[row] = torch.from_numpy(x[start:start + clip])
    return out


# ------------------------------------------------------------------ losses and metrics

def _usable(sizes, length: int) -> list[int]:
    """The FFT sizes that fit sounds of ``length`` samples (reflect padding needs n_fft / 2 < length)."""
    fit = [n for n in sizes if n // 2 < length]
    return fit or [max(2, 1 << max(1, (length - 1).bit_length() - 1))]


def _mag(x, n_fft: int):
    import torch
    win = torch.hann_window(n_fft, device=x.device, dtype=x.dtype)
    return torch.stft(x, n_fft, hop_length=n_fft // 4, window=win, return_complex=True).abs()


def stft_loss(y, x, sizes=(2048, 1024, 512, 256, 128, 64)):
    """Multi-resolution STFT distance: mean over sizes of spectral convergence + log-magnitude L1 (RAVE)."""
    import torch
    total = 0.0
    sizes = _usable(sizes, x.shape[-1])
    for n in sizes:
        sy, sx = _mag(y, n), _mag(x, n)
        sc = torch.linalg.vector_norm(sy - sx, dim=(1, 2)) / (torch.linalg.vector_norm(sx, dim=(1, 2)) + 1e-7)
        lm = (torch.log(sy + 1e-5) - torch.log(sx + 1e-5)).abs().mean(dim=(1, 2))
        total = total + (sc + lm).mean()
    return total / len(sizes)


def kl_divergence(mu, logvar):
    """KL(q(z|x) || N(0, I)) summed over the latent dimensions, averaged over the batch."""
    return (0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)).sum(dim=1).mean()


def log_spectral_distance(y, x, sizes=LSD_SIZES):
    """Per sound [B]: the log-spectral distance in dB, mean over frames of the RMS over bins of the difference
    of the power spectra in dB (floored at -70 dB), averaged over the FFT sizes ``sizes``."""
    import torch
    d = 0.0
    sizes = _usable(sizes, x.shape[-1])
    for n in sizes:
        py = 10 * torch.log10(_mag(y, n).pow(2).clamp(min=LSD_FLOOR))
        px = 10 * torch.log10(_mag(x, n).pow(2).clamp(min=LSD_FLOOR))
        d = d + (py - px).pow(2).mean(dim=1).sqrt().mean(dim=1)
    return d / len(sizes)


def sample_rate_of(sample: Sample, default: int = 16000) -> int:
    """The sample rate of a training ``Sample`` (its text starts with "<rate> Hz: ...")."""
    head = (sample.text or "").split(" ", 1)[0]
    return int(head) if head.isdigit() else default


def beta_at(step: int, cfg: AudioTrainConfig) -> float:
    if step < cfg.beta_start:
        return 0.0
    if cfg.beta_warmup <= 0:
        return cfg.beta
    return cfg.beta * min(1.0, (step - cfg.beta_start) / cfg.beta_warmup)


def evaluate(model, sounds: list, clip: int, limit: int | None = None, batch_size: int = 16, device="cpu",
             sizes=(2048, 1024, 512, 256, 128, 64), f0_targets=None) -> dict:
    """Held-out reconstruction (from the posterior mean) metrics over the first clip of each sound: "lsd_db",
    "stft" and, with ``f0_targets``, "f0_cents" (median |error| of the decoder's pitch, median over the frames)
    and "f0_within_50_cents" (share of the pitched sounds)."""
    import torch
    chosen = sounds if limit is None else sounds[:limit]
    if not chosen:
        return {"lsd_db": float("nan"), "stft": float("nan"), "f0_cents": float("nan"),
                "f0_within_50_cents": float("nan")}
    was = model.training
    model.eval()
    lsd, stft, n = 0.0, 0.0, 0
    cents = []
    with torch.inference_mode():
        for i in range(0, len(chosen), batch_size):
            x = torch.stack([torch.from_numpy(s[:clip]) for _, s in chosen[i:i + batch_size]]).to(device)
            mu, _ = model.encode(x)
            y = model.decode(mu, clip)
            if f0_targets is not None:
                target = f0_targets[i:i + len(x)].to(device)
                f0 = model.controls(mu, clip // model.hop)["f0"].median(dim=1).values
                has = torch.isfinite(target)
                cents += (1200 * torch.log2(f0[has] / target[has])).abs().tolist()
            lsd += float(log_spectral_distance(y, x).sum())
            stft += float(stft_loss(y, x, sizes)) * len(x)
            n += len(x)
    model.train(was)
    c = torch.tensor(cents) if cents else torch.tensor([float("nan")])
    return {"lsd_db": lsd / n, "stft": stft / n, "f0_cents": float(c.median()),
            "f0_within_50_cents": float((c <= 50).float().mean()) if cents else float("nan")}


def fit_latent_pca(model, sounds: list, clip: int, batch_size: int = 32, device="cpu") -> dict:
    """Encode every sound's first clip; store the mean, top-k principal directions and their standard
    deviations in the model's buffers; return a summary (explained variance)."""
    import torch
    was = model.training
    model.eval()
    mus = []
    with torch.inference_mode():
        for i in range(0, len(sounds), batch_size):
            x = torch.stack([torch.from_numpy(s[:clip]) for _, s in sounds[i:i + batch_size]]).to(device)
            mus.append(model.encode(x)[0].float().cpu())
    model.train(was)
    z = torch.cat(mus)
    mean = z.mean(dim=0)
    k = model.pca_std.shape[0]
    if len(z) < 2:
        comps, std, explained = torch.eye(z.shape[1])[:k], torch.ones(k), []
    else:
        _, s, vh = torch.linalg.svd(z - mean, full_matrices=False)
        var = s.pow(2) / (len(z) - 1)
        comps = torch.zeros(k, z.shape[1])
        std = torch.full((k,), 1e-3)
        m = min(k, vh.shape[0])
        comps[:m], std[:m] = vh[:m], var[:m].sqrt().clamp(min=1e-3)
        explained = (var[:k] / var.sum()).tolist()
    with torch.no_grad():
        model.pca_mean.copy_(mean)
        model.pca_components.copy_(comps)
        model.pca_std.copy_(std)
    return {"sounds": len(z), "explained_variance": [round(v, 4) for v in explained]}


# ------------------------------------------------------------------ training

_IDENTITY = ("data", "eval_data", "from_model", "model", "max_seconds")


def _same_run(run_dir: Path, cfg: AudioTrainConfig) -> bool:
    try:
        old = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))["train"]
        new = cfg.to_dict()

        def norm(k, v):
            return str(Path(v).resolve()) if k in ("data", "eval_data", "from_model") and v else v
        return all(norm(k, old.get(k, "")) == norm(k, new[k]) for k in _IDENTITY)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _build(cfg: AudioTrainConfig, run_dir: Path, resuming: bool):
    """(model, base card) for a new model, a fine-tune or a resumed run."""
    from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig
    from aigc_studio.core.models.checkpoint import load_model_folder
    if resuming:
        run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
        return AudioVAE(AudioVAEConfig.from_dict(run["config"])), run.get("base_card", {})
    if cfg.from_model:
        folder = Path(cfg.from_model)
        if not folder.is_dir():
            from aigc_studio.core.models import registry
            folder = Path(registry.resolve(cfg.from_model).path)
        model, _, card = load_model_folder(folder)
        if card.get("architecture") != "audio_vae":
            raise TrainingError(f"{folder.name} is not an audio model: fine-tune an audio model.")
        model.train()
        return model, card
    try:
        return AudioVAE(AudioVAEConfig.from_dict(cfg.model)), {}
    except (TypeError, ValueError) as e:
        raise TrainingError(f"The model options are invalid ({e}).") from None


def _preview(model, sound, clip: int, seed: int):
    """A held-out sound's reconstruction, 0.25 s of silence, then a random sound: float32 numpy (1, n)."""
    import numpy as np
    import torch
    was = model.training
    model.eval()
    with torch.inference_mode():
        x = torch.from_numpy(sound[:clip])[None]
        rec = model.decode(model.encode(x)[0], clip)
        z = torch.randn(1, model.config.latent_dim, generator=torch.Generator().manual_seed(seed))
        rnd = model.decode(z, clip)
    model.train(was)
    gap = np.zeros(model.sample_rate // 4, np.float32)
    return np.concatenate([rec[0].numpy(), gap, rnd[0].numpy()])[None].astype(np.float32)


def train_audio(cfg: AudioTrainConfig, should_stop: Callable[[], bool] | None = None,
                stop_and_save: Callable[[], bool] | None = None,
                paused: Callable[[], bool] | None = None) -> Generator[Any, None, dict]:
    import shutil

    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder

    should_stop, stop_and_save, paused, device, out, run_dir = begin_training(cfg, should_stop, stop_and_save,
                                                                              paused)
    run_dir.mkdir(parents=True, exist_ok=True)
    resuming = cfg.resume and (run_dir / CKPT_DIR / "state.json").is_file()
    if resuming and not _same_run(run_dir, cfg):
        yield Log(f"The checkpoint in {run_dir} is of other data or model options: starting a new run.", "warning")
        resuming = False
    if not resuming and (run_dir / CKPT_DIR).exists():
        shutil.rmtree(run_dir / CKPT_DIR)

    torch.manual_seed(cfg.seed)
    model, base_card = _build(cfg, run_dir, resuming)
    mcfg = model.config
    clip, sr = mcfg.clip_samples, mcfg.sample_rate
    if not resuming:
        (run_dir / "run.json").write_text(json.dumps(
            {"config": mcfg.to_dict(), "train": cfg.to_dict(), "base_card": base_card}, indent=1),
            encoding="utf-8")

    # data
    files = list_audio_files(Path(cfg.data))
    eval_files = list_audio_files(Path(cfg.eval_data)) if cfg.eval_data else []
    if not cfg.eval_data:
        eval_files = [f for f in files if _held_out(f.name)]
        files = [f for f in files if not _held_out(f.name)] or eval_files
    yield Log(f"Reading {len(files)} training and {len(eval_files)} held-out sound files at {sr} Hz...")
    sounds, skipped = read_sounds(files, sr, clip, cfg.max_seconds)
    eval_sounds, eskipped = read_sounds(eval_files, sr, clip, cfg.max_seconds)
    for name, reason in skipped + eskipped:
        yield Log(f"Skipped {name}: {reason}", "warning")
    if not sounds:
        raise TrainingError(f"No sound file in {cfg.data} could be read (WAV, FLAC, OGG or AIFF).")
    if not eval_sounds:
        eval_sounds = sounds[-1:]
        yield Log("No held-out sounds: the held-out metrics use a training sound.", "warning")
    f0_train, f0_eval = pitch_targets(sounds, sr, clip), pitch_targets(eval_sounds, sr, clip)
    yield Log(f"{int(torch.isfinite(f0_train).sum())} of the {len(sounds)} training sounds have a clear pitch.")

    model.to(device)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, betas=(0.9, 0.99))
    batch_gen = torch.Generator().manual_seed(cfg.seed + 1)
    step, seconds_before = 0, 0.0
    if resuming:
        st = load_checkpoint(run_dir, model, opt, batch_gen)
        step, seconds_before = int(st["step"]), float(st["seconds"])
        yield Log(f"Resumed from the checkpoint at step {step}.")
    yield Log(f"{model.num_params() / 1e6:.2f} M parameters, {len(sounds)} training and {len(eval_sounds)} "
              f"held-out sounds, clips of {clip / sr:.3f} s at {sr} Hz, {torch.get_num_threads()} thread(s) on "
              f"{device}.")

    t_start = time.perf_counter()
    last = {"stft": float("nan"), "kl": float("nan"), "total": float("nan")}
    last_eval = float("nan")
    stopped = "steps"
    budget = cfg.minutes * 60.0 if cfg.minutes and cfg.minutes > 0 else None
    sizes = tuple(cfg.stft_sizes)

    def elapsed() -> float:
        return seconds_before + (time.perf_counter() - t_start)

    while step < cfg.steps:
        t_pause = time.perf_counter()
        while paused() and not should_stop() and not stop_and_save():
            time.sleep(0.1)
        t_start += time.perf_counter() - t_pause
        lr = lr_at(step, cfg, elapsed() / budget if budget else 0.0)
        for g in opt.param_groups:
            g["lr"] = lr
        beta = beta_at(step, cfg)
        idx = torch.randint(len(sounds), (cfg.batch_size,), generator=batch_gen).tolist()
        x = make_batch(sounds, idx, clip, batch_gen).to(device)
        y, mu, logvar, ctrl = model(x)
        spec = stft_loss(y, x, sizes)
        kl = kl_divergence(mu, logvar)
        pitch = f0_loss(ctrl["log2_f0"], f0_train[idx].to(device))
        loss = spec + beta * kl + cfg.f0_weight * pitch
        if cfg.l1_weight:
            loss = loss + cfg.l1_weight * (y - x).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip and cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        last = {"stft": spec.item(), "kl": kl.item(), "f0": pitch.item(), "total": loss.item()}
        if not math.isfinite(last["total"]):
            raise TrainingError(f"The training loss became {last['total']} at step {step}: lower the learning "
                                "rate.")
        if step % cfg.log_every == 0 or step == cfg.steps:
            for name, value in (("stft", last["stft"]), ("kl", last["kl"]), ("f0", last["f0"]),
                                ("train_loss", last["total"]), ("beta", beta), ("lr", lr)):
                yield Metric(name, step, value)
            yield Progress(step, cfg.steps, f"step {step}/{cfg.steps}, STFT loss {last['stft']:.3f}, "
                                            f"KL {last['kl']:.1f}")
        if cfg.eval_every and step % cfg.eval_every == 0 and step < cfg.steps:
            ev = evaluate(model, eval_sounds, clip, cfg.eval_count or None, device=device, sizes=sizes,
                          f0_targets=f0_eval)
            last_eval = ev["lsd_db"]
            yield Metric("eval_lsd_db", step, ev["lsd_db"])
            yield Metric("eval_stft", step, ev["stft"])
            yield Metric("eval_f0_cents", step, ev["f0_cents"])
        if cfg.sample_every and step % cfg.sample_every == 0:
            try:
                yield Sample(step, f"{sr} Hz: reconstruction of {eval_sounds[0][0]}, then a random sound",
                             data=_preview(model, eval_sounds[0][1], clip, cfg.seed + step))
            except Exception as e:   # a sample is a nicety: never lose a training run to it
                yield Log(f"Could not make a sample at step {step} ({type(e).__name__}: {e}).", "warning")
        want_stop, want_save = should_stop(), stop_and_save()
        over_budget = budget is not None and elapsed() >= budget
        if (cfg.checkpoint_every and step % cfg.checkpoint_every == 0) or want_stop or want_save or over_budget:
            save_checkpoint(run_dir, model, opt, batch_gen, step, elapsed(), {"last_eval": last_eval})
        if want_stop:
            yield Log(f"Stopped at step {step}; the checkpoint in {run_dir} resumes it.")
            return {"stopped": "cancelled", "step": step, "run_dir": str(run_dir), "out": None, "sample_rate": sr,
                    "train_loss": last["total"], "eval_lsd_db": last_eval}
        if want_save:
            stopped = "stop-and-save"
            break
        if over_budget:
            stopped = "time budget"
            yield Log(f"The time budget of {cfg.minutes:g} minutes is spent at step {step}.")
            break

    if step >= cfg.steps:
        save_checkpoint(run_dir, model, opt, batch_gen, step, elapsed(), {"last_eval": last_eval})
    seconds = elapsed()
    model.eval()
    if cfg.save_dtype in ("float16", "bfloat16"):   # measure the model as it is saved
        with torch.no_grad():
            for t in list(model.parameters()):
                t.copy_(t.to(getattr(torch, cfg.save_dtype)).float())
    yield Log("Fitting the latent distribution (principal directions) over the training sounds...")
    pca = fit_latent_pca(model, sounds, clip, device=device)
    ev = evaluate(model, eval_sounds, clip, None, device=device, sizes=sizes, f0_targets=f0_eval)
    yield Metric("eval_lsd_db", step, ev["lsd_db"])
    yield Metric("eval_stft", step, ev["stft"])
    metrics = {"train_stft_loss": round(last["stft"], 4), "train_kl": round(last["kl"], 3),
               "heldout_lsd_db": round(ev["lsd_db"], 3), "heldout_stft_loss": round(ev["stft"], 4),
               "heldout_f0_median_error_cents": round(ev["f0_cents"], 1),
               "heldout_f0_within_50_cents": round(ev["f0_within_50_cents"], 3),
               "heldout_sounds": len(eval_sounds), "latent_explained_variance": pca["explained_variance"]}
    card = dict(base_card)
    for k in ("format", "parameters", "size_bytes", "weights_dtype"):
        card.pop(k, None)
    card.update({
        "id": cfg.card.get("id") or card.get("id") or out.name,
        "name": cfg.card.get("name") or card.get("name") or out.name,
        "kind": "audio", "architecture": "audio_vae", "config": mcfg.to_dict(), "sample_rate": sr,
        "description": cfg.card.get("description") or card.get("description", ""),
        "data": {**cfg.card.get("data", {})} or {"source": str(cfg.data), "licence": "", "prep": ""},
        "recipe": {k: v for k, v in cfg.to_dict().items() if k != "card"},
        "metrics": metrics,
        "training": {"hardware": hardware_description(cfg.device), "seconds": round(seconds, 1), "steps": step,
                     "stopped": stopped, "torch": torch.__version__, "threads": torch.get_num_threads(),
                     "train_sounds": len(sounds), "sounds_seen": step * cfg.batch_size},
    })
    for k in ("rebuild", "recipe_file"):
        if k in cfg.card:
            card[k] = cfg.card[k]
    if cfg.from_model:
        card["fine_tuned_from"] = base_card.get("id", str(cfg.from_model))
    save_model_folder(out, model, card, dtype=cfg.save_dtype or None, readme=render_readme(card))
    yield Log(f"Saved the model to {out} ({stopped} at step {step}, held-out log-spectral distance "
              f"{ev['lsd_db']:.2f} dB).")
    return {"stopped": stopped, "step": step, "run_dir": str(run_dir), "out": str(out), "sample_rate": sr,
            "seconds": seconds,
            "train_loss": last["total"], "eval_lsd_db": ev["lsd_db"], "metrics": metrics}


# ------------------------------------------------------------------ model card

def render_readme(card: dict, extra: str = "") -> str:
    """A human-readable model card (README.md); ``extra``: more Markdown (measured figures) before Limitations."""
    cfg = card.get("config", {})
    tr = card.get("training", {})
    data = card.get("data", {})
    rec = card.get("recipe", {})
    hop = math.prod(cfg.get("strides", [1]))
    sr = cfg.get("sample_rate", 0)
    lines = [f"# {card.get('name', card.get('id', 'model'))}", "", card.get("description", ""), "",
             "| | |", "|---|---|", f"| id | `{card.get('id', '')}` |",
             "| architecture | VAE: waveform encoder after RAVE (Caillon & Esling 2021), strides "
             f"{cfg.get('strides')} (hop {hop} samples), one {cfg.get('latent_dim')}-number latent per sound; "
             f"harmonic-plus-noise decoder after DDSP (Engel et al. 2020): {cfg.get('harmonics')} harmonics, "
             f"{cfg.get('noise_bands')} noise bands" + (", plus a convolutional waveform branch"
                                                        if cfg.get("wave_branch") else "") + " |",
             f"| sound | mono, {sr} Hz, {cfg.get('clip_samples', 0) / max(1, sr):.3f} s per sound |"]
    if card.get("parameters"):
        lines.append(f"| parameters | {card['parameters']:,} ({card['parameters'] / 1e6:.2f} M) |")
    if card.get("size_bytes"):
        lines.append(f"| weights | {card['size_bytes'] / 1e6:.2f} MB safetensors ({card.get('weights_dtype', '')}) |")
    if card.get("fine_tuned_from"):
        lines.append(f"| fine-tuned from | `{card['fine_tuned_from']}` |")
    lines += ["", "## How it differs from RAVE", "",
              "- One latent vector per sound instead of a latent sequence; the decoder unrolls it over time from a "
              "clock input (decaying exponentials of the time since the onset). Sliders, variations and morphs act "
              "on that vector.",
              "- The decoder drives an oscillator bank and band-limited noise (DDSP) instead of RAVE's convolutional "
              "upsampler: with one latent and a smooth clock the upsampler repeated itself every frame, so every "
              "sound buzzed at the frame rate. The pitch of the training sounds (a YIN estimate) supervises the "
              "oscillator's pitch.",
              "- Sampling draws from a Gaussian fitted to the training sounds' latents (mean and principal "
              "directions stored in the weights) instead of a trained autoregressive prior; temperature scales it.",
              "- Single band (no PQMF), no adversarial fine-tuning.",
              "", "## Data", "", f"- Source: {data.get('source', '')}", f"- Licence: {data.get('licence', '')}",
              f"- Preparation: {data.get('prep', '')}", "", "## Training", "",
              "- Trained by AIGC Studio's own trainer (`aigc_studio/core/training/audio.py`)"
              + (f" from the recipe `{card['recipe_file']}`" if card.get("recipe_file") else "") + ".",
              f"- Steps: {tr.get('steps', '')} ({tr.get('stopped', '')}), batch {rec.get('batch_size')}, "
              f"sounds seen: {tr.get('sounds_seen', 0):,} (training set: {tr.get('train_sounds', 0):,} sounds)",
              f"- Time: {_fmt_seconds(float(tr.get('seconds', 0)))}",
              f"- Hardware: {tr.get('hardware', '')}; torch {tr.get('torch', '')}",
              f"- Loss: multi-resolution STFT (FFT sizes {rec.get('stft_sizes')}) + {rec.get('f0_weight')} x pitch "
              f"error (octaves) + beta x KL, beta 0 -> "
              f"{rec.get('beta')} from step {rec.get('beta_start')} over {rec.get('beta_warmup')} steps; Adam (lr "
              f"{rec.get('lr')} -> {rec.get('min_lr')}, warmup {rec.get('warmup_steps')}, cosine), clipping "
              f"{rec.get('grad_clip')}"]
    if card.get("rebuild"):
        lines += ["", "Rebuild:", "", "```sh", *card["rebuild"], "```"]
    lines += ["", "## Metrics", "",
              "heldout_lsd_db: log-spectral distance (dB) between held-out sounds and their reconstructions from "
              f"the posterior mean, averaged over FFT sizes {list(LSD_SIZES)} (power floor -70 dB); lower is better. "
              "heldout_f0_*: the decoder's pitch against a YIN estimate of the held-out sound (pitched ones).",
              ""]
    for k, v in card.get("metrics", {}).items():
        lines.append(f"- {k}: {v}")
    if extra:
        lines += ["", extra.strip()]
    lines += ["", "## Limitations", "",
              "A few-MB model trained for about an hour on a CPU. Sounds are blurrier than the notes it learned "
              "from (attacks smeared over a 16 ms frame, harmonic sounds a little too clean or too noisy), and it "
              "knows nothing "
              f"beyond one-shot notes and drum hits of one General MIDI SoundFont. Sounds longer than "
              f"{cfg.get('clip_samples', 0) / max(1, sr):.2f} s fade to silence.", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ command line (scripts/train/train_shipped_audio.sh)

def print_event(ev, stream=None) -> None:
    from aigc_studio.core.training import text
    text.print_event(ev, stream, metrics=("train_loss", "stft", "kl", "f0", "eval_lsd_db", "eval_f0_cents"))


def main(argv=None) -> int:
    """``python -m aigc_studio.core.training.audio --recipe recipes/X.json [--out DIR] [--steps N] ...``"""
    import argparse
    ap = argparse.ArgumentParser(description="Train an audio model from a recipe (JSON) or options.")
    ap.add_argument("--recipe", type=Path)
    ap.add_argument("--data")
    ap.add_argument("--eval-data")
    ap.add_argument("--out")
    ap.add_argument("--run-dir")
    ap.add_argument("--from", dest="from_model")
    ap.add_argument("--steps", type=int)
    ap.add_argument("--minutes", type=float)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--no-resume", action="store_true")
    a = ap.parse_args(argv)
    over = {"data": a.data, "eval_data": a.eval_data, "out": a.out, "run_dir": a.run_dir,
            "from_model": a.from_model, "steps": a.steps, "minutes": a.minutes, "threads": a.threads,
            "resume": False if a.no_resume else None}
    if a.recipe:
        cfg = load_recipe(a.recipe, **over)
    else:
        cfg = AudioTrainConfig.from_dict({k: v for k, v in over.items() if v is not None})
    gen = train_audio(cfg)
    while True:
        try:
            print_event(next(gen))
        except StopIteration as e:
            print(json.dumps(e.value, ensure_ascii=False, default=str))
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
