#!/usr/bin/env bash
# How long `keyward webhooks inbox prune` takes on a large SQLite inbox: the first prune after an upgrade, or after
# a long `retention: forever`. It needs the inbox and the Native AOT keyward that bench/webhook-throughput.sh leaves
# in bench/out/webhooks/ (about 1.4 million events after RUNS=3 HANDLERS=none). It works on a copy, marks every event
# delivered 40 days ago with sqlite3, then times the prune (default retention, 30 days) with GNU time.
# Usage: bash bench/inbox-prune.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source="bench/out/webhooks/none/webhooks.db"
keyward="bench/out/webhooks/Keyward.Cli/keyward"
out="bench/out/prune"
[[ -f "$source" && -x "$keyward" ]] || { echo "inbox-prune: run bench/webhook-throughput.sh first (it leaves $source and $keyward)" >&2; exit 1; }
source bench/require.sh
require_packages sqlite3=sqlite3 /usr/bin/time=time
rm -rf "$out" && mkdir -p "$out"
cp "$source" "$out/webhooks.db"
sqlite3 "$out/webhooks.db" >/dev/null <<'SQL'
UPDATE webhook_inbox SET state = 'delivered', next_attempt_at_us = NULL, received_at_us = received_at_us - 40 * 86400 * 1000000;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
events=$(sqlite3 "$out/webhooks.db" "SELECT count(*) FROM webhook_inbox")
size=$(du -m "$out/webhooks.db" | cut -f1)
sync
/usr/bin/time -f "%e s, %M KB max RSS" -o "$out/time.txt" "$keyward" webhooks inbox prune --inbox "sqlite:$PWD/$out/webhooks.db" --json >"$out/prune.json"
left=$(sqlite3 "$out/webhooks.db" "SELECT count(*) FROM webhook_inbox")
echo "pruned $(jq .pruned "$out/prune.json") of $events delivered events ($size MB) in $(cat "$out/time.txt"); $left left"
