#!/usr/bin/env bash
# Measures `keyward scan` against gitleaks and trufflehog on a generated corpus with planted fake secrets, in one
# run, and prints a Markdown table (also written to bench/out/results.md). See bench/README.md.
#
#   bash bench/scan-compare.sh                      # 3000 commits, 40 MB of history
#   CORPUS_COMMITS=20000 CORPUS_MB=1024 bash bench/scan-compare.sh
#
# Environment: CORPUS_COMMITS (3000), CORPUS_MB (40), CORPUS_SEED (42), RUNS (3, hyperfine runs per command),
# STAGED_RUNS (10). Everything lives in bench/out/ (git-ignored); delete it to start from scratch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/bench/out"
corpus="$out/corpus"
commits="${CORPUS_COMMITS:-3000}"
size_mb="${CORPUS_MB:-40}"
seed="${CORPUS_SEED:-42}"
runs="${RUNS:-3}"
staged_runs="${STAGED_RUNS:-10}"
tools="$out/tools/root/usr/bin"
rm -rf "$out/reports" "$out/timing"   # a tool that crashes must not be credited with an earlier run's report
mkdir -p "$out/reports" "$out/timing"

log() { printf '[scan-compare] %s\n' "$*" >&2; }

# ------------------------------------------------------------------------------------------------ prerequisites
source bench/require.sh
require_packages hyperfine=hyperfine /usr/bin/time=time

