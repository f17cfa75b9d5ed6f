"""Screenshots of the Train tab as a user sees it: the real window (first run, real engine, shipped models), a small
folder of pictures scanned in the Dataset view, then a short fine-tune of the shipped emoji GAN on it — one picture
while it runs (curves, samples, the Messages page, the Jobs dock), one when it is done (the evaluation).

    LANG=zh_CN.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/ui/train_screenshots.py \
        --lang zh_CN --out docs/images

Writes ``train-run-{lang}-{W}x{H}.png`` and ``train-done-{lang}-{W}x{H}.png`` (``window.grab()``). The pictures
(simple coloured shapes on transparency, 64 px) are drawn here, in a temporary studio home, so the run needs
nothing but the studio itself."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def make_shapes(folder: Path, count: int) -> Path:
    """``count`` coloured shapes (circles, squares, triangles, diamonds) on a transparent 64 px canvas."""
    import random

    from PIL import Image, ImageDraw
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i in range(count):
        im = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        colour = tuple(rng.randrange(40, 256) for _ in range(3)) + (255,)
        x0, y0 = rng.randrange(4, 20), rng.randrange(4, 20)
        x1, y1 = rng.randrange(40, 60), rng.randrange(40, 60)
        shape = i % 4
        if shape == 0:
            d.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == 1:
            d.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == 2:
            d.polygon([((x0 + x1) // 2, y0), (x1, y1), (x0, y1)], fill=colour)
        else:
            d.polygon([((x0 + x1) // 2, y0), (x1, (y0 + y1) // 2), ((x0 + x1) // 2, y1), (x0, (y0 + y1) // 2)],
                      fill=colour)
        im.save(folder / f"shape-{i:03d}.png")
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    ap.add_argument("--out", default="docs/images")
    ap.add_argument("--images", type=int, default=72)
    ap.add_argument("--steps", type=int, default=40)
    args = ap.parse_args(argv)
    home = tempfile.mkdtemp(prefix="aigc-train-shots-")
    os.environ["AIGC_STUDIO_HOME"] = home
    folder = make_shapes(Path(home) / "my-shapes", args.images)

    from shot_window import open_window, pump, wait

    app, window = open_window(args.lang)
    window.setGeometry(window.screen().availableGeometry())     # the whole screen: 1600×1000 under xvfb-run

    pump(2.0)
    wait(lambda: window.engine.device is not None, 120)
    size = f"{window.screen().geometry().width()}x{window.screen().geometry().height()}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    panel = window.train_panel
    window.tabs.setCurrentWidget(panel)
    scans = panel.dataset.scans_finished
    if panel.dataset.scan_folder(folder) is None:
        print("the scan was refused", file=sys.stderr)
        return 1
    if not wait(lambda: panel.dataset.scans_finished > scans, 300) or panel.dataset.manifest() is None:
        print("the scan did not finish", file=sys.stderr)
        return 1
    ms = panel.model_section
    ms.set_choice("gan")
    ms.finetune_radio.setChecked(True)
    i = ms.base_combo.findData("emoji-gan")
    if i < 0:
        i = next((k for k in range(ms.base_combo.count()) if "emoji-gan" in str(ms.base_combo.itemData(k))), -1)
    if i >= 0:
        ms.base_combo.setCurrentIndex(i)
    ms.steps_radio.setChecked(True)
    ms.steps_spin.setValue(args.steps)
    ms.sample_spin.setValue(max(1, args.steps // 4))
    ms.name_edit.setText("shapes-gan")
    job = panel.start()
    if job is None:
        print("training was refused: " + panel.message.text(), file=sys.stderr)
        return 1
    view = panel.run_view
    wait(lambda: view._step >= int(args.steps * 0.75) or (window.engine.job(job) is not None
                                                           and window.engine.job(job).is_final), 900)
    panel.run_view.info_tabs.setCurrentIndex(panel.run_view.info_tabs.indexOf(panel.run_view.log))
    pump(0.6)
    run_png = out / f"train-run-{args.lang}-{size}.png"
    window.grab().save(str(run_png))
    print("wrote", run_png)
    wait(lambda: window.engine.job(job) is not None and window.engine.job(job).is_final, 900)
    wait(lambda: window.engine.is_idle(), 300)
    pump(1.5)
    info = window.engine.job(job)
    print("training ended:", info.state, info.message)
    done_png = out / f"train-done-{args.lang}-{size}.png"
    window.grab().save(str(done_png))
    print("wrote", done_png)
    log_text = panel.run_view.log.toPlainText()
    print("Messages page:\n" + log_text)
    window.close()
    pump(0.5)
    return 0 if info.state == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
