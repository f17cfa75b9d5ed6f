"""The text trainer: ``train_text(cfg)`` is a generator of events (Qt-free; the engine, the CLI and the shipped
model scripts all drive it the same way).

- Data: a folder of ``.txt``/``.md`` files (recursively, sorted) or a single text file. Files that are not UTF-8
  are skipped with a warning naming them. A held-out file (``eval_data``) gives the eval loss; without one the
  last 2 % of the tokens are held out.
- Model: a new GPT with a new tokenizer (``"char"``: characters seen at least ``char_min_count`` times, right for
  Chinese; ``"bpe"``: byte-level BPE with ``vocab_size`` tokens), or fine-tuning an existing model folder
  (``from_model``): its tokenizer and config are reused.
- Optimisation: AdamW (decay on matrices only), linear warmup then cosine decay to ``min_lr``, gradient clipping.
- Events: ``Metric`` ("train_loss", "eval_loss", "lr", "tokens_per_s"), ``Sample`` (generated text every
  ``sample_every`` steps), ``Progress`` and ``Log``. The generator's return value is a dict (see the end of
  :func:`train_text`).
- Resumable: every ``checkpoint_every`` steps (and when stopped) the run folder gets ``checkpoint/`` holding
  ``model.safetensors`` (fp32), ``optimizer.safetensors`` (AdamW moments), ``rng.safetensors`` (torch and batch
  sampler generator states) and ``state.json`` (step, seconds, optimizer hyper-parameters), plus the tokenizer
  and ``run.json`` (the config). A new run with the same ``run_dir``, data and model options continues from
  there, bit for bit (other data or options start a new run, with a warning). Nothing is pickled.
- ``out`` is replaced as a whole: an existing folder that is neither a model folder nor empty is refused.
- Stopping: ``should_stop()`` (abort / ``ctx.cancelled``) finishes the step, saves a checkpoint and returns
  without a model folder; ``stop_and_save()`` finishes the step, saves the checkpoint *and* writes the model
  folder. ``paused()`` holds the loop between steps. A ``minutes`` budget ends training like ``steps``.
- At the end: ``checkpoint.save_model_folder`` writes ``out`` with the card filled in (data, recipe, metrics,
  training time and hardware).
"""
from __future__ import annotations

import json
import math
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generator

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.base.options import Options

TEXT_SUFFIXES = (".txt", ".md")
EOT = "<|endoftext|>"
CKPT_DIR = "checkpoint"


class TrainingError(UserError, ValueError):
    """A problem with the training data or options, in the user's words."""


