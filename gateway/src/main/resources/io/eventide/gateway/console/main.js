// Wires the console: the token, the send form, and the refresh loop (charts and sources every
// second, the rest less often, nothing while the tab is hidden).
import { addressPath, api, clearAuthBanner, token } from "./api.js";
import { refreshCluster } from "./cluster.js";
import { refreshDeadLetters, setUpDeadLetters } from "./dead-letters.js";
import { refreshDeployments, setUpDeploy } from "./deployments.js";
import { refreshEgress, setUpEgress } from "./egress.js";
import { refreshLive } from "./live.js";
import { setUpState } from "./state.js";

const $ = (id) => document.getElementById(id);

async function badge(path, id) {
  try {
    const r = await fetch(path, { cache: "no-store" });
    $(id).textContent = r.ok ? "yes" : "no";
    $(id).className = "badge " + (r.ok ? "ok" : "bad");
  } catch (e) {
    $(id).textContent = "down";
    $(id).className = "badge bad";
  }
}

// Each task runs at most once at a time: a slow answer delays its next turn instead of piling up.
const tasks = [
  { every: 1, run: refreshLive },
  { every: 1, run: refreshCluster },
  { every: 1, run: refreshEgress },
  { every: 2, run: () => refreshDeadLetters(false) },
  { every: 5, run: () => refreshDeployments(false) },
  { every: 5, run: () => Promise.all([badge("/health", "health"), badge("/ready", "ready")]) },
];
let tick = 0;

function loop() {
  if (!document.hidden) {
    tasks.forEach((task) => {
      if (tick % task.every !== 0 || task.busy) return;
      task.busy = true;
      task.run().catch((e) => console.error(e)).finally(() => { task.busy = false; });
    });
    clearAuthBanner();
  }
  tick++;
}

function refreshAll() {
  tick = 0;
  refreshDeployments(true);
  refreshDeadLetters(true);
  loop();
}

function setUpSend() {
  $("sendMode").onchange = () => { $("go").textContent = $("sendMode").value === "call" ? "Call" : "Send"; };
  $("sendForm").onsubmit = async (event) => {
    event.preventDefault();
    const address = $("address").value.trim();
    const out = $("result");
    if (address.split("/").length < 3 || address.split("/").some((p) => !p)) {
      out.textContent = "The address must be namespace/type/id.";
      return;
    }
    const mode = $("sendMode").value;
    const times = Math.max(1, Math.min(10000, parseInt($("times").value, 10) || 1));
    const url = "/v1/" + mode + "/" + addressPath(address)
      + (mode === "call" ? "?timeout=" + encodeURIComponent($("timeout").value.trim()) : "");
    const started = performance.now();
    let r = null;
    for (let i = 0; i < times; i++) {
      r = await api(url, { method: "POST", body: $("body").value, headers: { "Content-Type": $("contentType").value } });
      if (!r.ok) break;
    }
    const ms = Math.round(performance.now() - started);
    out.className = r.ok ? "" : "failed";
    out.textContent = r.status + " in " + ms + " ms" + (times > 1 ? " for " + times + " requests" : "") + "\n\n"
      + (r.json ? JSON.stringify(r.json, null, 2) : r.text);
  };
}

$("token").value = token.get();
$("tokenForm").onsubmit = (event) => {
  event.preventDefault();
  token.set($("token").value.trim());
  $("banner").hidden = true;
  refreshAll();
};
setUpSend();
setUpDeploy();
setUpDeadLetters();
setUpState();
setUpEgress();
refreshAll();
setInterval(loop, 1000);
