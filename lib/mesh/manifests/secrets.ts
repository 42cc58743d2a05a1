// The Secrets istiod reads: the plug-in CA (`cacerts`) and the remote secrets, with their kubeconfig.
import { ISTIO_SYSTEM, K8sObject } from "../../core";
import { CACERTS_KEYS, CACERTS_SECRET } from "../names";
import { meta } from "./metadata";

/**
 * The `cacerts` Secret of a cluster (Istio's plug-in CA) with the given data (base64 values, or
 * Terraform references): what istiod reads its intermediate CA from.
 *
 * @internal
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
 *
 * @internal
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

/**
 * The kubeconfig of a remote secret (YAML text; the CA and token given as they are).
 *
 * @internal
 */
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
