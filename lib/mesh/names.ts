// The names of what the mesh creates in every cluster: the east-west gateway, the reader identity
// other istiods use, the plug-in CA Secret, and the label every object carries.
import { ClusterRole } from "../core";
import type { ResolvedCluster } from "./resolved";

/**
 * Name of the east-west gateway (Deployment, Service, IstioOperator component, Helm release).
 *
 * @internal
 */
export const EASTWEST_GATEWAY = "istio-eastwestgateway";
/**
 * Label selecting the east-west gateway's pods.
 *
 * @internal
 */
export const EASTWEST_SELECTOR: Readonly<Record<string, string>> = Object.freeze({
  istio: "eastwestgateway",
});
/**
 * The service account other clusters' istiods read a primary's API with (multi-primary): hybrid-mesh's
 * own, read-only and without access to Secrets, named apart from Istio's `istio-reader-service-account`
 * so that it never collides with what Istio's charts create.
 *
 * @internal
 */
export const READER_SERVICE_ACCOUNT = "hybrid-mesh-reader";
/**
 * The service account a primary's istiod uses on a remote cluster (primary-remote): Istio's own
 * `istio-reader-service-account`, created by Istio's charts with the write access a primary needs
 * there (its root certificate ConfigMaps, the injection webhook).
 *
 * @internal
 */
export const ISTIO_READER_SERVICE_ACCOUNT = "istio-reader-service-account";
/**
 * The label every object hybrid-mesh emits carries.
 *
 * @internal
 */
export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = Object.freeze({
  "app.kubernetes.io/managed-by": "hybrid-mesh",
});
/**
 * The Secret istiod reads its plug-in CA from.
 *
 * @internal
 */
export const CACERTS_SECRET = "cacerts";
/**
 * The keys of the `cacerts` Secret (Istio's security/pkg/pki/ca).
 *
 * @internal
 */
export const CACERTS_KEYS = Object.freeze(["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"]);

/**
 * The service account other istiods read `cluster`'s API with (see READER_SERVICE_ACCOUNT).
 *
 * @internal
 */
export function readerServiceAccount(cluster: ResolvedCluster): string {
  return cluster.role === ClusterRole.REMOTE ? ISTIO_READER_SERVICE_ACCOUNT : READER_SERVICE_ACCOUNT;
}

/**
 * The long-lived token Secret of a cluster's reader service account (no chart creates one).
 *
 * @internal
 */
export function readerTokenSecret(cluster: ResolvedCluster): string {
  return `${readerServiceAccount(cluster)}-token`;
}
