"""The audio trainer: an :class:`~aigc_studio.core.models.audio_vae.AudioVAE` on the user's sounds, as a
:class:`~aigc_studio.core.training.loop.Task` of the one training loop (pause, time budget, checkpoints,
stop-and-save and cancel are the loop's).

- Data: a folder of sound files (WAV, FLAC, OGG, AIFF, MP3; searched recursively, sorted) or one file, read with
  :func:`aigc_studio.core.assets.audio_io.load_audio` (any channels and rate: downmixed and resampled to the
  model's rate). Files that cannot be read are skipped with a warning naming them. Each sound is trimmed of
  leading silence (the model learns sounds from their onset), peak-normalised to -1 dBFS and kept up to
  ``max_seconds``; a training example is a ``clip_samples`` crop: from the onset half of the time, from a random
  place otherwise (sounds no longer than a clip are zero-padded and always start at the onset). A held-out folder
  (``eval_data``) gives the held-out metrics; without one, every 10th sound of 20 or more is held out
  (core/training/split.py; ``result["heldout"]`` lists them).
- Model: a new :class:`AudioVAE` (``model`` options) or fine-tuning a model folder (``from_model``).
- Loss: multi-resolution STFT distance (spectral convergence + log-magnitude L1 at FFT sizes ``stft_sizes``),
  + ``f0_weight`` x |log2 f0 - log2 f0_target| for the sounds with a clear pitch (a YIN estimate of each training
  sound: learning the oscillator's pitch from spectra alone gets stuck), optionally + ``l1_weight`` x waveform
  L1, + beta x KL, beta rising linearly from 0 to ``beta`` between ``beta_start`` and ``beta_start +
  beta_warmup`` steps. Adam, linear warmup then cosine decay to ``min_lr`` (at ``steps`` or at the end of the
  ``minutes`` budget), gradient clipping.
- Events: ``Metric`` ("stft", "kl", "f0", "train_loss", "beta", "lr", "sounds_per_s", "eval_lsd_db", "eval_stft",
  "eval_f0_cents"), ``Sample`` (``data``: a float32 numpy array (1, n) at the model's sample rate: a held-out
  sound's reconstruction followed by 0.25 s of silence and a random sound; ``text`` starts with "<rate> Hz: ",
  see :func:`sample_rate_of`), ``Progress`` and ``Log``.
- At the end: the principal directions of the training sounds' latents go into the model's ``pca_*`` buffers
  (sampling prior and sliders) and the held-out metrics are computed for the card.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Generator

import numpy as np
import torch

from aigc_studio.core.assets.audio_features import prepare_sound
from aigc_studio.core.assets.audio_io import load_audio
from aigc_studio.core.data.augment import augment_sounds, settings_for
from aigc_studio.core.data.dataset import dataset_files
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.models.audio_vae import AudioVAE, AudioVAEConfig
from aigc_studio.core.training.audio_metrics import (LSD_SIZES, evaluate, f0_loss, fit_latent_pca, kl_divergence,
                                                     pitch_targets, sample_rate_of, stft_loss)
from aigc_studio.core.training.config import AudioTrainConfig, TrainingError
from aigc_studio.core.training.loop import Finished, Task, load_base_model, lr_at, set_lr, train
from aigc_studio.core.training.presets import size_advice
from aigc_studio.core.training.split import NOTE_TOO_FEW, heldout_record, split_items

__all__ = ["AudioTrainConfig", "AudioTask", "TrainingError", "train_audio", "sample_rate_of", "read_sounds",
           "list_audio_files", "make_batch", "beta_at"]


# ------------------------------------------------------------------ data

def list_audio_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file() or path.is_dir():        # one sound, a folder, or a dataset manifest (core/data/dataset.py)
        return dataset_files(path, "audio")
    raise TrainingError(f"The training sounds {path} are neither a file nor a folder.")


def read_sounds(files: list[Path], sample_rate: int, clip: int, max_seconds: float):
    """([(name, samples)], [(name, reason)]) of the files that could be read."""
    sounds, skipped = [], []
    for f in files:
        try:
            x = load_audio(f, sample_rate, max_seconds=max_seconds)
        except UserError as e:
            skipped.append((f.name, str(e)))
            continue
        sounds.append((f.name, prepare_sound(x, clip)))
    return sounds, skipped


def make_batch(sounds: list, idx: list[int], clip: int, gen):
    """A [B, clip] tensor: each sound cropped from its onset or (half the time, if longer) a random place."""
    out = torch.empty(len(idx), clip)
    for row, i in enumerate(idx):
        x = sounds[i][1]
        span = len(x) - clip
        coin, where = torch.rand(2, generator=gen).tolist()
        start = int(where * (span + 1)) if span > 0 and coin < 0.5 else 0
        out[row] = torch.from_numpy(x[start:start + clip])
    return out


def beta_at(step: int, cfg: AudioTrainConfig) -> float:
    if step < cfg.beta_start:
        return 0.0
    if cfg.beta_warmup <= 0:
        return cfg.beta
    return cfg.beta * min(1.0, (step - cfg.beta_start) / cfg.beta_warmup)


def _build(cfg: AudioTrainConfig, run: dict | None):
    """(model, base card) for a new model, a fine-tune or a resumed run (``run``: its run.json)."""
    if run is not None:
        return AudioVAE(AudioVAEConfig.from_dict(run["config"])), run.get("base_card", {})
    if cfg.from_model:
        model, _, card = load_base_model(cfg.from_model, "audio_vae", lambda folder: (
            f"{folder.name} is not an audio model: fine-tune an audio model."))
        model.train()
        return model, card
    try:
        return AudioVAE(AudioVAEConfig.from_dict(cfg.model)), {}
    except (TypeError, ValueError) as e:
        raise TrainingError(f"The model options are invalid ({e}).") from None


def _preview(model, sound, clip: int, seed: int):
    """A held-out sound's reconstruction, 0.25 s of silence, then a random sound: float32 numpy (1, n)."""
    was = model.training
    model.eval()
    with torch.inference_mode():
        device = next(model.parameters()).device
        x = torch.from_numpy(sound[:clip])[None].to(device)
        rec = model.decode(model.encode(x)[0], clip).float().cpu()
        z = torch.randn(1, model.config.latent_dim, generator=torch.Generator().manual_seed(seed))
        rnd = model.decode(z.to(device), clip).float().cpu()
    model.train(was)
    gap = np.zeros(model.sample_rate // 4, np.float32)
    return np.concatenate([rec[0].numpy(), gap, rnd[0].numpy()])[None].astype(np.float32)


class AudioTask(Task):
    unit = "sounds"

    def identity(self, train: dict) -> dict:
        return super().identity(train) | {"max_seconds": train.get("max_seconds")}

    def build(self, run: dict | None):
        cfg = self.cfg
        model, self.base_card = _build(cfg, run)
        self.mcfg = mcfg = model.config
        self.clip, self.sr = clip, sr = mcfg.clip_samples, mcfg.sample_rate
        files = list_audio_files(Path(cfg.data))
        eval_files = list_audio_files(Path(cfg.eval_data)) if cfg.eval_data else []
        if cfg.eval_data:
            self.heldout = heldout_record("eval_data", files=[str(f) for f in eval_files])
        else:
            files, eval_files = split_items(files)
            self.heldout = heldout_record("split", files=[str(f) for f in eval_files])
        yield Log(f"Reading {len(files)} training and {len(eval_files)} held-out sound files at {sr} Hz...")
        sounds, skipped = read_sounds(files, sr, clip, cfg.max_seconds)
        eval_sounds, eskipped = read_sounds(eval_files, sr, clip, cfg.max_seconds)
        for name, reason in skipped + eskipped:
            yield Log(f"Skipped {name}: {reason}", "warning")
        if not sounds:
            raise TrainingError(f"No sound file in {cfg.data} could be read (WAV, FLAC, OGG or AIFF).")
        if not eval_sounds:               # too few sounds to keep any out: the figures are of training sounds
            eval_sounds = sounds
            self.heldout = heldout_record("none", note=NOTE_TOO_FEW.format(count=len(sounds)))
            self.notes.append(self.heldout["note"])
        if not cfg.from_model:
            advice = size_advice(cfg.KIND, cfg.preset, len(sounds))
            if advice:
                self.notes.append(advice[0].format(**advice[1]))
        self.sounds, self.eval_sounds = sounds, eval_sounds
        self.f0_train, self.f0_eval = pitch_targets(sounds, sr, clip), pitch_targets(eval_sounds, sr, clip)
        yield Log(f"{int(torch.isfinite(self.f0_train).sum())} of the {len(sounds)} training sounds have a clear "
                  "pitch.")
        self.device = torch.device(cfg.device)
        self.model = model.to(self.device).train()
        self.opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, betas=(0.9, 0.99))
        self.batches = torch.Generator().manual_seed(cfg.seed + 1)
        self.sizes = tuple(cfg.stft_sizes)
        self.last = {"stft": float("nan"), "kl": float("nan"), "f0": float("nan"), "total": float("nan")}
        self.last_eval = float("nan")

    def run_info(self) -> dict:
        return {"config": self.mcfg.to_dict(), "base_card": self.base_card}

    def modules(self) -> dict:
        return {"model": self.model}

    def optimizers(self) -> dict:
        return {"adam": self.opt}

    def generators(self) -> dict:
        return {"batches": self.batches}

    def describe(self) -> str:
        return (f"{self.model.num_params() / 1e6:.2f} M parameters, {len(self.sounds)} training and "
                f"{len(self.eval_sounds)} held-out sounds, clips of {self.clip / self.sr:.3f} s at {self.sr} Hz, "
                f"{torch.get_num_threads()} thread(s) on {self.device}.")

    def state(self) -> dict:
        return {"last": self.last, "last_eval": self.last_eval}

    def restore(self, state: dict) -> None:
        self.last.update(state.get("last") or {})
        self.last_eval = float(state.get("last_eval", float("nan")))

    def train_step(self, step: int, time_fraction: float) -> dict[str, float]:
        cfg, model, device = self.cfg, self.model, self.device
        lr = lr_at(step, cfg, time_fraction)
        set_lr(self.opt, lr)
        beta = beta_at(step, cfg)
        idx = torch.randint(len(self.sounds), (cfg.batch_size,), generator=self.batches).tolist()
        if not hasattr(self, "augment_settings"):   # the dataset's augmentation (core/data/augment.py); off: as is
            self.augment_settings = settings_for(cfg.data, getattr(cfg, "data_augment", None))
        x, rate = augment_sounds(make_batch(self.sounds, idx, self.clip, self.batches), self.augment_settings,
                                 self.batches, return_rates=True)
        x, rate = self.dist.shard(x).to(device), self.dist.shard(rate)
        idx = self.dist.shard(idx)             # this rank's part of the global batch
        y, mu, logvar, ctrl = model(x)
        spec = stft_loss(y, x, self.sizes)
        kl = kl_divergence(mu, logvar)
        pitch = f0_loss(ctrl["log2_f0"], (self.f0_train[idx] * rate).to(device))   # a shifted pitch: its target
        loss = spec + beta * kl + cfg.f0_weight * pitch
        if cfg.l1_weight:
            loss = loss + cfg.l1_weight * (y - x).abs().mean()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.dist.average_grads(model.parameters())
        if cfg.grad_clip and cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        self.opt.step()
        self.last = {"stft": spec.item(), "kl": kl.item(), "f0": pitch.item(), "total": loss.item()}
        return {"stft": self.last["stft"], "kl": self.last["kl"], "f0": self.last["f0"],
                "train_loss": self.last["total"], "beta": beta, "lr": lr}

    def progress_text(self, metrics: dict[str, float]) -> str:
        return f"STFT loss {metrics['stft']:.3f}, KL {metrics['kl']:.1f}"

    def evaluate(self, step: int):
        if step < self.cfg.steps:                     # the end measures every held-out sound
            ev = evaluate(self.model, self.eval_sounds, self.clip, self.cfg.eval_count or None, device=self.device,
                          sizes=self.sizes, f0_targets=self.f0_eval)
            self.last_eval = ev["lsd_db"]
            yield Metric("eval_lsd_db", step, ev["lsd_db"])
            yield Metric("eval_stft", step, ev["stft"])
            yield Metric("eval_f0_cents", step, ev["f0_cents"])

    def sample(self, step: int) -> Sample:
        return Sample(step, f"{self.sr} Hz: reconstruction of {self.eval_sounds[0][0]}, then a random sound",
                      data=_preview(self.model, self.eval_sounds[0][1], self.clip, self.cfg.seed + step))

    def summary(self) -> dict:
        return {"sample_rate": self.sr, "train_loss": self.last["total"], "eval_lsd_db": self.last_eval}

    def finish(self, step: int, seconds: float, stopped: str) -> Generator[Any, None, Finished]:
        cfg, model, device = self.cfg, self.model, self.device
        model.eval()
        if cfg.save_dtype in ("float16", "bfloat16"):   # measure the model as it is saved
            with torch.no_grad():
                for t in list(model.parameters()):
                    t.copy_(t.to(getattr(torch, cfg.save_dtype)).float())
        yield Log("Fitting the latent distribution (principal directions) over the training sounds...")
        pca = fit_latent_pca(model, self.sounds, self.clip, device=device)
        ev = evaluate(model, self.eval_sounds, self.clip, None, device=device, sizes=self.sizes,
                      f0_targets=self.f0_eval)
        self.last_eval = ev["lsd_db"]
        yield Metric("eval_lsd_db", step, ev["lsd_db"])
        yield Metric("eval_stft", step, ev["stft"])
        metrics = {"train_stft_loss": round(self.last["stft"], 4), "train_kl": round(self.last["kl"], 3),
                   "heldout_lsd_db": round(ev["lsd_db"], 3), "heldout_lsd_fft_sizes": list(LSD_SIZES),
                   "heldout_stft_loss": round(ev["stft"], 4),
                   "heldout_f0_median_error_cents": round(ev["f0_cents"], 1),
                   "heldout_f0_within_50_cents": round(ev["f0_within_50_cents"], 3),
                   "heldout_sounds": len(self.eval_sounds), "latent_explained_variance": pca["explained_variance"]}
        return Finished(model, {"kind": "audio", "architecture": "audio_vae", "config": self.mcfg.to_dict(),
                                "sample_rate": self.sr, "metrics": metrics,
                                "training": {"train_sounds": len(self.sounds), "sounds_seen": step * cfg.batch_size}},
                        note=f"held-out log-spectral distance {ev['lsd_db']:.2f} dB")


def train_audio(cfg: AudioTrainConfig, should_stop: Callable[[], bool] | None = None,
                stop_and_save: Callable[[], bool] | None = None, paused: Callable[[], bool] | None = None,
                **loop) -> Generator[Any, None, dict]:
    """Train an audio model (see :func:`aigc_studio.core.training.loop.train`; ``loop``: its clock and sleep)."""
    return train(AudioTask(cfg), should_stop, stop_and_save, paused, **loop)
