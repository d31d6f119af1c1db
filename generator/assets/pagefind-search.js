/* Site search with Pagefind: a search box in the header, each result linking to its page.
 *
 * Loaded only on sites whose `extra.briefings.search` picks Pagefind (the build adds it
 * to extra_javascript).  The box reuses the theme's search markup and styles, so it
 * looks and opens like the theme's own; the words come from the theme's translations.
 * Pagefind's bundle (pagefind/pagefind.js) is fetched on the first keystroke only, and
 * each query then downloads just the index chunks that hold its words.
 */
(function () {
  "use strict";

  var ICONS = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"
  };
  var MAX_RESULTS = 10;

  function themeConfig() {
    var node = document.getElementById("__config");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function count(t, n) {
    if (n === 0) return t["search.result.none"] || "0";
    if (n === 1) return t["search.result.one"] || "1";
    return (t["search.result.other"] || "#").replace("#", String(n));
  }

  function setUp() {
    var header = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!header || !toggle || document.querySelector(".md-search[data-pagefind]")) return;
    var config = themeConfig();
    var t = config.translations || {};
    var base = new URL(config.base || ".", location.href);
    var words = t["search.result.placeholder"] || "";

    var input = el("input", {
      type: "text", "class": "md-search__input", name: "query", placeholder: words,
      "aria-label": words, autocapitalize: "off", autocorrect: "off", autocomplete: "off",
      spellcheck: "false"
    });
    var meta = el("div", { "class": "md-search-result__meta", role: "status" });
    meta.textContent = words;
    var list = el("ol", { "class": "md-search-result__list", role: "presentation" });
    var reset = el("button", { type: "reset", "class": "md-search__icon md-icon", "aria-label": "×", tabindex: "-1" }, [icon("close")]);
    var form = el("form", { "class": "md-search__form", name: "pagefind" }, [
      input,
      el("label", { "class": "md-search__icon md-icon", "for": "__search" }, [icon("magnify"), icon("back")]),
      el("nav", { "class": "md-search__options" }, [reset])
    ]);
    var box = el("div", { "class": "md-search", role: "dialog", "data-pagefind": "" }, [
      el("label", { "class": "md-search__overlay", "for": "__search" }),
      el("div", { "class": "md-search__inner", role: "search" }, [
        form,
        el("div", { "class": "md-search__output" }, [
          el("div", { "class": "md-search__scrollwrap", tabindex: "0" }, [
            el("div", { "class": "md-search-result" }, [meta, list])
          ])
        ])
      ])
    ]);
    var button = el("label", { "class": "md-header__button md-icon", "for": "__search" }, [icon("magnify")]);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
    header.insertBefore(box, source);

    var pagefind = null;
    var latest = 0;
    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
          return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
        });
      }
      return pagefind;
    }

    function show(results, n, query) {
      list.textContent = "";
      meta.textContent = count(t, n);
      results.forEach(function (data) {
        var article = el("article", { "class": "md-search-result__article md-typeset" });
        var title = el("h1");
        title.textContent = (data.meta && data.meta.title) || data.url;
        var excerpt = el("p");
        excerpt.innerHTML = data.excerpt;  /* Pagefind escapes the page text; it adds only <mark> */
        article.appendChild(title);
        article.appendChild(excerpt);
        var item = el("li", { "class": "md-search-result__item" }, [
          el("a", { href: data.url, "class": "md-search-result__link", tabindex: "-1" }, [article])
        ]);
        list.appendChild(item);
      });
      list.setAttribute("data-query", query);
    }

    function search() {
      var query = input.value.trim();
      var mine = ++latest;
      if (!query) { list.textContent = ""; meta.textContent = words; return; }
      load().then(function (pf) { return pf.search(query); }).then(function (found) {
        if (mine !== latest) return null;
        return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
          .then(function (data) { if (mine === latest) show(data, found.results.length, query); });
      }).catch(function () {
        /* No bundle: a preview, or a site built with lunr; say there is nothing to find. */
        if (mine === latest) { list.textContent = ""; meta.textContent = count(t, 0); }
      });
    }

    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
    input.addEventListener("focus", function () { toggle.checked = true; });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    form.addEventListener("reset", function () { setTimeout(search, 0); });
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.checked) { toggle.checked = false; input.blur(); }
      else if ((e.key === "/" || e.key === "s") && !toggle.checked &&
               !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
        e.preventDefault(); toggle.checked = true; input.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
