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

  /* The combined timeline.  Its area links lead to each area's own pages (every event of
     the area); the script adds a menu bound to them, a button that flips the order (newest
     first by default), and resolves an event's permalink (`timeline/#<event-id>`) to the
     page of its year through `timeline/events.json`.  An old `#area-<id>` address goes
     to that area's pages. */
  function resolveTimelineAnchor(events) {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (!hash || document.getElementById(hash)) { return; }
    var area = /^area-(.+)$/.exec(hash);
    var link = area && document.querySelector('.timeline-index__areas a[data-area="' + CSS.escape(area[1]) + '"]');
    if (link) { window.location.replace(link.href); return; }
    fetch(events.getAttribute("data-pages")).then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (pages) {
        if (Object.prototype.hasOwnProperty.call(pages, hash)) {
          window.location.replace(events.getAttribute("data-root") + pages[hash] + "#" + encodeURIComponent(hash));
        }
      }).catch(function () { /* the page stays as it is */ });
  }

  function setUpTimelineFilter() {
    var form = document.getElementById("timeline-filter");
    var events = document.getElementById("timeline-events");
    if (!form || !events) { return; }
    var area = document.getElementById("timeline-filter-area");
    var order = document.getElementById("timeline-order");
    var list = document.querySelector("ol.timeline--combined");
    area.addEventListener("change", function () { window.location.href = area.value; });
    order.addEventListener("click", function () {
      var items = Array.prototype.slice.call(list.children).reverse();
      items.forEach(function (li) { list.appendChild(li); });
      var oldest = order.getAttribute("aria-pressed") !== "true";
      order.setAttribute("aria-pressed", oldest ? "true" : "false");
      order.textContent = order.getAttribute(oldest ? "data-newest" : "data-oldest");
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    resolveTimelineAnchor(events);
    window.addEventListener("hashchange", function () { resolveTimelineAnchor(events); });
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
