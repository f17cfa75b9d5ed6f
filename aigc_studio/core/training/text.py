"""The text trainer: a GPT on the user's text, as a :class:`~aigc_studio.core.training.loop.Task` of the one
training loop (pause, time budget, checkpoints, stop-and-save and cancel are the loop's).

- Data: a folder of ``.txt``/``.md`` files (recursively, sorted) or a single text file. Files that are not UTF-8
  are skipped with a warning naming them. A held-out file (``eval_data``) gives the eval loss; without one the
  last 2 % of the tokens are held out.
- Model: a new GPT with a new tokenizer (``"char"``: characters seen at least ``char_min_count`` times, right for
  Chinese; ``"bpe"``: byte-level BPE with ``vocab_size`` tokens), or fine-tuning an existing model folder
  (``from_model``): its tokenizer and config are reused. A resumed run reuses the run folder's tokenizer.
- Optimisation: AdamW (decay on matrices only), linear warmup then cosine decay to ``min_lr``, gradient clipping.
- Events: ``Metric`` ("train_loss", "lr", "eval_loss", "tokens_per_s"), ``Sample`` (generated text every
  ``sample_every`` steps), ``Progress`` and ``Log``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Generator

import torch

from aigc_studio.core.assets.formats import TEXT_EXTENSIONS
from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.models.gpt import GPT, GPTConfig
from aigc_studio.core.models.sampling import generate_stream
from aigc_studio.core.models.tokenizers import BPETokenizer, CharTokenizer, load_tokenizer
from aigc_studio.core.training.config import TrainConfig, TrainingError
from aigc_studio.core.training.loop import Finished, Task, load_base_model, lr_at, set_lr, train

EOT = "<|endoftext|>"


# ------------------------------------------------------------------ data

def read_texts(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """([(name, text)], [skipped file names]) from a file or a folder of .txt/.md files."""
    path = Path(path)
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_EXTENSIONS)
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


def _eval_windows(tokens, block: int, limit: int | None):
    """Non-overlapping (x, y) windows over ``tokens`` (deterministic); ``limit`` windows at most."""
    n = (len(tokens) - 1) // block
    if limit is not None:
        n = min(n, limit)
    if n <= 0:
        return None, None
    starts = [i * block for i in range(n)]
    x = torch.stack([tokens[s:s + block] for s in starts])
    y = torch.stack([tokens[s + 1:s + 1 + block] for s in starts])
    return x, y


def evaluate_loss(model, tokens, block: int, batch_size: int, limit: int | None = None, device="cpu") -> float:
    """Mean cross-entropy per token over non-overlapping windows of the held-out tokens."""
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


def _new_model(cfg: TrainConfig, text: str):
    """(model, tokenizer, base card) for a new model or a fine-tune."""
    if cfg.from_model:
        return load_base_model(cfg.from_model, "gpt", lambda folder: (
            f"{folder.name} is not a text model: fine-tune a text model (for example fortunes-en)."))
    if cfg.tokenizer == "char":
        tok = CharTokenizer.train(text, min_count=max(1, cfg.char_min_count))
    else:
        tok = BPETokenizer.train([p for p in text.split(EOT) if p.strip()], vocab_size=cfg.vocab_size)
    return GPT(GPTConfig.from_dict({**cfg.model, "vocab_size": tok.vocab_size})), tok, {}


class TextTask(Task):
    unit = "tokens"

    def identity(self, train: dict) -> dict:
        """The same data (and, for a new model, the same tokenizer and size): more steps continue the run."""
        ident = super().identity(train)
        if not train.get("from_model"):
            ident.update({k: train.get(k) for k in ("tokenizer", "vocab_size", "char_min_count")})
        else:
            ident.pop("model")
        return ident

    def build(self, run: dict | None):
        cfg = self.cfg
        out, run_dir = cfg.paths()
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
        if run is not None:
            tok = load_tokenizer(run_dir)
            model = GPT(GPTConfig.from_dict(run["config"]))
            self.base_card = run.get("base_card", {})
        else:
            ttype = "bpe" if cfg.from_model else cfg.tokenizer
            model, tok, self.base_card = _new_model(cfg, join_texts([t for _, t in texts], ttype))
            tok.save(run_dir)
        corpus = join_texts([t for _, t in texts], tok.type)
        data = torch.tensor(tok.encode(corpus), dtype=torch.long)
        if cfg.eval_data:
            eval_str = join_texts([t for _, t in etexts], tok.type)
            eval_tokens = torch.tensor(tok.encode(eval_str), dtype=torch.long)
        else:
            # the last 2 %, at least one full context; a text shorter than two contexts keeps a tenth
            hold = max(len(data) // 50, model.config.block_size + 1)
            if len(data) - hold < hold:
                hold = max(2, len(data) // 10)
            cut = max(1, len(data) - hold)
            eval_tokens, data = data[cut:], data[:cut]
            eval_str = tok.decode(eval_tokens.tolist())
        if len(data) < 2:
            raise TrainingError("The training text is too short: it needs at least a few words.")
        self.model, self.tok, self.data, self.eval_tokens = model, tok, data, eval_tokens
        self.block = int(model.config.block_size)
        self.block_train = min(self.block, len(data) - 1)
        self.chars_per_token = len(eval_str) / max(1, len(eval_tokens))
        self.eval_chars = len(eval_str)
        self.device = torch.device(cfg.device)
        model.to(self.device).train()
        self.opt = model.configure_optimizer(cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, cfg.beta2))
        self.batches = torch.Generator().manual_seed(cfg.seed + 1)
        self.tokens_seen, self.last_train, self.last_eval = 0, float("nan"), float("nan")

    def run_info(self) -> dict:
        return {"config": self.model.config.to_dict(), "base_card": self.base_card}

    def modules(self) -> dict:
        return {"model": self.model}

    def optimizers(self) -> dict:
        return {"adamw": self.opt}

    def generators(self) -> dict:
        return {"batches": self.batches}

    def describe(self) -> str:
        return (f"{self.model.num_params() / 1e6:.2f} M parameters, {self.tok.type} tokenizer of "
                f"{self.tok.vocab_size} tokens, {len(self.data):,} training and {len(self.eval_tokens):,} held-out "
                f"tokens, {torch.get_num_threads()} thread(s) on {self.device}.")

    def state(self) -> dict:
        return {"tokens_seen": self.tokens_seen, "last_eval": self.last_eval, "last_train": self.last_train}

    def restore(self, state: dict) -> None:
        self.tokens_seen = int(state.get("tokens_seen", 0))
        self.last_eval = float(state.get("last_eval", float("nan")))
        self.last_train = float(state.get("last_train", float("nan")))

    def train_step(self, step: int, time_fraction: float) -> dict[str, float]:
        cfg = self.cfg
        lr = lr_at(step, cfg, time_fraction)
        set_lr(self.opt, lr)
        ix = torch.randint(len(self.data) - self.block_train, (cfg.batch_size,), generator=self.batches).tolist()
        x = torch.stack([self.data[i:i + self.block_train] for i in ix]).to(self.device)
        y = torch.stack([self.data[i + 1:i + 1 + self.block_train] for i in ix]).to(self.device)
        _, loss = self.model(x, y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip and cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
        self.opt.step()
        self.tokens_seen += x.numel()
        self.last_train = loss.detach().item()
        return {"train_loss": self.last_train, "lr": lr}

    def items_per_step(self) -> int:
        return self.cfg.batch_size * self.block_train

    def progress_text(self, metrics: dict[str, float]) -> str:
        return f"loss {metrics['train_loss']:.3f}"

    def evaluate(self, step: int):
        if step < self.cfg.steps:                     # the last step is measured on all held-out text
            self.last_eval = evaluate_loss(self.model, self.eval_tokens, self.block, self.cfg.batch_size,
                                           self.cfg.eval_batches * self.cfg.batch_size, self.device)
            yield Metric("eval_loss", step, self.last_eval)

    def sample(self, step: int) -> Sample:
        cfg = self.cfg
        return Sample(step, _sample_text(self.model, self.tok, cfg.sample_prompt, cfg.sample_tokens, cfg.seed + step))

    def summary(self) -> dict:
        return {"train_loss": self.last_train, "eval_loss": self.last_eval}

    def finish(self, step: int, seconds: float, stopped: str) -> Generator[Any, None, Finished]:
        final_eval = evaluate_loss(self.model, self.eval_tokens, self.block, self.cfg.batch_size, None, self.device)
        self.last_eval = final_eval
        yield Metric("eval_loss", step, final_eval)
        metrics = {"train_loss": round(self.last_train, 4), "heldout_loss_per_token": round(final_eval, 4),
                   "heldout_loss_per_char": round(final_eval / self.chars_per_token, 4),
                   "heldout_tokens": int(len(self.eval_tokens)), "heldout_chars": self.eval_chars}
        self.model.eval()
        return Finished(self.model, {"kind": "text", "architecture": "gpt", "config": self.model.config.to_dict(),
                                     "language": self.cfg.card.get("language") or self.base_card.get("language", ""),
                                     "metrics": metrics,
                                     "training": {"tokens_seen": int(self.tokens_seen),
                                                  "train_tokens": int(len(self.data))}},
                        tokenizer=self.tok, note=f"held-out loss {final_eval:.3f}/token")


def train_text(cfg: TrainConfig, should_stop: Callable[[], bool] | None = None,
               stop_and_save: Callable[[], bool] | None = None, paused: Callable[[], bool] | None = None,
               **loop) -> Generator[Any, None, dict]:
    """Train a text model (see :func:`aigc_studio.core.training.loop.train`; ``loop``: its clock and sleep)."""
    return train(TextTask(cfg), should_stop, stop_and_save, paused, **loop)
