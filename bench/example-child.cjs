// Child process of bench/topology.bench.mjs: the default example's synth, as its main file runs it
// (examples/aws-gcp/main.ts, transpiled), with the time each phase ends at, from the process's start:
//   node example-child.cjs <transpiled main> <yaml dir>
// Prints {"cdktf", "loaded", "built", "synthesized", "yaml", "diagram"} in seconds (cumulative):
// cdktf loaded; the example's modules loaded (hybrid-mesh, the provider classes, cdk8s); the topology
// built; the app synthesized (Terraform, analysis, security checks, reports); the mesh YAML written;
// the SVG diagram rendered and written. The output directory is CDKTF_OUTDIR.
const since = () => performance.now() / 1000; // from the process's start (node's own startup included)
const marks = {};
const { App } = require("cdktf");
marks.cdktf = since();
const [, , main, yamlDir] = process.argv;
const { build } = require(main);
marks.loaded = since();
const app = new App();
const topology = build(app);
marks.built = since();
app.synth();
marks.synthesized = since();
topology.mesh.writeYaml(yamlDir);
marks.yaml = since();
topology.writeDiagram(topology.reportDirectory(app.outdir)).then(() => {
  marks.diagram = since();
  process.stdout.write(JSON.stringify(marks));
});
