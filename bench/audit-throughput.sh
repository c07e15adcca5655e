#!/usr/bin/env bash
# Durable appends per second (group commit) and verification speed of the audit log, SQLite and PostgreSQL.
# Usage: bash bench/audit-throughput.sh   (ENTRIES=1000000 WRITERS=256; KEYWARD_BENCH_POSTGRES=<connection string>
# adds the PostgreSQL rows, in a fresh schema that is dropped afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
entries="${ENTRIES:-1000000}"
writers="${WRITERS:-256}"
out="bench/out/audit"
rm -rf "$out" && mkdir -p "$out"
dotnet publish bench/Keyward.Bench.Audit -c Release -o "$out/tool" --nologo -v q >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
bench=(dotnet "$out/tool/keyward-audit-bench.dll")

echo "| store | phase | entries | time | rate |"
echo "|---|---|---:|---:|---:|"
"${bench[@]}" "sqlite:$out/audit.db" "$entries" "$writers"

if [[ -n "${KEYWARD_BENCH_POSTGRES:-}" ]]; then
  schema="keyward_bench_$$"
  run_sql() { dotnet "$out/tool/keyward-audit-bench.dll" --sql "$KEYWARD_BENCH_POSTGRES" "$1"; }
  run_sql "CREATE SCHEMA $schema"
  trap 'run_sql "DROP SCHEMA IF EXISTS '"$schema"' CASCADE" >/dev/null 2>&1 || true' EXIT
  "${bench[@]}" "postgres:$KEYWARD_BENCH_POSTGRES;Search Path=$schema" "$entries" "$writers"
else
  echo
  echo "PostgreSQL rows skipped: set KEYWARD_BENCH_POSTGRES to a connection string (scripts/test.sh prints how it starts one)."
fi
