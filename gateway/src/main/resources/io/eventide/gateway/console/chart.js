// Plain SVG line charts: a few lines of code instead of a charting library (see
// docs/decisions/web-console.md). Each series is an array of [timeMs, value or null].
const NS = "http://www.w3.org/2000/svg";
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

function svgEl(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

/** A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten. */
function niceMax(max) {
  if (!(max > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function label(value) {
  if (value >= 1e6) return (value / 1e6).toFixed(value % 1e6 ? 1 : 0) + "M";
  if (value >= 1e3) return (value / 1e3).toFixed(value % 1e3 ? 1 : 0) + "k";
  return String(Math.round(value * 100) / 100);
}

/**
 * Draws series [{name, color, points}] over the last windowMs into svg, sized to its box. Each
 * series' path carries data-series, data-latest and data-max (its last and highest values in the
 * window), which tests and people can read.
 */
export function drawChart(svg, series, windowMs, now) {
  const width = Math.max(200, svg.clientWidth || svg.parentNode.clientWidth || 400);
  const height = Math.max(120, svg.clientHeight || 160);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  const from = now - windowMs;
  let max = 0;
  series.forEach((s) => s.points.forEach(([t, v]) => { if (t >= from && v !== null && v > max) max = v; }));
  const top = niceMax(max);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - from) / windowMs) * plotW;
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const nodes = [];
  for (let i = 0; i <= 4; i++) {
    const value = (top * i) / 4;
    nodes.push(svgEl("line", { x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value), class: "grid" }));
    const text = svgEl("text", { x: PAD.left - 6, y: y(value) + 4, class: "axis", "text-anchor": "end" });
    text.textContent = label(value);
    nodes.push(text);
  }
  [0, 0.5, 1].forEach((f) => {
    const text = svgEl("text", { x: PAD.left + f * plotW, y: height - 4, class: "axis",
      "text-anchor": f === 0 ? "start" : f === 1 ? "end" : "middle" });
    text.textContent = f === 1 ? "now" : "-" + Math.round(((1 - f) * windowMs) / 1000) + " s";
    nodes.push(text);
  });
  series.forEach((s) => {
    let d = "";
    let pen = false;
    let latest = null;
    let highest = null;
    s.points.forEach(([t, v]) => {
      if (t < from) return;
      if (v === null) { pen = false; return; }
      d += (pen ? "L" : "M") + x(t).toFixed(1) + " " + y(v).toFixed(1);
      pen = true;
      latest = v;
      highest = highest === null ? v : Math.max(highest, v);
    });
    nodes.push(svgEl("path", { d: d || "M0 0", class: "series", stroke: s.color, "data-series": s.name,
      "data-latest": latest === null ? "" : String(latest), "data-max": highest === null ? "" : String(highest) }));
  });
  svg.replaceChildren(...nodes);
}

/** The legend of a chart: the series' colours, names and latest values. */
export function legend(container, series, unit) {
  container.replaceChildren(...series.map((s) => {
    const last = [...s.points].reverse().find(([, v]) => v !== null);
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = s.color;
    item.append(swatch, s.name + " " + (last ? label(last[1]) + unit : "–"));
    return item;
  }));
}

/** An SVG element, for other drawings (the key-group heat map). */
export { svgEl };
