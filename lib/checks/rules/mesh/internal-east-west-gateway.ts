import { FindingLevel, GatewayExposure, INTERNAL_LB_ANNOTATIONS } from "../../../core";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { MESH_RULE_TYPE, meshConfig } from "./common";

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./];

/**
 * HM-MESH-5: East-west gateways are internal: a NodePort behind an internal load balancer, an
 * internal load balancer, or a private VIP.
 *
 * @internal
 */
export const InternalEastWestGateway: SecurityRule = defineRule({
  id: "HM-MESH-5",
  name: "InternalEastWestGateway",
  level: FindingLevel.ERROR,
  info: "East-west gateways are internal: a NodePort behind an internal load balancer, an internal load balancer, or a private VIP.",
  explanation:
    "Istio's sample gateway is a public load balancer. Across a VPN it must be reachable from the peer sites only.",
  maps: ["IST-MPMN", "GKE-ILB", "AWS-LBC"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) => {
    const g = meshConfig(config).cluster.gateway;
    if (g.exposure === GatewayExposure.NODE_PORT || g.exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER)
      return Compliance.COMPLIANT;
    const internal = Object.entries(g.annotations).some(
      ([k, v]) =>
        INTERNAL_LB_ANNOTATIONS[k] !== undefined && INTERNAL_LB_ANNOTATIONS[k] === String(v).toLowerCase(),
    );
    if (internal) return Compliance.COMPLIANT;
    if (g.addresses.length && g.addresses.every((a) => PRIVATE.some((p) => p.test(a))))
      return Compliance.COMPLIANT;
    return [`${g.exposure} without an internal annotation or a private address`];
  },
});
