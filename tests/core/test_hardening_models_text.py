"""Issue "Hardening", findings 1, 3, 5, 6, 10, 11 and 12: model folders, model cards and text inputs.

Each test reproduces what the issue's reporter did (it failed before the fix) and checks the studio now keeps the
user's files, skips or refuses bad input with words that say what is wrong, and keeps memory bounded.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aigc_studio.core.base.errors import ModelError
from aigc_studio.core.base.events import Log
from aigc_studio.core.data import text_files
from aigc_studio.core.data.text_files import (TextReadError, encode_chunked, iter_decoded, read_stream_tail,
                                              read_text_files, text_pieces)
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.models import checkpoint as ck
from aigc_studio.core.models import registry
from aigc_studio.core.models.limits import config_problems, safe_text
from aigc_studio.core.base.settings import user_models_dir


REPO = Path(__file__).resolve().parents[2]

def build_tiny_char_model(folder, model_id: str = "tiny-char"):
    """A random char-level GPT as a complete model folder (as tests/core/conftest.py builds it; imported by name
    there, ``conftest`` would be tests/ui's when both folders run together)."""
    import torch

    from aigc_studio.core.models.gpt import GPT, GPTConfig
    from aigc_studio.core.models.tokenizers import CharTokenizer

    tok = CharTokenizer.train("the quick brown fox jumps over the lazy dog. 床前明月光，疑是地上霜。\n", eos="\n")
    torch.manual_seed(0)
    cfg = GPTConfig(vocab_size=tok.vocab_size, block_size=32, n_layer=2, n_head=2, n_embd=32)
    model = GPT(cfg).eval()
    card = {"id": model_id, "name": f"Tiny {model_id}", "kind": "text", "architecture": "gpt",
            "config": cfg.to_dict(), "tokenizer": "char", "language": "en", "description": "A tiny random model.",
            "data": {"source": "tests", "licence": "MIT", "prep": "none"}, "recipe": {}, "metrics": {},
            "training": {"hardware": "none", "seconds": 0, "steps": 0}}
    ck.save_model_folder(folder, model, card, tokenizer=tok)
    return folder, model, tok
TANG = REPO / "aigc_studio" / "resources" / "models" / "tang-poems-zh"


def _cli(*args, stdin: bytes = b"", env_home: Path | None = None, timeout: int = 300):
    env = dict(os.environ)
    if env_home is not None:
        env["AIGC_STUDIO_HOME"] = str(env_home)
    env.pop("AIGC_STUDIO_MODELS_DIR", None)
    return subprocess.run([sys.executable, "-m", "aigc_studio", *args], input=stdin, capture_output=True,
                          env=env, timeout=timeout, cwd=str(REPO))


def _user_model(folder_name: str, **card_changes) -> Path:
    """A copy of a tiny model in the user models folder, its card changed."""
    folder = user_models_dir() / folder_name
    build_tiny_char_model(folder, model_id=folder_name)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    for k, v in card_changes.items():
        if k == "config":
            card["config"].update(v)
        else:
            card[k] = v
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------------- 1: retraining

def test_retraining_into_a_model_folder_keeps_the_users_files(tmp_path):
    """train text --data D --out P, add P/NOTES.txt and P/mydata/, train text --data P/mydata --out P: both stay."""
    from aigc_studio.core.training.config import TrainConfig
    from aigc_studio.core.training.text import train_text

    data = tmp_path / "D"
    data.mkdir()
    (data / "a.txt").write_text("the quick brown fox jumps over the lazy dog.\n" * 60, encoding="utf-8")
    out = tmp_path / "P"

    def run(d: Path):
        cfg = TrainConfig(data=str(d), out=str(out), run_dir=str(tmp_path / f"run-{d.name}"), tokenizer="char",
                          model={"n_layer": 1, "n_head": 1, "n_embd": 16, "block_size": 16}, steps=2, batch_size=2,
                          eval_every=0, sample_every=0, checkpoint_every=0, log_every=1, threads=1)
        return drive(train_text(cfg))

    run(data)
    (out / "NOTES.txt").write_text("my notes", encoding="utf-8")
    shutil.copytree(data, out / "mydata")
    _, res = run(out / "mydata")
    assert res["step"] == 2
    assert (out / "NOTES.txt").read_text(encoding="utf-8") == "my notes"
    assert (out / "mydata" / "a.txt").is_file()
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert str(out / "mydata") in json.dumps(card) or card["training"]["steps"] == 2
    ck.load_model_folder(out)                               # the new model is complete and loads
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".P.")]   # no hidden leftovers


