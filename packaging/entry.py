"""The frozen studio's entry point (PyInstaller): the same `aigc-studio` command as the console script.

A frozen executable is not a Python interpreter, yet the studio starts helper processes the way Python does:
``bench`` measures the window in a fresh child, ``[sys.executable, "-m", "<module>", ...]``. Here
``sys.executable`` is this program, so ``-m MODULE`` and ``-c CODE`` are run as an interpreter would run them;
everything else goes to the stable entry point ``aigc_studio.__main__:main``. Nothing else of the package is
imported here (its modules move; the spec collects them all).
"""
from __future__ import annotations

import multiprocessing
import runpy
import sys


def _interpreter_mode(argv: list[str]) -> int | None:
    if len(argv) >= 3 and argv[1] == "-m":
        sys.argv = [argv[2], *argv[3:]]
        runpy.run_module(argv[2], run_name="__main__", alter_sys=True)
        return 0
    if len(argv) >= 3 and argv[1] == "-c":
        sys.argv = ["-c", *argv[3:]]
        exec(compile(argv[2], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 — as python -c does
        return 0
    return None


def main() -> int:
    multiprocessing.freeze_support()
    code = _interpreter_mode(sys.argv)
    if code is not None:
        return code
    from aigc_studio.__main__ import main as studio_main
    return int(studio_main() or 0)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
