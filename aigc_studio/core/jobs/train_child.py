"""The training process: ``python -m aigc_studio.core.jobs.train_child``, started by :mod:`.train_process` for every
training job of the window. It reads the job (JSON) from stdin, runs the training job's body in this process
(:func:`aigc_studio.core.jobs.train.run_here`: the training loop, then the evaluation of the new model) and writes
its events to stdout as JSON lines (:mod:`.train_protocol`), ending with a ``result`` or an ``error``.

* stdout carries the wire only: the file descriptor the studio reads is kept aside, and descriptor 1 (Python's
  prints and any library's C-level output) is pointed at stderr, which the studio copies into its log.
* A thread reads the control words from stdin (``pause``, ``resume``, ``stop_and_save``, ``cancel``) into the
  events of the job's context, which the loop already honours between steps. The end of stdin (the studio closed
  it or died) is a cancel: the step in flight finishes, the checkpoint is saved and the process ends.
* Ctrl+C in the terminal is the studio's to handle (it cancels the job); this process ignores SIGINT.
* Exit status: 0 after a result, 1 after an error, 2 when the job could not be read.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from typing import Any, BinaryIO

from aigc_studio.core.base.errors import InvalidParameters, user_message
from aigc_studio.core.jobs.train_protocol import (MAX_LINE_BYTES, PROTOCOL, WireError, dumps, encode_error,
                                                  encode_event, encode_result)

log = logging.getLogger("aigc_studio.core.jobs.train_child")


class Wire:
    """The child's end of the wire (its real stdout). A studio that has gone away (a broken pipe) is remembered:
    later messages are dropped and ``gone`` is called once (it cancels the run)."""

    def __init__(self, stream: BinaryIO, gone=lambda: None):
        self.stream = stream
        self.gone = gone
        self.broken = False

    def send(self, message: dict) -> None:
        if self.broken:
            return
        line = dumps(message)            # an encoding error is the training's error, not the studio gone away
        try:
            self.stream.write(line)
            self.stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            self.broken = True
            self.gone()


def keep_stdout_for_the_wire() -> BinaryIO:
    """The real stdout as a binary stream for the wire; descriptor 1 and ``sys.stdout`` now write to stderr."""
    fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(fd, "wb")


def read_controls(stdin: BinaryIO, cancel: threading.Event, pause: threading.Event,
                  save: threading.Event) -> None:
    """Apply the studio's control words until stdin ends; its end cancels the run."""
    try:
        for raw in iter(lambda: stdin.readline(256), b""):
            word = raw.strip().decode("ascii", "replace")
            if word == "pause":
                pause.set()
            elif word == "resume":
                pause.clear()
            elif word == "stop_and_save":
                save.set()
                pause.clear()
            elif word == "cancel":
                cancel.set()
            elif word:
                log.warning("unknown control word %r ignored", word[:40])
    except (OSError, ValueError):
        pass
    cancel.set()            # the studio closed the pipe or went away: stop at the next step, keep a checkpoint
    pause.clear()


def read_job(stdin: BinaryIO) -> tuple[Any, str]:
    """``(spec, device name)`` of the job line."""
    from aigc_studio.core.base.specs import spec_from_dict
    line = stdin.readline(MAX_LINE_BYTES)
    try:
        job = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise WireError("the job is not JSON") from None
    if not isinstance(job, dict) or job.get("protocol") != PROTOCOL:
        raise WireError(f"the job is not a training job of protocol {PROTOCOL}")
    spec = spec_from_dict(job.get("spec"))
    if not str(getattr(spec, "kind", "")).startswith("train-"):
        raise WireError(f"a {spec.kind} job is not a training")
    device = job.get("device")
    if not isinstance(device, str) or not device:
        raise WireError("the job names no device")
    return spec, device


def serve(stdin: BinaryIO, wire: Wire) -> int:
    """Run the job read from ``stdin``, its events and its end on ``wire``; the exit status."""
    cancel, pause, save = threading.Event(), threading.Event(), threading.Event()
    wire.gone = cancel.set
    try:
        spec, device_name = read_job(stdin)
    except (WireError, InvalidParameters) as e:
        log.error("the training process could not read its job: %s", e)
        wire.send(encode_error(f"The training process could not read its job ({e})."))
        return 2
    threading.Thread(target=read_controls, args=(stdin, cancel, pause, save), name="controls", daemon=True).start()
    try:
        import torch

        from aigc_studio.core.jobs.context import JobContext
        from aigc_studio.core.jobs.train import run_here
        from aigc_studio.core.models.registry import ModelCache
        ctx = JobContext(device=torch.device(device_name), models=ModelCache(), cancel_event=cancel,
                         pause_event=pause, stop_and_save_event=save, train_in_process=True)
        gen = run_here(spec, ctx)
        while True:
            try:
                event = next(gen)
            except StopIteration as stop:
                result = stop.value
                break
            try:
                message = encode_event(event)
            except WireError as e:
                log.warning("an event was not sent: %s", e)
                continue
            wire.send(message)
        wire.send(encode_result(result))
        return 0
    except Exception as exc:  # noqa: BLE001 — every error reaches the studio in the user's words
        log.exception("the training failed")
        problems = exc.problems if isinstance(exc, InvalidParameters) else None
        wire.send(encode_error(user_message(exc), problems))
        return 1


# The training process runs at a lower scheduling priority than the window: it still takes every idle moment of
# every core, but when the window has work (a repaint of the curves, the user's input) the kernel gives it the
# CPU first. Measured on a 2-core machine: without it the window's repaints waited behind the training's threads
# (stalls of 45–60 ms while training; see docs/architecture.md).
NICE = 10


def lower_priority(step: int = NICE) -> None:
    """Lower this process's priority by ``step`` (Unix ``nice``; on Windows "below normal"); never fatal."""
    try:
        if hasattr(os, "nice"):
            os.nice(step)
        elif sys.platform == "win32":
            import ctypes
            below_normal = 0x00004000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), below_normal)
    except (OSError, AttributeError, ValueError):
        log.info("the training process keeps its priority", exc_info=True)


def main() -> int:
    lower_priority()
    wire = Wire(keep_stdout_for_the_wire())
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    return serve(sys.stdin.buffer, wire)


if __name__ == "__main__":
    code = main()
    logging.shutdown()
    for stream in (sys.stderr, sys.__stderr__):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)          # the result is sent and every file is written: no slow interpreter teardown
