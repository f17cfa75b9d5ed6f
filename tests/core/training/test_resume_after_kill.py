"""The studio killed mid-training: ``aigc-studio train`` in a subprocess is SIGKILLed after its first checkpoint;
the same command run again resumes at that checkpoint's step (and the killed process's lock is taken over)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from aigc_studio.core.training.runs import unfinished_runs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def test_a_killed_training_resumes_at_its_last_checkpoint(tmp_path):
    data = tmp_path / "t.txt"
    data.write_text("the cat sat on the mat. the dog sat on the log.\n" * 40, encoding="utf-8")
    recipe = tmp_path / "recipe.json"
    recipe.write_text(json.dumps({"model": {"n_layer": 1, "n_embd": 16, "block_size": 16}, "batch_size": 2,
                                  "checkpoint_every": 5, "log_every": 1, "sample_every": 0, "eval_every": 0,
                                  "threads": 1}), encoding="utf-8")
    out, run_dir = tmp_path / "m", tmp_path / "m.run"
    state = run_dir / "checkpoint" / "state.json"

    def command(steps: int) -> list[str]:
        return [sys.executable, "-m", "aigc_studio", "train", "text", "--data", str(data), "--out", str(out),
                "--recipe", str(recipe), "--preset", "lstm-small", "--steps", str(steps), "--device", "cpu"]

    proc = subprocess.Popen(command(100_000), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not state.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no checkpoint within 2 minutes"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    step = json.loads(state.read_text(encoding="utf-8"))["step"]
    assert step >= 5 and step % 5 == 0 and not out.exists()
    assert (run_dir / "lock").read_text().split()[0] == str(proc.pid)   # left behind by the killed process
    assert [r["step"] for r in unfinished_runs(tmp_path)] == [step]

    again = subprocess.run(command(step + 2), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"Resumed from the checkpoint at step {step}." in again.stdout
    assert f"step {step + 1:6d}  train_loss" in again.stdout and f"step {step:6d}  train_loss" not in again.stdout
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["training"]["steps"] == step + 2 and card["architecture"] == "lstm"
    assert not (run_dir / "lock").exists() and unfinished_runs(tmp_path) == []
