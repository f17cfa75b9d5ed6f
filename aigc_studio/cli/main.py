"""The command line's parser and dispatch (DESIGN.md §5): one module per command family, sharing cli.common."""
from __future__ import annotations

import argparse

from aigc_studio import __version__
from aigc_studio.cli import checks, generate_audio, generate_image, generate_text, models, train
from aigc_studio.cli import dataset as dataset_cli
from aigc_studio.cli import eval as eval_cli
from aigc_studio.cli.common import run_guarded

GENERATE = {"text": generate_text.run, "image": generate_image.run, "audio": generate_audio.run}
COMMANDS = {"models": models.run, "train": train.run, "selftest": checks.run_selftest, "bench": checks.run_bench}
COMMANDS["dataset"] = dataset_cli.run
COMMANDS["eval"] = eval_cli.run


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aigc-studio", description="AIGC Studio: local generative models, offline.")
    p.add_argument("--version", action="version", version=f"aigc-studio {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    gen = sub.add_parser("generate", help="generate text, images or sounds without the window")
    gsub = gen.add_subparsers(dest="kind", metavar="KIND", required=True)
    generate_text.add_parser(gsub)
    generate_image.add_parser(gsub)
    generate_audio.add_parser(gsub)
    models.add_parser(sub)
    train.add_parser(sub)
    dataset_cli.add_parser(sub)
    eval_cli.add_parser(sub)
    checks.add_parsers(sub)
    return p


def run_cli(argv: list[str]) -> int:
    """Parse ``argv`` (without the program name) and run the command; returns the exit code."""
    parser = build_parser()
    a = parser.parse_args(argv)
    if a.command == "generate":
        return run_guarded(GENERATE[a.kind], a)
    if a.command in COMMANDS:
        return run_guarded(COMMANDS[a.command], a)
    parser.print_help()
    return 0
