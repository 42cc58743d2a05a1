import {
  EASTWEST_GATEWAY,
  gatewayLabels,
  gatewayServicePorts,
  gatewayServiceSpec,
  ISTIO_SYSTEM,
  K8sObject,
  ResolvedCluster,
  ResolvedMesh,
} from "./manifests";
import { ClusterRole, GatewayExposure, MeshModel } from "./options";

/**
 * `meshNetworks` for istiod: for every network, its endpoints (the cluster's registry) and its
 * gateway, by fixed address when known at synth (so istiod does not depend on load-balancer
 * status, which AWS NLB hostnames never satisfy), else by the gateway Service's registry name.
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

/** The primary serving a remote cluster. */
function primaryOf(mesh: ResolvedMesh, cluster: ResolvedCluster): ResolvedCluster {
  return mesh.clusters.find((c) => c.name === cluster.primary)!;
}

/** Values common to the istiod install of a cluster (IstioOperator `values` / istiod chart values). */
function istiodValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  const remote = cluster.role === ClusterRole.REMOTE;
  const values: Record<string, unknown> = {
    global: {
      meshID: mesh.meshId,
      multiCluster: { clusterName: cluster.name },
      network: cluster.network,
      ...(remote
        ? { remotePilotAddress: primaryOf(mesh, cluster).gateway.address }
        : { meshNetworks: meshNetworks(mesh) }),
    },
  };
  if (remote)
    values.istiodRemote = { injectionPath: `/inject/cluster/${cluster.name}/net/${cluster.network}` };
  if (!remote && mesh.model === MeshModel.PRIMARY_REMOTE) values.pilot = { env: { EXTERNAL_ISTIOD: true } };
  return values;
}

/**
 * The control-plane IstioOperator of a cluster for `istioctl install -f` / asmcli: profile
 * `default` (primary) or `remote`, meshID, cluster name, network, revision, trust domain,
 * meshNetworks; for primary-remote, EXTERNAL_ISTIOD on the primary and remotePilotAddress and the
 * injection path on remotes.
 */
export function controlPlaneOperator(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject {
  const remote = cluster.role === ClusterRole.REMOTE;
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
      meshConfig: { trustDomain: mesh.trustDomain },
      values: istiodValues(mesh, cluster),
    },
  };
}

/**
 * The east-west gateway IstioOperator: exactly what Istio's `samples/multicluster/gen-eastwest-gateway.sh --network <net> --revision <rev>`
 * prints (name `eastwest`, profile `empty`, the `istio-eastwestgateway` ingress gateway with its
 * labels, `ISTIO_META_REQUESTED_NETWORK_VIEW`, ports 15021/15443/15012/15017, the `gateway`
 * injection template and `global.network`), plus what users add: the gateway namespace, the
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

/** Values for the istio/base chart. */
export function baseChartValues(mesh: ResolvedMesh): Record<string, unknown> {
  return mesh.revision ? { defaultRevision: mesh.revision } : {};
}

/** Values for the istio/istiod chart of a cluster (remote clusters use its `remote` profile). */
export function istiodChartValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  const values = istiodValues(mesh, cluster);
  if (mesh.model === MeshModel.PRIMARY_REMOTE && cluster.role === ClusterRole.PRIMARY) {
    // The chart spells EXTERNAL_ISTIOD as global.externalIstiod.
    delete values.pilot;
    (values.global as Record<string, unknown>).externalIstiod = true;
  }
  return {
    ...(mesh.revision ? { revision: mesh.revision } : {}),
    ...(cluster.role === ClusterRole.REMOTE ? { profile: "remote" } : {}),
    meshConfig: { trustDomain: mesh.trustDomain },
    ...values,
  };
}

/** Values for the istio/gateway chart (`networkGateway` set: the chart adds the network label and requested network view). */
export function gatewayChartValues(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, unknown> {
  const g = cluster.gateway;
  const spec = gatewayServiceSpec(cluster);
  return {
    name: EASTWEST_GATEWAY,
    ...(mesh.revision ? { revision: mesh.revision } : {}),
    networkGateway: cluster.network,
    labels: gatewayLabels(cluster),
    service: {
      type: spec.type,
      ...(spec.loadBalancerIP ? { loadBalancerIP: spec.loadBalancerIP } : {}),
      ...(Object.keys(g.annotations).length > 0 ? { annotations: g.annotations } : {}),
      ports: gatewayServicePorts(cluster).map((p) => ({ ...p, protocol: "TCP" })),
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
