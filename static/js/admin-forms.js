/* Admin forms: the three languages of a translated field as tabs (English, Chinese, Russian) instead of three
   stacked rows, with a mark on a tab whose translation is empty. Served as a file: the CSP allows no inline
   script. Without JavaScript the rows stay stacked and everything still works. */
(function () {
  "use strict";
  var LANGUAGES = ["en", "zh_hans", "ru"];
  var NAMES = { en: "English", zh_hans: "中文", ru: "Русский" };
  var MISSING = document.documentElement.lang === "zh-hans" ? "未翻译" : (document.documentElement.lang === "ru" ? "нет перевода" : "translation missing");

  function fieldOf(row) {
    var input = row.querySelector("[class*='mt-field-']");
    if (!input) return null;
    var match = /mt-field-(.+)-(en|zh_hans|ru)\b/.exec(input.className);
    return match ? { name: match[1], language: match[2], input: input } : null;
  }

  function isEmpty(input) {
    return !input.value || !input.value.trim();
  }

  function build(group, name) {
    var tabs = document.createElement("div");
    tabs.className = "mt-tabs";
    tabs.setAttribute("role", "tablist");
    var buttons = [];
    group.forEach(function (item, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mt-tab";
      button.setAttribute("role", "tab");
      button.id = "mt-tab-" + name + "-" + item.language;
      if (!item.row.id) item.row.id = "mt-panel-" + name + "-" + item.language;
      button.setAttribute("aria-controls", item.row.id);
      item.row.setAttribute("role", "tabpanel");
      item.row.setAttribute("aria-labelledby", button.id);
      var label = document.createElement("span");
      label.textContent = NAMES[item.language] || item.language;
      var mark = document.createElement("span");
      mark.className = "mt-missing";
      mark.textContent = " ● " + MISSING;
      button.appendChild(label);
      button.appendChild(mark);
      button.addEventListener("click", function () { select(index); });
      item.input.addEventListener("input", function () { refresh(); });
      buttons.push(button);
      tabs.appendChild(button);
    });
    function refresh() {
      group.forEach(function (item, index) {
        buttons[index].classList.toggle("mt-is-missing", isEmpty(item.input));
      });
    }
    function select(chosen) {
      group.forEach(function (item, index) {
        var on = index === chosen;
        item.row.hidden = !on;
        buttons[index].setAttribute("aria-selected", on ? "true" : "false");
        buttons[index].tabIndex = on ? 0 : -1;
      });
    }
    // A field with an error opens on the language that has it.
    var start = 0;
    group.forEach(function (item, index) { if (item.row.querySelector(".errorlist")) start = index; });
    group[0].row.parentNode.insertBefore(tabs, group[0].row);
    refresh();
    select(start);
  }

  function init() {
    var groups = {};
    var order = [];
    document.querySelectorAll("fieldset.module .form-row").forEach(function (row) {
      if (row.closest(".tabular")) return;  // inline tables keep their columns
      var field = fieldOf(row);
      if (!field) return;
      var key = (row.closest(".inline-related") ? row.closest(".inline-related").id + ":" : "") + field.name;
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push({ row: row, language: field.language, input: field.input });
    });
    order.forEach(function (key) {
      var group = groups[key].sort(function (a, b) { return LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language); });
      if (group.length > 1) build(group, key.replace(/[^a-z0-9_-]/gi, "-"));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Names for the controls Django's admin leaves unnamed (axe: label, aria-input-field-name): the select2
   autocomplete boxes take their field's label, and inputs in inline tables their column's header and row. */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/[:*]\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  function nameAutocompletes(root) {
    root.querySelectorAll(".select2-selection[role='combobox']").forEach(function (box) {
      if (box.getAttribute("aria-label")) return;
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (!select || !select.id) return;
      var label = document.querySelector("label[for='" + select.id + "']");
      var name = text(label) || select.getAttribute("aria-label") || "";
      if (!name) return;
      box.setAttribute("aria-label", name);
      // The box's inner "textbox" is empty until something is chosen: it needs the name too.
      var rendered = box.querySelector(".select2-selection__rendered[role='textbox']");
      if (rendered && !rendered.getAttribute("aria-label")) rendered.setAttribute("aria-label", name);
    });
  }

  function nameTableInputs(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return text(th); });
      table.querySelectorAll("tbody tr").forEach(function (row, rowIndex) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (control.getAttribute("aria-label") || (control.id && document.querySelector("label[for='" + control.id + "']"))) return;
            var header = headers[column] || control.name;
            if (header) control.setAttribute("aria-label", header + " (" + (rowIndex + 1) + ")");
          });
        });
      });
    });
  }

  function run() {
    nameAutocompletes(document);
    nameTableInputs(document);
  }

  window.addEventListener("load", function () {
    run();
    // select2 builds its boxes after this script, and "Add another" adds rows later: name them as they come.
    new MutationObserver(function () { run(); }).observe(document.body, { childList: true, subtree: true });
  });
})();
