"""Training the studio's image feature network (:mod:`aigc_studio.core.models.feature_net`): an emoji-group
classifier, as a :class:`~aigc_studio.core.training.loop.Task` of the one training loop (checkpoints, resume,
time budget, NaN checks and the model folder are the loop's).

    python -m aigc_studio.core.eval.feature_train recipes/feature-net.json [--steps N] [--no-resume]

(``scripts/train/train_feature_net.sh`` runs it). Data: ``data/emoji`` from ``scripts/data/prep_emoji.py`` and
``scripts/data/prep_emoji_groups.py`` (its ``groups.json`` gives each picture's group and the split by emoji).
Training: AdamW, warm-up then cosine decay, label smoothing, random mirror and shifts of up to 4 pixels. At the
end: held-out accuracy (overall, per group, confusion matrix) written into the card, and the README rendered.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator

import numpy as np
import torch
from torch.nn import functional as F

from aigc_studio.core.assets.images import load_image, to_model_array
from aigc_studio.core.base.atomic import atomic_write_json, atomic_write_text
from aigc_studio.core.base.errors import Problem, UserError
from aigc_studio.core.base.events import Log, Metric
from aigc_studio.core.models.feature_net import ARCHITECTURE, FEATURE_NET_ID, FeatureNet, FeatureNetConfig
from aigc_studio.core.models.readme import fmt_seconds
from aigc_studio.core.training.config import TrainingError, TrainOptions
from aigc_studio.core.training.loop import Finished, Task, lr_at, set_lr, train

GROUPS_FILE = "groups.json"


@dataclass
class FeatureNetOptions(TrainOptions):
    """The feature network's recipe. ``data``: the emoji folder (``train/``, ``heldout/``, ``groups.json``).
    ``extra_data``: more folders of the same layout (another emoji style) whose labelled pictures are added to
    the training set only; the held-out check stays ``data``'s."""
    KIND = "train-feature-net"

    model: dict = field(default_factory=dict)
    extra_data: list = field(default_factory=list)
    steps: int = 1500
    batch_size: int = 64
    lr: float = 2e-3
    min_lr: float = 5e-5
    warmup_steps: int = 50
    weight_decay: float = 5e-4
    label_smoothing: float = 0.1
    shift: int = 4
    eval_every: int = 100
    sample_every: int = 0
    checkpoint_every: int = 100
    save_dtype: str = "float32"

    def _problems(self) -> list[Problem]:
        p = []
        for folder in [self.data, *self.extra_data]:
            if not (Path(folder) / GROUPS_FILE).is_file():
                p.append(Problem("data", "missing", "The {what} {path} {missing}.",
                                 {"what": "emoji folder", "path": folder,
                                  "missing": "has no groups.json (see its data prep in the recipe)"}))
        if not (0 < self.lr < 1) or self.min_lr < 0 or self.weight_decay < 0 or not (0 <= self.label_smoothing < 1):
            p.append(Problem("lr", "range", "The optimiser settings are out of range."))
        return p + super()._problems()


def load_labelled(folder: Path, size: int, parts: tuple[str, ...] = ("train", "heldout")
                  ) -> dict[str, tuple[torch.Tensor, torch.Tensor, list[str]]]:
    """{"train"|"heldout": (images (N, 4, size, size) in [-1, 1], labels (N,), file names)} from an emoji folder
    (``parts``: the splits wanted)."""
    meta = json.loads((folder / GROUPS_FILE).read_text(encoding="utf-8"))
    out: dict[str, tuple[list, list, list]] = {p: ([], [], []) for p in parts}
    for sub in ("train", "heldout"):
        for png in sorted((folder / sub).glob("*.png")) if (folder / sub).is_dir() else []:
            key = f"{sub}/{png.name}"
            if key not in meta["labels"] or meta["split"][key] not in out:
                continue
            xs, ys, names = out[meta["split"][key]]
            xs.append(to_model_array(load_image(png), size))
            ys.append(int(meta["labels"][key]))
            names.append(key)
    res = {}
    for k, (xs, ys, names) in out.items():
        if not xs:
            raise TrainingError(f"No labelled {k} emoji in {folder}.")
        res[k] = (torch.from_numpy(np.stack(xs)), torch.tensor(ys), names)
    return res


def augment(x: torch.Tensor, shift: int, gen: torch.Generator) -> torch.Tensor:
    """Random mirror and translation by up to ``shift`` pixels (transparent border)."""
    flip = torch.rand(len(x), generator=gen) < 0.5
    x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
    if shift <= 0:
        return x
    n, _, h, w = x.shape
    padded = F.pad(x, (shift, shift, shift, shift), value=-1.0)   # -1 = transparent black, premultiplied
    dx = torch.randint(0, 2 * shift + 1, (n,), generator=gen)
    dy = torch.randint(0, 2 * shift + 1, (n,), generator=gen)
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])


