#!/usr/bin/env bash
# The one test command: restore, build, start a throwaway PostgreSQL cluster on a free loopback port, run every
# test, stop the cluster, and print "N passed, N failed, N skipped". Works on a fresh machine: it installs
# PostgreSQL and Chromium with apt only when their binaries are missing. Exit code is non-zero when anything failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d -t keyward-test.XXXXXX)"
pg_data="$work/pgdata"
pg_bin=""

log() { printf '[test.sh] %s\n' "$*" >&2; }

cleanup() {
  local code=$?
  if [[ -n "$pg_bin" && -f "$pg_data/postmaster.pid" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT INT TERM

# PostgreSQL refuses to run as root; run its tools as the postgres user when we are root.
as_pg() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && pg_bin="$dir"
  done
  [[ -n "$pg_bin" ]]
}

ensure_postgres() {
  if find_pg_bin; then return 0; fi
  log "PostgreSQL not found; installing it with apt"
  if [[ "$(id -u)" != "0" ]]; then
    log "installing PostgreSQL needs root: run 'sudo apt-get install -y postgresql' and try again"
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  find_pg_bin || { log "PostgreSQL installed but initdb was not found under /usr/lib/postgresql"; exit 2; }
}

# Chromium renders the HTML check report in Keyward.Posture.Tests (Debian's package; tests skip without it, saying so).
# Idempotent: nothing happens when it is on PATH. A failed install is logged, not fatal: only those tests skip.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [[ "$(id -u)" != "0" ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      apt=(sudo -n env DEBIAN_FRONTEND=noninteractive apt-get)
    else
      log "Chromium not found and installing it needs root: run 'sudo apt-get install -y chromium'; browser tests will be skipped"
      return 0
    fi
  fi
  log "Chromium not found; installing it with apt (for the HTML report browser tests)"
  if ! "${apt[@]}" install -y -q chromium >/dev/null 2>&1; then
    "${apt[@]}" update -qq >/dev/null 2>&1 || true
    "${apt[@]}" install -y -q chromium >/dev/null 2>&1 \
      || log "could not install chromium; the HTML report browser tests will be skipped"
  fi
}

# Native AOT links with clang, or gcc when clang is missing (https://aka.ms/nativeaot-prerequisites), and zlib.
ensure_native_toolchain() {
  if { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; } && [[ -e /usr/include/zlib.h ]]; then return 0; fi
  log "a C linker or zlib headers are missing; installing clang and zlib1g-dev with apt (Native AOT publish)"
  if [[ "$(id -u)" != "0" ]]; then
    log "installing them needs root: run 'sudo apt-get install -y clang zlib1g-dev' and try again"
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free loopback port found"
  exit 3
}

start_postgres() {
  ensure_postgres
  local port password
  port="$(free_port)"
  password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  mkdir -p "$pg_data"
  printf '%s\n' "$password" >"$work/pwfile"
  if [[ "$(id -u)" == "0" ]]; then chown -R postgres:postgres "$work"; chmod 700 "$work"; fi
  as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=scram-sha-256 --pwfile="$work/pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 3; }
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off" start >/dev/null \
    || { cat "$work/postgres.log" >&2; exit 3; }
  export KEYWARD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port"
}

log "installing test tools (npm)"
# Reference validators the tests call (SARIF schema); pinned by tests/tools/package-lock.json.
npm ci --prefix tests/tools --no-audit --no-fund --silent
ensure_chromium

log "restoring and building"
dotnet restore Keyward.slnx --nologo -v quiet
dotnet build Keyward.slnx --no-restore --nologo -v quiet -clp:NoSummary

# The tests that run keyward as a process run the Native AOT binary users install (KeywardProcess in
# tests/Keyward.Cli.Tests): trimming and AOT break code only at run time.
ensure_native_toolchain
log "publishing keyward with Native AOT (the binary the process tests run)"
dotnet publish src/Keyward.Cli -c Release -r linux-x64 -o "$work/keyward-aot" --nologo -v quiet -clp:NoSummary
export KEYWARD_TEST_BINARY="$work/keyward-aot/keyward"

start_postgres

results="$work/results"
log "running tests"
test_exit=0
for project in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  # One results directory per project: TRX names carry only a timestamp and would collide. The console logger
  # prints each failure's message and stack, which the TRX files take with them when the work directory goes.
  dotnet test "$project" --no-build --nologo -v quiet --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" "$@" || test_exit=$?
done

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [[ "$test_exit" != "0" && "$failed" == "0" ]]; then
  # A test host that crashed writes no failed count; never report such a run as green.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ "$failed" == "0" && "$test_exit" == "0" ]]
