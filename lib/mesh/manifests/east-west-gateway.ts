// The east-west gateway's Service (ports, type, labels), and the gateway as plain Kubernetes
// objects (GatewayForm.MANIFESTS).
import { GatewayExposure, K8sObject, MESH_PORTS } from "../../core";
import { EASTWEST_GATEWAY, EASTWEST_SELECTOR } from "../names";
import { installsIstiod, ResolvedCluster, ResolvedMesh } from "../resolved";
import { meta } from "./metadata";

/**
 * Ports of the east-west gateway's Service (target port = port), with node ports when exposed as NodePort.
 *
 * @internal
 */
export function gatewayServicePorts(cluster: ResolvedCluster): Record<string, unknown>[] {
  const nodePort = cluster.gateway.exposure === GatewayExposure.NODE_PORT;
  const np = cluster.gateway.nodePorts;
  const ports: [string, number, number][] = [
    ["status-port", MESH_PORTS.status, np.status],
    ["tls", MESH_PORTS.crossNetwork, np.crossNetwork],
    ["tls-istiod", MESH_PORTS.istiod, np.istiod],
    ["tls-webhook", MESH_PORTS.webhook, np.webhook],
  ];
  return ports.map(([name, port, node]) => ({
    name,
    port,
    targetPort: port,
    ...(nodePort ? { nodePort: node } : {}),
  }));
}

/**
 * The gateway Service's type and load-balancer fields for its exposure.
 *
 * @internal
 */
export function gatewayServiceSpec(cluster: ResolvedCluster): Record<string, unknown> {
  const g = cluster.gateway;
  if (g.exposure === GatewayExposure.NODE_PORT) return { type: "NodePort" };
  const requests =
    g.exposure === GatewayExposure.LOAD_BALANCER_IP ||
    g.exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER;
  return { type: "LoadBalancer", ...(g.address && requests ? { loadBalancerIP: g.address } : {}) };
}

/**
 * Labels of the east-west gateway's pods.
 *
 * @internal
 */
export function gatewayLabels(cluster: ResolvedCluster): Record<string, string> {
  return { ...EASTWEST_SELECTOR, app: EASTWEST_GATEWAY, "topology.istio.io/network": cluster.network };
}

/**
 * The east-west gateway as plain Kubernetes objects (kubectl or Config Sync, no istioctl):
 * ServiceAccount, Role/RoleBinding (the gateway reads TLS Secrets of its namespace), Deployment
 * using Istio's "gateway" injection template (image `auto`, filled in by the injector),
 * Service, PodDisruptionBudget and HorizontalPodAutoscaler.
 *
 * @internal
 */
export function eastWestGatewayManifests(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject[] {
  const ns = mesh.gatewayNamespace;
  const labels = gatewayLabels(cluster);
  const podLabels: Record<string, string> = {
    ...labels,
    "sidecar.istio.io/inject": "true",
    ...(mesh.revision && installsIstiod(cluster) ? { "istio.io/rev": mesh.revision } : {}),
  };
  const g = cluster.gateway;
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(EASTWEST_GATEWAY, ns) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(EASTWEST_GATEWAY, ns),
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "watch", "list"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(EASTWEST_GATEWAY, ns),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: EASTWEST_GATEWAY },
      subjects: [{ kind: "ServiceAccount", name: EASTWEST_GATEWAY }],
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(EASTWEST_GATEWAY, ns, { labels }),
      spec: {
        selector: { matchLabels: { ...EASTWEST_SELECTOR } },
        template: {
          metadata: { annotations: { "inject.istio.io/templates": "gateway" }, labels: podLabels },
          spec: {
            serviceAccountName: EASTWEST_GATEWAY,
            containers: [
              {
                name: "istio-proxy",
                image: "auto",
                env: [{ name: "ISTIO_META_REQUESTED_NETWORK_VIEW", value: cluster.network }],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  runAsNonRoot: true,
                  runAsUser: 1337,
                  runAsGroup: 1337,
                },
                resources: {
                  requests: { cpu: "100m", memory: "128Mi" },
                  limits: { cpu: "2", memory: "1Gi" },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(EASTWEST_GATEWAY, ns, {
        labels,
        ...(Object.keys(g.annotations).length > 0 ? { annotations: g.annotations } : {}),
      }),
      spec: {
        ...gatewayServiceSpec(cluster),
        selector: { ...EASTWEST_SELECTOR },
        ports: gatewayServicePorts(cluster),
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(EASTWEST_GATEWAY, ns),
      spec: { minAvailable: 1, selector: { matchLabels: { ...EASTWEST_SELECTOR } } },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(EASTWEST_GATEWAY, ns),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: EASTWEST_GATEWAY },
        minReplicas: g.minReplicas,
        maxReplicas: g.maxReplicas,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
          },
        ],
      },
    },
  ];
}
