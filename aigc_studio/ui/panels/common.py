"""What the Text, Image and Audio panels share.

* :class:`JobPanel` — the base of a generation panel: the ``asset_saved`` / ``status_message`` signals, the
  engine's signals connected, the bookkeeping of the panel's job (id, state, spec, device, pending progress and
  phase) and of the warnings it logs, "is busy", the remembered form (``settings.last_params[KIND]``) and
  "Open model folder…".
* :class:`Coalescer` — a timer that runs its slot at most once per interval however many events poke it.
* :func:`tr_core` / :func:`spec_problems` / :func:`merge_problems` — the problems ``core.base.specs`` reports
  (``Problem`` data with an English template: core has no Qt), by their field and in the interface's language.
* :func:`list_models` / :func:`resolve_model` — the model registry, as the panels use it.
* Small builders of the panels' common widgets: :func:`push_button`, :func:`stats_label`, :func:`side_column`,
  :func:`split_panel`.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QFileDialog, QLabel, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSplitter,
                               QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import Problem, as_problem
from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.base.settings import SEED_MODES
from aigc_studio.core.models import registry
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.widgets.param_form import problems_by_field, read_number

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 33          # what a job streams reaches the view at most ~30 times a second
FINAL_STATES = ("done", "cancelled", "failed")

# The English templates of the problems core.base.specs reports (Problem.message), so lupdate lists them for
# translators (core has no Qt); shown through tr_core(). A template's {placeholders} are filled after translating,
# so a translation keeps them as they are. tests/ui/test_text_panel.py checks every problem the specs give is here.
_CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a model."),
    QT_TRANSLATE_NOOP("CoreMessages", "The seed must be between 0 and 4294967295."),
    QT_TRANSLATE_NOOP("CoreMessages", "The device must be auto, cuda, mps or cpu."),
    QT_TRANSLATE_NOOP("CoreMessages", "A setting has a value of the wrong type ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "This file does not hold AIGC Studio settings."),
    QT_TRANSLATE_NOOP("CoreMessages", "The saved settings are incomplete ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "The saved settings are not valid JSON."),
    # text
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt is empty: type a few words to start from."),
    QT_TRANSLATE_NOOP("CoreMessages", "Max new tokens must be between 1 and 4096."),
    QT_TRANSLATE_NOOP("CoreMessages", "Temperature must be between 0 (greedy) and 5."),
    QT_TRANSLATE_NOOP("CoreMessages", "Top-k must be 0 (off) or a positive number of tokens."),
    QT_TRANSLATE_NOOP("CoreMessages", "Top-p must be greater than 0 and at most 1."),
    QT_TRANSLATE_NOOP("CoreMessages", "Repetition penalty must be between 1 (off) and 3."),
    QT_TRANSLATE_NOOP("CoreMessages", "Stop strings must not be empty."),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "The form must be free, auto, wuyan-jueju, qiyan-jueju, wuyan-lushi or qiyan-lushi."),
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt's verse \"{verse}\" has {n} characters; the form {form} needs "
                      "{want} a verse. Choose another form (or Free)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt already has more verses than the form {form} allows ({verses}): "
                      "shorten the prompt, or choose another form (or Free)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt's verse \"{verse}\" ends with \"{got}\" where the form needs "
                      "\"{want}\" (，after odd verses, 。after even ones)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt's first line has more than 7 characters before its punctuation: "
                      "it is not a 5- or 7-character verse."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model {model} does not write regular Chinese poems: choose the form Free."),
    QT_TRANSLATE_NOOP("CoreMessages", "The latent prior must be fitted or standard."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model's fitted latent prior ({file}) could not be used ({error}): new "
                      "samples come from the standard normal N(0, I)."),
    # images and sounds
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown mode '{mode}': one of {modes}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The number of results must be between 1 and 64."),
    QT_TRANSLATE_NOOP("CoreMessages", "The variation strength must be between 0 and 2."),
    QT_TRANSLATE_NOOP("CoreMessages", "The number of interpolation frames must be between 2 and 64."),
    QT_TRANSLATE_NOOP("CoreMessages", "Slider amounts must be at most 16 numbers between -10 and 10."),
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a file to encode."),
    QT_TRANSLATE_NOOP("CoreMessages", "Truncation must be between 0 (the average image) and 2; 1 is off."),
    QT_TRANSLATE_NOOP("CoreMessages", "Best of N: N must be between 1 and 1024."),
    QT_TRANSLATE_NOOP("CoreMessages", "Best of N: keep at most N images."),
    QT_TRANSLATE_NOOP("CoreMessages", "The category must be “any” or one word naming a category, such as “animals”."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select a image first."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select two images to interpolate between."),
    QT_TRANSLATE_NOOP("CoreMessages", "A stored image latent is damaged (not a list of finite numbers)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The image latents must be a list of at most 64 vectors."),
    QT_TRANSLATE_NOOP("CoreMessages", "The length must be between 0.1 and 10 seconds."),
    QT_TRANSLATE_NOOP("CoreMessages", "Temperature must be between 0 and 2."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select a sound first."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select two sounds to interpolate between."),
    QT_TRANSLATE_NOOP("CoreMessages", "A stored sound latent is damaged (not a list of finite numbers)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The sound latents must be a list of at most 64 vectors."),
    # settings inside a dropped or opened file, damaged models (core.assets.metadata, core.jobs.damaged)
    QT_TRANSLATE_NOOP("CoreMessages", "The settings in “{name}” cannot be restored: {problems}"),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” asks to read another file on this computer, {source}. The studio reads it only if you confirm."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The model “{model}” is damaged: its weights hold invalid numbers (NaN or infinite), so it cannot generate. Reinstall it, or train it again."),  # noqa: E501
    QT_TRANSLATE_NOOP("CoreMessages", "The model “{model}” is damaged: it produced invalid numbers (NaN or infinite) instead of {what}. Nothing from it was shown or saved. Reinstall it, or train it again."),  # noqa: E501
    # model management (core.base.model_specs)
    QT_TRANSLATE_NOOP("CoreMessages", "The new name is empty: type a name for the model."),
    QT_TRANSLATE_NOOP("CoreMessages", "The name is too long: at most {max} characters."),
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a file to export to."),
    QT_TRANSLATE_NOOP("CoreMessages", "Choose the .zip file of an exported model."),
    QT_TRANSLATE_NOOP("CoreMessages", "On a taken id: rename or refuse."),
    # training options (core.training.config, core.training.presets)
    QT_TRANSLATE_NOOP("CoreMessages", "There is no size preset {name} for this model: choose one of {names}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The text model must be gpt or lstm."),
    QT_TRANSLATE_NOOP("CoreMessages", "The LSTM size is out of range (layers 1-8, width 8-4096)."),
    QT_TRANSLATE_NOOP("CoreMessages", "DiffAugment must be on, off or auto, with a policy made of color, "
                      "translation and cutout."),
    QT_TRANSLATE_NOOP("CoreMessages", "A small character LSTM: trains in minutes on a CPU, suits a few pages of "
                      "text."),
    QT_TRANSLATE_NOOP("CoreMessages", "A tiny GPT (2 layers, 128 wide): quick on a CPU, for short texts."),
    QT_TRANSLATE_NOOP("CoreMessages", "A small GPT (4 layers, 192 wide): the size of the shipped text models."),
    QT_TRANSLATE_NOOP("CoreMessages", "A medium GPT (6 layers, 384 wide): for a novel's worth of text and a GPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A tiny GAN (64 px, narrow): for a few dozen images on a CPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A small GAN (64 px): the size of the shipped emoji GAN."),
    QT_TRANSLATE_NOOP("CoreMessages", "A wider GAN (64 px): for a thousand images or more and a GPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A tiny image VAE (64 px, narrow): for a few dozen images on a CPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A small image VAE (64 px): the size of the shipped emoji VAE."),
    QT_TRANSLATE_NOOP("CoreMessages", "A wider image VAE (64 px): for a thousand images or more and a GPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A tiny audio VAE (half the channels): for a few dozen sounds on a CPU."),
    QT_TRANSLATE_NOOP("CoreMessages", "A small audio VAE: the size of the shipped notes model."),
)


# Finished English texts the core hands the interface (job phases, device reasons, image labels, the errors a job
# or a file gives): each is the English template that made it, so lupdate lists it and tr_core_text() can find the
# template a text was made from, translate it and fill in its arguments (themselves translated when one of these
# made them, e.g. the reason inside "CPU — {reason}").
_CORE_TEXTS = (
    # job phases (Progress.message)
    QT_TRANSLATE_NOOP("CoreMessages", "Loading the model"),
    QT_TRANSLATE_NOOP("CoreMessages", "Generating"),
    QT_TRANSLATE_NOOP("CoreMessages", "Done"),
    QT_TRANSLATE_NOOP("CoreMessages", "{done}/{total} images"),
    QT_TRANSLATE_NOOP("CoreMessages", "judged {done}/{total}"),
    # the device and why (core.base.device)
    QT_TRANSLATE_NOOP("CoreMessages", "CPU — {reason}"),
    QT_TRANSLATE_NOOP("CoreMessages", "no CUDA device found"),
    QT_TRANSLATE_NOOP("CoreMessages", "chosen in Settings"),
    QT_TRANSLATE_NOOP("CoreMessages", "CUDA was requested but is not available"),
    QT_TRANSLATE_NOOP("CoreMessages", "MPS was requested but is not available"),
    QT_TRANSLATE_NOOP("CoreMessages", "{reason} (the device setting “{pref}” is unknown)"),
    QT_TRANSLATE_NOOP("CoreMessages", "CUDA — {name} (chosen in Settings)"),
    QT_TRANSLATE_NOOP("CoreMessages", "CUDA — {name}"),
    QT_TRANSLATE_NOOP("CoreMessages", "MPS — Apple GPU (chosen in Settings)"),
    QT_TRANSLATE_NOOP("CoreMessages", "MPS — Apple GPU"),
    # image labels (core.jobs.image)
    QT_TRANSLATE_NOOP("CoreMessages", "reconstruction"),
    QT_TRANSLATE_NOOP("CoreMessages", "variation {n}"),
    QT_TRANSLATE_NOOP("CoreMessages", "frame {i}/{n}"),
    QT_TRANSLATE_NOOP("CoreMessages", "score {score}"),
    # files (core.assets)
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” was not found."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a folder, not an image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” cannot be read: permission denied."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is empty (0 bytes), not an image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a ZIP archive (or a document packed as one), not an image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a PDF document, not an image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a text file, not an image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a HEIC photo, which the studio cannot read. Export it as "
                                      "JPEG or PNG first."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a vector drawing (SVG/XML), not a bitmap. Export it as PNG "
                                      "first."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not an image the studio can open: it reads {formats} files."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a folder, not a saved file."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is a folder, not a text file."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not a readable PNG image."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not a text file (it contains binary data)."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not UTF-8 text (an unreadable byte at position {pos}). Save it "
                                      "as UTF-8 in a text editor and try again."),
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not a saved asset."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is silent (its loudest sample is below -80 dBFS)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} has no sample rate or no channels: it is damaged."),
    QT_TRANSLATE_NOOP("CoreMessages", "There are no sounds to export: make or select some first."),
    # models and jobs (core.jobs, core.models)
    QT_TRANSLATE_NOOP("CoreMessages", "“{name}” is not an image model: choose one of the image models."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model {name} cannot read this prompt (it gives no tokens)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model {name} is incomplete: it has no {file}."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a file; choose the model's folder instead."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not an AIGC Studio model: it has no {file}."),
    # the user's models: rename, export, import, delete (core.models.manage, core.jobs.models)
    QT_TRANSLATE_NOOP("CoreMessages", "Exporting"),
    QT_TRANSLATE_NOOP("CoreMessages", "Importing"),
    QT_TRANSLATE_NOOP("CoreMessages", "Checking the model"),
    QT_TRANSLATE_NOOP("CoreMessages", "{id} is shipped with the studio: it cannot be renamed or deleted. Only your "
                                      "own models (trained or imported) can be."),
    QT_TRANSLATE_NOOP("CoreMessages", "{id} is not in your models folder ({folder}): only your own models (trained "
                                      "or imported) can be renamed or deleted."),
    QT_TRANSLATE_NOOP("CoreMessages", "The new name is empty: type a name for the model."),
    QT_TRANSLATE_NOOP("CoreMessages", "The name is too long: at most {max} characters."),
    QT_TRANSLATE_NOOP("CoreMessages", "The name holds control characters: type it again."),
    QT_TRANSLATE_NOOP("CoreMessages", "{id} is not an AIGC Studio model folder (a Hugging Face folder cannot be "
                                      "exported as a studio model)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is a folder: choose a file name for the export."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} already exists: choose another file name."),
    QT_TRANSLATE_NOOP("CoreMessages", "There is no file at {path}."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is a folder: choose the .zip file of an exported model."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a pickle file. Pickle files can run code when opened, so the "
                                      "studio refuses them."),
    QT_TRANSLATE_NOOP("CoreMessages", "The disk is full: the model needs {need} MB and {free} MB are free. Nothing "
                                      "was imported."),
    QT_TRANSLATE_NOOP("CoreMessages", "A model with the id {id} is already installed: delete or rename it first, or "
                                      "import it as a copy."),
    QT_TRANSLATE_NOOP("CoreMessages", "A model folder {id} appeared while importing: try again."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} does not hold a working model: {error}"),
    QT_TRANSLATE_NOOP("CoreMessages", "its configuration cannot be built ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "its card describes {n} numbers, more than its weights file holds."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a model the studio can import: {why}."),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not a readable .zip file"),
    QT_TRANSLATE_NOOP("CoreMessages", "the entry {entry} has an unsafe path"),
    QT_TRANSLATE_NOOP("CoreMessages", "the entry {entry} is nested in more than one folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "the entry {entry} is a link or a special file"),
    QT_TRANSLATE_NOOP("CoreMessages", "the entry {entry} is encrypted"),
    QT_TRANSLATE_NOOP("CoreMessages", "it holds {n} entries (a model has at most 4 files)"),
    QT_TRANSLATE_NOOP("CoreMessages", "it holds {file} twice"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is compressed with a method the studio does not read"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is too large ({size} bytes; at most {max})"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is compressed {ratio} times (a zip bomb?)"),
    QT_TRANSLATE_NOOP("CoreMessages", "it holds pickle files ({names}). Pickle files can run code when opened, so "
                                      "the studio refuses them"),
    QT_TRANSLATE_NOOP("CoreMessages", "it holds files a model does not have ({names})"),
    QT_TRANSLATE_NOOP("CoreMessages", "its files are spread over several folders"),
    QT_TRANSLATE_NOOP("CoreMessages", "it has no {file}"),
    QT_TRANSLATE_NOOP("CoreMessages", "its {file} is not valid JSON"),
    QT_TRANSLATE_NOOP("CoreMessages", "its {file} is damaged"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is a text model without {file}"),
    QT_TRANSLATE_NOOP("CoreMessages", "its {file} is not an AIGC Studio model card"),
    QT_TRANSLATE_NOOP("CoreMessages", "its {file} lacks '{key}'"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is a model of an unknown kind ({kind}, {architecture})"),
    QT_TRANSLATE_NOOP("CoreMessages", "its {file} has no configuration"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id {id} cannot be a folder name"),
    QT_TRANSLATE_NOOP("CoreMessages", "its name is not text"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is not a safetensors file (too short)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is not a safetensors file (a damaged header)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is damaged (the tensor {name} lies outside the file)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} holds no tensors"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is larger than it says (a zip bomb?)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{file} is truncated"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is damaged ({error})"),
    # evaluation (core.eval, core.jobs.evaluate, the eval after training)
    QT_TRANSLATE_NOOP("CoreMessages", "Choose the held-out data to evaluate against."),
    QT_TRANSLATE_NOOP("CoreMessages", "The number of samples must be between 2 and {max}."),
    QT_TRANSLATE_NOOP("CoreMessages", "There is nothing to evaluate against in {path}: it holds no {what}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The evaluation data {path} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} holds {found}, not the {what} this model is evaluated against."),
    QT_TRANSLATE_NOOP("CoreMessages", "{model} cannot be evaluated: the studio evaluates text, image and audio "
                      "models."),
    QT_TRANSLATE_NOOP("CoreMessages", "FID needs at least {minimum} images in each set ({dimensions} feature "
                      "dimensions); there are {count}. KID is given instead (it suits small sets)."),
    QT_TRANSLATE_NOOP("CoreMessages", "KID needs at least 2 images in each set; there are {count}."),
    QT_TRANSLATE_NOOP("CoreMessages", "No training images were found ({why}): the memorisation check was left out."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {what}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The held-out text is too short to measure ({tokens} tokens; at least 2 are "
                      "needed)."),
    QT_TRANSLATE_NOOP("CoreMessages", "Loading {name}…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Drawing samples: {done}/{total}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Reading the held-out pictures…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Reading the training pictures…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Measuring FID, KID, memorisation and diversity…"),
    QT_TRANSLATE_NOOP("CoreMessages", "None of the held-out pictures could be read."),
    QT_TRANSLATE_NOOP("CoreMessages", "At least 2 samples are needed to evaluate an image model."),
    QT_TRANSLATE_NOOP("CoreMessages", "Encoding the held-out text…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Measuring the held-out loss…"),
    QT_TRANSLATE_NOOP("CoreMessages", "There is no readable held-out text to evaluate against."),
    QT_TRANSLATE_NOOP("CoreMessages", "Reading the held-out sounds…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Measuring the held-out log-spectral distance…"),
    QT_TRANSLATE_NOOP("CoreMessages", "None of the held-out sounds could be read."),
    QT_TRANSLATE_NOOP("CoreMessages", "Evaluating the new model against the held-out data…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Nothing was held out of this small data set: the evaluation figures are "
                      "measured on the training data and flatter the model."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model was saved, but evaluating it failed: {error}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Evaluation (written into the model card): {figures}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Stopped and saved: the model was not evaluated (evaluate it from the Train "
                      "tab or with aigc-studio eval)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The figures could not be written into the model card ({error}); they are "
                      "shown here only."),
    QT_TRANSLATE_NOOP("CoreMessages", "The image feature network is missing ({folder}); reinstall the studio or "
                      "rebuild it with scripts/train/train_feature_net.sh."),
    # training (core.training: the loop, the held-out split, size presets, fine-tuning)
    QT_TRANSLATE_NOOP("CoreMessages", "Training on {device} ({hardware})."),
    QT_TRANSLATE_NOOP("CoreMessages", "Training on {device} ({hardware}), {processes} processes."),
    QT_TRANSLATE_NOOP("CoreMessages", "Training stopped: the {figure} became {value} at step {step}, so the model "
                      "stopped learning. Lower the learning rate (now {lr}). The last good checkpoint (step {saved}) "
                      "in {run_dir} is kept: train again with a lower learning rate and it resumes from there."),
    QT_TRANSLATE_NOOP("CoreMessages", "Training stopped: the {figure} became {value} at step {step}, so the model "
                      "stopped learning. Lower the learning rate (now {lr}) and train again: nothing was saved."),
    QT_TRANSLATE_NOOP("CoreMessages", "The data is too small to keep a part out for evaluation ({count} items): the "
                      "held-out figures are measured on training data."),
    QT_TRANSLATE_NOOP("CoreMessages", "The data has {count} {unit}, too few for the size {preset} (it suits {min} "
                      "or more): the model may learn it by heart. The size {recommended} suits this data better."),
    QT_TRANSLATE_NOOP("CoreMessages", "The data has {count} {unit}, too few even for the smallest size {preset} "
                      "(it suits {min} or more): the model will learn it by heart. Add more data if you can."),
    QT_TRANSLATE_NOOP("CoreMessages", "{count} characters of the training text ({distinct} different: {shown}) are "
                      "not in the vocabulary of {model}: they become {unk} (unknown) in training, and the model "
                      "cannot write them."),
    QT_TRANSLATE_NOOP("CoreMessages", "Another training is writing to {run_dir} (process {pid}): wait for it to "
                      "end, or train into another folder."),
    # the training process (core.jobs.train_process, train_child)
    QT_TRANSLATE_NOOP("CoreMessages", "The training process was killed at step {step} (signal {signal}), most often because the computer ran out of memory. The last checkpoint (step {saved}) is kept: start the same training again to resume from it, or choose a smaller size or batch."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training process was killed at step {step} (signal {signal}), most often because the computer ran out of memory, before it saved a checkpoint. Start the training again with a smaller size or batch."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training process stopped unexpectedly at step {step} (exit code {code}). The last checkpoint (step {saved}) is kept: start the same training again to resume from it. The studio's log file has the details."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training process stopped unexpectedly at step {step} (exit code {code}) before it saved a checkpoint. Start the training again; the studio's log file has the details."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training process sent something the studio cannot read ({error}), so it was ended. Start the same training again: it resumes from its last checkpoint, if it saved one."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training did not stop within {seconds} s of being asked, so it was ended. Start the same training again: it resumes from its last checkpoint, if it saved one."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The training process could not read its job ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "characters"),
    QT_TRANSLATE_NOOP("CoreMessages", "images"),
    QT_TRANSLATE_NOOP("CoreMessages", "sounds"),
    # reading text in bounded memory (core.data.text_files) and the notes of a training run about it
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {name}: {reason}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped the folder {name}: {reason}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Held-out text: {note}"),
    QT_TRANSLATE_NOOP("CoreMessages", "the studio may not read it (no permission)"),
    QT_TRANSLATE_NOOP("CoreMessages", "it disappeared while the text was being read"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is a folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "it could not be read ({error})"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not text: it contains NUL bytes (byte {offset})"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not UTF-8 text: the byte 0x{byte} at byte {offset} cannot be read. "
                      "Save it as UTF-8 (or UTF-16 with a byte-order mark)"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not {codec} text: it ends in the middle of a character (it may be cut "
                      "short)"),
    QT_TRANSLATE_NOOP("CoreMessages", "The {what} is longer than {count} characters: only the first {count} are "
                      "used, so that training fits in memory."),
    QT_TRANSLATE_NOOP("CoreMessages", "The {what} {path} is neither a file nor a folder."),
    QT_TRANSLATE_NOOP("CoreMessages", "The {what} folder {path} cannot be read (no permission)."),
    QT_TRANSLATE_NOOP("CoreMessages", "training text"),
    QT_TRANSLATE_NOOP("CoreMessages", "held-out text"),
    # model cards and folders checked before use (core.models.limits, checkpoint)
    QT_TRANSLATE_NOOP("CoreMessages", "The model in {folder} cannot be used: {reason}."),
    QT_TRANSLATE_NOOP("CoreMessages", "it has no id"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id is not text"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id is empty"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id is longer than {count} characters"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id looks like a path (an id is a plain name)"),
    QT_TRANSLATE_NOOP("CoreMessages", "its id contains control characters"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not a text, image or audio model"),
    QT_TRANSLATE_NOOP("CoreMessages", "its architecture '{name}' is not one this studio knows"),
    QT_TRANSLATE_NOOP("CoreMessages", "its configuration is not a set of named values"),
    QT_TRANSLATE_NOOP("CoreMessages", "its name is not text"),
    QT_TRANSLATE_NOOP("CoreMessages", "its card lacks '{key}'"),
    QT_TRANSLATE_NOOP("CoreMessages", "it is not an AIGC Studio model card"),
    QT_TRANSLATE_NOOP("CoreMessages", "its configuration is invalid: {problems}"),
    QT_TRANSLATE_NOOP("CoreMessages", "The model card's configuration is invalid: {problems}."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must be from {low} to {high} (it is {value})"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must be a whole number (it is {value})"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must be a list of 1 to {count} whole numbers"),
    QT_TRANSLATE_NOOP("CoreMessages", "every entry of {name} must be a whole number from {low} to {high}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is out of range ({value})"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a finite number"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must be a short list of numbers"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must not be a nested set of values"),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is too long"),
    QT_TRANSLATE_NOOP("CoreMessages", "n_embd ({n_embd}) must be a multiple of n_head ({n_head})"),
    QT_TRANSLATE_NOOP("CoreMessages", "The weights of {name} do not match its card: the card describes a model of "
                      "about {count} parameters, the weights hold {total}."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is too large (more than {size} kB)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is nested too deeply (more than {count} levels)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is not UTF-8 text."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} could not be read ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is corrupt or truncated ({why})."),
    QT_TRANSLATE_NOOP("CoreMessages", "it has no header"),
    QT_TRANSLATE_NOOP("CoreMessages", "its header is larger than the file"),
    QT_TRANSLATE_NOOP("CoreMessages", "its header is not a list of tensors"),
    QT_TRANSLATE_NOOP("CoreMessages", "its header is not valid JSON"),
    QT_TRANSLATE_NOOP("CoreMessages", "the entry of {name} is invalid"),
    QT_TRANSLATE_NOOP("CoreMessages", "The model cannot be saved in {folder}: {files} there is not the studio's. "
                      "Move it away or choose another folder."),
    QT_TRANSLATE_NOOP("CoreMessages", "The model cannot be saved in {folder}: {files} there are not the studio's. "
                      "Move them away or choose another folder."),
    QT_TRANSLATE_NOOP("CoreMessages", "{folder} is a file, not a model folder: choose another place for the model."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} cannot be read: the studio may not read it (no permission)."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} cannot be read: it disappeared while the sounds were being read."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} cannot be read ({error})."),
    # what training, evaluation and the dataset scan say while they run (Log / Progress; H9: checked by
    # tests/ui/test_core_texts_zh.py on real runs)
    QT_TRANSLATE_NOOP("CoreMessages", "CPU {cpu}, {cores} cores, {threads} torch thread(s)"),
    QT_TRANSLATE_NOOP("CoreMessages", "GPU {name}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{arch}: {params} M parameters, {train} training and {held} held-out images, {threads} thread(s) on {device}, DiffAugment ({policy})."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "{arch}: {params} M parameters, {train} training and {held} held-out images, {threads} thread(s) on {device}."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "{arch}: {params} M parameters, {tokenizer} tokenizer of {vocab} tokens, {train} training and {held} held-out tokens, {threads} thread(s) on {device}."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "{params} M parameters, {train} training and {held} held-out sounds, clips of {seconds} s at {rate} Hz, {threads} thread(s) on {device}."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "step {step}/{total}, {figures}"),
    QT_TRANSLATE_NOOP("CoreMessages", "step {step}/{total}, {figures}, about {left} left"),
    QT_TRANSLATE_NOOP("CoreMessages", "loss {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "STFT loss {stft}, KL {kl}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{minutes} min {seconds} s"),
    QT_TRANSLATE_NOOP("CoreMessages", "{hours} h {minutes} min"),
    QT_TRANSLATE_NOOP("CoreMessages", "Finishing: fitting the slider directions and measuring the held-out images…"),
    QT_TRANSLATE_NOOP("CoreMessages", "Saved the model to {out} after {step} steps ({note})."),
    QT_TRANSLATE_NOOP("CoreMessages", "The time budget is spent: saved the model to {out} after {step} steps ({note})."),
    QT_TRANSLATE_NOOP("CoreMessages", "Stopped and saved the model to {out} after {step} steps ({note})."),
    QT_TRANSLATE_NOOP("CoreMessages", "held-out loss {loss}/token"),
    QT_TRANSLATE_NOOP("CoreMessages", "held-out log-spectral distance {lsd} dB"),
    QT_TRANSLATE_NOOP("CoreMessages", "Resumed from the checkpoint at step {step}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Stopped at step {step}; the checkpoint in {run_dir} resumes it."),
    QT_TRANSLATE_NOOP("CoreMessages", "The time budget of {minutes} minutes is spent at step {step}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The checkpoint in {run_dir} was written by an earlier version of the studio and cannot be resumed: starting a new run."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "The checkpoint in {run_dir} is of other data or model options: starting a new run."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "Could not make a sample at step {step} ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "Left out {count} images without a class label."),
    QT_TRANSLATE_NOOP("CoreMessages", "The class {name} has a weight but no training images: it is not drawn."),
    QT_TRANSLATE_NOOP("CoreMessages", "The class weights name classes the data does not have ({names}); its classes are {classes}."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "Class weights apply to a GAN drawn by category: this model has no categories."),
    # training options a recipe (or a run resumed from one) gives
    QT_TRANSLATE_NOOP("CoreMessages", "The class loss weight must be between 0 and 10, from a step that is not negative."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "Class weights must be a list of class names, each with a number."),
    QT_TRANSLATE_NOOP("CoreMessages", "The weight of {name} must be a number above 0 and at most 100."),
    QT_TRANSLATE_NOOP("CoreMessages", "Class weights apply to a GAN drawn by category, with balanced classes on."),
    QT_TRANSLATE_NOOP("CoreMessages", "Class weights must start from a step that is not negative."),
    QT_TRANSLATE_NOOP("CoreMessages", "The mode-seeking weight must be between 0 and 10, from a step that is not negative."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {name}."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {name} ({reason})."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {count} more unreadable files."),
    QT_TRANSLATE_NOOP("CoreMessages", "Reading {train} training and {held} held-out sound files at {rate} Hz..."),
    QT_TRANSLATE_NOOP("CoreMessages", "Skipped {name}: {reason}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{count} of the {total} training sounds have a clear pitch."),
    QT_TRANSLATE_NOOP("CoreMessages", "Fitting the latent distribution (principal directions) over the training sounds..."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a text file, not a sound file."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is empty (0 bytes): it holds no sound."),
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is really an {what} file, which this installation cannot read. Convert it to WAV or FLAC first."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a sound file the studio can read (WAV, FLAC, OGG, AIFF) or it is damaged ({reason})."),  # noqa: E501 — one literal for lupdate
    QT_TRANSLATE_NOOP("CoreMessages", "KID {kid} ± {std}"),
    QT_TRANSLATE_NOOP("CoreMessages", "FID {fid}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{count} near copies of {samples} samples"),
    QT_TRANSLATE_NOOP("CoreMessages", "diversity {ratio}x the held-out pictures'"),
    QT_TRANSLATE_NOOP("CoreMessages", "{figures} ({samples} samples, {images} held-out pictures)"),
    QT_TRANSLATE_NOOP("CoreMessages", "held-out loss {loss} nats/token, perplexity {ppl} ({tokens} tokens)"),
    QT_TRANSLATE_NOOP("CoreMessages", "held-out log-spectral distance {lsd} dB ({count} sounds)"),
    QT_TRANSLATE_NOOP("CoreMessages", "the model card names no training data"),
    QT_TRANSLATE_NOOP("CoreMessages", "{source} is not there"),
    QT_TRANSLATE_NOOP("CoreMessages", "no training data given"),
    QT_TRANSLATE_NOOP("CoreMessages", "every training picture is among the held-out ones"),
    QT_TRANSLATE_NOOP("CoreMessages", "Listing files: {count}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Scanning {name}"),
    QT_TRANSLATE_NOOP("CoreMessages", "Comparing files"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files are not images and are left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files are not sounds and are left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files are not text files and are left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} files cannot be used; the report says why."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} images"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} sounds"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} text files"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} other files"),
    QT_TRANSLATE_NOOP("CoreMessages", "1 file is not an image and is left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "1 file is not a sound and is left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "1 file is not a text file and is left out ({counts})."),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} image"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} sound"),
    QT_TRANSLATE_NOOP("CoreMessages", "{n} text file"),
    QT_TRANSLATE_NOOP("CoreMessages", "1 other file"),
    QT_TRANSLATE_NOOP("CoreMessages", "{usable} of {files} files usable"),
)
_TEXT_PATTERNS: list[tuple[str, Any]] = []


def _own_words(template: str) -> tuple[int, int]:
    """How specific a template is: the length of its own words (placeholders aside), then its length."""
    import re
    return len(re.sub(r"\{\w+\}", "", template)), len(template)


def _text_patterns() -> list[tuple[str, Any]]:
    """The templates of ``_CORE_TEXTS`` as regular expressions (``{name}`` matches any text), the most specific
    first: the most words of their own (placeholders aside), then the longest."""
    if not _TEXT_PATTERNS:
        import re
        for template in sorted(_CORE_TEXTS, key=_own_words, reverse=True):
            parts = re.split(r"\{(\w+)\}", template)
            named: set[str] = set()                 # a placeholder used twice matches the same text twice
            rx = "".join(re.escape(p) if i % 2 == 0 else (f"(?P={p})" if p in named or named.add(p) else
                                                           f"(?P<{p}>.+?)") for i, p in enumerate(parts))
            _TEXT_PATTERNS.append((template, re.compile(rx + r"\Z", re.DOTALL)))
    return _TEXT_PATTERNS


def tr_core_text(text: str, _depth: int = 0) -> str:
    """An English text the core made (a job's error or phase, the device reason, an image's label) in the
    interface's language: the template it was made from (``_CORE_TEXTS``, ``_CORE_MESSAGES``) translated and
    filled with its parts, each translated in turn. Text made otherwise is returned as it is."""
    text = str(text or "")
    if not text or _depth > 3 or current_language() == "en":
        return text                     # the English interface shows the core's words as they are
    translated = QCoreApplication.translate("CoreMessages", text)
    if translated != text:
        return translated
    template, m = _core_match(text, _depth)
    if template == ",":                     # a list the core joined ("KID 0.1 ± 0.02, 0 near copies of ..."):
        return "，".join(tr_core_text(p, _depth + 1) for p in text.split(", "))     # each part translated
    if m is None:
        return text
    target = QCoreApplication.translate("CoreMessages", template)
    args = {k: tr_core_text(v, _depth + 1) for k, v in m.groupdict().items()}
    try:
        return target.format_map(args)
    except (KeyError, IndexError, ValueError):
        return text


def _core_match(text: str, depth: int) -> tuple[str | None, Any]:
    """(the template ``text`` was made from, its match) — or ("," , None) for a list of core texts joined with
    ", " (each item made from a template), preferred when the template's placeholder would swallow items of such
    a list ("{count} near copies of {samples} samples" would take "KID 0.1 ± 0.02, 0" as the count)."""
    for template, rx in _text_patterns():
        m = rx.match(text)
        if m is None:
            continue
        if any(", " in v for v in m.groupdict().values()) and _is_core_list(text, depth):
            return ",", None
        return template, m
    return ("," if _is_core_list(text, depth) else None), None


def _is_core_list(text: str, depth: int) -> bool:
    """``text`` is core texts joined with ", ", each made from a template."""
    parts = text.split(", ")
    return depth < 3 and len(parts) > 1 and all(core_text_template(p, depth + 1) for p in parts)


def core_text_template(text: str, _depth: int = 0) -> str | None:
    """The template of ``_CORE_TEXTS`` / ``_CORE_MESSAGES`` that ``text`` was made from (the text itself when it is
    one; "," for a list of such texts), None when tr_core_text() would leave it in English. Tests use it to find
    the core's texts that have no template yet."""
    text = str(text or "")
    if text in _CORE_TEXTS or text in _CORE_MESSAGES:
        return text
    return _core_match(text, _depth)[0]


