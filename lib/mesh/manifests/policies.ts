// The mesh-wide security policies: mTLS (PeerAuthentication) and the optional default deny.
import { ISTIO_SYSTEM, K8sObject } from "../../core";
import { ResolvedMesh } from "../resolved";
import { meta } from "./metadata";

/**
 * The mesh-wide PeerAuthentication in the root namespace (STRICT unless asked otherwise).
 *
 * @internal
 */
export function peerAuthentication(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.securityApiVersion,
    kind: "PeerAuthentication",
    metadata: meta("default", ISTIO_SYSTEM),
    spec: { mtls: { mode: mesh.mtls } },
  };
}

/**
 * A mesh-wide default-deny AuthorizationPolicy (an empty spec in the root namespace: allow nothing).
 *
 * @internal
 */
export function allowNothing(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.securityApiVersion,
    kind: "AuthorizationPolicy",
    metadata: meta("allow-nothing", ISTIO_SYSTEM),
    spec: {},
  };
}
