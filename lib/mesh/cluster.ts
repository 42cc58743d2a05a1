import { IConstruct } from "constructs";
import { Construct } from "constructs";
import {
  check,
  checkDns1123Label,
  checkEach,
  checkIpv4Address,
  checkK8sLabelValue,
  checkNodePort,
  checkPort,
  ClusterPlatform,
  ClusterRole,
  ControlPlaneMode,
  countBetween,
  fail,
  GatewayExposure,
  internalAnnotations,
  isUnresolved,
  MeshModel,
} from "../core";
import { ResolvedCluster, ResolvedGateway } from "./resolved";
import { GatewayNodePorts, MeshClusterOptions } from "./options";

const NODE_PORT_DEFAULTS: Required<GatewayNodePorts> = {
  crossNetwork: 31443,
  istiod: 31012,
  webhook: 31017,
  status: 31021,
};

/**
 * The annotation a platform's load balancer needs to be internal (none where internal is the address's doing).
 *
 * @internal
 */
export function platformInternalAnnotation(
  platform: ClusterPlatform,
  exposure: GatewayExposure,
): Record<string, string> {
  if (exposure === GatewayExposure.NODE_PORT) return {};
  if (platform === ClusterPlatform.GKE) return { "networking.gke.io/load-balancer-type": "Internal" };
  if (platform === ClusterPlatform.AWS)
    return { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" };
  return {};
}

/** The construct of one cluster of a mesh (named in error messages). */
class ClusterScope extends Construct {
  public readonly hybridMeshType = "MeshCluster";
}

/** How a platform exposes the gateway unless told otherwise. */
function defaultExposure(platform: ClusterPlatform, address?: string): GatewayExposure {
  switch (platform) {
    case ClusterPlatform.GKE:
      return GatewayExposure.GKE_INTERNAL_LOAD_BALANCER;
    case ClusterPlatform.AWS:
      return GatewayExposure.NODE_PORT;
    default:
      return address ? GatewayExposure.LOAD_BALANCER_IP : GatewayExposure.LOAD_BALANCER;
  }
}

/**
 * The Service annotations of a gateway: the platform's internal load-balancer annotation merged
 * with the user's (an equivalent user annotation, e.g. GKE's older `cloud.google.com/…`, stands in
 * for it), and GKE's global access when asked.
 */
function gatewayAnnotations(o: MeshClusterOptions, exposure: GatewayExposure): Record<string, string> {
  const g = o.gateway ?? {};
  const user = { ...(g.serviceAnnotations ?? {}) };
  const platform = platformInternalAnnotation(o.cluster.platform, exposure);
  const annotations: Record<string, string> = internalAnnotations(user).internal.length
    ? {}
    : { ...platform };
  if (exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER && g.gkeGlobalAccess)
    annotations["networking.gke.io/internal-load-balancer-allow-global-access"] = "true";
  return { ...annotations, ...user };
}

/**
 * Checks what can be checked for one cluster alone, when it is added to a mesh.
 *
 * @internal
 */
export function validateCluster(
  mesh: IConstruct,
  options: MeshClusterOptions,
  others: readonly MeshClusterOptions[],
  props: { readonly model?: MeshModel; readonly meshId: string; readonly revision?: string },
): void {
  const c = options.cluster;
  if (others.some((o) => o.cluster.clusterName === c.clusterName)) {
    fail(mesh, "cluster.clusterName", c.clusterName, {
      rule: "every cluster of a mesh needs its own name (Istio's cluster name)",
      fix: "rename one of the clusters",
    });
  }
  check(mesh, "cluster.clusterName", c.clusterName, checkDns1123Label);
  const scope = new ClusterScope(mesh as Construct, c.clusterName);
  check(scope, "cluster.meshNetwork", c.meshNetwork, checkDns1123Label);
  const role = options.role ?? ClusterRole.PRIMARY;
  if (role === ClusterRole.REMOTE && (props.model ?? MeshModel.MULTI_PRIMARY) !== MeshModel.PRIMARY_REMOTE) {
    fail(scope, "role", role, {
      rule: "remote clusters exist only in the primary-remote model",
      fix: "set the mesh's model to MeshModel.PRIMARY_REMOTE, or make the cluster a primary",
    });
  }
  if (role === ClusterRole.REMOTE && !options.primary) {
    fail(scope, "primary", options.primary, {
      rule: "a remote cluster has no istiod of its own and needs a primary to serve it",
      fix: "set primary to the name of a primary cluster of the mesh",
    });
  }
  if (
    c.fleetManagedControlPlane &&
    (options.controlPlane ?? ControlPlaneMode.IN_CLUSTER) === ControlPlaneMode.IN_CLUSTER
  ) {
    fail(scope, "controlPlane", options.controlPlane ?? ControlPlaneMode.IN_CLUSTER, {
      rule: `the fleet runs ${c.clusterName}'s control plane (its service mesh membership is MANAGEMENT_AUTOMATIC), and an in-cluster istiod would be a second control plane on the cluster`,
      fix: "register the cluster with MeshManagement.MANUAL (the Fleet default), or add it to the mesh with controlPlane: ControlPlaneMode.FLEET_MANAGED",
    });
  }
  if (options.controlPlane === ControlPlaneMode.FLEET_MANAGED && c.fleetManagedControlPlane === false) {
    fail(scope, "controlPlane", options.controlPlane, {
      rule: `${c.clusterName} is not on the fleet's managed control plane (its service mesh membership is not MANAGEMENT_AUTOMATIC): no istiod would run there`,
      fix: "register the cluster with meshManagement: MeshManagement.AUTOMATIC, or leave controlPlane unset (in-cluster)",
    });
  }
  if (options.controlPlane === ControlPlaneMode.FLEET_MANAGED) {
    if (c.platform !== ClusterPlatform.GKE) {
      fail(scope, "controlPlane", options.controlPlane, {
        rule: `only GKE clusters can run on the fleet's managed control plane, and ${c.clusterName} is on ${c.platform}`,
        fix: "use ControlPlaneMode.IN_CLUSTER (the default)",
      });
    }
    if (role === ClusterRole.REMOTE) {
      fail(scope, "controlPlane", options.controlPlane, {
        rule: "a remote cluster has no control plane of its own, managed or not",
        fix: "leave controlPlane unset on remote clusters",
      });
    }
  }
  if (
    c.meshId !== undefined &&
    !isUnresolved(c.meshId) &&
    !isUnresolved(props.meshId) &&
    c.meshId !== props.meshId
  ) {
    fail(scope, "cluster.meshId", c.meshId, {
      rule: `every cluster of a mesh has the same mesh id, and the mesh's is ${props.meshId}`,
      fix: "register the clusters in one fleet (one project number), or give the mesh that id",
    });
  }
  check(scope, "cluster.apiServerPort", c.apiServerPort, checkPort);
  validateGateway(scope, options);
  for (const [i, ns] of (options.injectedNamespaces ?? []).entries()) {
    check(scope, `injectedNamespaces[${i}].name`, ns.name, checkDns1123Label);
    for (const [key, value] of Object.entries(ns.labels ?? {})) {
      if (key === "istio-injection" || key === "istio.io/rev") {
        fail(scope, `injectedNamespaces[${i}].labels.${key}`, value, {
          rule: `hybrid-mesh labels every injected namespace with ${props.revision ? `istio.io/rev: ${props.revision}` : "istio-injection: enabled"}; ${key} next to it would give the namespace both labels, and istio-injection wins (the revision is ignored)`,
          fix: `remove ${key} from the labels; set the mesh's revision to choose istio.io/rev`,
        });
      }
      check(scope, `injectedNamespaces[${i}].labels.${key}`, value, checkK8sLabelValue);
    }
  }
}

function validateGateway(scope: IConstruct, options: MeshClusterOptions): void {
  const c = options.cluster;
  const g = options.gateway ?? {};
  check(scope, "gateway.address", g.address, checkIpv4Address);
  checkEach(scope, "gateway.additionalAddresses", g.additionalAddresses, checkIpv4Address);
  if (g.additionalAddresses?.length && !g.address) {
    fail(scope, "gateway.additionalAddresses", g.additionalAddresses, {
      rule: "further addresses come after the gateway's first address",
      fix: "give gateway.address too",
    });
  }
  const nodePorts = { ...NODE_PORT_DEFAULTS, ...(g.nodePorts ?? {}) };
  for (const [key, port] of Object.entries(g.nodePorts ?? {}))
    check(scope, `gateway.nodePorts.${key}`, port, checkNodePort);
  const byPort = new Map<number, string>();
  for (const [key, port] of Object.entries(nodePorts)) {
    const other = byPort.get(port);
    if (other !== undefined) {
      fail(scope, `gateway.nodePorts.${key}`, port, {
        rule: `the node port is also nodePorts.${other}'s: each gateway port needs its own node port`,
        fix: "give the four gateway ports four different node ports",
      });
    }
    byPort.set(port, key);
  }
  const min = check(scope, "gateway.minReplicas", g.minReplicas, countBetween(1, 100, "a replica count"));
  const max = check(scope, "gateway.maxReplicas", g.maxReplicas, countBetween(1, 100, "a replica count"));
  const [lo, hi] = [min ?? 2, max ?? 5];
  if (lo > hi) {
    fail(
      scope,
      min !== undefined ? "gateway.minReplicas" : "gateway.maxReplicas",
      min !== undefined ? lo : hi,
      {
        rule: `the HorizontalPodAutoscaler needs minReplicas (${lo}) <= maxReplicas (${hi})`,
        fix:
          min !== undefined && max === undefined
            ? `also set maxReplicas to at least ${lo}`
            : `use a minReplicas of at most ${hi}`,
      },
    );
  }
  const exposure = g.exposure ?? defaultExposure(c.platform, g.address);
  const external = internalAnnotations(g.serviceAnnotations ?? {}).external;
  if (external.length > 0 && exposure !== GatewayExposure.NODE_PORT) {
    const key = external[0];
    fail(scope, `gateway.serviceAnnotations.${key}`, g.serviceAnnotations![key], {
      rule: "the annotation makes the east-west gateway's load balancer external (reachable from the internet), and the mesh's other networks reach it over the VPN: it must be internal",
      fix: "remove the annotation (hybrid-mesh adds the platform's internal one), or set it to the internal value",
    });
  }
  if (c.platform === ClusterPlatform.AWS && !g.address) {
    fail(scope, "gateway.address", g.address, {
      rule: "an east-west gateway on AWS needs a fixed address: an AWS load balancer's DNS name is ignored as a gateway address by Istio (istio#29359)",
      fix: "put the gateway behind MeshGatewayLoadBalancer with fixed private IPs and give one of them here",
    });
  }
  if (exposure === GatewayExposure.LOAD_BALANCER_IP && !g.address) {
    fail(scope, "gateway.address", g.address, {
      rule: "LOAD_BALANCER_IP exposure needs the address to request",
      fix: "give the gateway's IP from the cluster's load-balancer pool",
    });
  }
}

/**
 * A cluster with every default applied.
 *
 * @internal
 */
export function resolveCluster(o: MeshClusterOptions): ResolvedCluster {
  const g = o.gateway ?? {};
  const exposure = g.exposure ?? defaultExposure(o.cluster.platform, g.address);
  const gateway: ResolvedGateway = {
    exposure,
    address: g.address && !isUnresolved(g.address) ? g.address : undefined,
    addresses: [g.address, ...(g.additionalAddresses ?? [])].filter(
      (a): a is string => a !== undefined && !isUnresolved(a),
    ),
    nodePorts: { ...NODE_PORT_DEFAULTS, ...(g.nodePorts ?? {}) },
    annotations: gatewayAnnotations(o, exposure),
    minReplicas: g.minReplicas ?? 2,
    maxReplicas: g.maxReplicas ?? 5,
    replicasGiven: g.minReplicas !== undefined || g.maxReplicas !== undefined,
  };
  return {
    name: o.cluster.clusterName,
    network: o.cluster.meshNetwork,
    platform: o.cluster.platform,
    role: o.role ?? ClusterRole.PRIMARY,
    primary: o.primary,
    controlPlane: o.controlPlane ?? ControlPlaneMode.IN_CLUSTER,
    apiServerHost: o.cluster.apiServerHost,
    apiServerPort: o.cluster.apiServerPort,
    gateway,
    injectedNamespaces: (o.injectedNamespaces ?? []).map((n) => ({
      name: n.name,
      labels: { ...(n.labels ?? {}) },
    })),
    caCertsDirectory: o.caCertsDirectory,
  };
}
