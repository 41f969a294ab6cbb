// What GET /v1/cluster tells: sources and their watermarks, key groups (a heat map of backlog and
// owner), members, subscriptions and egresses with their delivery status.
import { api, el, emptyRow, errorText, fill, fmtDuration, fmtNum, fmtTime, isEnd, isNone, row } from "./api.js";
import { svgEl } from "./chart.js";

const OWNER_COLORS = ["#2f6fec", "#e67e22", "#16a085", "#8e44ad", "#c0392b", "#7f8c8d", "#d4ac0d", "#2c3e50"];
const statuses = new Map(); // source name -> GET /v1/ingress/{source}

export async function refreshCluster() {
  const r = await api("/v1/cluster");
  if (!r.ok) {
    const text = errorText(r);
    fill(document.getElementById("sources"), emptyRow(text, 5));
    fill(document.getElementById("members"), emptyRow(text, 5));
    return;
  }
  const view = r.json;
  document.getElementById("mode").textContent = view.mode || "";
  await sources(view);
  heatMap(view);
  members(view);
  connectors(view);
}

async function sources(view) {
  const tbody = document.getElementById("sources");
  const names = (view.sources || []).map((s) => s.name);
  (view.subscriptions || []).forEach((s) => { if (!names.includes(s.name)) names.push(s.name); });
  if (!names.length) return fill(tbody, emptyRow("No source has sent anything yet.", 5));
  // Each source's own status says what /v1/cluster does not: pending events and whether it finished.
  await Promise.all(names.slice(0, 50).map(async (name) => {
    const s = await api("/v1/ingress/" + encodeURIComponent(name));
    if (s.ok) statuses.set(name, s.json);
  }));
  const now = Date.now();
  fill(tbody, names.map((name) => {
    const status = statuses.get(name) || {};
    const listed = (view.sources || []).find((s) => s.name === name) || {};
    const watermark = status.watermark !== undefined ? status.watermark : listed.watermark;
    const lag = watermark === undefined || isEnd(watermark) || isNone(watermark) || watermark < 1e11
      ? null : now - watermark;
    const finished = status.finished
      ? el("span", { className: "badge ok" }, "finished")
      : el("span", { className: "badge" + (listed.idle ? " idle" : " live") }, listed.idle ? "idle" : "running");
    const tr = row(name, el("td", { className: "watermark" }, fmtTime(watermark)),
      lag === null ? "–" : fmtDuration(lag), fmtNum(status.pending), el("td", {}, finished));
    tr.setAttribute("data-source", name);
    tr.setAttribute("data-watermark", String(watermark));
    return tr;
  }));
}

function ownersOf(view) {
  const count = view.keyGroups || 0;
  const owners = new Array(count).fill(view.owner || "");
  (view.leases || []).forEach((l) => { owners[l.keyGroup] = l.owner; });
  return owners;
}

function heatMap(view) {
  const count = view.keyGroups || 0;
  const svg = document.getElementById("heatMap");
  const backlog = new Array(count).fill(0);
  (view.busyKeyGroups || []).forEach((kg) => { backlog[kg.keyGroup] = kg.backlog; });
  const owners = ownersOf(view);
  const distinct = [...new Set(owners.filter(Boolean))].sort();
  const colorOf = (owner) => owner ? OWNER_COLORS[distinct.indexOf(owner) % OWNER_COLORS.length] : "#bbb";
  const max = Math.max(1, ...backlog);
  const cols = Math.ceil(Math.sqrt(count)) || 1;
  const cell = 18;
  svg.setAttribute("viewBox", "0 0 " + cols * cell + " " + Math.ceil(count / cols) * cell);
  const cells = [];
  for (let kg = 0; kg < count; kg++) {
    const x = (kg % cols) * cell, y = Math.floor(kg / cols) * cell;
    // Heat by log of backlog, so a group with 10 stands out beside one with 10,000.
    const heat = backlog[kg] > 0 ? 0.25 + 0.75 * Math.log(1 + backlog[kg]) / Math.log(1 + max) : 0;
    const g = svgEl("g", { "data-key-group": kg, "data-backlog": backlog[kg], "data-owner": owners[kg] });
    g.append(
      svgEl("rect", { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, rx: 2,
        fill: heat ? "hsl(" + Math.round(45 - 45 * heat) + ",90%," + Math.round(85 - 40 * heat) + "%)" : "#eef1f5" }),
      svgEl("rect", { x: x + 1, y: y + cell - 3, width: cell - 2, height: 2, fill: colorOf(owners[kg]) }));
    const title = svgEl("title");
    title.textContent = "key group " + kg + " · owner " + (owners[kg] || "none") + " · backlog " + backlog[kg];
    g.append(title);
    cells.push(g);
  }
  svg.replaceChildren(...cells);
  const total = backlog.reduce((a, b) => a + b, 0);
  fill(document.getElementById("heatLegend"),
    el("span", {}, fmtNum(count) + " key groups · " + fmtNum(total) + " in backlog · max " + fmtNum(Math.max(...backlog, 0))),
    distinct.map((o) => { const i = el("i"); i.style.background = colorOf(o); return el("span", {}, i, o); }));
}

function members(view) {
  const tbody = document.getElementById("members");
  const owners = ownersOf(view);
  const nodes = view.nodes || [];
  if (!nodes.length) return fill(tbody, emptyRow("No members.", 5));
  fill(tbody, nodes.map((n) => {
    const held = Array.isArray(n.keyGroups) ? n.keyGroups.length : owners.filter((o) => o === n.id).length;
    const reachable = n.reachable === false ? el("span", { className: "badge bad" }, "unreachable") : el("span", { className: "badge ok" }, "up");
    return row(n.id, (n.roles || [n.role]).join(", "), n.endpoint || "in process", fmtNum(held), el("td", {}, reachable));
  }));
}

function connectors(view) {
  const subs = document.getElementById("subscriptions");
  const list = view.subscriptions || [];
  fill(subs, list.length ? list.map((s) => row(s.name || s.subscriptionId, s.source, s.target,
    fmtTime(s.watermark), fmtNum(s.lag))) : [emptyRow("No Kafka subscriptions.", 5)]);
  const egresses = document.getElementById("egresses");
  const names = Object.keys(view.egresses || {});
  fill(egresses, names.length ? names.map((name) => {
    const e = view.egresses[name];
    const state = e.lastError ? el("span", { className: "badge bad", title: e.lastError }, "failing")
      : e.pending > 0 ? el("span", { className: "badge" }, "delivering") : el("span", { className: "badge ok" }, "delivered");
    return row(name, e.kind, fmtNum(e.delivered), fmtNum(e.pending), fmtNum(e.deadLettered), el("td", {}, state));
  }) : [emptyRow("No configured egresses (log egresses need none: tail them below).", 6)]);
}
