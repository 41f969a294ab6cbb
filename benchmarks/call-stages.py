#!/usr/bin/env python3
"""Where a call's time goes, from the node's own traces: an OTLP/HTTP receiver that keeps the
spans, and a report that splits each call's POST span into its stages (see call-stages.sh).

  call-stages.py sink --port P --out FILE   # receive OTLP/HTTP protobuf exports on 127.0.0.1:P
      # and append one line per span to FILE: service trace span parent name start end (ns) and
      # the trace ids the span links to (a batch commit's messages), comma-separated, or -
  call-stages.py report FILE [--last N]     # the stages of the last N calls (by start): their
      # percentiles, and what the slowest 1% spent in each

A call's stages, in a standalone node (docs/decisions/tracing.md names the spans), partition the
POST span exactly:
  gateway       POST start -> enqueue start   (parse, route)
  shard wait    enqueue start -> invoke start (until the shard takes the call into a batch)
  to the lane   invoke start -> handle start  (the batch handed to the worker's lane)
  handler       handle start -> handle end
  to the commit handle end -> commit start    (the result back to the shard, the batch's commit built
                                               and handed to the store)
  commit, reply commit start -> POST end      (the store's commit durable, the caller answered)
The commit is the batch's `commit` span, found through its links to the calls' traces.
"""
import argparse
import collections
import http.server
import struct
import sys
import threading

STAGES = ("gateway", "shard wait", "to the lane", "handler", "to the commit", "commit, reply")


def varint(b, i):
    value = shift = 0
    while True:
        c = b[i]
        i += 1
        value |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return value, i


def fields(b):
    """(field number, value) of one protobuf message: ints for varints and fixed, bytes else."""
    i, n = 0, len(b)
    while i < n:
        key, i = varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(b, i)
        elif wire == 1:
            value = struct.unpack_from("<Q", b, i)[0]
            i += 8
        elif wire == 5:
            value = struct.unpack_from("<I", b, i)[0]
            i += 4
        elif wire == 2:
            length, i = varint(b, i)
            value = b[i:i + length]
            i += length
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, value


def service_name(resource):
    for number, attribute in fields(resource):
        if number != 1:
            continue
        key = value = None
        for f, x in fields(attribute):
            if f == 1:
                key = x.decode()
            elif f == 2:
                value = next((y.decode() for h, y in fields(x) if h == 1), None)
        if key == "service.name":
            return value or "?"
    return "?"


def span_lines(body):
    """ExportTraceServiceRequest -> resource_spans -> scope_spans -> spans, one line each."""
    for number, resource_spans in fields(body):
        if number != 1:
            continue
        service = "?"
        for f, x in fields(resource_spans):
            if f == 1:
                service = service_name(x)
            elif f == 2:
                for g, span in fields(x):
                    if g != 2:
                        continue
                    s = {}
                    links = []
                    for k, v in fields(span):
                        if k == 13:
                            links.extend(t.hex() for h, t in fields(v) if h == 1)
                        else:
                            s[k] = v
                    yield "%s %s %s %s %s %d %d %s\n" % (
                        service,
                        s.get(1, b"").hex(),
                        s.get(2, b"").hex(),
                        s.get(4, b"").hex() or "-",
                        s.get(5, b"").decode().replace(" ", "_"),
                        s.get(7, 0),
                        s.get(8, 0),
                        ",".join(links) or "-",
                    )


def sink(port, out_path):
    out = open(out_path, "a")
    lock = threading.Lock()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            lines = list(span_lines(body))
            with lock:
                out.writelines(lines)
                out.flush()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()


def calls(path):
    """Per call whose spans all arrived: its start, its total and its stages (ns)."""
    traces = collections.defaultdict(dict)
    for line in open(path):
        parts = line.split()
        if len(parts) != 8:
            continue
        kind = parts[4].split("_")[0]
        if kind in ("POST", "enqueue", "invoke", "handle"):
            traces[parts[1]][kind] = (int(parts[5]), int(parts[6]))
        elif kind == "commit":
            for trace in parts[7].split(","):
                traces[trace]["commit"] = (int(parts[5]), int(parts[6]))
    rows = []
    for spans in traces.values():
        if len(spans) < 5:
            continue
        post, enqueue, invoke, handle, commit = (
            spans[k] for k in ("POST", "enqueue", "invoke", "handle", "commit"))
        stages = (
            enqueue[0] - post[0],
            invoke[0] - enqueue[0],
            handle[0] - invoke[0],
            handle[1] - handle[0],
            commit[0] - handle[1],
            post[1] - commit[0],
        )
        rows.append((post[0], post[1] - post[0], stages))
    rows.sort()
    return rows


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def report(path, last):
    rows = calls(path)
    if last:
        rows = rows[-last:]
    if not rows:
        sys.exit("no complete call traces in " + path)
    totals = sorted(r[1] for r in rows)
    ms = 1e6
    print("%d calls: total p50 %.3f p90 %.3f p99 %.3f p999 %.3f ms" % (
        len(rows), *(percentile(totals, q) / ms for q in (0.5, 0.9, 0.99, 0.999))))
    for s, name in enumerate(STAGES):
        values = sorted(r[2][s] for r in rows)
        print("  %-14s p50 %7.3f p90 %7.3f p99 %7.3f ms" % (
            name, *(percentile(values, q) / ms for q in (0.5, 0.9, 0.99))))
    threshold = percentile(totals, 0.99)
    slow = [r for r in rows if r[1] >= threshold]
    print("the slowest 1%% (%d calls, %.3f ms or more): mean %.3f ms, of which" % (
        len(slow), threshold / ms, sum(r[1] for r in slow) / len(slow) / ms))
    dominant = collections.Counter(max(range(len(STAGES)), key=lambda s: r[2][s]) for r in slow)
    for s, name in enumerate(STAGES):
        print("  %-14s %7.3f ms, the largest stage of %d of them" % (
            name, sum(r[2][s] for r in slow) / len(slow) / ms, dominant[s]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("sink")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--out", required=True)
    r = commands.add_parser("report")
    r.add_argument("file")
    r.add_argument("--last", type=int, default=0)
    args = parser.parse_args()
    if args.command == "sink":
        sink(args.port, args.out)
    else:
        report(args.file, args.last)


if __name__ == "__main__":
    main()
