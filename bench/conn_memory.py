#!/usr/bin/env python3
"""Measures workerd's resident memory (VmRSS) with N held mTLS connections and after they close.

    python3 bench/conn_memory.py --workerd target/release/workerd --n 10000 --port http

Starts a workerd of its own on a temporary data directory (development PKI, ports from the OS,
WORKER_MAX_CONNECTIONS above N), opens N connections with the development admin certificate
(for `http`: each sends one GET /admin/v1/health and keeps the connection; for `grpc`: the TLS
handshake with ALPN h2), holds them, closes them, and prints VmRSS from /proc at each step.
Only the standard library is used. Extra environment for workerd is passed through; set
WORKER_IDLE_TIMEOUT above the time opening N connections takes (1h, say), or the first ones
are closed as idle before the last are open.
"""

import argparse
import asyncio
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def open_one(port, ctx, http, held):
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=ctx, server_hostname="localhost"
    )
    if http:
        writer.write(b"GET /admin/v1/health HTTP/1.1\r\nhost: localhost\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
        await reader.readexactly(length)
    held.append(writer)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workerd", default="target/debug/workerd")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--port", choices=["http", "grpc"], default="http")
    ap.add_argument("--settle", type=float, default=5.0, help="seconds to wait after closing")
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="conn-memory-")
    env = dict(os.environ)
    env.update(
        WORKER_DATA_DIR=data,
        WORKER_ADMIN_GRPC_ADDR="127.0.0.1:0",
        WORKER_ADMIN_HTTP_ADDR="127.0.0.1:0",
        WORKER_MAX_CONNECTIONS=str(args.n + 100),
        WORKER_LOG="warn,worker_server::server=info",
        NO_COLOR="1",
    )
    proc = subprocess.Popen(
        [args.workerd, "--no-worker"], env=env, stderr=subprocess.PIPE, text=True
    )
    ports = {}
    for line in proc.stderr:
        for key in ("grpc", "http"):
            m = re.search(rf"\b{key}=[\d.]+:(\d+)", line)
            if m:
                ports[key] = int(m.group(1))
        if "workerd ready" in line:
            break
    port = ports[args.port]
    pki = os.path.join(data, "pki")
    ctx = ssl.create_default_context(cafile=os.path.join(pki, "ca.pem"))
    ctx.load_cert_chain(os.path.join(pki, "admin.pem"), os.path.join(pki, "admin-key.pem"))
    ctx.set_alpn_protocols(["http/1.1"] if args.port == "http" else ["h2"])

    time.sleep(1)
    print(f"workerd pid {proc.pid}, {args.port} port {port}")
    print(f"idle:                 {rss_kib(proc.pid) / 1024:8.1f} MiB")
    held = []
    started = time.time()
    batch = 200
    for i in range(0, args.n, batch):
        await asyncio.gather(
            *(open_one(port, ctx, args.port == "http", held) for _ in range(min(batch, args.n - i)))
        )
    await asyncio.sleep(1)
    with_conns = rss_kib(proc.pid)
    print(
        f"{len(held)} held:          {with_conns / 1024:8.1f} MiB"
        f"  (opened in {time.time() - started:.1f} s)"
    )
    for w in held:
        w.close()
    await asyncio.gather(*(w.wait_closed() for w in held), return_exceptions=True)
    held.clear()
    await asyncio.sleep(args.settle)
    print(f"{args.settle:.0f} s after closing:  {rss_kib(proc.pid) / 1024:8.1f} MiB")
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    asyncio.run(main())
