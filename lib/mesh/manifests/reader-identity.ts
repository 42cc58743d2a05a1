// The identity other clusters' istiods read a cluster's API server with (reader RBAC and token).
import { ClusterRole, ISTIO_SYSTEM, K8sObject } from "../../core";
import { READER_SERVICE_ACCOUNT, readerServiceAccount, readerTokenSecret } from "../names";
import { ResolvedCluster } from "../resolved";
import { meta } from "./metadata";

/**
 * What other clusters' istiods read a cluster with. On a cluster read by primaries of a
 * multi-primary mesh: hybrid-mesh's reader (a ServiceAccount, a read-only ClusterRole for endpoint
 * discovery without access to Secrets, its binding) and its long-lived token Secret. On a remote
 * cluster of a primary-remote mesh: only the token Secret of Istio's `istio-reader-service-account`,
 * which Istio's charts create with the write access the primary needs there. No chart creates a
 * token Secret, so nothing here collides with Istio's charts.
 *
 * @internal
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
