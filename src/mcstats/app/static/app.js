// mcstats app: the page's own script (no inline scripts anywhere; the CSP forbids them).
// Drag and drop onto file fields, the upload size check and progress, focus after an
// update, and more rows in the audit grid. Everything else is htmx.
"use strict";

(function () {
  function tooLarge(input) {
    var limit = Number(input.dataset.maxBytes || 0);
    var file = input.files && input.files[0];
    return limit > 0 && file && file.size > limit;
  }

  function showSizeMessage(input) {
    var message = document.getElementById(input.id + "-message");
    var big = tooLarge(input);
    if (message) {
      message.textContent = big ? input.dataset.tooLarge : "";
      message.hidden = !big;
    }
    input.setCustomValidity(big ? input.dataset.tooLarge : "");
    if (big && input.form) {
      // A problem box of an earlier upload would now describe the wrong file.
      var where = input.form.getAttribute("hx-target");
      var target = where ? document.querySelector(where) : null;
      if (target && target.firstElementChild && target.firstElementChild.classList.contains("error")) {
        target.textContent = "";
      }
    }
    return !big;
  }

  function setUpDropZone(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input || zone.dataset.ready) return;
    zone.dataset.ready = "1";
    input.addEventListener("change", function () { showSizeMessage(input); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) {
        e.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      if (showSizeMessage(input) && input.form) input.form.requestSubmit();
    });
  }

  function setUp(root) {
    root.querySelectorAll("[data-drop]").forEach(setUpDropZone);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);

    // An upload over the limit is not sent at all (the server would refuse it anyway).
    document.body.addEventListener("htmx:confirm", function (e) {
      var form = e.target.closest ? e.target.closest("form") : null;
      if (!form) return;
      var inputs = form.querySelectorAll("input[type=file]");
      for (var i = 0; i < inputs.length; i++) {
        if (!showSizeMessage(inputs[i])) {
          e.preventDefault();
          inputs[i].focus();
          return;
        }
      }
    });

    document.body.addEventListener("htmx:xhr:progress", function (e) {
      var form = e.target.closest ? e.target.closest("form") : null;
      var bar = form ? form.querySelector(".upload-progress") : null;
      if (!bar || !e.detail || !e.detail.lengthComputable) return;
      bar.hidden = false;
      bar.value = Math.round((100 * e.detail.loaded) / e.detail.total);
    });

    document.body.addEventListener("htmx:afterRequest", function (e) {
      var form = e.target.closest ? e.target.closest("form") : null;
      var bar = form ? form.querySelector(".upload-progress") : null;
      if (bar) bar.hidden = true;
    });

    // After an update, move the keyboard focus to its heading or message (screen readers
    // announce it), but not while a progress message is being refreshed.
    document.body.addEventListener("htmx:afterSwap", function (e) {
      var target = e.detail && e.detail.target ? e.detail.target : e.target;
      setUp(target);
      var focus = target.matches && target.matches("[data-focus]") ? target : target.querySelector("[data-focus]");
      if (focus) focus.focus({ preventScroll: false });
    });

    document.body.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("[data-add-rows]") : null;
      if (!button) return;
      var body = button.form.querySelector("[data-grid-body]");
      var rows = body.querySelectorAll("[data-grid-row]");
      var last = rows[rows.length - 1];
      for (var k = 0; k < 5; k++) {
        var n = body.querySelectorAll("[data-grid-row]").length;
        var row = last.cloneNode(true);
        row.querySelectorAll("td").forEach(function (cell) {
          var input = cell.querySelector("input");
          var label = cell.querySelector("label");
          var id = "grid-" + n + "-" + input.dataset.column;
          input.id = id;
          input.name = id;
          input.value = "";
          label.htmlFor = id;
          label.textContent = label.dataset.labelTemplate.replace("{row}", String(n + 1));
        });
        body.appendChild(row);
      }
      body.querySelectorAll("[data-grid-row]")[rows.length].querySelector("input").focus();
    });
  });
})();
