// Regenerates the default example's diagram shown in the README: docs/images/aws-gcp-topology.svg
// (and the Mermaid text next to it). test/topology/diagram.test.ts fails when they are stale.
// Usage: npx tsx scripts/render-readme-diagram.ts
import { writeFileSync } from "fs";
import { Testing } from "cdktf";
import { renderSvg } from "../lib/topology";
import { build } from "../examples/aws-gcp/main";

async function main(): Promise<void> {
  const topology = build(Testing.app());
  const { dot, mermaid } = topology.diagram(topology.analyze());
  writeFileSync("docs/images/aws-gcp-topology.svg", await renderSvg(dot));
  writeFileSync("docs/images/aws-gcp-topology.mmd", mermaid);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
