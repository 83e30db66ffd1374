#!/usr/bin/env bash
# Nudge scale benchmark: tick cost on 100 vs 100,000 stored schedules (BenchmarkDotNet, in-process), then one
# real scheduler tick posting 1,000 due nudges through the bot's Discord poster against a rate-limited fake
# Discord on 127.0.0.1; then the started host's own scheduler loop with N schedules due in the same coming minute
# (default 100) against fake Slack and Discord that answer at once: lateness p50/p99 from the occurrence to the
# fake's answer (about a minute of waiting per platform). Prints a Markdown report.
# Extra arguments: --schedules N --posts N --on-the-minute N --skip-tick --skip-post --skip-lateness.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet build bench/Il6Bot.Bench/Il6Bot.Bench.csproj -c Release -nologo -v q >&2
mkdir -p bench/results
out="bench/results/nudges-$(date -u +%Y%m%d-%H%M%S).md"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dotnet bench/Il6Bot.Bench/bin/Release/net10.0/Il6Bot.Bench.dll nudges \
  --repo "$root" --commit "$commit" --out "$out" "$@"
echo "(written to $out)" >&2
