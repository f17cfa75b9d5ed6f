"""`aigc-studio generate image` and `aigc-studio train` for image models (wired from cli.py). Light at import: argparse
only; torch and the models load when a command runs."""
from __future__ import annotations

import argparse


def add_generate_parser(gsub) -> None:
    g = gsub.add_parser("image", help="image generation (arrives in a later version)")
    g.add_argument("rest", nargs=argparse.REMAINDER)


def cmd_generate(a) -> int:
    from aigc_studio.cli import _err
    _err("image generation arrives in a later version; `generate text` works now.")
    return 2


def cmd_train(a) -> int:
    from aigc_studio.cli import _err
    _err(f"training '{a.kind}' models arrives in a later version; `train text` works now.")
    return 2
