import { gatewayLabels, gatewayServicePorts, gatewayServiceSpec } from "./manifests";
import { EASTWEST_GATEWAY, primaryOf, ResolvedCluster, ResolvedMesh } from "./model";
import { ClusterRole, GatewayExposure, ISTIO_SYSTEM, K8sObject, MeshModel } from "../core";

/**
 * `meshNetworks` for istiod: for every network, its endpoints (the cluster's registry) and its
 * gateway, by fixed address when known at synth (so istiod does not depend on load-balancer
 * status, which AWS NLB hostnames never satisfy), else by the gateway Service's registry name
 * (its address assigned by the platform, read from the Service's load-balancer status).
 */
export function meshNetworks(mesh: ResolvedMesh): Record<string, unknown> {
  const networks: Record<string, { endpoints: object[]; gateways: object[] }> = {};
  for (const c of mesh.clusters) {
    const entry = (networks[c.network] ??= { endpoints: [], gateways: [] });
    entry.endpoints.push({ fromRegistry: c.name });
    const gateways = c.gateway.addresses.length
      ? c.gateway.addresses.map((address) => ({ address, port: 15443 }))
      : [
          {
            registryServiceName: `${EASTWEST_GATEWAY}.${mesh.gatewayNamespace}.svc.cluster.local`,
            port: 15443,
          },
        ];
    for (const gateway of gateways)
      if (!entry.gateways.some((g) => JSON.stringify(g) === JSON.stringify(gateway)))
        entry.gateways.push(gateway);
  }
  return networks;
}

/** The address a remote cluster reaches its primary's istiod at (the primary's gateway). */
function remotePilotAddress(mesh: ResolvedMesh, cluster: ResolvedCluster): string | undefined {
  return primaryOf(mesh, cluster)?.gateway.address;
}

/** `global` values every install of a cluster shares: mesh id, cluster name, network. */
function globalValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  return { meshID: mesh.meshId, multiCluster: { clusterName: cluster.name }, network: cluster.network };
}

/** The injection path a remote cluster's webhook calls on its primary's istiod. */
function injectionPath(cluster: ResolvedCluster): string {
  return `/inject/cluster/${cluster.name}/net/${cluster.network}`;
}

/**
 * The control-plane IstioOperator of a cluster for `istioctl install -f`: profile `default`
 * (primary) or `remote`, mesh id, cluster name, network, revision, trust domain, meshNetworks.
 * For primary-remote, a primary serves remotes (EXTERNAL_ISTIOD: `values.pilot.env` up to 1.22,
 * `values.global.externalIstiod` from 1.23, as Istio's documents of each release do) and a remote
 * gets `remotePilotAddress` and the injection path.
 */
export function controlPlaneOperator(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject {
  const remote = cluster.role === ClusterRole.REMOTE;
  const global: Record<string, unknown> = globalValues(mesh, cluster);
  const values: Record<string, unknown> = { global };
  if (remote) {
    global.remotePilotAddress = remotePilotAddress(mesh, cluster);
    values.istiodRemote = { injectionPath: injectionPath(cluster) };
  } else {
    global.meshNetworks = meshNetworks(mesh);
    if (mesh.model === MeshModel.PRIMARY_REMOTE) {
      if (mesh.release.externalIstiodValue) global.externalIstiod = true;
      else values.pilot = { env: { EXTERNAL_ISTIOD: true } };
    }
  }
  return {
    apiVersion: "install.istio.io/v1alpha1",
    kind: "IstioOperator",
    metadata: {
      name: mesh.revision ? `control-plane-${mesh.revision}` : "control-plane",
      namespace: ISTIO_SYSTEM,
    },
    spec: {
      ...(mesh.revision ? { revision: mesh.revision } : {}),
      profile: remote ? "remote" : "default",
      ...(remote ? {} : { meshConfig: { trustDomain: mesh.trustDomain } }),
      values,
    },
  };
}

/**
 * The east-west gateway IstioOperator: exactly what Istio's `samples/multicluster/gen-eastwest-gateway.sh --network <net> --revision <rev>`
 * prints (name `eastwest`, profile `empty`, the `istio-eastwestgateway` ingress gateway with its
 * labels, `ISTIO_META_REQUESTED_NETWORK_VIEW`, ports 15021/15443/15012/15017, the `gateway`
 * injection template and `global.network`), plus what a cluster adds: the gateway namespace, the
 * load-balancer service annotations, and for NodePort or fixed-address exposure the service
 * type, node ports and `loadBalancerIP`.
 */
export function eastWestGatewayOperator(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject {
  const g = cluster.gateway;
  const service: Record<string, unknown> = { ports: gatewayServicePorts(cluster) };
  const spec = gatewayServiceSpec(cluster);
  if (g.exposure === GatewayExposure.NODE_PORT) service.type = "NodePort";
  if (spec.loadBalancerIP) service.loadBalancerIP = spec.loadBalancerIP;
  return {
    apiVersion: "install.istio.io/v1alpha1",
    kind: "IstioOperator",
    metadata: { name: "eastwest" },
    spec: {
      revision: mesh.revision,
      profile: "empty",
      components: {
        ingressGateways: [
          {
            name: EASTWEST_GATEWAY,
            ...(mesh.gatewayNamespace !== ISTIO_SYSTEM ? { namespace: mesh.gatewayNamespace } : {}),
            label: gatewayLabels(cluster),
            enabled: true,
            k8s: {
              env: [{ name: "ISTIO_META_REQUESTED_NETWORK_VIEW", value: cluster.network }],
              ...(Object.keys(g.annotations).length > 0 ? { serviceAnnotations: g.annotations } : {}),
              service,
              // Only when replicas were set explicitly, so that the default output is the generator's.
              ...(g.replicasGiven
                ? { hpaSpec: { minReplicas: g.minReplicas, maxReplicas: g.maxReplicas } }
                : {}),
            },
          },
        ],
      },
      values: {
        gateways: { "istio-ingressgateway": { injectionTemplate: "gateway" } },
        global: { network: cluster.network },
      },
    },
  };
}

/** A Helm release of one of Istio's charts, as the YAML delivery documents it and Terraform installs it. */
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
 */
export function controlPlaneCharts(mesh: ResolvedMesh, cluster: ResolvedCluster): IstioChart[] {
  if (cluster.controlPlane !== "in-cluster") return [];
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
  if (mesh.model === MeshModel.PRIMARY_REMOTE) {
    if (mesh.release.externalIstiodValue) (values.global as Record<string, unknown>).externalIstiod = true;
    else values.pilot = { env: { EXTERNAL_ISTIOD: true } };
  }
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
 */
export function gatewayChartValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  const g = cluster.gateway;
  const spec = gatewayServiceSpec(cluster);
  const nodePort = g.exposure === GatewayExposure.NODE_PORT;
  const labels = gatewayLabels(cluster);
  if (!nodePort) delete labels["topology.istio.io/network"]; // networkGateway adds it (twice would be a duplicate key)
  return {
    name: EASTWEST_GATEWAY,
    ...(mesh.revision && cluster.controlPlane === "in-cluster" ? { revision: mesh.revision } : {}),
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

/** The gateway chart's release of a cluster (Helm files and Terraform). */
export function gatewayChart(mesh: ResolvedMesh, cluster: ResolvedCluster): IstioChart {
  return {
    release: EASTWEST_GATEWAY,
    chart: "gateway",
    namespace: mesh.gatewayNamespace,
    values: gatewayChartValues(mesh, cluster),
    file: "eastwest-gateway.values.yaml",
  };
}
