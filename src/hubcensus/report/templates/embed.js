(function () {
  "use strict";
  var options = { actions: false, renderer: "svg", mode: "vega-lite" };
  var charts = document.querySelectorAll("[data-spec]");
  Array.prototype.forEach.call(charts, function (el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (err) {
      el.classList.add("failed");
      el.textContent = "This chart's data could not be read.";
      console.error(err);
      return;
    }
    window.vegaEmbed(el, spec, options).then(function () {
      el.classList.add("drawn");
    }).catch(function (err) {
      el.classList.add("failed");
      el.textContent = "This chart could not be drawn: " + (err && err.message ? err.message : err);
      console.error(err);
    });
  });
})();
