(function () {
  "use strict";
  var d = document, cur = null;
  d.documentElement.className += " js";
  function hitOf(t) { return t && t.closest ? t.closest("mark.hit[data-tip]") : null; }
  function show(e) {
    var m = hitOf(e.target);
    if (!m) return;
    m.classList.remove("tip-off", "tip-r");
    var r = m.getBoundingClientRect(), w = Math.min(22 * 17, innerWidth * 0.86);
    if (r.left + w > d.documentElement.clientWidth - 8) m.classList.add("tip-r");
    if (cur) cur.classList.remove("cur");
    cur = d.getElementById(m.getAttribute("aria-describedby") || "");
    if (cur) cur.classList.add("cur");
  }
  d.addEventListener("mouseover", show);
  d.addEventListener("focusin", show);
  d.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = d.querySelectorAll("mark.hit:hover, mark.hit:focus");
    for (var i = 0; i < open.length; i++) open[i].classList.add("tip-off");
  });
  function scrollers() {
    var s = d.querySelectorAll(".scroll");
    for (var i = 0; i < s.length; i++) {
      if (s[i].scrollWidth > s[i].clientWidth + 1) s[i].setAttribute("tabindex", "0");
      else s[i].removeAttribute("tabindex");
    }
  }
  scrollers();
  addEventListener("resize", scrollers);
  addEventListener("beforeprint", function () {
    var ds = d.querySelectorAll("details");
    for (var i = 0; i < ds.length; i++) ds[i].open = true;
  });
})();
