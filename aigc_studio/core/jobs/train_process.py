"""The studio's side of a training in a child process (docs/architecture.md, "Training in a child process").

:func:`run_in_child` is the body of a training job when it runs in the window: it starts
``python -m aigc_studio.core.jobs.train_child`` (:func:`child_command`), sends it the job as JSON, yields the events
the child streams back (:mod:`.train_protocol`: JSON lines, checked, never pickle) and returns its ``Result``. The
training loop's Python work then never holds the window's interpreter, and a training that runs out of memory or
crashes ends the child, not the studio.

* The job context's controls travel to the child as words on its stdin: ``ctx.pause_event`` set or cleared
  (``pause`` / ``resume``), ``ctx.stop_and_save_event`` (``stop_and_save``), ``ctx.cancelled`` (``cancel``). They
  are looked at every :data:`POLL_S` while the child's lines are awaited (a thread reads them into a queue).
* An ``error`` from the child is raised as the same user message (``InvalidParameters`` with its problems, or
  :class:`TrainingProcessError`); a child that ends without a result raises :class:`TrainingProcessError` with
  what happened (killed by a signal, most often the out-of-memory killer, or an exit code), the step it reached
  and the step of the checkpoint kept in the run folder; a line that is not of the protocol ends the child and
  says so.
* A cancelled child that is not done within :data:`CANCEL_WAIT_S` (it normally finishes its step and saves a
  checkpoint in far less) is ended. Whenever the generator stops early (closed by the job driver, an error), its
  ``finally:`` asks the child to cancel, closes its stdin, waits :data:`CLOSE_WAIT_S`, then terminates and kills it,
  and always reaps it: no zombie, no orphan (a child whose studio died sees its stdin end and cancels itself).
* The child's stderr (its warnings, a crash's traceback) goes line by line into the ``aigc_studio`` log (the
  window's log file); a crash's last lines are logged again as one warning.
"""
from __future__ import annotations

import collections
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Generator

from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import Log, Metric, Progress, Result, Sample
from aigc_studio.core.base.specs import spec_to_dict
from aigc_studio.core.jobs.train_protocol import (MAX_LINE_BYTES, PROTOCOL, WireError, decode_line, dumps, event_of,
                                                  problems_of, result_of)

log = logging.getLogger(__name__)

CHILD_MODULE = "aigc_studio.core.jobs.train_child"
POLL_S = 0.05             # how often the job's controls are looked at while the child's lines are awaited
CANCEL_WAIT_S = 20.0      # a cancelled child finishes its step and saves its checkpoint within this, or is ended
CLOSE_WAIT_S = 10.0       # a child whose job was closed early gets this long to save and end by itself
TERM_WAIT_S = 3.0         # after SIGTERM (or once its output ended), before SIGKILL
STDERR_TAIL = 40          # lines of the child's stderr logged again when it dies

# English templates of the messages (listed for translation in ui/panels/common.py, _CORE_TEXTS)
KILLED_KEPT = ("The training process was killed at step {step} (signal {signal}), most often because the computer "
               "ran out of memory. The last checkpoint (step {saved}) is kept: start the same training again to "
               "resume from it, or choose a smaller size or batch.")
KILLED_NOTHING = ("The training process was killed at step {step} (signal {signal}), most often because the computer "
                  "ran out of memory, before it saved a checkpoint. Start the training again with a smaller size or "
                  "batch.")
DIED_KEPT = ("The training process stopped unexpectedly at step {step} (exit code {code}). The last checkpoint "
             "(step {saved}) is kept: start the same training again to resume from it. The studio's log file has "
             "the details.")
DIED_NOTHING = ("The training process stopped unexpectedly at step {step} (exit code {code}) before it saved a "
                "checkpoint. Start the training again; the studio's log file has the details.")
UNREADABLE = ("The training process sent something the studio cannot read ({error}), so it was ended. Start the "
              "same training again: it resumes from its last checkpoint, if it saved one.")
NOT_STOPPED = ("The training did not stop within {seconds} s of being asked, so it was ended. Start the same "
               "training again: it resumes from its last checkpoint, if it saved one.")

_LIVE: dict[int, subprocess.Popen] = {}
_LIVE_LOCK = threading.Lock()


class TrainingProcessError(UserError):
    """The training process failed: its own error in the user's words, or how it died."""


