"""The image trainers: ``train_image(cfg)`` trains a GAN (``cfg.model_type == "gan"``) or a VAE (``"vae"``) on a
folder of images. Qt-free generators of events, driven the same way by the engine, the CLI and the scripts that
build the shipped models.

- Data: every readable image in a folder (recursively, sorted), fitted into a transparent square and resampled
  to the model's size as premultiplied RGBA in [-1, 1] (core/assets/images.py, the same path a dropped image
  takes). Unreadable files are skipped with a warning naming them. ``eval_data`` (a folder) is held out; without
  it one image in 20 is.
- GAN: hinge loss, spectral-normalised discriminator, differentiable augmentation (translation + cutout) of the
  discriminator's inputs, Adam (beta1 0, beta2 0.99), an exponential moving average of the generator's weights
  (the generator that is saved). At the end the EMA generator's batch-norm statistics are recomputed, ``w_avg`` and
  the principal directions of ``w`` are fitted (sliders), and the model folder keeps G and D.
- VAE: L1 + beta x KL with beta annealed linearly from 0 over ``kl_warmup`` steps, Adam; the eval metric is the
  held-out reconstruction error (mean absolute error per channel value, on a 0-255 scale) and PSNR; PCA of the
  training latents gives the sliders.
- Events: ``Metric`` (GAN: d_loss, g_loss, d_real, d_fake; VAE: loss, recon, kl, beta, eval_recon_mae; both:
  images_per_s), ``Sample`` (``data`` = a uint8 RGBA grid of fixed-noise samples or reconstructions),
  ``Progress``, ``Log``. Returns a dict like the text trainer's.
- Resumable: ``run_dir/checkpoint`` holds the weights, the optimizers' moments and the RNG states as
  safetensors plus ``state.json``; nothing is pickled. The same run folder, data and options continue bit for bit.
"""
from __future__ import annotations

import copy
import json
import math
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generator

from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.base.options import Options
from aigc_studio.core.training.text import (TrainingError, _fmt_seconds, _optim_from_tensors, _optim_to_tensors,
                                            begin_training, files_problems, hardware_description,
                                            run_problems)

CKPT_DIR = "checkpoint"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")


@dataclass
class ImageTrainConfig(Options):
    WHAT = "training options"

    data: str                                  # a folder of images
    out: str                                   # the model folder written at the end
    model_type: str = "gan"                    # "gan" | "vae"
    run_dir: str = ""                          # checkpoints; default: <out>.run
    eval_data: str = ""                        # held-out images; default: one in 20 of data
    from_model: str = ""                       # fine-tune this model folder (its architecture is reused)
    model: dict = field(default_factory=dict)  # GANConfig / ImageVAEConfig options
    steps: int = 5000
    minutes: float = 0.0
    batch_size: int = 32
    lr: float = 2e-4                           # VAE; GAN generator
    lr_d: float = 2e-4                         # GAN discriminator
    beta1: float = 0.0
    beta2: float = 0.99
    ema_decay: float = 0.999
    augment: bool = True                       # GAN: DiffAugment on D's inputs
    hflip: bool = False                        # mirror training images at random
    beta_max: float = 1.0                      # VAE: KL weight after warm-up
    kl_warmup: int = 2000
    eval_every: int = 500
    sample_every: int = 500
    checkpoint_every: int = 500
    log_every: int = 20
    seed: int = 1234
    threads: int = 0
    device: str = "cpu"
    resume: bool = True
    save_dtype: str = "float16"
    card: dict = field(default_factory=dict)

    def _problems(self) -> list[str]:
        p = [] if self.model_type in ("gan", "vae") else ["The model type must be gan or vae."]
        p += files_problems(self, "training images", "Choose the training images: a folder of image files.",
                            "are not a folder", folder_only=True)
        if not (isinstance(self.steps, int) and self.steps >= 1):
            p.append("Steps must be at least 1.")
        if not (isinstance(self.batch_size, int) and 1 <= self.batch_size <= 1024):
            p.append("The batch size must be between 1 and 1024.")
        if not (0 < self.lr <= 1 and 0 < self.lr_d <= 1):
            p.append("Learning rates must be between 0 and 1.")
        if self.minutes < 0:
            p.append("The time budget cannot be negative.")
        if not self.from_model:
            p += _model_option_problems(self.model)
        if not isinstance(self.log_every, int) or self.log_every < 1 or min(
                self.eval_every, self.sample_every, self.checkpoint_every, self.kl_warmup) < 0:
            p.append("The evaluation, sample, checkpoint and log intervals must not be negative (log every 1 or "
                     "more steps).")
        if not (0.0 <= self.ema_decay < 1.0 and 0.0 <= self.beta1 < 1.0 and 0.0 < self.beta2 < 1.0
                and self.beta_max >= 0):
            p.append("The optimiser settings are out of range.")
        return p + run_problems(self)


