import { FindingLevel } from "../../../core";
import { Json } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-3: Pass-through gateway servers expose only `*.local` hosts.
 *
 * @internal
 */
export const CrossNetworkGatewayLocalHostsOnly: SecurityRule = defineRule({
  id: "HM-MESH-3",
  name: "CrossNetworkGatewayLocalHostsOnly",
  level: FindingLevel.ERROR,
  info: "Pass-through gateway servers expose only `*.local` hosts.",
  explanation: "AUTO_PASSTHROUGH on `*` forwards any SNI the client names, including hosts outside the mesh.",
  maps: ["IST-EW", "IST-SEC"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) =>
    outcome(
      meshConfig(config)
        .objects.filter((o) => o.kind === "Gateway")
        .flatMap((o) =>
          ((o.spec as Json)?.servers ?? [])
            .filter((s: Json) => s?.tls?.mode === "AUTO_PASSTHROUGH")
            .flatMap((s: Json) =>
              (s.hosts ?? []).filter((h: string) => !/(^|\.)local$/.test(h) && h !== "*.local"),
            )
            .map((h: string) => `${o.metadata.name}: host ${h}`),
        ),
    ),
});
