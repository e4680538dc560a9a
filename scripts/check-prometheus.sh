#!/usr/bin/env bash
# Issue 10's Prometheus check with the real demo: `hybrid serve --metrics-port` scraped every
# second by our own Prometheus process (temporary config and storage, loopback only) while
# `hybrid demo --remote` runs against it; then PromQL through Prometheus's HTTP API must return
# the calls by hosted service and status and a latency histogram. Exits non-zero when a query
# comes back empty. Needs Debian's prometheus package, curl, python3 and espeak-ng (the demo).
# The same check, without the demo's minute of espeak-ng and warm-up, runs in `mvn verify` as
# PrometheusScrapeIT.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prometheus="${PROMETHEUS:-/usr/bin/prometheus}"
[[ -x "$prometheus" ]] || { echo "check-prometheus: no prometheus at $prometheus (apt-get install prometheus)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
grpc_port=$(free_port); metrics_port=$(free_port); prom_port=$(free_port)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: hybrid
    static_configs:
      - targets: ['127.0.0.1:$metrics_port']
YAML

"$root/hybrid" serve --port "$grpc_port" --metrics-port "$metrics_port" > "$work/serve.out" 2> "$work/serve.err" &
pids+=($!)
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
pids+=($!)

for _ in $(seq 120); do grep -q "metrics at" "$work/serve.out" 2>/dev/null && break; sleep 0.5; done
grep -q "metrics at" "$work/serve.out" || { echo "check-prometheus: hybrid serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
cat "$work/serve.out"

echo "--- ./hybrid demo --remote 127.0.0.1:$grpc_port"
"$root/hybrid" demo --remote "127.0.0.1:$grpc_port" | tail -4

query() {
  curl -sfG "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"
}
# Prints each series as "labels value"; fails when the result is empty.
show() {
  python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
for series in result:
    print("   ", series["metric"], series["value"][1])
sys.exit(0 if result else 1)'
}

sleep 3   # at least two scrapes after the demo's last call
status=0
for promql in \
  'sum by (hybrid_service, grpc_status) (hybrid_server_call_duration_seconds_count)' \
  'histogram_quantile(0.5, sum by (le, hybrid_service) (hybrid_server_call_duration_seconds_bucket))' \
  'histogram_quantile(0.99, sum by (le, hybrid_service) (hybrid_server_call_duration_seconds_bucket))' \
  'sum by (grpc_method, grpc_status) (grpc_server_call_duration_seconds_count)'; do
  echo "--- $promql"
  if ! query "$promql" | show; then
    echo "check-prometheus: FAILED, no result for: $promql" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "check-prometheus: OK"
exit $status
