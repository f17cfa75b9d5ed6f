"""Run folders: the window's default roots, unfinished runs offered for resuming (and the spec that resumes one),
the lock that keeps two trainings out of one folder, two queued training jobs that never share a folder, and a
NaN loss that stops with a diagnosis and keeps the last good checkpoint."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import torch

from aigc_studio.core.base.errors import UserError
from aigc_studio.core.base.settings import data_dir
from aigc_studio.core.base.train_specs import TrainTextSpec
from aigc_studio.core.jobs import get_runner
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect as drive
from aigc_studio.core.models.registry import ModelCache
from aigc_studio.core.training import runs

TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 40
SMALL = {"n_layer": 1, "n_embd": 16, "block_size": 16}


def ctx(in_process: bool = False):
    """A job context; ``in_process``: train in this process (a cancel at an exact step, a patched trainer), not in
    a training process as the window does."""
    return JobContext(device=torch.device("cpu"), models=ModelCache(), train_in_process=in_process)


def spec(data, out, run_dir, **options):
    opts = {"preset": "lstm-small", "model": SMALL, "steps": 4, "batch_size": 2, "sample_every": 0,
            "checkpoint_every": 2, "eval_every": 0, "threads": 1, "log_every": 1, "run_dir": str(run_dir), **options}
    return TrainTextSpec(data=str(data), out=str(out), options=opts, device="cpu")


def test_default_roots_are_in_the_user_data_folder_and_new_names_are_free(tmp_path):
    assert runs.default_runs_root() == data_dir() / "runs"
    assert runs.default_models_root() == data_dir() / "models"
    out, run = runs.new_run_paths("My poems", tmp_path / "models", tmp_path / "runs")
    assert (out.name, run.name) == ("My-poems", "My-poems")
    run.mkdir(parents=True)
    assert runs.new_run_paths("My poems", tmp_path / "models", tmp_path / "runs")[0].name == "My-poems-2"


def test_an_interrupted_run_is_offered_and_its_spec_resumes_it(tmp_path):
    data = tmp_path / "t.txt"
    data.write_text(TEXT, encoding="utf-8")
    root = tmp_path / "runs"
    out, run_dir = runs.new_run_paths("poems", tmp_path / "models", root)
    job = spec(data, out, run_dir, steps=6)
    c = ctx(in_process=True)           # stops at step 2 exactly (a training process sees the cancel a step later)

    def on_event(ev):
        if getattr(ev, "name", "") == "train_loss" and ev.step == 2:
            c.cancel()
    from aigc_studio.core.jobs.driver import drive as drive_with
    drive_with(get_runner("train-text")(job, c), on_event)
    offered = runs.unfinished_runs(root)
    assert len(offered) == 1
    r = offered[0]
    assert (r["name"], r["kind"], r["step"], r["total"], r["out"]) == ("poems", "train-text", 2, 6, str(out))
    assert r["when"] > 0 and r["run_dir"] == str(run_dir)
    resumed = runs.resume_spec(run_dir)
    assert resumed.kind == "train-text" and resumed.out == str(out)
    events, result = drive(get_runner("train-text")(resumed, ctx()))
    assert any(getattr(e, "message", "") == "Resumed from the checkpoint at step 2." for e in events)
    assert result.data["step"] == 6 and result.data["out"] == str(out)
    assert runs.unfinished_runs(root) == []                   # finished: no longer offered
    assert not (run_dir / "lock").exists()


def test_a_second_training_of_the_same_run_folder_is_refused_while_the_first_runs(tmp_path):
    run_dir = tmp_path / "r.run"
    run_dir.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (run_dir / "lock").write_text(str(sleeper.pid))
        data = tmp_path / "t.txt"
        data.write_text(TEXT, encoding="utf-8")
        with pytest.raises(UserError, match=f"Another training is writing to .*process {sleeper.pid}"):
            drive(get_runner("train-text")(spec(data, tmp_path / "m", run_dir), ctx()))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert (run_dir / "lock").read_text() == str(sleeper.pid)     # not ours: left alone
    _, result = drive(get_runner("train-text")(spec(data, tmp_path / "m", run_dir), ctx()))   # stale: taken over
    assert result.data["step"] == 4 and not (run_dir / "lock").exists()


def test_a_lock_of_a_dead_process_whose_id_was_given_again_is_taken_over(tmp_path):
    lock = runs.RunLock(tmp_path)
    (tmp_path / "lock").write_text(f"{os.getpid()} 1")         # our id, but a process that started at boot
    lock.acquire()
    assert lock.held and (tmp_path / "lock").read_text().split()[0] == str(os.getpid())
    with pytest.raises(runs.RunFolderBusy):                  # now held by a live process (this one)
        runs.RunLock(tmp_path).acquire()
    lock.release()
    assert not (tmp_path / "lock").exists()


def test_two_trainings_queued_at_once_get_their_own_folders(tmp_path):
    """The window names each queued training with new_run_paths: the second never resumes or replaces the
    first's run (the engine runs jobs one after the other)."""
    data = tmp_path / "t.txt"
    data.write_text(TEXT, encoding="utf-8")
    models, root = tmp_path / "models", tmp_path / "runs"
    first = runs.new_run_paths("poems", models, root)
    first[1].mkdir(parents=True)                              # claimed when queued
    second = runs.new_run_paths("poems", models, root)
    assert second != first
    results = [drive(get_runner("train-text")(spec(data, o, r, seed=s), ctx()))[1] for (o, r), s in
               ((first, 1), (second, 2))]
    assert [r.data["out"] for r in results] == [str(first[0]), str(second[0])]
    w1 = (first[0] / "model.safetensors").read_bytes()
    w2 = (second[0] / "model.safetensors").read_bytes()
    assert w1 != w2 and json.loads((first[0] / "card.json").read_text())["id"] == "poems"


def test_a_nan_loss_stops_with_a_diagnosis_and_keeps_the_last_good_checkpoint(tmp_path):
    data = tmp_path / "t.txt"
    data.write_text(TEXT, encoding="utf-8")
    run_dir = tmp_path / "m.run"
    job = spec(data, tmp_path / "m", run_dir, steps=8, lr=0.5, grad_clip=0.0, checkpoint_every=1)
    from aigc_studio.core.training import text as text_trainer
    real_step = text_trainer.TextTask.train_step

    def poisoned(self, step, fraction):          # the optimiser blows up at the 4th step
        out = real_step(self, step, fraction)
        if step == 3:
            with torch.no_grad():
                next(self.model.parameters()).fill_(float("nan"))
            out = real_step(self, step, fraction)
        return out
    text_trainer.TextTask.train_step = poisoned
    try:
        with pytest.raises(UserError, match=r"the train loss became nan at step 4.*Lower the learning rate "
                                            r"\(now 0.5\).*last good checkpoint \(step 3\)"):
            drive(get_runner("train-text")(job, ctx(in_process=True)))     # the patch is in this process
    finally:
        text_trainer.TextTask.train_step = real_step
    state = json.loads((run_dir / "checkpoint" / "state.json").read_text(encoding="utf-8"))
    assert state["step"] == 3 and not (tmp_path / "m").exists()
    assert not (run_dir / "lock").exists()
    assert [r["step"] for r in runs.unfinished_runs(tmp_path)] == [3]
