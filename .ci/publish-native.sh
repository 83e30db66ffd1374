#!/usr/bin/env bash
# Publishes the server build, the Native AOT binary, the way README's "Server build" section does, and prints
# the binary's path as its last line (.ci/run hands it to the smoke tests as IL6BOT_NATIVE_BINARY).
#
#   bash .ci/publish-native.sh [OUTPUT_DIR]     # default: out
#
# Native AOT links with the system C toolchain: Debian's gcc (or clang) and zlib1g-dev are installed (as root)
# when no C compiler is present.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"

log() { echo "publish-native.sh: $*" >&2; }

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) log "unsupported architecture $(uname -m)"; exit 2 ;;
esac

if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  if [[ "$(id -u)" != 0 ]]; then
    log "Native AOT needs a C toolchain to link: install gcc (or clang) and zlib1g-dev, or run as root."
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q gcc zlib1g-dev >&2; then
    log "apt-get install failed; refreshing package lists"
    apt-get update -q >&2
    apt-get install -y -q gcc zlib1g-dev >&2
  fi
fi

started=$SECONDS
dotnet publish src/Il6Bot/Il6Bot.csproj -c Release -r "$rid" -p:PublishAot=true -o "$out" -nologo -v q >&2
log "published $out/Il6Bot in $((SECONDS - started)) s"
echo "$(cd "$out" && pwd)/Il6Bot"
