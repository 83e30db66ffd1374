#!/usr/bin/env bash
# HTTP load benchmark. Publishes the bot as ReadyToRun (framework-dependent; the bench's reference bot), IL-only
# (JIT) and Native AOT (the server build), builds the bench, then runs the bots, the ceiling and the verify-only
# floors on core 0 with the load generator on core 1, and prints a Markdown table. Extra arguments go to the
# bench, e.g.
#   --rounds 3 --requests 40000 --warmup-seconds 45 --concurrency 16 --targets ceiling,slack-floor,slack-bot
# A before/after in one run: BASE=<git revision> also publishes that revision (from a temporary worktree) and
# adds its bot as the targets slack-bot-base and discord-bot-base, taking turns with this build's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "unsupported architecture $(uname -m)" >&2; exit 2 ;;
esac
bot="bench/obj/published-bot"
dotnet publish src/Il6Bot/Il6Bot.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -o "$bot" -nologo -v q >&2
# The other server builds, as targets beside it (slack-bot-jit, slack-bot-native, ...): IL only, and Native AOT
# (the recommended server build; .ci/publish-native.sh is README's command). BUILDS=r2r publishes neither.
build_args=()
if [[ "${BUILDS:-all}" != r2r ]]; then
  dotnet publish src/Il6Bot/Il6Bot.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=false \
    -o bench/obj/published-jit -nologo -v q >&2
  native="$(bash .ci/publish-native.sh bench/obj/published-native | tail -n 1)"
  build_args=(--jit-bot-dll bench/obj/published-jit/Il6Bot.dll --native-bot "$native")
fi
base_args=()
if [[ -n "${BASE:-}" ]]; then
  base_src="$(mktemp -d)/il6bot-base"
  git worktree add -q --detach "$base_src" "$BASE"
  trap 'git worktree remove --force "$base_src"' EXIT
  dotnet publish "$base_src/src/Il6Bot/Il6Bot.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o bench/obj/published-base -nologo -v q >&2
  base_args=(--base-bot-dll bench/obj/published-base/Il6Bot.dll)
fi
dotnet build bench/Il6Bot.Bench/Il6Bot.Bench.csproj -c Release -nologo -v q >&2
mkdir -p bench/results
out="bench/results/load-$(date -u +%Y%m%d-%H%M%S).md"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
taskset -c 1 dotnet bench/Il6Bot.Bench/bin/Release/net10.0/Il6Bot.Bench.dll http \
  --repo "$root" --bot-dll "$bot/Il6Bot.dll" --commit "$commit${BASE:+ vs base $BASE}" --out "$out" "${base_args[@]}" "${build_args[@]}" "$@"
echo "(written to $out)" >&2
