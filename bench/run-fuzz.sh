#!/usr/bin/env bash
# Fuzz the built bot: builds it (Release) and the bench, starts the bot as its own process on 127.0.0.1 (core 0)
# with stub Slack and Discord APIs, sends ~10,000 validly signed mutated requests from core 1 (half to each HTTP
# endpoint, the fuzz test's generator), and prints the status histogram and the bot's RSS before and after.
# Exits non-zero on any 5xx, unanswered request or unhandled exception in the bot's log. Extra arguments go to the
# bench, e.g. --requests 50000 --concurrency 16 --seed 7
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 2; }
dotnet build src/Il6Bot/Il6Bot.csproj -c Release -nologo -v q >&2
dotnet build bench/Il6Bot.Bench/Il6Bot.Bench.csproj -c Release -nologo -v q >&2
mkdir -p bench/results
out="bench/results/fuzz-$(date -u +%Y%m%d-%H%M%S).md"
taskset -c 1 dotnet bench/Il6Bot.Bench/bin/Release/net10.0/Il6Bot.Bench.dll fuzz \
  --repo "$root" --bot-dll src/Il6Bot/bin/Release/net10.0/Il6Bot.dll --out "$out" "$@"
echo "(written to $out)" >&2
