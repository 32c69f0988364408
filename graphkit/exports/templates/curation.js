/* graphkit explorer, curation: merge, drop, rename, retype entities and move an alias out of one,
 * see the result at once, undo, and download the alias file that makes a rebuild do the same.
 *
 * Kept apart from explorer.js: it only reads and changes what explorer.js publishes on
 * window.graphkit (the vis DataSets, the page data, the network, the selection). Every change is an
 * operation in a list; the page and the alias file are both replayed from the page as built plus
 * that list, so undoing any one change is exact.
 *
 * The alias file (graphkit/resolution/aliases.py reads it: `graphkit build --aliases FILE`) is
 * the one the page was built with (DATA.curation.file) plus the changes: "surface: canonical" pins
 * a surface to a name, "drop:" leaves a surface out, "types:" fixes a name's type, and "X: X" keeps
 * X apart from every automatic merge. Names are always written as double-quoted strings (JSON's
 * escapes are YAML's), so any name reads back as it was.
 *
 * How names are read is curation_names.js and what a change says curation_wording.js (both loaded
 * before this), the file written from the alias model curation_file.js, and the panel that drives it
 * all (edit, pending changes, suggestions) curation_panel.js (both loaded after this).
 *
 * Safety rule as in explorer.js: names reach the DOM only as text. */
