"""Regular Chinese poems (绝句 / 律诗) by constrained decoding: the form is always met, the model chooses the words.

A form fixes the metre (5 or 7 characters a verse) and the number of verses (4: 绝句, 8: 律诗); ``auto`` takes
the metre from the user's first verse (or, with a title or nothing, from the model's own first verse) and lets the
model end after 4 verses or go on to 8. ``free`` is plain sampling (no constraint).

Two parts, both Qt- and torch-model-free:

- :func:`normalise_prompt` turns what a user types (a first line ``床前明月光，``, a first couplet, a bare title
  ``春夜``, a title line ``春夜\\n``, a whole finished poem when Continue is pressed, or nothing) into the
  training records' form: an optional title line, then one couplet a line (``xxxxx，xxxxx。``), records separated
  by a blank line. It returns the model's input (``model_prompt``), the text to show right after the user's own
  (``shown_suffix``: e.g. the new line that ends a bare title, or the blank line before the next poem), and the
  decoding state the prompt leaves.
- :class:`PoemConstraint` masks the logits at each step so that only characters that keep the form are possible:
  Han characters inside a verse, ``，`` at the end of odd verses, ``。`` at the end of even ones, a new line after
  each couplet, a title of Han characters ended by a new line when a new poem starts. After the last verse it
  reports ``finished`` and the generator stops (the poem ends on ``。``).

The model's own tokenizer must be character-level and know ``，``, ``。`` and the new line (tang-poems-zh's card
lists the forms it writes under ``"forms"``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import torch

FREE = "free"
AUTO = "auto"
FORMS: dict[str, tuple[int | None, int | None]] = {     # form -> (characters a verse, verses); None: the model's
    FREE: (None, None),
    AUTO: (None, None),
    "wuyan-jueju": (5, 4),      # 五言绝句
    "qiyan-jueju": (7, 4),      # 七言绝句
    "wuyan-lushi": (5, 8),      # 五言律诗
    "qiyan-lushi": (7, 8),      # 七言律诗
}
FORM_NAMES_ZH = {FREE: "自由", AUTO: "自动", "wuyan-jueju": "五言绝句", "qiyan-jueju": "七言绝句",
                 "wuyan-lushi": "五言律诗", "qiyan-lushi": "七言律诗"}
ALIASES = {v: k for k, v in FORM_NAMES_ZH.items()}
COMMA, STOP, NL = "，", "。", "\n"
TITLE_MAX = 16              # characters of a title the model writes itself
METRES = (5, 7)
_PUNCT = str.maketrans({",": COMMA, "、": COMMA, "；": COMMA, ";": COMMA, ".": STOP, "？": STOP, "?": STOP,
                        "！": STOP, "!": STOP, "\r": ""})


class PoemFormError(ValueError):
    """The prompt cannot begin a poem of the chosen form; ``template`` and ``params`` make the user's message."""

    def __init__(self, template: str, **args):
        self.template, self.params = template, args
        super().__init__(template.format(**args))


MSG_METRE = ("The prompt's verse \"{verse}\" has {n} characters; the form {form} needs {want} a verse. "
             "Choose another form (or Free).")
MSG_PUNCT = ("The prompt's verse \"{verse}\" ends with \"{got}\" where the form needs \"{want}\" "
             "(，after odd verses, 。after even ones).")
MSG_TOO_LONG = "The prompt's first line has more than 7 characters before its punctuation: it is not a 5- or 7-character verse."
MSG_NO_POEMS = "The model {model} does not write regular Chinese poems: choose the form Free."
MSG_TOO_MANY = ("The prompt already has more verses than the form {form} allows ({verses}): shorten the prompt, "
                "or choose another form (or Free).")


def canonical_form(name: str) -> str:
    """The form's id from an id or a Chinese name (五言绝句 ...); unknown names are returned unchanged."""
    name = (name or "").strip()
    return ALIASES.get(name, name.lower())


def is_han(ch: str) -> bool:
    o = ord(ch) if len(ch) == 1 else -1
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x2FFFF)


@dataclass
class PoemState:
    """Where decoding stands in one poem. ``metre``/``verses`` None: still the model's choice."""
    metre: int | None = None
    verses: int | None = None
    in_title: bool = False      # writing a title (a new poem); ``title_len`` characters so far
    title_len: int = 0
    done_verses: int = 0        # complete verses (each ended by ，or 。)
    rhyme: str = ""             # the last character of the second verse: even verses after it rhyme with it
    last: str = ""              # the last character written
    pos: int = 0                # characters of the verse being written
    need_newline: bool = False  # a couplet ended: a new line comes next
    may_end: bool = False       # auto: 4 verses written and a new line: the model may end (another new line)
    finished: bool = False

    def copy(self) -> "PoemState":
        return PoemState(**self.__dict__)


