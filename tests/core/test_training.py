"""The text trainer on made-up tiny text: loss goes down, checkpoints resume bit for bit, stopping is clean,
non-UTF-8 files are skipped with a message, fine-tuning reuses the base model, and the train-text job wraps it."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from aigc_studio.core.base.events import Log, Metric, Progress, Result, Sample
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.models.checkpoint import load_model_folder
from aigc_studio.core.jobs import problems as job_problems
from aigc_studio.core.training.config import TrainConfig, config_for
from aigc_studio.core.training.loop import lr_at
from aigc_studio.core.training.text import read_texts, train_text

TINY = {"n_layer": 1, "n_head": 2, "n_embd": 16, "block_size": 16, "dropout": 0.1}
POEMS = "春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n\n" * 40
ENGLISH = ("The cat sat on the mat. The dog sat on the log. A bird sat on the word.\n" * 30)


def cfg(tmp_path: Path, data: Path, name: str = "m", **kw) -> TrainConfig:
    base = dict(data=str(data), out=str(tmp_path / name), run_dir=str(tmp_path / f"{name}.run"), tokenizer="char",
                model=dict(TINY), steps=30, batch_size=8, lr=3e-3, min_lr=3e-4, warmup_steps=3, eval_every=10,
                eval_batches=2, sample_every=0, checkpoint_every=10, log_every=1, seed=7, threads=1)
    base.update(kw)
    return TrainConfig(**base)


def on_train_step(fn):
    """An ``on_event`` for ``drive`` (the driver's ``collect``) that calls ``fn(step)`` after each ``train_loss``
    Metric, i.e. once per training step, before the trainer goes on."""
    def on_event(ev):
        if isinstance(ev, Metric) and ev.name == "train_loss":
            fn(ev.step)
    return on_event


@pytest.fixture()
def poems(tmp_path: Path) -> Path:
    p = tmp_path / "poems.txt"
    p.write_text(POEMS, encoding="utf-8")
    return p


def test_a_few_steps_lower_the_loss(tmp_path, poems):
    events, res = drive(train_text(cfg(tmp_path, poems, steps=40)))
    losses = [e.value for e in events if isinstance(e, Metric) and e.name == "train_loss"]
    assert len(losses) == 40
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.5
    assert {e.name for e in events if isinstance(e, Metric)} >= {"train_loss", "eval_loss", "lr", "tokens_per_s"}
    assert any(isinstance(e, Progress) for e in events)
    assert res["stopped"] == "steps" and res["step"] == 40
    model, tok, card = load_model_folder(Path(res["out"]))
    assert card["training"]["steps"] == 40 and card["weights_dtype"] == "float16"
    assert card["metrics"]["heldout_loss_per_token"] > 0 and card["recipe"]["steps"] == 40
    assert tok.type == "char" and "hardware" in card["training"]
    assert (Path(res["out"]) / "README.md").read_text(encoding="utf-8").startswith("# ")


def test_checkpoint_resume_continues_with_identical_state(tmp_path, poems):
    # one run of 12 steps, against 6 steps + stop + resume to 12 (dropout on, so the RNG state matters)
    drive(train_text(cfg(tmp_path, poems, "a", steps=12, checkpoint_every=6)))
    steps_seen = []

    def stop_after_6():
        return len(steps_seen) >= 6

    _, first = drive(train_text(cfg(tmp_path, poems, "b", steps=12, checkpoint_every=100), should_stop=stop_after_6),
                     on_train_step(steps_seen.append))
    assert first["stopped"] == "cancelled" and first["step"] == 6 and first["out"] is None
    assert not (tmp_path / "b").exists()
    state = json.loads((tmp_path / "b.run" / "checkpoint" / "state.json").read_text())
    assert state["step"] == 6
    events, res = drive(train_text(cfg(tmp_path, poems, "b", steps=12, checkpoint_every=100)))
    assert any(isinstance(e, Log) and "step 6" in e.message for e in events)
    assert [e.step for e in events if isinstance(e, Metric) and e.name == "train_loss"][0] == 7
    assert res["step"] == 12
    files = sorted(p.name for p in (tmp_path / "a.run" / "checkpoint").glob("*.safetensors"))
    assert files == sorted(p.name for p in (tmp_path / "b.run" / "checkpoint").glob("*.safetensors"))
    assert {"model.safetensors", "opt-adamw.safetensors", "rng.safetensors"} <= set(files)
    for f in files:
        a = load_file(str(tmp_path / "a.run" / "checkpoint" / f))
        b = load_file(str(tmp_path / "b.run" / "checkpoint" / f))
        assert a.keys() == b.keys()
        for k in a:
            assert torch.equal(a[k], b[k]), (f, k)
    # no pickles anywhere in a run folder
    assert not [p for p in (tmp_path / "b.run").rglob("*") if p.suffix in (".pt", ".pth", ".pkl", ".bin")]


def test_stop_and_save_writes_a_loadable_model(tmp_path, poems):
    n = []

    def after_3():
        return len(n) >= 3

    _, res = drive(train_text(cfg(tmp_path, poems, steps=1000), stop_and_save=after_3), on_train_step(n.append))
    assert res["stopped"] == "stop-and-save" and res["step"] == 3
    model, tok, card = load_model_folder(Path(res["out"]))
    assert card["training"]["stopped"] == "stop-and-save"
    ids = torch.tensor([tok.encode("春眠")])
    logits, _ = model(ids)
    assert logits.shape == (1, 2, tok.vocab_size)
    assert (tmp_path / "m.run" / "checkpoint" / "state.json").is_file()


def test_non_utf8_files_are_skipped_with_a_message(tmp_path):
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(POEMS, encoding="utf-8")
    (folder / "sub" / "notes.md").write_text("# 注\n床前明月光，疑是地上霜。\n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 cr\xe8me \xff\xfe".encode("latin-1"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    texts, skipped = read_texts(folder)
    assert [n for n, _ in texts] == ["good.txt", "sub/notes.md"]
    assert len(skipped) == 1 and skipped[0].startswith("Skipped latin1.txt: it is not UTF-8 text")
    events, res = drive(train_text(cfg(tmp_path, folder, steps=3, eval_every=0)))
    warnings = [e for e in events if isinstance(e, Log) and e.level == "warning"]
    assert sum("latin1.txt" in w.message for w in warnings) == 1   # (the others: the held-out split, the size)
    assert res["step"] == 3


def test_no_text_at_all_is_an_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "x.txt").write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(ValueError, match="No UTF-8 text"):
        drive(train_text(cfg(tmp_path, folder, steps=2)))


def test_bpe_then_fine_tune_from_the_model_folder(tmp_path):
    data = tmp_path / "en.txt"
    data.write_text(ENGLISH, encoding="utf-8")
    _, base = drive(train_text(cfg(tmp_path, data, "base", tokenizer="bpe", vocab_size=300, steps=8,
                                   card={"id": "tiny-base", "name": "Tiny base"})))
    m0, tok0, card0 = load_model_folder(Path(base["out"]))
    assert tok0.type == "bpe" and card0["id"] == "tiny-base"

    more = tmp_path / "more.txt"
    more.write_text("The fox sat on the box. " * 40, encoding="utf-8")
    events, res = drive(train_text(cfg(tmp_path, more, "ft", from_model=base["out"], tokenizer="char",
                                       model={"n_layer": 3, "n_head": 1, "n_embd": 8, "block_size": 8},
                                       steps=6, lr=1e-3, sample_every=3, sample_prompt="The", sample_tokens=5)))
    m1, tok1, card1 = load_model_folder(Path(res["out"]))
    assert card1["config"] == card0["config"]           # the base model's size, not the recipe's
    assert tok1.type == "bpe" and tok1.tok.to_str() == tok0.tok.to_str()
    assert card1["fine_tuned_from"] == "tiny-base"
    samples = [e for e in events if isinstance(e, Sample)]
    assert samples and samples[0].step == 0 and samples[1].step == 3 and samples[1].text.startswith("The")
    changed = any(not torch.equal(a, b) for a, b in zip(m0.state_dict().values(), m1.state_dict().values()))
    assert changed


def test_lr_schedule_warms_up_and_decays():
    c = TrainConfig(data="x", out="y", steps=100, lr=1.0, min_lr=0.1, warmup_steps=10)
    assert lr_at(0, c) == pytest.approx(0.1)
    assert lr_at(9, c) == pytest.approx(1.0)
    assert lr_at(10, c) == pytest.approx(1.0)
    assert lr_at(55, c) == pytest.approx(0.55)
    assert lr_at(100, c) == pytest.approx(0.1)
    assert lr_at(20, c, time_fraction=1.0) == pytest.approx(0.1)   # a spent time budget ends the decay


def test_train_text_job_runs_and_cancels(tmp_path, poems):
    from aigc_studio.core.jobs.context import JobContext
    from aigc_studio.core.base.specs import spec_from_json, spec_to_json
    from aigc_studio.core.base.train_specs import TrainTextSpec

    tiny = {"tokenizer": "char", "model": {**TINY, "dropout": 0.0}, "batch_size": 4, "threads": 1}
    spec = TrainTextSpec(data=str(poems), out=str(tmp_path / "job-model"), device="cpu",
                         options={**tiny, "steps": 4, "seed": 3})
    assert spec_from_json(spec_to_json(spec)) == spec
    assert isinstance(spec.options, str) and hash(spec)
    c = config_for(spec)
    assert (c.tokenizer, c.model["n_embd"], c.steps, c.seed) == ("char", 16, 4, 3)
    assert c.warmup_steps == 0 and c.eval_every == 1          # short runs: warmup and evaluations shrink
    bad = job_problems(TrainTextSpec(data="", out="", options={"model": {**TINY, "n_embd": 15}}))
    assert {p.field for p in bad} == {"data", "out", "model"}
    ctx = JobContext(device=torch.device("cpu"), models=None)
    events, res = drive(__import__("aigc_studio.core.jobs.train", fromlist=["run"]).run(spec, ctx))
    assert isinstance(res, Result) and res.paths == (str(tmp_path / "job-model"),)
    assert res.data["stopped"] == "steps"
    assert all(not isinstance(getattr(e, "value", None), torch.Tensor) for e in events)

    ctx2 = JobContext(device=torch.device("cpu"), models=None)
    ctx2.cancel()
    spec2 = TrainTextSpec(data=str(poems), out=str(tmp_path / "job2"), device="cpu", options={**tiny, "steps": 50})
    _, res2 = drive(__import__("aigc_studio.core.jobs.train", fromlist=["run"]).run(spec2, ctx2))
    assert res2.data["stopped"] == "cancelled" and res2.paths == ()


def test_train_text_spec_from_the_command_line_and_a_recipe(tmp_path, poems):
    from aigc_studio.core.base.train_specs import TrainTextSpec

    root = Path(__file__).resolve().parents[2]
    spec = TrainTextSpec.from_cli(data=poems, out=tmp_path / "o", minutes=5, recipe=root / "recipes" /
                                  "tang-poems-zh.json", device="cpu")
    recipe = json.loads((root / "recipes" / "tang-poems-zh.json").read_text(encoding="utf-8"))
    c = config_for(spec)
    assert c.tokenizer == "char" and c.model == recipe["model"] and c.char_min_count == recipe["char_min_count"]
    assert c.minutes == 5 and c.steps == 10_000_000 and c.data == str(poems) and c.eval_data == ""
    assert c.card["id"] == "o" and c.threads == recipe["threads"]
    from aigc_studio.core.jobs import validate
    assert validate(spec) is spec
    plain = TrainTextSpec.from_cli(data=poems, out=tmp_path / "o", steps=10, from_model="tang-poems-zh")
    pc = config_for(plain)
    assert pc.steps == 10 and pc.minutes == 0 and plain.from_model == "tang-poems-zh" == pc.from_model
    from aigc_studio.core.base.errors import InvalidParameters
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidParameters):
        TrainTextSpec.from_cli(data=poems, out=tmp_path / "o", recipe=bad)


def test_train_text_spec_problems_are_worded_for_the_user(tmp_path, poems):
    from aigc_studio.core.base.specs import spec_from_json, spec_to_json
    from aigc_studio.core.base.train_specs import TrainTextSpec

    def problems(**kw):
        spec = TrainTextSpec(**{"data": str(poems), "out": str(tmp_path / "o"), **kw})
        return " ".join(p.text for p in job_problems(spec))

    assert problems() == ""
    assert "Steps must be at least 1" in problems(options={"steps": 0})
    assert "tokenizer must be char" in problems(options={"tokenizer": "words"})
    assert "does not exist" in problems(data=str(tmp_path / "missing.txt"))
    assert "device must be" in problems(device="tpu")
    assert "Unknown training options: colour" in problems(options={"colour": "red"})
    assert "wrong type" in problems(options={"steps": "many"})
    assert "not a JSON object" in problems(options="[1, 2")
    assert problems(options={"tokenizer": "words"}, from_model="tang-poems-zh") == ""   # the base model's tokenizer
    spec = TrainTextSpec(data=str(poems), out="o", options='{"steps": 5, "lr": 0.002}')
    assert spec.options == '{"lr":0.002,"steps":5}' and config_for(spec).min_lr == pytest.approx(0.0002)
    assert spec_from_json(spec_to_json(spec)) == spec


# ---------------------------------------------------------------- review fixes

def test_an_existing_folder_that_is_not_a_model_is_never_replaced(tmp_path, poems):
    from aigc_studio.core.base.train_specs import TrainTextSpec
    from aigc_studio.core.training.config import TrainingError

    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "novel.txt").write_text("my only copy", encoding="utf-8")
    spec = TrainTextSpec(data=str(poems), out=str(docs), options={"steps": 2})
    assert "not a model folder" in " ".join(p.text for p in job_problems(spec))
    with pytest.raises(TrainingError, match="not a model folder"):
        drive(train_text(cfg(tmp_path, poems, out=str(docs), steps=2)))
    assert (docs / "novel.txt").read_text(encoding="utf-8") == "my only copy"
    # an earlier model folder (or an empty folder) may be replaced
    _, res = drive(train_text(cfg(tmp_path, poems, steps=2, eval_every=0)))
    assert job_problems(TrainTextSpec(data=str(poems), out=res["out"], options={"steps": 2})) == []
    (tmp_path / "empty").mkdir()
    assert job_problems(TrainTextSpec(data=str(poems), out=str(tmp_path / "empty"), options={"steps": 2})) == []


def test_held_out_text_without_utf8_is_reported_before_training(tmp_path, poems):
    from aigc_studio.core.training.config import TrainingError

    bad = tmp_path / "heldout.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    steps = []
    with pytest.raises(TrainingError, match="held-out"):
        for ev in train_text(cfg(tmp_path, poems, eval_data=str(bad), steps=3, eval_every=0)):
            if isinstance(ev, Metric) and ev.name == "train_loss":
                steps.append(ev.step)
    assert steps == []                  # refused before any training, not a ZeroDivisionError at the end


def test_text_shorter_than_the_context_still_trains(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("床前明月光，疑是地上霜。", encoding="utf-8")       # 12 characters, context 16
    events, res = drive(train_text(cfg(tmp_path, short, steps=3, batch_size=32)))
    assert res["step"] == 3 and res["out"]
    card = load_model_folder(Path(res["out"]))[2]
    assert card["training"]["train_tokens"] >= 8
    held = tmp_path / "held.txt"
    held.write_text("举头望明月，低头思故乡。", encoding="utf-8")
    _, res = drive(train_text(cfg(tmp_path, short, "m2", eval_data=str(held), steps=2)))
    assert math.isfinite(res["eval_loss"])          # held-out text shorter than the context is still measured


def test_paused_time_does_not_spend_the_time_budget(tmp_path, poems):
    # an injected clock: each training step takes 1 s, the pause before the first step 100 s
    now = [0.0]
    pauses = iter([True, True])

    def paused():
        return next(pauses, False)

    def sleep(s):
        now[0] += 50.0

    def clock():
        return now[0]

    def step_took_1_s(step):
        now[0] += 1.0

    _, res = drive(train_text(cfg(tmp_path, poems, steps=6, minutes=3.5 / 60, eval_every=0, log_every=1),
                              paused=paused, clock=clock, sleep=sleep), on_train_step(step_took_1_s))
    # 100 s paused, then a budget of 3.5 s: the run ends on the budget after 4 steps, not at once
    assert res["stopped"] == "time budget" and res["step"] == 4
    assert res["seconds"] == pytest.approx(4.0)
    card = load_model_folder(Path(res["out"]))[2]
    assert card["training"]["seconds"] == pytest.approx(4.0) and card["training"]["stopped"] == "time budget"


def test_a_checkpoint_of_other_data_or_model_is_not_resumed(tmp_path, poems):
    drive(train_text(cfg(tmp_path, poems, steps=5, eval_every=0)))
    other = tmp_path / "en.txt"
    other.write_text(ENGLISH, encoding="utf-8")
    events, res = drive(train_text(cfg(tmp_path, other, steps=5, eval_every=0)))
    assert res["step"] == 5 and not any(isinstance(e, Log) and "Resumed" in e.message for e in events)
    assert any(isinstance(e, Log) and e.level == "warning" and "new run" in e.message for e in events)
    _, tok, _ = load_model_folder(Path(res["out"]))
    assert "c" in tok.vocab and "春" not in tok.vocab        # the new data's tokenizer, not the old run's
    # more steps on the same data and model continue the run
    events, res = drive(train_text(cfg(tmp_path, other, steps=7, eval_every=0)))
    assert any(isinstance(e, Log) and "step 5" in e.message for e in events) and res["step"] == 7


def test_utf8_bom_is_not_training_text(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeff春眠不觉晓".encode("utf-8"))
    texts, _ = read_texts(f)
    assert texts[0][1] == "春眠不觉晓"


def test_a_recipe_on_its_own_data_rebuilds_its_model(tmp_path):
    """The shipped-model scripts: `aigc-studio train text --data <the recipe's data> --recipe R --out ...` keeps the
    recipe's held-out data, run folder and model card (with the recipe file); other data drops them."""
    from aigc_studio.core.base.train_specs import TrainTextSpec

    root = Path(__file__).resolve().parents[2]
    recipe = root / "recipes" / "fortunes-en.json"
    r = json.loads(recipe.read_text(encoding="utf-8"))
    own = config_for(TrainTextSpec.from_cli(data=root / r["data"], out=tmp_path / "fortunes-en", recipe=recipe))
    assert (own.eval_data, own.run_dir, own.steps, own.minutes) == (r["eval_data"], r["run_dir"], r["steps"],
                                                                    r["minutes"])
    assert own.card["id"] == "fortunes-en" and own.card["data"] == r["card"]["data"]
    assert own.card["recipe_file"] == str(recipe)
    other = config_for(TrainTextSpec.from_cli(data=tmp_path / "mine.txt", out=tmp_path / "mine", recipe=recipe))
    assert (other.eval_data, other.run_dir, other.card["id"]) == ("", "", "mine")
    assert other.card["data"]["licence"] == "the user's own data"


def test_a_fine_tune_card_keeps_usage_but_not_the_base_models_provenance(tmp_path):
    data = tmp_path / "en.txt"
    data.write_text(ENGLISH, encoding="utf-8")
    base_card = {"id": "tiny-base", "name": "Tiny base", "description": "Trained on cats.",
                 "usage": {"prompt": "a few words"}, "rebuild": ["bash rebuild.sh"], "recipe_file": "recipes/x.json",
                 "metrics_notes": "held out 2 % of the cats", "name_zh": "小底座", "description_zh": "用猫训练。"}
    _, base = drive(train_text(cfg(tmp_path, data, "base", tokenizer="bpe", vocab_size=300, steps=3,
                                   card=base_card)))
    more = tmp_path / "mine.txt"
    more.write_text("My own words, my own style. " * 40, encoding="utf-8")
    _, res = drive(train_text(cfg(tmp_path, more, "mine", from_model=base["out"], steps=2,
                                  card={"id": "mine", "name": "Mine"})))
    base_saved = load_model_folder(Path(base["out"]))[2]
    assert (base_saved["name_zh"], base_saved["description_zh"]) == ("小底座", "用猫训练。")   # from the recipe's card
    card = load_model_folder(Path(res["out"]))[2]
    assert card["usage"] == {"prompt": "a few words"} and card["fine_tuned_from"] == "tiny-base"
    assert card["description"] == f"Fine-tuned from Tiny base on {more}."
    assert not {"rebuild", "recipe_file", "metrics_notes", "name_zh", "description_zh"} & set(card)


def test_a_text_model_fine_tunes_only_a_text_model(tmp_path, poems):
    from image_fixtures import build_tiny_vae

    from aigc_studio.core.training.config import TrainingError

    vae, _ = build_tiny_vae(tmp_path / "vae")
    with pytest.raises(TrainingError, match="is not a text model"):
        drive(train_text(cfg(tmp_path, poems, from_model=str(vae))))


def test_a_malformed_model_card_option_is_refused_before_training(tmp_path, poems):
    from aigc_studio.core.base.train_specs import TrainTextSpec

    for card, words in (({"data": "my data"}, "wrong type: data"), ("x", "must be a JSON object"),
                        ({"rebuild": [1]}, "wrong type: rebuild")):
        spec = TrainTextSpec(data=str(poems), out=str(tmp_path / "m"), options={"card": card})
        found = [p for p in job_problems(spec) if p.field == "card"]
        assert len(found) == 1 and words in found[0].text, (card, found)
    assert not job_problems(TrainTextSpec(data=str(poems), out=str(tmp_path / "m"),
                                          options={"card": {"id": "m", "data": {"source": "mine"}}}))


def test_a_stop_goes_straight_to_the_checkpoint(tmp_path, poems):
    """Once cancel is asked, no evaluation or sample runs before the checkpoint: the engine closes a cancelled job
    that keeps working, and the run would lose its checkpoint."""
    stop = {"now": False}
    events, res = drive(train_text(cfg(tmp_path, poems, steps=50, eval_every=1, sample_every=1,
                                       sample_prompt="春", sample_tokens=3, checkpoint_every=0),
                                   should_stop=lambda: stop["now"]),
                        on_event=on_train_step(lambda step: stop.update(now=step == 4)))
    assert res["stopped"] == "cancelled" and res["step"] == 4
    after = events[next(i for i, e in enumerate(events) if isinstance(e, Metric) and e.step == 4):]
    assert not [e for e in after if isinstance(e, Sample) or (isinstance(e, Metric) and e.name == "eval_loss")]
    assert (tmp_path / "m.run" / "checkpoint").is_dir()