def _model_option_problems(model: Any) -> list[str]:
    """The common mistakes in the model options, checked without torch (the model's own ``from_dict`` checks the
    rest when training starts)."""
    if not isinstance(model, dict):
        return ["The model options must be a JSON object (image_size, channels, ...)."]
    p = []
    size = model.get("image_size", 64)
    if not (isinstance(size, int) and 16 <= size <= 256 and size & (size - 1) == 0):
        p.append("The image size must be a power of two between 16 and 256.")
    if model.get("channels", 4) not in (3, 4):
        p.append("The channels must be 3 (RGB) or 4 (RGBA).")
    return p


# ------------------------------------------------------------------ data

def image_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
                  and not p.name.startswith("."))


def load_image_tensor(folder: Path, size: int, channels: int):
    """(N, channels, size, size) float tensor in [-1, 1] and the names of skipped files."""
    import numpy as np
    import torch

    from aigc_studio.core.assets.images import load_image, to_model_array
    from aigc_studio.core.base.errors import UserError

    arrays, skipped = [], []
    for path in image_files(folder):
        try:
            arr = to_model_array(load_image(path), size)
        except UserError as e:
            skipped.append(f"{path.name} ({e})")
            continue
        if channels == 3:   # RGB models see the image composited on white: c*a + (1 - a) in [0, 1], which in
            arr = arr[:3] + (1 - arr[3:4])    # [-1, 1] is premultiplied RGB + (1 - alpha)
        arrays.append(arr)
    if not arrays:
        return None, skipped
    return torch.from_numpy(np.stack(arrays)), skipped


def image_grid(images, columns: int = 8):
    """uint8 (N, H, W, C) -> one uint8 (rows*H, columns*W, C) grid."""
    import numpy as np
    n, h, w, c = images.shape
    columns = min(columns, n)
    rows = math.ceil(n / columns)
    grid = np.zeros((rows * h, columns * w, c), dtype=np.uint8)
    for i in range(n):
        r, q = divmod(i, columns)
        grid[r * h:(r + 1) * h, q * w:(q + 1) * w] = images[i]
    return grid


def to_uint8(x) -> Any:
    """Model output (N, C, H, W) in [-1, 1] -> uint8 (N, H, W, 4) straight RGBA."""
    from aigc_studio.core.assets.images import from_model_array
    arr = x.detach().float().cpu().numpy()
    if arr.shape[1] == 3:
        import numpy as np
        arr = np.concatenate([arr, np.ones_like(arr[:, :1])], 1)
    return from_model_array(arr)


# ------------------------------------------------------------------ checkpoints

def save_run_checkpoint(run_dir: Path, modules: dict, optims: dict, rng: dict, state: dict) -> Path:
    """``run_dir/checkpoint``: one safetensors per module and optimizer, RNG states, ``state.json``; atomic."""
    from safetensors.torch import save_file

    from aigc_studio.core.models.checkpoint import state_dict_for_saving

    run_dir = Path(run_dir)
    final = run_dir / CKPT_DIR
    tmp = run_dir / f".{CKPT_DIR}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    meta = {}
    for name, m in modules.items():
        save_file(state_dict_for_saving(m), str(tmp / f"{name}.safetensors"))
    for name, opt in optims.items():
        tensors, meta[name] = _optim_to_tensors(opt)
        save_file(tensors, str(tmp / f"opt-{name}.safetensors"))
    save_file(rng, str(tmp / "rng.safetensors"))
    with open(tmp / "state.json", "w", encoding="utf-8") as f:
        f.write(json.dumps({**state, "optimizers": meta}, indent=1))
        f.flush()
        os.fsync(f.fileno())
    from aigc_studio.core.base.atomic import replace_folder
    return replace_folder(tmp, final)


