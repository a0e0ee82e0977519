// Saved jobs and sharing, without an account. The saved vacancies are kept only in this browser
// (localStorage): title, company, place, closing date and address, so /saved can show them even
// offline. Nothing here is sent to the server. The buttons this script drives are hidden in the
// HTML and shown only here, so a visitor without JavaScript meets no dead button.
(function () {
  "use strict";
  var KEY = "loket-saved-jobs";
  var MAX_SAVED = 200;
  var VACANCY_PATH = /^\/vacancies\/\d+$/;

  function text(value, limit) { return typeof value === "string" ? value.slice(0, limit) : ""; }

  // What is kept, checked on the way in: storage can be edited by hand or by an old version.
  function clean(item) {
    if (!item || typeof item !== "object") { return null; }
    var id = parseInt(item.id, 10);
    if (!(id > 0)) { return null; }
    var url = VACANCY_PATH.test(item.url) ? item.url : "/vacancies/" + id;
    var closing = /^\d{4}-\d{2}-\d{2}$/.test(item.closing) ? item.closing : "";
    return { id: id, title: text(item.title, 300), company: text(item.company, 200), place: text(item.place, 200),
             url: url, closing: closing, saved: text(item.saved, 40) };
  }

  function storageWorks() {
    try {
      window.localStorage.setItem(KEY + "-test", "1");
      window.localStorage.removeItem(KEY + "-test");
      return true;
    } catch (e) { return false; }
  }

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(stored) ? stored.map(clean).filter(Boolean) : [];
    } catch (e) { return []; }
  }

  function store(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items.slice(0, MAX_SAVED))); return true; } catch (e) { return false; }
  }

  function isSaved(id) { return load().some(function (item) { return item.id === id; }); }

  function add(item) {
    var items = load().filter(function (kept) { return kept.id !== item.id; });
    items.unshift(item);
    return store(items);
  }

  function remove(id) { return store(load().filter(function (item) { return item.id !== id; })); }

  function announce(message) {
    var status = document.querySelector("[data-saved-status]");
    if (!status || !message) { return; }
    // Emptied first, so the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  var canStore = storageWorks();

  // "Save" buttons on cards and on the vacancy page --------------------------------------------
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-save-job]"));
  function idOf(button) { return parseInt(button.getAttribute("data-id"), 10); }
  function refresh() {
    buttons.forEach(function (button) { button.setAttribute("aria-pressed", isSaved(idOf(button)) ? "true" : "false"); });
  }
  if (canStore) {
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var id = idOf(button);
        var status = document.querySelector("[data-saved-status]");
        if (isSaved(id)) {
          remove(id);
          announce(status && status.getAttribute("data-removed-text"));
        } else {
          add(clean({ id: id, title: button.getAttribute("data-title"), company: button.getAttribute("data-company"),
                      place: button.getAttribute("data-place"), url: button.getAttribute("data-url"),
                      closing: button.getAttribute("data-closing"), saved: new Date().toISOString().slice(0, 10) }));
          announce(status && status.getAttribute("data-saved-text"));
        }
        refresh();
      });
    });
    refresh();
  }

  // The saved-jobs page ------------------------------------------------------------------------
  var page = document.querySelector("[data-saved-jobs]");
  var list = document.querySelector("[data-saved-list]");
  var template = document.querySelector("template[data-saved-item]");
  function formatDate(iso) {
    try {
      return new Date(iso + "T12:00:00").toLocaleDateString(document.documentElement.lang || undefined,
        { day: "numeric", month: "short", year: "numeric" });
    } catch (e) { return iso; }
  }
  function render(focusAfterRemoval) {
    var items = load();
    var count = document.querySelector("[data-saved-count]");
    count.textContent = items.length === 1 ? count.getAttribute("data-one")
      : count.getAttribute("data-many").replace("{n}", String(items.length));
    document.querySelector("[data-saved-empty]").hidden = items.length > 0;
    list.hidden = items.length === 0;
    list.replaceChildren();
    items.forEach(function (item) {
      var node = template.content.firstElementChild.cloneNode(true);
      var link = node.querySelector('[data-field="title"]');
      link.textContent = item.title || item.url;
      link.href = item.url;
      node.querySelector('[data-field="company"]').textContent = item.company;
      node.querySelector('[data-field="place"]').textContent = item.place;
      var closing = node.querySelector('[data-field="closing-line"]');
      if (item.closing) {
        // Dates as YYYY-MM-DD compare as text; today in the visitor's own time zone.
        var now = new Date();
        var today = [now.getFullYear(), String(now.getMonth() + 1).padStart(2, "0"), String(now.getDate()).padStart(2, "0")].join("-");
        var passed = item.closing < today;
        closing.textContent = closing.getAttribute(passed ? "data-passed-text" : "data-text").replace("{date}", formatDate(item.closing));
      }
      else { closing.remove(); }
      node.querySelector('[data-field="remove-title"]').textContent = ": " + (item.title || item.url);
      node.querySelector("[data-remove]").addEventListener("click", function () {
        remove(item.id);
        render(true);
        announce(document.querySelector("[data-saved-status]").getAttribute("data-removed-text"));
      });
      list.appendChild(node);
    });
    // A removed item's button is gone: keep the keyboard in the page, on the count.
    if (focusAfterRemoval) { count.setAttribute("tabindex", "-1"); count.focus(); }
  }
  if (page && list && template && canStore) {
    var nojs = document.querySelector("[data-saved-nojs]");
    if (nojs) { nojs.hidden = true; }
    page.hidden = false;
    render(false);
  }

  // Another tab saved or removed something: show the same.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) { return; }
    refresh();
    if (page && list && template && canStore) { render(false); }
  });

  // Share (vacancy page): the system's share sheet where there is one, else copy the link ----------
  var share = document.querySelector("[data-share]");
  if (share) {
    var shareStatus = document.querySelector("[data-share-status]");
    var fallback = document.querySelector("[data-share-fallback]");
    var url = share.getAttribute("data-url");
    var canShare = typeof navigator.share === "function";
    var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText);
    var say = function (message) { shareStatus.textContent = message; };
    var showFallback = function () {
      say(share.getAttribute("data-copy-failed"));
      fallback.hidden = false;
      var input = fallback.querySelector("input");
      input.focus();
      input.select();
    };
    if (!canShare) { share.textContent = share.getAttribute("data-copy-label"); }
    share.hidden = false;
    share.addEventListener("click", function () {
      say("");
      if (canShare) {
        navigator.share({ title: share.getAttribute("data-title"), url: url })
          .then(function () { say(share.getAttribute("data-shared")); })
          .catch(function (error) { if (!error || error.name !== "AbortError") { showFallback(); } });
      } else if (canCopy) {
        navigator.clipboard.writeText(url)
          .then(function () { say(share.getAttribute("data-copied")); })
          .catch(showFallback);
      } else {
        showFallback();
      }
    });
  }

  // Offline: a small service worker keeps the saved-jobs page and its files (static/js/sw.js).
  if (canStore && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/saved" }).catch(function () { /* online only: fine */ });
  }
}());
