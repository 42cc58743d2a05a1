import { FindingLevel } from "../../../core";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-VPN-7: Links use HA VPN, not Classic VPN.
 *
 * @internal
 */
export const HaVpn: SecurityRule = defineRule({
  id: "HM-VPN-7",
  name: "HaVpn",
  level: FindingLevel.WARNING,
  info: "Links use HA VPN, not Classic VPN.",
  explanation:
    "Classic VPN has one gateway and static routes: 99.9 % at most, and no failover. HA VPN with BGP on both interfaces reaches 99.99 %.",
  maps: [],
  resourceTypes: ["google_compute_vpn_tunnel"],
  evaluate: ({ config }) => (config.target_vpn_gateway ? ["Classic VPN tunnel"] : Compliance.COMPLIANT),
});
