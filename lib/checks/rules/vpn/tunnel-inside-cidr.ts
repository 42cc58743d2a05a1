import { FindingLevel, formatIpv4 } from "../../../core";
import { checkTunnelInsideCidr, interfaceRange } from "../../../core/net/tunnel-cidrs";
import { isExpression } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/**
 * HM-VPN-6: Tunnel inside addresses are /30s of 169.254.0.0/16 outside the ranges AWS reserves.
 *
 * @internal
 */
export const TunnelInsideCidr: SecurityRule = defineRule({
  id: "HM-VPN-6",
  name: "TunnelInsideCidr",
  level: FindingLevel.ERROR,
  info: "Tunnel inside addresses are /30s of 169.254.0.0/16 outside the ranges AWS reserves.",
  explanation:
    "AWS rejects 169.254.0.0/30, 169.254.1.0/30, 169.254.2.0/30, 169.254.3.0/30, 169.254.4.0/30, 169.254.5.0/30 and 169.254.169.252/30; Cloud Router needs a link-local /30.",
  maps: [],
  resourceTypes: ["aws_vpn_connection", "google_compute_router_interface"],
  evaluate: ({ type, config }) => {
    const values: [string, unknown][] =
      type === "aws_vpn_connection"
        ? [
            ["tunnel1_inside_cidr", config.tunnel1_inside_cidr],
            ["tunnel2_inside_cidr", config.tunnel2_inside_cidr],
          ]
        : [["ip_range", config.ip_range]];
    const found: string[] = [];
    for (const [k, v] of values) {
      if (v === undefined) {
        if (type === "aws_vpn_connection") found.push(`${k} not set (AWS picks one that may collide)`);
        continue;
      }
      if (isExpression(v)) continue;
      const text = String(v);
      const network = type === "aws_vpn_connection" ? text : toNetwork(text);
      const problem = checkTunnelInsideCidr(network);
      if (problem) found.push(`${k} ${text}: ${problem.rule}`);
    }
    return outcome(found);
  },
});

/** "169.254.6.2/30" (an interface address) -> "169.254.6.0/30". */
function toNetwork(text: string): string {
  const r = interfaceRange(text);
  return r ? `${formatIpv4(r.network)}/${r.prefixLength}` : text;
}
