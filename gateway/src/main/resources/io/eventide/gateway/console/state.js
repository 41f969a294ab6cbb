// The state browser: a function type's ids page by page, then one instance's values, maps and lists.
import { api, el, emptyRow, errorText, fill, row } from "./api.js";

const PAGE = 50;
let after = null;

function typePath() {
  const [ns, type] = document.getElementById("stateType").value.split("/");
  return encodeURIComponent(ns) + "/" + encodeURIComponent(type);
}

async function listIds(more) {
  if (!more) after = null;
  const r = await api("/v1/state/" + typePath() + "?limit=" + PAGE + (after ? "&after=" + encodeURIComponent(after) : ""));
  const list = document.getElementById("stateIds");
  if (!r.ok) return fill(list, el("li", { className: "empty" }, errorText(r)));
  const items = r.json.ids.map((id) => el("li", {}, el("button", { className: "link", type: "button",
    "data-state-id": id, onclick: () => open(id) }, id)));
  if (more) list.append(...items);
  else fill(list, items.length ? items : [el("li", { className: "empty" }, "No instance of this type has state.")]);
  after = r.json.next;
  document.getElementById("stateMore").hidden = !after;
}

function show(value) {
  return el("pre", { className: "value" }, typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value, null, 2));
}

async function open(id) {
  document.getElementById("stateId").value = id;
  const base = "/v1/state/" + typePath() + "/" + encodeURIComponent(id);
  const r = await api(base);
  const box = document.getElementById("stateValues");
  if (!r.ok) return fill(box, el("p", { className: "empty" }, errorText(r)));
  const names = Object.keys(r.json.values);
  const table = el("table", {}, el("tbody", {}, names.length
    ? names.map((n) => { const tr = row(el("td", { className: "name" }, n), el("td", {}, show(r.json.values[n]))); tr.setAttribute("data-value", n); return tr; })
    : [emptyRow("No values.", 2)]));
  const collections = [...(r.json.maps || []).map((m) => ["maps", m]), ...(r.json.lists || []).map((l) => ["lists", l])];
  fill(box, el("h3", {}, id), el("div", { className: "scroll" }, table), collections.map(([kind, name]) =>
    el("details", { ontoggle: (e) => e.target.open && collection(e.target, base + "/" + kind + "/" + encodeURIComponent(name)) },
      el("summary", {}, (kind === "maps" ? "map " : "list ") + name), el("div", {}, "…"))));
}

async function collection(details, path) {
  const r = await api(path);
  const body = details.lastChild;
  if (!r.ok) return fill(body, errorText(r));
  const items = r.json.entries
    ? r.json.entries.map((e) => row(el("td", {}, show(e.key)), el("td", {}, show(e.value))))
    : r.json.elements.map((v, i) => row(String(i), el("td", {}, show(v))));
  fill(body, el("table", {}, el("tbody", {}, items.length ? items : [emptyRow("Empty.", 2)])),
    r.json.next ? el("p", { className: "muted" }, "First page shown.") : []);
}

export function setUpState() {
  const select = document.getElementById("stateType");
  document.addEventListener("eventide:functions", (e) => {
    const current = select.value;
    const types = e.detail;
    if (JSON.stringify([...select.options].map((o) => o.value)) === JSON.stringify(types)) return;
    fill(select, types.map((t) => el("option", { value: t }, t)));
    if (types.includes(current)) select.value = current;
  });
  document.getElementById("stateList").onclick = () => listIds(false);
  document.getElementById("stateMore").onclick = () => listIds(true);
  document.getElementById("stateForm").onsubmit = (e) => {
    e.preventDefault();
    const id = document.getElementById("stateId").value.trim();
    if (id) open(id);
  };
}
