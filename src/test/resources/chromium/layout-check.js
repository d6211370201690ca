// Test harness only (never part of a report): measures the rendered page and writes what it found into
// attributes of <body>, which `chromium --dump-dom` then shows. A token (a run of non-space characters) whose
// client rects lie on more than one line box has been broken mid-token; a break right after a hyphen, as in
// "desktop-\npatrol", is the browser's normal line breaking and visible as such, so tokens are taken as
// hyphen-ended pieces; so is a break between Japanese characters (no spaces there), so they are not tokens.
(function () {
  var broken = [], tokens = 0, evidenceLines = 0, wrappedEvidence = [];
  function lineTops(node, start, end) {
    var r = document.createRange();
    r.setStart(node, start);
    r.setEnd(node, end);
    var tops = {};
    Array.prototype.forEach.call(r.getClientRects(), function (c) { if (c.width > 0) tops[Math.round(c.top)] = 1; });
    return Object.keys(tops).length;
  }
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var el = n.parentElement;
    if (!el || el.closest('script,style,details:not([open])') || el.getClientRects().length === 0) continue;
    var re = /[^\s\-\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+-*/g, m;
    while ((m = re.exec(n.data)) !== null) {
      tokens++;
      if (m[0].length > 1 && lineTops(n, m.index, m.index + m[0].length) > 1) broken.push(m[0]);
    }
  }
  document.querySelectorAll('pre .ev').forEach(function (ev) {
    if (ev.closest('details:not([open])')) return;
    var t = ev.firstChild;
    if (!t || t.nodeType !== 3) return;
    evidenceLines++;
    if (lineTops(t, 0, t.data.length) > 1) wrappedEvidence.push(t.data);
  });
  var b = document.body;
  b.setAttribute('data-tokens', tokens);
  b.setAttribute('data-broken-tokens', JSON.stringify(broken));
  b.setAttribute('data-evidence-lines', evidenceLines);
  b.setAttribute('data-wrapped-evidence', JSON.stringify(wrappedEvidence));
})();
