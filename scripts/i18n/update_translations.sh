#!/usr/bin/env bash
# Refresh the translation source from the code and compile it. The .ts is the only source of the translations:
#   1. pyside6-lupdate collects every tr()/translate() string of aigc_studio/ui and the self-test into the .ts
#      (existing translations are kept; strings no longer in the code are dropped; new ones come in "unfinished");
#   2. translate the unfinished entries in the .ts (Qt Linguist: pyside6-linguist, or any editor; a core
#      problem's {placeholders} stay as they are) — tests/ui/test_main_window.py fails while one is missing;
#   3. pyside6-lrelease compiles the .ts into the .qm the studio loads (run this script again after step 2).
# Commit both the .ts and the .qm.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
TS=aigc_studio/resources/translations/aigc_studio_zh_CN.ts
mkdir -p aigc_studio/resources/translations
mapfile -t SOURCES < <(find aigc_studio/ui -name '*.py' | sort; echo aigc_studio/devtools/selftest.py)
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language en -target-language zh_CN "${SOURCES[@]}" -ts "$TS"
"$BIN/pyside6-lrelease" "$TS" -qm "${TS%.ts}.qm"
