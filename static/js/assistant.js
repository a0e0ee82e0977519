// The assistant as a chat: posts to /api/v1/ask and adds each answer to the live region.
// Without this script the same form posts to /assistant and the page shows the answer.
// Every text goes in through textContent, so nothing from a question or answer is parsed as HTML.
(function () {
  "use strict";
  var chat = document.querySelector("[data-chat]");
  if (!chat || !window.fetch) { return; }
  var form = chat.querySelector("[data-chat-form]");
  var log = chat.querySelector("[data-chat-log]");
  var status = chat.querySelector("[data-chat-status]");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : (form.querySelector('input[name="csrf_token"]') || {}).value;
  var labels = JSON.parse(chat.getAttribute("data-labels") || "{}");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function safeHref(url) {
    return /^(https?:\/\/|\/)/.test(url) ? url : "#";
  }

  function label(key, lang) {
    var set = labels[lang] || labels.en || {};
    return set[key] || key;
  }

  function render(question, data) {
    var lang = data.language;
    var turn = el("article", { "class": "chat-turn", lang: lang });
    var q = el("p", { "class": "chat-question" });
    q.appendChild(el("span", { "class": "visually-hidden" }, label("you_asked", lang) + " "));
    q.appendChild(document.createTextNode(question));
    turn.appendChild(q);
    if (data.notice) { turn.appendChild(el("p", { "class": "chat-notice", lang: "en" }, data.notice)); }
    var answer = el("div", { "class": "chat-answer" + (data.handoff ? " chat-handoff" : "") });
    answer.appendChild(el("p", {}, data.answer));
    if (data.handoff) {
      var p = el("p");
      p.appendChild(el("a", { href: safeHref(data.loket.url) }, label("reach_loket", lang)));
      if (data.loket.booking_url) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(el("a", { href: safeHref(data.loket.booking_url) }, label("book", lang)));
      }
      answer.appendChild(p);
    }
    turn.appendChild(answer);
    if (data.sources.length) {
      var sources = el("div", { "class": "chat-sources" });
      sources.appendChild(el("p", { "class": "chat-label" }, label("sources", lang)));
      var ul = el("ul");
      data.sources.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("a", { href: safeHref(s.url) }, s.title + " – " + s.section));
        li.appendChild(el("span", { "class": "chat-reviewed" }, " (" + label("reviewed", lang) + " " + s.reviewed + ")"));
        ul.appendChild(li);
      });
      sources.appendChild(ul);
      turn.appendChild(sources);
    }
    if (data.vacancies.length) {
      var vacancies = el("div", { "class": "chat-vacancies" });
      vacancies.appendChild(el("p", { "class": "chat-label" }, label("vacancies", lang)));
      var list = el("ul");
      data.vacancies.forEach(function (v) {
        var li = el("li");
        li.appendChild(el("a", { href: safeHref(v.url) }, v.title));
        li.appendChild(document.createTextNode(" – " + v.company + ", " + v.city + " "));
        if (!v.dutch_required) { li.appendChild(el("span", { "class": "tag tag-good" }, label("no_dutch", lang))); }
        if (v.visa_sponsorship) { li.appendChild(el("span", { "class": "tag tag-good" }, label("visa", lang))); }
        list.appendChild(li);
      });
      vacancies.appendChild(list);
      turn.appendChild(vacancies);
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

  form.addEventListener("submit", function (event) {
    var textarea = form.querySelector("textarea");
    var question = textarea.value.trim();
    if (!question) { return; }  // let the browser and the server explain
    event.preventDefault();
    var lang = form.querySelector("select[name=lang]").value || undefined;
    status.textContent = label("thinking", document.documentElement.lang);
    fetch("/api/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: question, lang: lang }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      status.textContent = "";
      if (!result.ok) { status.textContent = result.data.error || label("error", document.documentElement.lang); return; }
      render(question, result.data);
      textarea.value = "";
      textarea.focus();
    }).catch(function () {
      status.textContent = label("error", document.documentElement.lang);
    });
  });
}());
