/* graphkit explorer: the alias file the pending changes make (curation.js keeps them).
 *
 * aliasesYaml() writes the model as a file `graphkit build --aliases` reads; downloadAliases() saves
 * it; leaving the page with changes not downloaded asks first. Loaded after curation.js, before
 * curation_panel.js (whose "Download aliases.yaml" calls downloadAliases).
 */
(function () {
  "use strict";

  var G = window.graphkit;
  if (!G || !G._curation) return;
  var C = G._curation;

  /* A name as a YAML double-quoted string: JSON's escapes are YAML's, and the characters JSON leaves
     as they are but a YAML reader refuses or reads as a line break are escaped too (U+0085, U+FFFF) */
  function q(name) {
    return JSON.stringify(String(name)).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  // a key: YAML's plain "key:" form holds at most 1,024 characters, a longer one is written "? key" / ":"
  function key(name, indent) {
    var text = q(name);
    return text.length < 1000 ? indent + text + ":" : indent + "? " + text + "\n" + indent + ":";
  }
  /* The name the line of key ``k`` maps to: a line of the user's chain ("A: B", "B: C": the page
     holds A's as "A: C") as written while the name it wrote still goes where the line does (else the
     build would note "B" as a name no article has), unless the line now keeps its own name ("A: A",
     after a rename to A: "A: B" and "B: A" would go round in a circle); else the entity's name. */
  function lineTo(state, k, a) {
    var via = a.via && state.aliases[a.viaKey];
    return via && via.canonical === a.canonical && G._names.nameKey(a.canonical) !== k ? a.via : a.canonical;
  }
  function byName(a, b) { var x = a.toLowerCase(), y = b.toLowerCase(); return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0; }
  function aliasesYaml() {
    var state = C.state();
    var lines = ["# Alias file for `graphkit build --aliases` (from the explorer page):",
                 "# surface forms pinned to a name, names left out, and types."];
    var groups = {};
    Object.keys(state.aliases).forEach(function (k) {
      var a = state.aliases[k], to = lineTo(state, k, a);
      (groups[to] = groups[to] || []).push(a.surface);
    });
    var names = Object.keys(groups).sort(byName);
    if (names.length) {
      lines.push("aliases:");
      names.forEach(function (c) {
        lines.push(key(c, "  "));
        groups[c].sort(byName).forEach(function (s) { lines.push("    - " + q(s)); });
      });
    }
    var drops = Object.keys(state.drop).map(function (k) { return state.drop[k]; }).sort(byName);
    if (drops.length) {
      lines.push("drop:");
      drops.forEach(function (s) { lines.push("  - " + q(s)); });
    }
    var types = Object.keys(state.types).map(function (k) { return state.types[k]; })
      .sort(function (a, b) { return byName(a.name, b.name); });
    if (types.length) {
      lines.push("types:");
      types.forEach(function (t) { lines.push(key(t.name, "  ") + " " + t.type); });
    }
    return lines.join("\n") + "\n";
  }
  /* The pending changes live in this tab alone: closing or reloading it with changes not
     downloaded since asks first (the browser's own "Leave site?" dialog). The handler is there only
     while something would be lost (a page with one is kept out of some browsers' back-forward cache). */
  var downloaded = null;  // the file as last downloaded (as built, at first)
  var guarding = false;
  function askBeforeLeaving(event) {
    event.preventDefault();
    event.returnValue = "";  // (what older browsers read)
  }
  function guardLeaving() {
    var unsaved = aliasesYaml() !== downloaded;
    if (unsaved !== guarding) window[unsaved ? "addEventListener" : "removeEventListener"]("beforeunload", askBeforeLeaving);
    guarding = unsaved;
  }
  function download() {
    downloaded = aliasesYaml();
    guardLeaving();
    var blob = new Blob([downloaded], {type: "application/x-yaml"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "aliases.yaml";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }


  /* Names the file would map round in a circle ("A: B" and "B: A"; the build follows "A: B", "B: C"
     to C): "“A” → “B” → “A”", or "" when none. Names are compared as matchKey reads them, looser than
     the build's reader (graphkit.resolution.aliases): a circle it finds, this finds too. */
  function circle(state) {
    var key = G._names.matchKey, next = {}, written = {};
    Object.keys(state.aliases).forEach(function (k) {
      var a = state.aliases[k], from = key(a.surface), to = key(lineTo(state, k, a));  // (as the file writes it)
      if (from === to) return;
      (next[from] = next[from] || []).push(to);
      written[from] = written[from] || a.surface;
    });
    var seen = {}, path = [];
    function walk(name) {  // depth first: a name met again on the path closes a circle
      seen[name] = 1;
      path.push(name);
      var out = next[name] || [];
      for (var i = 0; i < out.length; i++) {
        if (seen[out[i]] === 1) return path.slice(path.indexOf(out[i])).concat([out[i]]);
        var found = !seen[out[i]] && walk(out[i]);
        if (found) return found;
      }
      path.pop();
      seen[name] = 2;
      return null;
    }
    for (var name in next) {
      var found = !seen[name] && walk(name);
      if (found) return found.map(function (k) { return "“" + (written[k] || k) + "”"; }).join(" → ");
    }
    return "";
  }

  C.hooks.circle = circle;  // (curation.js asks before keeping a change)
  C.hooks.changed = guardLeaving;  // after every change and undo (curation.js settle)
  downloaded = aliasesYaml();
  Object.assign(G, {aliasesYaml: aliasesYaml, downloadAliases: download});
})();
