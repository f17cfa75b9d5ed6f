"""`aigc-studio dataset scan PATH [--kind K] [--json] [--save MANIFEST]`: the dataset report of a folder, a file
or a saved dataset manifest (rescanned), without the window. The user's files are only read.

Exit codes as every command (cli.common): 0 scanned, 2 bad input (missing, empty or wrong-kind folder), 130
interrupted."""
from __future__ import annotations

import json
from pathlib import Path

from aigc_studio.cli.common import EXIT_OK, err, print_log
from aigc_studio.core.base.events import Log
from aigc_studio.core.data.dataset import Manifest
from aigc_studio.core.data.dataset_scan import scan


def add_parser(sub) -> None:
    d = sub.add_parser("dataset", help="look at a folder of training data: counts, unreadable files, duplicates, "
                                       "outliers")
    dsub = d.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = dsub.add_parser("scan", help="scan a folder, a file or a dataset manifest and print the report")
    s.add_argument("path", type=Path, help="a folder of images, sounds or text files, one file, or a manifest")
    s.add_argument("--kind", choices=["image", "audio", "text"], default=None,
                   help="the kind of data (default: the kind most files have)")
    s.add_argument("--json", action="store_true", help="print the report as one JSON object")
    s.add_argument("--save", type=Path, default=None, metavar="MANIFEST",
                   help="save the dataset as a manifest (duplicates beyond the first, silent and empty files left "
                        "out; a rescanned manifest keeps your choices)")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def _print_text(report: dict) -> None:
    kind = report["kind"]
    fmts = ", ".join(f"{k} {v}" for k, v in report["formats"].items())
    print(f"{report['root']}: {kind}{' (detected)' if report['kind_detected'] else ''}")
    noun = {"image": ("image", "images"), "audio": ("sound", "sounds"), "text": ("text file", "text files")}.get(
        kind, ("file", "files"))
    others = len(report.get("other_files") or [])
    print(f"{report['files']} {noun[0] if report['files'] == 1 else noun[1]}, usable {report['usable']}, "
          f"{_mb(report['total_bytes'])}" + (f" ({fmts})" if fmts else "")
          + (f"; {others} other {'file' if others == 1 else 'files'} not used" if others else ""))
    for title, key in (("unreadable", "unreadable"), ("not used", "other_files"), ("outliers", "outliers"),
                       ("left out", "suggested_exclusions")):
        entries = report[key]
        if entries:
            print(f"{title} ({len(entries)}):")
            for e in entries:
                print(f"  {e['path']}: {e['reason']}")
    for title, key in (("exact duplicates", "exact_duplicates"), ("near duplicates", "near_duplicates")):
        groups = report[key]
        if groups:
            print(f"{title} ({len(groups)} {'group' if len(groups) == 1 else 'groups'}):")
            for g in groups:
                print("  " + " = ".join(g))
    if report.get("stopped"):
        print("stopped before the end")


def run(a) -> int:
    gen = scan(a.path, a.kind)
    while True:
        try:
            ev = next(gen)
        except StopIteration as done:
            outcome = done.value
            break
        if isinstance(ev, Log) and not a.json:
            print_log(ev)
        elif isinstance(ev, Log):
            err(ev.message)
    report = outcome.report
    saved = None
    if a.save is not None:
        manifest = Manifest.from_report(report, previous=outcome.manifest)
        saved = manifest.save(a.save)
    if a.json:
        out = dict(report)
        if saved is not None:
            out["manifest"] = str(saved)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_text(report)
        if saved is not None:
            print(f"saved: {saved}")
    return EXIT_OK