def load_run_checkpoint(run_dir: Path, modules: dict, optims: dict) -> tuple[dict, dict]:
    """Restore modules and optimizers; returns (state.json, rng tensors)."""
    from safetensors.torch import load_file

    from aigc_studio.core.models.checkpoint import load_weights_into

    ck = Path(run_dir) / CKPT_DIR
    state = json.loads((ck / "state.json").read_text(encoding="utf-8"))
    for name, m in modules.items():
        load_weights_into(m, load_file(str(ck / f"{name}.safetensors")), "the checkpoint")
    for name, opt in optims.items():
        _optim_from_tensors(opt, load_file(str(ck / f"opt-{name}.safetensors")), state["optimizers"][name])
    return state, load_file(str(ck / "rng.safetensors"))


def _same_run(run_dir: Path, cfg: ImageTrainConfig) -> bool:
    try:
        old = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["train"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    keys = ("data", "model_type", "model", "from_model", "batch_size", "seed", "channels")
    return all(old.get(k) == cfg.to_dict().get(k) for k in keys)


# ------------------------------------------------------------------ training

def train_image(cfg: ImageTrainConfig, should_stop: Callable[[], bool] | None = None,
                stop_and_save: Callable[[], bool] | None = None,
                paused: Callable[[], bool] | None = None) -> Generator[Any, None, dict]:
    import torch

    from aigc_studio.core.models.checkpoint import load_model_folder, save_model_folder
    from aigc_studio.core.models.gan import GAN, GANConfig
    from aigc_studio.core.models.image_vae import ImageVAE, ImageVAEConfig

    should_stop, stop_and_save, paused, device, out, run_dir = begin_training(cfg, should_stop, stop_and_save,
                                                                              paused)
    is_gan = cfg.model_type == "gan"

    # model
    base_card: dict = {}
    if cfg.from_model:
        folder = Path(cfg.from_model)
        if not folder.is_dir():
            from aigc_studio.core.models import registry   # an installed model id
            folder = Path(registry.resolve(cfg.from_model).path)
        model, _, base_card = load_model_folder(folder)
        want = "gan" if is_gan else "image_vae"
        if base_card["architecture"] != want:
            raise TrainingError(f"{cfg.from_model} is not a {cfg.model_type.upper()}: fine-tune a model of the "
                                "same kind.")
        mcfg = model.config
    else:
        torch.manual_seed(cfg.seed)
        try:
            mcfg = (GANConfig if is_gan else ImageVAEConfig).from_dict(dict(cfg.model))
        except (TypeError, ValueError) as e:
            raise TrainingError(f"The {cfg.model_type.upper()} model options are invalid ({e}).") from None
        model = GAN(mcfg) if is_gan else ImageVAE(mcfg)

    # data
    data, skipped = load_image_tensor(Path(cfg.data), mcfg.image_size, mcfg.channels)
    for name in skipped[:20]:
        yield Log(f"Skipped {name}.", "warning")
    if len(skipped) > 20:
        yield Log(f"Skipped {len(skipped) - 20} more unreadable files.", "warning")
    if data is None or len(data) < 2:
        raise TrainingError(f"{cfg.data} needs at least 2 readable images to train on.")
    if cfg.eval_data:
        eval_x, _ = load_image_tensor(Path(cfg.eval_data), mcfg.image_size, mcfg.channels)
        if eval_x is None:
            raise TrainingError(f"No readable images in the held-out folder {cfg.eval_data}.")
    else:
        idx = torch.arange(len(data))
        held = idx % 20 == 19 if len(data) >= 20 else idx == len(data) - 1
        eval_x, data = data[held], data[~held]

    run_dir.mkdir(parents=True, exist_ok=True)
    resuming = cfg.resume and (run_dir / CKPT_DIR / "state.json").is_file()
    if resuming and not _same_run(run_dir, cfg):
        yield Log(f"The checkpoint in {run_dir} is of other data or options: starting a new run.", "warning")
        resuming = False
    if not resuming:
        shutil.rmtree(run_dir / CKPT_DIR, ignore_errors=True)
        (run_dir / "run.json").write_text(json.dumps({"train": cfg.to_dict(), "config": mcfg.to_dict()}, indent=1),
                                          encoding="utf-8")

    model.to(device).train()
    betas = (cfg.beta1, cfg.beta2)
    if is_gan:
        ema = copy.deepcopy(model.G).eval()
        opts = {"G": torch.optim.Adam(model.G.parameters(), cfg.lr, betas=betas),
                "D": torch.optim.Adam(model.D.parameters(), cfg.lr_d, betas=betas)}
        modules = {"G": model.G, "D": model.D, "G_ema": ema}
    else:
        ema = None
        opts = {"vae": torch.optim.Adam(model.parameters(), cfg.lr, betas=(0.9, cfg.beta2))}
        modules = {"vae": model}
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    fixed = torch.Generator().manual_seed(cfg.seed + 2)
    fixed_z = torch.randn(32, getattr(mcfg, "z_dim", getattr(mcfg, "latent_dim", 64)), generator=fixed)
    step, seconds_before = 0, 0.0
    last: dict[str, float] = {}
    if resuming:
        st, rng = load_run_checkpoint(run_dir, modules, opts)
        step, seconds_before = int(st["step"]), float(st["seconds"])
        last = dict(st.get("last") or {})      # the losses of the last step (for the card when already done)
        torch.set_rng_state(rng["torch"])
        gen.set_state(rng["batches"])
        # the recipe's learning rates and betas win over the checkpoint's: a run can go on with other rates
        for name, opt in opts.items():
            for group in opt.param_groups:
                group["lr"] = cfg.lr_d if name == "D" else cfg.lr
                group["betas"] = (cfg.beta1, cfg.beta2) if is_gan else (0.9, cfg.beta2)
        yield Log(f"Resumed from the checkpoint at step {step}.")
    yield Log(f"{cfg.model_type.upper()}: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters, "
              f"{len(data):,} training and {len(eval_x):,} held-out images, {torch.get_num_threads()} thread(s) "
              f"on {device}.")

    budget = cfg.minutes * 60.0 if cfg.minutes and cfg.minutes > 0 else None
    t_start = time.perf_counter()
    t_log, n_log = t_start, 0
    stopped = "steps"

    def elapsed() -> float:
        return seconds_before + (time.perf_counter() - t_start)

    def checkpoint() -> None:
        save_run_checkpoint(run_dir, modules, opts, {"torch": torch.get_rng_state(), "batches": gen.get_state()},
                            {"step": step, "seconds": elapsed(), "last": last})

    def batch():
        ix = torch.randint(len(data), (cfg.batch_size,), generator=gen)
        x = data[ix]
        if cfg.hflip:
            flip = torch.rand(len(x), generator=gen) < 0.5
            x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
        return x.to(device)

    def samples_grid():
        if is_gan:
            return image_grid(to_uint8(ema(fixed_z[:32].to(device))))
        with torch.no_grad():
            model.eval()
            recon = model.decode(model.encode(eval_x[:16].to(device))[0])
            model.train()
        pairs = torch.stack([eval_x[:16].to(device), recon], 1).flatten(0, 1)
        return image_grid(to_uint8(pairs))

    while step < cfg.steps:
        t_pause = time.perf_counter()
        while paused() and not should_stop() and not stop_and_save():
            time.sleep(0.1)
        held = time.perf_counter() - t_pause
        t_start += held
        t_log += held
        if is_gan:
            from aigc_studio.core.models.gan import d_hinge_loss, diff_augment, ema_update, g_hinge_loss
            aug = (lambda t: diff_augment(t, gen)) if cfg.augment else (lambda t: t)
            real = batch()
            z = torch.randn(len(real), mcfg.z_dim, generator=gen).to(device)
            with torch.no_grad():
                fake = model.G(z)
            d_real, d_fake = model.D(aug(real)), model.D(aug(fake))
            d_loss = d_hinge_loss(d_real, d_fake)
            opts["D"].zero_grad(set_to_none=True)
            d_loss.backward()
            opts["D"].step()
            z = torch.randn(len(real), mcfg.z_dim, generator=gen).to(device)
            g_loss = g_hinge_loss(model.D(aug(model.G(z))))
            opts["G"].zero_grad(set_to_none=True)
            g_loss.backward()
            opts["G"].step()
            ema_update(ema, model.G, cfg.ema_decay if step > 100 else 0.0)
            last = {"d_loss": d_loss.item(), "g_loss": g_loss.item(), "d_real": d_real.detach().mean().item(),
                    "d_fake": d_fake.detach().mean().item()}
        else:
            from aigc_studio.core.models.image_vae import vae_loss
            beta = cfg.beta_max * min(1.0, step / max(1, cfg.kl_warmup))
            x = batch()
            recon, mu, logvar = model(x, gen)
            loss, rec, kl = vae_loss(x, recon, mu, logvar, beta)
            opts["vae"].zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 100.0)
            opts["vae"].step()
            last = {"loss": loss.item(), "recon": rec.item(), "kl": kl.item(), "beta": beta}
        step += 1
        n_log += cfg.batch_size
        if not all(math.isfinite(v) for v in last.values()):
            raise TrainingError(f"Training diverged at step {step} (a loss became {last}): lower the learning "
                                "rate.")
        if step % cfg.log_every == 0 or step == cfg.steps:
            now = time.perf_counter()
            for k, v in last.items():
                yield Metric(k, step, v)
            yield Metric("images_per_s", step, n_log / max(1e-9, now - t_log))
            main = last.get("d_loss", last.get("loss"))
            yield Progress(step, cfg.steps, f"step {step}/{cfg.steps}, loss {main:.3f}")
            t_log, n_log = now, 0
        if not is_gan and cfg.eval_every and step % cfg.eval_every == 0:
            yield Metric("eval_recon_mae", step, _vae_eval(model, eval_x, device)["recon_mae_255"])
        if cfg.sample_every and step % cfg.sample_every == 0:
            yield Sample(step, data=samples_grid())
        want_stop, want_save = should_stop(), stop_and_save()
        over_budget = budget is not None and elapsed() >= budget
        if (cfg.checkpoint_every and step % cfg.checkpoint_every == 0) or want_stop or want_save or over_budget:
            checkpoint()
        if want_stop:
            yield Log(f"Stopped at step {step}; the checkpoint in {run_dir} resumes it.")
            return {"stopped": "cancelled", "step": step, "run_dir": str(run_dir), "out": None, **last}
        if want_save:
            stopped = "stop-and-save"
            break
        if over_budget:
            stopped = "time budget"
            yield Log(f"The time budget of {cfg.minutes:g} minutes is spent at step {step}.")
            break
    if step >= cfg.steps:
        checkpoint()
    seconds = elapsed()

    # finish: the model that is saved
    yield Log("Finishing: fitting the slider directions and measuring the held-out images…")
    if is_gan:
        from aigc_studio.core.models.gan import fit_pca, recalibrate_batchnorm
        final = GAN(mcfg).to(device)
        final.G.load_state_dict(ema.state_dict())
        final.D.load_state_dict(model.D.state_dict())
        recalibrate_batchnorm(final.G, seed=cfg.seed)
        fit_pca(final.G, seed=cfg.seed)
        final.eval()
        with torch.no_grad():
            metrics = {"d_real_heldout": round(float(final.D(eval_x.to(device)).mean()), 4),
                       "d_fake_samples": round(float(final.D(final.G(fixed_z.to(device))).mean()), 4),
                       **{k: round(v, 4) for k, v in last.items()}}
    else:
        from aigc_studio.core.models.image_vae import fit_pca
        final = model.eval()
        with torch.no_grad():
            mus = torch.cat([final.encode(data[i:i + 256].to(device))[0] for i in range(0, len(data), 256)])
        fit_pca(final, mus)
        metrics = {**_vae_eval(final, eval_x, device), **{k: round(v, 4) for k, v in last.items()}}
    yield Sample(step, data=image_grid(to_uint8(final.sample(fixed_z.to(device)))))
    card = dict(base_card)
    for k in ("format", "parameters", "size_bytes", "weights_dtype"):
        card.pop(k, None)
    card.update({
        "id": cfg.card.get("id") or card.get("id") or out.name,
        "name": cfg.card.get("name") or card.get("name") or out.name,
        "kind": "image", "architecture": "gan" if is_gan else "image_vae", "config": mcfg.to_dict(),
        "description": cfg.card.get("description") or card.get("description", ""),
        "image_size": mcfg.image_size, "channels": mcfg.channels, "pca_components": mcfg.pca_components,
        "data": {**cfg.card.get("data", {})} or {"source": str(cfg.data), "licence": "", "prep": ""},
        "recipe": {k: v for k, v in cfg.to_dict().items() if k != "card"},
        "metrics": metrics,
        "training": {"hardware": hardware_description(cfg.device), "seconds": round(seconds, 1), "steps": step,
                     "images_seen": step * cfg.batch_size, "train_images": len(data), "stopped": stopped,
                     "torch": torch.__version__, "threads": torch.get_num_threads()},
    })
    for k in ("rebuild", "recipe_file", "usage"):
        if k in cfg.card:
            card[k] = cfg.card[k]
    if cfg.from_model:
        card["fine_tuned_from"] = base_card.get("id", str(cfg.from_model))
    save_model_folder(out, final, card, dtype=cfg.save_dtype or None, readme=render_readme(card))
    yield Log(f"Saved the model to {out} ({stopped} at step {step}, {_fmt_seconds(seconds)}).")
    return {"stopped": stopped, "step": step, "run_dir": str(run_dir), "out": str(out), "seconds": seconds,
            "metrics": metrics}


