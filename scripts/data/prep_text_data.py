#!/usr/bin/env python3
"""Prepare the training data of the shipped text models into data/ (git-ignored; never committed).

    pip install -e '.[dataprep]'                   # zhconv (Traditional -> Simplified), data prep only
    python scripts/data/prep_text_data.py tang          # npm pack chinese-poetry@2.0.1 -> data/tang-poems-zh/
    python scripts/data/prep_text_data.py fortunes      # apt-get install fortunes     -> data/fortunes-en/
    python scripts/data/prep_text_data.py english       # apt-get install fortunes sword-text-web libsword-utils
                                                        #   -> data/english-en/ (fortunes + World English Bible)
    python scripts/data/prep_text_data.py all

Each output folder holds train.txt, heldout.txt (about 2 %, a stable hash split) and prep_report.json.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
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


# ---------------------------------------------------------------- World English Bible (public domain)
# Debian's sword-text-web ships the World English Bible (with Deuterocanon) as a SWORD module (OSIS markup);
# libsword-utils' mod2imp dumps it as text: "$$$Book C:V" lines, each followed by the verse's OSIS markup.
WEB_MODULE = "engWEB2015eb"
WEB_RECORD_CHARS = 600          # records packed from whole verses up to this many characters (like a fortune)
_NOTE_BEFORE_WORD = re.compile(r"<note\b.*?</note>(?=\s*(?:<w\b|<q\b|[A-Za-z]))", re.S)
_NOTE = re.compile(r"<note\b.*?</note>", re.S)
_TITLE = re.compile(r"<title\b.*?</title>", re.S)
_PARA_END = re.compile(r'<(?:div|lg)\b[^>]*\beID="[^"]*"[^>]*/>|</lg>')
_LINE_END = re.compile(r'<l\b[^>]*\beID="[^"]*"[^>]*/>|</l>|<lb\b[^>]*/>')
_TAG = re.compile(r"<[^>]*>")
_ASCII_MAP = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "--", "\u2013": "-",
              "\u2026": "...", "\u00a0": " "}
_SPACE_BEFORE = re.compile(r" +([,.;:?!)'\"](?:\s|$))")


def web_verse_text(markup: str) -> str:
    """Plain text of one verse's OSIS markup: translators' notes and headings dropped, "\\n" ends a poetry
    line, "\\n\\n" a paragraph; typographic quotes and dashes as ASCII (the fortunes' style)."""
    t = _NOTE_BEFORE_WORD.sub(" ", markup)
    t = _NOTE.sub("", t)
    t = _TITLE.sub("", t)
    t = _PARA_END.sub("\n\n", t)
    t = _LINE_END.sub("\n", t)
    t = html.unescape(_TAG.sub("", t))
    for a, b in _ASCII_MAP.items():
        t = t.replace(a, b)
    out = []
    for line in t.split("\n"):
        line = " ".join(line.split())
        out.append(_SPACE_BEFORE.sub(r"\1", line))
    t = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", t)


def iter_web_chapters(imp_text: str):
    """(chapter key "Book C", [verse texts in order]) from mod2imp output; book/chapter introductions (verse 0)
    skipped."""
    key, verses = None, []
    for block in imp_text.split("$$$")[1:]:
        head, _, body = block.partition("\n")
        m = re.fullmatch(r"(.+) (\d+):(\d+)", head.strip())
        if not m or int(m.group(2)) == 0 or int(m.group(3)) == 0:
            continue
        ck = f"{m.group(1)} {m.group(2)}"
        if ck != key:
            if key is not None:
                yield key, verses
            key, verses = ck, []
        verses.append(web_verse_text(body))
    if key is not None:
        yield key, verses


def web_records(verses: list[str], max_chars: int = WEB_RECORD_CHARS) -> list[str]:
    """Whole verses packed into records of at most ``max_chars`` characters; a record ends early at a
    paragraph end. Verses inside a paragraph are joined by a space, poetry keeps its line breaks."""
    recs, cur = [], ""
    for v in verses:
        paragraph_end = v.rstrip(" ").endswith("\n\n")
        v = v.strip()
        if not v:
            continue
        sep = "" if not cur else ("\n" if cur.endswith("\n") else " ")
        if cur and len(cur.rstrip()) + 1 + len(v) > max_chars:
            recs.append(cur.strip())
            cur, sep = "", ""
        cur = cur.rstrip(" ") + sep + v
        if "\n\n" in cur:                      # a paragraph ended inside the verse: close the record there
            head, _, tail = cur.rpartition("\n\n")
            recs.append(head.strip())
            cur = tail
        if paragraph_end and cur.strip():
            recs.append(cur.strip())
            cur = ""
    if cur.strip():
        recs.append(cur.strip())
    return [r for r in (re.sub(r"\n{2,}", "\n", x) for x in recs) if r]


def prep_web() -> tuple[list[str], list[str], "text_prep.PrepReport"]:
    if not shutil.which("mod2imp") or not Path("/usr/share/sword/mods.d/engweb2015eb.conf").exists() and \
            not Path("/usr/share/sword/mods.d/engWEB2015eb.conf").exists():
        sys.exit("Install the World English Bible and the SWORD tools first: "
                 "apt-get update && apt-get install -y sword-text-web libsword-utils")
    imp = subprocess.run(["mod2imp", WEB_MODULE], check=True, capture_output=True, text=True).stdout
    rep = text_prep.PrepReport(source="World English Bible (public domain), Debian sword-text-web, module "
                                      f"{WEB_MODULE}, dumped with mod2imp")
    seen: set[str] = set()
    train: list[str] = []
    held: list[str] = []
    for key, verses in iter_web_chapters(imp):
        rep.files += 1
        for rec in web_records(verses):
            rep.seen += 1
            why = ""
            if any(ord(c) > 126 for c in rec):
                rec, why = None, "non-ASCII characters left after markup removal"
            elif text_prep.EOT in rec:
                rec, why = None, "contains the end-of-text marker"
            # held out by chapter, so no held-out verse has its neighbours in training
            if rec is None:
                rep.drop(why)
            elif text_prep.dedupe_key(rec) in seen:
                rep.drop("duplicate")
            else:
                seen.add(text_prep.dedupe_key(rec))
                rep.kept += 1
                (held if text_prep.is_heldout(key) else train).append(rec)
    rep.train, rep.heldout = len(train), len(held)
    return train, held, rep


def prep_english() -> tuple[list[str], list[str], "text_prep.PrepReport"]:
    """The English corpus: the fortunes (as for fortunes-en) and the World English Bible, each split as above,
    then mixed in a fixed, deterministic order (a stable hash of each record) so no source comes in one block."""
    ft, fh, frep = text_prep.prep_fortunes(fetch_fortunes())
    wt, wh, wrep = prep_web()

    def mix(recs):
        return sorted(recs, key=lambda r: hashlib.sha1(r.encode("utf-8")).digest())
    rep = text_prep.PrepReport(source=f"{frep.source} + {wrep.source}")
    rep.files, rep.seen, rep.kept = frep.files + wrep.files, frep.seen + wrep.seen, frep.kept + wrep.kept
    for r in (frep, wrep):
        for k, v in r.dropped.items():
            rep.dropped[k] = rep.dropped.get(k, 0) + v
    train, held = mix(ft + wt), mix(fh + wh)
    rep.train, rep.heldout = len(train), len(held)
    rep.parts = {"fortunes": [len(ft), len(fh)], "web": [len(wt), len(wh)]}  # type: ignore[attr-defined]
    return train, held, rep


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["tang", "fortunes", "english", "all"])
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
    if args.which in ("english", "all"):
        train, held, rep = prep_english()
        d = text_prep.write_split(args.data / "english-en", train, held, rep, "fortunes")
        print(json.dumps(d, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
