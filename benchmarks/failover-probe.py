#!/usr/bin/env python3
"""Failover probe for cluster.sh: calls to KEYS counter keys (spread over the key groups) through a
gateway, all at once, one thread a key, each retried with its idempotency key until it answers 200.

  failover-probe.py --port P --keys 32 warm              # until every key answered once
  failover-probe.py --port P --keys 32 --signal KILL --pid N round
      # every key called in a closed loop, each call retried with its idempotency key until it
      # answers 200; after a second, the signal; prints "<a> ms, longest call <b> ms (before: <c>
      # ms), <n> failed calls": a, from the signal until a call begun after it had answered for
      # every key; b, the longest call that ended after the signal (what a caller waited); c, the
      # same before it; n, answers other than 200 (or none) after the signal
  failover-probe.py --port P --keys 32 round             # the same without a signal: the
      # floor under the figures above
  failover-probe.py --port P --keys 32 --pace 160 ...    # each key's calls begin every 160 ms
      # (32 keys: 200 calls/s) instead of back to back: the cluster is not saturated, so the
      # longest call across the stop shows what the hand-over itself costs a caller

One process with warm keep-alive connections, so the figure is the cluster's, not the cost of
starting curl 32 times on two shared cores.
"""
import argparse
import http.client
import os
import signal
import sys
import threading
import time


def call(conn_box, port, key, idem):
    """One call; returns the status (0: no answer). Reconnects after a broken connection."""
    try:
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn = conn_box[0]
        conn.request(
            "POST",
            "/v1/call/example/counter/%s?timeout=5s" % key,
            body=b"1",
            headers={"Content-Type": "application/json", "Idempotency-Key": idem},
        )
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        if conn_box[0] is not None:
            conn_box[0].close()
        conn_box[0] = None
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--keys", type=int, default=32)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--signal", choices=["KILL", "TERM"])
    parser.add_argument("--deadline", type=float, default=60.0)
    parser.add_argument("--lead", type=float, default=1.0, help="seconds of calls before the signal")
    parser.add_argument(
        "--pace", type=float, default=0.0, help="ms from one call's start to the next per key (0: back to back)"
    )
    parser.add_argument("mode", choices=["warm", "round"])
    args = parser.parse_args()

    keys = ["probe-%d" % i for i in range(1, args.keys + 1)]
    conns = {k: [None] for k in keys}
    tag = "%d-%d" % (os.getpid(), time.time_ns())
    if args.mode == "warm":
        for k in keys:
            n = 0
            while call(conns[k], args.port, k, "warm-%s-%s-%d" % (tag, k, n)) != 200:
                n += 1
                time.sleep(0.1)
        return 0

    # Every key is called in a closed loop from before the signal until after it answered again;
    # a call is retried with its idempotency key until it answers 200, and counts as one call.
    for k in keys:
        call(conns[k], args.port, k, "pre-%s-%s" % (tag, k))
    calls = {k: [] for k in keys}  # (start, end) of each call
    failed = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def probe(k, i):
        n = 0
        # Keys start staggered over one pace, so that paced calls arrive evenly, not 32 at once.
        due = time.monotonic() + i * args.pace / 1000.0 / len(keys)
        while not stop.is_set():
            # Paced: calls begin on a fixed schedule, late ones at once; the wait is the load's
            # pacing, not synchronisation.
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            due = max(due, time.monotonic()) + args.pace / 1000.0
            begun = time.monotonic()
            idem = "round-%s-%s-%d" % (tag, k, n)
            n += 1
            while call(conns[k], args.port, k, idem) != 200:
                with lock:
                    failed[0] += 1
                if stop.is_set():
                    return
                time.sleep(0.02)
            with lock:
                calls[k].append((begun, time.monotonic()))

    threads = [threading.Thread(target=probe, args=(k, i), daemon=True) for i, k in enumerate(keys)]
    for t in threads:
        t.start()
    time.sleep(args.lead)
    with lock:
        failed[0] = 0
    t0 = time.monotonic()
    if args.signal:
        os.kill(args.pid, getattr(signal, "SIG" + args.signal))

    def answered_again(k):
        after = [e for b, e in calls[k] if b >= t0]
        return min(after) if after else None

    while time.monotonic() - t0 < args.deadline:
        with lock:
            if all(answered_again(k) is not None for k in keys):
                break
        time.sleep(0.01)
    time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(10)
    with lock:
        again = [answered_again(k) for k in keys]
        before = [e - b for k in keys for b, e in calls[k] if e < t0]
        across = [e - b for k in keys for b, e in calls[k] if e >= t0]
        if None in again:
            print("none: %d keys never answered, %d failed calls" % (again.count(None), failed[0]))
            return 1
        print(
            "%d ms, longest call %d ms (before: %d ms), %d failed calls"
            % (
                round((max(again) - t0) * 1000),
                round(max(across) * 1000),
                round(max(before or [0]) * 1000),
                failed[0],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
