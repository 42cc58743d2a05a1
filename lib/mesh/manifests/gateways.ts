// Istio's Gateways on the east-west gateway: the cross-network Gateway every primary has, and the
// exposure of istiod to remote clusters (primary-remote).
import { ISTIO_SYSTEM, K8sObject, MESH_PORTS } from "../../core";
import { EASTWEST_SELECTOR } from "../names";
import { ResolvedMesh } from "../resolved";
import { meta } from "./metadata";

/**
 * The cross-network Gateway (Istio's expose-services.yaml): 15443, TLS, AUTO_PASSTHROUGH, hosts `*.local` only.
 *
 * @internal
 */
export function crossNetworkGateway(mesh: ResolvedMesh): K8sObject {
  return {
    apiVersion: mesh.release.networkingApiVersion,
    kind: "Gateway",
    metadata: meta("cross-network-gateway", mesh.gatewayNamespace),
    spec: {
      selector: { ...EASTWEST_SELECTOR },
      servers: [
        {
          port: { number: MESH_PORTS.crossNetwork, name: "tls", protocol: "TLS" },
          tls: { mode: "AUTO_PASSTHROUGH" },
          hosts: ["*.local"],
        },
      ],
    },
  };
}

/**
 * istiod's in-cluster host name (revisioned: `istiod-<rev>`).
 *
 * @internal
 */
export function istiodHost(mesh: ResolvedMesh): string {
  return `${mesh.revision ? `istiod-${mesh.revision}` : "istiod"}.${ISTIO_SYSTEM}.svc.cluster.local`;
}

/**
 * istiod exposure for remote clusters (Istio's expose-istiod.yaml): a Gateway passing 15012 and
 * 15017 through the east-west gateway, and a VirtualService routing them to istiod 15012 and 443.
 *
 * @internal
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
        servers: [server("tls-istiod", MESH_PORTS.istiod), server("tls-istiodwebhook", MESH_PORTS.webhook)],
      },
    },
    {
      apiVersion: mesh.release.networkingApiVersion,
      kind: "VirtualService",
      metadata: meta("istiod-vs", mesh.gatewayNamespace),
      spec: {
        hosts: ["*"],
        gateways: ["istiod-gateway"],
        tls: [route(MESH_PORTS.istiod, MESH_PORTS.istiod), route(MESH_PORTS.webhook, 443)],
      },
    },
  ];
}
