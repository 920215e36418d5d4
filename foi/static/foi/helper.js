// The request form's helper: as the applicant types, records already public are listed with links.
(function () {
  var box = document.getElementById("foi-helper");
  var area = document.querySelector("textarea[data-helper]");
  if (!box || !area || !window.fetch) return;
  var list = document.getElementById("foi-helper-list");
  var timer = null;
  function show(results) {
    while (list.firstChild) list.removeChild(list.firstChild);
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;  // text, never HTML
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      var note = document.createTextNode("（" + r.kind + (r.unit ? "·" + r.unit : "") + "）");
      li.appendChild(note);
      list.appendChild(li);
    });
    box.hidden = results.length === 0;
  }
  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = area.value.trim();
      if (q.length < 2) { show([]); return; }
      fetch(box.dataset.url + "?q=" + encodeURIComponent(q.slice(0, 200)), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { show(data.results || []); })
        .catch(function () {});
    }, 350);
  });
})();
