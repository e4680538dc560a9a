#!/usr/bin/env bash
# Compiles every module's .wat test guests (<module>/src/test/wat/*.wat) into
# <module>/src/test/resources/wasm/, where they are committed so a plain Java build needs no
# wabt. With an argument, writes to <dir>/<module>/ instead (CI compares the two).
# wat2wasm is deterministic: the same source gives the same bytes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for src in */src/test/wat; do
  module="${src%%/*}"
  out="${1:+$1/$module}"
  out="${out:-$module/src/test/resources/wasm}"
  mkdir -p "$out"
  rm -f "$out"/*.wasm
  for wat in "$src"/*.wat; do
    wat2wasm "$wat" -o "$out/$(basename "${wat%.wat}").wasm"
  done
  echo "$module: compiled $(ls "$src"/*.wat | wc -l) fixtures into $out"
done
