/* Reader features that need the reader's clock or a click; the page works without them. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* A site built long ago must still warn once a brief is past its review date. */
  function checkReviewDates() {
    var banners = document.querySelectorAll(".review-banner[data-review-by]");
    Array.prototype.forEach.call(banners, function (banner) {
      if (banner.getAttribute("data-review-by") < today()) {
        banner.classList.add("review-banner--overdue");
        banner.textContent = "";
        var strong = document.createElement("strong");
        strong.textContent = "This brief may be out of date.";
        banner.appendChild(strong);
        banner.appendChild(document.createTextNode(
          " It was due for review by " + banner.getAttribute("data-due") +
          "; last reviewed on " + banner.getAttribute("data-reviewed") + "."));
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

  /* Filter the combined timeline by area and year; without JavaScript the full list shows. */
  function setUpTimelineFilter() {
    var form = document.getElementById("timeline-filter");
    if (!form) { return; }
    var area = document.getElementById("timeline-filter-area");
    var year = document.getElementById("timeline-filter-year");
    var count = document.getElementById("timeline-filter-count");
    var events = document.querySelectorAll("li.event[data-area]");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(events, function (li) {
        var ok = (!area.value || li.getAttribute("data-area") === area.value) &&
                 (!year.value || li.getAttribute("data-year") === year.value);
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      Array.prototype.forEach.call(document.querySelectorAll("ol.timeline--combined"), function (list) {
        var visible = list.querySelector("li.event:not([hidden])") !== null;
        list.hidden = !visible;
        var heading = document.getElementById("year-" + list.getAttribute("data-year"));
        if (heading) { heading.hidden = !visible; }
      });
      count.textContent = shown + " of " + events.length + " events";
    }
    area.addEventListener("change", apply);
    year.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* The theme's search panel is a dialog without a name; screen readers need one. */
  function labelSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "Search"); }
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
