/* graphkit explorer, curation: what a pending change says in the panel's list and status line.
 *
 * Pure functions of a change as curation.js records it ({kind, ids or id, labels and types of its
 * entities as it was made, canonical, name, type, alias, whole; shared: spellings the file leaves
 * alone; clash: entities that have the new name; newName}), shared through graphkit._wording:
 * describe (the pending line), described (the line without the warning), warning (a name another
 * entity has). Loaded before curation.js.
 */
(function () {
  "use strict";

  var G = window.graphkit;
  if (!G) return;

  function warning(op) {
    if (!op.clash || !op.clash.length) return "";
    var quoted = function (s) { return "“" + s + "”"; };
    var named = op.clash.filter(function (c) { return c.name; }), spelt = op.clash.filter(function (c) { return !c.name; });
    var text = [];
    if (named.length) {
      text.push(quoted(op.newName) + " is also the name of " + (named.length > 1 ? "other entities " : "another entity ") +
        named.map(function (c) {
          return (c.label === op.newName ? "" : quoted(c.label) + " ") + "(" + (c.type || "untyped") + ")";
        }).join(", ") + (op.kind !== "split" ? ": after the rebuild they are one entity"
          /* a spelling moved out is pinned to itself ("X: X"): the build pools every mention of the
             name, its own and theirs, and types them as one entity's (one entity per type when no
             type has two mentions in three: resolution.entities.CLEAR_MAJORITY) */
          : ": after the rebuild its mentions join " + (named.length > 1 ? "theirs" : "that entity's") +
            " (one entity, or one per type when no type has two mentions in three)"));
    }
    if (spelt.length) {
      text.push(quoted(op.newName) + " " + spelt.map(function (c) {
        return (c.spelling === op.newName ? "is also" : "reads as " + quoted(c.spelling) + ",") + " a spelling of " +
          quoted(c.label) + " (" + (c.type || "untyped") + ")";
      }).join(", ") + ": the rebuild may make them one entity");
    }
    return text.join("; ");
  }
  function describe(op) {
    var text = described(op), warn = warning(op);
    return warn ? text + " ⚠ " + warn : text;
  }
  function described(op) {
    var text = change(op);
    if (!op.shared || !op.shared.length) return text;
    var what = op.shared.map(function (s) { return "“" + s + "”"; }).join(", ");
    return text + " (the file leaves " + what + " alone: another entity has " +
      (op.shared.length > 1 ? "these spellings" : "this spelling") + " too" +
      (op.kind === "drop" && op.undone ? "; the rebuild brings it back" : "") +
      ")";
  }
  function change(op) {
    var labels = op.labels || {}, types = op.types || {};
    var name = function (id) {
      // entities of one name ("Xinhua" GPE and "Xinhua" ORG) are told apart by their types
      var twin = (op.ids || []).some(function (other) { return other !== id && labels[other] === labels[id]; });
      return "“" + (labels[id] || id) + "”" + (twin && types[id] ? " (" + types[id] + ")" : "");
    };
    if (op.kind === "merge") {
      return "Merge " + op.ids.map(name).join(", ") + " as “" + op.canonical + "”" + (op.type ? " (" + op.type + ")" : "");
    }
    if (op.kind === "drop") return "Drop " + op.ids.map(name).join(", ");
    if (op.kind === "rename") return "Rename " + name(op.id) + " to “" + op.name + "”";
    if (op.kind === "retype") return "Type of " + name(op.id) + ": " + op.type;
    return "Move “" + op.alias + "” out of " + name(op.id) +
      (op.whole ? " (its only spelling: the entity is “" + op.whole + "” now)" : "");
  }

  G._wording = {describe: describe, described: described, warning: warning};
})();
