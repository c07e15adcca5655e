#!/usr/bin/env bash
# Builds the keyward tool packages into ./nupkg (or the directory given): the pointer package `Keyward.Cli`, the
# Native AOT package for linux-x64, and the portable package (`any`, JIT) that `dotnet tool install` falls back to
# on every other platform. See docs/install.md.
#
#   scripts/pack.sh && dotnet tool install --global --add-source ./nupkg Keyward.Cli
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/nupkg}")"
cd "$root"
log() { printf '[pack.sh] %s\n' "$*" >&2; }

mkdir -p "$out"
log "pointer package"
dotnet pack src/Keyward.Cli -c Release -o "$out" --nologo -v quiet
if [[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]]; then
  log "Native AOT package for linux-x64 (a few minutes)"
  dotnet pack src/Keyward.Cli -c Release -r linux-x64 -o "$out" --nologo -v quiet
else
  log "not on linux-x64: no Native AOT package (AOT compiles for the platform it runs on); the portable one serves here"
fi
log "portable package (any)"
dotnet pack src/Keyward.Cli -c Release -r any -p:PublishAot=false -o "$out" --nologo -v quiet
log "packages in $out:"
ls -1 "$out"/Keyward.Cli*.nupkg >&2
