#!/usr/bin/env bash
# Builds every guest (each cdylib member of this workspace) in release for
# wasm32-unknown-unknown and copies it to modules/<crate>.wasm; then the C guests
# (c/examples/*.c) and the AssemblyScript guests (assemblyscript/examples/*.ts) likewise. The output is reproducible:
# the same sources give byte-identical modules whatever the checkout path.
#
# Usage: ./build.sh [--test]
#   --test  also run the native unit tests and, when node is installed, the smoke test of
#           the built modules (tests/smoke.mjs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
CARGO=/usr/bin/cargo
TARGET=wasm32-unknown-unknown

run_tests=false
for arg in "$@"; do
    case "$arg" in
        --test) run_tests=true ;;
        *) echo "usage: $0 [--test]" >&2; exit 2 ;;
    esac
done

export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export CARGO_TARGET_DIR="$ROOT/target"
export CARGO_INCREMENTAL=0
unset RUSTFLAGS RUSTDOCFLAGS RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTFLAGS

cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rust_src="/usr/src/rustc-$("$RUSTC" --version | cut -d' ' -f2)"
remaps=(
    "--remap-path-prefix=$ROOT=wasm-src"
    "--remap-path-prefix=$cargo_home=cargo-home"
    "--remap-path-prefix=/usr/lib/rustlib=rustlib"
    "--remap-path-prefix=$rust_src=rustc-src"
)
CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; echo "${remaps[*]}")"
export CARGO_ENCODED_RUSTFLAGS

guests=()
for manifest in "$ROOT"/*/Cargo.toml; do
    if grep -q '^crate-type = \["cdylib"\]' "$manifest"; then
        guests+=("$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -n 1)")
    fi
done

absolute_paths() {
    strings -a -n 4 "$1" | grep -aE '/(usr|home|root|tmp|work|build|opt|srv|var|mnt|Users|rustc)/' || true
    strings -a -n 4 "$1" | grep -aF -e "$ROOT" -e "$cargo_home" || true
}

cd "$ROOT"
if $run_tests; then
    "$CARGO" test --offline --locked --workspace
fi

# bulk-memory turns the guests' memcpy/memset into memory.copy/memory.fill, which GraalWasm runs
# as native array copies instead of byte loops (a 64 KB copy: tens of microseconds saved).
CARGO_ENCODED_RUSTFLAGS="$CARGO_ENCODED_RUSTFLAGS"$'\x1f'"-Ctarget-feature=+bulk-memory" \
    "$CARGO" build --offline --locked --release --target "$TARGET" "${guests[@]/#/--package=}"

install_guest() {
    local guest="$1" wasm="$2" leaks
    leaks="$(absolute_paths "$wasm")"
    if [[ -n "$leaks" ]]; then
        echo "error: $guest.wasm contains absolute paths, so it would not be reproducible:" >&2
        echo "$leaks" >&2
        echo "(generic std code such as ToString keeps the Debian std source path; avoid it)" >&2
        exit 1
    fi
    cp "$wasm" "modules/$guest.wasm"
    echo "modules/$guest.wasm  $(wc -c < "modules/$guest.wasm") bytes  sha256 $(sha256sum "modules/$guest.wasm" | cut -c1-16)"
}

mkdir -p modules
for guest in "${guests[@]}"; do
    install_guest "$guest" "$CARGO_TARGET_DIR/$TARGET/release/$guest.wasm"
done

# C guests: c/examples/NAME.c linked with the guest library c/hybrid.c -> modules/NAME.wasm.
# Debian clang-14 + lld-14 + wasi-libc (+ libclang-rt-14-dev-wasm32); fixed flags, no paths kept.
CLANG=clang-14
if ! command -v "$CLANG" > /dev/null; then
    echo "error: $CLANG not found: the C guests need Debian's clang-14, lld-14, wasi-libc and libclang-rt-14-dev-wasm32" >&2
    exit 1
fi
c_flags=(--target=wasm32-wasi -Oz -mbulk-memory -nostartfiles -Wl,--no-entry -Wl,--strip-all
         -Wall -Wextra -Werror -ffile-prefix-map="$ROOT"=wasm-src)
for source in c/examples/*.c; do
    guest="$(basename "$source" .c)"
    "$CLANG" "${c_flags[@]}" -o "$CARGO_TARGET_DIR/$guest.wasm" c/hybrid.c "$source"
    install_guest "$guest" "$CARGO_TARGET_DIR/$guest.wasm"
done

# AssemblyScript guests: assemblyscript/examples/NAME.ts with assemblyscript/hybrid.ts -> modules/NAME.wasm,
# compiled by the asc pinned in assemblyscript/package-lock.json (installed here by npm ci).
as_dir="$ROOT/assemblyscript"
as_version="$(sed -n 's/.*"assemblyscript": "\(.*\)".*/\1/p' "$as_dir/package.json")"
if [[ "$(node -p 'require(process.argv[1]).version' "$as_dir/node_modules/assemblyscript/package.json" 2>/dev/null)" != "$as_version" ]]; then
    (cd "$as_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
for source in assemblyscript/examples/*.ts; do
    guest="$(basename "$source" .ts)"
    (cd "$as_dir" && node_modules/.bin/asc "examples/$guest.ts" -O3z --runtime incremental --use abort= \
        --noAssert -o "$CARGO_TARGET_DIR/$guest.wasm")
    install_guest "$guest" "$CARGO_TARGET_DIR/$guest.wasm"
done

if $run_tests; then
    if command -v node > /dev/null; then
        node tests/smoke.mjs modules
    else
        echo "node not found: skipping the smoke test of the built modules"
    fi
fi
