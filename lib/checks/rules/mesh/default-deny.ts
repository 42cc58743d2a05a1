import { ClusterRole, FindingLevel, ISTIO_SYSTEM } from "../../../core";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-2: A mesh-wide allow-nothing AuthorizationPolicy denies what no policy allows.
 *
 * @internal
 */
export const DefaultDeny: SecurityRule = defineRule({
  id: "HM-MESH-2",
  name: "DefaultDeny",
  level: FindingLevel.WARNING,
  info: "A mesh-wide allow-nothing AuthorizationPolicy denies what no policy allows.",
  explanation:
    "mTLS authenticates; it does not authorize. With allow-nothing every service needs an ALLOW policy naming its clients.",
  maps: ["IST-SEC"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) =>
    meshConfig(config).cluster.role === ClusterRole.REMOTE
      ? Compliance.NOT_APPLICABLE
      : meshConfig(config).objects.some(
            (o) =>
              o.kind === "AuthorizationPolicy" &&
              o.metadata.namespace === ISTIO_SYSTEM &&
              Object.keys((o.spec as object | undefined) ?? {}).length === 0,
          )
        ? Compliance.COMPLIANT
        : ["no allow-nothing policy"],
});
