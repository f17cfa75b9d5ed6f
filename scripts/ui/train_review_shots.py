"""Screenshots of the English (or Chinese) Train tab at the size of the screen: the dataset report of a small
folder of shapes (with exact copies, a blank picture and a text file named .png), then a short real fine-tune of
the shipped emoji GAN on it — one picture while it runs (curves, samples) and one when it is done (the evaluation).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/ui/train_review_shots.py --out docs/images

Writes ``train-{dataset,run,done}-{lang}-{W}x{H}.png`` (``window.grab()``). Everything happens in a temporary
studio home (the shapes are drawn here), so the run needs nothing but the studio itself. The Chinese pictures'
driver is scripts/ui/train_screenshots.py; this one adds the dataset report."""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path


def make_folder(folder: Path, count: int) -> Path:
    from PIL import Image, ImageDraw
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    for i in range(count):
        im = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        c = tuple(rng.randint(30, 240) for _ in range(3))
        k = rng.randint(0, 2)
        x0, y0, x1, y1 = rng.randint(2, 20), rng.randint(2, 20), rng.randint(40, 62), rng.randint(40, 62)
        if k == 0:
            d.ellipse((x0, y0, x1, y1), fill=c + (255,), outline=(20, 20, 20, 255), width=3)
        elif k == 1:
            d.rounded_rectangle((x0, y0, x1, y1), rng.randint(2, 12), fill=c + (255,), outline=(20, 20, 20, 255),
                                width=3)
        else:
            d.polygon([(rng.randint(20, 44), y0), (x1, y1), (x0, y1)], fill=c + (255,), outline=(20, 20, 20, 255))
        ex, ey = (x0 + x1) // 2, (y0 + y1) // 2 - 4
        d.ellipse((ex - 8, ey, ex - 4, ey + 4), fill=(255, 255, 255, 255))
        d.ellipse((ex + 4, ey, ex + 8, ey + 4), fill=(255, 255, 255, 255))
        im.save(folder / f"shape-{i:03d}.png")
    for i in range(3):                                   # exact copies
        (folder / f"copy-of-{i:03d}.png").write_bytes((folder / f"shape-{i:03d}.png").read_bytes())
    (folder / "notes.png").write_text("not a picture", encoding="utf-8")
    Image.new("RGBA", (64, 64), (255, 255, 255, 255)).save(folder / "blank.png")
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    ap.add_argument("--out", default="docs/images")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--shot-at", type=int, default=30, help="the step of the running picture")
    ap.add_argument("--dataset-only", action="store_true", help="only the dataset report's picture")
    args = ap.parse_args(argv)
    home = tempfile.mkdtemp(prefix="aigc-train-review-")
    os.environ["AIGC_STUDIO_HOME"] = home
    folder = make_folder(Path(home) / "my-shapes", 72)

    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    import aigc_studio.ui.i18n as i18n
    private = Path(home) / "qm"                          # a private copy: others rebuild the .qm meanwhile
    private.mkdir()
    for f in i18n.TRANSLATIONS_DIR.glob("*.qm"):
        shutil.copy(f, private / f.name)
    i18n.TRANSLATIONS_DIR = private
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui.app import setup_application
    from aigc_studio.ui.main_window import MainWindow
    settings = Settings.load()
    settings.language = args.lang
    settings.device = "cpu"
    setup_application(app, settings)
    window = MainWindow(settings)
    window.ask_close = lambda text, choices, default: "close"
    window.show()
    window.setGeometry(window.screen().availableGeometry())
    from shot_window import pump, wait

    pump(2.0)
    geo = window.screen().geometry()
    size = f"{geo.width()}x{geo.height()}"
    lang = "zh" if args.lang.startswith("zh") else "en"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def shoot(kind: str) -> None:
        pump(0.8)
        path = out / f"train-{kind}-{lang}-{size}.png"
        window.grab().save(str(path))
        print("wrote", path, flush=True)

    panel = window.train_panel
    window.train.show_tab()
    if panel.dataset.scan_folder(str(folder)) is None:
        print("the scan was refused", file=sys.stderr)
        return 1
    if not wait(lambda: panel.dataset.manifest() is not None and not panel.dataset.is_busy(), 300):
        print("the scan did not finish", file=sys.stderr)
        return 1
    pump(1.0)
    shoot("dataset")
    if args.dataset_only:
        window.close()
        pump(0.5)
        return 0

    ms = panel.model_section
    ms.set_choice("gan")
    ms.finetune_radio.setChecked(True)
    i = ms.base_combo.findData("emoji-gan")
    if i >= 0:
        ms.base_combo.setCurrentIndex(i)
    ms.steps_radio.setChecked(True)
    ms.steps_spin.setValue(args.steps)
    ms.batch_spin.setValue(4)
    ms.sample_spin.setValue(5)
    ms.name_edit.setText("shapes-gan")
    job = panel.start()
    if job is None:
        print("training was refused: " + panel.message.text(), file=sys.stderr)
        return 1
    info = window.engine.job
    wait(lambda: info(job).progress[0] >= args.shot_at or info(job).is_final, 900)
    panel.run_view.info_tabs.setCurrentWidget(panel.run_view.log)
    shoot("run")
    wait(lambda: info(job).is_final, 900)
    wait(lambda: window.engine.is_idle(), 300)
    pump(1.5)
    panel.run_view.info_tabs.setCurrentWidget(panel.run_view.evaluation)
    shoot("done")
    print("training ended:", info(job).state, info(job).message, flush=True)
    print("status:", panel.run_view.status.text(), flush=True)
    print("progress:", panel.run_view.progress.text(), flush=True)
    print("Messages page:\n" + panel.run_view.log.toPlainText(), flush=True)
    window.close()
    pump(0.5)
    return 0 if info(job).state == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