@dataclass
class TrainConfig(Options):
    WHAT = "training options"

    data: str                                  # folder of .txt/.md, or one text file
    out: str                                   # the model folder written at the end
    run_dir: str = ""                          # checkpoints; default: <out>.run
    eval_data: str = ""                        # held-out text (file or folder); default: last 2 % of the data
    from_model: str = ""                       # fine-tune this model folder (its tokenizer and config)
    tokenizer: str = "bpe"                     # "char" | "bpe" (ignored with from_model)
    vocab_size: int = 2048                     # bpe
    char_min_count: int = 1                    # char: keep characters seen at least this often
    model: dict = field(default_factory=lambda: {"n_layer": 4, "n_head": 4, "n_embd": 192, "block_size": 128,
                                                 "dropout": 0.0})
    steps: int = 1000
    minutes: float = 0.0                       # 0 = no time budget
    batch_size: int = 16
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup_steps: int = 100
    weight_decay: float = 0.1
    beta2: float = 0.99
    grad_clip: float = 1.0
    eval_every: int = 200
    eval_batches: int = 8
    sample_every: int = 500
    sample_prompt: str = ""
    sample_tokens: int = 80
    checkpoint_every: int = 500
    log_every: int = 20
    seed: int = 1234
    threads: int = 0                           # torch threads; 0 = leave torch's default
    device: str = "cpu"
    resume: bool = True
    save_dtype: str = "float16"
    card: dict = field(default_factory=dict)   # id, name, language, description, data{source,licence,prep}

    def _problems(self) -> list[str]:
        p = files_problems(self, "training text", "Choose the training text: a folder of .txt/.md files or one text "
                           "file.", "does not exist")
        if not self.from_model:
            if self.tokenizer not in ("char", "bpe"):
                p.append("The tokenizer must be char (Chinese) or bpe.")
            if self.tokenizer == "bpe" and not (260 <= self.vocab_size <= 65536):
                p.append("The BPE vocabulary must have between 260 and 65536 tokens.")
            if self.char_min_count < 1:
                p.append("Characters must be kept when seen at least once (1 or more).")
            m = self.model
            n_layer, n_head, n_embd = m.get("n_layer", 0), m.get("n_head", 0), m.get("n_embd", 0)
            if not (1 <= n_layer <= 48) or not (1 <= n_head <= 64) or not (8 <= n_embd <= 4096):
                p.append("The model size is out of range (layers 1-48, heads 1-64, width 8-4096).")
            elif n_embd % n_head:
                p.append("The width must be a multiple of the number of heads.")
            if not (8 <= m.get("block_size", 0) <= 4096):
                p.append("The context must be between 8 and 4096 tokens.")
            if not (0.0 <= m.get("dropout", 0.0) < 1.0):
                p.append("Dropout must be at least 0 and below 1.")
        if not (1 <= self.steps <= 10_000_000):
            p.append("Steps must be at least 1 (and at most 10,000,000).")
        if not (0.0 <= self.minutes <= 100_000):
            p.append("The time budget must be 0 (none) or a number of minutes.")
        if not (1 <= self.batch_size <= 4096):
            p.append("The batch size must be between 1 and 4096.")
        if not (0.0 < self.lr < 1.0):
            p.append("The learning rate must be between 0 and 1.")
        if (self.min_lr < 0 or self.warmup_steps < 0 or self.weight_decay < 0 or not (0.0 < self.beta2 < 1.0)
                or self.grad_clip < 0):
            p.append("The optimiser settings are out of range.")
        if min(self.eval_every, self.eval_batches, self.sample_every, self.sample_tokens, self.checkpoint_every) < 0 \
                or self.log_every < 1:
            p.append("The evaluation, sample, checkpoint and log intervals must not be negative.")
        return p + run_problems(self)


def out_folder_problem(out) -> str:
    """Why ``out`` must not receive the model (it is replaced as a whole), or "" when it may."""
    from aigc_studio.core.models.checkpoint import CARD_FILE
    out = Path(out)
    if out.is_dir():
        if (out / CARD_FILE).is_file() or not any(out.iterdir()):
            return ""              # an earlier model folder, or an empty folder
    elif not out.exists():
        return ""
    return (f"{out} already exists and is not a model folder: the trained model replaces the whole folder, so "
            "choose a new folder.")


def files_problems(cfg, data: str, choose: str, missing: str, folder_only: bool = False) -> list[str]:
    """The checks every trainer makes of its data, held-out data and output folder. ``data`` names the data
    ("training text"), ``choose`` asks for it when it is empty, ``missing`` ends the sentence when it is not there
    ("does not exist"); ``folder_only``: the data must be a folder."""
    there = (lambda x: Path(x).is_dir()) if folder_only else (lambda x: Path(x).exists())
    p = []
    if not isinstance(cfg.data, str) or not cfg.data.strip():
        p.append(choose)
    elif not there(cfg.data):
        p.append(f"The {data} {cfg.data} {missing}.")
    if cfg.eval_data and not there(cfg.eval_data):
        p.append(f"The {data.replace('training', 'held-out')} {cfg.eval_data} {missing}.")
    if not isinstance(cfg.out, str) or not cfg.out.strip():
        p.append("Choose where to save the trained model.")
    else:
        problem = out_folder_problem(cfg.out)
        if problem:
            p.append(problem)
    return p


def run_problems(cfg) -> list[str]:
    """The checks every trainer makes of its seed, threads and the precision of the saved weights."""
    from aigc_studio.core.base.specs import SEED_MAX
    p = []
    if not (isinstance(cfg.seed, int) and 0 <= cfg.seed <= SEED_MAX):
        p.append(f"The seed must be between 0 and {SEED_MAX}.")
    if cfg.threads < 0:
        p.append("Threads must be 0 (automatic) or more.")
    if cfg.save_dtype not in ("float16", "bfloat16", "float32", ""):
        p.append("Weights are saved as float16, bfloat16 or float32.")
    return p


def load_recipe(path: Path, **overrides) -> TrainConfig:
    """A recipe JSON (``recipes/*.json``) as a TrainConfig; ``overrides`` (not None) replace its values."""
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    d.update({k: v for k, v in overrides.items() if v is not None})
    return TrainConfig.from_dict(d)


