// Kubernetes objects as plain data, and the Kubernetes words more than one layer reads (the mesh
// writes them, the security checks judge them).

/** The metadata of a Kubernetes object (name and namespace; labels, annotations and more as needed). */
export interface K8sObjectMeta {
  /** Object name. */
  readonly name: string;
  /** Namespace of a namespaced object. */
  readonly namespace?: string;
  /** Labels, annotations and other metadata fields. */
  readonly [field: string]: unknown;
}

/** A Kubernetes object as plain data. */
export interface K8sObject {
  /** API group and version, e.g. "networking.istio.io/v1". */
  readonly apiVersion: string;
  /** Kind, e.g. "Gateway". */
  readonly kind: string;
  /** Metadata. */
  readonly metadata: K8sObjectMeta;
  /** spec, data, rules and the other fields of the kind. */
  readonly [field: string]: unknown;
}

/**
 * Istio's root namespace, where istiod and mesh-wide policies live.
 *
 * @internal
 */
export const ISTIO_SYSTEM = "istio-system";

/**
 * Annotations that make a Service's load balancer internal, per platform, with the value that
 * does (compared case-insensitively). GKE has two spellings: `networking.gke.io/…` and the older
 * `cloud.google.com/…` the Anthos documents use.
 *
 * @internal
 */
export const INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({
  "networking.gke.io/load-balancer-type": "internal",
  "cloud.google.com/load-balancer-type": "internal",
  "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
  "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
});

/**
 * Which annotations make a load balancer internal, and which external.
 *
 * @internal
 */
export interface InternalAnnotationKeys {
  /** Keys whose value makes the load balancer internal. */
  readonly internal: string[];
  /** Keys of the same annotations whose value makes it external. */
  readonly external: string[];
}

/**
 * Which of `annotations` make a load balancer internal, and which make it external.
 *
 * @internal
 */
export function internalAnnotations(annotations: Record<string, string>): InternalAnnotationKeys {
  const internal: string[] = [];
  const external: string[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    const wanted = INTERNAL_LB_ANNOTATIONS[key];
    if (wanted === undefined) continue;
    (String(value).toLowerCase() === wanted ? internal : external).push(key);
  }
  return { internal, external };
}
