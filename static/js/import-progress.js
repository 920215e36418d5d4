/* The catalog import's progress page: polls the job's JSON status and moves the bar; when the job has
   finished it goes to the result page. Vendored, no framework; loaded with `defer` (CSP: script-src 'self'). */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var fill = box.querySelector("[data-progress-fill]");
  var bar = box.querySelector("[role=progressbar]");
  var label = box.querySelector("[data-progress-label]");
  var percent = box.querySelector("[data-progress-percent]");
  var count = box.querySelector("[data-progress-count]");
  var delay = 1000;

  function show(data) {
    var value = Math.max(0, Math.min(100, parseInt(data.percent, 10) || 0));
    fill.style.width = value + "%";
    bar.setAttribute("aria-valuenow", String(value));
    percent.textContent = value + "%";
    label.textContent = data.label || "";
    count.textContent = data.total ? "（" + data.done + "/" + data.total + "）" : "";
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.assign(data.result_url || box.getAttribute("data-result-url"));
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, 500);
})();
