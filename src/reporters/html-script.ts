/**
 * The inline script of the HTML report: sorting and filtering of the village table, search and filters of the
 * finding list. The report is complete and readable without it (every table and chart is rendered at report
 * time); the script only hides and reorders rows.
 *
 * It is plain ES2017 in a string, not compiled TypeScript: county office PCs run older Chromium-based browsers
 * (360, QQ) and the project compiles to ES2022 (optional chaining, `??` would not parse there). A test parses
 * it with acorn at ecmaVersion 2017, and the browser test exercises every control. Hand-written rather than a
 * table library: the needs are two tables and three controls, and an inlined library would weigh more than the
 * report. Labels come from the JSON block `#ledgerlint-labels` (the i18n catalogue), never from this code.
 */
export const HTML_SCRIPT = `(function () {
  'use strict';
  var labelsNode = document.getElementById('ledgerlint-labels');
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var collator = typeof Intl !== 'undefined' && Intl.Collator ? new Intl.Collator(document.documentElement.lang) : null;
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function fill(template, data) {
    return String(template || '').replace(/\\{\\{(\\w+)\\}\\}/g, function (all, key) {
      return key in data ? String(data[key]) : all;
    });
  }
  function compareText(a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); }
  function norm(text) { return String(text).toLowerCase().replace(/\\s+/g, ' '); }

  each(document.querySelectorAll('table[data-sortable]'), function (table) {
    var heads = table.querySelectorAll('thead th');
    each(heads, function (th, index) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        each(heads, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        button.title = ascending ? labels.sortAsc : labels.sortDesc;
        var numeric = th.getAttribute('data-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].getAttribute('data-value') || '';
          var y = b.cells[index].getAttribute('data-value') || '';
          var order = numeric ? Number(x) - Number(y) : compareText(x, y);
          if (!ascending) order = -order;
          return order || Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
        });
        each(rows, function (row) { body.appendChild(row); });
      });
    });
  });

  each(document.querySelectorAll('input[data-filter-table]'), function (input) {
    var table = document.getElementById(input.getAttribute('data-filter-table'));
    if (!table) return;
    input.addEventListener('input', function () {
      var query = norm(input.value.trim());
      each(table.tBodies[0].rows, function (row) {
        row.hidden = query !== '' && norm(row.textContent).indexOf(query) < 0;
      });
    });
  });

  var findings = document.getElementById('findings-table');
  if (findings) {
    var search = document.getElementById('findings-search');
    var severity = document.getElementById('findings-severity');
    var rule = document.getElementById('findings-rule');
    var count = document.getElementById('findings-count');
    var empty = document.getElementById('findings-empty');
    var rows = findings.tBodies[0].rows;
    var texts = Array.prototype.map.call(rows, function (row) { return norm(row.textContent); });
    var apply = function () {
      var query = norm(search.value.trim());
      var shown = 0;
      each(rows, function (row, i) {
        var visible = (query === '' || texts[i].indexOf(query) >= 0) &&
          (severity.value === '' || row.getAttribute('data-severity') === severity.value) &&
          (rule.value === '' || row.getAttribute('data-rule') === rule.value);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = fill(labels.shown, { shown: shown, total: rows.length });
      empty.hidden = shown > 0;
    };
    search.addEventListener('input', apply);
    severity.addEventListener('change', apply);
    rule.addEventListener('change', apply);
    apply();
  }
})();
`;
