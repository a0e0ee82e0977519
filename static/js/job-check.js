// "Can I take this job?" in the browser. The visitor's answers are kept only in this browser
// (localStorage), never sent anywhere by this script. On a vacancy page it shows, without a page
// load, the outcome the server already rendered into a <template> for those answers; on the list
// it offers the filter "reaches the salary criterion for me". Which answers lead to which outcome
// comes from the page (data-outcomes), so the rule itself lives on the server.
// Without this script the form posts back to the vacancy page and the server answers.
(function () {
  "use strict";
  var KEY = "loket-job-check";
  var QUESTIONS = ["eu", "age30", "graduate"];

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (!stored || typeof stored !== "object") { return null; }
      var answers = {};
      QUESTIONS.forEach(function (q) { answers[q] = stored[q] === "yes" || stored[q] === "no" ? stored[q] : ""; });
      return answers;
    } catch (e) { return null; }  // storage disabled or unreadable: behave as if nothing is kept
  }

  function save(answers) {
    try { window.localStorage.setItem(KEY, JSON.stringify(answers)); } catch (e) { /* not kept: fine */ }
  }

  function forget() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing to forget */ }
  }

  function outcomeKey(outcomes, answers) {
    if (!answers) { return null; }
    var key = answers.eu === "yes" ? "yes" : [answers.eu, answers.age30, answers.graduate].join(",");
    return Object.prototype.hasOwnProperty.call(outcomes, key) ? outcomes[key] : null;
  }

  function parseOutcomes(node) {
    try { return JSON.parse(node.getAttribute("data-outcomes") || "{}"); } catch (e) { return {}; }
  }

  // The vacancy page -----------------------------------------------------------------------
  var box = document.querySelector("[data-job-check]");
  if (box) {
    var outcomes = parseOutcomes(box);
    var form = box.querySelector("[data-job-check-form]");
    var result = box.querySelector("[data-job-check-result]");
    var forgetButton = box.querySelector("[data-job-check-forget]");

    var read = function () {
      var answers = {};
      QUESTIONS.forEach(function (q) {
        var checked = form.querySelector('input[name="' + q + '"]:checked');
        answers[q] = checked ? checked.value : "";
      });
      return answers;
    };

    var fill = function (answers) {
      QUESTIONS.forEach(function (q) {
        form.querySelectorAll('input[name="' + q + '"]').forEach(function (input) {
          input.checked = input.value === answers[q];
        });
      });
    };

    // EU/EEA/Swiss citizens need not answer the other two questions.
    var toggleFollowUps = function () {
      var eu = read().eu === "yes";
      form.querySelectorAll("[data-question]").forEach(function (fieldset) {
        if (fieldset.getAttribute("data-question") !== "eu") { fieldset.hidden = eu; }
      });
    };

    var show = function (outcome, moveFocus) {
      var template = box.querySelector('template[data-outcome="' + outcome + '"]');
      if (!template) { return false; }
      result.replaceChildren(template.content.cloneNode(true));
      if (moveFocus) {
        var title = result.querySelector(".job-check-title");
        if (title) {
          title.focus({ preventScroll: true });
          title.scrollIntoView({ block: "start" });
        }
      }
      return true;
    };

    form.addEventListener("change", toggleFollowUps);
    form.addEventListener("submit", function (event) {
      var answers = read();
      var outcome = outcomeKey(outcomes, answers);
      if (!outcome) { return; }  // incomplete: the server explains what is missing
      event.preventDefault();
      if (answers.eu === "yes") { answers.age30 = ""; answers.graduate = ""; }
      save(answers);
      forgetButton.hidden = false;
      show(outcome, true);
    });
    forgetButton.addEventListener("click", function () {
      forget();
      fill({ eu: "", age30: "", graduate: "" });
      toggleFollowUps();
      result.replaceChildren();
      forgetButton.hidden = true;
      form.querySelector('input[name="eu"]').focus();
    });

    var kept = load();
    var keptOutcome = outcomeKey(outcomes, kept);
    if (keptOutcome && !result.children.length) {
      fill(kept);
      show(keptOutcome, false);
      forgetButton.hidden = false;
    }
    toggleFollowUps();
  }

  // The vacancy list: "reaches the salary criterion for me" -------------------------------
  var filter = document.querySelector("[data-salary-criterion]");
  if (filter) {
    var criterion = outcomeKey(parseOutcomes(filter), load());
    var checkbox = filter.querySelector("input[type=checkbox]");
    var amounts = {};
    try { amounts = JSON.parse(filter.getAttribute("data-amounts") || "{}"); } catch (e) { amounts = {}; }
    // A filter already in the URL stays as it is; otherwise offer the visitor's own criterion.
    if (!checkbox.checked && criterion && Object.prototype.hasOwnProperty.call(amounts, criterion)) {
      checkbox.value = criterion;
      var amount = filter.querySelector("[data-salary-criterion-amount]");
      if (amount) { amount.textContent = amounts[criterion]; }
      filter.hidden = false;
    }
  }
}());