def tr_core(problem: Problem | str) -> str:
    """A problem of the core (a :class:`Problem`, or plain English words) in the interface's language: its
    template translated (context "CoreMessages"), then filled with its arguments. A translation whose
    placeholders do not match the template falls back to the English text."""
    p = as_problem(problem)
    translated = QCoreApplication.translate("CoreMessages", p.message)
    if not p.args:
        return translated
    try:
        return translated.format_map(p.args)
    except (KeyError, IndexError, ValueError):
        return p.text


def spec_problems(spec: Any) -> dict[str, list[str]]:
    """``spec.problems()`` by the field each one names ("" for those no single field explains), in the interface's
    language."""
    by_field, rest = problems_by_field(spec)
    out = {name: [tr_core(p) for p in ps] for name, ps in by_field.items()}
    if rest:
        out[""] = [tr_core(p) for p in rest]
    return out


def merge_problems(errors: dict[str, list[str]], problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add the spec's ``problems`` to the form's own ``errors`` (a seed the box could not give stays the only
    message of the seed)."""
    for name, msgs in problems.items():
        if name == "seed" and "seed" in errors:
            continue
        errors.setdefault(name, []).extend(msgs)
    return errors


def list_models(kind: str) -> list[Any]:
    """The registry's models of ``kind``; none (and a log line) when the registry cannot be read — the panel
    still opens and its folder button still works."""
    try:
        models = list(registry.list_models(kind))
        for skipped in registry.skipped_models():   # a broken card is skipped (named in the log), the rest listed
            log.warning("skipped the model folder %s: %s", skipped.path, skipped.reason)
        return models
    except Exception as exc:  # noqa: BLE001 — no registry / unreadable cards
        log.warning("listing %s models failed: %s", kind, exc)
        return []


def resolve_model(path: str) -> Any:
    return registry.resolve(path)


# ====================================================================================================== widgets ==
def push_button(parent: QWidget, text: str, tip: str, slot: Callable[..., Any]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def job_progress_bar(parent: QWidget, name: str, fmt: str = "") -> QProgressBar:
    """The thin progress bar of a panel's job, hidden until a job runs; ``fmt`` e.g. "%v / %m images"."""
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.setMaximumHeight(14)
    if fmt:
        bar.setFormat(fmt)
    bar.hide()
    return bar


def stats_label(parent: QWidget, text: str = "") -> QLabel:
    """The small, selectable line under a view that says how the job went."""
    label = QLabel(text, parent)
    label.setObjectName("StatsLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    small = QFont(label.font())
    small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
    label.setFont(small)
    return label


def side_column(parent: QWidget, widgets: list[QWidget]) -> QScrollArea:
    """The settings column on the right of a panel: ``widgets`` one under the other, scrolled when too tall and
    always wide enough for them."""
    inner = QWidget(parent)
    lay = QVBoxLayout(inner)
    lay.setContentsMargins(0, 0, 4, 0)
    lay.setSpacing(8)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(inner.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width() + 2)
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return area


def split_panel(panel: QWidget, left: QWidget, right: QWidget, sizes: list[int]) -> QSplitter:
    """Lay ``panel`` out as ``left`` (which gets any extra width) beside ``right``."""
    split = QSplitter(Qt.Orientation.Horizontal, panel)
    split.setChildrenCollapsible(False)
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 0)
    split.setSizes(sizes)
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(8, 8, 8, 8)
    lay.addWidget(split)
    return split


class ProgressSpeed:
    """How fast a job goes and how long it has left, from its Progress events: items (tokens, images, steps) per
    second since the first item, and the seconds left at that pace. ``clock`` is injectable (tests)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._t0: float | None = None       # when the first item was made (loading the model is not counted)
        self._d0 = 0
        self.done = 0
        self.total = 0
        self.rate: float | None = None      # items per second
        self.eta_s: float | None = None     # seconds left

    def update(self, done: int, total: int) -> None:
        now = self._clock()
        self.total = total
        if self._t0 is None or done < self._d0:
            if done > 0:
                self._t0, self._d0 = now, done
            self.done = done
            return
        self.done = done
        dt = now - self._t0
        if done > self._d0 and dt > 0.05:
            self.rate = (done - self._d0) / dt
            self.eta_s = max(0.0, (total - done) / self.rate) if total and total >= done else None


def eta_words(seconds: float | None) -> str:
    """"about 8 s left", "about 3 min left" ("" when unknown)."""
    if seconds is None:
        return ""
    if seconds < 1.0:
        return QCoreApplication.translate("JobPanel", "almost done")
    if seconds < 90:
        return QCoreApplication.translate("JobPanel", "about %1 s left").replace("%1", str(int(round(seconds))))
    if seconds < 5400:
        return QCoreApplication.translate("JobPanel", "about %1 min left").replace("%1", str(int(round(seconds / 60))))
    return QCoreApplication.translate("JobPanel", "about %1 h left").replace("%1", f"{seconds / 3600:.1f}")


def speed_words(speed: "ProgressSpeed", unit: str, context: str) -> str:
    """"12.3 tokens/s · about 8 s left" (``unit`` a "%1 tokens/s" template of ``context``)."""
    if speed.rate is None:
        return ""
    rate = speed.rate
    value = f"{rate:.1f}" if rate < 100 else f"{rate:.0f}"
    parts = [QCoreApplication.translate(context, unit).replace("%1", value) if unit else
             QCoreApplication.translate("JobPanel", "%1 per second").replace("%1", value)]
    left = eta_words(speed.eta_s)
    if left:
        parts.append(left)
    return " · ".join(parts)


class Coalescer(QTimer):
    """A single-shot timer for work that must not run once per event: :meth:`poke` starts it unless it is already
    running, so ``slot`` runs at most once per ``interval_ms`` however many events arrive. With ``leading``, the
    first poke after a quiet spell runs at the next turn of the event loop (the slot calls :meth:`ran`)."""

    def __init__(self, interval_ms: int, slot: Callable[[], Any], parent: QObject, leading: bool = False):
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(slot)
        self._period = interval_ms
        self._leading = leading
        self._last_run = 0.0

    def poke(self) -> None:
        if self.isActive():
            return
        if self._leading:
            since = (time.monotonic() - self._last_run) * 1000.0
            self.start(int(max(0.0, self._period - since)))
        else:
            self.start(self._period)

    def ran(self) -> None:
        self._last_run = time.monotonic()


# ==================================================================================================== the panel ==
class JobPanel(QWidget):
    """The base of a generation panel. A subclass sets ``KIND`` (its job kind, and its key in
    ``settings.last_params``), builds its widgets — at least ``notice``, ``error_message``, ``stats_label``,
    ``progress`` — then calls :meth:`_start`; it provides ``params()``, ``_load_params()``, ``_flush()``,
    ``reload_models()``, ``_update_buttons()`` and ``_busy_text()``."""

    asset_saved = Signal(str)
    status_message = Signal(str)

    KIND = ""
    REMEMBER_SEED_MODE = False      # save_settings also makes the seed mode the default of new panels
    LEADING_FLUSH = False           # the first flush after a quiet spell comes at once

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.engine = engine
        self.settings = settings
        self.store_getter = store_getter
        self._job_id: str | None = None       # the panel's job (queued, running or finished)
        self._job_state = ""                  # its last known state
        self._job_spec: Any = None
        self._pending_progress: tuple[int, int] | None = None
        self._pending_phase = ""              # a Progress message ("Loading the model") for the stats line
        self._phase = ""                      # the phase shown now (translated)
        self._speed = ProgressSpeed()         # items per second and time left of the running job
        self._device_name = ""
        self.flush_count = 0                  # view updates with new output (tests check the coalescing)
        self._flush_timer = Coalescer(FLUSH_INTERVAL_MS, self._flush, self, leading=self.LEADING_FLUSH)

    def _start(self) -> None:
        """Listen to the engine, fill the models and the remembered form (the widgets exist now)."""
        engine = self.engine
        engine.job_event.connect(self._on_job_event)
        engine.job_finished.connect(self._on_job_finished)
        if hasattr(engine, "job_changed"):
            engine.job_changed.connect(self._on_job_changed)
        if hasattr(engine, "device_ready"):
            engine.device_ready.connect(self._on_device_ready)
        self.reload_models()
        self._load_params()
        self._update_buttons()

    # --- jobs -------------------------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._job_id is not None and self._job_state not in FINAL_STATES

    def _busy_text(self) -> str:
        raise NotImplementedError

    def _refuse_if_busy(self) -> bool:
        if self.is_busy():
            self.status_message.emit(self._busy_text())
            return True
        return False

    def _show_error(self, msg: str) -> None:
        """A failed job, save or file: shown above the view and in the status bar."""
        self.error_message.show_message(msg)
        self.status_message.emit(msg)

    # --- engine signals ---------------------------------------------------------------------------------------
    def _on_job_event(self, job_id: str, event: object) -> None:
        raise NotImplementedError

    def _on_job_finished(self, job_id: str, info: Any) -> None:
        raise NotImplementedError

    @Slot(object)
    def _on_job_changed(self, info: Any) -> None:
        if getattr(info, "id", None) != self._job_id or not self.is_busy():
            return
        if getattr(info, "state", "") == "running" and self._job_state != "running":
            self._job_state = "running"
            self._phase = tr_core_text("Generating")
            self.stats_label.setText(self.tr("%1…").replace("%1", self._phase))
        self._note_device(info)

    @Slot(object)
    def _on_device_ready(self, info: Any) -> None:
        self._device_name = str(getattr(info, "name", "") or "")

    def _note_device(self, info: Any) -> None:
        if getattr(info, "device", ""):
            self._device_name = str(info.device)

    def _note_log(self, event: Log) -> None:
        """Warnings join the notice above the view; other lines go to the status bar."""
        if event.level in ("warning", "error"):
            text = self.notice.text()
            self.notice.show_message(f"{text}\n{event.message}" if text else event.message)
        else:
            self.status_message.emit(event.message)

    def _note_progress(self, event: Progress) -> None:
        """Keep the latest progress for the next flush; the job runs now."""
        self._pending_progress = (int(event.done), int(event.total))
        self._speed.update(int(event.done), int(event.total))
        if event.message:
            self._pending_phase = str(event.message)
        if self._job_state == "queued":
            self._job_state = "running"

    def _clear_pending(self) -> None:
        self._pending_progress = None
        self._pending_phase = ""
        self._phase = ""
        self._speed = ProgressSpeed()

    SPEED_UNIT = ""     # "%1 tokens/s"...: the panel's unit of speed (QT_TRANSLATE_NOOP in the subclass)

    def speed_text(self) -> str:
        """"12.3 tokens/s · about 8 s left" for the running job ("" until it has made enough to tell)."""
        return speed_words(self._speed, self.SPEED_UNIT, type(self).__name__)

    def _show_pending_progress(self) -> None:
        """Put the latest progress on the bar and the latest phase on the stats line (part of a flush)."""
        changed = False
        if self._pending_progress is not None:
            done, total = self._pending_progress
            self._pending_progress = None
            self._set_progress(done, total)
            changed = True
        if self._pending_phase:
            phase = tr_core_text(self._pending_phase)
            self._pending_phase = ""
            self._phase = phase
            changed = True
        if changed and (self._phase or self._speed.rate is not None):
            speed = self.speed_text()
            line = self.tr("%1…").replace("%1", self._phase) if self._phase else ""
            self.stats_label.setText(" · ".join(t for t in (line, speed) if t))

    def _set_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(min(done, self.progress.maximum()))

    def _finished_state(self, info: Any) -> str:
        """The state a job ended in; it is the panel's job's state from now on."""
        state = str(getattr(info, "state", "done"))
        self._job_state = state if state in FINAL_STATES else "done"
        return state

    def _failed(self, info: Any, status: str = "") -> None:
        """Say that the panel's job failed (``status``: the status bar's words, "%1" the message)."""
        msg = tr_core_text(str(getattr(info, "message", "") or "")) or self.tr("The job failed.")
        self.error_message.show_message(msg)
        self.stats_label.setText(self.tr("Failed."))
        self.status_message.emit(status.replace("%1", msg) if status else msg)

    def _stopped_text(self, info: Any) -> str:
        return tr_core_text(str(getattr(info, "message", "") or "")) or self.tr("Stopped.")

    # --- models -----------------------------------------------------------------------------------------------
    @Slot()
    def choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open model folder"))
        if folder:
            self.use_model_folder(folder)

    def use_model_folder(self, folder: str) -> bool:
        raise NotImplementedError

    # --- settings ---------------------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        raise NotImplementedError

    def save_settings(self) -> None:
        """Remember the form in ``settings.last_params[KIND]`` (the window writes the settings file)."""
        if self.settings is None:
            return
        try:
            p = self.params()
            last = getattr(self.settings, "last_params", None)
            if not isinstance(last, dict):
                last = {}
                self.settings.last_params = last
            last[self.KIND] = p
            if self.REMEMBER_SEED_MODE and p.get("seed_mode") in SEED_MODES:
                self.settings.seed_mode = p["seed_mode"]
        except Exception:  # noqa: BLE001 — remembering parameters must never break the panel
            log.exception("remembering the %s parameters failed", self.KIND)

    def _apply_remembered(self, p: dict[str, Any], numbers: list[tuple[str, Any, type, Any, Any]]) -> None:
        """Apply the remembered model and numbers — ``(key, box, int | float, lo, hi)``: a float goes to the box's
        ``set_exact`` — each only when it has the right type and range (a damaged file changes nothing)."""
        if isinstance(p.get("model"), str) and p["model"]:
            self._select_model(p["model"])
        for key, box, kind, lo, hi in numbers:
            if (v := read_number(p, key, kind, lo, hi)) is not None:
                box.set_exact(v) if kind is float else box.setValue(v)

    def _remembered(self) -> tuple[dict[str, Any], str]:
        """The remembered form (``{}`` when there is none or it is damaged) and the default seed mode."""
        last = getattr(self.settings, "last_params", None)
        p = last.get(self.KIND) if isinstance(last, dict) else None
        return (p if isinstance(p, dict) else {}), str(getattr(self.settings, "seed_mode", "random") or "random")
