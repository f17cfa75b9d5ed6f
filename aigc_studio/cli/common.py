"""What every command of the command line shares (Qt-free): messages on stderr, the exit code of an error, the
job context, the output folder, and driving a job with the one job driver.

Exit codes: 0 all well, 2 invalid input (a ``UserError``), 1 the job failed, 130 interrupted (Ctrl+C).
"""
from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aigc_studio.core import jobs
from aigc_studio.core.assets import AssetStore
from aigc_studio.core.base.device import resolve
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.settings import Settings
from aigc_studio.core.jobs.context import JobContext
from aigc_studio.core.jobs.driver import drive
from aigc_studio.core.models.limits import _BIDI, safe_text
from aigc_studio.core.models.registry import ModelCache

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_INTERRUPTED = 130


def err(msg: str) -> None:
    """One line for the user on stderr: ``aigc-studio: <msg>``. Escape sequences and other control characters
    (from a folder or file name, a model card) are dropped: a message never drives the terminal."""
    print(f"aigc-studio: {safe_text(msg, 100_000)}", file=sys.stderr, flush=True)


def escape_controls(s: str) -> str:
    """``s`` with every control character but the new line and the tab (NUL, BEL, ESC, 0x1c-0x1f, DEL, C1, the
    bidirectional overrides that :func:`safe_text` also removes) written as a visible escape (``\\x1b``): text
    a model or a user made is shown as it is, but it never drives the terminal (an ESC from a byte-level BPE
    would otherwise clear the screen)."""
    out = []
    for c in s:
        o = ord(c)
        if c in "\n\t":
            out.append(c)
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            out.append(f"\\x{o:02x}")
        elif c in _BIDI or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(c)
    return "".join(out)


def terminal_text(s: str, stream: Any = None) -> str:
    """``s`` escaped (:func:`escape_controls`) when ``stream`` (stdout by default) is a terminal; unchanged
    when it is a file or a pipe (a redirected output keeps the exact text)."""
    stream = stream if stream is not None else sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError, OSError):
        tty = False
    return escape_controls(s) if tty else s


def run_guarded(command: Callable[[Any], int], args: Any) -> int:
    """Run ``command(args)``; an error becomes its message on stderr and a non-zero exit code (never a
    traceback)."""
    try:
        return command(args)
    except UserError as e:
        err(str(e))
        return EXIT_INVALID
    except KeyboardInterrupt:
        err("interrupted")
        return EXIT_INTERRUPTED
    except Exception as e:   # noqa: BLE001 — the last line of defence: a readable message, not a traceback
        err(user_message(e))
        return EXIT_FAILED


def job_context(device_pref: str, out_dir: Path | None) -> tuple[JobContext, Any]:
    """A ``JobContext`` on the resolved device (this imports torch) and the ``DeviceInfo`` it was resolved to."""
    info = resolve(device_pref)
    # the command line has no window to keep responsive: a training runs here (torchrun needs it in this process)
    return JobContext(device=info.device, models=ModelCache(), out_dir=out_dir, train_in_process=True), info


def random_seed(upper: int) -> int:
    """A random seed in ``0..upper`` (the command prints it, so the result can be made again)."""
    return secrets.randbelow(upper + 1)


def output_store(out: Path | None, no_save: bool, settings: Settings) -> tuple[Path, AssetStore | None]:
    """The output folder (``--out`` or the one in Settings) and its store, None with ``--no-save``. The folder is
    checked for writing before anything is generated, not after."""
    out_dir = Path(out) if out else Path(settings.output_dir)
    store = None if no_save else AssetStore(out_dir)
    if store is not None:
        store.ensure_writable()
    return out_dir, store


def add_output_arguments(parser: Any, no_save_help: str) -> None:
    """The options every ``generate`` command ends with: ``--device``, ``--out`` and ``--no-save`` (whose help
    says what the command does without saving)."""
    parser.add_argument("--device", default=None, choices=["auto", "cuda", "mps", "cpu"])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: the one in Settings)")
    parser.add_argument("--no-save", action="store_true", help=no_save_help)


def start_generation(a: Any, spec: Any, seed: int, settings: Settings) -> tuple[JobContext, AssetStore | None]:
    """After a ``generate`` command has validated ``spec``: checks the output folder (``a.out``, ``a.no_save``),
    prints the random ``seed`` on stderr when none was given (``a.seed``), and returns the job context on the
    spec's device and the output store (None with ``--no-save``)."""
    out_dir, store = output_store(a.out, a.no_save, settings)
    if a.seed is None:
        err(f"seed {seed}")
    ctx, _ = job_context(spec.device, out_dir)
    return ctx, store


def run_job(spec: Any, ctx: JobContext, on_event: Callable[[Any], None]) -> Any:
    """Run ``spec``'s job in this process with the job driver, handing each event to ``on_event``; returns its
    Result. Ctrl+C closes the job (its ``finally:`` runs) before ``KeyboardInterrupt`` goes on."""
    return drive(jobs.get_runner(spec.kind)(spec, ctx), on_event).result


def print_log(event: Any) -> None:
    """A job's ``Log``: information on stdout, warnings and errors on stderr."""
    (err if event.level != "info" else print)(event.message)
