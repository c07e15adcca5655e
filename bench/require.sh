# Sourced by the bench scripts: installs the tools a benchmark needs when they are missing.
# require_packages COMMAND=PACKAGE...: one apt-get update and one install for every PACKAGE whose COMMAND is missing
# (a name looked up on PATH, or an absolute path that must be executable), through sudo when not root.
require_packages() {
  local spec command missing=() sudo=()
  for spec in "$@"; do
    command="${spec%%=*}"
    if [[ "$command" == /* ]]; then [[ -x "$command" ]] && continue; else command -v "$command" >/dev/null && continue; fi
    missing+=("${spec#*=}")
  done
  ((${#missing[@]})) || return 0
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  echo "[bench] installing ${missing[*]} with apt-get" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}
