#!/usr/bin/env bash
# Webhook receiver throughput and latency: verify + validate + durable store + 200 (keyward webhooks serve, SQLite
# inbox in WAL with synchronous=FULL), next to a bare Kestrel endpoint that answers 200 (the ceiling), with wrk on
# loopback, then at half of the maximum rate in an open loop (bench/open-loop.c, since wrk2 is not packaged here).
# Checks afterwards that every 200 is a row in the inbox.
# Usage: bash bench/webhook-throughput.sh   (RUNS=3 DURATION=10s CONNECTIONS=64 LOW_CONNECTIONS=4 PACE_MS=10;
# HANDLERS="none jsonl" also measures the receiver with a jsonl: handler dispatching while it receives)
set -euo pipefail
cd "$(dirname "$0")/.."
out="bench/out/webhooks"
runs="${RUNS:-3}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
low="${LOW_CONNECTIONS:-4}"
pace_ms="${PACE_MS:-10}"
handlers="${HANDLERS:-none jsonl}"
log() { echo "[webhook-throughput] $*" >&2; }

source bench/require.sh
require_packages wrk=wrk
rm -rf "$out" && mkdir -p "$out"
log "publishing keyward as the linux-x64 tool ships it (Native AOT) and the bare server (ReadyToRun, JIT)"
dotnet publish src/Keyward.Cli -c Release -r linux-x64 -o "$out/Keyward.Cli" --nologo -v q >>"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; exit 1; }
dotnet publish bench/Keyward.Bench.Webhooks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out/Keyward.Bench.Webhooks" --nologo -v q >>"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
keyward="$out/Keyward.Cli/keyward"
gcc -O2 -Wall -o "$out/open-loop" bench/open-loop.c
gcc -O2 -Wall -o "$out/fsync-probe" bench/fsync-probe.c
gcc -O2 -Wall -pthread -o "$out/cpu-gaps" bench/cpu-gaps.c

WEBHOOK_SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export WEBHOOK_SECRET KEYWARD_BENCH_WEBHOOK_SECRET="$WEBHOOK_SECRET"
server=""
source bench/webhook-common.sh
bare=""
trap 'stop; [[ -n "$bare" ]] && kill "$bare" 2>/dev/null' EXIT

