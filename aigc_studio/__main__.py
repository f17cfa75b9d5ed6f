"""`aigc-studio` / `python -m aigc_studio`: the studio by default, subcommands for scripts (DESIGN.md §5).

The window or the command line is imported in its branch, so each loads only what it needs (the window appears
before torch loads; `aigc-studio --help` loads neither Qt nor torch)."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-psn") or (argv[0].startswith("-") and argv[0] not in ("-h", "--help",
                                                                                                "--version")):
        from aigc_studio.ui.app import main as gui_main
        return gui_main([sys.argv[0], *argv])
    from aigc_studio.cli import run_cli
    return run_cli(argv)


if __name__ == "__main__":
    sys.exit(main())
