"""Training in a child process (core/jobs/train_process.py, train_child.py, train_protocol.py).

Real training processes: a tiny text training streams the same events as in this process and writes its model;
pause holds it, resume lets it go on, "stop and save" writes the model; a cancel keeps a checkpoint the next run
resumes; a process killed with SIGKILL gives the user a clear message and the next job resumes its run; an error in
the process reaches the user in the same words as in this process. Fake training processes (``python -c``) feed
the studio's side malformed lines, a death, a cancel they ignore; the array and line checks are tested directly."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import signal
import sys
import threading
import time

import numpy as np
import pytest

from aigc_studio.core.base.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.base.events import Log, Metric, Progress, Result, Sample
from aigc_studio.core.base.train_specs import TrainImageSpec, TrainTextSpec
from aigc_studio.core.jobs import get_runner, problems
from aigc_studio.core.jobs import train_process as tp
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import collect
from aigc_studio.core.jobs.train_child import read_controls
from image_fixtures import GAN_CFG, shapes_folder  # noqa: F401 (a fixture)
from aigc_studio.core.jobs.train_protocol import (MAX_ARRAY_BYTES, WireError, decode_array, decode_line, dumps,
                                                  encode_array, encode_event, event_of)

TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 40
SMALL = {"n_layer": 1, "n_embd": 16, "block_size": 16}
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(autouse=True)
def _no_child_left(monkeypatch):
    monkeypatch.delenv("AIGC_STUDIO_TRAIN_IN_PROCESS", raising=False)     # these tests are about the child
    yield
    assert tp.live_pids() == []                     # every training process was reaped


def ctx(in_process: bool = False) -> JobContext:
    return JobContext(device="cpu", models=None, train_in_process=in_process)


def text_spec(tmp_path, name="m", **options):
    data = tmp_path / "t.txt"
    if not data.exists():
        data.write_text(TEXT, encoding="utf-8")
    opts = {"preset": "lstm-small", "model": SMALL, "steps": 4, "batch_size": 2, "sample_every": 0,
            "checkpoint_every": 2, "eval_every": 0, "threads": 1, "log_every": 1, "seed": 5, **options}
    return TrainTextSpec(data=str(data), out=str(tmp_path / name), options=opts, device="cpu")


def run(spec, c=None, on_event=None):
    return collect(get_runner(spec.kind)(spec, c if c is not None else ctx()), on_event)


def shape_of(events):
    """The events as (kind, metric name or log level) in order: what the Train tab draws."""
    return [(type(e).__name__, getattr(e, "name", None) or getattr(e, "level", None)) for e in events]


# ------------------------------------------------------------------ real training processes

def test_a_text_training_in_a_child_streams_the_events_of_one_in_this_process_and_writes_its_model(tmp_path):
    child_events, child = run(text_spec(tmp_path, "child", sample_every=2, eval_every=2))
    here_events, here = run(text_spec(tmp_path, "here", sample_every=2, eval_every=2), ctx(in_process=True))
    assert shape_of(child_events) == shape_of(here_events)
    assert {type(e) for e in child_events} >= {Log, Progress, Metric, Sample}
    losses = [[e.value for e in evs if isinstance(e, Metric) and e.name == "train_loss"]
              for evs in (child_events, here_events)]
    assert losses[0] == pytest.approx(losses[1], rel=1e-4)     # the same seed, the same training
    assert [e.text for e in child_events if isinstance(e, Sample)] == [
        e.text for e in here_events if isinstance(e, Sample)]
    assert isinstance(child, Result) and child.paths == (str(tmp_path / "child"),)
    assert (tmp_path / "child" / "model.safetensors").is_file()
    assert child.data["stopped"] == "steps" and child.data["step"] == 4
    assert set(child.data) == set(here.data)
    assert child.data["evaluation"]["heldout_loss"] == pytest.approx(here.data["evaluation"]["heldout_loss"],
                                                                     rel=1e-4)


def test_an_image_training_sends_its_sample_grids_as_rgba_arrays(tmp_path, shapes_folder):  # noqa: F811
    spec = TrainImageSpec(data=str(shapes_folder), out=str(tmp_path / "gan"), device="cpu", model_type="gan",
                          options={"model": GAN_CFG, "batch_size": 8, "steps": 2, "threads": 1})
    events, res = run(spec)
    grids = [e.data for e in events if isinstance(e, Sample)]
    assert grids and all(g.dtype == np.uint8 and g.ndim == 3 and g.shape[2] == 4 for g in grids)
    assert res.data["stopped"] == "steps" and (tmp_path / "gan" / "model.safetensors").is_file()


def test_pause_holds_the_training_resume_goes_on_and_stop_and_save_writes_the_model(tmp_path):
    spec = text_spec(tmp_path, steps=5000)
    c = ctx()
    steps: list[int] = []
    seen: dict = {}

    def watch():                                   # while paused, the training makes no step
        time.sleep(1.0)
        seen["first"] = steps[-1]
        time.sleep(1.0)
        seen["second"] = steps[-1]
        c.pause_event.clear()

    def on_event(ev):
        if isinstance(ev, Progress):
            steps.append(ev.done)
            if ev.done == 3:
                c.pause_event.set()
                threading.Thread(target=watch, daemon=True).start()
            if "second" in seen and ev.done >= seen["second"] + 3:
                c.stop_and_save_event.set()

    events, res = run(spec, c, on_event)
    assert seen["first"] == seen["second"]
    assert res.data["stopped"] == "stop-and-save" and res.paths == (str(tmp_path / "m"),)
    assert seen["second"] + 3 <= res.data["step"] < 5000
    assert (tmp_path / "m" / "model.safetensors").is_file()
    assert any(isinstance(e, Log) and e.message.startswith("Stopped and saved the model") for e in events)


def test_a_cancel_keeps_a_checkpoint_that_the_next_run_resumes(tmp_path):
    c = ctx()

    def on_event(ev):
        if isinstance(ev, Progress) and ev.done >= 3:
            c.cancel()

    _, res = run(text_spec(tmp_path, steps=5000), c, on_event)
    run_dir = tmp_path / "m.run"
    saved = tp.checkpoint_step(run_dir)
    assert res.data["stopped"] == "cancelled" and res.paths == () and saved == res.data["step"] >= 3
    assert not (run_dir / "lock").exists() and not (tmp_path / "m").exists()
    events, res2 = run(text_spec(tmp_path, steps=saved + 2))       # the step count is not part of the run's identity
    assert Log(f"Resumed from the checkpoint at step {saved}.") in events
    assert res2.data["step"] == saved + 2 and (tmp_path / "m" / "model.safetensors").is_file()


@POSIX
def test_a_training_process_killed_mid_run_says_so_and_the_next_job_resumes_its_checkpoint(tmp_path):
    killed: list[int] = []

    def on_event(ev):
        if isinstance(ev, Progress) and ev.done >= 5 and not killed:
            pid = tp.live_pids()[0]
            os.kill(pid, signal.SIGKILL)           # what the out-of-memory killer does
            killed.append(pid)

    with pytest.raises(tp.TrainingProcessError) as err:
        run(text_spec(tmp_path, steps=5000), on_event=on_event)
    message = user_message(err.value)
    saved = tp.checkpoint_step(tmp_path / "m.run")
    assert saved is not None and saved >= 4
    assert re.fullmatch(rf"The training process was killed at step \d+ \(signal SIGKILL\), most often because the "
                        rf"computer ran out of memory\. The last checkpoint \(step {saved}\) is kept: .*", message)
    assert "Unexpected" not in message
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)                      # reaped, not a zombie
    events, res = run(text_spec(tmp_path, steps=saved + 2))        # the dead process's run lock is taken over
    assert Log(f"Resumed from the checkpoint at step {saved}.") in events
    assert res.data["step"] == saved + 2


def test_an_error_in_the_training_process_reaches_the_user_in_the_same_words(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.bin").write_bytes(b"\0\1\2")
    spec = TrainTextSpec(data=str(empty), out=str(tmp_path / "m"), device="cpu",
                         options={"preset": "lstm-small", "model": SMALL, "steps": 2, "threads": 1})
    with pytest.raises(UserError) as here:
        run(spec, ctx(in_process=True))
    with pytest.raises(tp.TrainingProcessError) as child:
        run(spec)
    assert user_message(child.value) == user_message(here.value)
    assert "Unexpected" not in str(child.value)


def test_options_the_training_process_refuses_come_back_as_their_problems(tmp_path):
    spec = text_spec(tmp_path, steps=-3)           # never queued by the window (validated first): sent as it is
    with pytest.raises(InvalidParameters) as err:
        collect(tp.run_in_child(spec, "cpu", ctx()))
    assert [(p.field, p.code, p.text) for p in err.value.problems] == [
        (p.field, p.code, p.text) for p in problems(spec)]


def test_a_training_process_whose_studio_went_away_saves_a_checkpoint_and_ends(tmp_path):
    """The studio died: the training process sees its stdin end, finishes its step, saves and ends."""
    proc = tp.TrainProcess(tp.job_message(text_spec(tmp_path, steps=5000), "cpu"))
    proc.start()
    try:
        while True:
            msg = decode_line(proc.lines.get(timeout=120))
            if msg["type"] == "progress" and msg["done"] >= 3:
                break
        proc.proc.stdin.close()
        assert proc.proc.wait(60) == 0
        last = [json.loads(line) for line in iter(lambda: proc.lines.get(timeout=10), None)][-1]
        assert last["type"] == "result" and last["data"]["stopped"] == "cancelled"
        assert tp.checkpoint_step(tmp_path / "m.run") == last["data"]["step"]
    finally:
        proc.close()


# ------------------------------------------------------------------ fake training processes: the studio's side

FAKE = "import json, os, signal, sys, time\nsys.stdin.readline()\n"


def fake(body: str) -> tp.TrainProcess:
    return tp.TrainProcess({"protocol": 1}, command=[sys.executable, "-c", FAKE + body])


def say(*messages) -> str:
    return "".join(f"sys.stdout.write({m!r} + '\\n')\n" for m in messages) + "sys.stdout.flush()\n"


GOOD_LOG = json.dumps({"type": "log", "message": "Training on cpu.", "level": "info"})
GOOD_METRIC = json.dumps({"type": "metric", "name": "train_loss", "step": 7, "value": 1.5})


@pytest.mark.parametrize("line, words", [
    ("not json at all", "not JSON"),
    ("[1, 2]", "unknown type"),
    (json.dumps({"type": "weird"}), "unknown type 'weird'"),
    (json.dumps({"type": "metric", "name": "x", "step": "7", "value": 1.0}), "a step of the wrong type"),
    (json.dumps({"type": "metric", "name": "x", "step": True, "value": 1.0}), "a step of the wrong type"),
    (json.dumps({"type": "log", "message": "hi", "level": "shout"}), "unknown level"),
    (json.dumps({"type": "progress", "done": 1, "total": 2}), "no message"),
    (json.dumps({"type": "sample", "step": 1, "text": "", "data": {"dtype": "object", "shape": [1], "b64": ""}}),
     "dtype 'object'"),
    (json.dumps({"type": "result", "text": "", "paths": "x", "data": {}}), "paths that are not a list"),
    (json.dumps({"type": "error"}), "without its words"),
    ('{"type": "metric", "name": "x", "step": 1, "value": ' + "9" * 5000 + "}", "not JSON"),   # Python's digit cap
    ('{"type": "metric", "name": "x", "step": 1, "value": 1' + "0" * 400 + "}", "too large"),
])
def test_a_line_that_is_not_of_the_protocol_ends_the_training_process_with_a_clear_message(line, words):
    proc = fake(say(GOOD_LOG, line) + "time.sleep(60)\n")
    events = []
    with pytest.raises(tp.TrainingProcessError) as err:
        collect(proc.stream(ctx()), events.append)
    assert events == [Log("Training on cpu.")]
    assert str(err.value).startswith("The training process sent something the studio cannot read (")
    assert words in str(err.value)
    assert proc.proc.returncode is not None         # ended and reaped at once, not after its minute of sleep


def test_a_training_process_that_exits_without_a_result_names_its_exit_code_and_the_kept_checkpoint(tmp_path):
    with pytest.raises(tp.TrainingProcessError, match=r"stopped unexpectedly at step 7 \(exit code 3\) before it "
                                                      r"saved a checkpoint"):
        collect(fake(say(GOOD_LOG, GOOD_METRIC) + "sys.exit(3)\n").stream(ctx(), tmp_path))
    (tmp_path / "checkpoint").mkdir()
    (tmp_path / "checkpoint" / "state.json").write_text(json.dumps({"step": 6}), encoding="utf-8")
    with pytest.raises(tp.TrainingProcessError, match=r"at step 7 \(exit code 3\)\. The last checkpoint \(step 6\) "
                                                      r"is kept: start the same training again"):
        collect(fake(say(GOOD_METRIC) + "sys.exit(3)\n").stream(ctx(), tmp_path))


@POSIX
def test_a_training_process_killed_by_a_signal_before_any_checkpoint_says_so(tmp_path):
    with pytest.raises(tp.TrainingProcessError, match=r"killed at step 7 \(signal SIGKILL\), most often because "
                                                      r"the computer ran out of memory, before it saved a checkpoint"):
        collect(fake(say(GOOD_METRIC) + "os.kill(os.getpid(), signal.SIGKILL)\n").stream(ctx(), tmp_path))


def test_the_controls_of_the_job_reach_the_training_process_as_words():
    echo = ("for raw in sys.stdin:\n"
            "    w = raw.strip()\n"
            "    sys.stdout.write(json.dumps({'type': 'log', 'message': w, 'level': 'info'}) + '\\n')\n"
            "    sys.stdout.flush()\n"
            "    if w == 'cancel':\n"
            "        sys.stdout.write(json.dumps({'type': 'result', 'text': 'bye', 'paths': [], 'data': {}}) + '\\n')\n"
            "        break\n")
    c = ctx()
    heard: list[str] = []
    nxt = iter([c.pause_event.clear, c.pause_event.set, c.stop_and_save_event.set, c.cancel])   # one word each

    def on_event(ev):
        heard.append(ev.message)
        step = next(nxt, None)
        if step is not None:
            step()

    c.pause_event.set()                             # already paused when it starts
    _, res = collect(fake(echo).stream(c), on_event)
    assert heard == ["pause", "resume", "pause", "stop_and_save", "cancel"] and res == Result(text="bye")


@POSIX
def test_a_training_process_that_ignores_the_cancel_is_ended(monkeypatch):
    monkeypatch.setattr(tp, "CANCEL_WAIT_S", 0.3)
    monkeypatch.setattr(tp, "TERM_WAIT_S", 0.3)
    proc = fake("signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + say(GOOD_LOG) + "time.sleep(60)\n")
    c = ctx()
    c.cancel()
    events, res = collect(proc.stream(c))
    assert events[-1] == Log(tp.NOT_STOPPED.format(seconds="0.3"), "warning")
    assert res.data["stopped"] == "cancelled" and res.paths == ()
    assert proc.proc.returncode == -signal.SIGKILL


def test_a_job_closed_early_ends_its_training_process(monkeypatch):
    """The engine closes a job that ignores a cancel (or fails): the generator's finally: ends the process."""
    monkeypatch.setattr(tp, "CLOSE_WAIT_S", 0.3)
    monkeypatch.setattr(tp, "TERM_WAIT_S", 0.3)
    proc = fake("while True:\n    " + say(GOOD_LOG).replace("\n", "\n    ") + "time.sleep(0.01)\n")
    gen = proc.stream(ctx())
    assert [next(gen) for _ in range(3)] == [Log("Training on cpu.")] * 3
    gen.close()
    assert proc.proc.returncode is not None and tp.live_pids() == []


