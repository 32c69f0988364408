// Reads a GraphML or GEXF file with Gephi Lite's own parsers (graphology-graphml, graphology-gexf)
// and prints what they understood as JSON, for tests/test_exports_graphology.py.
//
//   node tests/js/read_graph.js graphml output/graph.graphml
//   node tests/js/read_graph.js gexf output/graph.gexf
"use strict";

const fs = require("fs");
const Graph = require("graphology");

const [format, file] = process.argv.slice(2);
const parsers = { graphml: () => require("graphology-graphml"), gexf: () => require("graphology-gexf") };
if (!parsers[format] || !file) {
  process.stderr.write("usage: node read_graph.js graphml|gexf FILE\n");
  process.exit(2);
}

const graph = parsers[format]().parse(Graph, fs.readFileSync(file, "utf-8"));
const out = {
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  attributes: graph.getAttributes(),
  nodes: graph.mapNodes((key, attributes) => ({ key, attributes })),
  edges: graph.mapEdges((key, attributes, source, target, _s, _t, undirected) => ({
    source, target, undirected, attributes,
  })),
};
process.stdout.write(JSON.stringify(out));
