"""The image trainers: a GAN (``model_type == "gan"``) or a VAE (``"vae"``) on a folder of pictures, as a
:class:`~aigc_studio.core.training.loop.Task` of the one training loop (pause, time budget, checkpoints,
stop-and-save and cancel are the loop's).

- Data: every readable image in a folder (recursively, sorted), fitted into a transparent square and resampled
  to the model's size as premultiplied RGBA in [-1, 1] (core/assets/images.py, the same path a dropped image
  takes). Unreadable files are skipped with a warning naming them. ``eval_data`` (a folder) is held out; without
  it every 10th image of 20 or more is (core/training/split.py; ``result["heldout"]`` lists the files).
- GAN: hinge loss, spectral-normalised discriminator, DiffAugment (``diffaugment``: on, off, or "auto": on for
  fewer than 1000 training images; ``diffaugment_policy``, core/training/diffaugment.py) of the real and fake
  images D sees in both steps, Adam (beta1 0, beta2 0.99), an exponential moving average of the generator's weights
  (the generator that is saved). At the end the EMA generator's batch-norm statistics are recomputed, ``w_avg`` and
  the principal directions of ``w`` are fitted (sliders), and the model folder keeps G and D.
- VAE: L1 + beta x KL with beta annealed linearly from 0 over ``kl_warmup`` steps, Adam; the eval metric is the
  held-out reconstruction error (mean absolute error per channel value, on a 0-255 scale) and PSNR; PCA of the
  training latents gives the sliders.
- Events: ``Metric`` (GAN: d_loss, g_loss, d_real, d_fake; VAE: loss, recon, kl, beta, eval_recon_mae; both:
  images_per_s), ``Sample`` (``data`` = a uint8 RGBA grid of fixed-noise samples or reconstructions),
  ``Progress``, ``Log``.
"""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any, Callable, Generator

import numpy as np
import torch
import torch.nn.functional as F

from aigc_studio.core.data.augment import augment_images, settings_for
from aigc_studio.core.data.dataset import dataset_files
from aigc_studio.core.assets.images import from_model_array, load_image, to_model_array
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.models.gan import (GAN, GANConfig, d_hinge_loss, ema_update, g_hinge_loss, mode_seeking_loss,
                                        recalibrate_batchnorm, same_class_pairs)
from aigc_studio.core.models.gan import fit_pca as fit_gan_pca
from aigc_studio.core.models.image_vae import ImageVAE, ImageVAEConfig, vae_loss
from aigc_studio.core.models.image_vae import fit_pca as fit_vae_pca
from aigc_studio.core.training.config import ImageTrainConfig, TrainingError
from aigc_studio.core.training.diffaugment import diff_augment
from aigc_studio.core.training.loop import Finished, Task, load_base_model, train
from aigc_studio.core.training.presets import size_advice
from aigc_studio.core.training.split import NOTE_TOO_FEW, heldout_record, split_items

DIFFAUGMENT_BELOW = 1000                # "auto": DiffAugment for sets of fewer training images


def diffaugment_on(option, n_images: int) -> bool:
    """Whether a GAN trains with DiffAugment: ``option`` true / false, or "auto" (fewer than 1000 images)."""
    return option is True or (option == "auto" and n_images < DIFFAUGMENT_BELOW)


def diffaugment_fn(policy: str, gen: torch.Generator, channels: int):
    """The augmentation of D's inputs (real and fake alike, in D's and G's steps; core/training/diffaugment.py),
    drawn from the run's generator (a resumed run repeats exactly); uncovered pixels are transparent (RGBA) or
    white (RGB, whose pictures are composited on white)."""
    fill = 1.0 if channels == 3 else -1.0
    return lambda t: diff_augment(t, policy, gen, fill=fill)


# ------------------------------------------------------------------ data

def image_files(folder: Path) -> list[Path]:
    """The pictures of a folder (recursively, hidden files skipped) or of a dataset manifest (core/data/dataset)."""
    return dataset_files(folder, "image")


