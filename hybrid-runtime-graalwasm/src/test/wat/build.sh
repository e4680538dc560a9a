#!/usr/bin/env bash
# Compiles the .wat test guests into src/test/resources/wasm/*.wasm (committed, so a Java build
# needs no wabt), or into the directory given as $1. Deterministic: same wat2wasm, same bytes.
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-../resources/wasm}"
mkdir -p "$out"
rm -f "$out"/*.wasm
for wat in *.wat; do
  wat2wasm "$wat" -o "$out/${wat%.wat}.wasm"
done
echo "compiled $(ls *.wat | wc -l) modules into $out"