def live_pids() -> list[int]:
    """The process ids of the training processes this process started that have not been reaped yet."""
    with _LIVE_LOCK:
        return sorted(_LIVE)


def child_command() -> list[str]:
    """The command of the training process (the frozen studio runs ``-m MODULE`` as Python would)."""
    return [sys.executable, "-m", CHILD_MODULE]


def child_env() -> dict[str, str]:
    """The studio's environment, unbuffered, with this copy of the package first on the import path."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"            # its stderr is read as UTF-8 (Windows would use the ANSI code page)
    if env.pop("AIGC_STUDIO_SET_OMP_WAIT_POLICY", None):     # the window's own setting (ui/app.py), not the user's:
        env.pop("OMP_WAIT_POLICY", None)                     # the training's threads may spin between operations
    root = str(Path(__file__).resolve().parents[3])
    # a checkout run without installing: the child finds the same package. Not when it is importable anyway (an
    # installed package: root is site-packages, which must not come before the standard library)
    if not getattr(sys, "frozen", False) and root not in sys.path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def checkpoint_step(run_dir: Path | None) -> int | None:
    """The step of the checkpoint in ``run_dir`` (None when there is none or it cannot be read)."""
    if run_dir is None:
        return None
    try:
        state = json.loads((Path(run_dir) / "checkpoint" / "state.json").read_text(encoding="utf-8"))
        step = state.get("step") if isinstance(state, dict) else None
    except (OSError, ValueError, RecursionError):
        return None
    return step if isinstance(step, int) and not isinstance(step, bool) else None


def died_message(code: int | None, step: int, run_dir: Path | None) -> str:
    """What the user reads when the training process ended without a result."""
    saved = checkpoint_step(run_dir)
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        template = KILLED_NOTHING if saved is None else KILLED_KEPT
        return template.format(step=step, signal=name, saved=saved)
    return (DIED_NOTHING if saved is None else DIED_KEPT).format(step=step, code=code, saved=saved)


def _read_lines(stream, lines: queue.Queue) -> None:
    try:
        for line in iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""):
            lines.put(line)
    except (OSError, ValueError):
        pass
    finally:
        lines.put(None)


def _drain_stderr(stream, pid: int, tail: collections.deque) -> None:
    try:
        for raw in iter(stream.readline, b""):
            text = raw.decode("utf-8", "replace").rstrip()
            tail.append(text)
            log.info("training process %d: %s", pid, text)
    except (OSError, ValueError):
        pass


class TrainProcess:
    """One training process: started with a job, read line by line, controlled by words, always reaped."""

    def __init__(self, job: dict, command: list[str] | None = None, env: dict[str, str] | None = None):
        self.job = job
        self.command = list(command) if command is not None else child_command()
        self.env = env if env is not None else child_env()
        self.proc: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()
        self.stderr_tail: collections.deque = collections.deque(maxlen=STDERR_TAIL)
        self._threads: list[threading.Thread] = []
        self._sent: set[str] = set()
        self._paused = False

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self) -> None:
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=self.env, close_fds=True, creationflags=flags)
        with _LIVE_LOCK:
            _LIVE[self.proc.pid] = self.proc
        for target, args, name in ((_read_lines, (self.proc.stdout, self.lines), "train-child-out"),
                                   (_drain_stderr, (self.proc.stderr, self.proc.pid, self.stderr_tail),
                                    "train-child-err")):
            t = threading.Thread(target=target, args=args, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        self._write(dumps(self.job))

    def _write(self, data: bytes) -> None:
        stdin = self.proc.stdin if self.proc is not None else None
        if stdin is None or stdin.closed:
            return
        try:
            stdin.write(data)
            stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass                      # the child has ended: its output says how

    def send(self, word: str) -> None:
        self._write(word.encode("ascii") + b"\n")

    def forward(self, ctx: Any) -> bool:
        """Send the controls of ``ctx`` that changed; True once a cancel has been sent."""
        if getattr(ctx, "cancelled", False) and "cancel" not in self._sent:
            self._sent.add("cancel")
            self.send("cancel")
        save = getattr(ctx, "stop_and_save_event", None)
        if save is not None and save.is_set() and "stop_and_save" not in self._sent:
            self._sent.add("stop_and_save")
            self.send("stop_and_save")
        pause = getattr(ctx, "pause_event", None)
        paused = bool(pause is not None and pause.is_set())
        if paused != self._paused:
            self._paused = paused
            self.send("pause" if paused else "resume")
        return "cancel" in self._sent

    def reap(self, wait_s: float | None = None) -> int | None:
        """Wait up to ``wait_s`` (default :data:`TERM_WAIT_S`) for the child to end, then terminate it, then kill
        it; its exit status."""
        proc = self.proc
        if proc is None:
            return None
        try:
            return proc.wait(TERM_WAIT_S if wait_s is None else wait_s)
        except subprocess.TimeoutExpired:
            pass
        proc.terminate()
        try:
            return proc.wait(TERM_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def close(self, wait_s: float | None = None) -> None:
        """End the child (a cancel, its stdin closed, ``wait_s`` or :data:`CLOSE_WAIT_S`, SIGTERM, SIGKILL), reap it,
        release its pipes."""
        proc = self.proc
        if proc is None:
            return
        try:
            if proc.poll() is None:
                self.send("cancel")
            if proc.stdin is not None:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
            self.reap(CLOSE_WAIT_S if wait_s is None else wait_s)
        finally:
            with _LIVE_LOCK:
                _LIVE.pop(proc.pid, None)
            for t in self._threads:
                t.join(timeout=2.0)
            for stream in (proc.stdout, proc.stderr):
                if stream is not None and not any(t.is_alive() for t in self._threads):
                    stream.close()

    def stream(self, ctx: Any, run_dir: Path | None = None) -> Generator[Any, None, Result]:
        """The child's events until its result (see the module's docstring); closes the child at the end."""
        step = 0
        cancel_at: float | None = None
        try:
            if self.proc is None:
                self.start()
            while True:
                if self.forward(ctx) and cancel_at is None:
                    cancel_at = time.monotonic()
                if cancel_at is not None and time.monotonic() - cancel_at > CANCEL_WAIT_S:
                    # checked on every pass: a child that keeps talking after a cancel is ended all the same
                    log.warning("training process %s ignored the cancel for %.0f s: ending it", self.pid,
                                CANCEL_WAIT_S)
                    self.reap(0)
                    yield Log(NOT_STOPPED.format(seconds=f"{CANCEL_WAIT_S:g}"), "warning")
                    return Result(data={"stopped": "cancelled", "step": step, "out": None,
                                        "run_dir": str(run_dir) if run_dir else None})
                try:
                    line = self.lines.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if line is None:
                    break
                msg = decode_line(line)
                kind = msg["type"]
                if kind == "result":
                    result = result_of(msg)
                    self.reap(CLOSE_WAIT_S)
                    return result
                if kind == "error":
                    message = msg.get("message")
                    if not isinstance(message, str) or not message:
                        raise WireError("an error message without its words")
                    self.reap(CLOSE_WAIT_S)
                    problems = problems_of(msg)
                    raise InvalidParameters(problems) if problems else TrainingProcessError(message)
                event = event_of(msg)
                if isinstance(event, (Metric, Sample)):
                    step = max(step, event.step)
                elif isinstance(event, Progress):
                    step = max(step, event.done)
                yield event
            code = self.reap()            # its output ended without a result: it died
            tail = "\n".join(self.stderr_tail)
            log.warning("training process %s ended with status %s and no result; its last output:\n%s", self.pid,
                        code, tail)
            raise TrainingProcessError(died_message(code, step, run_dir))
        except WireError as e:
            log.warning("training process %s sent an unreadable line (%s): ending it", self.pid, e)
            self.reap(0)
            raise TrainingProcessError(UNREADABLE.format(error=e)) from None
        finally:
            self.close()


def job_message(spec: Any, device: str) -> dict:
    """The first line the training process reads: the spec (its JSON dict) and the device."""
    return {"protocol": PROTOCOL, "spec": spec_to_dict(spec), "device": str(device)}


def run_in_child(spec: Any, device: str, ctx: Any, run_dir: Path | None = None) -> Generator[Any, None, Result]:
    """The training job ``spec`` run in a training process on ``device``, controlled by ``ctx``'s events; its
    events and Result (see the module's docstring). ``run_dir``: the run folder, for the message when it dies."""
    return (yield from TrainProcess(job_message(spec, device)).stream(ctx, run_dir))


__all__ = ["CANCEL_WAIT_S", "CHILD_MODULE", "CLOSE_WAIT_S", "TrainProcess", "TrainingProcessError", "checkpoint_step",
           "child_command", "child_env", "died_message", "job_message", "live_pids", "run_in_child"]