def test_saving_over_a_folder_only_replaces_the_studios_files(tmp_path):
    folder, model, tok = build_tiny_char_model(tmp_path / "m")
    (folder / "keep.md").write_text("mine", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.txt").write_text("x", encoding="utf-8")
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    ck.save_model_folder(folder, model, {**card, "name": "second"})          # no tokenizer this time
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "card.json", "keep.md", "model.safetensors",
                                                        "sub"]
    assert json.loads((folder / "card.json").read_text(encoding="utf-8"))["name"] == "second"
    assert (folder / "sub" / "x.txt").read_text(encoding="utf-8") == "x"


def test_saving_into_a_folder_with_the_users_readme_is_refused_and_names_it(tmp_path):
    _, model, tok = build_tiny_char_model(tmp_path / "src")
    card = json.loads((tmp_path / "src" / "card.json").read_text(encoding="utf-8"))
    target = tmp_path / "notes"
    target.mkdir()
    (target / "README.md").write_text("my own readme", encoding="utf-8")
    with pytest.raises(ModelError, match="README.md there is not the studio's"):
        ck.save_model_folder(target, model, card, tokenizer=tok)
    assert (target / "README.md").read_text(encoding="utf-8") == "my own readme"
    assert sorted(p.name for p in target.iterdir()) == ["README.md"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".notes.")]


# ------------------------------------------------------------------------------------------- 3: broken cards

def test_a_deeply_nested_card_is_skipped_and_named_the_others_still_work(tmp_path):
    good = _user_model("good-one")
    bad = _user_model("deep")
    card = json.loads((bad / "card.json").read_text(encoding="utf-8"))
    text = json.dumps(card)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (bad / "card.json").write_text(text, encoding="utf-8")
    ids = [m.id for m in registry.list_models()]
    assert "good-one" in ids and "tang-poems-zh" in ids and "deep" not in ids
    skipped = registry.skipped_models()
    assert [s.path for s in skipped] == [bad] and "nested too deeply" in skipped[0].reason
    assert registry.resolve("tang-poems-zh").id == "tang-poems-zh"
    assert registry.resolve(str(good)).id == "good-one"
    with pytest.raises(ModelError, match="nested too deeply"):
        registry.resolve(str(bad))


def test_a_huge_card_is_refused_in_words(tmp_path):
    folder = _user_model("huge", description="x" * 1_200_000)
    with pytest.raises(ModelError, match="too large"):
        registry.resolve(str(folder))


def test_models_command_names_the_broken_card_and_lists_the_rest(tmp_path):
    home = Path(os.environ["AIGC_STUDIO_HOME"])
    bad = _user_model("deep2")
    (bad / "card.json").write_text('{"format": "aigc-studio-model/1", "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
                                   encoding="utf-8")
    r = _cli("models", env_home=home)
    assert r.returncode == 0, r.stderr
    out, err = r.stdout.decode(), r.stderr.decode()
    assert "tang-poems-zh" in out and "deep2" not in out
    assert str(bad) in err and "Unexpected error" not in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------- 5: huge inputs

def test_training_text_is_read_in_chunks_and_cut_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(text_files, "CHUNK_BYTES", 1000)
    f = tmp_path / "big.txt"
    f.write_text("abcdefghij\n" * 10_000, encoding="utf-8")            # 110,000 characters
    read = read_text_files(f, max_chars=25_000)
    assert read.cut and len(read.texts[0][1]) == 25_000 and read.texts[0][1].startswith("abcdefghij\n")
    assert any("longer than 25,000 characters" in n for n in read.notes)


