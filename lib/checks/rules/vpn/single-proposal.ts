import { FindingLevel } from "../../../core";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { awsTunnels } from "./common";

/**
 * HM-VPN-5: Each AWS tunnel pins one proposal (encryption, integrity and DH group for both phases).
 *
 * @internal
 */
export const SingleProposal: SecurityRule = defineRule({
  id: "HM-VPN-5",
  name: "SingleProposal",
  level: FindingLevel.ERROR,
  info: "Each AWS tunnel pins one proposal (encryption, integrity and DH group for both phases).",
  explanation:
    "Unset lists let AWS accept every algorithm it knows, weak ones included; the two ends then negotiate whatever the peer offers first.",
  maps: [],
  resourceTypes: ["aws_vpn_connection"],
  evaluate: ({ config }) =>
    outcome(
      awsTunnels(config).flatMap((t) =>
        t.ike.phases.flatMap((p) =>
          (["encryption", "integrity", "dh"] as const)
            .filter((k) => p[k].length !== 1)
            .map((k) => `${t.tunnel} phase ${p.phase} ${k}: ${p[k].length ? p[k].join(", ") : "any"}`),
        ),
      ),
    ),
});
