/* graphkit explorer, relations part: the relation filter, relations in the link panel, roles and
 * quotes in the entity panel. Runs after explorer.js and uses its extension points
 * (window.graphkit.hooks). Same safety rule: article text only through textContent. */
(function () {
  "use strict";

  var gk = window.graphkit;
  if (!gk) return;
  var DATA = gk.data, el = gk.el;

  function relationsOf(edgeId) { return (DATA.edges[edgeId] || {}).relations || []; }
  function said(relation, edge) {
    // "Vladimir Putin → thank → Kim Jong Un", or the bare phrase when no direction holds
    var phrase = relation[0], doer = relation[1];
    if (!doer || (doer !== edge.from && doer !== edge.to)) return phrase;
    var other = doer === edge.from ? edge.to : edge.from;
    return gk.info(doer).label + " → " + phrase + " → " + gk.info(other).label;
  }

  // ---- the relation filter: type "meet" and see only ties stated as a meeting -----------------
  var query = "";
  var matchingNodes = null;  // nodes at either end of a matching link (null: no filter)
  function matches(edgeId) { return matching(relationsOf(edgeId)); }
  function matching(relations) { return (relations || []).some(function (r) { return r[0].indexOf(query) >= 0; }); }
  function applyFilter(value) {
    var had = query;
    query = String(value || "").trim().toLowerCase().replace(/\s+/g, " ");
    matchingNodes = null;
    var n = 0;
    if (query) {
      matchingNodes = new Set();
      gk.edges.forEach(function (e) {
        if (matches(e.id)) { n++; matchingNodes.add(e.from); matchingNodes.add(e.to); }
      });
    }
    tell(n);
    gk.refreshFilters();
    if (matchingNodes && matchingNodes.size) {  // bring the matching ties into view
      gk.fitShown(Array.from(matchingNodes));
    } else if (had && !query) {  // cleared: back to the first view
      (gk.fitOverview || gk.fitMain)();
    }
  }
  // (explorer_map.js: a matching link is drawn even where "Links: backbone" would hide it)
  gk.relationQuery = function () { return query; };
  /* The count beside the filter: the matching links drawn and, on a page that leaves entities out,
     those with an end it does not draw (a "0 links" there read as "none in the corpus"); their
     names are in the tooltip, for the search. ``n``: the matching links drawn. */
  function tell(n) {
    count.title = "";
    if (!query) { count.textContent = ""; return; }
    count.textContent = n + (n === 1 ? " link" : " links");
    if (!gk.undrawnLinks) return;
    var asked = query;
    (gk.whenRest ? gk.whenRest() : Promise.resolve()).then(function () {
      if (query !== asked) return;
      var more = gk.undrawnLinks().filter(function (r) { return matching(r.relations); });
      if (!more.length) return;
      count.textContent = n + " drawn, " + more.length + " more with an entity not drawn";
      count.title = "Search one of them to see its links:\n" + more.slice(0, 15).map(function (r) {
        return gk.info(r.from).label + " — " + gk.info(r.to).label;
      }).join("\n") + (more.length > 15 ? "\n…" : "");
    });
  }
  gk.hooks.edgeFilters.push(function (e) { return !query || matches(e.id); });
  gk.hooks.nodeFilters.push(function (n) { return !matchingNodes || matchingNodes.has(n.id); });

  var count = el("output", {id: "gk-relation-count", "for": "gk-relation"});
  if (DATA.relations) {
    var input = el("input", {id: "gk-relation", type: "search", placeholder: "e.g. meet", autocomplete: "off",
                             spellcheck: "false", list: "gk-relation-phrases"});
    var phrases = {};
    Object.keys(DATA.edges).forEach(function (id) {
      relationsOf(id).forEach(function (r) { phrases[r[0]] = (phrases[r[0]] || 0) + 1; });
    });
    var options = el("datalist", {id: "gk-relation-phrases"});
    Object.keys(phrases).sort(function (a, b) { return phrases[b] - phrases[a] || a.localeCompare(b); })
      .slice(0, 200).forEach(function (p) { options.appendChild(el("option", {value: p})); });
    var box = el("label", {id: "gk-relation-label", "for": "gk-relation",
                           title: "Show only links whose relation contains these words"},
                 "Relation ", input, options, count);
    var toolbar = document.getElementById("gk-toolbar");
    var after = document.getElementById("gk-weight-label");
    toolbar.insertBefore(box, after ? after.nextSibling : null);
    input.addEventListener("input", function () { applyFilter(input.value); });
  }

  // ---- link panel: the relations, and the one each evidence sentence states -------------------
  gk.hooks.edgePanel.push(function (edgeId, parts) {
    var x = DATA.edges[edgeId] || {};
    var edge = gk.edges.get(edgeId);
    var relations = x.relations || [];
    if (relations.length) {
      var at = parts.findIndex(function (p) { return p.tagName === "H3"; });
      var list = el.apply(null, ["ul", {className: "gk-relations"}].concat(relations.map(function (r) {
        return el("li", {text: said(r, edge)});
      })));
      parts.splice(at < 0 ? parts.length : at, 0, el("h3", {text: "Relations"}), list);
    }
    var stated = x.evidence_relations || [];
    parts.forEach(function (p) {
      if (!p.classList || !p.classList.contains("gk-evidence")) return;
      Array.prototype.forEach.call(p.children, function (li) {
        var k = Number(li.getAttribute("data-evidence"));  // not the list position: a date range may hide some
        if (stated[k]) li.insertBefore(el("div", {className: "gk-stated", text: "states: " + stated[k]}), li.firstChild);
      });
    });
  });

  // ---- entity panel: roles and quotes ---------------------------------------------------------
  gk.hooks.nodePanel.push(function (id, parts) {
    var i = gk.info(id);
    var extra = [];
    if (i.roles && i.roles.length) {
      extra.push(el("h3", {text: "Roles"}));
      extra = extra.concat(gk.ui.folded(i.roles.map(function (r) { return el("li", {text: r}); }), ROLES_OPEN, "gk-roles", "roles"));
    }
    if (i.quotes && i.quotes.length) {
      extra.push(el("h3", {text: "Quotes"}));
      var items = i.quotes.map(function (q) {
        return el("li", null, el("blockquote", {text: "“" + q[1] + "”"}), el("div", {className: "gk-source"}, gk.docLine(q[0])));
      });
      var tail = i.more_quotes ? el("li", {text: "… and " + i.more_quotes + " more"}) : null;
      extra = extra.concat(gk.ui.folded(items, QUOTES_OPEN, "gk-quotes", "quotes", tail));
    }
    // after the strongest links, before the documents: a hub's roles and quotes would otherwise
    // push its links far down the panel
    var at = parts.findIndex(function (p) { return p.getAttribute && p.getAttribute("data-part") === "documents"; });
    Array.prototype.splice.apply(parts, [at < 0 ? parts.length : at, 0].concat(extra));
  });
  var QUOTES_OPEN = 5, ROLES_OPEN = 8;  // shown at once; the others behind "N more quotes" (roles)

  gk.relationFilter = applyFilter;
  gk.relationMatches = function () { return gk.edgesView.getIds(); };
})();
