"""The one training loop (core/training/loop.py) with a tiny scripted task: pause (paused time excluded), the time
budget (an injected clock, no sleeps), NaN losses, the checkpoint round trip, stop-and-save, cancel and resume."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from aigc_studio.core.base.events import Log, Metric, Progress, Sample
from aigc_studio.core.training.config import TrainingError, TrainOptions
from aigc_studio.core.training.loop import Finished, Task, lr_at, train
from aigc_studio.core.training.run_state import load_run_state, save_run_state


@dataclass
class LineConfig(TrainOptions):
    KIND = "train-text"
    lr: float = 0.05
    min_lr: float = 0.005
    warmup_steps: int = 0
    nan_at: int = 0                       # the step whose loss is NaN (0: never)


class LineTask(Task):
    """Fits y = 3x + 1 with one linear layer; every step advances the test's clock by one second."""
    unit = "points"

    def __init__(self, cfg, clock=None):
        super().__init__(cfg)
        self.clock = clock
        self.lrs: list[float] = []

    def build(self, run):
        self.model = torch.nn.Linear(1, 1)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=self.cfg.lr)
        self.gen = torch.Generator().manual_seed(self.cfg.seed)
        self.last = float("nan")
        yield Log("built")

    def modules(self):
        return {"line": self.model}

    def optimizers(self):
        return {"adam": self.opt}

    def generators(self):
        return {"batches": self.gen}

    def state(self):
        return {"last": self.last}

    def restore(self, state):
        self.last = state["last"]

    def train_step(self, step, time_fraction):
        lr = lr_at(step, self.cfg, time_fraction)
        self.lrs.append(lr)
        for g in self.opt.param_groups:
            g["lr"] = lr
        x = torch.rand(self.cfg.batch_size, 1, generator=self.gen)
        loss = ((self.model(x) - (3 * x + 1)) ** 2).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        self.last = loss.item() if step + 1 != self.cfg.nan_at else float("nan")
        if self.clock is not None:
            self.clock.now += 1.0
        return {"loss": self.last, "lr": lr}

    def sample(self, step):
        return Sample(step, f"w={self.model.weight.item():.3f}")

    def summary(self):
        return {"loss": self.last}

    def finish(self, step, seconds, stopped):
        yield Metric("final", step, self.last)
        return Finished(self.model, {"kind": "text", "architecture": "line", "config": {},
                                     "metrics": {"loss": round(self.last, 4)}}, note="a line")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.now += 60.0                 # a minute passes each time the paused loop waits


def make(tmp_path: Path, **kw) -> LineConfig:
    data = tmp_path / "data.txt"
    data.write_text("points", encoding="utf-8")
    base = dict(data=str(data), out=str(tmp_path / "m"), steps=8, batch_size=4, eval_every=0, sample_every=4,
                checkpoint_every=2, log_every=1, save_dtype="float32")
    return LineConfig(**{**base, **kw})


def drive(gen, on_event=None):
    events = []
    while True:
        try:
            ev = next(gen)
        except StopIteration as stop:
            return events, stop.value
        events.append(ev)
        if on_event:
            on_event(ev)


def test_a_run_yields_events_and_writes_the_model_folder(tmp_path):
    clock = Clock()
    events, res = drive(train(LineTask(make(tmp_path), clock), clock=clock, sleep=clock.sleep))
    assert res["stopped"] == "steps" and res["step"] == 8 and res["out"] == str(tmp_path / "m")
    assert res["seconds"] == pytest.approx(8.0)
    assert [e.done for e in events if isinstance(e, Progress)] == list(range(1, 9))
    progress = [e.message for e in events if isinstance(e, Progress)]
    assert "about 0 min 07 s left" in progress[0] and "left" not in progress[-1]
    rates = [e.value for e in events if isinstance(e, Metric) and e.name == "points_per_s"]
    assert rates == [pytest.approx(4.0)] * 8                       # 4 points per 1-second step
    assert [e.step for e in events if isinstance(e, Sample)] == [0, 4, 8]       # the untrained model's first
    card = json.loads((tmp_path / "m" / "card.json").read_text(encoding="utf-8"))
    assert card["training"]["steps"] == 8 and card["training"]["seconds"] == pytest.approx(8.0)
    assert card["id"] == "m" and card["metrics"]["loss"] == res["metrics"]["loss"]
    assert (tmp_path / "m" / "README.md").read_text(encoding="utf-8").startswith("# m")
    state = json.loads((tmp_path / "m.run" / "checkpoint" / "state.json").read_text(encoding="utf-8"))
    assert state["step"] == 8 and state["format"] == "aigc-studio-run/2"


def test_paused_time_spends_neither_the_budget_nor_the_schedule(tmp_path):
    clock = Clock()
    calls = []

    def paused():                         # paused before step 3, for three waits (three minutes)
        calls.append(1)
        return 3 <= len(calls) <= 6

    task = LineTask(make(tmp_path, steps=6, minutes=10 / 60), clock)
    events, res = drive(train(task, paused=paused, clock=clock, sleep=clock.sleep))
    assert res["stopped"] == "steps" and res["step"] == 6
    assert res["seconds"] == pytest.approx(6.0)                   # the 180 s paused are not counted
    (tmp_path / "b").mkdir()
    unpaused = LineTask(make(tmp_path / "b", steps=6, minutes=10 / 60), Clock())
    drive(train(unpaused, clock=unpaused.clock, sleep=unpaused.clock.sleep))
    assert task.lrs == pytest.approx(unpaused.lrs)                # the schedule did not move while paused


