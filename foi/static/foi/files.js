// File fields in Chinese: the browser's own button speaks the browser's language, so it is hidden behind a
// label (选择文件) and the chosen names are shown next to it.
(function () {
  document.querySelectorAll(".foi-file input[type=file]").forEach(function (input) {
    var names = document.querySelector('.foi-file-names[data-for="' + input.id + '"]');
    if (!names) return;
    input.addEventListener("change", function () {
      var list = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      names.textContent = list.length ? "已选择 " + list.length + " 个：" + list.join("、") : "未选择文件";
    });
  });
})();