# gitleaks and trufflehog are not in Debian 12: take the packages from Debian unstable without touching the
# system's apt configuration (a private source list and list directory), and unpack them under bench/out/tools.
fetch_tools() {
  local tmp apt
  tmp="$(mktemp -d)"
  echo "deb [trusted=yes] http://deb.debian.org/debian sid main" >"$tmp/sid.list"
  apt=(-o "Dir::Etc::SourceList=$tmp/sid.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$tmp/lists" -o Acquire::Languages=none)
  mkdir -p "$tmp/lists/partial" "$out/tools"
  if apt-get "${apt[@]}" update -qq 2>/dev/null && (cd "$tmp" && apt-get "${apt[@]}" download gitleaks trufflehog 2>/dev/null >&2); then
    for deb in "$tmp"/*.deb; do
      dpkg-deb -x "$deb" "$out/tools/root"
      basename "$deb" >>"$out/tools/versions.txt"
    done
  fi
  rm -rf "$tmp"
}
if [[ ! -x "$tools/gitleaks" || ! -x "$tools/trufflehog" ]]; then
  log "fetching gitleaks and trufflehog from Debian unstable into bench/out/tools"
  fetch_tools || true
fi
gitleaks="" trufflehog=""
[[ -x "$tools/gitleaks" ]] && gitleaks="$tools/gitleaks"
[[ -x "$tools/trufflehog" ]] && trufflehog="$tools/trufflehog"
notes=()
[[ -n "$gitleaks" ]] || notes+=("gitleaks could not be fetched; its rows are missing.")
[[ -n "$trufflehog" ]] || notes+=("trufflehog could not be fetched; its rows are missing.")
version_of() { grep -o "^$1_[^_]*" "$out/tools/versions.txt" 2>/dev/null | head -1 | cut -d_ -f2 || true; }

# ------------------------------------------------------------------------------------------------ build
log "publishing keyward (Release, Native AOT for linux-x64, as the tool package ships it) and the corpus tool"
rm -rf "$out/keyward"
dotnet publish src/Keyward.Cli -c Release -r linux-x64 -o "$out/keyward" --nologo -v q >"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; exit 1; }
dotnet publish bench/Keyward.Bench.Corpus -c Release -o "$out/keyward-corpus" --nologo -v q >>"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; exit 1; }
keyward=("$out/keyward/keyward")
corpus_tool=(dotnet "$out/keyward-corpus/keyward-corpus.dll")

# ------------------------------------------------------------------------------------------------ corpus
# Regenerate when the arguments, the rules or the generator change (builds are deterministic).
params="commits=$commits size_mb=$size_mb seed=$seed rules=$(sha256sum src/Keyward.Scanning/Rules/rules.yaml | cut -c1-16)"
params+=" generator=$(sha256sum "$out/keyward-corpus/keyward-corpus.dll" | cut -c1-16)"
if [[ ! -f "$corpus/plants.json" || "$(cat "$corpus/params" 2>/dev/null)" != "$params" ]]; then
  log "generating the corpus ($commits commits, $size_mb MB)"
  rm -rf "$corpus"
  "${corpus_tool[@]}" generate --out "$corpus" --commits "$commits" --size-mb "$size_mb" --seed "$seed" >&2
  echo "$params" >"$corpus/params"
fi
repo="$corpus/repo"
plants="$corpus/plants.json"

# The directory scans read a plain export of HEAD (no .git), so every tool reads exactly the same files.
checkout="$out/checkout"
rm -rf "$checkout" && mkdir -p "$checkout"
git -C "$repo" archive HEAD | tar -x -C "$checkout"
history_bytes="$(git -C "$repo" rev-list --objects --all | cut -d' ' -f1 \
  | git -C "$repo" cat-file --batch-check='%(objecttype) %(objectsize)' | awk '$1 == "blob" { s += $2 } END { print s }')"
checkout_bytes="$(find "$checkout" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"

# ------------------------------------------------------------------------------------------------ measuring
# measure NAME BYTES COMMAND...: one run under GNU time (peak RSS; its report feeds the accuracy check), then
# hyperfine for the mean. Exit codes are ignored: scanners exit non-zero when they find something.
declare -A mean rss mbps commands
hyperfine_runs="$runs" hyperfine_warmup=1
measure() {
  local name="$1" bytes="$2"
  shift 2
  local cmd
  cmd="$(printf '%q ' "$@")"
  cmd="${cmd% }"
  commands[$name]="${display:-$cmd}"
  log "measuring $name"
  /usr/bin/time -v -o "$out/timing/$name.time" "$@" >"$out/timing/$name.stdout" 2>"$out/timing/$name.stderr" || true
  rss[$name]="$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$out/timing/$name.time")"
  hyperfine --style none --shell bash --warmup "$hyperfine_warmup" --runs "$hyperfine_runs" -i --command-name "$name" \
    --export-csv "$out/timing/$name.csv" "$cmd" >/dev/null 2>&1
  mean[$name]="$(awk -F, 'NR == 2 { printf "%.2f", $2 }' "$out/timing/$name.csv")"
  if [[ "$bytes" -gt 0 ]]; then
    mbps[$name]="$(awk -v b="$bytes" -v s="${mean[$name]}" 'BEGIN { printf "%.1f", b / 1048576 / s }')"
  else
    mbps[$name]="—"
  fi
}

r="$out/reports"
measure keyward-git "$history_bytes" "${keyward[@]}" scan "$repo" --git --format json --no-redact --output "$r/keyward-git.json"
if [[ -n "$gitleaks" ]]; then
  measure gitleaks-git "$history_bytes" "$gitleaks" git "$repo" --log-opts=--all --report-format json \
    --report-path "$r/gitleaks-git.json" --exit-code 0 --no-banner
fi
if [[ -n "$trufflehog" ]]; then
  # trufflehog writes results to stdout: wrap it so the report is a file like the others.
  display="$trufflehog git file://$repo --json --no-update --no-verification > $r/trufflehog-git.json" \
    measure trufflehog-git "$history_bytes" bash -c "$(printf '%q ' "$trufflehog" git "file://$repo" --json --no-update --no-verification) > $(printf '%q' "$r/trufflehog-git.json")"
fi
measure keyward-dir "$checkout_bytes" "${keyward[@]}" scan "$checkout" --format json --no-redact --output "$r/keyward-dir.json"
if [[ -n "$gitleaks" ]]; then
  measure gitleaks-dir "$checkout_bytes" "$gitleaks" dir "$checkout" --report-format json --report-path "$r/gitleaks-dir.json" \
    --exit-code 0 --no-banner
fi

# Pre-commit: a scratch clone with three small files edited and staged.
precommit="$out/precommit"
rm -rf "$precommit"
git clone -q "$repo" "$precommit"
mapfile -t touched < <(git -C "$precommit" ls-files -- '*.ts' '*.py' '*.cs' | head -3)
for f in "${touched[@]}"; do printf '// touched by scan-compare\nconst retries = 3;\n' >>"$precommit/$f"; done
git -C "$precommit" add -- "${touched[@]}"
hyperfine_runs="$staged_runs"
measure keyward-staged 0 "${keyward[@]}" scan "$precommit" --staged
if [[ -n "$gitleaks" ]]; then
  display="(cd $precommit && $gitleaks git --pre-commit --staged --exit-code 0 --no-banner .)" \
    measure gitleaks-staged 0 bash -c "cd $(printf '%q' "$precommit") && $(printf '%q' "$gitleaks") git --pre-commit --staged --exit-code 0 --no-banner ."
fi
hyperfine_runs="$runs"

# The hygiene checks (tracked .env, templates with values, .gitignore) need a git work tree: one extra keyward run
# on a clone, for accuracy only.
hygiene="$out/clone"
rm -rf "$hygiene" && git clone -q "$repo" "$hygiene"
"${keyward[@]}" scan "$hygiene" --format json --no-redact --output "$r/keyward-clone.json" >/dev/null 2>&1 || true

# ------------------------------------------------------------------------------------------------ accuracy
declare -A found fp
check() {
  local name="$1" tool="$2" mode="$3" report="$4" line
  [[ -f "$report" ]] || { found[$name]="no report"; fp[$name]="—"; return; }
  "${corpus_tool[@]}" check --plants "$plants" --report "$report" --tool "$tool" --mode "$mode" >"$out/reports/$name.check.txt" 2>&1 || true
  line="$(grep '^summary ' "$out/reports/$name.check.txt" || true)"
  if [[ -z "$line" ]]; then
    found[$name]="check failed"; fp[$name]="—"; return
  fi
  local expected f p d
  expected="$(sed -E 's/.* expected=([0-9]+).*/\1/' <<<"$line")"
  f="$(sed -E 's/.* found=([0-9]+).*/\1/' <<<"$line")"
  p="$(sed -E 's/.* false-positives=([0-9]+).*/\1/' <<<"$line")"
  d="$(sed -E 's/.* distinct-false-positives=([0-9]+).*/\1/' <<<"$line")"
  found[$name]="$f/$expected"
  if [[ "$p" == "$d" ]]; then fp[$name]="$p"; else fp[$name]="$p ($d distinct)"; fi
}
check keyward-git keyward git "$r/keyward-git.json"
check keyward-dir keyward dir "$r/keyward-dir.json"
check keyward-clone keyward dir "$r/keyward-clone.json"
[[ -n "$gitleaks" ]] && check gitleaks-git gitleaks git "$r/gitleaks-git.json"
[[ -n "$gitleaks" ]] && check gitleaks-dir gitleaks dir "$r/gitleaks-dir.json"
[[ -n "$trufflehog" ]] && check trufflehog-git trufflehog git "$r/trufflehog-git.json"

