// Registration form: show the chosen category's fields and the passport fields only when a letter is asked;
// a second click on "Register" does nothing (the server also refuses a second use of the form's token).
(function () {
  "use strict";
  var form = document.querySelector("form[data-once]");
  if (!form) return;

  function chosenCategory() {
    var checked = form.querySelector("input[name=category]:checked");
    return checked ? checked.value : "";
  }

  function refresh() {
    var category = chosenCategory();
    form.querySelectorAll("[data-categories]").forEach(function (group) {
      // Until a category is chosen, only the fields every category shares.
      var shown = group.getAttribute("data-categories").split(" ").indexOf(category) !== -1;
      group.hidden = !shown;
    });
    var visa = form.querySelector("input[name=visa_letter_requested]");
    var visaFields = form.querySelector("[data-visa]");
    if (visa && visaFields) visaFields.hidden = !visa.checked;
  }

  form.addEventListener("change", refresh);
  refresh();

  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