@dataclass
class NormalisedPrompt:
    model_prompt: str           # what the model reads
    shown_suffix: str           # what the result text starts with (follows the user's own text)
    state: PoemState
    kind: str                   # "empty" | "title" | "body" | "next" (a finished poem: a new one follows)
    notes: list[str] = field(default_factory=list)


def _last_record(text: str) -> tuple[str, str]:
    """(everything up to the last record, the last record): records are separated by a blank line."""
    t = text.replace("\r\n", "\n").replace("\r", "\n")
    m = list(re.finditer(r"\n[ \t\u3000]*\n", t))
    if not m:
        return "", t
    cut = m[-1].end()
    return t[:cut], t[cut:]


def _parse_body(body: str, metre: int | None, verses: int | None, form: str) -> tuple[str, PoemState]:
    """The body (verses) in canonical form and the state it leaves; raises PoemFormError when it breaks the form."""
    chars = [c for c in body.translate(_PUNCT) if not c.isspace()]
    st = PoemState(metre=metre, verses=verses)
    out: list[str] = []
    verse: list[str] = []
    for i, c in enumerate(chars):
        if c in (COMMA, STOP):
            n = len(verse)
            want_p = COMMA if st.done_verses % 2 == 0 else STOP
            if st.metre is None:
                if n not in METRES:
                    raise PoemFormError(MSG_METRE, verse="".join(verse), n=n, form=FORM_NAMES_ZH.get(form, form),
                                        want="5 / 7")
                st.metre = n
            elif n != st.metre:
                raise PoemFormError(MSG_METRE, verse="".join(verse), n=n, form=FORM_NAMES_ZH.get(form, form),
                                    want=st.metre)
            if c != want_p:
                raise PoemFormError(MSG_PUNCT, verse="".join(verse), got=c, want=want_p)
            out.extend(verse)
            out.append(c)
            st.done_verses += 1
            if st.done_verses == 2:
                st.rhyme = verse[-1]
            verse = []
            if c == STOP:
                out.append(NL)
            if st.verses is not None and st.done_verses >= st.verses:
                if any(is_han(x) for x in chars[i + 1:]):     # more verses in the same poem than the form has
                    raise PoemFormError(MSG_TOO_MANY, form=FORM_NAMES_ZH.get(form, form), verses=st.verses)
                break          # anything after a finished poem is dropped from the state (the next poem starts)
        elif is_han(c):
            verse.append(c)
            limit = st.metre or max(METRES)
            if len(verse) > limit:
                if st.metre is None:
                    raise PoemFormError(MSG_TOO_LONG)
                whole = list(verse)             # the whole verse, up to its punctuation: its real length
                for x in chars[i + 1:]:
                    if x in (COMMA, STOP):
                        break
                    if is_han(x):
                        whole.append(x)
                raise PoemFormError(MSG_METRE, verse="".join(whole), n=len(whole),
                                    form=FORM_NAMES_ZH.get(form, form), want=st.metre)
        # other characters (quotes, brackets, Latin letters) are not part of a verse: left out of the model input
    out.extend(verse)
    st.pos = len(verse)
    text = "".join(out)
    if text.endswith(NL):
        text = text[:-1]
        st.need_newline = True
    return text, st


def _finished(st: PoemState) -> bool:
    if st.pos or not st.done_verses or st.done_verses % 2:
        return False
    if st.verses is not None:
        return st.done_verses >= st.verses
    return st.done_verses in (4, 8)


