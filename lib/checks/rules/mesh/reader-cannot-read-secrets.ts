import { FindingLevel } from "../../../core";
import { Json } from "../../../core/terraform/values";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-6: The identity remote istiods read a cluster with cannot read Secrets.
 *
 * @internal
 */
export const ReaderCannotReadSecrets: SecurityRule = defineRule({
  id: "HM-MESH-6",
  name: "ReaderCannotReadSecrets",
  level: FindingLevel.ERROR,
  info: "The identity remote istiods read a cluster with cannot read Secrets.",
  explanation:
    "Its token sits in every other cluster (remote secret); with Secrets access, one stolen token reads them all.",
  maps: ["IST-RS"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) =>
    outcome(
      meshConfig(config)
        .objects.filter((o) => o.kind === "ClusterRole" || o.kind === "Role")
        .filter((o) => /reader/.test(o.metadata.name))
        .filter((o) =>
          ((o as Json).rules ?? []).some(
            (r: Json) =>
              (r.apiGroups ?? [""]).some((g: string) => g === "" || g === "*") &&
              (r.resources ?? []).some((x: string) => x === "secrets" || x === "*"),
          ),
        )
        .map((o) => `${o.kind} ${o.metadata.name} grants secrets`),
    ),
});
