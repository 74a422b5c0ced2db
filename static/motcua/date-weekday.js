// Shows, next to a day-first date box (dd/mm/yyyy), the weekday the server will read.
// Progressive enhancement: without JavaScript the admin echoes the weekday after saving.
// Date boxes with their own data-weekdays (workdays/forms.py) use those; other admin date boxes
// (input.vDateField) use the translated names on this script's tag (templates/admin/change_form.html).
(function () {
  "use strict";
  var defaults = (document.currentScript && document.currentScript.dataset) || {};
  var DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  var SHORT_YEAR = /^\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{2}$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function describe(input) {
    var value = input.value.replace(/\s+/g, " ").trim();
    var data = input.dataset.weekdays ? input.dataset : defaults;
    if (!value) { return ""; }
    if (SHORT_YEAR.test(value)) { return data.weekdayShortYear; }
    var day, month, year, m = DAY_FIRST.exec(value);
    if (m) { day = +m[1]; month = +m[2]; year = +m[3]; }
    else if ((m = ISO.exec(value))) { year = +m[1]; month = +m[2]; day = +m[3]; }
    else { return data.weekdayUnreadable; }
    if (year < 1900 || year > 2100) { return data.weekdayImpossible; }
    var when = new Date(Date.UTC(year, month - 1, day));
    if (when.getUTCFullYear() !== year || when.getUTCMonth() !== month - 1 ||
        when.getUTCDate() !== day) {
      return data.weekdayImpossible;
    }
    var names = data.weekdays.split("|");
    var pattern = data.weekdayPattern || "%(weekday)s, %(date)s";
    return pattern
      .replace("%(weekday)s", names[(when.getUTCDay() + 6) % 7])
      .replace("%(date)s", pad(day) + "/" + pad(month) + "/" + year);
  }

  var updates = [];

  function enhance(input) {
    if (input.dataset.weekdayReady || !input.id) { return; }
    input.dataset.weekdayReady = "1";
    var echo = document.createElement("span");
    echo.className = "motcua-weekday";
    echo.id = input.id + "_weekday";
    echo.setAttribute("aria-live", "polite");
    echo.style.marginInlineStart = "0.5em";
    echo.style.fontWeight = "bold";
    input.insertAdjacentElement("afterend", echo);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + echo.id);
    function update() {
      var text = describe(input);
      if (echo.textContent !== text) { echo.textContent = text; }
    }
    updates.push(update);
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    update();
  }

  function start() {
    var selector = defaults.weekdays ? "input[data-weekdays], input.vDateField" : "input[data-weekdays]";
    var inputs = document.querySelectorAll(selector);
    for (var i = 0; i < inputs.length; i++) { enhance(inputs[i]); }
    // The admin's "Today" link and calendar set the value without an input event.
    document.addEventListener("click", function () {
      window.setTimeout(function () { updates.forEach(function (u) { u(); }); }, 0);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
