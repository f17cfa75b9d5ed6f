"""`aigc-studio selftest` and `aigc-studio bench [--json] [--only ...]`: the entry to the developer checks in
:mod:`aigc_studio.devtools`. Those load Qt, torch and the models, so they are imported when the command runs."""
from __future__ import annotations

import time


def add_parsers(sub) -> None:
    sub.add_parser("selftest", help="open the real window offscreen, run one job per panel, exit 0 if all is well")
    b = sub.add_parser("bench", help="measure speed (see README)")
    b.add_argument("--json", action="store_true")
    b.add_argument("--only", default=None, help="comma-separated: text,image,audio,ui,train")
    b.add_argument("--ui-runs", type=int, default=None, metavar="N",
                   help="fresh-process UI sessions to run (default 5; each figure is the worst run's)")


def run_selftest(a) -> int:
    t0 = time.perf_counter()             # the window's time includes loading the window's code, as a user waits
    from aigc_studio.devtools.selftest import run_selftest as selftest   # Qt: only for this command
    return selftest(t0=t0)


def run_bench(a) -> int:
    from aigc_studio.devtools.bench import run_bench as bench             # torch, Qt children: only for this command
    return bench(only=a.only, as_json=a.json, ui_runs=a.ui_runs)
