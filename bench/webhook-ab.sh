#!/usr/bin/env bash
# Two builds of the webhook receiver against each other, with the bare Kestrel ceiling beside them: each round runs
# the ceiling, then both receivers at the same connection count, on a fresh SQLite inbox each, the order of the two
# alternating from round to round. On 2-core VMs whose speed drifts within minutes, a change is only worth keeping
# when it wins most rounds, not when one pair looks good. Checks that every 200 is a row in the inbox.
# Usage: A=DIR_OR_BINARY B=DIR_OR_BINARY bash bench/webhook-ab.sh   (ROUNDS=5 DURATION=10s CONNECTIONS=64;
# A and B are `keyward` binaries or the folders `dotnet publish src/Keyward.Cli -c Release -r linux-x64 -o DIR`
# left them in. A variant is usually published from a git worktree: git worktree add /tmp/variant HEAD.)
set -euo pipefail
cd "$(dirname "$0")/.."
out="bench/out/webhook-ab"
rounds="${ROUNDS:-5}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
log() { echo "[webhook-ab] $*" >&2; }

binary() { # a keyward binary, or a folder holding one
  local path="$1"
  [[ -d "$path" ]] && path="$path/keyward"
  [[ -x "$path" ]] || { log "no keyward binary at '$1': publish one with dotnet publish src/Keyward.Cli -c Release -r linux-x64 -o DIR"; exit 2; }
  realpath "$path"
}
[[ -n "${A:-}" && -n "${B:-}" ]] || { log "set A and B to the two keyward builds to compare"; exit 2; }
a=$(binary "$A")
b=$(binary "$B")

source bench/require.sh
require_packages wrk=wrk sqlite3=sqlite3
rm -rf "$out" && mkdir -p "$out"
log "publishing the bare server (ReadyToRun, JIT)"
dotnet publish bench/Keyward.Bench.Webhooks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out/Keyward.Bench.Webhooks" --nologo -v q >>"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }

WEBHOOK_SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export WEBHOOK_SECRET KEYWARD_BENCH_WEBHOOK_SECRET="$WEBHOOK_SECRET"
server=""
bare=""
source bench/webhook-common.sh
trap 'stop; [[ -n "$bare" ]] && kill "$bare" 2>/dev/null' EXIT

load() { # name, tag, url, duration: leaves bench/out/webhook-ab/NAME.txt
  WEBHOOK_TAG="$2" wrk -t2 -c"$connections" -d"$4" --latency -s bench/webhook-throughput.lua "$3" >"$out/$1.txt"
}
rate() { awk '/Requests\/sec:/ {printf "%d", $2}' "$out/$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "$out/$1.txt"; }
share() { awk -v r="$1" -v c="$2" 'BEGIN { printf "%d (%.0f%%)", r, 100 * r / c }'; }
answered() { # 2xx answers wrk counted, and non-2xx
  awk '/requests in/ {n = $1} /Non-2xx/ {bad = $NF} END {printf "%d %d", n - bad, bad + 0}' "$out/$1.txt"
}

# One receiver run: label (a or b), binary, round. Prints "rate p99 2xx non-2xx rows".
receiver() {
  trap stop EXIT # it runs in a subshell: stop its own server whatever happens
  local dir="$out/$1-$3" url
  mkdir -p "$dir"
  receiver_config "$PWD/$dir/webhooks.db" >"$dir/keyward.yaml"
  "$2" webhooks serve --config "$dir/keyward.yaml" --port 0 >"$dir/serve.out" 2>&1 &
  server=$!
  url="$(wait_for "$dir/serve.out" ' on http://' | sed 's/.* on //')"
  load "$1-$3-warm" "warm" "$url" 3s
  load "$1-$3" "run$3" "$url" "$duration"
  stop
  local rows
  rows=$(sqlite3 -cmd ".timeout 5000" "$dir/webhooks.db" "SELECT count(*) FROM webhook_inbox WHERE event_type = 'bench_run$3'")
  echo "$(rate "$1-$3") $(p99 "$1-$3") $(answered "$1-$3") $rows"
}

"$out/Keyward.Bench.Webhooks/keyward-webhooks-bench" bare 0 >"$out/bare.out" 2>&1 &
bare=$!
bare_url="$(wait_for "$out/bare.out" '^http://')/hook"
load bare-warm warm "$bare_url" 5s

echo "A: $a" | tee "$out/results.md"
echo "B: $b" | tee -a "$out/results.md"
echo | tee -a "$out/results.md"
echo "| round | bare c$connections | A | B | A p99 / B p99 ms | rows stored ≥ 200s |" | tee -a "$out/results.md"
echo "|---|---:|---:|---:|---|---|" | tee -a "$out/results.md"
wins=0
for r in $(seq "$rounds"); do
  load "bare-$r" "bare$r" "$bare_url" "$duration"
  ceiling=$(rate "bare-$r")
  if ((r % 2)); then ra=($(receiver a "$a" "$r")); rb=($(receiver b "$b" "$r"))
  else rb=($(receiver b "$b" "$r")); ra=($(receiver a "$a" "$r")); fi
  durable=yes
  for run in "${ra[*]}" "${rb[*]}"; do
    read -r _ _ ok bad rows <<<"$run"
    ((bad == 0 && rows >= ok)) || durable="NO: $ok answered 200, $bad non-2xx, $rows rows"
  done
  ((rb[0] > ra[0])) && wins=$((wins + 1))
  echo "| $r | $ceiling | $(share "${ra[0]}" "$ceiling") | $(share "${rb[0]}" "$ceiling") | ${ra[1]} / ${rb[1]} | $durable |" | tee -a "$out/results.md"
done
echo | tee -a "$out/results.md"
echo "B was faster than A in $wins of $rounds rounds." | tee -a "$out/results.md"