def load_image_tensor(folder: Path, size: int, channels: int, files: list[Path] | None = None,
                      kept: list[Path] | None = None):
    """(N, channels, size, size) float tensor in [-1, 1] and the names of skipped files (``files``: these files
    rather than the folder's; ``kept``: a list the files read are appended to, in order)."""
    arrays, skipped = [], []
    for path in (image_files(folder) if files is None else files):
        try:
            arr = to_model_array(load_image(path), size)
        except UserError as e:
            skipped.append(f"{path.name} ({e})")
            continue
        if channels == 3:   # RGB models see the image composited on white: c*a + (1 - a) in [0, 1], which in
            arr = arr[:3] + (1 - arr[3:4])    # [-1, 1] is premultiplied RGB + (1 - alpha)
        arrays.append(arr)
        if kept is not None:
            kept.append(path)
    if not arrays:
        return None, skipped
    return torch.from_numpy(np.stack(arrays)), skipped


LABELS_FILE = "labels.json"     # class labels beside the images (scripts/data/prep_emoji_labels.py writes them)


def read_labels(folder: Path, n_classes: int) -> tuple[list[str], dict[str, int]]:
    """(class names, {file name relative to ``folder``: class index}) from ``folder/labels.json`` — what a
    class-conditional GAN (``n_classes`` > 0) trains on. A missing or malformed file is a TrainingError naming it."""
    path = Path(folder) / LABELS_FILE
    if not path.is_file():
        raise TrainingError(f"A class-conditional GAN needs class labels: {path} is missing (for emoji: python "
                            "scripts/data/prep_emoji_labels.py).")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        classes = [str(c) for c in doc["classes"]]
        labels = {str(k): int(v) for k, v in doc["labels"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise TrainingError(f"The class labels in {path} cannot be read ("
                            f"{'nested too deeply' if isinstance(e, RecursionError) else e}).") from None
    if len(classes) != n_classes:
        raise TrainingError(f"{path} has {len(classes)} classes but the model is set for {n_classes}.")
    bad = sorted(k for k, v in labels.items() if not 0 <= v < n_classes)
    if bad:
        raise TrainingError(f"{path}: {len(bad)} labels are not class numbers 0..{n_classes - 1} (e.g. {bad[0]}).")
    return classes, labels


def labelled(files: list[Path], folder: Path, labels: dict[str, int]) -> tuple[list[Path], list[int]]:
    """The files that have a label, and their labels (key: the path relative to ``folder``, "/"-separated)."""
    out, ys = [], []
    for f in files:
        key = Path(f).relative_to(folder).as_posix() if Path(f).is_relative_to(folder) else Path(f).name
        if key in labels:
            out.append(f)
            ys.append(labels[key])
    return out, ys


def image_grid(images, columns: int = 8):
    """uint8 (N, H, W, C) -> one uint8 (rows*H, columns*W, C) grid."""
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
    arr = x.detach().float().cpu().numpy()
    if arr.shape[1] == 3:
        arr = np.concatenate([arr, np.ones_like(arr[:, :1])], 1)
    return from_model_array(arr)


# ------------------------------------------------------------------ training

class ImageTask(Task):
    unit = "images"

    def identity(self, train: dict) -> dict:
        """The same data, model and batches: a run continues bit for bit (e.g. with more steps)."""
        return {k: train.get(k) for k in ("data", "model_type", "model", "from_model", "batch_size", "seed")}

    def build(self, run: dict | None):
        cfg = self.cfg
        self.is_gan = is_gan = cfg.model_type == "gan"
        if cfg.from_model:
            model, _, self.base_card = load_base_model(
                cfg.from_model, "gan" if is_gan else "image_vae",
                lambda _: f"{cfg.from_model} is not a {cfg.model_type.upper()}: fine-tune a model of the same kind.")
            mcfg = model.config
        else:
            try:
                mcfg = (GANConfig if is_gan else ImageVAEConfig).from_dict(dict(cfg.model))
            except (TypeError, ValueError) as e:
                raise TrainingError(f"The {cfg.model_type.upper()} model options are invalid ({e}).") from None
            model = GAN(mcfg) if is_gan else ImageVAE(mcfg)
        files = image_files(Path(cfg.data))
        held_files: list[Path] = []
        self.conditional = n_classes = int(getattr(mcfg, "n_classes", 0) or 0) if is_gan else 0
        if n_classes:                     # class-conditional GAN: labels beside the images (labels.json)
            classes, label_map = read_labels(Path(cfg.data), n_classes)
            n_all = len(files)
            files, _ = labelled(files, Path(cfg.data), label_map)
            if len(files) < n_all:
                yield Log(f"Left out {n_all - len(files)} images without a class label.", "warning")
            self.categories = classes
            unknown = sorted(set(cfg.class_weights) - set(classes))
            if unknown:
                raise TrainingError(f"The class weights name classes the data does not have ({', '.join(unknown)}); "
                                    f"its classes are {', '.join(classes)}.")
        elif cfg.class_weights:
            raise TrainingError("Class weights apply to a GAN drawn by category: this model has no categories.")
        if not cfg.eval_data:
            files, held_files = split_items(files)
        kept: list[Path] = []
        data, skipped = load_image_tensor(Path(cfg.data), mcfg.image_size, mcfg.channels, files, kept)
        if n_classes:
            self.labels = torch.tensor(labelled(kept, Path(cfg.data), label_map)[1], dtype=torch.long)
            counts = torch.bincount(self.labels, minlength=n_classes)
            for name in (c for c in cfg.class_weights if not counts[classes.index(c)]):
                yield Log(f"The class {name} has a weight but no training images: it is not drawn.", "warning")
        for name in skipped[:20]:
            yield Log(f"Skipped {name}.", "warning")
        if len(skipped) > 20:
            yield Log(f"Skipped {len(skipped) - 20} more unreadable files.", "warning")
        if data is None or len(data) < 2:
            raise TrainingError(f"{cfg.data} needs at least 2 readable images to train on.")
        self.eval_y = None
        if cfg.eval_data:
            ekept: list[Path] = []
            eval_x, _ = load_image_tensor(Path(cfg.eval_data), mcfg.image_size, mcfg.channels, kept=ekept)
            if n_classes and eval_x is not None and (Path(cfg.eval_data) / LABELS_FILE).is_file():
                emap = read_labels(Path(cfg.eval_data), n_classes)[1]
                ys = [emap.get(Path(f).relative_to(cfg.eval_data).as_posix(), -1) for f in ekept]
                keep = torch.tensor([y >= 0 for y in ys])
                eval_x, self.eval_y = eval_x[keep], torch.tensor([y for y in ys if y >= 0], dtype=torch.long)
            if eval_x is None:
                raise TrainingError(f"No readable images in the held-out folder {cfg.eval_data}.")
            self.heldout = heldout_record("eval_data", files=[str(f) for f in image_files(Path(cfg.eval_data))])
        elif held_files:
            hkept: list[Path] = []
            eval_x, _ = load_image_tensor(Path(cfg.data), mcfg.image_size, mcfg.channels, held_files, hkept)
            if n_classes:
                self.eval_y = torch.tensor(labelled(hkept, Path(cfg.data), label_map)[1], dtype=torch.long)
            self.heldout = heldout_record("split", files=[str(f) for f in held_files])
        else:
            eval_x = None
        if eval_x is None:                # too few images to keep any out: the figures are of training images
            eval_x = data
            self.eval_y = self.labels if n_classes else None
            note = NOTE_TOO_FEW.format(count=len(data))
            self.heldout = heldout_record("none", note=note)
            self.notes.append(note)
        if not cfg.from_model:
            advice = size_advice(cfg.KIND, cfg.preset, len(data), cfg.model_type)
            if advice:
                self.notes.append(advice[0].format(**advice[1]))
        # `augment: false` (recipes of earlier versions, where it meant DiffAugment) still turns it off
        self.diffaugment = is_gan and cfg.augment is not False and diffaugment_on(cfg.diffaugment, len(data))
        self.model, self.mcfg, self.data, self.eval_x = model, mcfg, data, eval_x
        self.device = device = torch.device(cfg.device)
        model.to(device).train()
        if is_gan:
            self.ema = copy.deepcopy(model.G).eval()
            self.opts = {"G": torch.optim.Adam(model.G.parameters(), cfg.lr, betas=(cfg.beta1, cfg.beta2)),
                         "D": torch.optim.Adam(model.D.parameters(), cfg.lr_d, betas=(cfg.beta1, cfg.beta2))}
        else:
            self.opts = {"vae": torch.optim.Adam(model.parameters(), cfg.lr, betas=(0.9, cfg.beta2))}
        self.gen = torch.Generator().manual_seed(cfg.seed + 1)
        self.augment_fn = (diffaugment_fn(cfg.diffaugment_policy, self.gen, mcfg.channels) if self.diffaugment
                           else (lambda t: t))
        fixed = torch.Generator().manual_seed(cfg.seed + 2)
        self.fixed_z = torch.randn(32, getattr(mcfg, "z_dim", getattr(mcfg, "latent_dim", 64)), generator=fixed)
        # a conditional GAN's sample grid: the classes in turn (row by row: every class in a grid of 32)
        self.fixed_y = torch.arange(32) % n_classes if n_classes else None
        self.last: dict[str, float] = {}
        self.balance = False             # this step's batches: every class as often (recipe balance_classes)
        self.weighted = False            # ... or some more often (class_weights, from class_weights_from on)

    def run_info(self) -> dict:
        return {"config": self.mcfg.to_dict(), "base_card": self.base_card}

    def modules(self) -> dict:
        return {"G": self.model.G, "D": self.model.D, "G_ema": self.ema} if self.is_gan else {"vae": self.model}

    def optimizers(self) -> dict:
        return self.opts

    def generators(self) -> dict:
        return {"batches": self.gen}

    def describe(self) -> str:
        return (f"{self.cfg.model_type.upper()}: {sum(p.numel() for p in self.model.parameters()) / 1e6:.2f} M "
                f"parameters, {len(self.data):,} training and "
                f"{len(self.eval_x) if self.heldout.get('source') != 'none' else 0:,} held-out images, "
                f"{torch.get_num_threads()} thread(s) on {self.device}"
                + (f", DiffAugment ({self.cfg.diffaugment_policy})." if self.diffaugment else "."))

    def state(self) -> dict:
        return {"last": self.last}

    def restore(self, state: dict) -> None:
        cfg = self.cfg
        self.last = dict(state.get("last") or {})      # the last step's losses (for the card when already done)
        # the recipe's learning rates and betas win over the checkpoint's: a run can go on with other rates
        for name, opt in self.opts.items():
            for group in opt.param_groups:
                group["lr"] = cfg.lr_d if name == "D" else cfg.lr
                group["betas"] = (cfg.beta1, cfg.beta2) if self.is_gan else (0.9, cfg.beta2)

    def _uniform_classes(self, n: int) -> torch.Tensor:
        """``n`` classes drawn uniformly from those that have training images (or as the recipe's
        ``class_weights`` say: a class of weight 3 three times as often as one of weight 1)."""
        if not hasattr(self, "_by_class"):
            order = torch.argsort(self.labels, stable=True)
            counts = torch.bincount(self.labels, minlength=int(self.mcfg.n_classes))
            self._by_class = (order, torch.cumsum(counts, 0) - counts, counts, torch.nonzero(counts).flatten())
        present = self._by_class[3]
        if self.weighted:                 # recipe class_weights: some classes drawn more often than the others
            w = torch.tensor([float(self.cfg.class_weights.get(self.categories[int(c)], 1.0)) for c in present])
            return present[torch.multinomial(w, n, replacement=True, generator=self.gen)]
        return present[torch.randint(len(present), (n,), generator=self.gen)]

    def _balanced(self, n: int) -> torch.Tensor:
        """``n`` training image indices, each of a class drawn uniformly from the classes that have images."""
        c = self._uniform_classes(n)
        order, starts, counts, _ = self._by_class
        pos = (torch.rand(n, generator=self.gen) * counts[c]).long().clamp_max(counts[c] - 1)
        return order[starts[c] + pos]

    def _batch(self):
        if self.balance:
            ix = self._balanced(self.cfg.batch_size)
        else:
            ix = torch.randint(len(self.data), (self.cfg.batch_size,), generator=self.gen)
        x = self.data[ix]
        if self.cfg.hflip:
            flip = torch.rand(len(x), generator=self.gen) < 0.5
            x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
        if not hasattr(self, "augment_settings"):      # the dataset's augmentation (core/data/augment.py); off: x
            self.augment_settings = settings_for(self.cfg.data, getattr(self.cfg, "data_augment", None))
        x = augment_images(x, self.augment_settings, self.gen)
        if self.conditional:                           # the batch's class labels, this rank's part
            self.batch_labels = self.dist.shard(self.labels[ix]).to(self.device)
        return self.dist.shard(x).to(self.device)      # this rank's part of the global batch

    def _fake_labels(self):
        """Classes for a batch of generated images: drawn as the training labels are distributed (a conditional
        GAN; None otherwise, with no draw, so unconditional runs repeat exactly as before)."""
        if not self.conditional:
            return None
        if self.balance:         # every class as often (those with training images)
            return self.dist.shard(self._uniform_classes(self.cfg.batch_size)).to(self.device)
        ix = torch.randint(len(self.labels), (self.cfg.batch_size,), generator=self.gen)
        return self.dist.shard(self.labels[ix]).to(self.device)

    def _noise(self):
        """A global batch of latent vectors, this rank's part."""
        return self.dist.shard(torch.randn(self.cfg.batch_size, self.mcfg.z_dim, generator=self.gen)).to(self.device)

    def train_step(self, step: int, time_fraction: float) -> dict[str, float]:
        cfg, model, gen, opts, device = self.cfg, self.model, self.gen, self.opts, self.device
        if self.is_gan:
            aug = self.augment_fn
            self.balance = bool(self.conditional and cfg.balance_classes and step >= cfg.class_loss_from)
            self.weighted = bool(self.balance and cfg.class_weights and step >= cfg.class_weights_from)
            real = self._batch()
            z = self._noise()
            y_real = self.batch_labels if self.conditional else None
            y_fake = self._fake_labels()
            with torch.no_grad():
                fake = model.G(z, labels=y_fake) if self.conditional else model.G(z)
            # the class loss (recipe ``class_loss``, from step ``class_loss_from``): D learns to read the class of
            # real images from its class embeddings, G to draw images of the class asked for (AC-GAN-like)
            cw = float(cfg.class_loss) if self.conditional and step >= cfg.class_loss_from else 0.0
            if cw:
                d_real, c_real = model.D(aug(real), y_real, class_logits=True)
                d_class = F.cross_entropy(c_real, y_real)
            else:
                d_real = model.D(aug(real), y_real)
            d_fake = model.D(aug(fake), y_fake)
            d_loss = d_hinge_loss(d_real, d_fake) + (cw * d_class if cw else 0.0)
            opts["D"].zero_grad(set_to_none=True)
            d_loss.backward()
            self.dist.average_grads(model.D.parameters())
            opts["D"].step()
            z = self._noise()
            y = self._fake_labels()                    # None (and no draw) for an unconditional GAN
            # the mode-seeking term (recipe ``mode_seeking``, from step ``mode_seeking_from``): pairs of the
            # batch, drawn for the same class, should differ as their noise does
            ms = float(cfg.mode_seeking) if step >= cfg.mode_seeking_from else 0.0
            if ms and y is not None:
                y = same_class_pairs(y)
            fake = model.G(z, labels=y) if self.conditional else model.G(z)
            if cw:
                logit, c_fake = model.D(aug(fake), y, class_logits=True)
                g_class = F.cross_entropy(c_fake, y)
                g_loss = g_hinge_loss(logit) + cw * g_class
            else:
                g_loss = g_hinge_loss(model.D(aug(fake), y) if self.conditional else model.D(aug(fake)))
            if ms:
                g_ms = mode_seeking_loss(fake, z)
                g_loss = g_loss + ms * g_ms
            opts["G"].zero_grad(set_to_none=True)
            g_loss.backward()
            self.dist.average_grads(model.G.parameters())
            opts["G"].step()
            ema_update(self.ema, model.G, cfg.ema_decay if step > 100 else 0.0)
            self.last = {"d_loss": d_loss.item(), "g_loss": g_loss.item(), "d_real": d_real.detach().mean().item(),
                         "d_fake": d_fake.detach().mean().item()}
            if cw:
                self.last.update(d_class=d_class.item(), g_class=g_class.item())
            if ms:
                self.last.update(g_ms=g_ms.item())
        else:
            beta = cfg.beta_max * min(1.0, step / max(1, cfg.kl_warmup))
            x = self._batch()
            recon, mu, logvar = model(x, gen)
            loss, rec, kl = vae_loss(x, recon, mu, logvar, beta)
            opts["vae"].zero_grad(set_to_none=True)
            loss.backward()
            self.dist.average_grads(model.parameters())
            torch.nn.utils.clip_grad_norm_(model.parameters(), 100.0)
            opts["vae"].step()
            self.last = {"loss": loss.item(), "recon": rec.item(), "kl": kl.item(), "beta": beta}
        return dict(self.last)

    def progress_text(self, metrics: dict[str, float]) -> str:
        return f"loss {metrics.get('d_loss', metrics.get('loss')):.3f}"

    def evaluate(self, step: int):
        if not self.is_gan:
            yield Metric("eval_recon_mae", step, _vae_eval(self.model, self.eval_x, self.device)["recon_mae_255"])

    def sample(self, step: int) -> Sample:
        device = self.device
        if self.is_gan:
            if self.conditional:
                return Sample(step, data=image_grid(to_uint8(self.ema(self.fixed_z[:32].to(device),
                                                                      labels=self.fixed_y.to(device)))))
            return Sample(step, data=image_grid(to_uint8(self.ema(self.fixed_z[:32].to(device)))))
        with torch.no_grad():
            self.model.eval()
            recon = self.model.decode(self.model.encode(self.eval_x[:16].to(device))[0])
            self.model.train()
        pairs = torch.stack([self.eval_x[:16].to(device), recon], 1).flatten(0, 1)
        return Sample(step, data=image_grid(to_uint8(pairs)))

    def summary(self) -> dict:
        return dict(self.last)

    def finish(self, step: int, seconds: float, stopped: str) -> Generator[Any, None, Finished]:
        cfg, mcfg, device, eval_x, data = self.cfg, self.mcfg, self.device, self.eval_x, self.data
        yield Log("Finishing: fitting the slider directions and measuring the held-out images…")
        last = {k: round(v, 4) for k, v in self.last.items()}
        if self.is_gan:
            final = GAN(mcfg).to(device)
            final.G.load_state_dict(self.ema.state_dict())
            final.D.load_state_dict(self.model.D.state_dict())
            recalibrate_batchnorm(final.G, seed=cfg.seed)
            fit_gan_pca(final.G, seed=cfg.seed)
            final.eval()
            with torch.no_grad():
                if self.conditional:
                    ey = self.eval_y.to(device) if self.eval_y is not None else None
                    fy = self.fixed_y.to(device)
                    metrics = {"d_real_heldout": round(float(final.D(eval_x.to(device), ey).mean()), 4),
                               "d_fake_samples": round(float(final.D(final.G(self.fixed_z.to(device), labels=fy),
                                                                     fy).mean()), 4), **last}
                else:
                    metrics = {"d_real_heldout": round(float(final.D(eval_x.to(device)).mean()), 4),
                               "d_fake_samples": round(float(final.D(final.G(self.fixed_z.to(device))).mean()), 4),
                               **last}
        else:
            final = self.model.eval()
            with torch.no_grad():
                mus = torch.cat([final.encode(data[i:i + 256].to(device))[0] for i in range(0, len(data), 256)])
            fit_vae_pca(final, mus)
            metrics = {**_vae_eval(final, eval_x, device), **last}
        yield Sample(step, data=image_grid(to_uint8(
            final.sample(self.fixed_z.to(device), labels=self.fixed_y) if self.is_gan and self.conditional
            else final.sample(self.fixed_z.to(device)))))
        return Finished(final, {"kind": "image", "architecture": "gan" if self.is_gan else "image_vae",
                                "config": mcfg.to_dict(), "image_size": mcfg.image_size, "channels": mcfg.channels,
                                "pca_components": mcfg.pca_components, "metrics": metrics,
                                **({"categories": list(self.categories)} if self.is_gan and self.conditional else {}),
                                "training": {"images_seen": step * cfg.batch_size, "train_images": len(data),
                                             "diffaugment": cfg.diffaugment_policy if self.diffaugment else ""}})


def train_image(cfg: ImageTrainConfig, should_stop: Callable[[], bool] | None = None,
                stop_and_save: Callable[[], bool] | None = None, paused: Callable[[], bool] | None = None,
                **loop) -> Generator[Any, None, dict]:
    """Train a GAN or a VAE (see :func:`aigc_studio.core.training.loop.train`; ``loop``: its clock and sleep)."""
    return train(ImageTask(cfg), should_stop, stop_and_save, paused, **loop)


def _vae_eval(model, eval_x, device) -> dict:
    """Held-out reconstruction of the latent means: mean absolute error (0-255 scale) and PSNR, premultiplied."""
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
