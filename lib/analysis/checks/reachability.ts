import { ClusterRole, MESH_PORTS, MeshModel } from "../../core";
import { apiPort } from "../clusters";
import { Endpoint } from "../endpoints";
import { ClusterInput } from "../input";
import { PathResult, Finding } from "../result";
import { SourceKind } from "../sources";
import { PathContext } from "./paths";

/**
 * Reachability between the mesh's clusters, for every pair: each cluster's east-west gateway
 * from the other's workloads; the API servers a primary watches (every other cluster's in
 * multi-primary, its remotes' in primary-remote); and for a remote, its primary's istiod and
 * webhook through the gateway.
 *
 * @internal
 */
export function checkReachability(
  clusters: ClusterInput[],
  meshModel: MeshModel,
  { sources, endpoints, checker }: PathContext,
  findings: Finding[],
): PathResult[] {
  const results: PathResult[] = [];
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const role = (c: ClusterInput) => c.role ?? ClusterRole.PRIMARY;
  for (const s of clusters) {
    for (const t of clusters) {
      if (s === t) continue;
      const checks: { endpoint: Endpoint; kind: SourceKind }[] = [];
      checks.push({
        endpoint: endpoints.of(t, "gateway", MESH_PORTS.crossNetwork, "east-west gateway"),
        kind: "workloads",
      });
      const watches =
        role(s) === ClusterRole.PRIMARY &&
        (meshModel === MeshModel.MULTI_PRIMARY
          ? true
          : role(t) === ClusterRole.REMOTE && t.primary === s.name);
      if (watches)
        checks.push({
          endpoint: endpoints.of(t, "api", apiPort(t), "API server"),
          kind: "workloads",
        });
      if (role(s) === ClusterRole.REMOTE && s.primary === t.name && byName.has(t.name)) {
        checks.push({
          endpoint: endpoints.of(t, "gateway", MESH_PORTS.istiod, "istiod (through the gateway)"),
          kind: "workloads",
        });
        checks.push({
          endpoint: endpoints.of(t, "gateway", MESH_PORTS.webhook, "webhook (through the gateway)"),
          kind: "control-plane",
        });
      }
      for (const { endpoint, kind } of checks)
        results.push(...checker.check(s.name, sources.of(s, kind), endpoint, findings));
    }
  }
  return results;
}
