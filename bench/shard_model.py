#!/usr/bin/env python3
"""A discrete-event model of `docs/scaling.md`'s sharded Redis layout.

Standard library only. It simulates a burn-down of noop tasks by N `workerd` nodes against S
Redis shards (each one single-threaded server, as a Redis primary is) plus one control slot,
with the per-operation Redis CPU costs measured by `workerbench` (SLOWLOG / INFO CPU), and
prints tasks per second for each (S, N), so the curve the design would give can be read
beside the curve measured today (S = 1 is today's layout: one slot for everything).

    python3 bench/shard_model.py                     # the costs measured today
    python3 bench/shard_model.py --lease-task 25 --complete 25 --rate-limit

The defaults are today's figures: `workerbench`'s Redis CPU per task at c=100 (39 µs for
enqueue, lease and completion, from `INFO CPU`; split 18.5/20.5 in the proportion `SLOWLOG`
splits lease and completion scripts) and a node's own CPU per task (about 15% of a core at 5,300 tasks/s, `docs/redis.md`).
The model gives each shard and each node cores of their own, as a production deployment has;
on one 2-core machine everything shares two cores, so the measured curve there cannot rise.
"""

import argparse
import heapq
import itertools
import random


def simulate(shards, nodes, args, seed=1):
    """Returns (tasks per second, busiest shard's utilisation, control slot's utilisation)."""
    rng = random.Random(seed)
    queues = args.queues
    # Queue q lives on shard q % shards (the shard map's default spreads names evenly).
    backlog = [args.tasks // queues] * queues
    shard_free_at = [0.0] * shards
    shard_busy = [0.0] * shards
    control_free_at = 0.0
    control_busy = 0.0
    seq = itertools.count()
    events = []  # (time µs, seq, kind, node, payload)
    done = 0
    finish = 0.0

    def serve(shard, at, cost):
        """FIFO single-threaded server: returns when a script sent at `at` finishes."""
        start = max(at, shard_free_at[shard])
        shard_free_at[shard] = start + cost
        shard_busy[shard] += cost
        return start + cost

    def serve_control(at, cost):
        nonlocal control_free_at, control_busy
        start = max(at, control_free_at)
        control_free_at = start + cost
        control_busy += cost
        return start + cost

    free = [args.concurrency] * nodes
    node_cpu_free_at = [[0.0] * args.node_cores for _ in range(nodes)]
    plan_cursor = [rng.randrange(queues) for _ in range(nodes)]
    polling = [False] * nodes

    def node_cpu(node, at, cost):
        cores = node_cpu_free_at[node]
        i = min(range(len(cores)), key=lambda c: cores[c])
        start = max(at, cores[i])
        cores[i] = start + cost
        return start + cost

    def lease_round(node, at):
        """One lease round: the weighted plan is round-robin over queues with a backlog;
        one script per shard the plan touches, sent back to back (pipelined)."""
        want = free[node]
        if want < args.batch_min and want < args.concurrency:
            polling[node] = False
            return
        if sum(backlog) == 0:
            polling[node] = False
            return
        polling[node] = True
        t = node_cpu(node, at, args.node_round)
        if args.rate_limit:
            t = serve_control(t + args.rtt / 2, args.rate_take) + args.rtt / 2
        per_shard = {}
        q = plan_cursor[node]
        taken = 0
        tries = 0
        while taken < want and tries < queues:
            if backlog[q] > 0:
                k = min(backlog[q], max(1, (want - taken) // max(1, sum(1 for b in backlog if b > 0))))
                backlog[q] -= k
                taken += k
                per_shard.setdefault(q % shards, []).append(k)
                tries = 0
            else:
                tries += 1
            q = (q + 1) % queues
        plan_cursor[node] = q
        free[node] -= taken
        last = t
        for shard, counts in per_shard.items():
            n = sum(counts)
            back = serve(shard, t + args.rtt / 2, args.lease_fixed + args.lease_task * n) + args.rtt / 2
            last = max(last, back)
            for _ in range(n):
                heapq.heappush(events, (back, next(seq), "run", node, shard))
        heapq.heappush(events, (last, next(seq), "round", node, None))

    for node in range(nodes):
        heapq.heappush(events, (rng.random() * 100, next(seq), "round", node, None))

    while events:
        at, _, kind, node, shard = heapq.heappop(events)
        if kind == "round":
            lease_round(node, at)
        elif kind == "run":
            ran = node_cpu(node, at, args.node_task)
            acked = serve(shard, ran + args.rtt / 2, args.complete) + args.rtt / 2
            heapq.heappush(events, (acked, next(seq), "acked", node, shard))
        elif kind == "acked":
            done += 1
            finish = max(finish, at)
            free[node] += 1
            if not polling[node]:
                lease_round(node, at)
    seconds = finish / 1e6
    return (
        done / seconds,
        max(shard_busy) / finish,
        control_busy / finish,
    )


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tasks", type=int, default=30_000)
    p.add_argument("--queues", type=int, default=24)
    p.add_argument("--concurrency", type=int, default=64, help="task slots per node")
    p.add_argument("--batch-min", type=int, default=8, help="free slots before a node leases again")
    p.add_argument("--node-cores", type=int, default=2)
    p.add_argument("--node-task", type=float, default=30.0, help="node CPU per task, µs")
    p.add_argument("--node-round", type=float, default=40.0, help="node CPU per lease round, µs")
    p.add_argument("--lease-fixed", type=float, default=25.0, help="Redis CPU per lease script, µs")
    p.add_argument("--lease-task", type=float, default=18.5, help="Redis CPU per leased task, µs")
    p.add_argument("--complete", type=float, default=20.5, help="Redis CPU per completion, µs")
    p.add_argument("--rate-take", type=float, default=12.0, help="control-slot CPU to take rate tokens, µs")
    p.add_argument("--rate-limit", action="store_true", help="a global rate limit is configured")
    p.add_argument("--rtt", type=float, default=100.0, help="network round trip, µs")
    p.add_argument("--max-shards", type=int, default=6)
    p.add_argument("--max-nodes", type=int, default=6)
    args = p.parse_args()
    print(
        f"model: {args.tasks} noop tasks over {args.queues} queues; per task Redis CPU "
        f"{args.lease_task:.0f} µs lease + {args.complete:.0f} µs completion; "
        f"node {args.node_cores} cores, {args.node_task:.0f} µs per task; rtt {args.rtt:.0f} µs"
        + ("; global rate limit on (tokens taken per round)" if args.rate_limit else "")
    )
    header = "shards \\ nodes " + "".join(f"{n:>9}" for n in range(1, args.max_nodes + 1))
    print(header)
    for s in range(1, args.max_shards + 1):
        row = []
        util = None
        for n in range(1, args.max_nodes + 1):
            rate, busiest, control = simulate(s, n, args)
            row.append(f"{rate:>9.0f}")
            util = (busiest, control)
        print(f"{s:>14} " + "".join(row) + f"   (at {args.max_nodes} nodes: busiest shard {util[0]:.0%}, control slot {util[1]:.1%})")


if __name__ == "__main__":
    main()