# ------------------------------------------------------------------ data

def read_texts(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """([(name, text)], [skipped file names]) from a file or a folder of .txt/.md files."""
    path = Path(path)
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    else:
        raise TrainingError(f"The training text {path} is neither a file nor a folder.")
    texts, skipped = [], []
    for f in files:
        try:
            texts.append((str(f.relative_to(path)) if f != path else f.name, f.read_text(encoding="utf-8-sig")))
        except UnicodeDecodeError:
            skipped.append(f.name)
    return texts, skipped


def join_texts(texts: list[str], tokenizer_type: str) -> str:
    if len(texts) == 1:
        return texts[0]
    if tokenizer_type == "bpe":
        return "".join(t.rstrip("\n") + "\n" + EOT + "\n" for t in texts)
    return "\n\n".join(t.strip("\n") for t in texts) + "\n\n"


def hardware_description(device: str = "cpu") -> str:
    import torch
    if device.startswith("cuda") and torch.cuda.is_available():
        return f"GPU {torch.cuda.get_device_name(0)}"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"CPU {cpu}, {os.cpu_count()} cores, {torch.get_num_threads()} torch thread(s)"


# ------------------------------------------------------------------ checkpoints

def _optim_to_tensors(opt) -> tuple[dict, dict]:
    sd = opt.state_dict()
    tensors = {}
    for idx, st in sd["state"].items():
        for k, v in st.items():
            import torch
            tensors[f"state.{idx}.{k}"] = (v if torch.is_tensor(v) else torch.tensor(v)).detach().cpu().contiguous()
    return tensors, {"param_groups": sd["param_groups"]}


def _optim_from_tensors(opt, tensors: dict, meta: dict) -> None:
    state: dict[int, dict] = {}
    for name, t in tensors.items():
        _, idx, key = name.split(".", 2)
        state.setdefault(int(idx), {})[key] = t
    opt.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def save_checkpoint(run_dir: Path, model, opt, batch_gen, step: int, seconds: float, extra: dict) -> Path:
    """Write ``run_dir/checkpoint`` atomically (temp folder + rename)."""
    import shutil

    import torch
    from safetensors.torch import save_file

    from aigc_studio.core.models.checkpoint import state_dict_for_saving

    run_dir = Path(run_dir)
    final = run_dir / CKPT_DIR
    tmp = run_dir / f".{CKPT_DIR}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_file(state_dict_for_saving(model), str(tmp / "model.safetensors"))
    otensors, ometa = _optim_to_tensors(opt)
    save_file(otensors, str(tmp / "optimizer.safetensors"))
    save_file({"torch": torch.get_rng_state(), "batches": batch_gen.get_state()}, str(tmp / "rng.safetensors"))
    state = {"step": step, "seconds": seconds, "optimizer": ometa, **extra}
    with open(tmp / "state.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(state, ensure_ascii=False, indent=1))
        f.flush()
        os.fsync(f.fileno())
    from aigc_studio.core.base.atomic import replace_folder
    return replace_folder(tmp, final)


def load_checkpoint(run_dir: Path, model, opt, batch_gen) -> dict:
    """Restore model, optimizer and RNG states; returns state.json."""
    import torch
    from safetensors.torch import load_file

    from aigc_studio.core.models.checkpoint import load_weights_into

    ck = Path(run_dir) / CKPT_DIR
    state = json.loads((ck / "state.json").read_text(encoding="utf-8"))
    load_weights_into(model, load_file(str(ck / "model.safetensors")), "the checkpoint")
    _optim_from_tensors(opt, load_file(str(ck / "optimizer.safetensors")), state["optimizer"])
    rng = load_file(str(ck / "rng.safetensors"))
    torch.set_rng_state(rng["torch"])
    batch_gen.set_state(rng["batches"])
    return state


# ------------------------------------------------------------------ training

def begin_training(cfg, should_stop=None, stop_and_save=None, paused=None):
    """The common start of the image and audio trainers: the options checked (a TrainingError in words), torch's
    thread count, and (should_stop, stop_and_save, paused, device, out, run_dir) with the callbacks defaulted."""
    import torch
    problems = cfg.problems()
    if problems:
        raise TrainingError(" ".join(problems))
    if cfg.threads and cfg.threads > 0:
        torch.set_num_threads(int(cfg.threads))
    out = Path(cfg.out)
    run_dir = Path(cfg.run_dir) if cfg.run_dir else out.parent / (out.name + ".run")
    return (should_stop or (lambda: False), stop_and_save or (lambda: False), paused or (lambda: False),
            torch.device(cfg.device), out, run_dir)


def lr_at(step: int, cfg: TrainConfig, time_fraction: float = 0.0) -> float:
    """Linear warmup to ``lr`` over ``warmup_steps``, then cosine decay to ``min_lr`` at ``steps`` or, with a
    ``minutes`` budget, at whichever comes first (``time_fraction``: the part of the budget spent)."""
    if cfg.warmup_steps > 0 and step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    span = max(1, cfg.steps - cfg.warmup_steps)
    t = min(1.0, max((step - cfg.warmup_steps) / span, time_fraction))
    return cfg.min_lr + 0.5 * (cfg.lr - cfg.min_lr) * (1.0 + math.cos(math.pi * t))


def _eval_windows(tokens, block: int, limit: int | None):
    """Non-overlapping (x, y) windows over ``tokens`` (deterministic); ``limit`` windows at most."""
    n = (len(tokens) - 1) // block
    if limit is not None:
        n = min(n, limit)
    if n <= 0:
        return None, None
    starts = [i * block for i in range(n)]
    import torch
    x = torch.stack([tokens[s:s + block] for s in starts])
    y = torch.stack([tokens[s + 1:s + 1 + block] for s in starts])
    return x, y


def evaluate_loss(model, tokens, block: int, batch_size: int, limit: int | None = None, device="cpu") -> float:
    """Mean cross-entropy per token over non-overlapping windows of the held-out tokens."""
    import torch
    block = min(block, len(tokens) - 1)   # held-out text shorter than the context: one shorter window
    if block < 1:
        return float("nan")
    x, y = _eval_windows(tokens, block, limit)
    if x is None:
        return float("nan")
    was = model.training
    model.eval()
    total, count = 0.0, 0
    with torch.inference_mode():
        for i in range(0, len(x), batch_size):
            xb, yb = x[i:i + batch_size].to(device), y[i:i + batch_size].to(device)
            _, loss = model(xb, yb)
            total += float(loss) * yb.numel()
            count += yb.numel()
    model.train(was)
    return total / max(1, count)


def _sample_text(model, tok, prompt: str, n: int, seed: int) -> str:
    from aigc_studio.core.models.sampling import generate_stream
    ids = tok.encode(prompt) if prompt else []
    if not ids:
        ids = [tok.eos_id] if tok.eos_id is not None else tok.encode("\n") or [0]
    ids = ids[-model.config.block_size // 2:]
    was = model.training
    model.eval()
    try:
        out = "".join(generate_stream(model, tok, ids, max_new_tokens=n, temperature=0.8, top_k=40, top_p=0.95,
                                      seed=seed))
    finally:
        model.train(was)
    return prompt + out


def _build(cfg: TrainConfig, train_text_str: str):
    """(model, tokenizer, base card) for a new model or a fine-tune."""
    from aigc_studio.core.models.checkpoint import load_model_folder
    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import BPETokenizer, CharTokenizer

    if cfg.from_model:
        folder = Path(cfg.from_model)
        if not folder.is_dir():
            from aigc_studio.core.models import registry   # an installed model id
            folder = Path(registry.resolve(cfg.from_model).path)
        model, tok, card = load_model_folder(folder)
        model.train()
        return model, tok, card
    if cfg.tokenizer == "char":
        tok = CharTokenizer.train(train_text_str, min_count=max(1, cfg.char_min_count))
    elif cfg.tokenizer == "bpe":
        pieces = [p for p in train_text_str.split(EOT) if p.strip()]
        tok = BPETokenizer.train(pieces, vocab_size=cfg.vocab_size)
    else:
        raise TrainingError(f"Unknown tokenizer '{cfg.tokenizer}': choose char or bpe.")
    gcfg = GPTConfig.from_dict({**cfg.model, "vocab_size": tok.vocab_size})
    return GPT(gcfg), tok, {}


_RUN_IDENTITY = ("data", "eval_data", "from_model")
_NEW_MODEL_IDENTITY = ("tokenizer", "vocab_size", "char_min_count", "model")


def _same_run(run_dir: Path, cfg: TrainConfig) -> bool:
    """Whether the checkpoint in ``run_dir`` was trained on the same data and model options as ``cfg`` (then it
    is resumed, e.g. with more steps; otherwise a new run starts)."""
    try:
        old = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))["train"]
        new = cfg.to_dict()

        def path(v):
            return str(Path(v).resolve()) if v else ""
        if any(path(old.get(k, "")) != path(new[k]) for k in _RUN_IDENTITY):
            return False
        return bool(cfg.from_model) or all(old.get(k) == new[k] for k in _NEW_MODEL_IDENTITY)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def train_text(cfg: TrainConfig, should_stop: Callable[[], bool] | None = None,
               stop_and_save: Callable[[], bool] | None = None,
               paused: Callable[[], bool] | None = None) -> Generator[Any, None, dict]:
    import torch

    from aigc_studio.core.models.checkpoint import save_model_folder
    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import load_tokenizer

    should_stop = should_stop or (lambda: False)
    stop_and_save = stop_and_save or (lambda: False)
    paused = paused or (lambda: False)
    if cfg.threads and cfg.threads > 0:
        torch.set_num_threads(int(cfg.threads))
    device = torch.device(cfg.device)
    out = Path(cfg.out)
    run_dir = Path(cfg.run_dir) if cfg.run_dir else out.parent / (out.name + ".run")

    problem = out_folder_problem(out)
    if problem:
        raise TrainingError(problem)

    # data
    texts, skipped = read_texts(Path(cfg.data))
    for name in skipped:
        yield Log(f"Skipped {name}: it is not UTF-8 text.", "warning")
    if not texts or not any(t.strip() for _, t in texts):
        raise TrainingError(f"No UTF-8 text found in {cfg.data}.")
    etexts: list[tuple[str, str]] = []
    if cfg.eval_data:
        etexts, eskipped = read_texts(Path(cfg.eval_data))
        for name in eskipped:
            yield Log(f"Skipped held-out file {name}: it is not UTF-8 text.", "warning")
        if not any(t.strip() for _, t in etexts):
            raise TrainingError(f"No UTF-8 text found in the held-out text {cfg.eval_data}.")
    run_dir.mkdir(parents=True, exist_ok=True)
    resuming = cfg.resume and (run_dir / CKPT_DIR / "state.json").is_file()
    if resuming and not _same_run(run_dir, cfg):
        yield Log(f"The checkpoint in {run_dir} is of other data or model options: starting a new run.", "warning")
        resuming = False
    if not resuming and (run_dir / CKPT_DIR).exists():
        import shutil
        shutil.rmtree(run_dir / CKPT_DIR)   # never resume it with the new run's tokenizer and size

    torch.manual_seed(cfg.seed)
    base_card: dict = {}
    if resuming:
        tok = load_tokenizer(run_dir)
        gcfg = GPTConfig.from_dict(json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["config"])
        model = GPT(gcfg)
        base_card = json.loads((run_dir / "run.json").read_text(encoding="utf-8")).get("base_card", {})
    else:
        ttype = "bpe" if cfg.from_model else cfg.tokenizer
        model, tok, base_card = _build(cfg, join_texts([t for _, t in texts], ttype))
        tok.save(run_dir)
        (run_dir / "run.json").write_text(json.dumps(
            {"config": model.config.to_dict(), "train": cfg.to_dict(), "base_card": base_card},
            ensure_ascii=False, indent=1), encoding="utf-8")
    ttype = tok.type
    corpus = join_texts([t for _, t in texts], ttype)
    data = torch.tensor(tok.encode(corpus), dtype=torch.long)
    if cfg.eval_data:
        eval_str = join_texts([t for _, t in etexts], ttype)
        eval_tokens = torch.tensor(tok.encode(eval_str), dtype=torch.long)
    else:
        # the last 2 %, at least one full context; a text shorter than two contexts keeps a tenth
        hold = max(len(data) // 50, model.config.block_size + 1)
        if len(data) - hold < hold:
            hold = max(2, len(data) // 10)
        cut = max(1, len(data) - hold)
        eval_tokens, data = data[cut:], data[:cut]
        eval_str = tok.decode(eval_tokens.tolist())
    block = int(model.config.block_size)
    if len(data) < 2:
        raise TrainingError("The training text is too short: it needs at least a few words.")
    block_train = min(block, len(data) - 1)
    chars_per_token = len(eval_str) / max(1, len(eval_tokens))
    model.to(device)
    model.train()
    opt = model.configure_optimizer(cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, cfg.beta2))
    batch_gen = torch.Generator().manual_seed(cfg.seed + 1)
    step, seconds_before = 0, 0.0
    if resuming:
        st = load_checkpoint(run_dir, model, opt, batch_gen)
        step, seconds_before = int(st["step"]), float(st["seconds"])
        yield Log(f"Resumed from the checkpoint at step {step}.")
    n_params = model.num_params()
    yield Log(f"{n_params / 1e6:.2f} M parameters, {tok.type} tokenizer of {tok.vocab_size} tokens, "
              f"{len(data):,} training and {len(eval_tokens):,} held-out tokens, {torch.get_num_threads()} "
              f"thread(s) on {device}.")

    def ckpt_extra():
        return {"tokens_seen": tokens_seen, "last_eval": last_eval}

    t_start = time.perf_counter()
    tokens_seen = step * cfg.batch_size * block_train
    last_eval = float("nan")
    last_train = float("nan")
    stopped = "steps"
    t_log, tok_log = time.perf_counter(), 0
    budget = cfg.minutes * 60.0 if cfg.minutes and cfg.minutes > 0 else None

    def elapsed() -> float:
        return seconds_before + (time.perf_counter() - t_start)

    while step < cfg.steps:
        t_pause = time.perf_counter()
        while paused() and not should_stop() and not stop_and_save():
            time.sleep(0.1)
        held = time.perf_counter() - t_pause   # time spent paused spends neither the budget nor the schedule
        t_start += held
        t_log += held
        lr = lr_at(step, cfg, elapsed() / budget if budget else 0.0)
        for g in opt.param_groups:
            g["lr"] = lr
        ix = torch.randint(len(data) - block_train, (cfg.batch_size,), generator=batch_gen)
        x = torch.stack([data[i:i + block_train] for i in ix.tolist()]).to(device)
        y = torch.stack([data[i + 1:i + 1 + block_train] for i in ix.tolist()]).to(device)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip and cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        tokens_seen += x.numel()
        tok_log += x.numel()
        last_train = loss.detach().item()
        if not math.isfinite(last_train):
            raise TrainingError(f"The training loss became {last_train} at step {step}: lower the "
                                     "learning rate.")
        if step % cfg.log_every == 0 or step == cfg.steps:
            now = time.perf_counter()
            yield Metric("train_loss", step, last_train)
            yield Metric("lr", step, lr)
            yield Metric("tokens_per_s", step, tok_log / max(1e-9, now - t_log))
            yield Progress(step, cfg.steps, f"step {step}/{cfg.steps}, loss {last_train:.3f}")
            t_log, tok_log = now, 0
        if cfg.eval_every and step % cfg.eval_every == 0 and step < cfg.steps:
            last_eval = evaluate_loss(model, eval_tokens, block, cfg.batch_size, cfg.eval_batches * cfg.batch_size,
                                      device)
            yield Metric("eval_loss", step, last_eval)
        if cfg.sample_every and step % cfg.sample_every == 0:
            try:
                text = _sample_text(model, tok, cfg.sample_prompt, cfg.sample_tokens, cfg.seed + step)
            except Exception as e:   # a sample is a nicety: never lose a training run to it
                yield Log(f"Could not generate a sample at step {step} ({type(e).__name__}: {e}).", "warning")
            else:
                yield Sample(step, text)
        want_stop, want_save = should_stop(), stop_and_save()
        over_budget = budget is not None and elapsed() >= budget
        if (cfg.checkpoint_every and step % cfg.checkpoint_every == 0) or want_stop or want_save or over_budget:
            save_checkpoint(run_dir, model, opt, batch_gen, step, elapsed(), ckpt_extra())
        if want_stop:
            yield Log(f"Stopped at step {step}; the checkpoint in {run_dir} resumes it.")
            return {"stopped": "cancelled", "step": step, "run_dir": str(run_dir), "out": None,
                    "train_loss": last_train, "eval_loss": last_eval}
        if want_save:
            stopped = "stop-and-save"
            break
        if over_budget:
            stopped = "time budget"
            yield Log(f"The time budget of {cfg.minutes:g} minutes is spent at step {step}.")
            break

    if step >= cfg.steps:
        save_checkpoint(run_dir, model, opt, batch_gen, step, elapsed(), ckpt_extra())
    seconds = elapsed()
    final_eval = evaluate_loss(model, eval_tokens, block, cfg.batch_size, None, device)
    yield Metric("eval_loss", step, final_eval)
    metrics = {"train_loss": round(last_train, 4), "heldout_loss_per_token": round(final_eval, 4),
               "heldout_loss_per_char": round(final_eval / chars_per_token, 4),
               "heldout_tokens": int(len(eval_tokens)), "heldout_chars": len(eval_str)}
    card = dict(base_card)
    for k in ("format", "parameters", "size_bytes", "weights_dtype"):
        card.pop(k, None)
    card.update({
        "id": cfg.card.get("id") or card.get("id") or out.name,
        "name": cfg.card.get("name") or card.get("name") or out.name,
        "kind": "text", "architecture": "gpt", "config": model.config.to_dict(),
        "language": cfg.card.get("language") or card.get("language", ""),
        "description": cfg.card.get("description") or card.get("description", ""),
        "data": {**cfg.card.get("data", {})} or {"source": str(cfg.data), "licence": "", "prep": ""},
        "recipe": {k: v for k, v in cfg.to_dict().items() if k not in ("card",)},
        "metrics": metrics,
        "training": {"hardware": hardware_description(cfg.device), "seconds": round(seconds, 1), "steps": step,
                     "tokens_seen": int(tokens_seen), "stopped": stopped, "torch": torch.__version__,
                     "threads": torch.get_num_threads(), "train_tokens": int(len(data))},
    })
    if cfg.from_model:
        card["fine_tuned_from"] = base_card.get("id", str(cfg.from_model))
    model.eval()
    save_model_folder(out, model, card, tokenizer=tok, dtype=cfg.save_dtype or None, readme=render_readme(card))
    yield Log(f"Saved the model to {out} ({stopped} at step {step}, held-out loss {final_eval:.3f}/token).")
    return {"stopped": stopped, "step": step, "run_dir": str(run_dir), "out": str(out), "seconds": seconds,
            "train_loss": last_train, "eval_loss": final_eval, "metrics": metrics}


# ------------------------------------------------------------------ model card

def _fmt_seconds(s: float) -> str:
    m, sec = divmod(int(round(s)), 60)
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min {sec:02d} s"


def render_readme(card: dict, samples: list[tuple[str, str]] | None = None) -> str:
    """A human-readable model card (README.md) from ``card``; ``samples``: (prompt, generated) pairs."""
    cfg = card.get("config", {})
    tr = card.get("training", {})
    data = card.get("data", {})
    rec = card.get("recipe", {})
    size = card.get("size_bytes")
    lines = [f"# {card.get('name', card.get('id', 'model'))}", "", card.get("description", ""), "",
             "| | |", "|---|---|",
             f"| id | `{card.get('id', '')}` |",
             f"| language | {card.get('language', '')} |",
             f"| architecture | GPT (decoder-only transformer): {cfg.get('n_layer')} layers, {cfg.get('n_head')} "
             f"heads, {cfg.get('n_embd')} wide, context {cfg.get('block_size')} tokens |",
             f"| tokenizer | {card.get('tokenizer', rec.get('tokenizer', ''))}, {cfg.get('vocab_size')} tokens |"]
    if card.get("parameters"):
        lines.append(f"| parameters | {card['parameters']:,} ({card['parameters'] / 1e6:.2f} M) |")
    if size:
        lines.append(f"| weights | {size / 1e6:.2f} MB safetensors ({card.get('weights_dtype', '')}) |")
    if card.get("fine_tuned_from"):
        lines.append(f"| fine-tuned from | `{card['fine_tuned_from']}` |")
    lines += ["", "## Data", "", f"- Source: {data.get('source', '')}", f"- Licence: {data.get('licence', '')}",
              f"- Preparation: {data.get('prep', '')}", "", "## Training", "",
              f"- Trained by AIGC Studio's own trainer (`aigc_studio/core/training/text.py`)"
              + (f" from the recipe `{card['recipe_file']}`" if card.get("recipe_file") else "") + ".",
              f"- Steps: {tr.get('steps', '')} ({tr.get('stopped', '')}), tokens seen: {tr.get('tokens_seen', 0):,}"
              f" (training set: {tr.get('train_tokens', 0):,} tokens)",
              f"- Time: {_fmt_seconds(float(tr.get('seconds', 0)))}",
              f"- Hardware: {tr.get('hardware', '')}; torch {tr.get('torch', '')}",
              f"- Optimiser: AdamW (lr {rec.get('lr')} -> {rec.get('min_lr')}, warmup {rec.get('warmup_steps')} "
              f"steps, cosine decay, weight decay {rec.get('weight_decay')}, gradient clipping "
              f"{rec.get('grad_clip')}), batch {rec.get('batch_size')} x {cfg.get('block_size')} tokens, "
              f"dropout {cfg.get('dropout')}"]
    if card.get("rebuild"):
        lines += ["", "Rebuild:", "", "```sh", *card["rebuild"], "```"]
    if card.get("usage"):
        u = card["usage"]
        lines += ["", "## Use", "", f"- Prompt: {u.get('prompt', '')}"]
        if u.get("stop"):
            lines.append("- Stop strings: " + ", ".join(json.dumps(x, ensure_ascii=False) for x in u["stop"]))
        if u.get("note"):
            lines.append(f"- Note: {u['note']}")
    lines += ["", "## Metrics", ""]
    if card.get("metrics_notes"):
        lines += [card["metrics_notes"], ""]
    for k, v in card.get("metrics", {}).items():
        lines.append(f"- {k}: {v}")
    if samples:
        lines += ["", "## Samples", ""]
        if card.get("sampling"):
            lines += [f"Sampling: {card['sampling']}", ""]
        for i, (prompt, text) in enumerate(samples, 1):
            shown = (prompt + "⟨" + text + "⟩") if prompt else text
            lines += [f"{i}.", "", "```text", shown.strip("\n"), "```", ""]
        lines.append("(The prompt is outside ⟨ ⟩; the model wrote what is inside.)")
    lines += ["", "## Limitations", "",
              "A few-MB model trained for under an hour on a CPU: it imitates the form and vocabulary of its data, "
              "not its sense. Output can be incoherent, repetitive or reproduce phrases of the training data, and "
              "it reflects the views and biases of the texts it learned from.", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ command line (scripts/train/train_shipped_text.sh)

def print_event(ev, stream=None, metrics=("train_loss", "eval_loss")) -> None:
    """One training event as the shipped-model scripts log it: the named ``metrics``, tokens/s, samples (a
    multi-line text between rules, a one-line note as it is) and messages."""
    import sys
    stream = stream or sys.stdout
    if isinstance(ev, Metric):
        if ev.name in metrics:
            print(f"step {ev.step:6d} {ev.name} {ev.value:.4f}", file=stream, flush=True)
        elif ev.name == "tokens_per_s":
            print(f"step {ev.step:6d} tokens/s {ev.value:.0f}", file=stream, flush=True)
    elif isinstance(ev, Sample):
        text = f":\n{ev.text}\n---" if "\n" in ev.text else f": {ev.text}"
        print(f"--- sample at step {ev.step}{text}", file=stream, flush=True)
    elif isinstance(ev, Log):
        print(f"[{ev.level}] {ev.message}", file=stream, flush=True)


def main(argv=None) -> int:
    """``python -m aigc_studio.core.training.text --recipe recipes/X.json [--out DIR] [--steps N] ...``"""
    import argparse
    ap = argparse.ArgumentParser(description="Train a text model from a recipe (JSON) or options.")
    ap.add_argument("--recipe", type=Path)
    ap.add_argument("--data")
    ap.add_argument("--eval-data")
    ap.add_argument("--out")
    ap.add_argument("--run-dir")
    ap.add_argument("--from", dest="from_model")
    ap.add_argument("--tokenizer", choices=["char", "bpe"])
    ap.add_argument("--vocab-size", type=int)
    ap.add_argument("--steps", type=int)
    ap.add_argument("--minutes", type=float)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--no-resume", action="store_true")
    a = ap.parse_args(argv)
    over = {"data": a.data, "eval_data": a.eval_data, "out": a.out, "run_dir": a.run_dir,
            "from_model": a.from_model, "tokenizer": a.tokenizer, "vocab_size": a.vocab_size, "steps": a.steps,
            "minutes": a.minutes, "threads": a.threads, "resume": False if a.no_resume else None}
    if a.recipe:
        cfg = load_recipe(a.recipe, **over)
    else:
        cfg = TrainConfig.from_dict({k: v for k, v in over.items() if v is not None})
    gen = train_text(cfg)
    while True:
        try:
            print_event(next(gen))
        except StopIteration as e:
            print(json.dumps(e.value, ensure_ascii=False, default=str))
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
