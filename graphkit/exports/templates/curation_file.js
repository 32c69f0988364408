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

  function q(name) { return JSON.stringify(String(name)); }
  function byName(a, b) { var x = a.toLowerCase(), y = b.toLowerCase(); return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0; }
  function aliasesYaml() {
    var state = C.state();
    var lines = ["# Alias file for `graphkit build --aliases` (from the explorer page):",
                 "# surface forms pinned to a name, names left out, and types."];
    var groups = {};
    Object.keys(state.aliases).forEach(function (k) {
      var a = state.aliases[k];
      (groups[a.canonical] = groups[a.canonical] || []).push(a.surface);
    });
    var names = Object.keys(groups).sort(byName);
    if (names.length) {
      lines.push("aliases:");
      names.forEach(function (c) {
        lines.push("  " + q(c) + ":");
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
      types.forEach(function (t) { lines.push("  " + q(t.name) + ": " + t.type); });
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


  C.hooks.changed = guardLeaving;  // after every change and undo (curation.js settle)
  downloaded = aliasesYaml();
  Object.assign(G, {aliasesYaml: aliasesYaml, downloadAliases: download});
})();
