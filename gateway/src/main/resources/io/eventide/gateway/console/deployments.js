// Functions and deployments: every kept version of each deployment, rollback to one of them, deploy
// a jar, remove a deployment.
import { api, confirmButton, el, emptyRow, errorText, fill, fmtNum, fmtTime, row, toast } from "./api.js";

let lastSeen = "";

export async function refreshDeployments(force) {
  const [functions, deployments] = await Promise.all([api("/v1/functions"), api("/v1/deployments")]);
  const served = document.getElementById("served");
  if (functions.ok) {
    fill(served, functions.json.functions.length
      ? functions.json.functions.map((f) => el("span", { className: "chip" }, f))
      : [el("span", { className: "empty" }, "No function type is served yet: deploy a jar.")]);
    document.dispatchEvent(new CustomEvent("eventide:functions", { detail: functions.json.functions }));
  }
  const box = document.getElementById("deployments");
  if (!deployments.ok) return fill(box, el("p", { className: "empty" }, errorText(deployments)));
  const versions = await Promise.all(deployments.json.deployments.map((d) =>
    api("/v1/deployments/" + encodeURIComponent(d.deploymentId) + "/versions")));
  const seen = JSON.stringify([deployments.json, versions.map((v) => v.json)]);
  if (seen === lastSeen && !force) return; // unchanged: keep the DOM (and any armed button) as it is
  lastSeen = seen;
  if (!deployments.json.deployments.length) return fill(box, el("p", { className: "empty" }, "No deployments."));
  fill(box, deployments.json.deployments.map((d, i) => card(d, versions[i])));
}

function card(d, versions) {
  const table = el("table", {}, el("thead", {}, row(el("th", {}, "version"), el("th", {}, "deployed"),
    el("th", {}, "size"), el("th", {}, "note"), el("th", {}, ""))));
  const tbody = el("tbody");
  if (!versions.ok) tbody.append(emptyRow(errorText(versions), 5));
  else [...versions.json.versions].reverse().forEach((v) => {
    const action = v.current
      ? el("span", { className: "badge ok" }, "current")
      : el("button", { className: "ghost small", type: "button", "data-rollback": d.name + ":" + v.version,
          onclick: () => rollback(d, v.version) }, "Roll back to v" + v.version);
    const note = v.rollbackOf ? "rollback of v" + v.rollbackOf : "";
    const tr = row("v" + v.version, fmtTime(v.createdAt), fmtNum(Math.round(v.sizeBytes / 1024)) + " KiB", note, el("td", {}, action));
    tr.setAttribute("data-version", v.version);
    if (v.current) tr.className = "current";
    tbody.append(tr);
  });
  table.append(tbody);
  const remove = confirmButton("Remove", "Remove " + d.name + "?", async () => {
    const r = await api("/v1/deployments/" + encodeURIComponent(d.deploymentId), { method: "DELETE" });
    toast(r.ok ? "Removed " + d.name : errorText(r), r.ok ? "ok" : "bad");
    refreshDeployments(true);
  });
  return el("div", { className: "deployment", "data-deployment": d.name },
    el("h3", {}, d.name, el("span", { className: "muted" }, " v" + d.version + " · " + d.functions.join(", ")), remove),
    el("div", { className: "scroll" }, table));
}

async function rollback(d, version) {
  const r = await api("/v1/deployments/" + encodeURIComponent(d.name) + "/rollback?version=" + version, { method: "POST" });
  toast(r.ok ? "Rolled " + d.name + " back to v" + version + ": now v" + r.json.version : errorText(r), r.ok ? "ok" : "bad");
  refreshDeployments(true);
}

/** Wires the deploy form: a jar from the file input, named after the file unless a name is given. */
export function setUpDeploy() {
  document.getElementById("deployForm").onsubmit = async (event) => {
    event.preventDefault();
    const file = document.getElementById("jar").files[0];
    if (!file) return toast("Choose a jar first.", "bad");
    const name = document.getElementById("deployName").value.trim() || file.name.replace(/\.jar$/, "");
    const r = await api("/v1/deployments?name=" + encodeURIComponent(name),
      { method: "POST", body: file, headers: { "Content-Type": "application/java-archive" } });
    toast(r.ok ? "Deployed " + r.json.name + " v" + r.json.version + ": " + r.json.functions.join(", ") : errorText(r),
      r.ok ? "ok" : "bad");
    refreshDeployments(true);
  };
}
