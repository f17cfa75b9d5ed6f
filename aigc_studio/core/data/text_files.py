"""Reading the user's text files and standard input in bounded memory (Qt-free; torch only inside
:func:`encode_chunked`).

- :func:`sniff_encoding`: UTF-8 (with or without a byte-order mark), or UTF-16 / UTF-32 when a byte-order mark says
  so, the way editors save text files.
- :func:`iter_decoded`: a binary stream decoded in chunks of ``chunk_bytes`` (an incremental decoder: a character
  split between two chunks is decoded whole). Undecodable bytes raise :class:`TextReadError` naming the byte and
  where it is; NUL bytes in UTF-8 mean the file is not text (a 500 MB file of NULs is refused at once).
- :func:`read_stream_tail`: at most the last ``max_chars`` characters of a stream (``--prompt -``: the model only
  uses its context, so a 50 MB prompt is cut on the way in, never held whole).
- :func:`list_text_files` / :func:`read_text_files`: the ``.txt``/``.md`` files of a folder (or one file) for
  training, each read in chunks up to a total of ``max_chars`` characters; a file that cannot be read (no
  permission), vanished while listed, is not UTF-8 text, or a folder that cannot be opened, is skipped with a note
  that says which and why, in the user's words.
- :func:`encode_chunked`: a long text tokenized piece by piece into one tensor, never as one Python list.
"""
from __future__ import annotations

import codecs
import errno
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from aigc_studio.core.assets.formats import TEXT_EXTENSIONS
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.data.dataset import dataset_files, dataset_root, looks_like_manifest

