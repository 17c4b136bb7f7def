// The playgrounds of index.html, one per loaded model, drawn from /api/models. No libraries: plain DOM, fetch and
// the canvas chart of common.js.
"use strict";

function languageModel(card, model) {
  const prompt = element("textarea", { rows: 2, class: "prompt" }); prompt.value = "ROMEO:";
  const temperature = element("input", { type: "number", step: "0.1", min: "0.1", value: "0.8", class: "temperature" });
  const topK = element("input", { type: "number", min: "0", value: "0", class: "top-k" });
  const length = element("input", { type: "number", min: "1", max: "5000", value: "400", class: "length" });
  const output = element("pre", { class: "output" });
  const button = element("button", { class: "sample", text: "Sample" });
  button.onclick = async () => {
    output.textContent = prompt.value; output.classList.remove("error"); button.disabled = true;
    try {
      const response = await post("/api/sample", { model: model.name, prompt: prompt.value, temperature: +temperature.value, topK: +topK.value, length: +length.value });
      const reader = response.body.getReader(), decoder = new TextDecoder();
      for (;;) { const { done, value } = await reader.read(); if (done) break; output.textContent += decoder.decode(value, { stream: true }); }
    } catch (e) { output.textContent = e.message; output.classList.add("error"); }
    button.disabled = false;
  };
  card.append(prompt, element("div", {}, element("label", { text: "temperature " }, temperature), element("label", { text: "top-k " }, topK),
    element("label", { text: "length " }, length), button), output);
}

function classifier(card, model) {
  const text = element("textarea", { rows: 3, class: "text" }); text.value = "The jury praised the city's handling of the election.";
  const bars = element("div", { class: "bars" });
  const button = element("button", { class: "classify", text: "Classify" });
  button.onclick = async () => {
    bars.replaceChildren();
    try {
      const { labels } = await (await post("/api/classify", { model: model.name, text: text.value })).json();
      for (const { label, probability } of labels)
        bars.append(element("div", { class: "bar" }, element("span", { class: "name", text: label }),
          element("span", { class: "fill", style: `width: ${Math.round(300 * probability)}px` }), element("span", { class: "value", text: probability.toFixed(3) })));
    } catch (e) { bars.append(element("div", { class: "error", text: e.message })); }
  };
  card.append(text, button, bars);
}

function tagger(card, model) {
  const text = element("textarea", { rows: 2, class: "text" }); text.value = "The jury said it did not find evidence.";
  const tagged = element("div", { class: "tagged" });
  const button = element("button", { class: "tag", text: "Tag" });
  // Each tag keeps the hue it got when first seen; successive tags are a golden angle (137.5°) apart, so
  // distinct tags get distinct hues, the first few far apart.
  const hues = new Map(), hue = tag => hues.get(tag) ?? (hues.set(tag, (hues.size * 137.508) % 360), hues.get(tag));
  button.onclick = async () => {
    tagged.replaceChildren();
    try {
      const { tokens } = await (await post("/api/tag", { model: model.name, text: text.value })).json();
      for (const { word, tag } of tokens)
        tagged.append(element("span", { class: "word", style: `background: hsl(${hue(tag)}, 70%, 85%)` }, word, element("sub", { text: " " + tag })));
    } catch (e) { tagged.append(element("div", { class: "error", text: e.message })); }
  };
  card.append(text, button, tagged);
}

// The attention map: one row per output symbol, one column per source symbol, darker where the weight is larger.
function heatMap(canvas, source, output, weights) {
  const cell = 26, left = 60, top = 30;
  canvas.width = left + cell * source.length + 10; canvas.height = top + cell * output.length + 10;
  const g = canvas.getContext("2d");
  g.font = "13px system-ui, sans-serif"; g.textAlign = "center"; g.textBaseline = "middle"; g.fillStyle = "#222";
  source.forEach((s, j) => g.fillText(s, left + cell * j + cell / 2, top / 2));
  output.forEach((o, i) => {
    g.fillStyle = "#222"; g.textAlign = "right"; g.fillText(o, left - 6, top + cell * i + cell / 2);
    weights[i].forEach((w, j) => { g.fillStyle = `rgba(40, 80, 190, ${w})`; g.fillRect(left + cell * j, top + cell * i, cell - 1, cell - 1); });
  });
}

