// The repository's deeper checks of every example, beyond what each example's own test shows a
// user: no secret written as a literal into any stack, and every Kubernetes object valid against
// kubernetes-models and @kubernetes-models/istio.
import { App } from "cdktf";
import { HybridTopology, snapshotTopology } from "../lib/topology";
import { build as awsGcp } from "../examples/aws-gcp/main";
import { build as onpremGke } from "../examples/onprem-gke/main";
import { build as threeSites } from "../examples/three-sites/main";
import { freshApp, k8sSchemaProblems, literalSecrets } from "./util";

const EXAMPLES: [string, (app: App) => HybridTopology][] = [
  ["aws-gcp", awsGcp],
  ["onprem-gke", onpremGke],
  ["three-sites", threeSites],
];

describe.each(EXAMPLES)("example %s", (_name, build) => {
  const topology = build(freshApp());
  const out = snapshotTopology(topology);

  test("no secret is a literal in any stack", () => {
    const stacks = Object.entries<any>(out.terraform);
    expect(stacks.length).toBeGreaterThanOrEqual(4);
    for (const [stack, json] of stacks) expect([stack, literalSecrets(json)]).toEqual([stack, []]);
  });

  test("every Kubernetes object of every cluster is valid against the Kubernetes and Istio schemas", () => {
    const objects = topology.mesh.resolved.clusters.flatMap((c) => [
      ...topology.mesh.namespaces(c.name),
      ...topology.mesh.manifests(c.name),
    ]);
    expect(objects.length).toBeGreaterThan(topology.mesh.resolved.clusters.length * 2);
    expect(k8sSchemaProblems(objects)).toEqual([]);
  });
});
