// A topology of `count` sites around one GCP hub, for the benchmark: half AWS, half on premises
// (HA VPN with BGP, two device addresses), one primary-remote mesh with the GKE hub as primary.
// Loaded from the built package (dist/).
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const { App } = require("cdktf");
const { HybridTopology } = require(path.join(root, "dist", "topology"));
const { MeshModel } = require(path.join(root, "dist", "mesh"));

/** The GCP hub site of the bench's topologies (every other site links to it). */
const HUB = {
  name: "hub",
  project: "hybrid-mesh-bench",
  projectNumber: "123456789012",
  region: "europe-west1",
  cluster: { name: "hub-cluster" },
};

function buildTopology(count, outdir) {
  const app = new App({ outdir, stackTraces: false });
  const spokes = count - 1;
  const awsCount = Math.ceil(spokes / 2);
  const aws = Array.from({ length: awsCount }, (_, i) => ({
    name: `aws${i}`,
    region: ["eu-west-1", "us-east-1", "ap-southeast-2"][i % 3],
    cluster: { name: `aws${i}-cluster` },
  }));
  const onPremises = Array.from({ length: spokes - awsCount }, (_, i) => ({
    name: `dc${i}`,
    ranges: [`172.${16 + Math.floor(i / 64)}.${(i % 64) * 4}.0/22`],
    vpn: { addresses: [`203.0.113.${2 * i + 1}`, `203.0.113.${2 * i + 2}`], asn: 65000 + i },
    cluster: {
      name: `dc${i}-cluster`,
      apiServerAddress: `172.${16 + Math.floor(i / 64)}.${(i % 64) * 4}.10`,
      gatewayAddress: `172.${16 + Math.floor(i / 64)}.${(i % 64) * 4 + 1}.50`,
    },
  }));
  const topology = new HybridTopology(app, "bench", {
    supernet: "10.0.0.0/8",
    gcp: [HUB],
    aws,
    onPremises,
    links: [...aws, ...onPremises].map((s) => ({ between: "hub", and: s.name })),
    mesh: { model: MeshModel.PRIMARY_REMOTE, primary: "hub-cluster" },
  });
  return { app, topology };
}

module.exports = { buildTopology, HUB };
