#!/usr/bin/env bash
# Rebuilds the guests from a fresh copy of this tree at another path and fails when a module
# differs from the one in modules/ (the committed one).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/hybrid-wasm-repro.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
copy="$scratch/another/checkout/wasm-src"

mkdir -p "$copy"
tar -C "$ROOT" --exclude=./target --exclude=./modules --exclude=./assemblyscript/node_modules -cf - . | tar -C "$copy" -xf -
echo "building a copy in $copy"
"$copy/build.sh"

failed=0
for built in "$copy"/modules/*.wasm; do
    name="$(basename "$built")"
    committed="$ROOT/modules/$name"
    if [[ ! -f "$committed" ]]; then
        echo "NOT REPRODUCIBLE: modules/$name is missing; run ./build.sh and commit it" >&2
        failed=1
    elif ! cmp -s "$built" "$committed"; then
        echo "NOT REPRODUCIBLE: modules/$name differs from a fresh build" >&2
        echo "  committed $(sha256sum < "$committed" | cut -d' ' -f1)" >&2
        echo "  rebuilt   $(sha256sum < "$built" | cut -d' ' -f1)" >&2
        failed=1
    else
        echo "reproducible: modules/$name"
    fi
done
for committed in "$ROOT"/modules/*.wasm; do
    name="$(basename "$committed")"
    if [[ ! -f "$copy/modules/$name" ]]; then
        echo "NOT REPRODUCIBLE: modules/$name is not built by any guest crate" >&2
        failed=1
    fi
done
exit "$failed"
