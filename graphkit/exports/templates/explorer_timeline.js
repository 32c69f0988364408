/* graphkit explorer, the timeline strip: articles per day, week or month under the graph, and a
 * date range to drag on it. Entities and links with nothing in the range are hidden, link weights
 * become the weight within the range, and the evidence list keeps the sentences of articles from
 * those dates. window.graphkit.setDateRange(from, to) does the same from a script (null clears it).
 *
 * Kept apart from explorer.js: it talks to the page only through window.graphkit (filters, panel
 * notes, reveal hooks). Same safety rule: article text reaches the DOM only as text. */
(function () {
  "use strict";

  var gk = window.graphkit;
  var strip = document.getElementById("gk-timeline");
  if (!gk || !strip) return;
  var DATA = gk.data, T = DATA.timeline || {articles: [], undated: 0};
  var DAY_MS = 86400000;
  var range = null;  // {from: "YYYY-MM-DD", to: "YYYY-MM-DD"} (inclusive), or null

  // ---- dates ---------------------------------------------------------------------------------
  function toMs(day) { return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)); }
  function toDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function isDay(s) { return typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(toMs(s)); }
  function periodStart(day, period) {
    if (period === "day") return day;
    if (period === "week") { var ms = toMs(day), wd = (new Date(ms).getUTCDay() + 6) % 7; return toDay(ms - wd * DAY_MS); }
    if (period === "month") return day.slice(0, 8) + "01";
    return day.slice(0, 5) + "01-01";
  }
  function nextStart(start, period) {
    var d = new Date(toMs(start));
    if (period === "day") return toDay(toMs(start) + DAY_MS);
    if (period === "week") return toDay(toMs(start) + 7 * DAY_MS);
    if (period === "month") return toDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    return toDay(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
  }
  // the same choice as graphkit timeline: days up to three months, weeks up to two years, then months
  function choosePeriod(first, last) {
    var span = (toMs(last) - toMs(first)) / DAY_MS;
    return span <= 92 ? "day" : span <= 731 ? "week" : span <= 7305 ? "month" : "year";
  }

  var articles = (T.articles || []).filter(function (p) { return isDay(p[0]); });
  var bins = [], period = "day";
  if (articles.length) {
    var first = articles[0][0], last = articles[articles.length - 1][0];
    period = choosePeriod(first, last);
    var index = {};
    for (var s = periodStart(first, period); s <= last; s = nextStart(s, period)) {
      index[s] = bins.length;
      bins.push({start: s, end: toDay(toMs(nextStart(s, period)) - DAY_MS), count: 0});
    }
    articles.forEach(function (p) { bins[index[periodStart(p[0], period)]].count += p[1]; });
  }

  // ---- what the range keeps ------------------------------------------------------------------
  /* A link's weight and tooltip without a range. They change under the timeline's feet too: a merge
     in the page (curation.js) adds a link's weight to another's and retitles it, a rename retitles it.
     Every change to the links that is not the timeline's own is taken as the new base. */
  var baseValue = {}, baseTitle = {}, applying = false;
  /* The fields a change sets, from the change itself: a rename under a range sends a new tooltip
     alone, and the weight the link shows then is the range's, no base. ``changes``: the items as
     given to add/update (vis DataSet's event data), else the links as they are. */
  function takeBase(ids, changes) {
    ids.forEach(function (id, k) {
      var e = (changes && changes[k]) || gk.edges.get(id);
      if (!e) return;
      if ("value" in e) baseValue[id] = e.value;
      if ("title" in e) baseTitle[id] = e.title;
    });
  }
  takeBase(gk.edges.getIds());
  var pending = false;
  function changed(event, props) {
    if (applying) return;
    takeBase(props.items, props.data);
    // with a range, the changed links get their weight and tooltip in it, once the change is whole
    // (the ego view adds links too, but never with a range: entering it clears the range)
    if (range && !pending && !(gk.ego && gk.ego())) {
      pending = true;
      queueMicrotask(function () { pending = false; if (range) apply(); });
    }
  }
  gk.edges.on("add", changed);
  gk.edges.on("update", changed);
  var nodeCount = {}, edgeWeight = {};
  function inRange(day) { return !!range && isDay(day) && day >= range.from && day <= range.to; }
  function sumInRange(pairs) {
    var n = 0;
    (pairs || []).forEach(function (p) { if (inRange(p[0])) n += p[1]; });
    return n;
  }
  function evidenceDate(item) { return item[2] || (DATA.docs[item[0]] || {}).date || ""; }

  gk.addFilter("node", function (n) { return !range || nodeCount[n.id] > 0; });
  gk.addFilter("edge", function (e) { return !range || edgeWeight[e.id] > 0; });
  gk.addFilter("evidence", function (item) { return !range || inRange(evidenceDate(item)); });
  gk.onReveal(function (kind, id) {  // the search or a panel link asks for something the range hides
    if (range && (kind === "node" ? !(nodeCount[id] > 0) : !(edgeWeight[id] > 0))) setDateRange(null, null);
  });
  gk.addPanelNote(function (kind, id) {
    if (!range) return null;
    var span = "from " + range.from + " to " + range.to;
    if (kind === "node") {
      var info = DATA.nodes[id] || {};
      return plural(nodeCount[id] || 0, "mention") + " " + span + " (" + plural(info.mentions || 0, "mention") + " in all).";
    }
    var x = DATA.edges[id] || {evidence: []};
    var kept = x.evidence.filter(function (item) { return inRange(evidenceDate(item)); }).length;
    return "Weight " + (edgeWeight[id] || 0) + " " + span + " (" + (x.weight || 0) + " in all); " +
      kept + " of the " + x.evidence.length + " stored evidence sentences are from these dates.";
  });

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function apply() {
    // the ego view's entities from outside the first view carry no dates: a range goes with the overview
    if (range && gk.ego && gk.ego() && gk.backToOverview) gk.backToOverview();
    Object.keys(DATA.nodes).forEach(function (id) { nodeCount[id] = sumInRange((DATA.nodes[id] || {}).by_date); });
    var updates = [];
    gk.edges.forEach(function (e) {
      var w = sumInRange((DATA.edges[e.id] || {}).by_date);
      edgeWeight[e.id] = w;
      var value = range ? Math.max(w, 0) : baseValue[e.id];
      var title = range ? baseTitle[e.id] + "\n" + w + " from " + range.from + " to " + range.to : baseTitle[e.id];
      if (value !== e.value || title !== e.title) updates.push({id: e.id, value: value, title: title});
    });
    applying = true;
    try { if (updates.length) gk.edges.update(updates); } finally { applying = false; }
    gk.refreshFilters();
    gk.refreshPanel();
    draw();
    readout();
  }

  /* Shows the entities and links of the articles dated from..to (inclusive, "YYYY-MM-DD");
     undated articles are left out while a range is set. setDateRange(null) shows everything. */
  function setDateRange(from, to) {
    if (from == null && to == null) {  // (null or undefined: setDateRange(null) clears too)
      range = null;
    } else {
      from = from || (bins.length ? bins[0].start : "0000-01-01");
      to = to || (bins.length ? bins[bins.length - 1].end : "9999-12-31");
      if (!isDay(from) || !isDay(to)) throw new Error("setDateRange takes two dates as YYYY-MM-DD (or null)");
      range = from <= to ? {from: from, to: to} : {from: to, to: from};
    }
    apply();
    return range ? {from: range.from, to: range.to} : null;
  }

  // ---- the strip -----------------------------------------------------------------------------
  var canvas = document.getElementById("gk-timeline-bars");
  var label = document.getElementById("gk-timeline-label");
  var clearButton = document.getElementById("gk-timeline-clear");
  if (!bins.length) {
    strip.hidden = true;
  } else {
    strip.hidden = false;
  }
  var maxCount = bins.reduce(function (m, b) { return Math.max(m, b.count); }, 1);
  var PAD = 8;

  function binAt(clientX) {
    var box = canvas.getBoundingClientRect();
    var w = (box.width - 2 * PAD) / bins.length;
    return Math.max(0, Math.min(bins.length - 1, Math.floor((clientX - box.left - PAD) / w)));
  }
  function binOf(day, fromEnd) {
    for (var i = 0; i < bins.length; i++) if (day <= bins[i].end) return i;
    return fromEnd ? bins.length - 1 : bins.length - 1;
  }
  function draw() {
    if (!bins.length) return;
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth, height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var w = (width - 2 * PAD) / bins.length, top = 4, base = height - 16;
    var lo = range ? binOf(range.from) : -1, hi = range ? binOf(range.to) : -1;
    if (range) {
      ctx.fillStyle = "rgba(33, 134, 235, 0.12)";
      ctx.fillRect(PAD + lo * w, 0, (hi - lo + 1) * w, base + 2);
    }
    bins.forEach(function (b, i) {
      var h = b.count ? Math.max(2, (base - top) * b.count / maxCount) : 0;
      ctx.fillStyle = !range || (i >= lo && i <= hi) ? "#486581" : "#bcccdc";
      ctx.fillRect(PAD + i * w + (w > 3 ? 0.5 : 0), base - h, Math.max(1, w - (w > 3 ? 1 : 0)), h);
    });
    if (range) {  // the handles
      ctx.fillStyle = "#2186eb";
      ctx.fillRect(PAD + lo * w - 1.5, 0, 3, base + 2);
      ctx.fillRect(PAD + (hi + 1) * w - 1.5, 0, 3, base + 2);
    }
    ctx.fillStyle = "#52606d";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    ctx.textAlign = "left";
    var right = -Infinity;  // where the last label ended: labels never overlap
    bins.forEach(function (b, i) {
      var text = tick(b, i), x = PAD + i * w;
      if (!text || x < right + 8) return;
      ctx.fillRect(x, base, 1, 4);
      ctx.fillText(text, x + 2, height);
      right = x + 2 + ctx.measureText(text).width;
    });
  }
  // the label under a bar, or "" for none: days (or Mondays), month starts, or years, as fits the period
  function tick(b, i) {
    if (period === "day") return bins.length <= 31 || new Date(toMs(b.start)).getUTCDay() === 1 ? b.start : "";
    if (period === "week") return i === 0 || b.start.slice(0, 7) !== b.end.slice(0, 7) ? b.end.slice(0, 7) : "";
    if (period === "month") return bins.length <= 24 || b.start.slice(5, 7) === "01" ? b.start.slice(0, 7) : "";
    return b.start.slice(0, 4);
  }
  function readout() {
    var total = articles.reduce(function (n, p) { return n + p[1]; }, 0);
    var per = {day: "day", week: "week", month: "month", year: "year"}[period];
    var text;
    if (!range) {
      text = plural(total, "dated article") + ", bars per " + per + (T.undated ? " · " + T.undated + " undated" : "") +
        " · drag across the bars to choose dates";
    } else {
      var inside = articles.reduce(function (n, p) { return n + (inRange(p[0]) ? p[1] : 0); }, 0);
      text = range.from + " to " + range.to + ": " + plural(inside, "article") + ", " +
        plural(gk.nodesView.length, "entity").replace("entitys", "entities") + ", " + plural(gk.edgesView.length, "link") +
        " shown" + (T.undated ? " (" + T.undated + " undated left out)" : "");
    }
    label.textContent = text;
    clearButton.disabled = !range;
  }

  // dragging: on the bars a new range, on a handle that end of the range
  var drag = null;
  canvas.addEventListener("pointerdown", function (ev) {
    if (!bins.length) return;
    var i = binAt(ev.clientX);
    var box = canvas.getBoundingClientRect(), w = (box.width - 2 * PAD) / bins.length;
    var x = ev.clientX - box.left - PAD;
    if (range && Math.abs(x - binOf(range.from) * w) < 6) drag = {anchor: binOf(range.to)};
    else if (range && Math.abs(x - (binOf(range.to) + 1) * w) < 6) drag = {anchor: binOf(range.from)};
    else drag = {anchor: i};
    canvas.setPointerCapture(ev.pointerId);
    move(ev);
  });
  function move(ev) {
    if (!drag) return;
    var i = binAt(ev.clientX), lo = Math.min(drag.anchor, i), hi = Math.max(drag.anchor, i);
    range = {from: bins[lo].start, to: bins[hi].end};
    draw();
  }
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", function (ev) {
    if (!drag) return;
    move(ev);
    drag = null;
    apply();
  });
  clearButton.addEventListener("click", function () { setDateRange(null, null); });
  window.addEventListener("resize", draw);

  gk.setDateRange = setDateRange;
  // a link's weight and tooltip without the range (for curation.js, which merges and retitles links)
  gk.edgeBase = function (e) {
    return {value: e.id in baseValue ? baseValue[e.id] : e.value, title: e.id in baseTitle ? baseTitle[e.id] : e.title};
  };
  gk.dateRange = function () { return range ? {from: range.from, to: range.to} : null; };
  gk.timelineBins = function () { return bins.map(function (b) { return {start: b.start, end: b.end, count: b.count}; }); };
  gk.timelinePeriod = period;
  draw();
  readout();
})();