def test_a_file_of_nul_bytes_is_not_text(tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes(b"\0" * 3_000_000)
    read = read_text_files(f)
    assert read.texts == [] and "NUL bytes" in read.notes[0] and "nul.txt" in read.notes[0]


def test_encoding_in_pieces_gives_the_same_tokens(tiny_bpe):
    from aigc_studio.core.models.tokenizers import CharTokenizer
    text = ("床前明月光，疑是地上霜。\nthe quick brown fox\n" * 300)
    tok = CharTokenizer.train(text)
    assert encode_chunked(tok, text, chunk_chars=100).tolist() == tok.encode(text)
    assert len(encode_chunked(tiny_bpe, text, chunk_chars=500)) == len(tiny_bpe.encode(text))
    pieces = list(text_pieces("a\nb<|e|>\n<|e|>cc\n" * 3, "<|e|>", size=4))
    assert all("<|e|>" not in p and len(p) <= 4 and p.strip() for p in pieces)


def test_a_huge_prompt_is_cut_before_tokenizing(tiny_char_folder):
    from aigc_studio.core.jobs.text import encode_prompt_tail

    class Counting:
        def __init__(self, tok):
            self.tok, self.longest = tok, 0

        def encode(self, s):
            self.longest = max(self.longest, len(s))
            return self.tok.encode(s)

    loaded = registry.load(registry.resolve(str(tiny_char_folder)))
    tok = Counting(loaded.tokenizer)
    ids = encode_prompt_tail(tok, "the quick brown fox. " * 200_000, 32)     # 4.2 million characters
    assert len(ids) > 32 and tok.longest <= 32 * 16


def test_stdin_prompt_keeps_only_its_tail():
    data = ("床前明月光，" * 100_000).encode("utf-8")
    text, cut = read_stream_tail(io.BytesIO(data), "Standard input", 1000)
    assert cut and len(text) == 1000 and text.endswith("明月光，")


# ------------------------------------------------------------------------------------------- 6: absurd configs

@pytest.mark.parametrize("change, words", [
    ({"n_layer": 10 ** 7}, "n_layer must be from 1 to 256"),
    ({"n_embd": 10 ** 6}, "n_embd must be from 1 to 32,768"),
    ({"vocab_size": 10 ** 10}, "vocab_size must be from 1 to 1,000,000"),
    ({"n_head": 0}, "n_head must be from 1 to 256"),
    ({"block_size": -5}, "block_size must be from 1"),
    ({"n_layer": "4"}, "n_layer must be a whole number"),
    ({"n_layer": 3}, "do not match its card"),                 # sane, but not what the weights hold
    ({"n_layer": 200, "n_embd": 8192, "n_head": 8}, "describes a model of about 161,"),   # 161 G: never built
])
def test_absurd_configs_are_refused_before_allocating(change, words):
    folder = _user_model("absurd", config=change)
    with pytest.raises(ModelError, match=words):
        registry.load(registry.resolve_folder(folder))
    assert "absurd" not in [m.id for m in registry.list_models()] or "n_head" in change or change == {"n_layer": 3}


def test_a_null_id_is_refused_in_words():
    folder = _user_model("nullid", id=None)
    with pytest.raises(ModelError, match="it has no id"):
        registry.resolve(str(folder))


def test_weights_shapes_are_read_from_the_header_only(tiny_char_folder):
    from aigc_studio.core.models.limits import safetensors_shapes
    shapes = safetensors_shapes(tiny_char_folder / "model.safetensors")
    assert shapes["transformer.wte.weight"][1] == 32


def test_config_limits_cover_every_architecture_and_accept_the_shipped_models():
    assert set(ck.ARCHITECTURES) <= set(__import__("aigc_studio.core.models.limits", fromlist=["x"]).CONFIG_LIMITS)
    for folder in (REPO / "aigc_studio" / "resources" / "models").iterdir():
        if (folder / "card.json").is_file():
            card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
            assert config_problems(card["architecture"], card["config"]) == [], folder.name


# ------------------------------------------------------------------------------------------- 10: stdin

def test_stdin_utf16_with_bom_is_decoded():
    text = "床前明月光".encode("utf-16")                              # with its BOM
    assert "".join(iter_decoded(io.BytesIO(text), "Standard input", chunk_bytes=3)) == "床前明月光"
    assert "".join(iter_decoded(io.BytesIO("\ufeffhi".encode("utf-8")), "x")) == "hi"


def test_stdin_invalid_utf8_is_a_clear_error():
    with pytest.raises(TextReadError, match=r"not UTF-8 text: the byte 0xFF at byte 2"):
        "".join(iter_decoded(io.BytesIO(b"hi\xff\xfe\x80"), "Standard input"))


def test_generate_text_from_stdin_utf16_and_invalid_bytes(tmp_path):
    home = Path(os.environ["AIGC_STUDIO_HOME"])
    out = tmp_path / "out"
    r = _cli("generate", "text", "--prompt", "-", "--out", str(out), "--max-new-tokens", "3", "--seed", "1",
             stdin="床前".encode("utf-16"), env_home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8").startswith("床前")
    saved = [p for p in out.rglob("*.txt")]
    assert len(saved) == 1 and saved[0].stat().st_size > 0
    r = _cli("generate", "text", "--prompt", "-", "--out", str(tmp_path / "out2"), "--seed", "1",
             stdin=b"hi\xff\xfe\x80", env_home=home)
    err = r.stderr.decode()
    assert r.returncode == 2 and "not UTF-8 text" in err and "Unexpected error" not in err
    assert not list((tmp_path / "out2").rglob("*.txt"))


# ------------------------------------------------------------------------------------------- 11: reading text

def test_unreadable_text_file_is_a_read_error_and_is_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("hello there\n", encoding="utf-8")
    (folder / "locked.txt").write_text("secret\n", encoding="utf-8")
    real_open = open

    def fake_open(path, *a, **kw):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", fake_open)
    read = read_text_files(folder)
    assert [n for n, _ in read.texts] == ["a.txt"]
    assert read.notes == ["Skipped locked.txt: the studio may not read it (no permission)."]


def test_a_text_file_vanishing_mid_scan_is_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("hello\n", encoding="utf-8")
    (folder / "b.txt").write_text("gone\n", encoding="utf-8")
    real = text_files.list_text_files

    def listing_then_delete(path, what="training text"):
        files, notes = real(path, what)
        (folder / "b.txt").unlink()
        return files, notes

    monkeypatch.setattr(text_files, "list_text_files", listing_then_delete)
    read = read_text_files(folder)
    assert [n for n, _ in read.texts] == ["a.txt"]
    assert read.notes == ["Skipped b.txt: it disappeared while the text was being read."]


def test_an_unreadable_subfolder_is_skipped_and_said(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("hello\n", encoding="utf-8")
    (folder / "locked" / "b.txt").write_text("hidden\n", encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if Path(root).name == "locked":
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(text_files.os, "walk", walk)
    read = read_text_files(folder)
    assert [n for n, _ in read.texts] == ["a.txt"]
    assert read.notes == ["Skipped the folder locked: the studio may not read it (no permission)."]


def test_training_text_reports_skipped_files_in_words(tmp_path):
    from aigc_studio.core.training.config import TrainConfig
    from aigc_studio.core.training.text import train_text
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("the quick brown fox jumps over the lazy dog.\n" * 40, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    cfg = TrainConfig(data=str(folder), out=str(tmp_path / "m"), run_dir=str(tmp_path / "m.run"), tokenizer="char",
                      model={"n_layer": 1, "n_head": 1, "n_embd": 16, "block_size": 16}, steps=1, batch_size=2,
                      eval_every=0, sample_every=0, checkpoint_every=0, log_every=1, threads=1)
    events, res = drive(train_text(cfg))
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"]
    assert any(w.startswith("Skipped latin1.txt: it is not UTF-8 text") for w in warnings)
    assert res["step"] == 1


def test_an_unreadable_wav_says_what_happened(tmp_path, monkeypatch):
    from aigc_studio.core.assets import audio_io
    f = tmp_path / "a.wav"
    f.write_bytes(b"RIFF0000WAVE")
    real_open = open

    def fake_open(path, *a, **kw):
        if str(path).endswith("a.wav"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", fake_open)
    err = audio_io._unreadable(f, "Error opening 'a.wav': System error.")
    assert "no permission" in str(err) and "System error" not in str(err)


# ------------------------------------------------------------------------------------------- 12: ids and names

def test_a_card_whose_id_is_a_path_does_not_take_over_that_path():
    folder = _user_model("impostor", id=str(TANG))
    assert registry.resolve(str(TANG)).path == TANG.resolve()
    assert registry.resolve(str(TANG)).id == "tang-poems-zh"
    assert str(TANG) not in [m.id for m in registry.list_models()]
    assert any(s.path == folder and "looks like a path" in s.reason for s in registry.skipped_models())


def test_paths_win_over_ids(tmp_path):
    other, _, _ = build_tiny_char_model(tmp_path / "elsewhere" / "tang-poems-zh", model_id="tang-poems-zh")
    assert registry.resolve(str(other)).path == other.resolve()
    assert registry.resolve("tang-poems-zh").path == TANG.resolve()      # a bare name is an id


def test_names_are_printed_safely(tmp_path):
    _user_model("shouty", name="\x1b[2J\x1b]0;title\x07Loud\u202e name\x00")
    m = next(m for m in registry.list_models() if m.id == "shouty")
    assert m.name == "Loud name"
    assert safe_text("a\x1b[31mred\x1b[0m\tb\nc") == "ared\tb\nc"
    home = Path(os.environ["AIGC_STUDIO_HOME"])
    r = _cli("models", env_home=home)
    assert b"\x1b" not in r.stdout and b"Loud name" in r.stdout


def test_hugging_face_configs_are_checked_too(tmp_path):
    folder = tmp_path / "hf"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    for text, words in ((json.dumps({"model_type": "gpt2", "n_layer": 10 ** 7}), "n_layer must be from 1 to 256"),
                        (json.dumps({"model_type": "gpt2", "n_head": 0}), "n_head must be from 1 to 256"),
                        (json.dumps({"model_type": "gpt2", "n_embd": "768"}), "n_embd must be a whole number"),
                        ('{"model_type": "gpt2", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply")):
        (folder / "config.json").write_text(text, encoding="utf-8")
        with pytest.raises(ModelError, match=words):
            registry.resolve(str(folder))
