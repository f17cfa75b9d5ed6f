"""What the evaluators share: the error type, the message templates (English, with {placeholders}: the
translation keys of the interface), the stop signal and the reading of the data to evaluate against."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from aigc_studio.core.assets.formats import kind_of_path
from aigc_studio.core.base.errors import UserError
from aigc_studio.core.data.dataset import DatasetError, dataset_files, kind_files, looks_like_manifest

# message templates (listed for translation in ui/panels/common.py)
NO_DATA = "There is nothing to evaluate against in {path}: it holds no {what}."
NOT_FOUND = "The evaluation data {path} does not exist."
WRONG_KIND = "{path} holds {found}, not the {what} this model is evaluated against."
NO_MODEL_KIND = "{model} cannot be evaluated: the studio evaluates text, image and audio models."
TOO_FEW_FID = ("FID needs at least {minimum} images in each set ({dimensions} feature dimensions); there are "
               "{count}. KID is given instead (it suits small sets).")
TOO_FEW_KID = "KID needs at least 2 images in each set; there are {count}."
NO_TRAIN = "No training images were found ({why}): the memorisation check was left out."
SKIPPED = "Skipped {what}."
TOO_SHORT_TEXT = "The held-out text is too short to measure ({tokens} tokens; at least 2 are needed)."

KIND_WORDS = {"image": "images", "audio": "sounds", "text": "text files"}


class EvalError(UserError):
    """Evaluation input that cannot be used, in the user's words."""


class Stopped(Exception):
    """Raised inside an evaluator when ``should_stop()`` turned true; the caller returns what it has."""


def check_stop(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise Stopped()


def data_files(data: str | Path | Iterable, kind: str) -> list[Path]:
    """The files of ``kind`` to evaluate against: a folder (recursively), one file, a dataset manifest, or an
    explicit list of paths (those that still exist)."""
    if isinstance(data, (list, tuple)):
        return [Path(p) for p in data if Path(p).is_file()]
    path = Path(data)
    if not path.exists():
        raise EvalError(NOT_FOUND.format(path=path))
    if path.is_file() and not looks_like_manifest(path):
        found = kind_of_path(path)
        if found and found != kind:
            raise EvalError(WRONG_KIND.format(path=path, found=KIND_WORDS[found], what=KIND_WORDS[kind]))
    try:
        files = dataset_files(path, kind)
    except DatasetError as e:
        raise EvalError(str(e)) from None
    if not files:
        if path.is_dir():
            for other in KIND_WORDS:
                if other != kind and kind_files(path, other):
                    raise EvalError(WRONG_KIND.format(path=path, found=KIND_WORDS[other], what=KIND_WORDS[kind]))
        raise EvalError(NO_DATA.format(path=path, what=KIND_WORDS[kind]))
    return files


def summary(values) -> dict:
    """min, median, mean (rounded) of a 1-D array."""
    import numpy as np
    a = np.asarray(values, dtype=float)
    return {"min": round(float(a.min()), 3), "median": round(float(np.median(a)), 3), "mean": round(float(a.mean()), 3)}
