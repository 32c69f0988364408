/* graphkit explorer, the map of a large graph: name labels that never overlap, community discs,
 * the backbone/all-links control, the communities panel, and the whole graph within reach
 * (search over every entity, an ego view for one that is not drawn, "back to overview").
 *
 * Runs after explorer.js and talks to it only through window.graphkit (hooks, helpers).
 * Same safety rule: article text reaches the DOM only as text. */
(function () {
  "use strict";

  var G = window.graphkit;
  var DATA = G.data, VIS = window.GRAPHKIT_VIS, network = G.network, nodes = G.nodes, edges = G.edges;
  var ui = G.ui, el = ui.el;
  var container = document.getElementById("mynetwork");
  var MAP = DATA.map || {};
  var EGO_NEIGHBOURS = 15;
  var COMMUNITIES = DATA.communities || [];
  var byNumber = {};
  COMMUNITIES.forEach(function (c) { byNumber[c.number] = c; });
  var ego = null;  // the ego view, when one is shown (see below)

  function info(id) { return DATA.nodes[id] || {label: String(id), type: "", aliases: [], doc_ids: []}; }

  // ---- name labels: most central first, never overlapping (drawn on screen, fixed size) --------
  var rank = {};
  VIS.nodes.forEach(function (n, k) { rank[n.id] = k; });
  var widthCache = {};
  function byRank(a, b) {
    var ra = rank[a], rb = rank[b];
    if (ra === undefined) ra = 1e9 - (info(a).pagerank || 0) * 1e6;
    if (rb === undefined) rb = 1e9 - (info(b).pagerank || 0) * 1e6;
    return ra - rb;
  }
  function fontFor(k) { return k < 12 ? 15 : 13; }
  var TOP_LABELS_FIRST = 12, MAX_LABELS = 400;
  // a community's name on the map: its two most central entities
  function shortName(number) {
    var c = byNumber[number];
    return c ? c.entities.slice(0, 2).map(function (e) { return e[1]; }).join(" · ") : null;
  }
  var placedLabels = [];  // [{id, x, y, w, h}] of the last frame, for tests
  function drawLabels(ctx) {
    var body = network.body, scale = network.getScale();
    var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    var width = container.clientWidth, height = container.clientHeight;
    var focus = G.focused();
    var ids = (focus ? Array.from(focus) : body.nodeIndices.slice()).sort(byRank);
    var boxes = [], cell = 64, grid = {};
    function collides(b) {
      for (var gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++) {
        for (var gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++) {
          var list = grid[gx + ":" + gy];
          if (!list) continue;
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
          }
        }
      }
      return false;
    }
    function onScreen(b, anchorX) {
      // a label cut by the canvas edge slides in, when what it names (at anchorX) is on screen
      if (anchorX < 0 || anchorX > width || b.y + b.h < 0 || b.y > height) return false;
      if (b.w <= width) b.x = Math.min(Math.max(b.x, 0), width - b.w);
      return true;
    }
    function add(b) {
      boxes.push(b);
      for (var gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++)
        for (var gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++)
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    var count = 0;
    function nodeLabel(id) {
      var node = body.nodes[id];
      if (!node) return;
      var p = network.canvasToDOM({x: node.x, y: node.y});
      var r = ((node.shape && node.shape.radius) || node.options.size || 10) * scale;
      if (p.x < -200 || p.x > width + 200 || p.y < -50 || p.y > height + 50) return;
      var size = fontFor(rank[id] === undefined ? 99 : rank[id]);
      var label = info(id).label;
      var key = size + "|" + label;
      ctx.font = (size > 13 ? "600 " : "") + size + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      var w = widthCache[key] || (widthCache[key] = ctx.measureText(label).width), h = size + 3;
      // under the entity, else above it, to its right or to its left: where no name is yet (in a
      // dense centre the names below were taken, and Kim Jong Un went unnamed on the seeds page)
      var places = [[p.x - w / 2 - 2, p.y + r + 2], [p.x - w / 2 - 2, p.y - r - 2 - h],
                    [p.x + r + 3, p.y - h / 2], [p.x - r - 7 - w, p.y - h / 2]];
      var b = null;
      for (var k = 0; k < places.length && !b; k++) {
        var box = {id: id, x: places[k][0], y: places[k][1], w: w + 4, h: h};
        if (onScreen(box, p.x) && !collides(box)) b = box;
      }
      if (!b) return;
      add(b);
      count++;
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.92)"; ctx.fillStyle = "#1f2933";
      ctx.strokeText(label, b.x + b.w / 2, b.y + 1); ctx.fillText(label, b.x + b.w / 2, b.y + 1);
    }
    // the most central names first, then the communities' names above their discs, then the rest
    var k = 0;
    for (; k < ids.length && k < TOP_LABELS_FIRST; k++) nodeLabel(ids[k]);
    if (!focus && !ego && MAP.discs) {
      ctx.font = "600 14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      MAP.discs.forEach(function (d) {
        var name = shortName(d.community);
        if (!name || d.nodes < 3) return;
        var p = network.canvasToDOM({x: d.x, y: d.y - d.r});
        var w = ctx.measureText(name).width;
        var b = {id: "community:" + d.community, x: p.x - w / 2 - 3, y: p.y - 22, w: w + 6, h: 19};
        if (!onScreen(b, p.x) || collides(b)) return;
        add(b);
        ctx.lineWidth = 4; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#52606d";
        ctx.strokeText(name, b.x + b.w / 2, b.y + 2); ctx.fillText(name, b.x + b.w / 2, b.y + 2);
      });
    }
    for (; k < ids.length && count < MAX_LABELS; k++) nodeLabel(ids[k]);
    ctx.restore();
    placedLabels = boxes;
  }
  network.on("afterDrawing", drawLabels);

  // ---- community discs behind the overview ---------------------------------------------------
  network.on("beforeDrawing", function (ctx) {
    if (!MAP.discs || ego) return;
    ctx.save();
    MAP.discs.forEach(function (d) {
      if (d.nodes < 3) return;
      ctx.beginPath();
      ctx.arc(d.x, d.y, d.r, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(82, 96, 109, 0.05)";
      ctx.fill();
      ctx.lineWidth = 1 / Math.max(network.getScale(), 0.05);
      ctx.strokeStyle = "rgba(82, 96, 109, 0.18)";
      ctx.stroke();
    });
    ctx.restore();
  });

  // ---- backbone or all links ------------------------------------------------------------------
  var backboneOnly = !!(MAP.backbone && MAP.backbone.default);
  var toolbar = document.getElementById("gk-toolbar");
  var linksButton = null;
  function setBackbone(on) {
    backboneOnly = !!on && !!MAP.backbone;
    if (linksButton) {
      linksButton.setAttribute("aria-pressed", backboneOnly ? "true" : "false");
      linksButton.textContent = backboneOnly ? "Links: backbone" : "Links: all";
    }
    G.refreshFilters();
  }
  if (MAP.backbone) {
    linksButton = el("button", {type: "button", id: "gk-links", "aria-pressed": "true",
                                title: "Backbone: the links that stand out for at least one of their ends (disparity below "
                                       + MAP.backbone.alpha + ") plus those that keep every group connected"});
    linksButton.addEventListener("click", function () { setBackbone(!backboneOnly); });
    toolbar.insertBefore(linksButton, document.getElementById("gk-fit"));
  }
  G.hooks.edgeFilters.push(function (e) {  // (a relation typed in the filter shows all its links)
    return !backboneOnly || e.backbone === true || ego !== null || !!(G.relationQuery && G.relationQuery());
  });
  if (backboneOnly) setBackbone(true);
  // the first view: the whole map where communities are drawn as discs, else (a small graph, no
  // discs) the largest connected group, as explorer.js fits it
  function fitOverview() {
    if (MAP.discs && MAP.discs.length) {
      G.fitShown(VIS.nodes.map(function (n) { return n.id; }));
    } else {
      G.fitMain();
    }
  }
  fitOverview();
  G.fitOverview = fitOverview;
  // Physics pulls the map's entities out of their community discs (into one blob on a large page):
  // switched off again, every entity goes back to its place on the map
  if (MAP.discs && MAP.discs.length) {
    document.getElementById("gk-physics").title = "Let the entities move; switched off, the map comes back";
    G.hooks.physics.push(function (on) {
      if (on) return;
      if (ego) leaveEgo(false);
      // only the entities still drawn: update() would bring back one a pending merge or drop removed
      nodes.update(VIS.nodes.filter(function (n) { return nodes.get(n.id); })
        .map(function (n) { return {id: n.id, x: n.x, y: n.y}; }));
      network.redraw();
    });
  }

  // ---- communities --------------------------------------------------------------------------
  function drawnMembers(number) {
    return VIS.nodes.filter(function (n) { return info(n.id).community === number; }).map(function (n) { return n.id; });
  }
  function showCommunity(c) {
    var noun = ui.windowNoun();
    var facts = [ui.plural(c.size, "entity", "entities"), ui.plural(c.documents, "document", "documents")];
    if (c.first_date) facts.push(c.first_date === c.last_date ? c.first_date : c.first_date + " – " + c.last_date);
    var parts = [el("h2", {text: c.name}), el("p", {className: "gk-facts", text: facts.join(" · ")}),
                 el("h3", {text: "Most linked inside"})];
    parts.push(el.apply(null, ["ul", null].concat(c.entities.map(function (e) {
      return el("li", null, ui.nodeButton(e[0]));
    }))));
    if (c.ties.length) {
      parts.push(el("h3", {text: "Strongest ties"}));
      parts.push(el.apply(null, ["ul", {className: "gk-evidence"}].concat(c.ties.map(function (t) {
        var a = info(t.source), b = info(t.target);
        var item = el("li", null, el("div", null, ui.nodeButton(t.source), " — ", ui.nodeButton(t.target),
                                     " (" + ui.plural(t.weight, noun[0], noun[1]) + ")"));
        if (t.evidence.length) {
          item.appendChild(ui.marked(t.evidence[1], [a.label, b.label].concat(a.aliases || [], b.aliases || [])));
          item.appendChild(el("div", {className: "gk-source"}, ui.docLine(t.evidence[0])));
        }
        return item;
      }))));
    }
    if (c.sources.length) {
      parts.push(el("h3", {text: "Sources"}));
      parts.push(el.apply(null, ["ul", null].concat(c.sources.map(function (s) {
        return el("li", {text: s[0] + " (" + ui.plural(s[1], "document", "documents") + ")"});
      }))));
    }
    if (c.top_documents.length) {
      parts.push(el("h3", {text: "Documents naming the most of them"}));
      parts.push(el.apply(null, ["ul", null].concat(c.top_documents.map(function (d) {
        return el("li", null, ui.docLine(d[0]), " · " + ui.plural(d[2], "entity", "entities"));
      }))));
    }
    ui.setPanel.apply(null, parts);
  }
  function focusCommunity(number) {
    var c = byNumber[number];
    if (!c) return false;
    if (ego) leaveEgo(false);
    G.clearSelection();
    var members = drawnMembers(number).filter(function (id) { return G.nodesView.get(id); });
    if (members.length) {
      var keep = new Set(members), keepEdges = new Set();
      G.edgesView.get().forEach(function (e) { if (keep.has(e.from) && keep.has(e.to)) keepEdges.add(e.id); });
      G.highlight(keep, keepEdges);
      network.fit({nodes: members, maxZoomLevel: 1.5, animation: false});
    }
    showCommunity(c);
    Array.prototype.forEach.call(document.querySelectorAll("#gk-communities li"), function (li) {
      li.setAttribute("aria-current", li.getAttribute("data-community") === String(number) ? "true" : "false");
    });
    return true;
  }
  if (COMMUNITIES.length) {
    var listBox = el("ol", {id: "gk-community-list"});
    COMMUNITIES.forEach(function (c) {
      var when = c.first_date ? (c.first_date === c.last_date ? c.first_date : c.first_date + " – " + c.last_date) : "";
      var button = el("button", {type: "button", className: "gk-community"},
                      el("span", {className: "gk-name", text: c.name}),
                      el("span", {className: "gk-sub", text: ui.plural(c.size, "entity", "entities") + (when ? " · " + when : "")}));
      button.addEventListener("click", function () { focusCommunity(c.number); });
      listBox.appendChild(el("li", {"data-community": String(c.number)}, button));
    });
    var aside = el("aside", {id: "gk-communities", "aria-label": "Communities"},
                   el("h2", {text: "Communities"}), listBox);
    document.getElementById("gk-main").insertBefore(aside, container);
    network.redraw();
  }

  // ---- the whole graph: unpacked on demand from the compressed block --------------------------
  var rest = null, restPromise = null;
  var fullAdjacency = {};  // id -> [{other, edge, weight, npmi, drawn}]
  function addLink(a, b, link) {
    (fullAdjacency[a] = fullAdjacency[a] || []).push({other: b, edge: link.edge, weight: link.weight, npmi: link.npmi, rest: link.rest});
    (fullAdjacency[b] = fullAdjacency[b] || []).push({other: a, edge: link.edge, weight: link.weight, npmi: link.npmi, rest: link.rest});
  }
  function install(packed) {
    var ids = packed.ids, newIds = [];
    packed.nodes.forEach(function (row) {
      var id = row[0];
      DATA.nodes[id] = {label: row[1], type: row[2], mentions: row[3], documents: row[4], community: row[5],
                        pagerank: row[6], aliases: row[7] ? row[7].split("|") : [],
                        doc_ids: row[8] ? row[8].split("|") : [], more_docs: row[9], size: row[10], outside: true};
      // every surface form with its alias-file key, for curation.js (which reads them from here)
      if (row[11] && DATA.curation && DATA.curation.surfaces) DATA.curation.surfaces[id] = row[11];
      newIds.push(id);
    });
    G.addToIndex(newIds);
    if (G.onRest) G.onRest(newIds);  // curation.js: changes made before now replay over these too
    VIS.edges.forEach(function (e) {
      var x = DATA.edges[e.id] || {};
      addLink(e.from, e.to, {edge: e.id, weight: e.value, npmi: x.npmi});
    });
    rest = {edges: packed.edges.map(function (row, k) {
      var r = {id: "r" + k, from: ids[row[0]], to: ids[row[1]], weight: row[2], documents: row[3], npmi: row[4],
               disparity: row[5], evidence: row[6] ? [[row[6], row[7]]] : []};
      if (row[8]) r.relations = row[8];  // (explorer_relations.js: the relation filter counts these too)
      addLink(r.from, r.to, {edge: r.id, weight: r.weight, npmi: r.npmi, rest: r});
      return r;
    })};
    Object.keys(fullAdjacency).forEach(function (id) {
      fullAdjacency[id].sort(function (a, b) {
        return b.weight - a.weight || (b.npmi || 0) - (a.npmi || 0) || info(a.other).label.localeCompare(info(b.other).label);
      });
    });
    G.restReady = true;
    var input = document.getElementById("gk-search");
    if (input && input.value.trim() && document.activeElement === input) input.dispatchEvent(new Event("input"));
    return rest;
  }
  function unpack() {
    if (restPromise) return restPromise;
    var block = document.getElementById("gk-rest");
    if (!block || !block.textContent.trim()) {
      restPromise = Promise.resolve(install({ids: [], nodes: [], edges: []}));
      return restPromise;
    }
    var binary = atob(block.textContent.trim()), bytes = new Uint8Array(binary.length);
    for (var k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    restPromise = new Response(stream).text().then(function (text) { return install(JSON.parse(text)); });
    return restPromise;
  }
  G.restReady = false;
  G.whenRest = unpack;  // a promise of the unpacked rest (curation.js waits on it)
  // the links of the rest not on the page now (explorer_relations.js counts the matching ones)
  G.undrawnLinks = function () { return rest ? rest.edges.filter(function (r) { return !edges.get(r.id); }) : []; };
  // every link of the graph as built, [from, to]: the first view's and the rest's; null until the rest is
  // unpacked (curation_panel.js numbers them once and keeps that)
  G.builtLinks = function () {
    if (!rest) return null;
    return VIS.edges.map(function (e) { return [e.from, e.to]; }).concat(rest.edges.map(function (r) { return [r.from, r.to]; }));
  };
  network.once("afterDrawing", function () { setTimeout(unpack, 0); });

  // ---- ego view: an entity outside the first view with its strongest neighbours ---------------
  // ego: {center, members: Set, added: {nodes, edges}, moved: {id: {x, y}}, links: [[id, item]]}
  var backButton = el("button", {type: "button", id: "gk-back", hidden: "hidden", text: "← Back to overview"});
  backButton.addEventListener("click", function () { leaveEgo(true); });
  toolbar.insertBefore(backButton, toolbar.firstChild);
  G.hooks.nodeFilters.push(function (n) { return ego === null || ego.members.has(n.id); });

  function enterEgo(id) {
    if (ego) leaveEgo(false);
    G.reveal("node", id);  // a date range that would hide it (and its neighbours) is cleared, as for a drawn one
    // (not an entity a pending change dropped or merged away: the page no longer has it)
    var neighbours = (fullAdjacency[id] || []).filter(function (n) { return DATA.nodes[n.other]; }).slice(0, EGO_NEIGHBOURS);
    var members = [id].concat(neighbours.map(function (n) { return n.other; }));
    var memberSet = new Set(members);
    ego = {center: id, members: memberSet, added: {nodes: [], edges: []}, moved: {}, links: []};
    var centre = network.getViewPosition();
    var ring = 140 + 22 * neighbours.length;
    var place = {};
    place[id] = {x: centre.x, y: centre.y};
    neighbours.forEach(function (n, k) {
      var angle = -Math.PI / 2 + 2 * Math.PI * k / Math.max(neighbours.length, 1);
      place[n.other] = {x: centre.x + ring * Math.cos(angle), y: centre.y + ring * Math.sin(angle)};
    });
    var newNodes = [], moved = [];
    members.forEach(function (m) {
      if (nodes.get(m)) {
        var p = network.getPositions([m])[m];
        ego.moved[m] = p;
        moved.push({id: m, x: place[m].x, y: place[m].y});
      } else {
        var i = info(m);
        newNodes.push({id: m, label: i.label, x: place[m].x, y: place[m].y, value: i.size || 10,
                       color: ui.typeColor(i.type), title: i.label + "\n" + (i.type || "untyped")});
        ego.added.nodes.push(m);
      }
    });
    // links among the members that the page does not hold yet
    var newEdges = [];
    members.forEach(function (m) {
      (fullAdjacency[m] || []).forEach(function (link) {
        if (!link.rest || !memberSet.has(link.other) || edges.get(link.edge) || ego.added.edges.indexOf(link.edge) >= 0) return;
        var r = link.rest;
        ego.added.edges.push(r.id);
        DATA.edges[r.id] = {weight: r.weight, documents: r.documents, evidence: r.evidence, npmi: r.npmi,
                            disparity: r.disparity};
        if (r.relations) DATA.edges[r.id].relations = r.relations;
        newEdges.push({id: r.id, from: r.from, to: r.to, value: r.weight, backbone: true,
                       title: info(r.from).label + " — " + info(r.to).label + "\nweight " + r.weight});
        [[r.from, r.to], [r.to, r.from]].forEach(function (pair) {
          var item = {other: pair[1], edge: r.id, weight: r.weight};
          (G.adjacency[pair[0]] = G.adjacency[pair[0]] || []).push(item);
          ego.links.push([pair[0], item]);
        });
      });
    });
    Object.keys(G.adjacency).forEach(function (k) {
      G.adjacency[k].sort(function (a, b) { return b.weight - a.weight || info(a.other).label.localeCompare(info(b.other).label); });
    });
    nodes.add(newNodes);
    nodes.update(moved);
    edges.add(newEdges);
    G.refreshFilters();
    backButton.hidden = false;
    G.fitShown(members, 1.2);
    G.focusNode(id, true);
    return true;
  }
  function leaveEgo(fit) {
    if (!ego) return;
    var was = ego;
    ego = null;
    G.clearSelection();
    edges.remove(was.added.edges);
    nodes.remove(was.added.nodes);
    was.added.edges.forEach(function (id) { delete DATA.edges[id]; });
    nodes.update(Object.keys(was.moved).map(function (id) { return {id: id, x: was.moved[id].x, y: was.moved[id].y}; }));
    was.links.forEach(function (pair) {
      var list = G.adjacency[pair[0]], at = list ? list.indexOf(pair[1]) : -1;
      if (at >= 0) list.splice(at, 1);
      if (list && !list.length) delete G.adjacency[pair[0]];
    });
    backButton.hidden = true;
    G.refreshFilters();
    if (fit) fitOverview();
  }
  G.hooks.beforeFocus = function (id) {
    if (ego && ego.members.has(id)) return true;
    if (VIS.nodes.length && rank[id] !== undefined) {  // drawn in the overview
      if (ego) leaveEgo(false);
      return true;
    }
    if (!DATA.nodes[id]) return true;  // unknown: explorer.js says no
    unpack().then(function () { enterEgo(id); });
    return false;
  };

  // ---- for tests, benchmarks and the curious ---------------------------------------------------
  G.communities = function () {
    return COMMUNITIES.map(function (c) {
      return {number: c.number, name: c.name, size: c.size, entities: c.entities, ties: c.ties,
              documents: c.documents, first_date: c.first_date, last_date: c.last_date, sources: c.sources,
              top_documents: c.top_documents, drawn: drawnMembers(c.number)};
    });
  };
  G.focusCommunity = focusCommunity;
  G.unpack = unpack;
  G.setBackbone = setBackbone;
  G.backboneOnly = function () { return backboneOnly; };
  G.ego = function () { return ego ? {center: ego.center, members: Array.from(ego.members)} : null; };
  G.backToOverview = function () { leaveEgo(true); };
  window.graphkitMapReadyAt = performance.now();
  G.labels = function () { return placedLabels.map(function (b) { return {id: b.id, x: b.x, y: b.y, w: b.w, h: b.h}; }); };
})();
