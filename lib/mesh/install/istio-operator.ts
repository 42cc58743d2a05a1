// The IstioOperators of a cluster, for `istioctl install -f`: the control plane and the east-west
// gateway.
import { ClusterRole, GatewayExposure, ISTIO_SYSTEM, K8sObject } from "../../core";
import { gatewayLabels, gatewayServicePorts, gatewayServiceSpec } from "../manifests/east-west-gateway";
import { EASTWEST_GATEWAY } from "../names";
import { ResolvedCluster, ResolvedMesh } from "../resolved";
import { globalValues, injectionPath, meshNetworks, remotePilotAddress, serveRemotes } from "./values";

/**
 * The control-plane IstioOperator of a cluster for `istioctl install -f`: profile `default`
 * (primary) or `remote`, mesh id, cluster name, network, revision, trust domain, meshNetworks.
 * For primary-remote, a primary serves remotes (EXTERNAL_ISTIOD: `values.pilot.env` up to 1.22,
 * `values.global.externalIstiod` from 1.23, as Istio's documents of each release do) and a remote
 * gets `remotePilotAddress` and the injection path.
 *
 * @internal
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
    serveRemotes(mesh, values);
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
 *
 * @internal
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
