// The Helm releases of Istio's charts that install a cluster: the control plane (base, istiod or
// istiod-remote) and the east-west gateway (gateway), with the values hybrid-mesh renders.
import { ClusterRole, GatewayExposure, ISTIO_SYSTEM } from "../../core";
import { gatewayLabels, gatewayServicePorts, gatewayServiceSpec } from "../manifests/east-west-gateway";
import { EASTWEST_GATEWAY } from "../names";
import { installsIstiod, ResolvedCluster, ResolvedMesh } from "../resolved";
import { globalValues, injectionPath, meshNetworks, remotePilotAddress, serveRemotes } from "./values";

/**
 * A Helm release of one of Istio's charts, as the YAML delivery documents it and Terraform installs it.
 *
 * @internal
 */
export interface IstioChart {
  /** Release name (`helm install <name>`). */
  readonly release: string;
  /** Chart in Istio's repository: "base", "istiod", "istiod-remote" or "gateway". */
  readonly chart: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /** Values, rendered by hybrid-mesh. */
  readonly values: Record<string, unknown>;
  /** File name of the values in `helm/`. */
  readonly file: string;
}

/**
 * The Helm releases that install a cluster's control plane, in order, at the mesh's release:
 *
 * - a primary: `base` (CRDs, Istio's reader service account, the default revision's validator)
 *   and `istiod` (mesh id, cluster name, network, meshNetworks, trust domain; EXTERNAL_ISTIOD
 *   when it serves remotes);
 * - a remote, from 1.24: `base` and `istiod` with `profile: remote` (Istio's documents);
 * - a remote, up to 1.23: the `istiod-remote` chart alone (it creates the reader service account
 *   that `base` would also create);
 * - a fleet-managed cluster: none (Google runs its control plane).
 *
 * @internal
 */
export function controlPlaneCharts(mesh: ResolvedMesh, cluster: ResolvedCluster): IstioChart[] {
  if (!installsIstiod(cluster)) return [];
  const revision = mesh.revision ? { revision: mesh.revision } : {};
  const global = globalValues(mesh, cluster);
  if (cluster.role === ClusterRole.REMOTE) {
    const remoteValues = {
      ...revision,
      global: { ...global, remotePilotAddress: remotePilotAddress(mesh, cluster) },
      istiodRemote: { injectionPath: injectionPath(cluster) },
    };
    if (!mesh.release.remoteProfileInCharts) {
      return [
        {
          release: "istiod-remote",
          chart: "istiod-remote",
          namespace: ISTIO_SYSTEM,
          values: remoteValues,
          file: "istiod-remote.values.yaml",
        },
      ];
    }
    return [
      {
        release: "istio-base",
        chart: "base",
        namespace: ISTIO_SYSTEM,
        values: { profile: "remote", ...baseRevision(mesh) },
        file: "base.values.yaml",
      },
      {
        release: "istiod",
        chart: "istiod",
        namespace: ISTIO_SYSTEM,
        values: {
          profile: "remote",
          ...remoteValues,
          global: { ...(remoteValues.global as object), configCluster: true },
        },
        file: "istiod.values.yaml",
      },
    ];
  }
  const values: Record<string, unknown> = {
    ...revision,
    meshConfig: { trustDomain: mesh.trustDomain },
    global: { ...global, meshNetworks: meshNetworks(mesh) },
  };
  serveRemotes(mesh, values);
  return [
    {
      release: "istio-base",
      chart: "base",
      namespace: ISTIO_SYSTEM,
      values: baseRevision(mesh),
      file: "base.values.yaml",
    },
    { release: "istiod", chart: "istiod", namespace: ISTIO_SYSTEM, values, file: "istiod.values.yaml" },
  ];
}

/**
 * The base chart's `defaultRevision`: with a revision, that revision, so that the default
 * validating webhook points at `istiod-<revision>` (the chart's "default" would point at an
 * `istiod` Service a revisioned install does not have).
 */
function baseRevision(mesh: ResolvedMesh): Record<string, unknown> {
  return mesh.revision ? { defaultRevision: mesh.revision } : {};
}

/**
 * Values for the istio/gateway chart. With a load balancer, `networkGateway` (the chart then sets
 * the network label, `ISTIO_META_REQUESTED_NETWORK_VIEW` and the four ports, as Istio's documents
 * install it); with NodePort exposure, the same label, environment and ports written out with
 * their fixed node ports, because `networkGateway` replaces the ports and would drop the node
 * ports the load balancer in front targets.
 *
 * @internal
 */
export function gatewayChartValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  const g = cluster.gateway;
  const spec = gatewayServiceSpec(cluster);
  const nodePort = g.exposure === GatewayExposure.NODE_PORT;
  const labels = gatewayLabels(cluster);
  if (!nodePort) delete labels["topology.istio.io/network"]; // networkGateway adds it (twice would be a duplicate key)
  return {
    name: EASTWEST_GATEWAY,
    ...(mesh.revision && installsIstiod(cluster) ? { revision: mesh.revision } : {}),
    ...(nodePort ? {} : { networkGateway: cluster.network }),
    labels,
    ...(nodePort ? { env: { ISTIO_META_REQUESTED_NETWORK_VIEW: cluster.network } } : {}),
    service: {
      type: spec.type,
      ...(spec.loadBalancerIP ? { loadBalancerIP: spec.loadBalancerIP } : {}),
      ...(Object.keys(g.annotations).length > 0 ? { annotations: g.annotations } : {}),
      ...(nodePort ? { ports: gatewayServicePorts(cluster).map((p) => ({ ...p, protocol: "TCP" })) } : {}),
    },
    autoscaling: {
      enabled: true,
      minReplicas: g.minReplicas,
      maxReplicas: g.maxReplicas,
      targetCPUUtilizationPercentage: 80,
    },
    podDisruptionBudget: { minAvailable: 1 },
  };
}

/**
 * The gateway chart's release of a cluster (Helm files and Terraform).
 *
 * @internal
 */
export function gatewayChart(mesh: ResolvedMesh, cluster: ResolvedCluster): IstioChart {
  return {
    release: EASTWEST_GATEWAY,
    chart: "gateway",
    namespace: mesh.gatewayNamespace,
    values: gatewayChartValues(mesh, cluster),
    file: "eastwest-gateway.values.yaml",
  };
}
