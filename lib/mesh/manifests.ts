import {
  CACERTS_KEYS,
  CACERTS_SECRET,
  EASTWEST_GATEWAY,
  EASTWEST_SELECTOR,
  MANAGED_BY_LABELS,
  ResolvedCluster,
  ResolvedMesh,
  installsIstiod,
  READER_SERVICE_ACCOUNT,
  readerServiceAccount,
  readerTokenSecret,
} from "./model";
import { ClusterRole, GatewayExposure, ISTIO_SYSTEM, K8sObject, K8sObjectMeta } from "../core";

function meta(name: string, namespace?: string, extra: Record<string, unknown> = {}): K8sObjectMeta {
  const labels = { ...MANAGED_BY_LABELS, ...((extra.labels as Record<string, string>) ?? {}) };
  return { name, ...(namespace ? { namespace } : {}), ...extra, labels };
}

/**
 * The injection labels of a namespace: `istio.io/rev` for revisioned installs, else
 * `istio-injection: enabled` (never both: `istio-injection` wins and the revision would be
 * ignored). A fleet-managed control plane injects under its default revision tag.
 */
export function injectionLabels(mesh: ResolvedMesh, cluster: ResolvedCluster): Record<string, string> {
  return mesh.revision && installsIstiod(cluster)
    ? { "istio.io/rev": mesh.revision }
    : { "istio-injection": "enabled" };
}

/**
 * The namespaces of a cluster: istio-system labelled with the network (and, on a remote
 * cluster, annotated with its control-plane cluster), the gateway namespace labelled for
 * injection, and the injected namespaces.
 */
export function namespaces(mesh: ResolvedMesh, cluster: ResolvedCluster): K8sObject[] {
  const objects: K8sObject[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ISTIO_SYSTEM, undefined, {
        labels: { "topology.istio.io/network": cluster.network },
        ...(cluster.role === ClusterRole.REMOTE
          ? { annotations: { "topology.istio.io/controlPlaneClusters": cluster.primary } }
          : {}),
      }),
    },
  ];
  if (mesh.gatewayNamespace !== ISTIO_SYSTEM) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(mesh.gatewayNamespace, undefined, { labels: injectionLabels(mesh, cluster) }),
    });
  }
  for (const ns of cluster.injectedNamespaces) {
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: meta(ns.name, undefined, { labels: { ...ns.labels, ...injectionLabels(mesh, cluster) } }),
    });
  }
  return objects;
}

/** The cross-network Gateway (Istio's expose-services.yaml): 15443, TLS, AUTO_PASSTHROUGH, hosts `*.local` only. */
export function crossNetworkGateway(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.networkingApiVersion,
    kind: "Gateway",
    metadata: meta("cross-network-gateway", mesh.gatewayNamespace),
    spec: {
      selector: { ...EASTWEST_SELECTOR },
      servers: [
        {
          port: { number: 15443, name: "tls", protocol: "TLS" },
          tls: { mode: "AUTO_PASSTHROUGH" },
          hosts: ["*.local"],
        },
      ],
    },
  };
}

/** istiod's in-cluster host name (revisioned: `istiod-<rev>`). */
export function istiodHost(mesh: ResolvedMesh): string {
  return `${mesh.revision ? `istiod-${mesh.revision}` : "istiod"}.${ISTIO_SYSTEM}.svc.cluster.local`;
}

/**
 * istiod exposure for remote clusters (Istio's expose-istiod.yaml): a Gateway passing 15012 and
 * 15017 through the east-west gateway, and a VirtualService routing them to istiod 15012 and 443.
 */
export function istiodExposure(mesh: ResolvedMesh): K8sObject[] {
  const host = istiodHost(mesh);
  const server = (name: string, number: number) => ({
    port: { name, number, protocol: "tls" },
    tls: { mode: "PASSTHROUGH" },
    hosts: ["*"],
  });
  const route = (port: number, target: number) => ({
    match: [{ port, sniHosts: ["*"] }],
    route: [{ destination: { host, port: { number: target } } }],
  });
  return [
    {
      apiVersion: mesh.release.networkingApiVersion,
      kind: "Gateway",
      metadata: meta("istiod-gateway", mesh.gatewayNamespace),
      spec: {
        selector: { ...EASTWEST_SELECTOR },
        servers: [server("tls-istiod", 15012), server("tls-istiodwebhook", 15017)],
      },
    },
    {
      apiVersion: mesh.release.networkingApiVersion,
      kind: "VirtualService",
      metadata: meta("istiod-vs", mesh.gatewayNamespace),
      spec: { hosts: ["*"], gateways: ["istiod-gateway"], tls: [route(15012, 15012), route(15017, 443)] },
    },
  ];
}

/** The mesh-wide PeerAuthentication in the root namespace (STRICT unless asked otherwise). */
export function peerAuthentication(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.securityApiVersion,
    kind: "PeerAuthentication",
    metadata: meta("default", ISTIO_SYSTEM),
    spec: { mtls: { mode: mesh.mtls } },
  };
}

/** A mesh-wide default-deny AuthorizationPolicy (an empty spec in the root namespace: allow nothing). */
export function allowNothing(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.securityApiVersion,
    kind: "AuthorizationPolicy",
    metadata: meta("allow-nothing", ISTIO_SYSTEM),
    spec: {},
  };
}

