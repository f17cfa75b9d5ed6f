"""Data preparation for the shipped text models (Qt-free, torch-free).

Two sources, both obtained by ``scripts/data/prep_text_data.py`` into the git-ignored ``data/`` folder, never committed:

- **Tang poems** (``tang-poems-zh``): the npm package ``chinese-poetry`` (MIT), files
  ``package/dist/quantangshi/poet.tang.*.json`` (the Complete Tang Poems, in Traditional script). Poems are
  converted to Simplified script (the studio's Chinese users are mainland writers) with ``zhconv`` (pure Python,
  the ``dataprep`` extra), and only *regular* poems are kept: every line is a couplet of two 5-character or two
  7-character halves, ``XXXXX，XXXXX。``, all lines of one poem the same length, no missing characters (□),
  brackets, notes or other punctuation. One record = ``title\\n`` + one couplet per line; records are separated by
  a blank line (poems never contain one), so a generated poem ends where the model writes ``\\n\\n``.
- **Fortunes** (``fortunes-en``): Debian's ``fortunes`` package (BSD), plain text files under
  ``/usr/share/games/fortunes`` with ``%`` lines between entries (the ``.dat`` indexes and ``.u8`` links are
  skipped). Entries are cleaned (tabs expanded, trailing spaces removed, control characters and ASCII art
  dropped, overly long ones dropped), deduplicated (case and whitespace folded) and joined with the BPE
  end-of-text token ``<|endoftext|>`` followed by a newline.

The held-out split is a stable hash of each record's text (about 2 %), so it does not change between runs or
machines, and a record is never in both sets.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

POEM_SEPARATOR = "\n\n"
EOT = "<|endoftext|>"
HELDOUT_PERCENT = 2.0

_HAN = r"[\u4e00-\u9fff]"
_COUPLET = {n: re.compile(rf"^({_HAN}{{{n}}})，({_HAN}{{{n}}})。$") for n in (5, 7)}
_TITLE_DROP = re.compile(r"[（(【\[「『《〈].*?[）)】\]」』》〉]")   # notes in brackets after a title
_TITLE_KEEP = re.compile(rf"^{_HAN}[\u4e00-\u9fff 　·]*$")


@dataclass
class PrepReport:
    """What data prep kept and dropped, with reasons: written next to the data as ``prep_report.json``."""
    source: str
    files: int = 0
    seen: int = 0
    kept: int = 0
    train: int = 0
    heldout: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    chars_train: int = 0
    chars_heldout: int = 0

    def drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def is_heldout(text: str, percent: float = HELDOUT_PERCENT) -> bool:
    """Stable split: the first 8 bytes of SHA-1 of the record, scaled to [0, 100)."""
    h = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big")
    return (h % 10000) < percent * 100


# ---------------------------------------------------------------- Tang poems

def well_formed_line(line: str) -> int:
    """5 or 7 when ``line`` is a regular couplet ``XXXXX，XXXXX。`` / ``XXXXXXX，XXXXXXX。``, else 0."""
    for n, rx in _COUPLET.items():
        if rx.match(line):
            return n
    return 0


def well_formed_half_lines(text: str) -> tuple[int, int]:
    """(well-formed, total) *verse lines* in generated poem text, a verse line being 5 or 7 Chinese characters
    followed by ``，`` or ``。``. ``text`` is the body (without the title); lines are split at ，/。/newlines."""
    good = total = 0
    for raw in text.split("\n"):
        raw = raw.strip()
        if not raw:
            continue
        parts = re.findall(r"[^，。]*[，。]|[^，。]+$", raw)
        for part in parts:
            total += 1
            if re.fullmatch(rf"{_HAN}{{5}}[，。]|{_HAN}{{7}}[，。]", part):
                good += 1
    return good, total


def clean_title(title: str) -> str:
    t = unicodedata.normalize("NFKC", title or "")
    t = t.replace("\u3000", " ")
    t = _TITLE_DROP.sub("", t).strip()
    t = re.sub(r"\s+", " ", t)
    return t


def clean_poem(title: str, paragraphs: list[str], convert: Callable[[str], str]) -> tuple[str | None, str]:
    """(record, "") for a kept poem or (None, reason). ``convert`` maps Traditional to Simplified."""
    if not isinstance(paragraphs, list) or not paragraphs:
        return None, "empty"
    lines = []
    for p in paragraphs:
        if not isinstance(p, str):
            return None, "not text"
        p = p.strip().replace(" ", "").replace("\u3000", "")
        if not p:
            continue
        if "□" in p or "[" in p or "（" in p or "(" in p or "{" in p or "【" in p:
            return None, "missing characters or notes"
        lines.append(p)
    if not lines:
        return None, "empty"
    body = convert("\n".join(lines))
    lens = set()
    out = []
    for line in body.split("\n"):
        n = well_formed_line(line)
        if not n:
            return None, "irregular line"
        lens.add(n)
        out.append(line)
    if len(lens) != 1:
        return None, "mixed 5 and 7 character lines"
    if len(out) > 24:
        return None, "longer than 24 couplets"
    t = convert(clean_title(title))
    if not t or not _TITLE_KEEP.match(t) or len(t) > 24:
        return None, "irregular title"
    return t + "\n" + "\n".join(out), ""


def iter_tang_files(package_dir: Path) -> list[Path]:
    """``poet.tang.N.json`` files of an extracted ``chinese-poetry`` npm package (``package/`` folder)."""
    base = Path(package_dir) / "dist" / "quantangshi"
    if not base.is_dir():
        base = Path(package_dir) / "quantangshi"
    files = sorted(base.glob("poet.tang.*.json"), key=lambda p: int(p.stem.split(".")[-1]))
    if not files:
        raise FileNotFoundError(f"no poet.tang.*.json under {package_dir}")
    return files


def prep_tang(package_dir: Path, convert: Callable[[str], str] | None = None) -> tuple[list[str], list[str], PrepReport]:
    """(train records, held-out records, report) from an extracted ``chinese-poetry`` package."""
    if convert is None:
        convert = traditional_to_simplified
    rep = PrepReport(source="chinese-poetry (npm, MIT): dist/quantangshi/poet.tang.*.json")
    seen: set[str] = set()
    train: list[str] = []
    held: list[str] = []
    for path in iter_tang_files(package_dir):
        rep.files += 1
        for poem in json.loads(path.read_text(encoding="utf-8")):
            rep.seen += 1
            rec, why = clean_poem(poem.get("title", ""), poem.get("paragraphs"), convert)
            _sort_record(rec, why, rec and rec.split("\n", 1)[1], seen, rep, train, held)
    rep.train, rep.heldout = len(train), len(held)
    return train, held, rep


def _sort_record(rec, why, key, seen: set, rep, train: list, held: list) -> None:
    """Count a dropped record (``rec`` None, ``why`` the reason) or a duplicate of ``key``; otherwise keep it in
    the training or held-out list, chosen by a stable hash of ``key``."""
    if rec is None:
        rep.drop(why)
    elif key in seen:
        rep.drop("duplicate")
    else:
        seen.add(key)
        rep.kept += 1
        (held if is_heldout(key) else train).append(rec)


def traditional_to_simplified(text: str) -> str:
    try:
        import zhconv
    except ImportError:   # pragma: no cover - data prep only
        raise RuntimeError("Converting to Simplified Chinese needs zhconv: pip install -e '.[dataprep]'") from None
    return zhconv.convert(text, "zh-hans")


# ---------------------------------------------------------------- fortunes

FORTUNE_SKIP = {"ascii-art"}          # pictures, not text
FORTUNE_MAX_CHARS = 600


def iter_fortune_files(folder: Path) -> list[Path]:
    """Plain fortune files: not the ``.dat`` indexes, not the ``.u8`` links, no folders."""
    out = []
    for p in sorted(Path(folder).iterdir()):
        if p.is_symlink() or not p.is_file() or p.suffix in (".dat", ".u8") or p.name in FORTUNE_SKIP:
            continue
        out.append(p)
    return out


def split_fortunes(text: str) -> Iterator[str]:
    chunk: list[str] = []
    for line in text.split("\n"):
        if line.strip() == "%":
            yield "\n".join(chunk)
            chunk = []
        else:
            chunk.append(line)
    if chunk:
        yield "\n".join(chunk)


def clean_fortune(entry: str) -> tuple[str | None, str]:
    t = entry.replace("\r\n", "\n").expandtabs(8)
    lines = [ln.rstrip() for ln in t.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    t = "\n".join(lines)
    if not t.strip():
        return None, "empty"
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in t):
        return None, "control characters"
    if EOT in t:
        return None, "contains the end-of-text marker"
    if len(t) > FORTUNE_MAX_CHARS:
        return None, "longer than %d characters" % FORTUNE_MAX_CHARS
    letters = sum(c.isalpha() for c in t)
    if letters < 0.5 * sum(not c.isspace() for c in t):
        return None, "mostly symbols (ASCII art, tables)"
    return t, ""


def dedupe_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def prep_fortunes(folder: Path) -> tuple[list[str], list[str], PrepReport]:
    rep = PrepReport(source="Debian fortunes (BSD): /usr/share/games/fortunes")
    seen: set[str] = set()
    train: list[str] = []
    held: list[str] = []
    for path in iter_fortune_files(folder):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            rep.drop("file not UTF-8")
            continue
        rep.files += 1
        for entry in split_fortunes(text):
            rep.seen += 1
            rec, why = clean_fortune(entry)
            _sort_record(rec, why, rec and dedupe_key(rec), seen, rep, train, held)
    rep.train, rep.heldout = len(train), len(held)
    return train, held, rep


# ---------------------------------------------------------------- writing

def join_records(records: Iterable[str], kind: str) -> str:
    if kind == "poems":
        return POEM_SEPARATOR.join(records) + POEM_SEPARATOR
    return "".join(r + "\n" + EOT + "\n" for r in records)


def write_split(out_dir: Path, train: list[str], held: list[str], report: PrepReport, kind: str) -> dict:
    """``train.txt``, ``heldout.txt`` and ``prep_report.json`` in ``out_dir``; returns the report dict."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t, h = join_records(train, kind), join_records(held, kind)
    (out_dir / "train.txt").write_text(t, encoding="utf-8")
    (out_dir / "heldout.txt").write_text(h, encoding="utf-8")
    report.chars_train, report.chars_heldout = len(t), len(h)
    d = report.to_dict()
    (out_dir / "prep_report.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    return d
