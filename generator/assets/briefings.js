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

  /* Tables on phones (see briefings.css): in a table of three or more columns each body
     cell gets its column's header text as data-label and the table becomes cards; two
     columns wrap within any screen and stay a table; the home dashboard is labelled by its
     template. A wide table without one plain header row cannot become cards: it scrolls
     in a region the keyboard can reach, named after the table's caption or the heading
     above it. The words all come from the page. */
  function headerCells(table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1) { return null; }
    var cells = head.rows[0].cells;
    var plain = Array.prototype.every.call(table.querySelectorAll("th, td"), function (cell) {
      return cell.colSpan === 1 && cell.rowSpan === 1;
    });
    var even = Array.prototype.every.call(table.tBodies, function (body) {
      return Array.prototype.every.call(body.rows, function (row) { return row.cells.length === cells.length; });
    });
    return plain && even ? cells : null;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (a) { a.remove(); });
    return copy.textContent.trim();
  }

  function regionName(table) {
    if (table.caption) { return table.caption.textContent.trim(); }
    var node = table.closest(".md-typeset__scrollwrap") || table;
    for (node = node.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) { return headingText(node); }
    }
    var title = document.querySelector(".md-typeset h1");
    return title ? headingText(title) : document.title;
  }

  function scrollRegion(table) {
    var name = regionName(table);
    var box = table.closest(".md-typeset__scrollwrap");
    if (!box) {
      box = document.createElement("div");
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    box.classList.add("table-scroll");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name);
  }

  function fitTables() {
    var tables = document.querySelectorAll(".md-typeset table:not(.dashboard)");
    Array.prototype.forEach.call(tables, function (table) {
      var cells = headerCells(table);
      if (cells && cells.length < 3) { return; }
      if (!cells) { scrollRegion(table); return; }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (!cell.hasAttribute("data-label")) { cell.setAttribute("data-label", cells[i].textContent.trim()); }
          });
        });
      });
      table.setAttribute("data-cards", "");
    });
  }

  function init() {
    checkReviewDates();
    checkFreshness();
    setUpTimelineFilter();
    labelSearchDialog();
    fitTables();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