/**
 * What other clusters' istiods read a cluster with. On a cluster read by primaries of a
 * multi-primary mesh: hybrid-mesh's reader (a ServiceAccount, a read-only ClusterRole for endpoint
 * discovery without access to Secrets, its binding) and its long-lived token Secret. On a remote
 * cluster of a primary-remote mesh: only the token Secret of Istio's `istio-reader-service-account`,
 * which Istio's charts create with the write access the primary needs there. No chart creates a
 * token Secret, so nothing here collides with Istio's charts.
 */
export function readerIdentity(cluster: ResolvedCluster): K8sObject[] {
  const account = readerServiceAccount(cluster);
  const token: K8sObject = {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/service-account-token",
    metadata: meta(readerTokenSecret(cluster), ISTIO_SYSTEM, {
      annotations: { "kubernetes.io/service-account.name": account },
    }),
  };
  if (cluster.role === ClusterRole.REMOTE) return [token];
  const readOnly = ["get", "list", "watch"];
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(READER_SERVICE_ACCOUNT, ISTIO_SYSTEM) },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: meta(READER_SERVICE_ACCOUNT),
      rules: [
        {
          apiGroups: [""],
          resources: ["endpoints", "pods", "services", "nodes", "namespaces", "replicationcontrollers"],
          verbs: readOnly,
        },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: readOnly },
        { apiGroups: ["apps"], resources: ["replicasets"], verbs: readOnly },
        {
          apiGroups: [
            "networking.istio.io",
            "security.istio.io",
            "telemetry.istio.io",
            "extensions.istio.io",
          ],
          resources: ["*"],
          verbs: readOnly,
        },
        { apiGroups: ["gateway.networking.k8s.io"], resources: ["gateways"], verbs: readOnly },
        { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: readOnly },
        { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
        { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: meta(READER_SERVICE_ACCOUNT),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: READER_SERVICE_ACCOUNT },
      subjects: [{ kind: "ServiceAccount", name: READER_SERVICE_ACCOUNT, namespace: ISTIO_SYSTEM }],
    },
    token,
  ];
}

/**
 * The `cacerts` Secret of a cluster (Istio's plug-in CA) with the given data (base64 values, or
 * Terraform references): what istiod reads its intermediate CA from.
 */
export function cacertsSecret(data: Record<string, string>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: meta(CACERTS_SECRET, ISTIO_SYSTEM),
    data: Object.fromEntries(CACERTS_KEYS.map((k) => [k, data[k]])),
  };
}

/**
 * The remote secret a cluster's istiod uses to watch `source` (as `istioctl create-remote-secret`
 * writes it): `istio-remote-secret-<source>`, labelled `istio/multiCluster: "true"`, annotated
 * `networking.istio.io/cluster: <source>`, holding a kubeconfig under the key `<source>`.
 */
export function remoteSecret(source: string, kubeconfig: string): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: meta(`istio-remote-secret-${source}`, ISTIO_SYSTEM, {
      labels: { "istio/multiCluster": "true" },
      annotations: { "networking.istio.io/cluster": source },
    }),
    stringData: { [source]: kubeconfig },
  };
}

/** The kubeconfig of a remote secret (YAML text; the CA and token given as they are). */
export function readerKubeconfig(source: string, server: string, caData: string, token: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: " + source,
    "    cluster:",
    "      certificate-authority-data: " + caData,
    "      server: " + server,
    "contexts:",
    "  - name: " + source,
    "    context:",
    "      cluster: " + source,
    "      user: " + source,
    "current-context: " + source,
    "preferences: {}",
    "users:",
    "  - name: " + source,
    "    user:",
    "      token: " + token,
    "",
  ].join("\n");
}

/** Ports of the east-west gateway's Service (target port = port), with node ports when exposed as NodePort. */
export function gatewayServicePorts(cluster: ResolvedCluster): Record<string, unknown>[] {
  const nodePort = cluster.gateway.exposure === GatewayExposure.NODE_PORT;
  const np = cluster.gateway.nodePorts;
  const ports: [string, number, number][] = [
    ["status-port", 15021, np.status],
    ["tls", 15443, np.crossNetwork],
    ["tls-istiod", 15012, np.istiod],
    ["tls-webhook", 15017, np.webhook],
  ];
  return ports.map(([name, port, node]) => ({
    name,
    port,
    targetPort: port,
    ...(nodePort ? { nodePort: node } : {}),
  }));
}

/** The gateway Service's type and load-balancer fields for its exposure. */
export function gatewayServiceSpec(cluster: ResolvedCluster): Record<string, unknown> {
  const g = cluster.gateway;
  if (g.exposure === GatewayExposure.NODE_PORT) return { type: "NodePort" };
  const requests =
    g.exposure === GatewayExposure.LOAD_BALANCER_IP ||
    g.exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER;
  return { type: "LoadBalancer", ...(g.address && requests ? { loadBalancerIP: g.address } : {}) };
}

/** Labels of the east-west gateway's pods. */
export function gatewayLabels(cluster: ResolvedCluster): Record<string, string> {
  return { ...EASTWEST_SELECTOR, app: EASTWEST_GATEWAY, "topology.istio.io/network": cluster.network };
}

/**
 * The east-west gateway as plain Kubernetes objects (kubectl or Config Sync, no istioctl):
 * ServiceAccount, Role/RoleBinding (the gateway reads TLS Secrets of its namespace), Deployment
 * using Istio's "gateway" injection template (image `auto`, filled in by the injector),
 * Service, PodDisruptionBudget and HorizontalPodAutoscaler.
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
