#!/usr/bin/env bash
# Requests per second the sandbox serves with auth, rate limiting and the scope check on every request.
# Usage: bash bench/sandbox-throughput.sh   (DURATION=10s CONNECTIONS=32 to change the load)
set -euo pipefail
cd "$(dirname "$0")/.."
out="bench/out/sandbox"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
log() { echo "[sandbox-throughput] $*" >&2; }

source bench/require.sh
require_packages wrk=wrk
rm -rf "$out" && mkdir -p "$out"
log "publishing keyward (Release, ReadyToRun for linux-x64, JIT: the configuration docs/benchmarks.md measured)"
dotnet publish src/Keyward.Cli -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o "$out/keyward" --nologo -v q >"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; exit 1; }

# Limits far above the load, so every request is measured through the whole gate rather than answered 429.
"$out/keyward/keyward" sandbox --requests-per-second 100000000 --requests-per-minute 100000000 >"$out/env" 2>"$out/sandbox.err" &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s "$out/env" && $(wc -l <"$out/env") -ge 4 ]] && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$out/env"
reader=$(curl -sf -H "Authorization: Bearer $INSTANTLY_API_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"bench-reader","scopes":["campaigns:read"]}' "$INSTANTLY_BASE_URL/api/v2/api-keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')

run() { # name, key, path
  local name=$1 key=$2 path=$3
  wrk -t2 -c"$connections" -d"$duration" -H "Authorization: Bearer $key" "$INSTANTLY_BASE_URL$path" >"$out/$name.txt"
  local rps status
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "$INSTANTLY_BASE_URL$path")
  latency=$(awk '/Latency/ {print $2}' "$out/$name.txt")
  printf '| %s | `GET %s` | %s | %s | %s |\n' "$name" "$path" "$status" "$rps" "$latency"
}

{
  echo "| case | request | status | requests/s | mean latency |"
  echo "|---|---|---:|---:|---:|"
  run "scoped read" "$reader" /api/v2/campaigns
  run "scope denied" "$reader" /api/v2/webhooks
  run "admin read" "$INSTANTLY_API_KEY" /api/v2/workspaces/current
  run "unknown key" "bm90LWEta2V5" /api/v2/campaigns
  echo
  echo "wrk -t2 -c$connections -d$duration on $(nproc) cores, sandbox and wrk on the same machine."
} | tee "$out/results.md"