function seq2seq(card, model) {
  const text = element("input", { type: "text", class: "text", value: "recurrent" });
  const beam = element("input", { type: "number", min: "1", max: "16", value: "5", class: "beam" });
  const list = element("ol", { class: "hypotheses" });
  const canvas = element("canvas", { class: "attention" });
  const button = element("button", { class: "translate", text: "Decode" });
  button.onclick = async () => {
    list.replaceChildren();
    try {
      const result = await (await post("/api/translate", { model: model.name, text: text.value, beam: +beam.value, nBest: Math.min(3, +beam.value) })).json();
      for (const h of result.hypotheses)
        list.append(element("li", {}, element("span", { class: "output", text: h.output }), element("span", { class: "value", text: `  log p ${h.logProbability.toFixed(3)}` })));
      if (result.attention) heatMap(canvas, result.source, result.attention.output, result.attention.weights);
    } catch (e) { list.append(element("li", { class: "error", text: e.message })); }
  };
  card.append(text, element("label", { text: " beam " }, beam), button, list, canvas);
}

// The forecaster: its training series (or one pasted) continued, with the prediction interval shaded.
function forecaster(card, model) {
  const steps = element("input", { type: "number", min: "1", max: "200", value: "24", class: "steps" });
  const pasted = element("textarea", { rows: 2, class: "values", placeholder: "optional: a series of your own, numbers separated by spaces or commas" });
  const canvas = element("canvas", { class: "forecast", style: "width: 100%; height: 320px" });
  const note = element("div", { class: "note" });
  const button = element("button", { class: "forecast", text: "Forecast" });
  button.onclick = async () => {
    note.textContent = ""; note.classList.remove("error");
    try {
      const values = pasted.value.trim() ? pasted.value.trim().split(/[\s,;]+/).map(Number) : undefined;
      const r = await (await post("/api/forecast", { model: model.name, steps: +steps.value, values })).json();
      const n = r.history.values.length;
      // x: the time labels when they are numbers (years), else positions.
      const labels = [...r.history.labels, ...r.forecast.labels], numeric = labels.every(l => l !== "" && Number.isFinite(+l));
      const x = labels.map((l, i) => numeric ? +l : i), hx = x.slice(0, n), fx = [x[n - 1], ...x.slice(n)];
      const last = r.history.values[n - 1];
      // The interval covers the steps the validation rows could measure (null after them).
      const k = r.forecast.lower ? r.forecast.lower.filter(v => v !== null).length : 0;
      const bands = k ? [{ name: `${Math.round(100 * r.level)}% interval`, x: fx.slice(1, 1 + k), lower: r.forecast.lower.slice(0, k), upper: r.forecast.upper.slice(0, k), color: palette[1] }] : [];
      lineChart(canvas, { xLabel: r.time, yLabel: r.column, bands,
        series: [{ name: "history", x: hx, y: r.history.values, color: "#555555" }, { name: "forecast", x: fx, y: [last, ...r.forecast.values], color: palette[1] }],
        xFormat: v => numeric ? format(v) : (labels[Math.round(v)] ?? "") });
      note.textContent = `${r.forecast.values.length} steps after ${r.history.labels[n - 1]}` + (bands.length ? "" : " (no interval: the validation rows are not available)");
    } catch (e) { note.textContent = e.message; note.classList.add("error"); }
  };
  card.append(element("label", { text: "steps " }, steps), button, pasted, canvas, note);
}

const playgrounds = { lm: languageModel, classifier, tagger, seq2seq, forecaster };

navigation("/");
fetch("/api/models").then(r => r.json()).then(models => {
  const list = document.getElementById("models");
  list.replaceChildren();
  if (models.length === 0) list.textContent = "No model is loaded: start rnn serve with --model CHECKPOINT.";
  for (const model of models) {
    const card = element("div", { class: "card model", id: "model-" + model.name },
      element("h2", { text: `${model.name} (${model.kind})` }), element("div", { class: "description", text: model.description }));
    (playgrounds[model.kind] || (() => card.append("No playground for this kind yet.")))(card, model);
    list.append(card);
  }
});