CHUNK_BYTES = 1 << 20
# the most training text one run reads: 48 million characters (about 48 MB of English, 144 MB of Chinese in
# UTF-8), a day or more of training on a CPU. Keeps a run's memory bounded whatever the data's size (README).
TRAIN_TEXT_MAX_CHARS = 48_000_000
ENCODE_CHUNK_CHARS = 1 << 16       # 64 k characters a piece (the fastest size measured for BPE encoding)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class TextReadError(UserError):
    """A text that cannot be read, in the user's words."""


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """(codec, length of the byte-order mark) for a text starting with ``head``: a BOM decides, else UTF-8."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def iter_decoded(stream: BinaryIO, what: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[str]:
    """The text of a binary ``stream`` in pieces of about ``chunk_bytes``; ``what`` names it in errors
    ("standard input", "notes.txt")."""
    head = b""
    while len(head) < 4:
        more = stream.read(4 - len(head))
        if not more:
            break
        head += more
    codec, skip = sniff_encoding(head)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    data = head[skip:]
    offset = skip
    while True:
        if data:
            if codec == "utf-8" and b"\0" in data:
                raise TextReadError(f"{what} is not text: it contains NUL bytes (byte {offset + data.index(0):,}).")
            try:
                text = decoder.decode(data)
            except UnicodeDecodeError as e:
                bad = data[e.start:e.start + 1]
                raise TextReadError(
                    f"{what} is not UTF-8 text: the byte 0x{bad.hex().upper()} at byte {offset + e.start:,} "
                    f"cannot be read. Save it as UTF-8 (or UTF-16 with a byte-order mark).") from None
            offset += len(data)
            if text:
                yield text
        data = stream.read(chunk_bytes)
        if not data:
            break
    try:
        rest = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise TextReadError(f"{what} is not {'UTF-8' if codec == 'utf-8' else codec.upper()} text: it ends in the "
                            "middle of a character (it may be cut short).") from None
    if rest:
        yield rest


def read_stream_tail(stream: BinaryIO, what: str, max_chars: int) -> tuple[str, bool]:
    """(the last ``max_chars`` characters of ``stream``'s text, whether anything before them was dropped)."""
    parts: deque[str] = deque()
    held = 0
    cut = False
    for piece in iter_decoded(stream, what):
        parts.append(piece)
        held += len(piece)
        while held - len(parts[0]) >= max_chars:
            held -= len(parts.popleft())
            cut = True
    text = "".join(parts)
    if len(text) > max_chars:
        text, cut = text[-max_chars:], True
    return text, cut


@dataclass
class TextFiles:
    """What :func:`read_text_files` read: ``texts`` [(name, text)], ``notes`` (sentences: each file or folder
    skipped and why, and whether the text was cut at the limit) and ``cut`` (True when it was)."""
    texts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cut: bool = False


def _why(e: OSError) -> str:
    if e.errno in (errno.EACCES, errno.EPERM):
        return "the studio may not read it (no permission)"
    if e.errno == errno.ENOENT:
        return "it disappeared while the text was being read"
    if e.errno == errno.EISDIR:
        return "it is a folder"
    return f"it could not be read ({e.strerror or e})"


def list_text_files(path: Path, what: str = "training text") -> tuple[list[Path], list[str]]:
    """(the ``.txt``/``.md`` files of ``path`` (itself when a file), sorted, recursively; notes about the folders
    that could not be opened). A ``UserError`` when ``path`` is neither a file nor a folder."""
    path = Path(path)
    if looks_like_manifest(path):            # a dataset manifest (core/data/dataset.py): its included files
        return dataset_files(path, "text"), []
    if path.is_file():
        return [path], []
    if not path.is_dir():
        raise TextReadError(f"The {what} {path} is neither a file nor a folder.")
    files: list[Path] = []
    notes: list[str] = []

    def unreadable(e: OSError) -> None:
        name = Path(e.filename).relative_to(path) if e.filename and Path(e.filename) != path else path
        notes.append(f"Skipped the folder {name}: {_why(e)}.")

    for root, dirs, names in os.walk(path, onerror=unreadable):
        dirs.sort()
        for n in names:
            if Path(n).suffix.lower() in TEXT_EXTENSIONS:
                files.append(Path(root) / n)
    if notes and not files and not os.access(path, os.R_OK | os.X_OK):
        raise TextReadError(f"The {what} folder {path} cannot be read (no permission).")
    return sorted(files), notes


def read_text_files(path: Path, max_chars: int = TRAIN_TEXT_MAX_CHARS, what: str = "training text") -> TextFiles:
    """The text of ``path`` (one file or a folder's ``.txt``/``.md`` files), read in chunks, at most ``max_chars``
    characters in all. Files that cannot be read are skipped with a note."""
    path = Path(path)
    files, notes = list_text_files(path, what)
    base = dataset_root(path) if looks_like_manifest(path) else path
    out = TextFiles(notes=notes)
    left = max_chars
    for f in files:
        name = str(f.relative_to(base)) if f != path else f.name
        if left <= 0:
            out.cut = True
            break
        pieces: list[str] = []
        got = 0
        try:
            with open(f, "rb") as stream:
                for piece in iter_decoded(stream, "it"):
                    if got + len(piece) > left:
                        pieces.append(piece[:left - got])
                        got = left
                        out.cut = True
                        break
                    pieces.append(piece)
                    got += len(piece)
        except TextReadError as e:
            out.notes.append(f"Skipped {name}: {e}")
            continue
        except OSError as e:
            out.notes.append(f"Skipped {name}: {_why(e)}.")
            continue
        out.texts.append((name, "".join(pieces)))
        left -= got
        if out.cut:
            break
    if out.cut:
        out.notes.append(f"The {what} is longer than {max_chars:,} characters: only the first {max_chars:,} are "
                         "used, so that training fits in memory.")
    return out


def text_pieces(text: str, separator: str | None = None, size: int = ENCODE_CHUNK_CHARS) -> Iterator[str]:
    """``text`` in pieces of at most ``size`` characters, ending at a line break where there is one; with
    ``separator`` (the end-of-text marker) pieces never contain it and blank pieces are left out (what a BPE
    tokenizer is trained on: one huge string makes the library use gigabytes)."""
    start, n = 0, len(text)
    while start < n:
        stop = text.find(separator, start) if separator else -1
        stop = n if stop == -1 else stop
        while start < stop:
            end = min(stop, start + size)
            if end < stop:
                nl = text.rfind("\n", start + size // 2, end)
                if nl != -1:
                    end = nl + 1
            piece = text[start:end]
            if piece.strip():
                yield piece
            start = end
        start = stop + (len(separator) if separator else 0)


def encode_chunked(tokenizer, text: str, chunk_chars: int = ENCODE_CHUNK_CHARS):
    """``tokenizer.encode(text)`` as one int64 tensor, made piece by piece (pieces end at a line break where there
    is one), so a long text never becomes one Python list of ints (about 36 bytes a token)."""
    import torch

    if len(text) <= chunk_chars:
        return torch.tensor(tokenizer.encode(text), dtype=torch.long)
    parts = []
    start = 0
    while start < len(text):
        end = min(len(text), start + chunk_chars)
        if end < len(text):
            nl = text.rfind("\n", start + chunk_chars // 2, end)
            if nl != -1:
                end = nl + 1
        parts.append(torch.tensor(tokenizer.encode(text[start:end]), dtype=torch.long))
        start = end
    return torch.cat(parts) if parts else torch.zeros(0, dtype=torch.long)
