"""The one resumable checkpoint format of every trainer: ``<run_dir>/checkpoint/``

- ``<module>.safetensors`` for each module (fp32, as trained), ``opt-<optimizer>.safetensors`` for each
  optimizer's state tensors (Adam moments, step counts),
- ``rng.safetensors``: torch's CPU generator (``torch``) and each of the trainer's own generators by name,
- ``state.json``: ``format``, ``step``, ``seconds`` (of training, paused time excluded), each optimizer's
  param_groups (hyper-parameters), and the trainer's own small state (``task``: last losses, tokens seen...).

Written to a temporary sibling and renamed into place, so a crash never leaves half a checkpoint. Nothing is
pickled and nothing is unpickled. A write that fails (a full disk) removes its partial folder and leaves the
previous checkpoint as it was (:class:`CheckpointNotSaved` says so); partial folders of processes killed mid-write
(``.checkpoint.partial-<pid>``, ``.checkpoint.old-<pid>``) are removed at the next save once that PID is gone. ``run_dir/run.json`` (written by the loop) holds the configuration of the run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from aigc_studio.core.base.atomic import disk_full, pid_alive, replace_folder
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.models.checkpoint import load_weights_into, state_dict_for_saving

RUN_STATE_FORMAT = "aigc-studio-run/2"
CKPT_DIR = "checkpoint"
STATE_FILE = "state.json"


_PARTIAL_RE = re.compile(r"^\." + re.escape(CKPT_DIR) + r"\.(?:partial|old)-(\d+)$")


class CheckpointNotSaved(UserError):
    """A checkpoint could not be written (a full disk): nothing half-written is left and the previous checkpoint,
    if any, is intact."""


def clean_stale_partials(run_dir: Path) -> list[Path]:
    """Remove the partial checkpoint folders of processes that died while writing one."""
    removed = []
    try:
        names = os.listdir(run_dir)
    except OSError:
        return removed
    for name in names:
        m = _PARTIAL_RE.match(name)
        if m and not pid_alive(int(m.group(1))):
            shutil.rmtree(Path(run_dir) / name, ignore_errors=True)
            removed.append(Path(run_dir) / name)
    return removed


def checkpoint_dir(run_dir: Path) -> Path:
    return Path(run_dir) / CKPT_DIR


def has_checkpoint(run_dir: Path) -> bool:
    return (checkpoint_dir(run_dir) / STATE_FILE).is_file()


def checkpoint_format(run_dir: Path) -> str | None:
    """The format of the checkpoint in ``run_dir`` ("" for checkpoints of earlier versions), None if none."""
    try:
        state = json.loads((checkpoint_dir(run_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return state.get("format", "") if isinstance(state, dict) else ""


def optimizer_to_tensors(opt) -> tuple[dict, dict]:
    """(state tensors by "state.<param index>.<name>", {"param_groups": ...}) of a torch optimizer."""
    sd = opt.state_dict()
    tensors = {}
    for idx, st in sd["state"].items():
        for k, v in st.items():
            tensors[f"state.{idx}.{k}"] = (v if torch.is_tensor(v) else torch.tensor(v)).detach().cpu().contiguous()
    return tensors, {"param_groups": sd["param_groups"]}


def optimizer_from_tensors(opt, tensors: dict, meta: dict) -> None:
    state: dict[int, dict] = {}
    for name, t in tensors.items():
        _, idx, key = name.split(".", 2)
        state.setdefault(int(idx), {})[key] = t
    opt.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def save_run_state(run_dir: Path, modules: dict, optimizers: dict, generators: dict, step: int, seconds: float,
                   task_state: dict | None = None) -> Path:
    """Write ``run_dir/checkpoint`` atomically (temp folder + rename)."""
    run_dir = Path(run_dir)
    clean_stale_partials(run_dir)
    tmp = run_dir / f".{CKPT_DIR}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
    except OSError as e:
        if disk_full(e):
            raise _not_saved(run_dir, step) from None
        raise
    try:
        for name, module in modules.items():
            save_file(state_dict_for_saving(module), str(tmp / f"{name}.safetensors"))
        meta = {}
        for name, opt in optimizers.items():
            tensors, meta[name] = optimizer_to_tensors(opt)
            save_file(tensors, str(tmp / f"opt-{name}.safetensors"))
        rng = {"torch": torch.get_rng_state(), **{name: g.get_state() for name, g in generators.items()}}
        save_file(rng, str(tmp / "rng.safetensors"))
        state = {"format": RUN_STATE_FORMAT, "step": int(step), "seconds": float(seconds), "optimizers": meta,
                 "task": task_state or {}}
        with open(tmp / STATE_FILE, "w", encoding="utf-8") as f:
            f.write(json.dumps(state, ensure_ascii=False, indent=1))
            f.flush()
            os.fsync(f.fileno())
        return replace_folder(tmp, checkpoint_dir(run_dir))
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, Exception) and disk_full(e):    # safetensors says so in a SafetensorError
            raise _not_saved(run_dir, step) from None
        raise


def _not_saved(run_dir: Path, step: int) -> CheckpointNotSaved:
    previous = None
    try:
        state = json.loads((checkpoint_dir(run_dir) / STATE_FILE).read_text(encoding="utf-8"))
        previous = int(state.get("step"))
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    kept = (f"The previous checkpoint (step {previous}) is intact, so training can resume from there."
            if previous is not None else "No earlier checkpoint exists.")
    return CheckpointNotSaved(f"The disk is full: the checkpoint of step {step} could not be written in "
                              f"{run_dir} and its partial files were removed. {kept} Free some space and "
                              "start the training again with the same output folder to continue.")


def load_run_state(run_dir: Path, modules: dict, optimizers: dict, generators: dict) -> dict:
    """Restore modules, optimizers and generators (torch's CPU generator too); returns state.json."""
    ck = checkpoint_dir(run_dir)
    state = json.loads((ck / STATE_FILE).read_text(encoding="utf-8"))
    for name, module in modules.items():
        load_weights_into(module, load_file(str(ck / f"{name}.safetensors")), "the checkpoint")
    for name, opt in optimizers.items():
        optimizer_from_tensors(opt, load_file(str(ck / f"opt-{name}.safetensors")), state["optimizers"][name])
    rng = load_file(str(ck / "rng.safetensors"))
    torch.set_rng_state(rng["torch"])
    for name, g in generators.items():
        g.set_state(rng[name])
    return state


def remove_checkpoint(run_dir: Path) -> None:
    shutil.rmtree(checkpoint_dir(run_dir), ignore_errors=True)
