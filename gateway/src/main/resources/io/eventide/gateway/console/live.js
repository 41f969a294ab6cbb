// Throughput and latency over the last two minutes, from /v1/metrics/summary sampled every second:
// rates and per-second latencies are differences of the node's cumulative counters and histograms.
import { api, fmtNum } from "./api.js";
import { drawChart, legend } from "./chart.js";

const WINDOW_MS = 120000;
const samples = []; // {time, counters, gauges, timers}, oldest first

function rate(name) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    const before = a.counters[name], after = b.counters[name];
    if (before === undefined || after === undefined) continue;
    const seconds = (b.time - a.time) / 1000;
    points.push([b.time, seconds > 0 ? Math.max(0, after - before) / seconds : null]);
  }
  return points;
}

/** Messages coming in: events of NDJSON batches plus single sends and calls. */
function inbound() {
  const events = new Map(rate("ingressEvents"));
  return rate("sendRequests").map(([t, v]) => [t, v === null ? null : v + (events.get(t) || 0)]);
}

/** The q-quantile of one timer over each sampling interval, from its histogram's differences. */
function quantile(name, q) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1].timers[name], b = samples[i].timers[name];
    if (!a || !b) continue;
    const total = b.count - a.count;
    if (total <= 0) { points.push([samples[i].time, null]); continue; }
    const before = new Map(a.buckets.map(([bound, n]) => [bound, n]));
    const wanted = q * total;
    const hit = b.buckets.find(([bound, n]) => n - (before.get(bound) || 0) >= wanted);
    points.push([samples[i].time, hit ? hit[0] : b.maxMillis]);
  }
  return points;
}

function mean(name) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1].timers[name], b = samples[i].timers[name];
    if (!a || !b) continue;
    const n = b.count - a.count;
    points.push([samples[i].time, n > 0 ? (b.totalMillis - a.totalMillis) / n : null]);
  }
  return points;
}

export async function refreshLive() {
  const r = await api("/v1/metrics/summary");
  const status = document.getElementById("liveStatus");
  if (!r.ok) { status.textContent = "metrics unavailable (" + r.status + ")"; return; }
  samples.push(r.json);
  while (samples.length > 2 && samples[0].time < r.json.time - WINDOW_MS - 2000) samples.shift();
  const now = r.json.time;
  const throughput = [
    { name: "processed/s", color: "#2f6fec", points: rate("processed") },
    { name: "in/s", color: "#1f9d55", points: inbound() },
    { name: "dead-lettered/s", color: "#d64545", points: rate("deadLettered") },
  ].filter((s) => s.points.length || samples.length < 2);
  const latency = [
    { name: "invocation p99", color: "#8e44ad", points: quantile("invocation", 0.99) },
    { name: "invocation mean", color: "#c39bd3", points: mean("invocation") },
    { name: "commit p99", color: "#e67e22", points: quantile("commit", 0.99) },
    { name: "request p99", color: "#16a085", points: quantile("ingressRequest", 0.99) },
  ].filter((s) => s.points.length || samples.length < 2);
  drawChart(document.getElementById("throughputChart"), throughput, WINDOW_MS, now);
  legend(document.getElementById("throughputLegend"), throughput, "");
  drawChart(document.getElementById("latencyChart"), latency, WINDOW_MS, now);
  legend(document.getElementById("latencyLegend"), latency, " ms");
  const c = r.json.counters, g = r.json.gauges;
  status.textContent = [
    c.processed !== undefined ? fmtNum(c.processed) + " processed" : null,
    g.backlog !== undefined ? fmtNum(g.backlog) + " in backlog" : null,
    c.deadLettered !== undefined ? fmtNum(c.deadLettered) + " dead-lettered" : null,
  ].filter(Boolean).join(" · ");
}
