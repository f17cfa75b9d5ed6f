"""The command line (DESIGN.md §5), Qt-free except `selftest`, which opens the real window offscreen.

One module per command family: generate_text / generate_image / generate_audio, models, train, checks (the
entry to `bench` and `selftest`); common.py is what they share (job context, errors on stderr with a non-zero
exit, driving a job); main.py parses and dispatches. `generate` streams text to stdout and ends by printing each
saved file as `saved: PATH`; exit codes: 2 invalid input, 1 the job failed, 130 interrupted.
"""
from __future__ import annotations

from aigc_studio.cli.main import build_parser, run_cli

__all__ = ["build_parser", "run_cli"]
