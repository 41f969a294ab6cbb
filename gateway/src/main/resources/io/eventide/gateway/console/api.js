// The console's only way to the gateway: same-origin fetches carrying the pasted token.
const TOKEN_KEY = "eventide.token";

/** The token pasted into this tab; sessionStorage forgets it when the tab closes. */
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || "",
  set(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Calls the gateway; resolves to {ok, status, json, text}, never rejects on an HTTP error. */
export async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const bearer = token.get();
  if (bearer) headers["Authorization"] = "Bearer " + bearer;
  let res;
  try {
    res = await fetch(path, Object.assign({}, options, { headers, cache: "no-store" }));
  } catch (e) {
    return { ok: false, status: 0, json: null, text: "gateway unreachable: " + e.message };
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (res.status === 401 || res.status === 403) authProblem(res.status, json);
  return { ok: res.ok, status: res.status, json, text };
}

/** "404 NOT_FOUND: ..." from an error answer. */
export function errorText(r) {
  if (r.json && r.json.error) return r.status + " " + r.json.error.code + ": " + r.json.error.message;
  return (r.status ? r.status + " " : "") + r.text;
}

let lastAuthProblem = 0;
function authProblem(status, json) {
  lastAuthProblem = Date.now();
  const banner = document.getElementById("banner");
  banner.hidden = false;
  banner.textContent = status === 401
    ? "This gateway needs a token: paste an admin (or read) token above."
    : "The token may not see everything here: " + (json && json.error ? json.error.message : "403");
}
/** Hides the token banner once requests have gone through for a while. */
export function clearAuthBanner() {
  if (Date.now() - lastAuthProblem > 3000) document.getElementById("banner").hidden = true;
}

/** Creates an element: el("td", {className: "x"}, "text", child...). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k.startsWith("data-") || k === "title" || k === "colspan") node.setAttribute(k, v);
    else node[k] = v;
  });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : String(c ?? "")));
  return node;
}

/** Replaces a container's children. */
export function fill(container, ...children) {
  container.replaceChildren(...children.flat());
}

/** A table row of cells; strings become text, nodes are kept. */
export function row(...cells) {
  return el("tr", {}, cells.map((c) => (c instanceof Node && c.tagName === "TD" ? c : el("td", {}, c))));
}

/** A row saying there is nothing, or what went wrong. */
export function emptyRow(text, cols) {
  return el("tr", {}, el("td", { className: "empty", colspan: cols || 1 }, text));
}

const END = 9.2e18; // Long.MAX_VALUE / MIN_VALUE arrive as doubles near ±9.22e18

/** A watermark or event time for people: ISO time, "end of input", or "none". */
export function fmtTime(ms) {
  if (ms === null || ms === undefined) return "–";
  if (ms >= END) return "end of input";
  if (ms <= -END) return "none";
  if (ms < 1e11) return ms + " ms"; // event times near the epoch are test or replay times
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** A duration in ms, shortly: 850 ms, 12.3 s, 4 min, 2.1 h. */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || !isFinite(ms)) return "–";
  if (ms < 1000) return Math.round(ms) + " ms";
  if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
  if (ms < 3600000) return Math.round(ms / 60000) + " min";
  if (ms < 86400000 * 2) return (ms / 3600000).toFixed(1) + " h";
  return Math.round(ms / 86400000) + " d";
}

export function fmtNum(n) {
  if (n === null || n === undefined) return "–";
  return Number(n).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

export function isEnd(ms) { return ms >= END; }
export function isNone(ms) { return ms <= -END; }

/** Shows the outcome of an action the user took. */
export function toast(text, kind) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.className = "toast " + (kind || "ok");
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

/** A button that asks for a second click before a destructive action; no modal dialogs. */
export function confirmButton(label, confirmLabel, action) {
  const button = el("button", { className: "danger small", type: "button" }, label);
  let armed = null;
  button.onclick = async () => {
    if (!armed) {
      button.textContent = confirmLabel;
      button.classList.add("armed");
      armed = setTimeout(() => { armed = null; button.textContent = label; button.classList.remove("armed"); }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.disabled = true;
    await action();
  };
  return button;
}

/** Encodes an address "ns/type/id" for a path: the id may hold slashes. */
export function addressPath(address) {
  const parts = address.split("/");
  return parts.slice(0, 2).map(encodeURIComponent).join("/") + "/" + encodeURIComponent(parts.slice(2).join("/"));
}
