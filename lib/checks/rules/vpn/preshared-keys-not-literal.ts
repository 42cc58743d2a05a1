import { FindingLevel } from "../../../core";
import { isExpression } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";

/**
 * HM-VPN-4: Pre-shared keys are generated or read from a secret store, never written in the
 * configuration.
 *
 * @internal
 */
export const PresharedKeysNotLiteral: SecurityRule = defineRule({
  id: "HM-VPN-4",
  name: "PresharedKeysNotLiteral",
  level: FindingLevel.ERROR,
  info: "Pre-shared keys are generated or read from a secret store, never written in the configuration.",
  explanation:
    "A literal key lands in git and in every copy of the synthesized JSON. Use Secret.generate() or a secret store reference.",
  maps: [],
  resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
  evaluate: ({ type, config }) => {
    const keys: [string, unknown][] =
      type === "google_compute_vpn_tunnel"
        ? [["shared_secret", config.shared_secret]]
        : [
            ["tunnel1_preshared_key", config.tunnel1_preshared_key],
            ["tunnel2_preshared_key", config.tunnel2_preshared_key],
          ];
    return outcome(
      keys.filter(([, v]) => v !== undefined && !isExpression(v)).map(([k]) => `${k} is a literal`),
    );
  },
});