# ------------------------------------------------------------------------------------------------ report
row() {
  local name="$1" tool="$2" mode="$3"
  [[ -n "${mean[$name]:-}" ]] || return 0
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$tool" "$mode" "${mean[$name]}" "${mbps[$name]}" "${rss[$name]:-—}" \
    "${found[$name]:-—}" "${fp[$name]:-—}"
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
{
  echo "## keyward scan vs gitleaks vs trufflehog"
  echo
  echo "Corpus: $(git -C "$repo" rev-list --all --count) commits on $(git -C "$repo" for-each-ref --format=x refs/heads | wc -l) branches," \
    "$(mb "$history_bytes") MiB of unique blobs, HEAD $(mb "$checkout_bytes") MiB in $(find "$checkout" -type f | wc -l) files;" \
    "$(grep -c '"ruleId"' "$plants") planted secrets ($(grep -c '"inHead": true' "$plants") at HEAD)." \
    "Seed $seed. Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB RAM."
  echo "Tools: keyward $("${keyward[@]}" --version 2>/dev/null | cut -d+ -f1), gitleaks $(version_of gitleaks), trufflehog $(version_of trufflehog)" \
    "(Debian packages); hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs after 1 warm-up ($staged_runs for pre-commit)."
  echo
  echo "| tool | mode | mean s | MB/s | peak RSS MB | plants found/expected | non-plant findings |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  row keyward-git keyward "git history (all refs)"
  row gitleaks-git gitleaks "git history (all refs)"
  row trufflehog-git trufflehog "git history (all refs)"
  row keyward-dir keyward "directory (HEAD export)"
  row gitleaks-dir gitleaks "directory (HEAD export)"
  row keyward-staged keyward "pre-commit (3 staged files)"
  row gitleaks-staged gitleaks "pre-commit (3 staged files)"
  if [[ -n "${found[keyward-clone]:-}" ]]; then
    printf '| keyward | directory (git clone, with hygiene checks) | — | — | — | %s | %s |\n' "${found[keyward-clone]}" "${fp[keyward-clone]}"
  fi
  echo
  echo "MB/s is MiB of input per mean second: unique blob bytes of all refs for history scans, the HEAD export for"
  echo "directory scans. Peak RSS is GNU time's maximum resident set size of the largest process. A plant is found"
  echo "when a finding's secret equals, contains or is contained in it (decoded for base64 plants); every finding"
  echo "that matches no plant counts as non-plant (gitleaks reports one finding per commit, hence distinct counts)."
  echo "gitleaks ran with its defaults, which decode no base64 (--max-decode-depth 0)."
  for note in "${notes[@]}"; do echo; echo "Note: $note"; done
  echo
  echo "Per-tool details (missed plants, false positives by rule): bench/out/reports/*.check.txt."
  echo
  echo "Commands:"
  echo
  echo '```'
  for name in keyward-git gitleaks-git trufflehog-git keyward-dir gitleaks-dir keyward-staged gitleaks-staged; do
    [[ -n "${commands[$name]:-}" ]] && echo "$name: ${commands[$name]}"
  done
  echo "keyward-clone: ${keyward[*]} scan $hygiene --format json --no-redact --output $r/keyward-clone.json"
  echo "check: ${corpus_tool[*]} check --plants $plants --report REPORT --tool TOOL --mode git|dir"
  echo '```'
} | tee "$out/results.md"
