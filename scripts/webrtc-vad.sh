#!/usr/bin/env bash
# WebRTC's VAD (libfvad, the WASM build on npm as @echogarden/fvad-wasm, pinned in
# webrtc-vad/package-lock.json) scored on a labelled corpus exactly as `hybrid eval vad` scores
# its modes, so its F1 stands beside the edge VAD's on the same clips (docs/vad-eval.md).
#   scripts/webrtc-vad.sh CORPUS_DIR [--mode 0..3] [--chunk 500ms] [--frame 30] [--framing chunk|stream] [--verdicts FILE.jsonl]
# Needs Node.js 18 or later and npm; installs the one package into scripts/webrtc-vad/node_modules
# (git-ignored) with `npm ci` on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/webrtc-vad"
command -v node >/dev/null || { echo "webrtc-vad: node not found (install Node.js 18 or later, e.g. the Debian package nodejs)" >&2; exit 2; }
major=$(node -p 'process.versions.node.split(".")[0]')
(( major >= 18 )) || { echo "webrtc-vad: node $(node --version) is too old, expected 18 or later" >&2; exit 2; }
if [[ ! -f "$here/node_modules/@echogarden/fvad-wasm/fvad.wasm" ]]; then
  command -v npm >/dev/null || { echo "webrtc-vad: npm not found (needed once to install @echogarden/fvad-wasm; Debian package npm)" >&2; exit 2; }
  echo "webrtc-vad: installing @echogarden/fvad-wasm into $here/node_modules (npm ci)" >&2
  log=$(mktemp)
  if ! npm ci --prefix "$here" --no-audit --no-fund --ignore-scripts --loglevel=error >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "webrtc-vad: npm ci --prefix $here failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  rm -f "$log"
fi
exec node "$here/webrtc-vad.mjs" "$@"