# One wrk run: name, tag, url, connections, pause in ms (0: none). Leaves bench/out/webhooks/NAME.txt.
load() {
  WEBHOOK_TAG="$2" WRK_DELAY_MS="$5" wrk -t2 -c"$4" -d"${6:-$duration}" --latency -s bench/webhook-throughput.lua "$3" >"$out/$1.txt"
}
field() { awk -v k="$2" '$1 == k {print $2}' "$out/$1.txt"; }
requests() { awk '/requests in/ {print $1}' "$out/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$out/$1.txt"; }
errors() { awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out/$1.txt"; }
ms() { # wrk latency such as 812.00us, 3.41ms or 1.02s, in ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# A row: case, run name, rows stored for its tag (or - for the bare server).
row() {
  local case=$1 name=$2 stored=${3:--} rps p50 p99 total bad sock ok
  rps=$(field "$name" "Requests/sec:")
  p50=$(ms "$(field "$name" "50%")")
  p99=$(ms "$(field "$name" "99%")")
  total=$(requests "$name")
  bad=$(non2xx "$name"); bad=${bad:-0}
  sock=$(errors "$name"); sock=${sock:-0}
  ok=$((total - bad))
  printf '| %s | %s | %s | %s | %s / %s | %s | %s |\n' "$case" "${rps%.*}" "$p50" "$p99" "$bad" "$sock" "$ok" "$stored" | tee -a "$out/rows.md"
  echo "$rps" >>"$out/${name%-*}.rates"
}

# A row from one open-loop run (bench/open-loop.c): its one line holds every figure.
open_row() {
  local line; line=$(cat "$out/$2.txt")
  pick() { sed -E "s/.*$1 ([0-9.]+).*/\1/" <<<"$line"; }
  printf '| %s | %s | %s | %s | %s / %s | %s | %s |\n' "$1" "$(sed -E 's/.*answered ([0-9]+)\/s.*/\1/' <<<"$line")" \
    "$(pick p50)" "$(pick p99)" "$(pick non-2xx)" "$(pick errors)" "$(pick ", 2xx")" "$3" | tee -a "$out/rows.md"
}

count() { # rows in the inbox for a tag; sqlite3 when installed, else keyward's own listing
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$1" "SELECT count(*) FROM webhook_inbox WHERE event_type = 'bench_$2'"
  else
    "$keyward" webhooks inbox list --json --limit 100000000 --inbox "sqlite:$1" | jq --arg t "bench_$2" '[.[] | select((.eventType // .EventType) == $t)] | length'
  fi
}
median() { sort -g "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "| case | requests/s | p50 ms | p99 ms | non-2xx / socket errors | 200s (wrk) | rows stored |" >"$out/rows.md"
echo "|---|---:|---:|---:|---:|---:|---:|" >>"$out/rows.md"
cat "$out/rows.md"

# The ceiling. It keeps running, idle between its runs, so that each maximum-rate run of a receiver comes right after
# one of the ceiling: this machine's speed drifts by a quarter within minutes, and a share is only as good as the
# two runs it divides.
log "bare Kestrel: warm-up; its $runs runs alternate with each receiver's c$connections runs"
"$out/Keyward.Bench.Webhooks/keyward-webhooks-bench" bare 0 >"$out/bare.out" 2>&1 &
bare=$!
bare_url="$(wait_for "$out/bare.out" '^http://')/hook"
load bare-warm warm "$bare_url" "$connections" 0

for handler in $handlers; do
  dir="$out/$handler"; mkdir -p "$dir"
  db="$PWD/$dir/webhooks.db"
  sink=""; [[ "$handler" == jsonl ]] && sink="jsonl:$PWD/$dir/events.jsonl"
  receiver_config "$db" "$sink" >"$dir/keyward.yaml"
  label="keyward, store only"; [[ "$handler" == jsonl ]] && label="keyward + jsonl handler"
  log "$label: warm-up, then $runs runs at c$connections, c$low and paced"
  "$keyward" webhooks serve --config "$dir/keyward.yaml" --port 0 >"$dir/serve.out" 2>&1 &
  server=$!
  url="$(wait_for "$dir/serve.out" ' on http://' | sed 's/.* on //')"
  load "$handler-warm" "${handler}warm" "$url" "$connections" 0
  for i in $(seq "$runs"); do
    load "bare-$handler-$i" "bare$handler$i" "$bare_url" "$connections" 0
    row "bare Kestrel 200, c$connections" "bare-$handler-$i"
    load "$handler-max-$i" "${handler}max$i" "$url" "$connections" 0
    sleep 1
    row "$label, c$connections" "$handler-max-$i" "$(count "$db" "${handler}max$i")"
    awk -v r="$(field "$handler-max-$i" "Requests/sec:")" -v b="$(field "bare-$handler-$i" "Requests/sec:")" \
      'BEGIN { printf "%.1f\n", 100 * r / b }' >>"$out/$handler-share.rates"
  done
  half=$(median "$out/$handler-max.rates" | awk '{printf "%d", $1 / 2}')
  for i in $(seq "$runs"); do
    load "$handler-low-$i" "${handler}low$i" "$url" "$low" 0
    sleep 1
    row "$label, c$low" "$handler-low-$i" "$(count "$db" "${handler}low$i")"
  done
  # Closed-loop pacing towards half of the maximum: each connection waits PACE_MS after every response. A first
  # guess of half rate x PACE_MS connections falls short by the latency itself, so one 5-second calibration run
  # scales the connections by target / achieved.
  paced=$(( (half * pace_ms + 999) / 1000 )); (( paced < 2 )) && paced=2
  load "$handler-calibrate" "${handler}calibrate" "$url" "$paced" "$pace_ms" 5s
  achieved=$(field "$handler-calibrate" "Requests/sec:")
  paced=$(awk -v c="$paced" -v t="$half" -v a="$achieved" 'BEGIN { n = int(c * t / a + 0.5); print (n < 2 ? 2 : n) }')
  for i in $(seq "$runs"); do
    load "$handler-paced-$i" "${handler}paced$i" "$url" "$paced" "$pace_ms"
    sleep 1
    row "$label, paced to ~$half/s (c$paced, ${pace_ms} ms pause)" "$handler-paced-$i" "$(count "$db" "${handler}paced$i")"
  done
  # Open loop at half of the maximum (what wrk2 would do): requests go out at fixed times whatever the latency, and
  # each latency counts from the time its request was due.
  for i in $(seq "$runs"); do
    "$out/open-loop" "$url" "$half" "${duration%s}" "${handler}open$i" >"$out/$handler-open-$i.txt" || true
    sleep 1
    open_row "$label, open loop at $half/s" "$handler-open-$i" "$(count "$db" "${handler}open$i")"
  done
  stop
  echo "$half" >"$dir/half"
done
kill "$bare" 2>/dev/null || true
wait "$bare" 2>/dev/null || true
bare=""

# The open-loop tool's own floor: the bare server at each of those rates.
"$out/Keyward.Bench.Webhooks/keyward-webhooks-bench" bare 0 >"$out/bare-open.out" 2>&1 &
server=$!
url="$(wait_for "$out/bare-open.out" '^http://')/hook"
for handler in $handlers; do
  half=$(cat "$out/$handler/half")
  "$out/open-loop" "$url" "$half" "${duration%s}" "bareopen" >"$out/bare-open-$handler.txt" || true
  open_row "bare Kestrel 200, open loop at $half/s" "bare-open-$handler" "-"
done

# The disk's own floor for a durable commit: small fsyncs alone, then while the bare server takes the first open
# loop's rate. No receiver runs, so whatever the second adds comes from the machine, not from keyward.
"$out/fsync-probe" "$out/fsync-probe.dat" 8 >"$out/fsync-alone.txt"
"$out/open-loop" "$url" "$(cat "$out/${handlers%% *}/half")" 12 "bareprobe" >"$out/bare-probe.txt" &
loop=$!
sleep 3
"$out/fsync-probe" "$out/fsync-probe.dat" 8 >"$out/fsync-loaded.txt"
wait "$loop" || true
stop

# Whether the machine itself pauses: one spinning thread per core, alone and then beside fsync-probe. Pauses on both
# threads at once, in step with the wall clock, only beside the fsyncs, mean disk writes cost the guest its CPU.
cores=$(nproc)
"$out/cpu-gaps" "$cores" 8 >"$out/gaps-alone.txt"
"$out/cpu-gaps" "$cores" 8 >"$out/gaps-fsync.txt" &
gaps=$!
sleep 0.5
"$out/fsync-probe" "$out/fsync-probe.dat" 7 >"$out/fsync-spinning.txt"
wait "$gaps"
{
  echo
  echo "fsync-probe alone:"; cat "$out/fsync-alone.txt"
  echo "fsync-probe while the bare server takes the open loop at $(cat "$out/${handlers%% *}/half")/s:"; cat "$out/fsync-loaded.txt"
  echo "cpu-gaps on every core, alone:"; cat "$out/gaps-alone.txt"
  echo "cpu-gaps on every core, beside fsync-probe:"; cat "$out/gaps-fsync.txt" "$out/fsync-spinning.txt"
} | tee -a "$out/rows.md"

{
  echo
  echo "wrk -t2 -d$duration --latency with a unique Instantly-shaped body per request (bench/webhook-throughput.lua) on"
  echo "$(nproc) cores; server and wrk on the same machine. Median requests/s over the runs:"
  for f in "$out"/*.rates; do
    name=$(basename "$f" .rates)
    printf -- '- %s: median %s, min %s, max %s\n' "$name" "$(median "$f")" "$(sort -g "$f" | head -1)" "$(sort -g "$f" | tail -1)"
  done
  echo "HANDLER-share = a receiver's c$connections requests/s as a percentage of the bare run just before it."
  echo "200s (wrk) = completed responses minus non-2xx; rows stored = inbox rows with that run's event_type. A row"
  echo "count at or above the 200s means every acknowledged event is in the inbox (requests still in flight when wrk"
  echo "stops may be stored without wrk counting their 200)."
} | tee -a "$out/rows.md"
cp "$out/rows.md" "$out/results.md"