def accuracy_report(model: FeatureNet, x: torch.Tensor, y: torch.Tensor, names: list[str]) -> dict:
    """Held-out accuracy, per-class accuracy and the confusion matrix (rows: true group, columns: predicted)."""
    was = model.training
    model.eval()
    with torch.inference_mode():
        pred = torch.cat([model(x[i:i + 256]).argmax(1) for i in range(0, len(x), 256)])
    model.train(was)
    k = model.config.classes
    conf = torch.zeros(k, k, dtype=torch.long)
    for t, p in zip(y.tolist(), pred.tolist()):
        conf[t, p] += 1
    per = {names[i] if i < len(names) else str(i): round(float(conf[i, i]) / max(1, int(conf[i].sum())), 3)
           for i in range(k)}
    return {"heldout_accuracy": round(float((pred == y).float().mean()), 4), "heldout_images": int(len(y)),
            "heldout_accuracy_per_group": per, "confusion": conf.tolist()}


class FeatureNetTask(Task):
    unit = "images"

    def build(self, run: dict | None):
        cfg = self.cfg
        meta = json.loads((Path(cfg.data) / GROUPS_FILE).read_text(encoding="utf-8"))
        try:
            self.mcfg = FeatureNetConfig.from_dict({**cfg.model, "classes": len(meta["groups"]),
                                                    "class_names": meta["groups"]})
        except (TypeError, ValueError) as e:
            raise TrainingError(f"The feature network options are invalid ({e}).") from None
        self.meta = meta
        data = load_labelled(Path(cfg.data), self.mcfg.image_size)
        self.x, self.y, _ = data["train"]
        self.hx, self.hy, _ = data["heldout"]
        for folder in cfg.extra_data:
            extra = json.loads((Path(folder) / GROUPS_FILE).read_text(encoding="utf-8"))
            if extra.get("groups") != meta["groups"]:
                raise TrainingError(f"The groups of {folder} differ from those of {cfg.data}.")
            ex, ey, _ = load_labelled(Path(folder), self.mcfg.image_size, parts=("train",))["train"]
            self.x, self.y = torch.cat([self.x, ex]), torch.cat([self.y, ey])
        self.model = FeatureNet(self.mcfg).train()
        decay = [p for p in self.model.parameters() if p.dim() > 1]
        other = [p for p in self.model.parameters() if p.dim() <= 1]
        self.opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                                      {"params": other, "weight_decay": 0.0}], lr=cfg.lr)
        self.gen = torch.Generator().manual_seed(cfg.seed + 1)
        self.last: dict[str, float] = {}
        yield Log(f"Feature network: {sum(p.numel() for p in self.model.parameters()) / 1e6:.2f} M parameters, "
                  f"{len(self.x):,} training and {len(self.hx):,} held-out emoji, {len(meta['groups'])} groups.")

    def run_info(self) -> dict:
        return {"config": self.mcfg.to_dict()}

    def modules(self) -> dict:
        return {"net": self.model}

    def optimizers(self) -> dict:
        return {"opt": self.opt}

    def generators(self) -> dict:
        return {"batches": self.gen}

    def state(self) -> dict:
        return {"last": self.last}

    def restore(self, state: dict) -> None:
        self.last = dict(state.get("last") or {})

    def train_step(self, step: int, time_fraction: float) -> dict[str, float]:
        cfg = self.cfg
        set_lr(self.opt, lr_at(step, cfg, time_fraction))
        ix = torch.randint(len(self.x), (cfg.batch_size,), generator=self.gen)
        xb = augment(self.x[ix], cfg.shift, self.gen)
        logits = self.model(xb)
        loss = F.cross_entropy(logits, self.y[ix], label_smoothing=cfg.label_smoothing)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.last = {"loss": loss.item(), "train_accuracy": float((logits.argmax(1) == self.y[ix]).float().mean())}
        return dict(self.last)

    def evaluate(self, step: int):
        rep = accuracy_report(self.model, self.hx, self.hy, list(self.mcfg.class_names))
        yield Metric("heldout_accuracy", step, rep["heldout_accuracy"])

    def summary(self) -> dict:
        return dict(self.last)

    def finish(self, step: int, seconds: float, stopped: str) -> Generator[Any, None, Finished]:
        self.model.eval()
        rep = accuracy_report(self.model, self.hx, self.hy, list(self.mcfg.class_names))
        yield Log(f"Held-out accuracy {rep['heldout_accuracy']:.1%} over {rep['heldout_images']} emoji.")
        metrics = {**rep, "train_images": int(len(self.x)), "final_train_loss": round(self.last.get("loss", 0.0), 4),
                   "chance_accuracy": round(float(torch.bincount(self.hy).max()) / len(self.hy), 4)}
        return Finished(self.model, {"kind": "image-features", "architecture": ARCHITECTURE,
                                     "config": self.mcfg.to_dict(), "metrics": metrics,
                                     "feature_space": {"dimensions": self.mcfg.embed_dim,
                                                       "layer": "embed (the linear layer before the classifier)"},
                                     "training": {"images_seen": step * self.cfg.batch_size,
                                                  "train_images": int(len(self.x))}},
                        result={"heldout_accuracy": rep["heldout_accuracy"]})


