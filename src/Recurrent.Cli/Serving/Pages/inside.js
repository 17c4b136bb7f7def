// Inside a language model: /api/inside gives, for the chosen units of a layer, every signal at every token; each unit
// is drawn on a canvas as the text, wrapped, coloured by h, with a strip per other signal under each line.
"use strict";

const defaultText = `ROMEO:\nHe jests at scars that never felt a wound.\nBut, soft! what light through yonder window breaks?\n` +
  `JULIET:\n"Romeo, Romeo! wherefore art thou Romeo?" (she sighs)\nDeny thy father and refuse thy name;\n`;

// Signed values: blue (−1) through white to red (+1). Gates: white (0) to green (1).
const signed = v => { const a = Math.max(-1, Math.min(1, v)); return a >= 0 ? `rgb(255, ${255 - 200 * a | 0}, ${255 - 200 * a | 0})` : `rgb(${255 + 200 * a | 0}, ${255 + 200 * a | 0}, 255)`; };
const gate = v => `rgb(${255 - 200 * v | 0}, ${255 - 80 * v | 0}, ${255 - 200 * v | 0})`;
const colour = (signal, v) => ["input", "forget", "output", "reset", "update"].includes(signal) ? gate(v) : signed(signal === "cell" ? Math.tanh(v) : v);
const short = { cell: "c", input: "i", forget: "f", output: "o", candidate: "g", reset: "r", update: "z", feature: "x" };

function drawUnit(canvas, tokens, unit, signals, feature) {
  const charWidth = 9, textHeight = 18, strip = 6, left = 22;
  const strips = signals.filter(s => s !== "hidden");
  if (feature) strips.unshift("feature");
  const lineHeight = textHeight + strip * strips.length + 8;
  const width = canvas.clientWidth || 900, columns = Math.max(10, Math.floor((width - left - 4) / charWidth));
  // Layout: each token at (line, column); a line break starts a new line, long lines wrap.
  const place = [];
  let line = 0, column = 0;
  for (const token of tokens) {
    const shown = token === "\n" ? "↵" : token, span = Math.max(1, [...shown].length) + (token.length > 1 ? 1 : 0);
    if (column + span > columns) { line++; column = 0; }
    place.push({ line, column, span, shown });
    column += span;
    if (token === "\n") { line++; column = 0; }
  }
  const lines = place.length ? place[place.length - 1].line + 1 : 1;   // a final line break opens no line of its own
  canvas.width = width; canvas.height = lines * lineHeight + 4;
  const g = canvas.getContext("2d");
  const fmax = feature ? Math.max(...feature.map(Math.abs), 1e-9) : 1;
  g.font = "14px ui-monospace, monospace"; g.textBaseline = "middle";
  place.forEach((p, t) => {
    const x = left + p.column * charWidth, y = p.line * lineHeight, w = p.span * charWidth;
    g.fillStyle = signed(unit.values.hidden[t]); g.fillRect(x, y, w, textHeight);
    g.fillStyle = "#111"; g.fillText(p.shown, x + 1, y + textHeight / 2);
    strips.forEach((s, k) => {
      g.fillStyle = s === "feature" ? gate(feature[t] / fmax) : colour(s, unit.values[s][t]);
      g.fillRect(x, y + textHeight + 1 + k * strip, w, strip - 1);
    });
  });
  g.font = "10px ui-monospace, monospace"; g.fillStyle = "#777";
  for (let l = 0; l < lines; l++) {
    g.fillText("h", 4, l * lineHeight + textHeight / 2);
    strips.forEach((s, k) => g.fillText(short[s], 4, l * lineHeight + textHeight + 1 + k * strip + strip / 2));
  }
  // Hover: the token and the unit's values there.
  canvas.onmousemove = e => {
    const r = canvas.getBoundingClientRect(), mx = (e.clientX - r.left) * canvas.width / r.width, my = (e.clientY - r.top) * canvas.height / r.height;
    const t = place.findIndex(p => p.line === Math.floor(my / lineHeight) && mx >= left + p.column * charWidth && mx < left + (p.column + p.span) * charWidth);
    canvas.title = t < 0 ? "" : `'${place[t].shown}'  ` + signals.map(s => `${short[s] || "h"} ${unit.values[s][t].toFixed(3)}`).join("  ");
  };
}

async function look() {
  const message = document.getElementById("message"), shown = document.getElementById("units-shown");
  message.textContent = ""; message.classList.remove("error");
  const units = document.getElementById("units").value.split(/[\s,;]+/).filter(s => s !== "").map(Number);
  const feature = document.getElementById("feature").value || null;
  try {
    const r = await (await post("/api/inside", { model: document.getElementById("model").value, text: document.getElementById("text").value,
      layer: +document.getElementById("layer").value, units: units.length ? units : null, feature, top: +document.getElementById("top").value })).json();
    document.getElementById("layer").max = r.layers - 1;
    message.textContent = `layer ${r.layer} of ${r.layers}, ${r.hiddenSize} units, ${r.tokens.length} tokens` +
      (r.unseen ? `, ${r.unseen} unseen by the model` : "") + (feature ? `; the units whose ${r.signal} follows "${feature}" most closely, by |r|` : "");
    shown.replaceChildren(element("div", { class: "legend" },
      element("span", {}, element("i", { style: "background: linear-gradient(to right, rgb(55,55,255), white, rgb(255,55,55))" }), "h, c, g: −1 … +1"),
      element("span", {}, element("i", { style: "background: linear-gradient(to right, white, rgb(55,175,55))" }), "gates i, f, o: 0 … 1" + (feature ? "; x: the feature" : ""))));
    for (const unit of r.units) {
      const canvas = element("canvas", { class: "unit-strip", style: "width: 100%" });
      const title = `unit ${unit.unit}` + (unit.r === null || unit.r === undefined ? "" : ` · r = ${unit.r.toFixed(3)} with ${feature}`);
      shown.append(element("div", { class: "unit card", "data-unit": unit.unit }, element("h3", { text: title }), canvas));
      drawUnit(canvas, r.tokens, unit, r.signals, r.feature ? r.feature.values : null);
    }
  } catch (e) { message.textContent = e.message; message.classList.add("error"); }
}

navigation("/inside");
document.getElementById("text").value = defaultText;
document.getElementById("look").onclick = look;
fetch("/api/models").then(r => r.json()).then(models => {
  const select = document.getElementById("model"), lms = models.filter(m => m.kind === "lm");
  for (const m of lms) select.append(element("option", { value: m.name, text: m.name }));
  if (lms.length === 0) document.getElementById("message").textContent = "No language model is loaded: start rnn serve with --model CHECKPOINT of rnn train.";
});
