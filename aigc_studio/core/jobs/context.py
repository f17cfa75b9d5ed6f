"""The small state object a job receives (after Orange3's TaskState): the device, the model cache, the output
folder and a cooperative cancel flag. Qt-free: the engine thread builds one per job; the CLI and tests too."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class JobContext:
    device: Any                      # torch.device, resolved by core.base.device.resolve()
    models: Any                      # core.models.registry.ModelCache
    out_dir: Path | None = None      # where a job that saves writes (None: the job saves nothing)
    cancel_event: threading.Event = field(default_factory=threading.Event)
    pause_event: threading.Event = field(default_factory=threading.Event)   # training only
    stop_and_save_event: threading.Event = field(default_factory=threading.Event)
    # training only: train in this process (the command line, torchrun, tests that patch the trainer); False: in a
    # training process that streams its events back (the window: core/jobs/train_process.py)
    train_in_process: bool = False

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()
