// The training runs under --runs: each run's config, progress and curves, polled from /api/runs every second and
// redrawn in place (no reload). A card per run, keyed by its name, so open details stay open between updates.
"use strict";

const minutes = s => s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`;

function runCard(name) {
  const card = element("div", { class: "card run", "data-name": name });
  card.append(element("h2", { text: name }), element("div", { class: "summary" }), element("div", { class: "progress" }, element("div", {})),
    element("canvas", { class: "loss", style: "width: 100%; height: 260px" }), element("canvas", { class: "metric", style: "width: 100%; height: 200px" }),
    element("details", {}, element("summary", { text: "config and data" }), element("pre", { class: "config" })));
  return card;
}

function update(card, run) {
  const p = run.progress, summary = card.querySelector(".summary");
  if (!p) { summary.replaceChildren(element("span", { class: "status", text: run.status }), " " + (run.error || "")); return; }
  const eta = p.items_per_second > 0 && p.status === "running" ? ` · about ${minutes((p.steps - p.step) * (p.elapsed_seconds / Math.max(p.step, 1)))} left` : "";
  const last = p.history.length ? p.history[p.history.length - 1] : null;
  const metric = last && p.primary && Number.isFinite(+last.metrics[p.primary]) ? ` · validation ${p.primary} ${format(+last.metrics[p.primary])}` : "";
  const loss = p.losses.length ? ` · loss ${p.losses[p.losses.length - 1][1].toFixed(3)}` : "";
  summary.replaceChildren(element("span", { class: "status " + run.status, text: run.status }),
    ` ${p.kind} · step ${p.step} of ${p.steps}${loss}${metric} · ${Math.round(p.items_per_second)} ${p.item_unit}/s · ${minutes(p.elapsed_seconds)}${eta}`);
  card.querySelector(".progress div").style.width = `${Math.min(100, 100 * p.step / Math.max(p.steps, 1))}%`;
  card.dataset.step = p.step;
  lineChart(card.querySelector("canvas.loss"), { xLabel: "step", yLabel: "loss",
    series: [{ name: "training loss", x: p.losses.map(l => l[0]), y: p.losses.map(l => l[1]) },
             { name: "mean over each evaluation interval", x: p.history.map(h => h.step), y: p.history.map(h => h.train_loss), points: true },
             ...(p.history.some(h => "loss" in h.metrics) ? [{ name: "validation loss", x: p.history.map(h => h.step), y: p.history.map(h => +h.metrics.loss), points: true }] : [])] });
  const metricCanvas = card.querySelector("canvas.metric");
  metricCanvas.style.display = p.primary && p.primary !== "loss" ? "block" : "none";
  if (p.primary && p.primary !== "loss")
    lineChart(metricCanvas, { xLabel: "step", yLabel: p.primary, series: [{ name: `validation ${p.primary}`, x: p.history.map(h => h.step), y: p.history.map(h => +h.metrics[p.primary]), points: true, color: palette[2] }] });
  card.querySelector("pre.config").textContent = [p.command, ...p.describe, JSON.stringify(p.config, null, 1)].join("\n");
}

async function poll() {
  try {
    const { root, runs } = await (await fetch("/api/runs")).json();
    const list = document.getElementById("runs");
    if (!root) list.textContent = "No folder of runs: start rnn serve with --runs FOLDER (the --out of your training runs, or a folder above them).";
    else {
      document.getElementById("root").textContent = `The runs under ${root}, updated every second while they train.`;
      if (runs.length === 0) list.textContent = "No run yet: train with --out inside this folder.";
      else if (list.querySelector(".run") === null) list.replaceChildren();
      for (const run of runs) {
        let card = [...list.querySelectorAll(".run")].find(c => c.dataset.name === run.name);
        if (!card) list.append(card = runCard(run.name));
        update(card, run);
      }
    }
  } catch (e) { document.getElementById("runs").textContent = "The server is not answering: " + e.message; }
  setTimeout(poll, 1000);
}

navigation("/runs");
poll();
