/* Reader features that need the reader's clock or a click; the page works without them. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* A site built long ago must still warn once a brief is past its review date.
     Every word comes from the page (data-overdue, data-overdue-detail): the script knows no language. */
  function checkReviewDates() {
    var banners = document.querySelectorAll(".review-banner[data-review-by]");
    Array.prototype.forEach.call(banners, function (banner) {
      if (banner.getAttribute("data-review-by") < today()) {
        banner.classList.add("review-banner--overdue");
        banner.textContent = "";
        var strong = document.createElement("strong");
        strong.textContent = banner.getAttribute("data-overdue");
        banner.appendChild(strong);
        banner.appendChild(document.createTextNode(" " + banner.getAttribute("data-overdue-detail")));
      }
    });
  }

  /* The same for every "out of date" mark: the brief's last current day has passed.
     The word comes from the page (data-label), so the script knows no language. */
  function checkFreshness() {
    var marks = document.querySelectorAll(".freshness[data-fresh-until]");
    Array.prototype.forEach.call(marks, function (mark) {
      if (mark.getAttribute("data-fresh-until") < today() && !mark.classList.contains("freshness--stale")) {
        mark.classList.add("freshness--stale");
        mark.textContent = mark.getAttribute("data-label");
      }
    });
  }

  /* The count's words in the plural form the page's language uses for `total`
     (data-text-one, data-text-other, ...: the site's words, chosen by the browser's rules). */
  function countText(count, total) {
    var form = "other";
    try { form = new Intl.PluralRules(document.documentElement.lang || undefined).select(total); } catch (e) { /* old browser */ }
    return count.getAttribute("data-text-" + form) || count.getAttribute("data-text-other");
  }

  /* The combined timeline.  Without JavaScript the area links (#area-<id>) filter
     through the stylesheet; the script adds a menu bound to the same address, a count,
     and a button that flips the order (newest first by default). */
  function setUpTimelineFilter() {
    var form = document.getElementById("timeline-filter");
    if (!form) { return; }
    var area = document.getElementById("timeline-filter-area");
    var count = document.getElementById("timeline-filter-count");
    var order = document.getElementById("timeline-order");
    var list = document.querySelector("ol.timeline--combined");
    var events = list ? list.querySelectorAll("li.event[data-area]") : [];
    function chosen() {
      var match = /^#area-(.+)$/.exec(window.location.hash);
      return match ? decodeURIComponent(match[1]) : "";
    }
    function show() {
      var value = chosen();
      area.value = Array.prototype.some.call(area.options, function (o) { return o.value === value; }) ? value : "";
      var shown = 0;
      Array.prototype.forEach.call(events, function (li) {
        if (!area.value || li.getAttribute("data-area") === area.value) { shown += 1; }
      });
      count.textContent = countText(count, events.length)
        .replace("{shown}", String(shown)).replace("{total}", String(events.length));
      /* Year links keep the chosen area. */
      Array.prototype.forEach.call(document.querySelectorAll(".timeline-index__years a, .timeline-index__parts a"), function (a) {
        a.hash = area.value ? "area-" + area.value : "";
      });
    }
    area.addEventListener("change", function () {
      var y = window.scrollY;
      window.location.hash = area.value ? "area-" + area.value : "timeline-events";
      window.scrollTo(0, y);  /* filtering should not jump the page */
    });
    window.addEventListener("hashchange", show);
    order.addEventListener("click", function () {
      var items = Array.prototype.slice.call(list.children).reverse();
      items.forEach(function (li) { list.appendChild(li); });
      var oldest = order.getAttribute("aria-pressed") !== "true";
      order.setAttribute("aria-pressed", oldest ? "true" : "false");
      order.textContent = order.getAttribute(oldest ? "data-newest" : "data-oldest");
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    show();
  }

  /* The theme's search panel is a dialog without a name; screen readers need one: the
     name of its search box, which the theme writes in the site's language. */
  function labelSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    var input = dialog && dialog.querySelector("input[aria-label]");
    if (input && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", input.getAttribute("aria-label")); }
  }

  function init() {
    checkReviewDates();
    checkFreshness();
    setUpTimelineFilter();
    labelSearchDialog();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
