"""Developer checks that ship with the studio but are not part of the window: `aigc-studio selftest`
(selftest.py), `aigc-studio bench` (bench.py with its image and audio sections and their medians in timing.py, and
the GUI child processes bench_child.py / bench_image_child.py that it measures in a fresh process) and the GUI
stall meter (stallmeter.py, also used by Help → Diagnostics). The command line reaches them through
aigc_studio.cli.checks."""