def test_the_time_budget_ends_the_run_and_the_learning_rate_decay(tmp_path):
    clock = Clock()
    task = LineTask(make(tmp_path, steps=1000, minutes=3.5 / 60, lr=0.1, min_lr=0.01), clock)
    events, res = drive(train(task, clock=clock, sleep=clock.sleep))
    assert res["stopped"] == "time budget" and res["step"] == 4
    assert any(isinstance(e, Log) and "time budget" in e.message for e in events)
    assert task.lrs[0] == pytest.approx(0.1)
    assert task.lrs[3] == pytest.approx(0.01 + 0.045 * (1 + math.cos(math.pi * 3 / 3.5)))   # decays with time
    assert json.loads((tmp_path / "m" / "card.json").read_text())["training"]["stopped"] == "time budget"


def test_a_nan_loss_is_an_error_in_words_and_writes_nothing(tmp_path):
    clock = Clock()
    with pytest.raises(TrainingError, match="the loss became nan at step 3.*Lower the learning rate.*checkpoint \\(step 2\\)"):
        drive(train(LineTask(make(tmp_path, nan_at=3), clock), clock=clock, sleep=clock.sleep))
    assert not (tmp_path / "m").exists()
    state = json.loads((tmp_path / "m.run" / "checkpoint" / "state.json").read_text(encoding="utf-8"))
    assert state["step"] == 2 and math.isfinite(state["task"]["last"])       # the last good checkpoint


def test_stop_and_save_and_cancel_then_resume(tmp_path):
    clock = Clock()
    n = []
    _, res = drive(train(LineTask(make(tmp_path, steps=100), clock), stop_and_save=lambda: len(n) >= 3,
                         clock=clock, sleep=clock.sleep),
                   lambda ev: n.append(1) if isinstance(ev, Progress) else None)
    assert res["stopped"] == "stop-and-save" and res["step"] == 3 and (tmp_path / "m" / "card.json").is_file()

    n.clear()
    _, res = drive(train(LineTask(make(tmp_path, out=str(tmp_path / "c"), steps=5), clock),
                         should_stop=lambda: len(n) >= 2, clock=clock, sleep=clock.sleep),
                   lambda ev: n.append(1) if isinstance(ev, Progress) else None)
    assert res["stopped"] == "cancelled" and res["step"] == 2 and res["out"] is None
    assert not (tmp_path / "c").exists() and math.isfinite(res["loss"])
    events, res = drive(train(LineTask(make(tmp_path, out=str(tmp_path / "c"), steps=5), clock), clock=clock,
                              sleep=clock.sleep))
    assert any(isinstance(e, Log) and e.message == "Resumed from the checkpoint at step 2." for e in events)
    assert [e.done for e in events if isinstance(e, Progress)] == [3, 4, 5] and res["out"] == str(tmp_path / "c")


def test_checkpoint_round_trip_restores_weights_optimizer_and_generators(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    gen = torch.Generator().manual_seed(5)
    for _ in range(3):
        opt.zero_grad()
        model(torch.rand(4, 3, generator=gen)).sum().backward()
        opt.step()
    save_run_state(tmp_path, {"m": model}, {"adam": opt}, {"g": gen}, 3, 12.5, {"note": "x"})
    expected_next = torch.rand(2, generator=gen)
    expected_torch = torch.rand(2)

    model2 = torch.nn.Linear(3, 2)
    opt2 = torch.optim.Adam(model2.parameters(), lr=0.5)
    gen2 = torch.Generator().manual_seed(99)
    torch.manual_seed(123)
    state = load_run_state(tmp_path, {"m": model2}, {"adam": opt2}, {"g": gen2})
    assert (state["step"], state["seconds"], state["task"]) == (3, 12.5, {"note": "x"})
    for a, b in zip(model.state_dict().values(), model2.state_dict().values()):
        assert torch.equal(a, b)
    assert opt2.param_groups[0]["lr"] == 0.01
    sa, sb = opt.state_dict()["state"], opt2.state_dict()["state"]
    assert all(torch.equal(sa[i]["exp_avg"], sb[i]["exp_avg"]) for i in sa)
    assert torch.equal(torch.rand(2, generator=gen2), expected_next)
    assert torch.equal(torch.rand(2), expected_torch)               # torch's own generator restored too
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pt", ".pth", ".pkl", ".bin")]


def test_a_checkpoint_of_an_earlier_version_is_not_resumed(tmp_path):
    old = tmp_path / "m.run" / "checkpoint"
    old.mkdir(parents=True)
    (old / "state.json").write_text(json.dumps({"step": 4, "seconds": 1.0, "optimizer": {}}), encoding="utf-8")
    clock = Clock()
    events, res = drive(train(LineTask(make(tmp_path, steps=2), clock), clock=clock, sleep=clock.sleep))
    warnings = [e.message for e in events if isinstance(e, Log) and e.level == "warning"]
    assert len(warnings) == 1 and "earlier version" in warnings[0] and "new run" in warnings[0]
    assert res["step"] == 2 and [e.done for e in events if isinstance(e, Progress)] == [1, 2]


def test_options_with_problems_are_refused_before_anything_runs(tmp_path):
    cfg = make(tmp_path, steps=0, seed=-1)
    assert {p.field for p in cfg.problems()} == {"steps", "seed"}
    with pytest.raises(TrainingError, match="Steps must be at least 1"):
        drive(train(LineTask(cfg)))
    assert not (tmp_path / "m.run").exists()
