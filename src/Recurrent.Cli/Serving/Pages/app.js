// The playgrounds of index.html, one per loaded model, drawn from /api/models. No libraries: plain DOM and fetch.
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
  const hue = tag => [...tag].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
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

const playgrounds = { lm: languageModel, classifier, tagger };

fetch("/api/models").then(r => r.json()).then(models => {
  const list = document.getElementById("models");
  list.replaceChildren();
  if (models.length === 0) list.textContent = "No model is loaded: start rnn serve with --model CHECKPOINT.";
  for (const model of models) {
    const card = element("div", { class: "model", id: "model-" + model.name },
      element("h2", { text: `${model.name} (${model.kind})` }), element("div", { class: "description", text: model.description }));
    (playgrounds[model.kind] || (() => card.append("No playground for this kind yet.")))(card, model);
    list.append(card);
  }
});
