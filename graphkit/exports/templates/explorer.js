/* graphkit explorer: search, type and weight filters, side panel, hover highlight, physics toggle.
 *
 * Safety rule: text that came from articles (labels, aliases, evidence, titles) reaches the DOM
 * only through textContent / createTextNode, never innerHTML; links are made only from
 * http(s) URLs. The data arrives as a JSON block (see graphkit/exports/html_data.py). */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("gk-data").textContent);
  var VIS = window.GRAPHKIT_VIS;
  var VEIL = "rgba(255, 255, 255, 0.8)";  // laid over everything outside a highlighted neighbourhood
  var WINDOW_NOUN = {sentence: ["sentence", "sentences"], paragraph: ["paragraph", "paragraphs"],
                     document: ["document", "documents"]};

  var nodes = new vis.DataSet(VIS.nodes);
  var edges = new vis.DataSet(VIS.edges);

  // ---- state and filters -------------------------------------------------------------------
  var hiddenTypes = new Set();
  var minWeight = 1;
  var selected = null;          // {kind: "node"|"edge", id: ...}
  var focusNodes = null;        // highlighted neighbourhood (Sets of ids), or null
  var focusEdges = null;

  function info(id) { return DATA.nodes[id] || {label: String(id), type: "", aliases: [], doc_ids: []}; }
  function typeShown(id) { return !hiddenTypes.has(info(id).type); }

  /* Hooks for the page's other sections (e.g. explorer_timeline.js), through window.graphkit:
     filters on nodes, edges and evidence items, notes in the side panel, and what to do when the
     search or a panel link asks for an item those filters hide. */
  var extraFilters = {node: [], edge: [], evidence: []};
  var panelNotes = [];
  var revealHooks = [];
  function passes(kind, item) {
    for (var i = 0; i < extraFilters[kind].length; i++) if (!extraFilters[kind][i](item)) return false;
    return true;
  }
  function reveal(kind, id) { revealHooks.forEach(function (f) { f(kind, id); }); }
  function notes(kind, id) {
    return panelNotes.map(function (f) { return f(kind, id); }).filter(Boolean)
      .map(function (text) { return el("p", {className: "gk-facts gk-note", text: text}); });
  }
  /* Extension points for other parts of the page (window.graphkit.hooks): extra node/edge filters
     (each a function item -> bool), and beforeFocus(id), called before an entity is focused; it
     returns false when it took care of the entity itself (e.g. one that is not drawn); nodePanel and
     edgePanel hooks (id, parts) may add parts to the entity and link panels (explorer_relations.js). */
  var hooks = {nodeFilters: [], edgeFilters: [], beforeFocus: null, nodePanel: [], edgePanel: [], physics: []};
  function hooksAllow(list, item) {
    for (var k = 0; k < list.length; k++) if (!list[k](item)) return false;
    return true;
  }

  var nodesView = new vis.DataView(nodes, {filter: function (n) {
    return typeShown(n.id) && hooksAllow(hooks.nodeFilters, n) && passes("node", n);
  }});
  var edgesView = new vis.DataView(edges, {filter: function (e) {
    return e.value >= minWeight && typeShown(e.from) && typeShown(e.to) && hooksAllow(hooks.edgeFilters, e) &&
      passes("edge", e);
  }});

  // neighbours by link weight, strongest first (all links on the page, whatever the filters)
  var adjacency = {};
  VIS.edges.forEach(function (e) {
    (adjacency[e.from] = adjacency[e.from] || []).push({other: e.to, edge: e.id, weight: e.value});
    (adjacency[e.to] = adjacency[e.to] || []).push({other: e.from, edge: e.id, weight: e.value});
  });
  Object.keys(adjacency).forEach(function (id) {
    adjacency[id].sort(function (a, b) { return b.weight - a.weight || info(a.other).label.localeCompare(info(b.other).label); });
  });
  function centrality(id) {
    var i = info(id);
    if (typeof i.pagerank === "number") return i.pagerank;
    return (adjacency[id] || []).reduce(function (s, a) { return s + a.weight; }, 0) + (i.mentions || 0) / 1000;
  }

  /* The largest connected component: the first view fits it, because small components laid out
     around it would otherwise shrink it to a crowded blob ("Fit all" shows everything). */
  function mainComponent() {
    var parent = {};
    function find(x) { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
    VIS.nodes.forEach(function (n) { parent[n.id] = n.id; });
    VIS.edges.forEach(function (e) { parent[find(e.from)] = find(e.to); });
    var groups = {}, best = [];
    VIS.nodes.forEach(function (n) { var r = find(n.id); (groups[r] = groups[r] || []).push(n.id); });
    Object.keys(groups).forEach(function (r) { if (groups[r].length > best.length) best = groups[r]; });
    return best;
  }

  // ---- the network -------------------------------------------------------------------------
  var options = VIS.options;
  if (VIS.edges.length > 3000) {  // large graphs: keep dragging and zooming smooth
    options.interaction.hideEdgesOnDrag = true;
    options.interaction.hideEdgesOnZoom = true;
  }
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, options);
  network.once("afterDrawing", function () {
    window.graphkitReadyAt = performance.now();
    window.graphkitReady = true;
    document.documentElement.setAttribute("data-ready", "true");
  });
  /* vis-network's fit fails on an entity the view hides (a type switched off, a date range): fit
     over the shown ones among ``ids``, and not at all when none is shown */
  function fitShown(ids, maxZoom) {
    var shown = ids.filter(function (id) { return nodesView.get(id); });
    if (shown.length) network.fit({nodes: shown, maxZoomLevel: maxZoom || 1.5, animation: false});
  }
  function fitMain() { fitShown(mainComponent()); }
  fitMain();

  // ---- small DOM helpers (text only) -------------------------------------------------------
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "className") node.className = props[k];
      else if (k === "onclick") node.addEventListener("click", props[k]);
      else node.setAttribute(k, props[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function windowNoun() { return WINDOW_NOUN[DATA.window] || ["window", "windows"]; }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) { return null; }
  }
  function swatch(type) {
    var s = el("span", {className: "gk-swatch"});
    s.style.background = typeColor(type);
    return s;
  }
  // every type's colour (an entity outside the first view may have a type no drawn one has)
  var TYPE_COLOR = Object.assign({}, DATA.type_colors || {});
  DATA.types.forEach(function (t) { TYPE_COLOR[t.type] = t.color; });
  function typeColor(type) { return TYPE_COLOR[type] || "#8c8c8c"; }
  function typeName(type) { return type || "untyped"; }

  // ---- highlight a neighbourhood (hover) or the current selection ---------------------------
  /* Dimming thousands of items through DataSet updates takes ~0.5 s at 2,000 nodes, so instead a
     translucent veil is painted over the drawn network and only the neighbourhood is drawn again
     on top: the cost grows with the neighbourhood, not the graph. */
  function highlight(keepNodes, keepEdges) {
    focusNodes = keepNodes;
    focusEdges = keepEdges;
    network.redraw();
  }
  network.on("afterDrawing", function (ctx) {
    if (!focusNodes) return;
    var body = network.body;  // vis-network 9 internals (the version is pinned by pyvis)
    var a = network.DOMtoCanvas({x: 0, y: 0});
    var b = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
    ctx.save();
    ctx.fillStyle = VEIL;
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    ctx.restore();
    focusEdges.forEach(function (id) { var e = body.edges[id]; if (e && e.connected) e.draw(ctx); });
    var labels = [];
    focusNodes.forEach(function (id) {
      var n = body.nodes[id];
      if (!n) return;
      var later = n.draw(ctx);
      if (later && later.drawExternalLabel) labels.push(later.drawExternalLabel);
    });
    labels.forEach(function (draw) { draw(); });
  });
  function neighbourhood(id) {
    var keepNodes = new Set([id].concat(network.getConnectedNodes(id)));
    return [keepNodes, new Set(network.getConnectedEdges(id))];
  }
  function highlightSelection() {
    if (selected && selected.kind === "node" && nodesView.get(selected.id)) {
      highlight.apply(null, neighbourhood(selected.id));
    } else if (selected && selected.kind === "edge" && edgesView.get(selected.id)) {
      var e = edges.get(selected.id);
      highlight(new Set([e.from, e.to]), new Set([e.id]));
    } else {
      highlight(null, null);
    }
  }

  // ---- side panel --------------------------------------------------------------------------
  var panel = document.getElementById("gk-panel-body");
  function setPanel() {
    panel.textContent = "";
    for (var i = 0; i < arguments.length; i++) if (arguments[i]) panel.appendChild(arguments[i]);
    panel.parentNode.scrollTop = 0;
  }
  function hint() {
    setPanel(el("p", {className: "gk-hint", text: VIS.nodes.length
      ? "Click an entity to see its aliases, documents and strongest links. Click a link to read the sentences behind it."
      : "This graph has no entities."}));
  }
  function nodeButton(id) {
    return el("button", {type: "button", className: "gk-linklike", text: info(id).label,
                         onclick: function () { focusNode(id); }});
  }
  function docLine(docId) {
    var meta = DATA.docs[docId] || {};
    var line = el("span", {className: "gk-doc"}, el("code", {text: docId || "(no id)"}));
    if (meta.title) {
      line.appendChild(document.createTextNode(" — "));
      var url = safeUrl(meta.url);
      line.appendChild(url ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer", text: meta.title})
                           : el("span", {text: meta.title}));
    } else if (safeUrl(meta.url)) {
      line.appendChild(document.createTextNode(" — "));
      line.appendChild(el("a", {href: safeUrl(meta.url), target: "_blank", rel: "noopener noreferrer", text: meta.url}));
    }
    var extra = [meta.source, meta.date].filter(Boolean).join(", ");
    if (extra) line.appendChild(document.createTextNode(" (" + extra + ")"));
    return line;
  }

  /* An entity's links that the other parts let through (a date range: those of its dates), each
     with the weight shown for it (in the range), strongest first. */
  function linksShown(id) {
    return (adjacency[id] || []).map(function (n) {
      var e = edges.get(n.edge);
      return e && !passes("edge", e) ? null : {other: n.other, edge: n.edge, weight: n.weight, shown: e ? e.value : n.weight};
    }).filter(Boolean).sort(function (a, b) { return b.shown - a.shown; });
  }
  function showNode(id) {
    var i = info(id);
    var parts = [el("h2", {text: i.label}),
                 el("div", {className: "gk-type"}, swatch(i.type), typeName(i.type))];
    var facts = [];
    if (i.mentions) facts.push(plural(i.mentions, "mention", "mentions"));
    if (i.documents) facts.push(plural(i.documents, "document", "documents"));
    var links = linksShown(id);
    facts.push(plural(links.length, "link", "links") + " on this page");
    parts.push(el("p", {className: "gk-facts", text: facts.join(" · ")}));
    var editing = document.getElementById("gk-curation");
    if (editing) {  // the curation controls sit below the whole panel, after a hub's long lists
      parts.push(el("p", null, el("button", {type: "button", className: "gk-linklike", id: "gk-to-edit",
        text: "Merge, drop, rename or retype ↓", onclick: function () { editing.scrollIntoView({block: "start"}); }})));
    }
    parts = parts.concat(notes("node", id));

    // every spelling as the articles write it ("Kim Jong-un" beside "Kim Jong Un": a reader quotes them)
    var aliases = (i.aliases || []).filter(function (a, k, all) { return a !== i.label && all.indexOf(a) === k; });
    if (aliases.length) {
      parts.push(el("h3", {text: "Also written as"}));
      parts = parts.concat(folded(aliases.map(function (a) { return el("li", {text: a}); }), ALIASES_OPEN, null, "spellings"));
    }
    var neighbours = links.slice(0, 15), noun = windowNoun();
    if (neighbours.length) {
      parts.push(el("h3", {text: "Strongest links"}));
      parts.push(el.apply(null, ["ul", {className: "gk-neighbours"}].concat(neighbours.map(function (n) {
        return el("li", null, nodeButton(n.other),
          el("button", {type: "button", className: "gk-linklike gk-weight", title: "Read the evidence for this link",
                        text: plural(n.shown, noun[0], noun[1]), onclick: function () { selectEdge(n.edge, true); }}));
      }))));
    }
    if (i.doc_ids && i.doc_ids.length) {
      parts.push(el("h3", {text: "Documents", "data-part": "documents"}));
      var items = i.doc_ids.map(function (d) { return el("li", null, docLine(d)); });
      var tail = i.more_docs ? el("li", {text: "… and " + i.more_docs + " more"}) : null;
      parts = parts.concat(folded(items, DOCUMENTS_OPEN, null, "documents", tail));
    }
    hooks.nodePanel.forEach(function (hook) { hook(id, parts); });
    setPanel.apply(null, parts);
  }

  /* A list of ``items`` (li elements) showing the first ``open``; the others behind a "N more ..."
     toggle (a closed <details>), so a hub's long lists do not bury what follows them. */
  var DOCUMENTS_OPEN = 10, ALIASES_OPEN = 8;
  function folded(items, open, className, noun, tail) {  // tail: a last item ("… and 40 more") kept apart
    var props = className ? {className: className} : null;
    var first = el.apply(null, ["ul", props].concat(items.slice(0, open)));
    if (items.length <= open) { if (tail) first.appendChild(tail); return [first]; }
    var rest = el.apply(null, ["ul", props].concat(items.slice(open)));
    if (tail) rest.appendChild(tail);
    return [first, el("details", {className: "gk-more"}, el("summary", {text: (items.length - open) + " more " + noun}), rest)];
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  /* Two characters side by side within one word: letters or digits of a script written with spaces
     between words (in Chinese or Japanese a name sits between other letters). Checked by hand rather
     than with a lookbehind, which older browsers do not know. */
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  function inWord(a, b) {
    return !!a && !!b && WORD_CHAR.test(a) && WORD_CHAR.test(b) && !UNSPACED.test(a) && !UNSPACED.test(b);
  }
  function marked(sentence, terms) {
    // the sentence as text nodes, with the entities' names in <mark> elements
    var box = el("blockquote");
    var words = terms.filter(function (t) { return t && t.length > 1; })
      .sort(function (a, b) { return b.length - a.length; }).map(escapeRegExp);
    if (!words.length) { box.textContent = sentence; return box; }
    var re = new RegExp(words.join("|"), "gi"), last = 0, m;
    while ((m = re.exec(sentence)) !== null) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      if (inWord(sentence.charAt(m.index - 1), m[0].charAt(0)) ||
          inWord(m[0].charAt(m[0].length - 1), sentence.charAt(m.index + m[0].length))) {
        re.lastIndex = m.index + 1;  // whole words only: the alias "US" marks "US", not the "us" of "accused"
        continue;
      }
      if (m.index > last) box.appendChild(document.createTextNode(sentence.slice(last, m.index)));
      box.appendChild(el("mark", {text: m[0]}));
      last = m.index + m[0].length;
    }
    if (last < sentence.length) box.appendChild(document.createTextNode(sentence.slice(last)));
    return box;
  }

  function showEdge(edgeId) {
    var e = edges.get(edgeId), x = DATA.edges[edgeId] || {evidence: []};
    var a = info(e.from), b = info(e.to);
    var noun = windowNoun();
    var facts = "Together in " + plural(x.weight, noun[0], noun[1]);
    if (x.documents) facts += " across " + plural(x.documents, "document", "documents");
    var parts = [el("h2", null, nodeButton(e.from), " — ", nodeButton(e.to)),
                 el("p", {className: "gk-facts", text: facts})].concat(notes("edge", edgeId), [el("h3", {text: "Evidence"})]);
    if (x.weight > x.evidence.length) {  // the build keeps a few sentences per link, from different articles first
      parts.push(el("p", {className: "gk-facts", text: "The " + plural(x.evidence.length, noun[0], noun[1]) + " kept of " + x.weight + ":"}));
    }
    var terms = [a.label, b.label].concat(a.aliases || [], b.aliases || []);
    var evidence = x.evidence.filter(function (item) { return passes("evidence", item); });
    if (evidence.length) {
      parts.push(el.apply(null, ["ul", {className: "gk-evidence"}].concat(evidence.map(function (item) {
        // data-evidence: the sentence's place among the stored ones (a date range may hide some)
        return el("li", {"data-evidence": String(x.evidence.indexOf(item))},
                  marked(item[1], terms), el("div", {className: "gk-source"}, docLine(item[0])));
      }))));
    } else {
      parts.push(el("p", {className: "gk-hint", text: x.evidence.length
        ? "None of the stored evidence sentences is in the current view."
        : "No evidence sentences were stored for this link."}));
    }
    hooks.edgePanel.forEach(function (hook) { hook(edgeId, parts); });
    setPanel.apply(null, parts);
  }

  // ---- selection ---------------------------------------------------------------------------
  function showType(type) {
    if (!hiddenTypes.has(type)) return;
    hiddenTypes.delete(type);
    refreshFilters();
  }
  function focusNode(id, stay) {  // stay: select it without moving the view
    if (hooks.beforeFocus && hooks.beforeFocus(id) === false) return true;
    if (!nodes.get(id)) return false;
    showType(info(id).type);
    if (!nodesView.get(id)) reveal("node", id);
    selected = {kind: "node", id: id};
    network.selectNodes([id]);
    if (!stay) network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    highlightSelection();
    showNode(id);
    return true;
  }
  function selectEdge(edgeId, revealIt) {
    var e = edges.get(edgeId);
    if (!e) return false;
    if (revealIt) {  // coming from the panel: make sure the link is visible
      showType(info(e.from).type); showType(info(e.to).type);
      if (!edgesView.get(edgeId)) reveal("edge", edgeId);
      if (edges.get(edgeId).value < minWeight) setMinWeight(1);
    }
    selected = {kind: "edge", id: edgeId};
    network.setSelection({nodes: [], edges: [edgeId]}, {unselectAll: true, highlightEdges: false});
    highlightSelection();
    showEdge(edgeId);
    return true;
  }
  function clearSelection() {
    selected = null;
    network.unselectAll();
    highlightSelection();
    hint();
  }
  network.on("click", function (params) {
    if (params.nodes.length) focusNode(params.nodes[0]);
    else if (params.edges.length) selectEdge(params.edges[0], false);
    else clearSelection();
  });
  network.on("hoverNode", function (params) { highlight.apply(null, neighbourhood(params.node)); });
  network.on("blurNode", highlightSelection);

  // ---- filters: legend toggles and the weight slider ----------------------------------------
  var legend = document.getElementById("gk-legend");
  var legendButtons = {};
  function refreshFilters() {
    nodesView.refresh();
    edgesView.refresh();
    Object.keys(legendButtons).forEach(function (t) {
      legendButtons[t].setAttribute("aria-pressed", hiddenTypes.has(t) ? "false" : "true");
    });
    if (selected && !(selected.kind === "node" ? nodesView.get(selected.id) : edgesView.get(selected.id))) {
      selected = null;
      hint();
    }
    highlightSelection();
  }
  DATA.types.slice().sort(function (a, b) { return b.count - a.count || a.type.localeCompare(b.type); })
    .forEach(function (t) {
      var button = el("button", {type: "button", "aria-pressed": "true", title: "Show or hide " + typeName(t.type),
                                 "data-type": t.type},
                      swatch(t.type), typeName(t.type), el("span", {className: "gk-count", text: String(t.count)}));
      button.addEventListener("click", function () {
        if (hiddenTypes.has(t.type)) hiddenTypes.delete(t.type); else hiddenTypes.add(t.type);
        refreshFilters();
      });
      legendButtons[t.type] = button;
      legend.appendChild(button);
    });

  var slider = document.getElementById("gk-weight");
  var sliderValue = document.getElementById("gk-weight-value");
  var maxWeight = VIS.edges.reduce(function (m, e) { return Math.max(m, e.value); }, 1);
  slider.max = String(Math.max(1, Math.ceil(maxWeight)));
  slider.disabled = maxWeight <= 1;
  function setMinWeight(value) {
    minWeight = value;
    slider.value = String(value);
    sliderValue.textContent = String(value);
    refreshFilters();
  }
  slider.addEventListener("input", function () { setMinWeight(Number(slider.value)); });

  // ---- physics and fit ---------------------------------------------------------------------
  var physicsButton = document.getElementById("gk-physics");
  var physicsOn = false;
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({physics: {enabled: on}});
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
    physicsButton.textContent = on ? "Physics: on" : "Physics: off";
    hooks.physics.forEach(function (hook) { hook(on); });
  }
  physicsButton.addEventListener("click", function () { setPhysics(!physicsOn); });
  document.getElementById("gk-fit").addEventListener("click", function () {
    network.fit({animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  });

  // ---- search by name or alias -------------------------------------------------------------
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function indexEntry(id) {
    var i = DATA.nodes[id];
    return {id: id, label: norm(i.label),
            aliases: (i.aliases || []).map(function (a) { return {text: a, key: norm(a)}; }), score: centrality(id)};
  }
  var index = Object.keys(DATA.nodes).map(indexEntry);
  function addToIndex(ids) { ids.forEach(function (id) { index.push(indexEntry(id)); }); }
  function tier(key, q) {
    if (key === q) return 0;
    if (key.indexOf(q) === 0 || key.indexOf(" " + q) >= 0) return 1;
    return key.indexOf(q) >= 0 ? 2 : 9;
  }
  /* Entities whose name or an alias matches: exact names first, then names with a word starting
     with the query, then any substring; the more central entity first within each group. */
  function search(query, limit) {
    var q = norm(query), hits = [];
    if (!q) return hits;
    index.forEach(function (entry) {
      var best = tier(entry.label, q) * 2, alias = null;
      entry.aliases.forEach(function (a) {
        var t = tier(a.key, q) * 2 + 1;
        if (t < best) { best = t; alias = a.text; }
      });
      if (best < 18) hits.push({id: entry.id, rank: best, alias: alias, score: entry.score});
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || b.score - a.score || info(a.id).label.localeCompare(info(b.id).label);
    });
    return hits.slice(0, limit || 10);
  }

  var input = document.getElementById("gk-search");
  var list = document.getElementById("gk-suggestions");
  var hits = [], active = 0;
  function closeList() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }
  function renderList() {
    list.textContent = "";
    if (!input.value.trim()) { closeList(); return; }
    if (!hits.length) list.appendChild(el("li", {className: "gk-empty", text: "No entity matches"}));
    hits.forEach(function (h, k) {
      var i = info(h.id);
      var item = el("li", {role: "option", "aria-selected": k === active ? "true" : "false", "data-id": h.id},
                    swatch(i.type), el("span", {className: "gk-name", text: i.label}),
                    el("span", {className: "gk-sub", text: h.alias ? "also “" + h.alias + "”" : typeName(i.type)}));
      item.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(k); });
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function choose(k) {
    var h = hits[k];
    if (!h) return;
    closeList();
    input.value = info(h.id).label;
    focusNode(h.id);
  }
  input.addEventListener("input", function () { hits = search(input.value, 10); active = 0; renderList(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!hits.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      renderList();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (list.hidden) { hits = search(input.value, 10); active = 0; }
      choose(active);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      closeList();
    }
  });
  input.addEventListener("blur", closeList);
  input.addEventListener("focus", function () { if (input.value.trim()) { hits = search(input.value, 10); renderList(); } });

  hint();

  /* After the data changed (curation.js merges, drops, renames): links and the search index again
     from the DataSets, and the panel of what is selected. */
  function refresh() {
    // the links of the entities in the DataSets (drawn, or shown in an ego view); entities only
    // known from the undrawn rest of the graph keep theirs
    nodes.getIds().forEach(function (id) { delete adjacency[id]; });
    Object.keys(adjacency).forEach(function (id) { if (!DATA.nodes[id]) delete adjacency[id]; });
    edges.get().forEach(function (e) {
      (adjacency[e.from] = adjacency[e.from] || []).push({other: e.to, edge: e.id, weight: e.value});
      (adjacency[e.to] = adjacency[e.to] || []).push({other: e.from, edge: e.id, weight: e.value});
    });
    nodes.getIds().forEach(function (id) {
      if (adjacency[id]) adjacency[id].sort(function (a, b) { return b.weight - a.weight || info(a.other).label.localeCompare(info(b.other).label); });
    });
    index = Object.keys(DATA.nodes).map(indexEntry);
    if (selected && selected.kind === "node" && nodes.get(selected.id)) showNode(selected.id);
    else if (selected && selected.kind === "edge" && edges.get(selected.id)) showEdge(selected.id);
    else clearSelection();
  }

  // for tests, benchmarks and the curious (browser console)
  window.graphkit = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, data: DATA,
    search: search, focusNode: focusNode, selectEdge: selectEdge, clearSelection: clearSelection,
    setMinWeight: setMinWeight, setPhysics: setPhysics, refresh: refresh, fitMain: fitMain, fitShown: fitShown,
    // for the page's other parts (explorer_map.js): extension points and shared helpers
    hooks: hooks, adjacency: adjacency, addToIndex: addToIndex, refreshFilters: refreshFilters,
    highlight: highlight, focused: function () { return focusNodes; }, showNode: showNode,
    ui: {el: el, setPanel: setPanel, folded: folded, hint: hint, docLine: docLine, nodeButton: nodeButton, marked: marked,
         swatch: swatch, typeColor: typeColor, windowNoun: windowNoun, plural: plural},
    el: el, docLine: docLine, info: info,  // (explorer_relations.js)
    highlightNode: function (id) { highlight.apply(null, neighbourhood(id)); },
    dimmed: function () {  // what the veil covers
      if (!focusNodes) return {nodes: [], edges: []};
      return {nodes: nodesView.getIds().filter(function (id) { return !focusNodes.has(id); }),
              edges: edgesView.getIds().filter(function (id) { return !focusEdges.has(id); })};
    },
    selected: function () { return selected; },
    // for the page's other sections (see "Hooks" above)
    addFilter: function (kind, fn) { extraFilters[kind].push(fn); },
    addPanelNote: function (fn) { panelNotes.push(fn); },
    onReveal: function (fn) { revealHooks.push(fn); },
    reveal: reveal,  // (explorer_map.js: an entity brought in from outside the first view)
    refreshPanel: function () {  // the selection's panel again, after a section changed what it shows
      if (!selected) return;
      if (selected.kind === "node") showNode(selected.id); else showEdge(selected.id);
    }
  };
})();
