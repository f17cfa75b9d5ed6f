"""The text trainer: a GPT or an LSTM (``architecture``) on the user's text, as a
:class:`~aigc_studio.core.training.loop.Task` of the one training loop (pause, time budget, checkpoints,
stop-and-save and cancel are the loop's).

- Data: a folder of ``.txt``/``.md`` files (recursively, sorted) or a single text file. Files that are not UTF-8
  are skipped with a warning naming them. A held-out file (``eval_data``) gives the eval loss; without one a
  part is held out (core/training/split.py: every 10th file of 20 or more, else the last 10 % of each file, none
  for a tiny text, with a note); ``result["heldout"]`` says what. Data too small for the size preset is warned
  about with a preset that fits; fine-tuning a char model names the characters its vocabulary lacks.
- Model: a new GPT or LSTM (core/models/lstm.py) with a new tokenizer (``"char"``: characters seen at least
  ``char_min_count`` times, right for Chinese; ``"bpe"``: byte-level BPE with ``vocab_size`` tokens), or fine-tuning an existing model folder
  (``from_model``): its tokenizer and config are reused. A resumed run reuses the run folder's tokenizer.
- Optimisation: AdamW (decay on matrices only), linear warmup then cosine decay to ``min_lr``, gradient clipping.
- Events: ``Metric`` ("train_loss", "lr", "eval_loss", "tokens_per_s"), ``Sample`` (generated text every
  ``sample_every`` steps), ``Progress`` and ``Log``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Generator

import torch

from aigc_studio.core.assets.formats import TEXT_EXTENSIONS  # noqa: F401 (the listing is in core/data/text_files.py)
from aigc_studio.core.data.text_files import (TRAIN_TEXT_MAX_CHARS, TextReadError, encode_chunked, read_text_files,
                                              text_pieces)
from aigc_studio.core.base.events import Log, Metric, Sample
from aigc_studio.core.models.gpt import GPT, GPTConfig
from aigc_studio.core.models.lstm import LSTMConfig, LSTMLM
from aigc_studio.core.models.sampling import generate_stream
from aigc_studio.core.models.tokenizers import BPETokenizer, CharTokenizer, load_tokenizer
from aigc_studio.core.training.config import TrainConfig, TrainingError
from aigc_studio.core.training.loop import Finished, Task, load_base_model, lr_at, set_lr, train
from aigc_studio.core.training.presets import size_advice
from aigc_studio.core.training.split import MIN_ITEMS, NOTE_TOO_FEW, heldout_record, split_items, text_spans

TEXT_MODELS = {"gpt": (GPT, GPTConfig), "lstm": (LSTMLM, LSTMConfig)}


def build_text_model(architecture: str, config: dict):
    """A new text model of ``architecture`` ("gpt" | "lstm") from its config dict."""
    model_cls, config_cls = TEXT_MODELS[architecture]
    return model_cls(config_cls.from_dict(config))

EOT = "<|endoftext|>"
UNSEEN_CHARACTERS = ("{count} characters of the training text ({distinct} different: {shown}) are not in the "
                     "vocabulary of {model}: they become {unk} (unknown) in training, and the model cannot write them.")


# ------------------------------------------------------------------ data

def read_texts(path: Path, what: str = "training text") -> tuple[list[tuple[str, str]], list[str]]:
    """([(name, text)], [notes]) from a file or a folder of .txt/.md files, read in chunks up to
    ``TRAIN_TEXT_MAX_CHARS`` in all (core/data/text_files.py: bounded memory for any input size). The notes say
    which files or folders were skipped and why (not UTF-8, unreadable, vanished) and whether the text was cut."""
    try:
        read = read_text_files(Path(path), TRAIN_TEXT_MAX_CHARS, what)
    except TextReadError as e:
        raise TrainingError(str(e)) from None
    return read.texts, read.notes


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
        model, tok, card = load_base_model(cfg.from_model)
        if card.get("architecture") not in TEXT_MODELS or tok is None:
            raise TrainingError(f"{cfg.from_model} is not a text model: fine-tune a text model (for example "
                                "fortunes-en).")
        return model, tok, card
    if cfg.tokenizer == "char":
        tok = CharTokenizer.train(text, min_count=max(1, cfg.char_min_count))
    else:
        # in pieces of at most 64 k characters: one 48 MB string made the library peak at 4 GB (320 MB this way)
        tok = BPETokenizer.train(text_pieces(text, EOT), vocab_size=cfg.vocab_size)
    return build_text_model(cfg.architecture, {**cfg.model, "vocab_size": tok.vocab_size}), tok, {}


def unseen_characters(tok, text: str) -> tuple[int, list[str]]:
    """(how many characters of ``text`` a char tokenizer does not know, the distinct ones, most frequent
    first)."""
    if getattr(tok, "type", "") != "char":
        return 0, []
    counts: dict[str, int] = {}
    known = tok.stoi
    for ch in text:
        if ch not in known:
            counts[ch] = counts.get(ch, 0) + 1
    return sum(counts.values()), sorted(counts, key=lambda c: -counts[c])


def split_texts(cfg: TrainConfig, texts: list[tuple[str, str]]):
    """(training texts, held-out texts, the held-out record) when no held-out text is given (split.py)."""
    root = Path(cfg.data)
    path_of = (lambda name: str(root / name)) if root.is_dir() else (lambda name: str(root))
    if len(texts) >= MIN_ITEMS:
        train, held = split_items(texts)
        return train, held, heldout_record("split", files=[path_of(n) for n, _ in held])
    spans = text_spans([len(t) for _, t in texts])
    if spans is None:
        return texts, [], heldout_record("none", note=NOTE_TOO_FEW.format(count=len(texts)))
    train = [(n, t[:a]) for (n, t), (a, _) in zip(texts, spans)]
    held = [(n, t[a:b]) for (n, t), (a, b) in zip(texts, spans) if b > a]
    return train, held, heldout_record("split", spans=[{"path": path_of(n), "start": a, "end": b}
                                                       for (n, _), (a, b) in zip(texts, spans) if b > a])


class TextTask(Task):
    unit = "tokens"

    def identity(self, train: dict) -> dict:
        """The same data (and, for a new model, the same tokenizer and size): more steps continue the run."""
        ident = super().identity(train)
        if not train.get("from_model"):
            ident.update({k: train.get(k) for k in ("tokenizer", "vocab_size", "char_min_count")})
            ident["architecture"] = train.get("architecture", "gpt")
        else:
            ident.pop("model")
        return ident

    def build(self, run: dict | None):
        cfg = self.cfg
        out, run_dir = cfg.paths()
        texts, skipped = read_texts(Path(cfg.data))
        for note in skipped:        # sentences: which file or folder was skipped and why, or that the text was cut
            yield Log(note, "warning")
        if not texts or not any(t.strip() for _, t in texts):
            raise TrainingError(f"No UTF-8 text found in {cfg.data}.")
        etexts: list[tuple[str, str]] = []
        all_texts = texts
        if cfg.eval_data:
            etexts, eskipped = read_texts(Path(cfg.eval_data), "held-out text")
            for note in eskipped:
                yield Log(f"Held-out text: {note}", "warning")
            if not any(t.strip() for _, t in etexts):
                raise TrainingError(f"No UTF-8 text found in the held-out text {cfg.eval_data}.")
            root = Path(cfg.eval_data)
            self.heldout = heldout_record("eval_data", files=[str(root / n) if root.is_dir() else str(root)
                                                              for n, _ in etexts])
        else:
            texts, etexts, self.heldout = split_texts(cfg, texts)
            if self.heldout["note"]:
                self.notes.append(self.heldout["note"])
        self.arch = run.get("architecture", "gpt") if run is not None else None
        if run is not None:
            tok = load_tokenizer(run_dir)
            model = build_text_model(self.arch, run["config"])
            self.base_card = run.get("base_card", {})
        else:
            ttype = "bpe" if cfg.from_model else cfg.tokenizer
            shared_tok = self.dist.active and not cfg.from_model    # rank 0 trains the tokenizer, the others read it
            if shared_tok and not self.dist.is_main:
                self.dist.barrier()
                tok = load_tokenizer(run_dir)
                model = build_text_model(cfg.architecture, {**cfg.model, "vocab_size": tok.vocab_size})
                self.base_card = {}
            else:
                model, tok, self.base_card = _new_model(cfg, join_texts([t for _, t in all_texts], ttype))
                if self.dist.is_main:
                    tok.save(run_dir)
                if shared_tok:
                    self.dist.barrier()
            self.arch = self.base_card.get("architecture") or cfg.architecture
        corpus = join_texts([t for _, t in texts], tok.type)
        if cfg.from_model:
            n_unseen, unseen = unseen_characters(tok, corpus)
            if n_unseen:
                shown = " ".join(repr(c)[1:-1] for c in unseen[:20]) + (" ..." if len(unseen) > 20 else "")
                self.notes.append(UNSEEN_CHARACTERS.format(
                    count=f"{n_unseen:,}", distinct=len(unseen), shown=shown, unk=tok.unk,
                    model=self.base_card.get("name") or cfg.from_model))
        else:
            advice = size_advice(cfg.KIND, cfg.preset, len(corpus))
            if advice:
                self.notes.append(advice[0].format(**advice[1]))
        data = encode_chunked(tok, corpus)      # piece by piece: never one Python list of the whole text
        if etexts:
            eval_str = join_texts([t for _, t in etexts], tok.type)
            eval_tokens = encode_chunked(tok, eval_str)
        else:                            # nothing held out: the figures are of the training text
            eval_str, eval_tokens = corpus, data
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
        return {"config": self.model.config.to_dict(), "architecture": self.arch, "base_card": self.base_card}

    def modules(self) -> dict:
        return {"model": self.model}

    def optimizers(self) -> dict:
        return {"adamw": self.opt}

    def generators(self) -> dict:
        return {"batches": self.batches}

    def describe(self) -> str:
        return (f"{self.arch.upper()}: {self.model.num_params() / 1e6:.2f} M parameters, {self.tok.type} tokenizer of "
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
        ix = torch.randint(len(self.data) - self.block_train, (cfg.batch_size,), generator=self.batches)
        ix = self.dist.shard(ix).tolist()      # this rank's part of the global batch (all of it alone)
        x = torch.stack([self.data[i:i + self.block_train] for i in ix]).to(self.device)
        y = torch.stack([self.data[i + 1:i + 1 + self.block_train] for i in ix]).to(self.device)
        _, loss = self.model(x, y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.dist.average_grads(self.model.parameters())
        if cfg.grad_clip and cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.grad_clip)
        self.opt.step()
        self.tokens_seen += x.numel() * self.dist.world_size
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
        return Finished(self.model, {"kind": "text", "architecture": self.arch, "config": self.model.config.to_dict(),
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
