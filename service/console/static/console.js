// Keyboard shortcuts for the queue: progressive enhancement only; every action is a plain form
// button without this script.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-item]"));
  var form = document.getElementById("decide");
  var current = -1;
  var keys = { a: "approved", s: "spam", d: "abusive", t: "trash" };

  function select(i) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el, n) { el.classList.toggle("current", n === current); });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  function checked() {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="ids"]:checked'));
  }

  function decide(status) {
    if (!form) { return; }
    var button;
    if (checked().length) {
      button = form.querySelector('[data-bulk="' + status + '"]');
    } else if (current >= 0) {
      button = items[current].querySelector('[data-action="' + status + '"]');
    }
    if (button && !button.disabled) { button.click(); }
  }

  if (form) {
    // After a decision, come back with the focus on the comment after the decided one(s).
    form.addEventListener("submit", function (event) {
      var decided = [];
      var submitter = event.submitter;
      if (submitter && submitter.name === "one") {
        decided = [submitter.closest("[data-item]")];
      } else {
        decided = checked().map(function (box) { return box.closest("[data-item]"); });
      }
      var last = decided.length ? items.indexOf(decided[decided.length - 1]) : -1;
      var next = items.slice(last + 1).filter(function (el) { return decided.indexOf(el) < 0; })[0];
      var before = items.slice(0, Math.max(last, 0)).filter(function (el) { return decided.indexOf(el) < 0; });
      var target = next || before[before.length - 1];
      if (target) { form.querySelector('input[name="after"]').value = target.getAttribute("data-item"); }
    });
  }

  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
    });
  }

  items.forEach(function (el, n) {
    el.addEventListener("focusin", function () {
      current = n;
      items.forEach(function (other, m) { other.classList.toggle("current", m === n); });
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target && target.matches("input:not([type=checkbox]), textarea, select")) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var search = document.getElementById("q");
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "x" && current >= 0) {
      var box = items[current].querySelector('input[name="ids"]');
      if (box) { box.checked = !box.checked; }
    }
    else if (keys[event.key]) { decide(keys[event.key]); }
    else if (event.key === "/" && search) { search.focus(); }
    else { return; }
    event.preventDefault();
  });

  var match = /^#item-(\d+)$/.exec(window.location.hash);
  if (match) {
    var found = items.filter(function (el) { return el.getAttribute("data-item") === match[1]; })[0];
    if (found) { select(items.indexOf(found)); }
  }
})();
