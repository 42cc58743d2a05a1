// The scaling topology of the benchmark: one GCP hub and `count` AWS sites, each linked to the hub by
// HA VPN (4 tunnels, BGP), one multi-primary mesh over every cluster (the default model). Loaded from
// the built package (dist/).
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const { App } = require("cdktf");
const { HybridTopology } = require(path.join(root, "dist", "topology"));
const { HUB } = require("./topology-sites.cjs");

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1", "us-west-2"];

/**
 * @param constructsOnly without the analysis and the security checks at synth (the constructs' own
 *   cost, to compare with the raw resources)
 */
function buildHubAndSpokes(count, outdir, constructsOnly = false) {
  const app = new App({ outdir, stackTraces: false });
  const aws = Array.from({ length: count }, (_, i) => ({
    name: `aws${i}`,
    region: REGIONS[i % REGIONS.length],
    cluster: { name: `aws${i}-cluster` },
  }));
  const topology = new HybridTopology(app, "scale", {
    supernet: "10.0.0.0/8",
    gcp: [HUB],
    aws,
    links: aws.map((s) => ({ between: "hub", and: s.name })),
    deployer: { site: "hub" },
    ...(constructsOnly ? { analysis: false, securityChecks: false } : {}),
  });
  return { app, topology };
}

module.exports = { buildHubAndSpokes };