def _vae_eval(model, eval_x, device) -> dict:
    """Held-out reconstruction of the latent means: mean absolute error (0-255 scale) and PSNR, premultiplied."""
    import torch
    was = model.training
    model.eval()
    with torch.no_grad():
        errs, sq = [], []
        for i in range(0, len(eval_x), 128):
            x = eval_x[i:i + 128].to(device)
            r = model.decode(model.encode(x)[0])
            errs.append((r - x).abs().flatten(1).mean(1) * 127.5)
            sq.append(((r - x) * 127.5).pow(2).flatten(1).mean(1))
    model.train(was)
    mae = float(torch.cat(errs).mean())
    mse = float(torch.cat(sq).mean())
    return {"recon_mae_255": round(mae, 3), "recon_psnr_db": round(10 * math.log10(255 ** 2 / max(mse, 1e-9)), 2)}


def render_readme(card: dict) -> str:
    cfg, tr, data, rec = card.get("config", {}), card.get("training", {}), card.get("data", {}), card.get("recipe", {})
    arch = card.get("architecture")
    size = card.get("size_bytes")
    if arch == "gan":
        desc = (f"DCGAN-family GAN: a {cfg.get('mapping_layers')}-layer mapping network (z {cfg.get('z_dim')} -> "
                f"w {cfg.get('w_dim')}), transposed-convolution generator with self-modulated batch norm (scale and "
                f"shift from w), spectral-normalised discriminator with a minibatch-std feature, hinge loss, EMA "
                f"generator; {cfg.get('image_size')}x{cfg.get('image_size')} "
                f"{'RGBA' if cfg.get('channels') == 4 else 'RGB'}")
        optim = (f"Adam (G lr {rec.get('lr')}, D lr {rec.get('lr_d')}, betas ({rec.get('beta1')}, "
                 f"{rec.get('beta2')})), batch {rec.get('batch_size')}, EMA decay {rec.get('ema_decay')}, "
                 f"DiffAugment {'on' if rec.get('augment') else 'off'}")
    else:
        desc = (f"Convolutional VAE, latent {cfg.get('latent_dim')}, {cfg.get('image_size')}x"
                f"{cfg.get('image_size')} {'RGBA' if cfg.get('channels') == 4 else 'RGB'}")
        optim = (f"Adam (lr {rec.get('lr')}), batch {rec.get('batch_size')}, L1 + beta x KL, beta 0 -> "
                 f"{rec.get('beta_max')} over {rec.get('kl_warmup')} steps")
    lines = [f"# {card.get('name', card.get('id'))}", "", card.get("description", ""), "", "| | |", "|---|---|",
             f"| id | `{card.get('id')}` |", f"| architecture | {desc} |"]
    if card.get("parameters"):
        lines.append(f"| parameters | {card['parameters']:,} ({card['parameters'] / 1e6:.2f} M) |")
    if size:
        lines.append(f"| weights | {size / 1e6:.2f} MB safetensors ({card.get('weights_dtype', '')}) |")
    lines += ["", "## Data", "", f"- Source: {data.get('source', '')}", f"- Licence: {data.get('licence', '')}",
              f"- Preparation: {data.get('prep', '')}", "", "## Training", "",
              "- Trained by AIGC Studio's own trainer (`aigc_studio/core/training/image.py`)"
              + (f" from the recipe `{card['recipe_file']}`" if card.get("recipe_file") else "") + ".",
              f"- Steps: {tr.get('steps')} ({tr.get('stopped')}), images seen: {tr.get('images_seen', 0):,} "
              f"(training set: {tr.get('train_images', 0):,} images)",
              f"- Time: {_fmt_seconds(float(tr.get('seconds', 0)))}",
              f"- Hardware: {tr.get('hardware', '')}; torch {tr.get('torch', '')}",
              f"- Optimiser: {optim}"]
    if tr.get("conditions"):
        lines.append(f"- Conditions: {tr['conditions']}")
    if card.get("rebuild"):
        lines += ["", "Rebuild:", "", "```sh", *card["rebuild"], "```"]
    lines += ["", "## Metrics", ""]
    if card.get("metrics_notes"):
        lines += [card["metrics_notes"], ""]
    lines += [f"- {k}: {v}" for k, v in card.get("metrics", {}).items()]
    if card.get("limitations"):
        lines += ["", "## Limitations", "", card["limitations"], ""]
        return "\n".join(lines)
    lines += ["", "## Limitations", "",
              "A few-MB model trained for about an hour on a CPU on a few thousand emoji: it makes small icons "
              "in the style of its data, often with artefacts, and can come close to particular training "
              "images. Check results before you publish them.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    """``python -m aigc_studio.core.training.image --recipe recipes/X.json [--minutes M] [--steps N]``"""
    import argparse

    from aigc_studio.core.training.text import print_event
    ap = argparse.ArgumentParser(description="Train a GAN or VAE from a recipe (JSON).")
    ap.add_argument("--recipe", type=Path, required=True)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--minutes", type=float)
    ap.add_argument("--out")
    ap.add_argument("--run-dir")
    ap.add_argument("--threads", type=int)
    a = ap.parse_args(argv)
    d = {k: v for k, v in json.loads(a.recipe.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    for k in ("steps", "minutes", "out", "run_dir", "threads"):
        if getattr(a, k) is not None:
            d[k] = getattr(a, k)
    d.setdefault("card", {})["recipe_file"] = str(a.recipe)
    cfg = ImageTrainConfig.from_dict(d)
    gen = train_image(cfg)
    while True:
        try:
            ev = next(gen)
        except StopIteration as e:
            print(json.dumps(e.value, default=str), flush=True)
            return 0
        if isinstance(ev, Sample) and ev.data is not None:
            from PIL import Image
            Path(cfg.run_dir or cfg.out + ".run").mkdir(parents=True, exist_ok=True)
            Image.fromarray(ev.data).save(Path(cfg.run_dir or cfg.out + ".run") / f"sample-{ev.step:06d}.png")
            print(f"--- sample at step {ev.step} saved", flush=True)
        else:
            print_event(ev, metrics=("d_loss", "g_loss", "d_real", "d_fake", "loss", "recon", "kl",
                                     "eval_recon_mae"))


if __name__ == "__main__":
    raise SystemExit(main())
