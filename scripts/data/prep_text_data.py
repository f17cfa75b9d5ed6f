#!/usr/bin/env python3
"""Prepare the training data of the shipped text models into data/ (git-ignored; never committed).

    pip install -e '.[dataprep]'                   # zhconv (Traditional -> Simplified), data prep only
    python scripts/data/prep_text_data.py tang          # npm pack chinese-poetry@2.0.1 -> data/tang-poems-zh/
    python scripts/data/prep_text_data.py fortunes      # apt-get install fortunes     -> data/fortunes-en/
    python scripts/data/prep_text_data.py all

Each output folder holds train.txt, heldout.txt (about 2 %, a stable hash split) and prep_report.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from aigc_studio.core.data import text_prep  # noqa: E402

CHINESE_POETRY = "chinese-poetry@2.0.1"
FORTUNES_DIR = Path("/usr/share/games/fortunes")


def fetch_chinese_poetry(data: Path) -> Path:
    pkg = data / "chinese-poetry" / "package"
    if (pkg / "dist" / "quantangshi").is_dir():
        return pkg
    dl = data / "chinese-poetry"
    dl.mkdir(parents=True, exist_ok=True)
    tgz = sorted(dl.glob("chinese-poetry-*.tgz"))
    if not tgz:
        if not shutil.which("npm"):
            sys.exit("npm is needed to fetch the chinese-poetry package (apt-get install npm)")
        subprocess.run(["npm", "pack", CHINESE_POETRY], cwd=dl, check=True)
        tgz = sorted(dl.glob("chinese-poetry-*.tgz"))
    with tarfile.open(tgz[-1]) as tf:
        members = [m for m in tf.getmembers()
                   if m.name.startswith(("package/dist/quantangshi/", "package/LICENSE", "package/package.json"))
                   and (m.isfile() or m.isdir())]
        tf.extractall(dl, members=members, filter="data")
    return pkg


def fetch_fortunes() -> Path:
    if not FORTUNES_DIR.is_dir():
        sys.exit("Install Debian's fortunes package first: apt-get update && apt-get install -y fortunes")
    return FORTUNES_DIR


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["tang", "fortunes", "all"])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    args = ap.parse_args(argv)
    if args.which in ("tang", "all"):
        pkg = fetch_chinese_poetry(args.data)
        train, held, rep = text_prep.prep_tang(pkg)
        d = text_prep.write_split(args.data / "tang-poems-zh", train, held, rep, "poems")
        print(json.dumps(d, ensure_ascii=False, indent=1))
    if args.which in ("fortunes", "all"):
        train, held, rep = text_prep.prep_fortunes(fetch_fortunes())
        d = text_prep.write_split(args.data / "fortunes-en", train, held, rep, "fortunes")
        print(json.dumps(d, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
