// The node pools of a GkeCluster, and whether its subnet can hold them at their largest.
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import {
  check,
  checkGcpName,
  checkK8sLabelValue,
  Cidr,
  countBetween,
  fail,
  oneOf,
  Violation,
} from "../../core";
import { isZone } from "../rules";
import { checkMaxPodsPerNode, nodePodPrefix } from "../subnet-ranges";
import type { GkeCluster } from "./cluster";
import { GkeNodePoolOptions } from "./props";

/**
 * How large a node pool can grow: its most nodes (every zone) and pods per node.
 *
 * @internal
 */
export interface NodePoolLimit {
  /** Node pool name. */
  readonly name: string;
  /** Most nodes, in all the cluster's zones together. */
  readonly maxNodes: number;
  /** Most pods per node. */
  readonly maxPods: number;
}

/**
 * Checks the options of the `index`-th node pool and creates it in the cluster, with the nodes'
 * common settings (`base`) and the pinned version, if any.
 *
 * @returns the pool and how large it can grow
 * @internal
 */
export function newNodePool(
  cluster: GkeCluster,
  id: string,
  options: GkeNodePoolOptions,
  index: number,
  base: Record<string, unknown>,
  pinned?: string,
): { pool: ContainerNodePool; limit: NodePoolLimit } {
  const name = check(cluster, `nodePools[${index}].name`, options.name ?? `pool-${index + 1}`, (n) =>
    checkGcpName(n, 40),
  );
  const minNodes = check(
    cluster,
    `nodePools[${index}].minNodesPerZone`,
    options.minNodesPerZone ?? 1,
    countBetween(0, 1000, "a node count per zone"),
  );
  const maxNodes = check(
    cluster,
    `nodePools[${index}].maxNodesPerZone`,
    options.maxNodesPerZone ?? 3,
    countBetween(1, 1000, "a node count per zone"),
  );
  if (minNodes > maxNodes) {
    fail(cluster, `nodePools[${index}].minNodesPerZone`, minNodes, {
      rule: `minNodesPerZone must be <= maxNodesPerZone (${maxNodes})`,
      fix: `use at most ${maxNodes}`,
    });
  }
  const machineType = check(
    cluster,
    `nodePools[${index}].machineType`,
    options.machineType ?? "e2-standard-4",
    (m) =>
      /^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(m)
        ? undefined
        : { rule: "a GCE machine type looks like e2-standard-4", fix: 'use e.g. "e2-standard-4"' },
  );
  const maxPods = check(
    cluster,
    `nodePools[${index}].maxPodsPerNode`,
    options.maxPodsPerNode ?? cluster.subnet.maxPodsPerNode ?? 110,
    checkMaxPodsPerNode,
  );
  const taints = (options.taints ?? []).map((t, i) => {
    check(
      cluster,
      `nodePools[${index}].taints[${i}].effect`,
      t.effect,
      oneOf(["NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"], "a GKE taint effect"),
    );
    return { key: t.key, value: t.value, effect: t.effect };
  });
  Object.entries(options.labels ?? {}).forEach(([k, v]) =>
    check(cluster, `nodePools[${index}].labels.${k}`, v, checkK8sLabelValue),
  );
  const zones = isZone(cluster.location) ? 1 : 3;
  const limit = { name, maxNodes: maxNodes * zones, maxPods };
  const pool = new ContainerNodePool(cluster, id, {
    name,
    project: cluster.project,
    location: cluster.location,
    cluster: cluster.cluster.name,
    version: pinned,
    maxPodsPerNode: maxPods,
    autoscaling: { minNodeCount: minNodes, maxNodeCount: maxNodes },
    management: { autoRepair: options.autoRepair ?? true, autoUpgrade: options.autoUpgrade ?? true },
    upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
    nodeConfig: {
      ...base,
      machineType,
      diskSizeGb: options.diskSizeGb ?? 100,
      diskType: "pd-balanced",
      spot: options.spot,
      labels: options.labels,
      taint: taints.length > 0 ? taints : undefined,
    },
  });
  return { pool, limit };
}

/**
 * Whether the subnet and its pod range can hold every node pool at its largest.
 *
 * @internal
 */
export function nodePoolCapacityProblems(cluster: GkeCluster, limits: readonly NodePoolLimit[]): Violation[] {
  const subnet = cluster.subnet;
  const problems = [];
  const totalNodes = limits.reduce((n, p) => n + p.maxNodes, 0);
  const nodeCapacity = Cidr.parse(subnet.cidr).size - 4;
  if (totalNodes > nodeCapacity) {
    problems.push({
      property: "nodePools",
      value: limits.map((p) => `${p.name}: ${p.maxNodes} nodes`),
      rule: `the node pools can grow to ${totalNodes} nodes but subnet ${subnet.name} (${subnet.cidr}) has ${nodeCapacity} usable addresses`,
      fix: "use a larger subnet or lower maxNodesPerZone",
    });
  }
  const podAddresses = limits.reduce((n, p) => n + p.maxNodes * 2 ** (32 - nodePodPrefix(p.maxPods)), 0);
  const podCapacity = Cidr.parse(subnet.pods!.cidr).size;
  if (podAddresses > podCapacity) {
    problems.push({
      property: "nodePools",
      value: limits.map((p) => `${p.name}: ${p.maxNodes} nodes x ${p.maxPods} pods`),
      rule: `at their largest the node pools need ${podAddresses} pod addresses but the pod range ${subnet.pods!.cidr} has ${podCapacity}: the secondary range is too small for the requested nodes x pods`,
      fix: "use a larger pod range (or plan it with pods.maxNodes), fewer nodes or fewer pods per node",
    });
  }
  return problems;
}
