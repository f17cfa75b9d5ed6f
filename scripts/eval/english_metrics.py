#!/usr/bin/env python3
"""How English is a text? Two figures, used by scripts/eval/eval_text.py for the English models, and on their own
for a corpus:

    python scripts/eval/english_metrics.py data/english-en/train.txt          # the training corpus itself
    python scripts/eval/english_metrics.py data/fortunes-en/train.txt --sentences 300

- **Word-list share**: the words of the text (runs of ASCII letters with inner apostrophes: "don't", "dog's") that
  are in Debian's wamerican list /usr/share/dict/american-english (apt-get install wamerican), exactly, in lower
  case, or capitalised (a sentence's first word). Numbers and symbols are not words.
- **Parse rate**: sentences (3 to 40 words, ending in . ! or ?, split at those marks) that the link grammar
  parser (Debian link-grammar 5, English dictionary; apt-get install python3-link-grammar) links completely with
  no word left out (null count 0). A heuristic of grammaticality, strict on purpose: it rejects some real English
  (poetry, archaic turns, headlines), so compare a model with its own corpus measured the same way.
Both are deterministic (the sentences checked are the first N, in order).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

WORDLIST = Path("/usr/share/dict/american-english")
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]*(?=\s|$)")
EOT = "<|endoftext|>"


def load_words(path: Path = WORDLIST) -> frozenset[str]:
    if not path.exists():
        sys.exit(f"{path} is missing: apt-get update && apt-get install -y wamerican")
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8", errors="replace").splitlines() if w.strip())


def in_list(word: str, words: frozenset[str]) -> bool:
    return word in words or word.lower() in words or word.capitalize() in words


def word_share(texts, words: frozenset[str]) -> dict:
    n = good = 0
    unknown: dict[str, int] = {}
    for t in texts:
        for w in WORD.findall(t.replace(EOT, " ")):
            n += 1
            if in_list(w, words):
                good += 1
            else:
                unknown[w] = unknown.get(w, 0) + 1
    top = sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    return {"wordlist_share": round(good / max(1, n), 4), "words": n, "words_in_list": good,
            "top_unknown": [w for w, _ in top]}


def sentences(text: str, max_words: int = 40, min_words: int = 3) -> list[str]:
    """Whole sentences of a text: split at . ! ? (and at ends of fortunes); attributions ("-- Name") and
    sentences with digits or odd symbols left out."""
    out = []
    for rec in text.split(EOT):
        rec = re.sub(r"^\s*--.*$", "", rec, flags=re.M)      # attribution lines
        flat = " ".join(rec.split())
        start = 0
        for m in SENTENCE_END.finditer(flat):
            s = flat[start:m.end()].strip()
            start = m.end()
            s = s.strip("\"' ")
            if not s or not re.search(r"[.!?]$", s):
                continue
            nw = len(WORD.findall(s))
            if min_words <= nw <= max_words and not re.search(r"[0-9@#$%^&*_=+<>{}\[\]|\\/~`]", s):
                out.append(s)
    return out


def _link_grammar():
    try:
        import linkgrammar as lg
    except ImportError:
        extra = "/usr/lib/python3/dist-packages"           # Debian's binding, same Python 3.11 ABI as the venv
        sys.path.append(extra)
        try:
            import linkgrammar as lg
        except ImportError:
            return None
        finally:
            sys.path.remove(extra)
    return lg


class Parser:
    def __init__(self):
        lg = _link_grammar()
        if lg is None:
            raise RuntimeError("the link grammar parser is missing: apt-get install -y python3-link-grammar")
        self.lg = lg
        self.dict = lg.Dictionary("en")
        self.opts = lg.ParseOptions(linkage_limit=1, max_null_count=0, verbosity=0)
        self.opts.max_parse_time = 5

    def parses(self, sentence: str) -> bool:
        try:
            return len(self.lg.Sentence(sentence, self.dict, self.opts).parse()) > 0
        except Exception:                                   # the parser gave up (time, memory): not parsed
            return False


def parse_rate(sents: list[str], parser: Parser | None = None, limit: int = 200) -> dict:
    parser = parser or Parser()
    chosen = sents[:limit]
    ok = [s for s in chosen if parser.parses(s)]
    return {"parse_rate": round(len(ok) / max(1, len(chosen)), 4), "sentences_checked": len(chosen),
            "sentences_parsed": len(ok)}


def measure(texts: list[str], words: frozenset[str] | None = None, sentence_limit: int = 200) -> dict:
    words = words or load_words()
    m = word_share(texts, words)
    sents = [s for t in texts for s in sentences(t)]
    m.update(parse_rate(sents, limit=sentence_limit))
    return m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text", type=Path, help="a UTF-8 text file (records may be separated by <|endoftext|>)")
    ap.add_argument("--sentences", type=int, default=300, help="sentences to parse (the first N)")
    ap.add_argument("--records", type=int, default=0, help="use only every k-th record (0: all) for the words")
    a = ap.parse_args(argv)
    text = a.text.read_text(encoding="utf-8")
    recs = text.split(EOT)
    words = load_words()
    m = word_share(recs, words)
    # parse a spread of sentences: every k-th, so a mixed corpus is sampled throughout
    sents = sentences(text)
    step = max(1, len(sents) // max(1, a.sentences))
    m.update(parse_rate(sents[::step], limit=a.sentences))
    m["file"] = str(a.text)
    print(json.dumps(m, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
