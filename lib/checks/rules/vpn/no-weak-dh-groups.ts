import { FindingLevel } from "../../../core";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { awsTunnels, gcpTunnel, IkeView, WEAK_DH_GROUPS } from "./common";

/** The weak DH groups a tunnel allows, per phase. */
function weakDh(ike: IkeView, label: string): string[] {
  return ike.phases.flatMap((p) =>
    p.dh.filter((g) => WEAK_DH_GROUPS.includes(g)).map((g) => `${label}phase ${p.phase} DH group ${g}`),
  );
}

/**
 * HM-VPN-3: No tunnel allows DH groups 1, 2, 5, 22, 23 or 24.
 *
 * @internal
 */
export const NoWeakDhGroups: SecurityRule = defineRule({
  id: "HM-VPN-3",
  name: "NoWeakDhGroups",
  level: FindingLevel.ERROR,
  info: "No tunnel allows DH groups 1, 2, 5, 22, 23 or 24.",
  explanation:
    "MODP groups under 2048 bits are breakable; 22-24 have small subgroups (RFC 8247). Use 14, 19, 20 or 21.",
  maps: [],
  resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
  evaluate: (input) => {
    if (input.type === "google_compute_vpn_tunnel") return outcome(weakDh(gcpTunnel(input)!, ""));
    return outcome(awsTunnels(input.config).flatMap((t) => weakDh(t.ike, `${t.tunnel} `)));
  },
});
