#!/usr/bin/env python3
"""Measures workerd's resident memory (VmRSS) per SSE subscriber while events flow.

    python3 bench/sse_memory.py --workerd target/debug/workerd --n 1000 [--kind alert]

Starts `workerd --demo` of its own on a temporary data directory (development PKI, ports from
the OS, SQLite, its feed at --feed tasks a second), waits --settle seconds, then opens N
HTTP/1.1 mTLS connections (ALPN http/1.1, one TLS connection each) with the development admin
certificate, each a `GET /admin/v1/events` (`?kind=` if given) read continuously, and prints
VmRSS before and 8 s / 16 s after the last connected, per subscriber, and the events each got
a second. Only the standard library is used; pass WORKER_* variables through the environment.
"""

import argparse
import asyncio
import os
import re
import signal
import ssl
import subprocess
import tempfile
import threading
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def subscribe(port, ctx, path, counts, i, connected):
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=ctx, server_hostname="localhost"
    )
    writer.write(
        f"GET {path} HTTP/1.1\r\nhost: localhost\r\naccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head[:200])
    connected.append(writer)
    tail = b""
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        data = tail + chunk
        counts[i] += data.count(b"\n\n")
        tail = data[-1:]


async def change_weights(port, ctx, rate, sent):
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=ctx, server_hostname="localhost"
    )
    start = time.time()
    while True:
        sent[0] += 1
        body = b'{"weight": %d}' % (1 + sent[0] % 50)
        writer.write(
            b"POST /admin/v1/queues/default/weight HTTP/1.1\r\nhost: localhost\r\n"
            b"content-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head[:300])
        length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
        await reader.readexactly(length)
        await asyncio.sleep(max(0.0, start + sent[0] / rate - time.time()))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workerd", default="target/debug/workerd")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--kind", default="")
    ap.add_argument("--feed", type=int, default=50, help="WORKER_DEMO_FEED, tasks a second")
    ap.add_argument("--settle", type=float, default=4.0)
    ap.add_argument(
        "--weights",
        type=float,
        default=25.0,
        help="queue weight changes a second over the gateway (each a queue_changed and an audit event)",
    )
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="sse-memory-")
    env = dict(os.environ)
    env.update(
        WORKER_DATA_DIR=data,
        WORKER_ADMIN_GRPC_ADDR="127.0.0.1:0",
        WORKER_ADMIN_HTTP_ADDR="127.0.0.1:0",
        WORKER_MAX_CONNECTIONS=str(args.n + 100),
        WORKER_DEMO_FEED=str(args.feed),
        WORKER_LOG="warn,worker_server::server=info",
        NO_COLOR="1",
    )
    proc = subprocess.Popen(
        [args.workerd, "--demo"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    port = None
    for line in proc.stderr:
        m = re.search(r"\bhttp=[\d.]+:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    # Keep draining the log so the process never blocks on a full pipe.
    def drain():
        seen = set()
        for line in proc.stderr:
            if line.startswith("SIZE") and line not in seen:
                seen.add(line)
                print(line.strip())

    threading.Thread(target=drain, daemon=True).start()
    pki = os.path.join(data, "pki")
    ctx = ssl.create_default_context(cafile=os.path.join(pki, "ca.pem"))
    ctx.load_cert_chain(os.path.join(pki, "admin.pem"), os.path.join(pki, "admin-key.pem"))
    ctx.set_alpn_protocols(["http/1.1"])

    await asyncio.sleep(args.settle)
    before = rss_kib(proc.pid)
    path = "/admin/v1/events" + (f"?kind={args.kind}" if args.kind else "")
    counts = [0] * args.n
    connected = []
    tasks = []
    started = time.time()
    for i in range(args.n):
        tasks.append(asyncio.create_task(subscribe(port, ctx, path, counts, i, connected)))
        if i % 50 == 49:
            while len(connected) < i - 100:
                await asyncio.sleep(0.01)
    while len(connected) < args.n:
        await asyncio.sleep(0.05)
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            raise failed[0].exception()
    print(f"pid {proc.pid} load {os.getloadavg()[0]:.2f} kind={args.kind or '-'} feed={args.feed}")
    print(f"before: {before / 1024:.1f} MiB; {args.n} connected in {time.time() - started:.1f} s")
    sent = [0]
    if args.weights > 0:
        tasks.append(asyncio.create_task(change_weights(port, ctx, args.weights, sent)))
    mark = sum(counts)
    t0 = time.time()
    out = []
    for at in (8, 16):
        await asyncio.sleep(t0 + at - time.time())
        rss = rss_kib(proc.pid)
        rate = (sum(counts) - mark) / args.n / (time.time() - t0)
        out.append((rss - before) / args.n)
        print(
            f"+{at:2d} s: {rss / 1024:.1f} MiB, {(rss - before) / args.n:.2f} KiB"
            f" per subscriber, {rate:.1f} events/s each ({sent[0]} weight changes)"
        )
    print("RESULT", " ".join(f"{x:.2f}" for x in out))
    for t in tasks:
        t.cancel()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    asyncio.run(main())