(function () {
  "use strict";

  var G = window.graphkit;
  if (!G || !G.data) return;
  var DATA = G.data;
  var CUR = DATA.curation || {};
  var FILE = CUR.file || {aliases: [], drop: [], types: []};
  var SURFACES = CUR.surfaces || {};      // node id -> [[surface, key], ...]
  var OWNERS = CUR.shared || {};          // surface key -> node ids (whole graph) holding it, when several do
  var TYPE_RE = /^[A-Z][A-Z_]*$/;
  var W = G._wording, warning = W.warning, describe = W.describe, described = W.described;  // (curation_wording.js)

  // ---- the page as built, to replay from ----------------------------------------------------
  function clone(value) { return JSON.parse(JSON.stringify(value)); }
  /* Taken at the first change, not at load: explorer_map.js adds the undrawn rest of the graph to
     the data after the first view is up (and when that comes after the first change, the rest's
     entities join the snapshot then: G.onRest). An ego view opened after the first change is
     drawn again from the rest when it is opened again. SURFACES itself never changes but for the
     rest's entities joining it, so it needs no copy. */
  var ORIGINAL = null;
  // a link as drawn without a date range (a range shows its weight and tooltip in the range: explorer_timeline.js)
  function unranged(e) { return G.edgeBase ? Object.assign({}, e, G.edgeBase(e)) : e; }
  function snapshot() {
    if (!ORIGINAL) {
      ORIGINAL = {nodes: G.nodes.get(), edges: G.edges.get().map(unranged), info: clone(DATA.nodes), edgeInfo: clone(DATA.edges)};
    }
  }
  G.onRest = function (ids) {
    if (ORIGINAL) ids.forEach(function (id) { ORIGINAL.info[id] = clone(DATA.nodes[id]); });
    // their spellings, for the panel's "move out" list before any change replays the model
    if (state) ids.forEach(function (id) { if (!state.surfaces[id] && SURFACES[id]) state.surfaces[id] = clone(SURFACES[id]); });
  };
  /* A change is made on the overview: the close-up of an entity outside it (explorer_map.js's ego
     view) adds and moves nodes that the snapshot and the replay must not take for the page's own. */
  function toOverview() { if (G.ego && G.ego() && G.backToOverview) G.backToOverview(); }
  /* ...and the user is taken back to where they were: the close-up they were in (of its centre, or
     of the entity it was merged into), with the entity they had selected (or the one it was merged
     into) selected again; the centre gone, the selected entity alone; nothing left, the overview.
     Most entities of a large graph are only ever seen in a close-up: without this every change
     to one (a rename, a spelling moved out) meant searching for it again. The close-up opens
     once the packed rest is read (explorer_map.js), so a later change cancels the return. */
  var returns = 0;
  function closeUpPlace() {
    returns++;  // (a return still waiting is for an earlier change: cancelled)
    var ego = G.ego && G.ego(), sel = G.selected && G.selected();
    return ego ? {center: ego.center, selected: sel && sel.kind === "node" ? sel.id : null} : null;
  }
  function alive(id) {
    while (id && state.into[id]) id = state.into[id];
    return id && DATA.nodes[id] && !state.gone[id] ? id : null;
  }
  function backTo(place) {
    if (!place || !G.focusNode || !G.unpack) return;
    var mine = returns, centre = alive(place.center), selected = alive(place.selected);
    var current = function () { return mine === returns; };
    G.unpack().then(function () {
      if (!current() || !(centre || selected)) return;
      G.focusNode(centre || selected);  // its close-up opens after the unpacking, in turn
      return G.unpack();
    }).then(function () {
      var ego = G.ego();
      if (current() && centre && selected && selected !== centre && ego && ego.members.indexOf(selected) >= 0) {
        G.focusNode(selected, true);
      }
    });
  }
  var ops = [];        // the pending changes, oldest first
  /* What the panel (curation_panel.js) hooks in: its redraw, its status line, and the suggestion
     being accepted (its change says so, so undoing the change gives the accept button back). */
  var hooks = {render: function () {}, status: function () {}, changed: function () {}, accepting: null,
               circle: function () { return ""; }};  // (curation_file.js: names the file maps round)
  var state = null;    // {surfaces, aliases, drop, types} after replaying ops

  // ---- names and keys (curation_names.js) --------------------------------------------------
  var nameKey = G._names.nameKey, matchKey = G._names.matchKey, cleanName = G._names.cleanName;
  function label(id) { return (DATA.nodes[id] || {}).label || String(id); }
  function surfacesOf(id) { return state.surfaces[id] || [[label(id), nameKey(label(id))]]; }
  /* The key the file matches the entity's name by: a spelling of that key is the name itself
     ("New York's" of "New York"), so it cannot be moved out. */
  function labelKey(id) {
    var own = surfacesOf(id).filter(function (s) { return s[0] === label(id); })[0];
    return own ? own[1] : nameKey(label(id));
  }
  /* A spelling the file cannot move out of the entity: its key is the name's, or it reads as the
     name to the build ("Kim Jong-un" of "Kim Jong Un": an entity of that name is this one). */
  function isOwnName(id, s) { return s[1] === labelKey(id) || matchKey(s[0]) === matchKey(label(id)); }
  function ownedElsewhere(key, ids) {
    return (OWNERS[key] || []).some(function (owner) { return ids.indexOf(owner) < 0 && !state.gone[owner]; });
  }
  /* A spelling another entity also has is left out of the file (the file names spellings, not
     entities): the rebuild keeps its mentions where they were, so the change's line says so. */
  function leftAlone(op, surface) {
    if (op.shared.indexOf(surface) < 0) op.shared.push(surface);
  }
  /* The entities outside ``ids`` that the build cannot tell from the name ``name`` the change gives:
     one whose name reads the same (matchKey) is one entity with it after the rebuild, whatever
     their types; one with a spelling that reads the same may be. The page shows them apart, so the
     change's line and the status line say so. */
  function noteClashes(op, name, ids) {
    var key = matchKey(name);
    op.newName = name;
    if (!key) return;
    Object.keys(DATA.nodes).forEach(function (id) {
      var i = DATA.nodes[id];
      if (ids.indexOf(id) >= 0 || !i) return;
      if (matchKey(i.label) === key) { op.clash.push({label: i.label, type: i.type, name: true}); return; }
      var spelling = (i.aliases || []).filter(function (a) { return matchKey(a) === key; })[0];
      if (spelling !== undefined) op.clash.push({label: i.label, type: i.type, spelling: spelling});
    });
  }
  // ---- the alias model: surface key -> entry ------------------------------------------------
  function freshModel() {
    var model = {surfaces: clone(SURFACES), aliases: {}, drop: {}, types: {}, gone: {}, into: {}};
    FILE.aliases.forEach(function (a) {
      model.aliases[a[1]] = a[3] ? {surface: a[0], canonical: a[2], via: a[3], viaKey: a[4]} : {surface: a[0], canonical: a[2]};
    });
    FILE.drop.forEach(function (d) { model.drop[d[1]] = d[0]; });
    FILE.types.forEach(function (t) { model.types[t[1]] = {name: t[0], type: t[2]}; });
    return model;
  }
  function pin(surface, key, canonical) {
    delete state.drop[key];
    var was = state.aliases[key];
    state.aliases[key] = {surface: surface, canonical: canonical};
    // (the name a chain's line wrote: written again while it goes where the line does, curation_file.js)
    if (was && was.via) Object.assign(state.aliases[key], {via: was.via, viaKey: was.viaKey});
  }
  /* The file's type for a name: one line per name as the build reads types (match_key: "Kim Jong-un"
     and "Kim Jong Un" are one name, which two lines typing differently would make an error) */
  function setType(name, type) {
    var key = matchKey(name);
    Object.keys(state.types).forEach(function (k) { if (matchKey(state.types[k].name) === key) delete state.types[k]; });
    state.types[nameKey(name)] = {name: name, type: type};
  }
  function repoint(oldName, newName) {
    // entries of the file that named the old canonical now name the new one
    var oldKey = nameKey(oldName);
    Object.keys(state.aliases).forEach(function (k) {
      var a = state.aliases[k];
      if (nameKey(a.canonical) === oldKey && !(k === oldKey && a.surface === a.canonical)) a.canonical = newName;
    });
    if (state.types[oldKey] && oldKey !== nameKey(newName)) {
      var type = state.types[oldKey].type;
      delete state.types[oldKey];
      setType(newName, type);
    }
  }

  // ---- the view: vis DataSets and the panel data --------------------------------------------
  function resetView() {
    G.nodes.clear(); G.edges.clear();
    Object.keys(DATA.nodes).forEach(function (k) { delete DATA.nodes[k]; });
    Object.keys(DATA.edges).forEach(function (k) { delete DATA.edges[k]; });
    Object.assign(DATA.nodes, clone(ORIGINAL.info));
    Object.assign(DATA.edges, clone(ORIGINAL.edgeInfo));
    G.nodes.add(clone(ORIGINAL.nodes));
    G.edges.add(clone(ORIGINAL.edges));
  }
  function nodeTitle(i) {
    return i.label + "\n" + (i.type || "untyped") + (i.mentions ? " · " + i.mentions + " mentions" : "");
  }
  var newEdges = 0;
  function padded(list, n) {
    var out = (list || []).slice(0, n);
    while (out.length < n) out.push("");
    return out;
  }
  function linkTitle(a, b, weight, documents, old) {  // a link's tooltip, as the build writes it (html_data.py)
    var line = "weight " + weight + (documents ? " · " + documents + (documents === 1 ? " document" : " documents") : "");
    return [G.info(a).label + " — " + G.info(b).label, line].concat(String(old || "").split("\n").slice(2)).join("\n");
  }
  function foldInto(keep, other) {
    // an entity of the packed rest (not drawn) merged with a drawn one takes the drawn one's place
    var shown = G.nodes.get(other);
    if (shown && !G.nodes.get(keep)) G.nodes.add(Object.assign({}, shown, {id: keep}));
    /* The other node's links become the kept node's (weights added), then the other node goes.
       The kept node's links are looked up in an index made once, and the DataSet is changed in
       three batches: one scan of the links and one redraw, not one per link (a merge of two hubs of
       a large page took seconds). */
    var mine = {};  // far end -> the kept node's link to it
    G.edges.get({filter: function (f) { return f.from === keep || f.to === keep; }}).forEach(function (f) {
      mine[f.from === keep ? f.to : f.from] = f;
    });
    var gone = [], changed = [], added = [];
    G.edges.get({filter: function (e) { return e.from === other || e.to === other; }}).forEach(function (e) {
      var end = e.from === other ? e.to : e.from;
      gone.push(e.id);
      if (end === keep) return;
      var whole = unranged(e);
      var x = DATA.edges[e.id] || {weight: whole.value, documents: 0, evidence: []};
      // relations (explorer_relations.js, when the graph has them): the merged entity did what it did
      if (x.relations) x.relations = x.relations.map(function (r) { return [r[0], r[1] === other ? keep : r[1]]; });
      var same = mine[end];
      if (same) {
        var y = DATA.edges[same.id] || {weight: unranged(same).value, documents: 0, evidence: []};
        y.weight = (y.weight || 0) + (x.weight || 0);
        y.documents = (y.documents || 0) + (x.documents || 0);
        if (x.relations || y.relations) {  // each sentence's relation stays beside its sentence
          y.evidence_relations = padded(y.evidence_relations, (y.evidence || []).length)
            .concat(padded(x.evidence_relations, (x.evidence || []).length));
          y.relations = (y.relations || []).concat(x.relations || []);
        }
        y.evidence = (y.evidence || []).concat(x.evidence || []);
        addDates(y, x);
        DATA.edges[same.id] = y;
        // (a link the backbone keeps for either entity stays drawn under "Links: backbone")
        changed.push({id: same.id, value: y.weight, title: linkTitle(keep, end, y.weight, y.documents, unranged(same).title),
                      backbone: same.backbone === true || e.backbone === true});
      } else {
        var id = "gk-merged-" + (++newEdges);
        DATA.edges[id] = clone(x);
        added.push({id: id, from: keep, to: end, value: whole.value, title: linkTitle(keep, end, whole.value, x.documents, whole.title),
                    backbone: e.backbone === true});
      }
      delete DATA.edges[e.id];
    });
    G.edges.remove(gone);
    G.edges.update(changed);
    G.edges.add(added);
    var k = DATA.nodes[keep], o = DATA.nodes[other] || {};
    k.mentions = (k.mentions || 0) + (o.mentions || 0);
    k.documents = (k.documents || 0) + (o.documents || 0);
    k.aliases = uniq((k.aliases || []).concat(o.aliases || [], [o.label]));
    k.doc_ids = uniq((k.doc_ids || []).concat(o.doc_ids || []));
    addDates(k, o);
    if (k.roles || o.roles) k.roles = uniq((k.roles || []).concat(o.roles || []));
    if (k.quotes || o.quotes) k.quotes = (k.quotes || []).concat(o.quotes || []);
    state.surfaces[keep] = surfacesOf(keep).concat(surfacesOf(other));
    removeNode(other);
    state.into[other] = keep;
  }
  /* The counts per date (by_date: [[YYYY-MM-DD, n], ...], html_data.py) of two merged items added up,
     so a date range (explorer_timeline.js) counts the merged entity or link whole. */
  function addDates(into, other) {
    if (!other.by_date) return;
    var sum = {};
    (into.by_date || []).concat(other.by_date).forEach(function (p) { sum[p[0]] = (sum[p[0]] || 0) + p[1]; });
    var days = Object.keys(sum).sort();
    into.by_date = days.map(function (day) { return [day, sum[day]]; });
    into.first_seen = days[0];
    into.last_seen = days[days.length - 1];
  }
  function removeNode(id) {
    G.edges.remove(G.edges.getIds({filter: function (e) { return e.from === id || e.to === id; }}));
    G.nodes.remove(id);
    delete DATA.nodes[id];
    state.gone[id] = true;
  }
  function relabel(id, name, type) {
    var i = DATA.nodes[id];
    i.label = name;
    if (type) i.type = type;
    // (an entity of the packed rest stays undrawn: update() would add it to the map)
    if (G.nodes.get(id)) G.nodes.update({id: id, label: name, color: G.ui.typeColor(i.type), title: nodeTitle(i)});
    var retitled = G.edges.get({filter: function (e) { return e.from === id || e.to === id; }}).map(function (e) {
      var whole = unranged(e);
      return {id: e.id, title: linkTitle(e.from, e.to, whole.value, (DATA.edges[e.id] || {}).documents, whole.title)};
    });
    if (retitled.length) G.edges.update(retitled);  // the links' tooltips name it as it is called now
  }
  /* The file holds one spelling per key (the reader matches every spelling of a key: "Obama's" as
     "Obama"): the first, the most used (surfaces come most mentioned first), not the last met. */
  function firstPerKey(surfaces, seen) {
    return surfaces.filter(function (s) { return seen[s[1]] ? false : (seen[s[1]] = true); });
  }
  /* Entities of different types merged: the page shows the type of the one kept (the one of that
     name), and the file says so, or the rebuild's type vote over the mentions could differ. A new
     name too: the rebuild's rules read it afresh, as for a rename. Else none (undefined). */
  function mergeType(ids, name) {
    var types = uniq(ids.map(function (id) { return DATA.nodes[id].type; }));
    var named = ids.some(function (id) { return nameKey(label(id)) === nameKey(name); });
    return (types.length > 1 || !named) ? DATA.nodes[keptOf(ids, name)].type || undefined : undefined;
  }
  // the node a merge keeps (and draws): the one already of that name, else the first
  function keptOf(ids, name) {
    var key = nameKey(name);
    return ids.filter(function (id) { return nameKey(label(id)) === key; })[0] || ids[0];
  }
  /* The spellings of ``id`` pinned to ``name`` (one per key, not the name's own key); one that an
     entity outside ``ids`` has too is left alone. */
  function pinSpellings(op, id, ids, name, seen) {
    var key = nameKey(name);
    firstPerKey(surfacesOf(id), seen).forEach(function (s) {
      if (s[1] === key) return;
      if (ownedElsewhere(s[1], ids)) leftAlone(op, s[0]);
      else pin(s[0], s[1], name);
    });
  }
  function uniq(list) { return list.filter(function (v, k) { return list.indexOf(v) === k; }); }

  // ---- the operations: each changes the alias model and the view -----------------------------
  var APPLY = {
    merge: function (op) {
      // (an entity an earlier change merged into another, in a replay after an undo: that other one)
      var ids = uniq(op.ids.map(alive).filter(Boolean));
      if (ids.length < 2) return false;
      // a merge under an entity's name takes the name it has now: an earlier rename undone, the built one
      var of = op.of && alive(op.of);
      if (of) op.canonical = label(of);
      var canonical = cleanName(op.canonical || label(ids[0])), ckey = nameKey(canonical);
      var keep = of && ids.indexOf(of) >= 0 ? of : keptOf(ids, canonical);
      if (op.autoType) {  // (as merge() chose it, for the entities as they are now)
        var type = mergeType(ids, canonical);
        if (type) op.type = type; else delete op.type;
      }
      noteClashes(op, canonical, ids);
      var seen = {};
      ids.forEach(function (id) {
        // the node already named so keeps its surfaces as they are; the others are pinned to the name
        if (id === keep && nameKey(label(id)) === ckey) return;
        if (nameKey(label(id)) !== ckey) repoint(label(id), canonical);
        pinSpellings(op, id, ids, canonical, seen);
      });
      if (op.type) setType(canonical, op.type);
      ids.forEach(function (id) { if (id !== keep) foldInto(keep, id); });
      relabel(keep, canonical, op.type);
      return true;
    },
    drop: function (op) {
      var ids = op.ids.filter(function (id) { return DATA.nodes[id]; });
      if (!ids.length) return false;
      var seen = {}, written = 0;
      ids.forEach(function (id) {
        firstPerKey(surfacesOf(id), seen).forEach(function (s) {
          if (ownedElsewhere(s[1], ids)) return leftAlone(op, s[0]);
          delete state.aliases[s[1]];
          state.drop[s[1]] = s[0];
          written += 1;
        });
      });
      op.undone = written === 0;  // every spelling another entity's too: the file can say nothing
      ids.forEach(removeNode);
      return true;
    },
    rename: function (op) {
      if (!DATA.nodes[op.id]) return false;
      var name = cleanName(op.name);
      if (name === label(op.id)) return false;
      noteClashes(op, name, [op.id]);
      repoint(label(op.id), name);
      pinSpellings(op, op.id, [op.id], name, {});
      relabel(op.id, name);
      /* the file types the new name as the page shows it: the rebuild's rules read a name afresh
         ("Paris" alone is a place, a person renamed so would come back as one) */
      var type = DATA.nodes[op.id].type;
      if (type) setType(name, type);
      return true;
    },
    retype: function (op) {
      if (!DATA.nodes[op.id]) return false;
      setType(label(op.id), op.type);
      /* the spellings the rules joined to the name are pinned to it: the rules that joined them may
         not join them under the new type ("Kim" is joined to a person "Kim Jong Un", not to an ORG) */
      pinSpellings(op, op.id, [op.id], label(op.id), {});
      relabel(op.id, label(op.id), op.type);
      return true;
    },
    split: function (op) {
      var i = DATA.nodes[op.id];
      if (!i) return false;
      var found = surfacesOf(op.id).filter(function (s) { return s[0] === op.alias; })[0];
      if (!found || isOwnName(op.id, found)) return false;
      // the file moves a key, so every spelling of it goes ("Blair's" with "Blair"), as an entity of
      // its own ("X: X") named by the most used of them
      var moved = surfacesOf(op.id).filter(function (s) { return s[1] === found[1]; }).map(function (s) { return s[0]; });
      noteClashes(op, moved[0], [op.id]);
      pin(moved[0], found[1], moved[0]);
      state.surfaces[op.id] = surfacesOf(op.id).filter(function (s) { return s[1] !== found[1]; });
      if (!state.surfaces[op.id].length) {
        /* its only spelling ("Gen Oleksandr", which a rule read as "Oleksandr Syrskyi"): the rebuild
           gives the same mentions under that name, as the page now shows */
        op.whole = moved[0];
        relabel(op.id, moved[0]);
        return true;
      }
      i.aliases = (i.aliases || []).filter(function (a) { return moved.indexOf(a) < 0; });
      /* the spellings left are pinned to the name: without the one moved out, the rules may keep
         one apart ("Spanton" could be "Emily Spanton" or the "Mme Spanton" moved out) */
      pinSpellings(op, op.id, [op.id], label(op.id), {});
      return true;
    }
  };

  function apply(op) {
    op.shared = [];
    op.clash = [];
    /* the names and types the change is described by: those the entities have as it is made (in a
       replay after an undo, an earlier rename may be gone) */
    var labels = op.labels || {}, types = op.types || {};
    op.labels = {};
    op.types = {};
    (op.ids || [op.id]).forEach(function (id) {
      var i = DATA.nodes[id];
      op.labels[id] = i ? label(id) : labels[id];
      op.types[id] = i ? i.type : types[id];
    });
    return APPLY[op.kind](op);
  }
  function replay() {
    state = freshModel();
    newEdges = 0;
    resetView();
    ops = ops.filter(apply);
    settle();
  }
  function settle() {
    var sel = G.selected && G.selected();
    if (sel && sel.kind === "node" && !DATA.nodes[sel.id] && G.clearSelection) G.clearSelection();
    if (sel && sel.kind === "edge" && !G.edges.get(sel.id) && G.clearSelection) G.clearSelection();
    if (G.refresh) G.refresh();  // explorer.js: rebuild what it derived from the data (links, search)
    recountLegend();
    renameCommunities();
    hooks.changed();
    hooks.render();
  }
  /* The legend's count per type (explorer.js: the drawn entities of each type) as the changes leave
     them; a change is made on the overview, so the drawn nodes are the overview's. */
  function recountLegend() {
    var counts = {};
    G.nodes.getIds().forEach(function (id) {
      var t = (DATA.nodes[id] || {}).type;
      counts[t] = (counts[t] || 0) + 1;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#gk-legend button[data-type]"), function (b) {
      var count = b.querySelector(".gk-count");
      if (count) count.textContent = String(counts[b.getAttribute("data-type")] || 0);
    });
  }
  /* A community is named after its most central entities (graphkit.graph.communities): renamed,
     merged or dropped, the name in the list and on the map (explorer_map.js reads the entities)
     follows. Sizes and ties stay as built. */
  var COMMUNITIES = (DATA.communities || []).map(function (c) {
    var n = 1;
    while (n < c.entities.length && c.entities.slice(0, n).map(function (e) { return e[1]; }).join(" · ") !== c.name) n++;
    return {c: c, entities: clone(c.entities), named: n};
  });
  function renameCommunities() {
    COMMUNITIES.forEach(function (k) {
      var kept = [];
      k.entities.forEach(function (e) {
        var id = e[0];
        while (state.into[id]) id = state.into[id];  // merged: the entity kept
        if (state.gone[id]) return;  // dropped
        if (!kept.some(function (x) { return x[0] === id; })) kept.push([id, DATA.nodes[id] ? label(id) : e[1]]);
      });
      k.c.entities = kept;
      k.c.name = k.c.entities.slice(0, k.named).map(function (e) { return e[1]; }).join(" · ");
      var shown = document.querySelector('#gk-communities li[data-community="' + k.c.number + '"] .gk-name');
      if (shown) shown.textContent = k.c.name;
    });
  }
  function push(op) {
    var place = closeUpPlace();
    toOverview();
    snapshot();
    /* The view and the model are the replay of the pending changes so far: the new one is applied on
       top (what a replay would do last), not all of them again from the page as built, which costs
       half a second per change on a page of a few hundred articles. Undo replays. An operation that
       finds nothing to do changes nothing before it says so. */
    if (hooks.accepting !== null) op.suggestion = hooks.accepting;
    hooks.status("");
    var done = apply(op);
    var loop = done && hooks.circle(state);
    if (loop) {  // the build refuses such a file: the change is taken back, and the error says why
      replay();
      backTo(place);
      throw new Error("the alias file would map " + loop + " round in a circle, which the build refuses " +
                      "(it cannot swap two names): give one of them a name neither has had");
    }
    if (done) ops.push(op);
    settle();
    backTo(place);
    if (done && warning(op)) hooks.status(warning(op));
    return done;  // false: the change did nothing and was not kept
  }

  // ---- the public API (tests, scripts, the browser console) ----------------------------------
  function checkName(name, what) {
    if (!name) throw new Error(what + " is empty");
    if (!matchKey(name)) {
      throw new Error("“" + name + "” has no letter or digit, which the build matches names by: write a name with one");
    }
  }
  function checkIds(ids) {
    ids.forEach(function (id) { if (!DATA.nodes[id]) throw new Error("no entity " + id + " on this page"); });
  }
  function merge(ids, canonical, type) {
    ids = uniq((ids || []).map(String));
    if (ids.length < 2) throw new Error("merge needs two entities or more");
    checkIds(ids);
    /* the canonical may be given as one of the entities (the panel's choice is an id), or not at all
       (the most mentioned one): that entity's name, which the merge follows if a rename is undone */
    var of;
    if (canonical !== undefined && ids.indexOf(String(canonical)) >= 0) canonical = label(of = String(canonical));
    if (!canonical) {
      of = ids.slice().sort(function (a, b) { return (DATA.nodes[b].mentions || 0) - (DATA.nodes[a].mentions || 0); })[0];
    }
    var name = of !== undefined ? label(of) : cleanName(canonical);
    checkName(name, "the canonical name");
    if (type !== undefined && !TYPE_RE.test(String(type))) throw new Error("a type is an entity label such as PERSON");
    var kept = of !== undefined ? of : keptOf(ids, name);  // (as apply() picks it, before the names change)
    var op = {kind: "merge", ids: ids, canonical: name};
    if (of !== undefined) op.of = of;
    if (type === undefined) op.autoType = true; else op.type = String(type);
    var done = push(op);
    // the merged entity is shown, not an empty panel (where it is drawn)
    if (done && G.nodes.get(kept) && G.focusNode) G.focusNode(kept, true);
    return done && kept;  // the id of the entity kept: the others are gone
  }
  function drop(id) {
    var ids = (Array.isArray(id) ? id : [id]).map(String);
    checkIds(ids);
    return push({kind: "drop", ids: ids});
  }
  function rename(id, name) {
    checkIds([String(id)]);
    checkName(cleanName(name || ""), "the new name");
    if (cleanName(name) === label(String(id))) return false;  // its name already: nothing to do
    return push({kind: "rename", id: String(id), name: cleanName(name)});
  }
  function retype(id, type) {
    checkIds([String(id)]);
    type = String(type || "").trim().toUpperCase();
    if (!TYPE_RE.test(type)) throw new Error("a type is an entity label such as PERSON, ORG, GPE");
    if (type === DATA.nodes[String(id)].type) return false;  // its type already: nothing to do
    return push({kind: "retype", id: String(id), type: type});
  }
  function split(id, alias) {
    id = String(id);
    checkIds([id]);
    var found = surfacesOf(id).filter(function (s) { return s[0] === String(alias); })[0];
    if (found && isOwnName(id, found)) {
      throw new Error("“" + alias + "” is the name “" + label(id) + "” itself to the alias file (case, accents, " +
                      "periods, hyphens, a leading “the” and a trailing “'s” do not count): it cannot be moved out");
    }
    return push({kind: "split", id: id, alias: String(alias)});
  }
  function undo(index) {
    if (typeof index === "string" && /^\s*\d+\s*$/.test(index)) index = Number(index);  // ("0" from a prompt or a script)
    if (index !== undefined && !(Number.isInteger(index) && index >= 0 && index < ops.length)) {
      throw new Error("no pending change " + index + (ops.length ? ": the pending changes are numbered 0 to " +
                      (ops.length - 1) : ": there are none"));
    }
    if (!ops.length) return false;
    var place = closeUpPlace();
    toOverview();
    snapshot();
    ops.splice(index === undefined ? ops.length - 1 : index, 1);
    replay();
    backTo(place);
    return true;
  }

  state = freshModel();

  Object.assign(G, {
    merge: merge, drop: drop, rename: rename, retype: retype, split: split, undo: undo,
    matchKey: matchKey,  // (aliasesYaml, downloadAliases: curation_file.js; acceptSuggestion: curation_panel.js)
    pending: function () { return ops.map(describe); },
    curationState: function () { return {aliases: clone(state.aliases), drop: clone(state.drop), types: clone(state.types)}; }
  });
  /* What curation_panel.js reads of the changes (for the panel only: not an API) */
  G._curation = {
    hooks: hooks, label: label, cleanName: cleanName, surfacesOf: surfacesOf, isOwnName: isOwnName, uniq: uniq,
    warning: warning, described: described,
    ops: function () { return ops; }, gone: function () { return state.gone; }, state: function () { return state; },
    original: function () { return ORIGINAL; }
  };
})();
