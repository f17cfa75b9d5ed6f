#!/usr/bin/env bash
# Refresh the translation sources from the code, fill in the Chinese translations, and compile them:
#   1. pyside6-lupdate collects every tr()/translate() string of aigc_studio/ui and the self-test into the .ts
#      (existing translations are kept; strings no longer in the code are marked obsolete and dropped);
#   2. scripts/i18n/translations_zh_CN.py fills the Simplified Chinese text from its table;
#   3. pyside6-lrelease compiles the .ts into the .qm the studio loads.
# Commit both the .ts and the .qm.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
TS=aigc_studio/resources/translations/aigc_studio_zh_CN.ts
mkdir -p aigc_studio/resources/translations
mapfile -t SOURCES < <(find aigc_studio/ui -name '*.py' | sort; echo aigc_studio/selftest.py)
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language en -target-language zh_CN "${SOURCES[@]}" -ts "$TS"
"$BIN/python" scripts/i18n/translations_zh_CN.py "$TS"
"$BIN/pyside6-lrelease" "$TS" -qm "${TS%.ts}.qm"
