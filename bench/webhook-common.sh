# Sourced by bench/webhook-throughput.sh and bench/webhook-ab.sh: starting and stopping receivers the same way.
# The sourcing script defines log() and keeps the running receiver's pid in $server.

# Stops the running server. A server that exits with an error on SIGTERM is a bug worth seeing, not a reason to lose
# the rest of the run (under set -e, a failing wait would end the script without a word).
stop() {
  [[ -z "${server:-}" ]] && return 0
  kill "$server" 2>/dev/null || true
  local status=0
  wait "$server" 2>/dev/null || status=$?
  ((status == 0 || status == 143)) || log "the server exited with status $status when stopped"
  server=""
}

wait_for() { # file, pattern: the first matching line, within 20 s
  for _ in $(seq 200); do
    grep -m1 -E "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  log "the server did not start:"; cat "$1" >&2; exit 1
}

# The receiver's configuration on stdout: database path, then optionally a handler (jsonl:PATH). The secret comes
# from KEYWARD_BENCH_WEBHOOK_SECRET, which the wrk script sends as WEBHOOK_SECRET.
receiver_config() {
  echo "webhooks:"
  echo "  inbox: sqlite:$1"
  echo "  instantly:"
  echo "    path: /webhooks/instantly"
  echo "    verify: { scheme: header-secret, header: X-Keyward-Webhook-Secret, secret: env:KEYWARD_BENCH_WEBHOOK_SECRET }"
  [[ -n "${2:-}" ]] && echo "    handler: $2"
  return 0
}
