// Dead letters: the message, its error, and buttons to replay it (once a fix is deployed) or drop it.
import { api, confirmButton, el, emptyRow, errorText, fill, fmtTime, row, toast } from "./api.js";

let lastSeen = "";

export async function refreshDeadLetters(force) {
  const type = document.getElementById("dlType").value.trim();
  const r = await api("/v1/dead-letters?limit=100" + (type ? "&type=" + encodeURIComponent(type) : ""));
  const tbody = document.getElementById("deadLetters");
  if (!r.ok) { lastSeen = ""; return fill(tbody, emptyRow(errorText(r), 6)); }
  const seen = JSON.stringify(r.json);
  if (seen === lastSeen && !force) return;
  lastSeen = seen;
  const letters = r.json.deadLetters;
  document.getElementById("dlCount").textContent = letters.length + (r.json.next ? "+" : "");
  if (!letters.length) return fill(tbody, emptyRow("No dead letters.", 6));
  fill(tbody, letters.map((d) => {
    const replay = el("button", { className: "small", type: "button", "data-replay": d.messageId,
      onclick: () => act(d, "POST", "/replay", "Replayed") }, "Replay");
    const drop = confirmButton("Delete", "Delete?", () => act(d, "DELETE", "", "Deleted"));
    const error = el("td", { className: "error" }, el("b", {}, d.error.code + " "), d.error.message);
    const target = el("td", {}, el("code", {}, d.target), el("div", { className: "muted" }, "from " + d.source));
    const tr = row(target, error, fmtTime(d.eventTime), String(d.attempts), fmtTime(d.deadLetteredAt),
      el("td", { className: "actions" }, replay, drop));
    tr.setAttribute("data-message-id", d.messageId);
    return tr;
  }));
}

async function act(letter, method, suffix, done) {
  const r = await api("/v1/dead-letters/" + encodeURIComponent(letter.messageId) + suffix, { method });
  toast(r.ok ? done + " " + letter.messageId + " (" + letter.target + ")" : errorText(r), r.ok ? "ok" : "bad");
  refreshDeadLetters(true);
}

export function setUpDeadLetters() {
  document.getElementById("dlType").onchange = () => refreshDeadLetters(true);
}