def render_readme(card: dict) -> str:
    """README.md of the feature network's folder."""
    m, cfg, tr, data = card.get("metrics", {}), card.get("config", {}), card.get("training", {}), card.get("data", {})
    names = cfg.get("class_names", [])
    per = m.get("heldout_accuracy_per_group", {})
    conf = m.get("confusion", [])
    lines = [f"# {card.get('name', card.get('id'))}", "", card.get("description", ""), "",
             "| | |", "|---|---|", f"| id | `{card.get('id')}` |",
             f"| architecture | CNN: stride-2 stem, widths {cfg.get('widths')}, global average pool, "
             f"{cfg.get('embed_dim')}-number linear embedding (the feature space), {cfg.get('classes')}-way "
             f"classifier; input {cfg.get('image_size')}x{cfg.get('image_size')} premultiplied RGBA in [-1, 1] |",
             f"| parameters | {card.get('parameters', 0):,} |",
             f"| weights | {card.get('size_bytes', 0) / 1e6:.2f} MB safetensors ({card.get('weights_dtype', '')}) |",
             "", "## What it is for", ""]
    if card.get("purpose"):
        lines += [f"- {u}" for u in card["purpose"]]
    else:
        lines += [
             "- FID and KID of image models (`aigc-studio eval`, the Train tab, the model cards) are computed in its "
             f"{cfg.get('embed_dim')}-number embedding, not in Inception-v3's (torchvision is not available and "
             "nothing is downloaded).",
             "- Its class scores label generated pictures with an emoji group.",
             "- It was trained on emoji only: the feature space separates emoji well; for other picture styles "
             "(photos, pixel art, drawings) it sees less, and FID/KID there are rougher guides. FID values are not "
             "comparable with published Inception FIDs."]
    lines += ["", "## Data", "", f"- Source: {data.get('source', '')}", f"- Licence: {data.get('licence', '')}",
             f"- Preparation: {data.get('prep', '')}", "", "## Training", "",
             "- Trained by AIGC Studio's own training loop (`aigc_studio/core/eval/feature_train.py`)"
             + (f" from the recipe `{card['recipe_file']}`" if card.get("recipe_file") else "") + ".",
             f"- Steps: {tr.get('steps')} ({tr.get('stopped')}), images seen: {tr.get('images_seen', 0):,} (training "
             f"set: {tr.get('train_images', 0):,} emoji)",
             f"- Time: {fmt_seconds(float(tr.get('seconds', 0)))}", f"- Hardware: {tr.get('hardware', '')}; torch "
             f"{tr.get('torch', '')}"]
    if tr.get("conditions"):
        lines.append(f"- Conditions: {tr['conditions']}")
    if card.get("rebuild"):
        lines += ["", "Rebuild:", "", "```sh", *card["rebuild"], "```"]
    lines += ["", "## Metrics", "",
              f"Held-out accuracy: **{m.get('heldout_accuracy', 0):.1%}** over {m.get('heldout_images')} emoji never "
              f"trained on (split by emoji; the largest group alone would give {m.get('chance_accuracy', 0):.1%}).",
              "", "| group | held-out accuracy |", "|---|---|"]
    lines += [f"| {n} | {per.get(n, 0):.0%} |" for n in names]
    if conf:
        lines += ["", "Confusion matrix (rows: true group, columns: predicted, same order):", "", "```text"]
        lines += [f"{n[:18]:18s} " + " ".join(f"{v:3d}" for v in row) for n, row in zip(names, conf)]
        lines.append("```")
    lines += ["", "## Limitations", "", card.get("limitations", ""), ""]
    return "\n".join(lines)


def _main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Train the studio's image feature network from its recipe.")
    ap.add_argument("recipe", type=Path)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--no-resume", action="store_true")
    a = ap.parse_args(argv)
    recipe = {k: v for k, v in json.loads(a.recipe.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    if a.steps is not None:
        recipe["steps"] = a.steps
    if a.no_resume:
        recipe["resume"] = False
    recipe.setdefault("card", {})["recipe_file"] = str(a.recipe)
    cfg = FeatureNetOptions.from_dict(recipe)
    try:
        gen = train(FeatureNetTask(cfg))
        while True:
            try:
                ev = next(gen)
            except StopIteration as stop:
                res = stop.value
                break
            if isinstance(ev, Metric):
                print(f"step {ev.step:5d}  {ev.name} {ev.value:.4f}", flush=True)
            elif isinstance(ev, Log):
                print(ev.message, flush=True)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    card = finish_card(Path(res["out"]))
    print(json.dumps({k: card["metrics"][k] for k in ("heldout_accuracy", "heldout_images", "chance_accuracy")}))
    return 0


CONDITIONS = ("one torch thread on a 2-core CPU shared with other work (several trainings and test runs at the same "
              "time), so the time is an upper bound")


def finish_card(out: Path) -> dict:
    """The shipped network's card completed (id, training conditions) and its README rendered."""
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    card["id"] = card.get("id") or FEATURE_NET_ID
    card.setdefault("training", {}).setdefault("conditions", CONDITIONS)
    atomic_write_json(out / "card.json", card)
    atomic_write_text(out / "README.md", render_readme(card))
    return card


if __name__ == "__main__":
    raise SystemExit(_main())
