#!/usr/bin/env bash
# Server builds side by side (issue 12): the bot as Native AOT, ReadyToRun and JIT (IL only), each on Slack and
# Discord, in one run of the load benchmark: a cold-start pass (spawn → first correct /il6 answer, 7 starts per
# build, taking turns), then one round of interleaved load. About 6 minutes after publishing. Extra arguments go
# to the bench and override these, e.g. --cold-starts 11 --warmup-seconds 60 --rounds 3.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/run-load.sh" \
  --targets slack-bot-native,slack-bot,slack-bot-jit,discord-bot-native,discord-bot,discord-bot-jit \
  --cold-starts 7 --rounds 1 --warmup-seconds 30 --requests 20000 --windows 4 --latency-requests 0 "$@"