# ------------------------------------------------------------------ the wire's checks

def test_events_travel_unchanged():
    grid = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    sound = np.linspace(-1, 1, 50, dtype=np.float32).reshape(1, 50)
    for ev in (Log("hello — 你好", "warning"), Progress(3, 10, "step 3/10"), Metric("lr", 3, 0.25),
               Sample(4, "text"), Sample(4, "", grid), Sample(5, "16000 Hz: a sound", sound)):
        back = event_of(decode_line(dumps(encode_event(ev))))
        assert type(back) is type(ev)
        if isinstance(ev, Sample) and ev.data is not None:
            assert back.data.dtype == ev.data.dtype and np.array_equal(back.data, ev.data)
            assert (back.step, back.text) == (ev.step, ev.text)
        else:
            assert back == ev


def _array(dtype="uint8", shape=(2, 2), raw=b"\0" * 4):
    return {"dtype": dtype, "shape": list(shape), "b64": base64.b64encode(raw).decode("ascii")}


@pytest.mark.parametrize("obj, words", [
    (_array(dtype="object"), "dtype"),
    (_array(dtype="<f4"), "dtype"),
    (_array(dtype=None), "dtype"),
    (_array(shape=()), "shape"),
    (_array(shape=(1, 1, 1, 1, 4)), "shape"),
    (_array(shape=(-2, -2)), "shape"),
    (_array(shape=(2, 2.0)), "shape"),
    (_array(shape=(3, 2)), "has 4 bytes where its shape needs 6"),
    (_array(shape=(2,), raw=b"\0" * 64), "more bytes than its shape"),      # refused before it is decoded
    (_array(shape=(2 ** 14, 2 ** 14, 4), raw=b""), "larger than"),
    ({"dtype": "uint8", "shape": [2, 2], "b64": "!!!!"}, "not base64"),
    ([1, 2, 3], "not an array object"),
])
def test_arrays_of_an_unknown_type_shape_or_size_are_refused(obj, words):
    with pytest.raises(WireError, match=re.escape(words)):
        decode_array(obj)


