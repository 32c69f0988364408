/* graphkit explorer, the curation panel: the entity chosen on the map with its actions (merge,
 * drop, rename, retype, move a spelling out), the pending changes with undo and the download of the
 * alias file, the review's suggestions with an accept button each, and a status line.
 *
 * The changes themselves are curation.js's (window.graphkit.merge, drop, ...): this file only
 * calls them and reads what curation.js publishes for it on window.graphkit._curation.
 *
 * Safety rule as in explorer.js: names reach the DOM only as text. */
(function () {
  "use strict";

  var G = window.graphkit;
  if (!G || !G._curation) return;
  var C = G._curation;
  var DATA = G.data;
  var CUR = DATA.curation || {};
  var label = C.label, cleanName = C.cleanName, surfacesOf = C.surfacesOf, isOwnName = C.isOwnName, uniq = C.uniq;
  var warning = C.warning, described = C.described;
  var merge = G.merge, drop = G.drop, rename = G.rename, retype = G.retype, split = G.split, undo = G.undo;
  var download = G.downloadAliases;

  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "onclick") node.addEventListener("click", props[k]);
      else node.setAttribute(k, props[k]);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }
  var box = document.getElementById("gk-curation");
  var basket = [];     // entities chosen for a merge
  function current() {
    var s = G.selected && G.selected();
    return s && s.kind === "node" && DATA.nodes[s.id] ? s.id : null;
  }
  function ask(message, value) {
    var answer = window.prompt(message, value);
    return answer === null ? null : answer;
  }
  function guarded(fn) {
    return function () {
      status("");
      try { fn.apply(null, arguments); } catch (err) { status(err.message); }
    };
  }
  /* The status line says what the last action gave (an error, a warning): each new action
     clears it, a redraw of the panel keeps it. */
  var statusLine = null, message = "";
  function status(text) {
    message = text || "";
    if (statusLine) statusLine.textContent = message;
  }

  function editSection() {
    var id = current();
    var part = el("section", {id: "gk-cur-edit"}, el("h3", {text: "Edit the graph"}));
    basket = basket.filter(function (b) { return DATA.nodes[b]; });
    if (!id && !basket.length) {
      part.appendChild(el("p", {"class": "gk-hint", text: "Click an entity to merge, drop, rename or retype it."}));
      return part;
    }
    if (id) {
      part.appendChild(el("p", {"class": "gk-cur-current", text: label(id) + " (" + (DATA.nodes[id].type || "untyped") + ")"}));
      var row = el("div", {"class": "gk-cur-actions"});
      if (basket.indexOf(id) < 0) {
        row.appendChild(el("button", {type: "button", id: "gk-cur-add", text: "Add to merge",
                                      onclick: guarded(function () { basket.push(id); render(); })}));
      }
      row.appendChild(el("button", {type: "button", id: "gk-cur-drop", text: "Drop",
                                    onclick: guarded(function () { drop(id); })}));
      row.appendChild(el("button", {type: "button", id: "gk-cur-rename", text: "Rename…", onclick: guarded(function () {
        var name = ask("New name for " + label(id), label(id));
        if (name !== null && cleanName(name) && cleanName(name) !== label(id)) rename(id, name);
      })}));
      row.appendChild(el("button", {type: "button", id: "gk-cur-retype", text: "Type…", onclick: guarded(function () {
        var type = ask("Type of " + label(id) + " (PERSON, ORG, GPE, LOC, ...)", DATA.nodes[id].type || "");
        if (type !== null && type.trim()) retype(id, type);
      })}));
      part.appendChild(row);
      var own = surfacesOf(id).filter(function (s) { return !isOwnName(id, s); });
      if (own.length) {
        part.appendChild(el("p", {"class": "gk-hint", text: "Move an alias out, to an entity of its own:"}));
        part.appendChild(el.apply(null, ["ul", {"class": "gk-cur-aliases"}].concat(uniqSurfaces(own).map(function (s) {
          return el("li", null, el("span", {text: s}),
                    el("button", {type: "button", "class": "gk-linklike", text: "move out",
                                  onclick: guarded(function () { split(id, s); })}));
        }))));
      }
    }
    if (basket.length) {
      part.appendChild(el("p", {"class": "gk-hint", text: "To merge (" + basket.length + "): keep the name of"}));
      var choose = el("select", {id: "gk-cur-canonical", "aria-label": "Name of the merged entity"});
      basket.forEach(function (b) { choose.appendChild(el("option", {value: b, text: label(b)})); });
      part.appendChild(el("div", {"class": "gk-cur-actions"}, choose,
        el("button", {type: "button", id: "gk-cur-merge", text: "Merge", onclick: guarded(function () {
          if (basket.length < 2) { status("Add another entity to merge with."); return; }
          var ids = basket.slice();
          basket = [];
          merge(ids, choose.value);  // (the entity: its name, which the merge follows if an earlier change is undone)
        })}),
        el("button", {type: "button", "class": "gk-linklike", text: "clear", onclick: guarded(function () { basket = []; render(); })})));
      part.appendChild(el.apply(null, ["ul", null].concat(basket.map(function (b) { return el("li", {text: label(b)}); }))));
    }
    return part;
  }
  function uniqSurfaces(list) { return uniq(list.map(function (s) { return s[0]; })); }

  function pendingSection() {
    var part = el("section", {id: "gk-cur-pending"},
                  el("h3", {text: "Pending changes (" + C.ops().length + ")"}));
    if (!C.ops().length) {
      part.appendChild(el("p", {"class": "gk-hint", text: "No pending changes."}));
    } else {
      part.appendChild(el.apply(null, ["ol", null].concat(C.ops().map(function (op, k) {
        var warn = warning(op);
        return el("li", null, el("span", {text: described(op)}),
                  warn ? el("span", {"class": "gk-cur-warn", text: " ⚠ " + warn}) : null,
                  el("button", {type: "button", "class": "gk-linklike", text: "undo", title: "Undo this change",
                                onclick: guarded(function () { undo(k); })}));
      }))));
    }
    var origin = CUR.origin ? "Includes " + CUR.origin + ", the alias file this page was built with." : "";
    part.appendChild(el("div", {"class": "gk-cur-actions"},
      el("button", {type: "button", id: "gk-cur-download", text: "Download aliases.yaml", onclick: guarded(download)}),
      C.ops().length ? el("button", {type: "button", id: "gk-cur-undo", text: "Undo last", onclick: guarded(function () { undo(); })}) : null));
    part.appendChild(el("p", {"class": "gk-hint", text: "Rebuild with: graphkit build … --aliases aliases.yaml. " + origin}));
    return part;
  }

  var SUGGESTIONS = CUR.suggestions || [];
  function accepted(k) { return C.ops().some(function (op) { return op.suggestion === k; }); }
  // an entity's name, also once a pending change has dropped or merged it
  function nameOf(id) {
    if (DATA.nodes[id]) return label(id);
    return (C.original() && C.original().info[id] || {}).label || String(id);
  }
  function accept(index, type) {
    var s = SUGGESTIONS[index], a = (s && s.action) || {};
    var wanted = a.ids || [a.id];
    /* a type the mentions do not decide (a tie, no clear majority: graphkit.graph.duplicates.two_types)
       offers each: ``type`` is the one chosen */
    if (type !== undefined && (a.types || [a.type]).indexOf(type) < 0) {
      throw new Error("this suggestion offers the type " + (a.types || [a.type]).join(" or "));
    }
    /* A suggestion may name entities of the packed rest, which explorer_map.js unpacks just after
       the first view is drawn: a click before that waits for it (the result is then a promise). */
    if (!G.restReady && G.whenRest && wanted.some(function (id) { return !DATA.nodes[id]; })) {
      return G.whenRest().then(function () { return accept(index, type); })
        .catch(function (err) { status(err.message); throw err; });
    }
    var present = function (ids) { return (ids || []).filter(function (id) { return DATA.nodes[id]; }); };
    var missing = wanted.filter(function (id) { return id !== undefined && !DATA.nodes[id]; });
    if (!s || (a.action === "merge" ? present(a.ids).length < 2 : a.action === "drop" ? !present(a.ids).length
                                                                                 : !DATA.nodes[a.id])) {
      if (!s) throw new Error("no suggestion " + index);
      throw new Error("Nothing to accept: " + missing.map(function (id) { return "“" + nameOf(id) + "”"; }).join(", ") +
                      (missing.length > 1 ? " are" : " is") + " no longer on the page (a pending change dropped or " +
                      "merged " + (missing.length > 1 ? "them" : "it") + "; undo that change to accept this suggestion)");
    }
    var done = false;
    C.hooks.accepting = index;
    try {
      if (a.action === "merge") done = merge(present(a.ids), a.canonical, type || a.type);
      else if (a.action === "drop") done = drop(present(a.ids));
      else if (a.action === "split") done = split(a.id, a.alias);
      else if (a.action === "retype") done = retype(a.id, a.type);
    } finally {
      C.hooks.accepting = null;
    }
    if (!done) status("Nothing to accept: this suggestion's change is already made on the page.");
    return done;
  }
  function suggestionsSection() {
    var total = CUR.suggestions_total || SUGGESTIONS.length;
    var count = total > SUGGESTIONS.length ? SUGGESTIONS.length + " of " + total : String(total);
    var part = el("details", {id: "gk-cur-suggestions"}, el("summary", {text: "Suggestions (" + count + ")"}));
    if (!SUGGESTIONS.length) {
      part.appendChild(el("p", {"class": "gk-hint", text: "No likely problems found."}));
      return part;
    }
    if (total > SUGGESTIONS.length) {
      part.appendChild(el("p", {"class": "gk-hint",
                                text: "The most mentioned first; graphkit review OUT_DIR lists all " + total + "."}));
    }
    part.appendChild(el.apply(null, ["ol", null].concat(SUGGESTIONS.map(function (s, k) {
      var types = (s.action && s.action.types) || [];
      var buttons = types.length > 1
        ? types.map(function (t) {  // the type unclear: the user chooses it
            return el("button", {type: "button", "class": "gk-linklike", text: "accept as " + t,
                                 onclick: guarded(function () { accept(k, t); })});
          })
        : [el("button", {type: "button", "class": "gk-linklike", text: "accept",
                         onclick: guarded(function () { accept(k); })})];
      return el.apply(null, ["li", {"data-kind": s.kind}, el("span", {text: s.reason}),
                             el("code", {"class": "gk-cur-fix", text: s.fix})]
        .concat(accepted(k) ? [el("span", {"class": "gk-hint", text: " accepted"})] : buttons));
    }))));
    return part;
  }
  var suggestionsOpen = false;
  function render() {
    if (!box) return;
    var open = document.getElementById("gk-cur-suggestions");
    if (open) suggestionsOpen = open.open;
    box.textContent = "";
    box.appendChild(editSection());
    box.appendChild(pendingSection());
    var list = suggestionsSection();
    list.open = suggestionsOpen;
    box.appendChild(list);
    statusLine = el("p", {"class": "gk-cur-status", role: "status", text: message});
    box.appendChild(statusLine);
    countAfterChanges();
  }
  /* The header's counts as the pending changes leave them: the entities at once, the links once the
     page has all of them (the packed rest unpacked: explorer_map.js). A large page has a few hundred
     thousand links: they are numbered once, and a count looks up only the ends the changes moved. */
  var counts = document.getElementById("gk-counts");
  var counted = {ops: [], links: null}, waiting = false, numbered = null;
  function numberedLinks() {  // {index: entity id -> number, from, to, pairs: the built links' keys}
    if (numbered) return numbered;
    var built = G.builtLinks ? G.builtLinks() : null;
    if (!built) return null;
    var index = new Map(), from = new Int32Array(built.length), to = new Int32Array(built.length);
    var number = function (id) {
      var k = index.get(id);
      if (k === undefined) index.set(id, k = index.size);
      return k;
    };
    built.forEach(function (link, i) { from[i] = number(link[0]); to[i] = number(link[1]); });
    var n = index.size, pairs = new Set();
    for (var i = 0; i < from.length; i++) pairs.add(Math.min(from[i], to[i]) * n + Math.max(from[i], to[i]));
    return (numbered = {index: index, from: from, to: to, pairs: pairs});
  }
  function linksAfterChanges() {
    var ops = C.ops();
    var same = counted.links !== null && counted.ops.length === ops.length &&
      counted.ops.every(function (op, k) { return op === ops[k]; });
    if (same) return counted.links;
    var L = numberedLinks();
    if (!L) return null;
    var st = C.state(), n = L.index.size, extra = new Map();
    var changed = Object.keys(st.into).concat(Object.keys(st.gone));
    var m = n + changed.length + 1;  // (numbers above n: entities the changes keep that had no link)
    var number = function (id) {
      if (L.index.has(id)) return L.index.get(id);
      if (!extra.has(id)) extra.set(id, n + extra.size);
      return extra.get(id);
    };
    var moved = new Map();  // an end the changes moved -> the entity it is now (-1: dropped)
    changed.forEach(function (id) {
      if (!L.index.has(id)) return;
      var now = id;
      while (st.into[now]) now = st.into[now];  // merged: the entity kept
      moved.set(L.index.get(id), st.gone[now] ? -1 : number(now));
    });
    var kept = 0, made = new Set();
    for (var i = 0; i < L.from.length; i++) {
      var a = moved.get(L.from[i]), b = moved.get(L.to[i]);
      if (a === undefined && b === undefined) { kept++; continue; }  // a link the changes leave as it is
      if (a === undefined) a = L.from[i];
      if (b === undefined) b = L.to[i];
      if (a < 0 || b < 0 || a === b) continue;  // dropped, or now within one entity
      var lo = Math.min(a, b), hi = Math.max(a, b);
      if (hi < n && L.pairs.has(lo * n + hi)) continue;  // a link the entities it joins already have (counted)
      made.add(lo * m + hi);
    }
    counted = {ops: ops.slice(), links: kept + made.size};
    return counted.links;
  }
  function countAfterChanges() {
    var line = document.getElementById("gk-counts-pending");
    if (!line || !counts) return;
    var n = C.ops().length;
    if (!n) { line.textContent = ""; return; }
    var left = Number(counts.getAttribute("data-entities")) - Object.keys(C.gone()).length;
    var links = linksAfterChanges();
    if (links === null && G.whenRest && !waiting) {
      waiting = true;
      G.whenRest().then(function () { waiting = false; countAfterChanges(); });
    }
    line.textContent = " · " + left.toLocaleString("en") + " entities" +
      (links === null ? "" : " and " + links.toLocaleString("en") + " links") +
      " after " + n + " pending change" + (n === 1 ? "" : "s");
  }

  // after explorer.js has selected; a click on the map is a new action: the last one's message goes
  G.network.on("click", function () { status(""); setTimeout(render, 0); });
  // explorer.js rewrites the details panel on every selection (click, search, a link in the panel)
  var details = document.getElementById("gk-panel-body");
  if (details && window.MutationObserver) new MutationObserver(function () { render(); }).observe(details, {childList: true});
  C.hooks.render = render;
  C.hooks.status = status;
  render();
  G.acceptSuggestion = accept;
})();
