// What the pages of rnn serve share: building elements, posting JSON, and a line chart drawn on a canvas.
"use strict";

const element = (tag, attributes = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) k === "text" ? (e.textContent = v) : e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error((await response.json()).error || response.statusText);
  return response;
}

const palette = ["#2457a6", "#d0662b", "#2a8d4a", "#8a3fb0", "#777777"];

// Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about `count` of them.
function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) { hi = lo + 1; }
  const raw = (hi - lo) / count, power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

const format = v => Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : +v.toPrecision(4) + "";

// A line chart: series [{name, x, y, color, dashed}] and bands [{name, x, lower, upper, color}] (shaded between),
// axes with round ticks, a legend. x and y are numbers; xFormat turns an x into its tick label.
function lineChart(canvas, { series = [], bands = [], xLabel = "", yLabel = "", xFormat = format, logY = false }) {
  const width = canvas.width = canvas.clientWidth || 800, height = canvas.height = canvas.clientHeight || 300;
  const g = canvas.getContext("2d"), left = 64, right = 12, top = 12, bottom = 44;
  g.clearRect(0, 0, width, height);
  const ty = v => logY ? Math.log10(Math.max(v, 1e-12)) : v;
  const xs = [...series.flatMap(s => s.x), ...bands.flatMap(b => b.x)];
  const ys = [...series.flatMap(s => s.y), ...bands.flatMap(b => [...b.lower, ...b.upper])].filter(Number.isFinite).map(ty);
  if (xs.length === 0 || ys.length === 0) { g.fillStyle = "#666"; g.fillText("no points yet", left, top + 20); return; }
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
  const px = x => left + (x - x0) / (x1 - x0) * (width - left - right);
  const py = y => top + (1 - (ty(y) - y0) / (y1 - y0)) * (height - top - bottom);
  g.font = "12px system-ui, sans-serif"; g.strokeStyle = "#ddd"; g.fillStyle = "#444"; g.lineWidth = 1;
  g.textAlign = "right"; g.textBaseline = "middle";
  for (const t of ticks(y0, y1)) {
    const y = top + (1 - (t - y0) / (y1 - y0)) * (height - top - bottom);
    g.beginPath(); g.moveTo(left, y); g.lineTo(width - right, y); g.stroke();
    g.fillText(logY ? format(Math.pow(10, t)) : format(t), left - 6, y);
  }
  g.textAlign = "center"; g.textBaseline = "top";
  for (const t of ticks(x0, x1, 8)) { g.fillText(xFormat(t), px(t), height - bottom + 6); }
  g.fillText(xLabel, (left + width - right) / 2, height - 16);
  g.save(); g.translate(14, (top + height - bottom) / 2); g.rotate(-Math.PI / 2); g.fillText(yLabel, 0, -6); g.restore();
  bands.forEach((b, k) => {
    g.fillStyle = (b.color || palette[k]) + "33"; g.beginPath();
    b.x.forEach((x, i) => i ? g.lineTo(px(x), py(b.upper[i])) : g.moveTo(px(x), py(b.upper[i])));
    for (let i = b.x.length - 1; i >= 0; i--) g.lineTo(px(b.x[i]), py(b.lower[i]));
    g.closePath(); g.fill();
  });
  series.forEach((s, k) => {
    g.strokeStyle = s.color || palette[k % palette.length]; g.lineWidth = 1.8; g.setLineDash(s.dashed ? [5, 4] : []);
    g.beginPath();
    s.x.forEach((x, i) => Number.isFinite(s.y[i]) && (i ? g.lineTo(px(x), py(s.y[i])) : g.moveTo(px(x), py(s.y[i]))));
    g.stroke();
    if (s.points) s.x.forEach((x, i) => { g.fillStyle = g.strokeStyle; g.beginPath(); g.arc(px(x), py(s.y[i]), 3, 0, 7); g.fill(); });
  });
  g.setLineDash([]); g.textAlign = "left"; g.textBaseline = "middle";
  [...series, ...bands].forEach((s, k) => {
    const y = top + 8 + 16 * k, color = s.color || palette[k % palette.length];
    g.fillStyle = s.lower ? color + "55" : color; g.fillRect(left + 10, y - 2, 18, s.lower ? 10 : 3);
    g.fillStyle = "#333"; g.fillText(s.name, left + 34, y + 1);
  });
  canvas.dataset.points = series.reduce((n, s) => n + s.x.length, 0);
}

// The links between the pages; `here` marks the current one.
function navigation(here) {
  const nav = element("nav", {});
  for (const [href, text] of [["/", "Playgrounds"], ["/runs", "Training runs"], ["/inside", "Inside the LSTM"]])
    nav.append(element("a", { href, text, class: href === here ? "here" : "" }));
  document.body.prepend(nav);
}