def test_arrays_up_to_the_cap_pass_and_the_child_never_sends_an_unknown_dtype():
    arr = decode_array(encode_array(np.ones((1, MAX_ARRAY_BYTES // 4), dtype=np.float32)))
    assert arr.shape == (1, MAX_ARRAY_BYTES // 4) and arr.dtype == np.float32 and arr.flags.writeable
    with pytest.raises(WireError):
        encode_array(np.array(["a"], dtype=object))


def test_the_child_applies_control_words_and_takes_the_end_of_its_input_for_a_cancel():
    cancel, pause, save = threading.Event(), threading.Event(), threading.Event()
    read_controls(io.BytesIO(b"pause\n"), cancel, pause, save)
    assert cancel.is_set() and not pause.is_set()            # the end: cancel, and no longer held
    cancel, pause, save = threading.Event(), threading.Event(), threading.Event()
    read_controls(io.BytesIO(b"pause\nresume\nnonsense\nstop_and_save\n"), cancel, pause, save)
    assert save.is_set() and cancel.is_set()


def test_a_training_process_out_of_python_memory_says_so_in_the_users_words():
    assert user_message(MemoryError()).startswith("The device ran out of memory.")


def test_the_training_process_gets_the_users_thread_wait_policy_not_the_windows(monkeypatch):
    from aigc_studio.core.jobs.train_process import child_env
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")                 # set by the window for itself (ui/app.py)
    monkeypatch.setenv("AIGC_STUDIO_SET_OMP_WAIT_POLICY", "1")
    env = child_env()
    assert "OMP_WAIT_POLICY" not in env and "AIGC_STUDIO_SET_OMP_WAIT_POLICY" not in env
    monkeypatch.delenv("AIGC_STUDIO_SET_OMP_WAIT_POLICY")            # the user's own choice is kept
    assert child_env()["OMP_WAIT_POLICY"] == "PASSIVE"


def test_a_child_that_keeps_talking_after_a_cancel_is_ended_all_the_same(monkeypatch):
    monkeypatch.setattr(tp, "CANCEL_WAIT_S", 0.3)
    monkeypatch.setattr(tp, "TERM_WAIT_S", 0.3)
    proc = fake("signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + "while True:\n    " + say(GOOD_LOG).strip()
                .replace("\n", "\n    ") + "\n    time.sleep(0.01)\n")
    c = ctx()
    c.cancel()
    events, res = collect(proc.stream(c))
    assert events[-1] == Log(tp.NOT_STOPPED.format(seconds="0.3"), "warning")
    assert res.data["stopped"] == "cancelled" and proc.proc.returncode == -signal.SIGKILL


def test_problems_whose_words_cannot_be_made_are_dropped_not_raised():
    from aigc_studio.core.jobs.train_protocol import problems_of
    good = {"field": "steps", "code": "range", "message": "Steps must be at most {max}.", "args": {"max": 5}}
    bad = {"field": "steps", "code": "range", "message": "Steps must be at most {max}.", "args": {"other": 1}}
    assert [p.text for p in problems_of({"problems": [good, bad]})] == ["Steps must be at most 5."]


def test_a_result_that_cannot_be_encoded_is_the_trainings_error_not_a_studio_gone_away():
    from aigc_studio.core.jobs.train_child import Wire
    gone = []
    wire = Wire(io.BytesIO(), gone=lambda: gone.append(True))
    loop: dict = {}
    loop["self"] = loop
    with pytest.raises(ValueError):
        wire.send({"type": "result", "text": "", "paths": [], "data": loop})
    assert not wire.broken and gone == []
