import { ClusterRole, FindingLevel, ISTIO_SYSTEM, MtlsMode } from "../../../core";
import { Json } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-1: A mesh-wide PeerAuthentication in the root namespace sets mTLS to STRICT.
 *
 * @internal
 */
export const StrictMtls: SecurityRule = defineRule({
  id: "HM-MESH-1",
  name: "StrictMtls",
  level: FindingLevel.ERROR,
  info: "A mesh-wide PeerAuthentication in the root namespace sets mTLS to STRICT.",
  explanation:
    "Sidecars default to PERMISSIVE and accept plain text; across networks that is traffic in clear over the VPN. Emit one mesh-wide STRICT policy.",
  maps: ["IST-SEC", "IST-PA"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) => {
    // Remote clusters take their configuration from their primary's API server.
    if (meshConfig(config).cluster.role === ClusterRole.REMOTE) return Compliance.NOT_APPLICABLE;
    const pa = meshConfig(config).objects.filter(
      (o) =>
        o.kind === "PeerAuthentication" &&
        o.metadata.namespace === ISTIO_SYSTEM &&
        !(o.spec as Json)?.selector,
    );
    if (pa.length === 0) return ["no mesh-wide PeerAuthentication"];
    return outcome(
      pa
        .filter((o) => (o.spec as Json)?.mtls?.mode !== MtlsMode.STRICT)
        .map((o) => `${o.metadata.name}: ${(o.spec as Json)?.mtls?.mode ?? "unset"}`),
    );
  },
});
