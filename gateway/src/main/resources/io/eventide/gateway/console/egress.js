// The egress tail: follows a log egress from where it ends now, like tail -f.
import { api, el, errorText, fill, fmtTime } from "./api.js";

const KEEP = 200;
const CATCH_UP_PAGES = 20;
let name = null;
let next = 0;
let records = [];

export async function refreshEgress() {
  if (!name) return;
  const out = document.getElementById("egressRecords");
  const following = name;
  // Pages forward to the end; only the last KEEP records are shown.
  for (let page = 0; page < CATCH_UP_PAGES; page++) {
    const r = await api("/v1/egress/" + encodeURIComponent(following) + "?from=" + next + "&limit=1000");
    if (following !== name) return;
    if (!r.ok) return fill(out, el("li", { className: "empty" }, errorText(r)));
    records.push(...r.json.records);
    next = r.json.next;
    if (r.json.records.length < 1000) break;
  }
  if (records.length > KEEP) records = records.slice(records.length - KEEP);
  document.getElementById("egressNext").textContent = "next offset " + next;
  if (!records.length) return fill(out, el("li", { className: "empty" }, "No records yet; waiting for more."));
  fill(out, [...records].reverse().map((rec) => el("li", { "data-offset": rec.offset },
    el("span", { className: "muted" }, "#" + rec.offset + " · " + fmtTime(rec.eventTime) + " "),
    el("code", {}, rec.payload))));
}

export function setUpEgress() {
  document.getElementById("egressForm").onsubmit = (e) => {
    e.preventDefault();
    const wanted = document.getElementById("egressName").value.trim();
    name = wanted || null;
    next = 0;
    records = [];
    fill(document.getElementById("egressRecords"), el("li", { className: "empty" }, "Loading…"));
    refreshEgress();
  };
}
