#!/usr/bin/env python3
"""Per-request CPU of two servers from one `perf record -C 0` over an interleaved load run.

Dividing a process's samples by the samples of a frame both servers run once per request assumes that frame costs
the same in both; it does not (bench/README.md, "Profiling the Slack /il6 path"). The bench loads one target at a
time, in windows of a known number of requests, so this script cuts the recording into those windows instead: each
0.1 s goes to the server that ran most in it, a run of such slices is one window, and a server's samples inside its
own windows divided by the requests those windows served is its cost per request.

    perf script -i perf.data -F pid,time,ip,sym,dso > script.txt
    python3 bench/perf-windows.py script.txt --bot PID --floor PID --window-requests 112500

--window-requests is N / 8 for `--requests N` (8 interleaved windows). The first window seen and a last one shorter
than half the others are dropped: perf may have started or stopped inside them. Printed: cost per request of each,
their ratio, self time by binary (kernel, JIT-compiled code, native libraries) and the frames whose inclusive cost
differs most, all as a share of the floor's cost per request. Self time is exact; inclusive time is not where a
stack passes through native code built without frame pointers (libc's send(), libcrypto): the walk stops there, so
the managed frames above such a call are missing from it.
"""
import argparse
import collections
import re

TIER = re.compile(r"\[(OptimizedTier1|Optimized|PreJIT|Tier0|Tier1|QuickJitted|InstrumentedTier1|Instrumented)\]")


def samples(path):
    """Yields (pid, time, [(symbol, binary), ...] innermost first) per sample."""
    head, stack = None, []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                if head:
                    yield head[0], head[1], stack
                head, stack = None, []
            elif not line[0].isspace():
                pid, time = line.split()[:2]
                head, stack = (pid, float(time.rstrip(":"))), []
            else:
                frame = line.strip().split(None, 1)[-1]
                binary = frame[frame.rfind("(") + 1:-1] if frame.endswith(")") else "?"
                symbol = TIER.sub("", frame[:frame.rfind(" (")] if frame.endswith(")") else frame).strip()
                binary = binary.rsplit("/", 1)[-1]
                stack.append((symbol, "JIT-compiled code" if binary.startswith("perf-") else binary))
    if head:
        yield head[0], head[1], stack


def windows(path, pids):
    per_slice = collections.defaultdict(collections.Counter)
    for pid, time, _ in samples(path):
        if pid in pids:
            per_slice[int(time * 10)][pid] += 1
    runs = []
    for tick in sorted(per_slice):
        owner, count = per_slice[tick].most_common(1)[0]
        if count < 20:
            continue
        if runs and runs[-1][2] == owner and tick - runs[-1][1] <= 2:
            runs[-1][1] = tick
        else:
            runs.append([tick, tick, owner])
    runs = runs[1:]
    longest = max(r[1] - r[0] for r in runs)
    if runs and runs[-1][1] - runs[-1][0] < longest / 2:
        runs = runs[:-1]
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("script")
    parser.add_argument("--bot", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--window-requests", type=int, required=True)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    names = {args.bot: "bot", args.floor: "floor"}
    runs = windows(args.script, set(names))
    owner_at = {t: r[2] for r in runs for t in range(r[0], r[1] + 1)}
    requests = collections.Counter()
    for run in runs:
        requests[names[run[2]]] += args.window_requests

    total = collections.Counter()
    by_binary = {n: collections.Counter() for n in names.values()}
    inclusive = {n: collections.Counter() for n in names.values()}
    own = {n: collections.Counter() for n in names.values()}
    for pid, time, stack in samples(args.script):
        if not stack or owner_at.get(int(time * 10)) != pid:
            continue
        name = names[pid]
        total[name] += 1
        by_binary[name][stack[0][1]] += 1
        own[name][stack[0][0]] += 1
        for symbol in {s for s, _ in stack}:
            inclusive[name][symbol] += 1

    cost = {n: total[n] / requests[n] for n in names.values()}
    floor = cost["floor"]

    def share(name, count):
        return 100 * count / requests[name] / floor

    print(f"windows: {sum(1 for r in runs if names[r[2]] == 'bot')} bot, {sum(1 for r in runs if names[r[2]] == 'floor')} floor")
    print(f"samples per 1,000 requests: bot {1000 * cost['bot']:.1f}, floor {1000 * floor:.1f}; bot ÷ floor by cost {floor / cost['bot']:.2f}")
    print("\nself time by binary, % of the floor's cost per request (bot, floor, difference):")
    for binary in sorted(set(by_binary["bot"]) | set(by_binary["floor"]), key=lambda b: -(by_binary["bot"][b] + by_binary["floor"][b])):
        b, f = share("bot", by_binary["bot"][binary]), share("floor", by_binary["floor"][binary])
        if b + f >= 0.2:
            print(f"  {b:6.1f} {f:6.1f} {b - f:+6.1f}  {binary}")
    for title, counts in (("self", own), ("inclusive", inclusive)):
        print(f"\nframes whose {title} cost differs most, % of the floor's cost per request (bot, floor, difference):")
        symbols = set(counts["bot"]) | set(counts["floor"])
        rows = sorted(((share("bot", counts["bot"][s]), share("floor", counts["floor"][s]), s) for s in symbols), key=lambda r: -abs(r[0] - r[1]))
        for b, f, symbol in rows[:args.top]:
            print(f"  {b:6.1f} {f:6.1f} {b - f:+6.1f}  {symbol[:140]}")


if __name__ == "__main__":
    main()
