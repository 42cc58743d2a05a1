import { FindingLevel } from "../../../core";
import { num } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { awsTunnels } from "./common";

/**
 * HM-VPN-1: Tunnels use IKEv2 only.
 *
 * @internal
 */
export const Ikev2Only: SecurityRule = defineRule({
  id: "HM-VPN-1",
  name: "Ikev2Only",
  level: FindingLevel.ERROR,
  info: "Tunnels use IKEv2 only.",
  explanation:
    "RFC 9395 deprecates IKEv1: aggressive mode leaks the identity and lets a pre-shared key be cracked offline. AWS tunnels must list only ikev2; Cloud VPN tunnels use ike_version 2.",
  maps: [],
  resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
  evaluate: (input) => {
    if (input.type === "google_compute_vpn_tunnel")
      return (num(input.config.ike_version) ?? 2) === 2
        ? Compliance.COMPLIANT
        : [`ike_version ${input.config.ike_version}`];
    return outcome(
      awsTunnels(input.config)
        .filter((t) => t.ike.version !== 2)
        .map((t) => `${t.tunnel}: IKEv1 allowed`),
    );
  },
});
