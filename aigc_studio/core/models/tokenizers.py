"""Tokenizers, chosen per model and stored with it.

- ``CharTokenizer``: one token per character; right for Chinese. The vocabulary is stored in the folder as
  ``tokenizer.json`` ``{"type": "char", "vocab": [...], "unk": "..."}``.
- ``BPETokenizer``: byte-level BPE from the ``tokenizers`` library (GPT-2 style); stored as the library's own
  ``tokenizer.json``.

Both: ``encode(str) -> list[int]``, ``decode(list[int]) -> str``, ``vocab_size``, ``eos_id`` (or None),
``save(folder)``, and ``load_tokenizer(folder)`` picks the right class from the file.
"""
from __future__ import annotations

import json
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from aigc_studio.core.base.atomic import atomic_write_text
from aigc_studio.core.base.errors import ModelError

TOKENIZER_FILE = "tokenizer.json"
UNK = "\u2047"   # shown for characters a char model has never seen


class CharTokenizer:
    type = "char"

    def __init__(self, vocab: list[str], unk: str = UNK, eos: str | None = None):
        if unk not in vocab:
            vocab = [unk] + list(vocab)
        self.vocab = list(vocab)
        self.stoi = {c: i for i, c in enumerate(self.vocab)}
        if len(self.stoi) != len(self.vocab):
            raise ModelError("The tokenizer vocabulary repeats a character.")
        self.unk = unk
        self.unk_id = self.stoi[unk]
        self.eos = eos
        self.eos_id = self.stoi.get(eos) if eos is not None else None

    @classmethod
    def train(cls, text: str, min_count: int = 1, eos: str | None = None) -> "CharTokenizer":
        counts: dict[str, int] = {}
        for ch in text:
            counts[ch] = counts.get(ch, 0) + 1
        chars = sorted(c for c, n in counts.items() if n >= min_count)
        if eos is not None and eos not in chars:
            chars.append(eos)
        return cls([UNK] + [c for c in chars if c != UNK], eos=eos)

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def encode(self, text: str) -> list[int]:
        get, unk = self.stoi.get, self.unk_id
        return [get(c, unk) for c in text]

    def decode(self, ids) -> str:
        v = self.vocab
        return "".join(v[i] if 0 <= i < len(v) else self.unk for i in ids)

    def to_dict(self) -> dict:
        return {"type": "char", "vocab": self.vocab, "unk": self.unk, "eos": self.eos}

    def save(self, folder: Path) -> None:
        atomic_write_text(Path(folder) / TOKENIZER_FILE, json.dumps(self.to_dict(), ensure_ascii=False))


class BPETokenizer:
    type = "bpe"

    def __init__(self, tok):
        self.tok = tok   # a tokenizers.Tokenizer
        eos = None
        for cand in ("<|endoftext|>", "</s>", "<eos>"):
            if tok.token_to_id(cand) is not None:
                eos = cand
                break
        self.eos = eos
        self.eos_id = tok.token_to_id(eos) if eos else None

    @classmethod
    def train(cls, texts, vocab_size: int = 4096) -> "BPETokenizer":
        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                      show_progress=False)   # its bar prints blank lines into logs
        tok.train_from_iterator(texts, trainer=trainer)
        return cls(tok)

    @classmethod
    def from_file(cls, path: Path) -> "BPETokenizer":
        try:
            return cls(Tokenizer.from_file(str(path)))
        except Exception as e:   # the library raises its own Exception subclass
            raise ModelError(f"The tokenizer file {Path(path).name} could not be read ({e}).") from None

    @property
    def vocab_size(self) -> int:
        return self.tok.get_vocab_size()

    def encode(self, text: str) -> list[int]:
        return self.tok.encode(text, add_special_tokens=False).ids

    def decode(self, ids) -> str:
        return self.tok.decode(list(ids), skip_special_tokens=False)

    def to_dict(self) -> dict:
        return {"type": "bpe", "eos": self.eos}

    def save(self, folder: Path) -> None:
        atomic_write_text(Path(folder) / TOKENIZER_FILE, self.tok.to_str())


def load_tokenizer(folder: Path):
    """Read ``tokenizer.json`` from a model folder: our char format or a `tokenizers` library file."""
    path = Path(folder) / TOKENIZER_FILE
    if not path.is_file():
        raise ModelError(f"The model folder has no {TOKENIZER_FILE}.")
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):     # RecursionError: nested 100,000 deep
        raise ModelError(f"{TOKENIZER_FILE} is corrupt (not valid JSON).") from None
    if isinstance(data, dict) and data.get("type") == "char":
        vocab = data.get("vocab")
        if not isinstance(vocab, list) or not all(isinstance(c, str) for c in vocab):
            raise ModelError(f"{TOKENIZER_FILE} has no valid character vocabulary.")
        return CharTokenizer(vocab, unk=data.get("unk", UNK), eos=data.get("eos"))
    if isinstance(data, dict) and "model" in data:
        return BPETokenizer.from_file(path)
    raise ModelError(f"{TOKENIZER_FILE} is not a tokenizer this studio knows.")
