"""The LSTM text preset: trained by the one loop, written as a model folder, loaded by the registry and streamed
by the text job like a GPT; the live events of a run (samples from step 0, throughput, time left, memory,
device); the held-out split; fine-tuning a char model on text with characters it has never seen."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from aigc_studio.core.base.events import Log, Metric, Sample, TextDelta
from aigc_studio.core.base.specs import TextSpec
from aigc_studio.core.base.train_specs import TrainTextSpec
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.models.lstm import LSTMConfig, LSTMLM
from aigc_studio.core.models.registry import ModelCache, load, resolve
from aigc_studio.core.models.sampling import generate_stream
from aigc_studio.core.models.tokenizers import UNK, CharTokenizer

TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 60
SMALL = {"n_layer": 1, "n_embd": 32, "block_size": 16, "dropout": 0.0}


def ctx():
    return JobContext(device=torch.device("cpu"), models=ModelCache())


def lstm_spec(tmp_path: Path, data: Path, name: str = "lstm", **options) -> TrainTextSpec:
    opts = {"preset": "lstm-small", "model": SMALL, "steps": 6, "batch_size": 4, "log_every": 2,
            "sample_every": 3, "sample_tokens": 10, "eval_every": 3, "checkpoint_every": 3, "threads": 1,
            **options}
    return TrainTextSpec(data=str(data), out=str(tmp_path / name), options=opts, device="cpu")


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_the_lstm_cache_continues_the_sequence_like_a_whole_forward():
    torch.manual_seed(0)
    model = LSTMLM(LSTMConfig(vocab_size=11, block_size=8, n_layer=2, n_embd=12)).eval()
    idx = torch.randint(11, (1, 7))
    full, _ = model(idx)
    cache = model.new_cache(1)
    first, _ = model(idx[:, :4], cache=cache, last_only=True)
    rest = [model(idx[:, i:i + 1], cache=cache, last_only=True)[0] for i in range(4, 7)]
    assert cache.pos == 7
    assert torch.allclose(first[0, -1], full[0, 3], atol=1e-5)
    assert torch.allclose(rest[-1][0, -1], full[0, 6], atol=1e-5)


def test_an_lstm_trains_streams_events_and_generates_from_its_folder(tmp_path, corpus):
    events, result = drive(get_runner("train-text")(lstm_spec(tmp_path, corpus), ctx()))
    data = result.data
    # live events for the Train tab
    logs = [e.message for e in events if isinstance(e, Log)]
    assert logs[0].startswith("Training on cpu (CPU")
    assert any(m.startswith("LSTM: ") and "char tokenizer" in m for m in logs)
    samples = [e for e in events if isinstance(e, Sample)]
    assert [s.step for s in samples] == [0, 3, 6] and all(isinstance(s.text, str) and s.text for s in samples)
    names = {e.name for e in events if isinstance(e, Metric)}
    assert {"train_loss", "lr", "tokens_per_s", "eta_s", "memory_mb", "eval_loss"} <= names
    mem = [e.value for e in events if isinstance(e, Metric) and e.name == "memory_mb"]
    assert all(m > 10 for m in mem)
    eta = [e.value for e in events if isinstance(e, Metric) and e.name == "eta_s"]
    assert eta[-1] == 0.0 and all(v >= 0 for v in eta)
    assert data["device"] == "cpu" and data["hardware"].startswith("CPU") and data["world_size"] == 1
    # one file: the last 10 % of its characters are held out
    held = data["heldout"]
    assert held["source"] == "split" and held["files"] == []
    assert held["spans"] == [{"path": str(corpus), "start": len(TEXT) - len(TEXT) // 10, "end": len(TEXT)}]
    card = json.loads((tmp_path / "lstm" / "card.json").read_text(encoding="utf-8"))
    assert (card["architecture"], card["config"]["n_embd"], card["training"]["world_size"]) == ("lstm", 32, 1)
    assert "LSTM: 1 layers" in (tmp_path / "lstm" / "README.md").read_text(encoding="utf-8")

    # the registry loads it and the text job streams from it
    info = resolve(str(tmp_path / "lstm"))
    loaded = load(info)
    assert isinstance(loaded.model, LSTMLM) and loaded.info.kind == "text"
    text = "".join(generate_stream(loaded.model, loaded.tokenizer, loaded.tokenizer.encode("the c"),
                                   max_new_tokens=40, seed=1))   # past the 16-token sequence: slides
    assert len(text) >= 1
    job_events, job = drive(get_runner("text")(TextSpec(prompt="the", model=str(tmp_path / "lstm"),
                                                        max_new_tokens=12, seed=3), ctx()))
    streamed = "".join(e.text for e in job_events if isinstance(e, TextDelta))
    assert streamed and job.text == streamed and job.data["tokens"] == 12


def test_a_folder_of_many_files_holds_every_tenth_out(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(25):
        (folder / f"{i:02d}.txt").write_text(f"note {i}: the cat sat on the mat.\n" * 5, encoding="utf-8")
    _, result = drive(get_runner("train-text")(lstm_spec(tmp_path, folder, steps=2, sample_every=0), ctx()))
    assert result.data["heldout"]["files"] == [str(folder / "09.txt"), str(folder / "19.txt")]


def test_a_tiny_text_holds_nothing_out_and_says_so(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("the cat sat on the mat. " * 20, encoding="utf-8")       # 480 characters: 48 to hold out
    events, result = drive(get_runner("train-text")(lstm_spec(tmp_path, path, steps=2, sample_every=0), ctx()))
    assert result.data["heldout"]["source"] == "none"
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"]
    assert any("too small to keep a part out" in w for w in warnings)
    # 480 characters are too few even for lstm-small: said, in numbers
    assert any("480 characters, too few even for the smallest size lstm-small" in w for w in warnings)


def test_fine_tuning_a_char_model_names_the_characters_it_has_never_seen(tmp_path, corpus):
    _, base = drive(get_runner("train-text")(lstm_spec(tmp_path, corpus, "base", steps=2, sample_every=0), ctx()))
    new = tmp_path / "new.txt"
    new.write_text("the cat sat. 猫坐在垫子上。" * 30, encoding="utf-8")
    spec = TrainTextSpec(data=str(new), out=str(tmp_path / "tuned"), from_model=base.data["out"], device="cpu",
                         options={"steps": 2, "batch_size": 2, "sample_every": 0, "threads": 1})
    events, result = drive(get_runner("train-text")(spec, ctx()))
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"]
    unseen = [w for w in warnings if "are not in the vocabulary" in w]
    # 7 distinct unseen characters (猫坐在垫子上。), 30 of each in the training part (the last 10 % is held out)
    assert len(unseen) == 1 and "(7 different: " in unseen[0] and f"they become {UNK}" in unseen[0]
    assert json.loads((tmp_path / "tuned" / "card.json").read_text())["architecture"] == "lstm"
    assert result.data["out"] == str(tmp_path / "tuned")


def test_unseen_characters_counts_them():
    from aigc_studio.core.training.text import unseen_characters
    tok = CharTokenizer.train("abc")
    assert unseen_characters(tok, "abxxyc") == (3, ["x", "y"])
