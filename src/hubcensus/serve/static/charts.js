// Draws the charts a page carries as JSON (<script type="application/json" data-spec>), next to them.
for (const holder of document.querySelectorAll("[data-chart]")) {
  const spec = JSON.parse(holder.querySelector("script[data-spec]").textContent);
  const target = holder.querySelector(".vega");
  // ast: expressions run in Vega's interpreter, so the page needs no eval (see the CSP).
  window.vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
    .then(() => { holder.dataset.state = "done"; })
    .catch((err) => { holder.dataset.state = "error"; target.textContent = `chart failed: ${err.message}`; });
}