def normalise_prompt(prompt: str, form: str) -> NormalisedPrompt:
    """Turn what the user typed into the training records' form for ``form`` (not ``free``); see the module."""
    metre, verses = FORMS[form]
    text = (prompt or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return NormalisedPrompt("\n\n", "", PoemState(metre, verses, in_title=True), "empty")
    before, record = _last_record(text)
    if not record.strip():      # the text ends with a blank line: a new poem starts, title first
        return NormalisedPrompt(before.rstrip("\n") + "\n\n", "", PoemState(metre, verses, in_title=True), "next")
    lines = record.split("\n")
    first = lines[0].strip()
    has_punct = any(c in first.translate(_PUNCT) for c in (COMMA, STOP))
    han_first = "".join(c for c in first if is_han(c))
    title = None
    body = record
    if not has_punct:
        rest = "\n".join(lines[1:])
        one_line = len(lines) == 1
        looks_like_verse = one_line and first == han_first and (
            len(han_first) == metre if metre else len(han_first) in METRES)
        if looks_like_verse:      # 床前明月光 typed without its comma: a first verse
            body = first + COMMA
        elif first:
            title, body = first, rest
        else:
            body = rest
    body_text, st = _parse_body(body, metre, verses, form)
    context = before.rstrip("\n")
    context = context + "\n\n" if context else ""
    if _finished(st):           # a whole poem: the next one starts (Continue after a finished poem)
        suffix = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        head = (title + NL) if title is not None else ""
        return NormalisedPrompt(context + head + body_text + "\n\n", suffix,
                                PoemState(metre, verses, in_title=True), "next")
    if title is not None and not body_text and not st.pos:
        suffix = "" if text.endswith("\n") else "\n"
        return NormalisedPrompt(context + title + NL, suffix, st, "title")
    suffix = COMMA if body == first + COMMA and not has_punct else ""   # the comma a bare verse lacked
    if st.need_newline:
        # a couplet ended: the next verse starts on a new line (shown only when the user did not type one)
        st.need_newline = False
        suffix = "" if text.endswith("\n") else "\n"
        body_text += NL
        if verses is None and st.done_verses == 4:
            st.may_end = True
    head = (title + NL) if title is not None else ("\n\n" if not context else "")
    if not body_text and not st.pos:
        return NormalisedPrompt(context + head, suffix, st, "body")
    return NormalisedPrompt(context + head + body_text, suffix, st, "body")


class PoemConstraint:
    """Masks logits so the form is met; ``advance(token)`` after each sampled token; ``finished`` at the end."""

    def __init__(self, tokenizer, state: PoemState, rhymes: dict[str, str] | None = None):
        vocab = getattr(tokenizer, "vocab", None)
        stoi = getattr(tokenizer, "stoi", None)
        if getattr(tokenizer, "type", "") != "char" or vocab is None or stoi is None \
                or not all(c in stoi for c in (COMMA, STOP, NL)):
            raise ValueError("not a character tokenizer that knows ，。 and the new line")
        unk = getattr(tokenizer, "unk", None)
        self.vocab = list(vocab)
        self.comma, self.stop, self.nl = stoi[COMMA], stoi[STOP], stoi[NL]
        han = torch.tensor([is_han(c) and c != unk for c in self.vocab], dtype=torch.bool)
        self._han = han
        self._masks: dict[tuple, torch.Tensor] = {}
        self.state = state.copy()
        self.rhymes = dict(rhymes or {})      # character -> rhyme group (the model folder's rhymes.json)
        self._group_ids: dict[str, list[int]] = {}
        for i, c in enumerate(self.vocab):
            g = self.rhymes.get(c)
            if g and bool(han[i]):
                self._group_ids.setdefault(g, []).append(i)

    @property
    def finished(self) -> bool:
        return self.state.finished

    def _mask(self, han: bool | str, extra: tuple[int, ...]) -> torch.Tensor:
        key = (han, extra)
        m = self._masks.get(key)
        if m is None:
            if isinstance(han, str):          # one rhyme group's characters
                ok = torch.zeros_like(self._han)
                ok[self._group_ids[han]] = True
            else:
                ok = self._han.clone() if han else torch.zeros_like(self._han)
            for i in extra:
                ok[i] = True
            m = torch.zeros(len(self.vocab), dtype=torch.float32)
            m.masked_fill_(~ok, float("-inf"))
            self._masks[key] = m
        return m

    def rhyme_group(self) -> str | None:
        """The rhyme group the verse being written must end in, or None (odd verses, verse 2, no table)."""
        s = self.state
        if s.metre is None or s.done_verses % 2 == 0 or s.done_verses < 3 or not s.rhyme:
            return None
        g = self.rhymes.get(s.rhyme)
        return g if g in self._group_ids else None

    def allowed(self) -> tuple[bool | str, tuple[int, ...]]:
        """(Han characters allowed — or the name of the one rhyme group allowed —, other allowed token ids)."""
        s = self.state
        if s.in_title:
            if s.title_len == 0:
                return True, ()
            return (s.title_len < TITLE_MAX), (self.nl,)
        if s.need_newline:
            return False, (self.nl,)
        if s.may_end and s.pos == 0:
            return True, (self.nl,)
        punct = self.comma if s.done_verses % 2 == 0 else self.stop
        if s.metre is not None:
            if s.pos == s.metre - 1:
                g = self.rhyme_group()
                if g is not None:             # the last character of an even verse rhymes with verse 2
                    return g, ()
            return (s.pos < s.metre), ((punct,) if s.pos == s.metre else ())
        if s.pos < min(METRES):
            return True, ()
        if s.pos in METRES:
            return (s.pos < max(METRES)), (punct,)
        return True, ()

    def apply(self, logits: torch.Tensor) -> torch.Tensor:
        """Mask ``logits`` (1-D, float, CPU) in place: disallowed tokens get -inf. Returns it."""
        han, extra = self.allowed()
        return logits.add_(self._mask(han, extra))

    def advance(self, token: int) -> None:
        s = self.state
        ch = self.vocab[token] if 0 <= token < len(self.vocab) else ""
        if s.in_title:
            if ch == NL:
                s.in_title = False
                s.title_len = 0
            else:
                s.title_len += 1
            return
        if s.need_newline:
            s.need_newline = False
            if s.verses is None and s.done_verses == 4:
                s.may_end = True
            return
        if s.may_end and s.pos == 0:
            s.may_end = False
            if ch == NL:          # auto: the model ended after 4 verses (a blank line)
                s.finished = True
                return
            s.verses = 8
        if ch in (COMMA, STOP):
            if s.metre is None:
                s.metre = s.pos
            s.done_verses += 1
            s.pos = 0
            if s.done_verses == 2:
                s.rhyme = s.last
            limit = s.verses if s.verses is not None else 8
            if s.done_verses >= limit:
                s.finished = True
            elif ch == STOP:
                s.need_newline = True
        else:
            s.pos += 1
            s.last = ch

    def tokens_left(self) -> int:
        """At most how many tokens the rest of the poem takes (for the token budget)."""
        s = self.state
        metre = s.metre or max(METRES)
        verses = s.verses or 8
        left_verses = max(0, verses - s.done_verses)
        n = left_verses * (metre + 1) + (left_verses + 1) // 2 + 2
        if s.in_title:
            n += TITLE_MAX + 1
        return n


def check_poem(text: str, metre: int | None = None, verses: tuple[int, ...] = (4, 8)) -> tuple[bool, str]:
    """Whether ``text`` (a poem body, or title line + body) is one whole regular poem: (ok, why not).

    Every verse is ``metre`` (or one of 5/7, the same throughout) Han characters, ，ends odd verses and 。even
    ones, the number of verses is in ``verses`` and the text ends on 。. Used by the tests and the evaluation."""
    t = text.strip("\n")
    lines = t.split("\n")
    if lines and not any(c in lines[0] for c in (COMMA, STOP)):
        lines = lines[1:]                  # a title line
    body = "".join(lines)
    if not body.endswith(STOP):
        return False, "does not end on 。"
    parts = re.split(r"([，。])", body)
    vs = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    if parts[-1] != "":
        return False, "text after the last verse"
    if len(vs) not in verses:
        return False, f"{len(vs)} verses"
    m = metre or len(vs[0][0])
    if m not in METRES:
        return False, f"{m}-character verse"
    for i, (v, p) in enumerate(vs):
        if len(v) != m or not all(is_han(c) for c in v):
            return False, f"verse {i + 1} '{v}' is not {m} Han characters"
        if p != (COMMA if i % 2 == 0 else STOP):
            return False, f"verse {i + 1} ends with {p}"
    for ln in lines:
        if ln.count(STOP) != 1 or not ln.endswith(STOP):
            return False, "one couplet a line"
    return True, ""


RHYMES_FILE = "rhymes.json"
RHYMES_FORMAT = "aigc-studio-rhymes/1"
_RHYME_CACHE: dict[tuple, dict[str, str]] = {}


def load_rhymes(folder) -> dict[str, str]:
    """character -> rhyme group from the model folder's ``rhymes.json`` ({} when it has none or it is unusable:
    the poem then keeps its form without the rhyme). Made by scripts/data/make_rhyme_table.py."""
    import json
    import os
    from pathlib import Path
    path = Path(folder) / RHYMES_FILE
    try:
        st = os.stat(path)
    except OSError:
        return {}
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _RHYME_CACHE:
        table: dict[str, str] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == RHYMES_FORMAT and isinstance(data.get("groups"), dict):
                for group, chars in data["groups"].items():
                    if isinstance(group, str) and isinstance(chars, str):
                        for c in chars:
                            table[c] = group
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            table = {}
        _RHYME_CACHE.clear()
        _RHYME_CACHE[key] = table
    return _RHYME_CACHE[key]
