/* graphkit explorer: how the page reads names, as the build does (graphkit.resolution.names).
 *
 * Pure functions, shared by the curation scripts (curation.js, curation_file.js) through
 * graphkit._names: nameKey (the alias file's key), matchKey (the key under which the build counts two
 * names as one), cleanName (a typed name tidied). Loaded before curation.js.
 */
(function () {
  "use strict";

  var G = window.graphkit;
  if (!G) return;

  /* What `surface_key` in graphkit.resolution.names makes of a name, for names typed in the page;
     surfaces of the graph come with the key Python made. */
  function nameKey(name) {
    return String(name).normalize("NFKC").replace(/\s+/g, " ").trim()
      .replace(/^(?:the|a|an)\s+/i, "").replace(/(?:['\u2019]s|['\u2019])$/i, "")
      .replace(/[\u2018\u2019`\u00b4]/g, "'").replace(/[\u201c\u201d]/g, '"').toLowerCase();
  }
  /* What `match_key` in graphkit.resolution.names makes of a name: the key under which the build
     counts two names as one (case, accents, quotes and apostrophes, periods, hyphens, a leading
     "the", a trailing "'s" do not count). Two entities whose names read the same to it are one
     entity after a rebuild, whatever their types. */
  var QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'};
  var EDGE_PUNCT = /^[\s"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e(\[{<\u2013\u2014-]+|[\s"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e)\]}>,;:.!?\u2013\u2014-]+$/g;
  var matchKeys = {};
  function matchKey(name) {
    name = String(name);
    if (Object.prototype.hasOwnProperty.call(matchKeys, name)) return matchKeys[name];
    var text = name.replace(/[\x00-\x1f\x7f-\x9f]/g, " ").replace(/\s+/g, " ").trim()
      .replace(/^(?:the|a|an)\s+/i, "").replace(/(?:['\u2019]s|['\u2019])$/i, "");
    text = cutOpenBracket(text).replace(EDGE_PUNCT, "");
    text = text.normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4\u201c-\u201f\u2033\u00ab\u00bb]/g, function (c) { return QUOTES[c]; })
      .toLowerCase().replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3").replace(/['"]/g, "");
    if (!/^[a-z0-9]+(?: [a-z0-9]+)*$/.test(text)) {
      text = text.replace(/\./g, /[\p{L}\p{N}_]\.[\p{L}\p{N}_]/u.test(text) ? "" : " ")
        .replace(/[-\u2010-\u2014]+/g, " ").replace(/[^\p{L}\p{N}_&+@ ]+/gu, " ").replace(/\s+/g, " ").trim();
    }
    return (matchKeys[name] = text);
  }
  // the name before a bracket that never closes: "World Health Organization (WHO" (display_form)
  function cutOpenBracket(text) {
    var i;
    while ((i = text.lastIndexOf("(")) > 0 && text.indexOf(")", i) < 0) text = text.slice(0, i).replace(/\s+$/, "");
    return text;
  }
  // on one line, as the build's clean_surface makes a name: control characters as spaces
  // (and no half of a UTF-16 pair alone, which no file can hold)
  var UNWRITABLE = /[\x00-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  function cleanName(name) { return String(name).replace(UNWRITABLE, " ").replace(/\s+/g, " ").trim(); }

  G._names = {nameKey: nameKey, matchKey: matchKey, cleanName: cleanName};
})();
