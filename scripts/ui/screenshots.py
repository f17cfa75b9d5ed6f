"""Screenshots of the studio as a new user sees it: the real window (first run, real engine, shipped models), a job
in each panel, then a picture of each tab.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/ui/screenshots.py --lang zh_CN --out docs/images

Writes ``panel-{text,image,audio}-{lang}-{W}x{H}.png`` (the window as drawn, ``window.grab()``) and prints the
window's frame and the screen's available area, so a window larger than the screen shows up in the log too."""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    ap.add_argument("--out", default="docs/images")
    ap.add_argument("--tokens", type=int, default=80)
    ap.add_argument("--prompt", default="", help="the Text panel's prompt (default: none)")
    ap.add_argument("--text-model", default="", help="the Text panel's model (default: the interface language's)")
    ap.add_argument("--image-model", default="", help="the Image panel's model (default: the studio's)")
    ap.add_argument("--category", default="", help="the Image panel's category (a model drawn by category)")
    args = ap.parse_args(argv)
    home = tempfile.mkdtemp(prefix="aigc-shots-")
    os.environ["AIGC_STUDIO_HOME"] = home

    from PySide6.QtCore import QCoreApplication

    from shot_window import open_window, pump, wait

    app, window = open_window(args.lang)

    def wait_idle(timeout: float = 600) -> None:
        end = time.monotonic() + timeout
        pump(0.3)
        wait(window.engine.is_idle, end - time.monotonic())
        pump(0.5)

    pump(2.0)
    wait(lambda: window.engine.device is not None, 120)
    screen = window.screen().availableGeometry()
    size = f"{window.screen().geometry().width()}x{window.screen().geometry().height()}"
    frame = window.frameGeometry()
    print(f"screen available {screen.width()}x{screen.height()}+{screen.x()}+{screen.y()}; window frame "
          f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}; inside: {screen.contains(frame)}")

    tp, ip, ap_ = window.text_panel, window.image_panel, window.audio_panel
    window.tabs.setCurrentWidget(tp)
    tp.max_tokens_spin.setValue(args.tokens)
    if args.text_model:
        tp.model_box.select(args.text_model)
    if args.prompt:
        tp.prompt_edit.setPlainText(args.prompt)
    tp.generate()
    wait_idle()
    tp.save()

    window.tabs.setCurrentWidget(ip)
    if args.image_model:
        ip.model_box.select(args.image_model)
        pump(0.5)
    if args.category:
        ip.controls.set_category(args.category)
    ip.count_spin.setValue(16)
    ip.generate()
    wait_idle()
    ip.canvas.fit_all()
    ip.canvas.select(ip.canvas.images()[:1])
    pump(0.5)

    window.tabs.setCurrentWidget(ap_)
    ap_.ensure_views()
    ap_.count_spin.setValue(3)
    ap_.generate()
    wait_idle()
    ap_.select_sounds(ap_.sounds()[:1])
    ap_.save()
    pump(1.0)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, panel in (("text", tp), ("image", ip), ("audio", ap_)):
        window.tabs.setCurrentWidget(panel)
        pump(0.8)
        path = out / f"panel-{name}-{args.lang}-{size}.png"
        window.grab().save(str(path))
        print(f"saved {path}")
    window.close()
    window.engine.shutdown()
    QCoreApplication.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
