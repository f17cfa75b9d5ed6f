"""`aigc-studio models [--json] [--kind KIND]`: the models the studio can use (reads model cards only); `models
rename ID NAME`, `models export ID --out FILE.zip [--force]`, `models import FILE.zip [--refuse-taken]` and `models
delete ID [--yes]` manage the user's own models (core/models/manage.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from aigc_studio.core.models.limits import safe_text
from aigc_studio.core.models.registry import list_models, skipped_models


def add_parser(sub) -> None:
    m = sub.add_parser("models", help="list the models the studio can use")
    m.add_argument("--json", action="store_true")
    m.add_argument("--kind", default=None)
    msub = m.add_subparsers(dest="action", metavar="ACTION")
    r = msub.add_parser("rename", help="give one of your models a new display name (its id stays)")
    r.add_argument("id")
    r.add_argument("name")
    e = msub.add_parser("export", help="export a model to one .zip (safetensors, card, README, tokenizer)")
    e.add_argument("id")
    e.add_argument("--out", required=True, help="the .zip file to write")
    e.add_argument("--force", action="store_true", help="replace the file when it exists")
    i = msub.add_parser("import", help="import an exported model .zip into your models folder")
    i.add_argument("file")
    i.add_argument("--refuse-taken", action="store_true",
                   help="refuse when the id is taken (default: import it as <id>-2, <id>-3...)")
    d = msub.add_parser("delete", help="delete one of your models (never a shipped one)")
    d.add_argument("id")
    d.add_argument("--yes", action="store_true", help="do not ask")


def params_words(params) -> str:
    """A model's size for the listing: "1.2M params", "35K params" (small models), "" when unknown."""
    if not isinstance(params, (int, float)) or isinstance(params, bool) or params <= 0:
        return ""
    if params >= 1e6:
        return f"{params / 1e6:.1f}M params"
    if params >= 1e3:
        return f"{params / 1e3:.0f}K params"
    return f"{int(params)} params"


def run(a) -> int:
    action = getattr(a, "action", None)
    if action:
        return ACTIONS[action](a)
    models = list_models(a.kind)
    for s in skipped_models():      # one broken user model is named, the others are listed
        print(safe_text(f"aigc-studio: skipped the model folder {s.path}: {s.reason}", 2000, False),
              file=sys.stderr)
    if a.json:
        print(json.dumps([{"id": m.id, "name": m.name, "kind": m.kind, "source": m.source, "path": str(m.path),
                           "parameters": m.card.get("parameters"), "size_bytes": m.card.get("size_bytes"),
                           "language": m.card.get("language")} for m in models], ensure_ascii=False, indent=2))
        return 0
    if not models:
        print("No models found.")
    for m in models:
        params = m.card.get("parameters")
        size = params_words(params)
        print(f"{m.id:24} {m.kind:6} {m.source:8} {size:14} {m.name}")
    return 0


# ---------------------------------------------------------------------------- rename, export, import, delete
# The work is core/models/manage.py's (the window runs the same as jobs, core/jobs/models.py); its errors are
# UserErrors, printed by cli.common.run_guarded as one line with exit code 2.

def run_rename(a) -> int:
    from aigc_studio.core.models.manage import rename_model
    info = rename_model(a.id, a.name)
    print(f"renamed: {info.id} is now called {info.name}")
    return 0


def run_export(a) -> int:
    from aigc_studio.core.models.manage import export_model, export_path
    from aigc_studio.core.models.registry import resolve
    out = export_path(a.out, resolve(a.id).id)
    given = Path(a.out).expanduser()
    if out.parent == given.parent and out.name == given.name + ".zip":
        print(f"note: .zip added to the file name: writing {out}", file=sys.stderr)
    if out.exists() and not out.is_dir() and not a.force:
        print(f"aigc-studio: {out} already exists: choose another file name, or add --force to replace it.",
              file=sys.stderr)
        return 2
    path = export_model(a.id, out, overwrite=a.force)
    print(f"saved: {path}")
    return 0


def run_import(a) -> int:
    from aigc_studio.core.models.manage import import_model
    info = import_model(a.file, on_conflict="refuse" if a.refuse_taken else "rename")
    print(f"imported: {info.id} ({info.name}) into {info.path}")
    return 0


def run_delete(a) -> int:
    from aigc_studio.core.models.manage import delete_model, user_model
    info = user_model(a.id)                      # refuses shipped models before asking
    if not a.yes:
        if not sys.stdin.isatty():
            print(f"aigc-studio: deleting {info.id} needs --yes when nobody can answer the question.",
                  file=sys.stderr)
            return 2
        answer = input(f"Delete the model {info.id} ({info.name}) in {info.path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    gone = delete_model(info.id)
    print(f"deleted: {gone.id} ({', '.join(gone.removed) or 'no files'})")
    if gone.kept:
        print(f"kept in {gone.path}: {', '.join(gone.kept)} (not the studio's files)")
    return 0


ACTIONS = {"rename": run_rename, "export": run_export, "import": run_import, "delete": run_delete}
