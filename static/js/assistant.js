// The assistant as a chat: posts to /api/v1/ask and adds each answer to the live region.
// Without this script the same form posts to /assistant and the page shows the answer.
// Every text goes in through textContent and createElement, so nothing from a question or an
// answer is ever parsed as HTML; links only take http(s) or site-relative addresses.
(function () {
  "use strict";
  var chat = document.querySelector("[data-chat]");
  if (!chat || !window.fetch) { return; }
  var form = chat.querySelector("[data-chat-form]");
  var log = chat.querySelector("[data-chat-log]");
  var status = chat.querySelector("[data-chat-status]");
  var suggestions = chat.querySelector("[data-chat-suggestions]");
  var textarea = form.querySelector("textarea");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : (form.querySelector('input[name="csrf_token"]') || {}).value;
  var labels = JSON.parse(chat.getAttribute("data-labels") || "{}");
  var pageLang = document.documentElement.lang;
  var MAX_HISTORY = 3;
  // The earlier questions of this conversation, oldest first: in memory only, sent with each question.
  var history = [];
  form.querySelectorAll("[data-chat-history]").forEach(function (input) {
    history.push(input.value);
    input.remove();  // the script sends the history itself
  });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function safeHref(url) {
    return /^(https?:\/\/|\/(?!\/))/.test(url || "") ? url : "#";
  }

  function label(key, lang) {
    var set = labels[lang] || labels.en || {};
    return set[key] || key;
  }

  // A review date (YYYY-MM-DD) as the page without JavaScript shows it: Babel's "medium" format.
  function formatDate(iso, lang) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!match || !window.Intl) { return iso; }
    var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(date);
    } catch (e) { return iso; }
  }

  // The answer: structured blocks with links when the API sends them, else the plain text.
  function answerContent(container, data) {
    if (!Array.isArray(data.blocks) || !data.blocks.length) {
      container.appendChild(el("p", {}, data.answer));
      return;
    }
    var list = null;
    data.blocks.forEach(function (block) {
      var node = el(block.type === "li" ? "li" : "p");
      (block.segments || []).forEach(function (segment) {
        if (segment.href) {
          node.appendChild(el("a", { href: safeHref(segment.href) }, segment.text || ""));
        } else {
          node.appendChild(document.createTextNode(segment.text || ""));
        }
      });
      if (block.type === "li") {
        if (!list) { list = el("ul"); container.appendChild(list); }
        list.appendChild(node);
      } else {
        list = null;
        container.appendChild(node);
      }
    });
  }

  function copyButton(url, lang) {
    var box = el("p", { "class": "chat-copy" });
    var button = el("button", { type: "button", "class": "button-secondary" }, label("copy_link", lang));
    var said = el("span", { "class": "chat-copy-status", role: "status" });
    var absolute = new URL(url, window.location.href).href;
    button.addEventListener("click", function () {
      var fallback = function () {
        // No clipboard (an old browser, or not allowed): show the address ready to copy by hand.
        said.textContent = "";
        var field = el("input", { type: "text", readonly: "readonly", value: absolute, "aria-label": label("copy_here", lang) });
        box.replaceChildren(el("span", {}, label("copy_here", lang) + " "), field);
        field.focus();
        field.select();
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) { fallback(); return; }
      navigator.clipboard.writeText(absolute).then(function () {
        said.textContent = label("link_copied", lang);
      }, fallback);
    });
    box.appendChild(button);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(said);
    return box;
  }

  function render(question, data) {
    var lang = data.language;
    var turn = el("article", { "class": "chat-turn", lang: lang, tabindex: "-1" });
    var q = el("p", { "class": "chat-question" });
    q.appendChild(el("span", { "class": "visually-hidden" }, label("you_asked", lang) + " "));
    q.appendChild(document.createTextNode(question));
    turn.appendChild(q);
    if (data.notice) {
      var notice = el("p", { "class": "chat-notice", lang: data.notice_lang || "en" }, data.notice);
      if (data.dir) { notice.setAttribute("dir", data.dir); }  // e.g. right to left for an Arabic question
      turn.appendChild(notice);
    }
    // Answers are in English or Dutch: left to right, whatever the question's script.
    var answer = el("div", { "class": "chat-answer" + (data.handoff ? " chat-handoff" : ""), lang: lang, dir: "ltr" });
    answerContent(answer, data);
    if (data.handoff && data.loket) {
      var p = el("p");
      p.appendChild(el("a", { href: safeHref(data.loket.url) }, label("reach_loket", lang)));
      if (data.loket.booking_url) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(el("a", { href: safeHref(data.loket.booking_url) }, label("book", lang)));
      }
      answer.appendChild(p);
    }
    turn.appendChild(answer);
    var sources = data.sources || [];
    if (sources.length) {
      var box = el("div", { "class": "chat-sources" });
      box.appendChild(el("p", { "class": "chat-label" }, label("sources", lang)));
      var ul = el("ul");
      sources.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("a", { href: safeHref(s.url) }, s.title + " – " + s.section));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", { "class": "chat-reviewed" },
          "(" + label("reviewed", lang).replace("%(date)s", formatDate(s.reviewed, lang)) + ")"));
        (s.links || []).slice(0, 2).forEach(function (link) {
          li.appendChild(el("br"));
          li.appendChild(el("a", { "class": "chat-official", href: safeHref(link), rel: "noopener" }, link));
        });
        ul.appendChild(li);
      });
      box.appendChild(ul);
      turn.appendChild(box);
      turn.appendChild(copyButton(safeHref(sources[0].url), lang));
    }
    var vacancies = data.vacancies || [];
    if (vacancies.length) {
      var jobs = el("div", { "class": "chat-vacancies" });
      jobs.appendChild(el("p", { "class": "chat-label" }, label("vacancies", lang)));
      var list = el("ul");
      vacancies.forEach(function (v) {
        var li = el("li");
        li.appendChild(el("a", { href: safeHref(v.url) }, v.title));
        li.appendChild(document.createTextNode(" – " + v.company + ", " + v.city + " "));
        if (!v.dutch_required) { li.appendChild(el("span", { "class": "tag tag-good" }, label("no_dutch", lang))); }
        if (v.visa_sponsorship) { li.appendChild(el("span", { "class": "tag tag-good" }, label("visa", lang))); }
        list.appendChild(li);
      });
      jobs.appendChild(list);
      turn.appendChild(jobs);
    }
    if (data.feedback_token) {
      var fb = el("div", { "class": "chat-feedback" });
      fb.appendChild(el("span", {}, label("helpful", lang) + " "));
      [["up", "👍", "yes"], ["down", "👎", "no"]].forEach(function (choice) {
        var button = el("button", { type: "button", "class": "button-secondary" }, choice[1] + " ");
        button.appendChild(el("span", { "class": "visually-hidden" }, label(choice[2], lang)));
        button.addEventListener("click", function () { sendFeedback(data.feedback_token, choice[0], fb, lang); });
        fb.appendChild(button);
      });
      turn.appendChild(fb);
    }
    log.appendChild(turn);
    return turn;
  }

  function sendFeedback(token, value, box, lang) {
    fetch("/api/v1/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ token: token, value: value }),
      credentials: "same-origin"
    }).then(function (response) {
      box.textContent = response.ok ? label("thanks", lang) : label("error", lang);
    });
  }

  // The new answer stays in view: focus on it (not on the box, which would scroll it away on a
  // phone), its top at the top of the screen; a bounded log scrolls within itself too.
  function showTurn(turn) {
    turn.focus({ preventScroll: true });
    turn.scrollIntoView({ block: "start" });
  }

  function ask(question) {
    var lang = form.querySelector("select[name=lang]").value || null;
    status.textContent = label("thinking", pageLang);
    var earlier = history.slice(-MAX_HISTORY).map(function (q) { return { question: q }; });
    return fetch("/api/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: question, lang: lang, history: earlier }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      status.textContent = "";
      if (!result.ok) { status.textContent = result.data.error || label("error", pageLang); return; }
      history = history.concat([question]).slice(-MAX_HISTORY);
      textarea.value = "";
      if (suggestions) { suggestions.hidden = true; }
      newButton.hidden = false;
      showTurn(render(question, result.data));
    }).catch(function () {
      status.textContent = label("error", pageLang);
    });
  }

  form.addEventListener("submit", function (event) {
    var question = textarea.value.trim();
    if (!question) { return; }  // let the browser and the server explain
    event.preventDefault();
    ask(question);
  });

  // Enter sends, Shift+Enter adds a line (not while an input method is composing a character).
  textarea.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) { return; }
    event.preventDefault();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.dispatchEvent(new Event("submit", { cancelable: true })); }
  });
  var keys = form.querySelector("[data-chat-keys]");
  if (keys) {
    keys.hidden = false;
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + keys.id);
  }

  if (suggestions) {
    suggestions.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.value) { return; }
      event.preventDefault();
      ask(button.value);
    });
  }

  // "New conversation": forget the history and the answers on the page, start again.
  var newButton = el("button", { type: "button", "class": "button-secondary" }, label("new_conversation", pageLang));
  newButton.hidden = !history.length;
  var link = form.querySelector("[data-chat-new]");
  if (link) { link.replaceWith(newButton); } else { form.querySelector(".chat-actions").appendChild(newButton); }
  newButton.addEventListener("click", function () {
    history = [];
    log.replaceChildren();
    status.textContent = "";
    textarea.value = "";
    newButton.hidden = true;
    if (suggestions) { suggestions.hidden = false; }
    textarea.focus();
  });
}());
