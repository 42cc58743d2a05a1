import { ClusterRole, FindingLevel, MESH_PORTS, MeshModel } from "../../../core";
import { Json } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-4: istiod (15012/15017) is exposed through the gateway only on a primary that serves
 * remotes.
 *
 * @internal
 */
export const IstiodExposedOnlyForRemotes: SecurityRule = defineRule({
  id: "HM-MESH-4",
  name: "IstiodExposedOnlyForRemotes",
  level: FindingLevel.ERROR,
  info: "istiod (15012/15017) is exposed through the gateway only on a primary that serves remotes.",
  explanation:
    "Multi-primary clusters do not need istiod reachable from other networks; exposing it widens the attack surface.",
  maps: ["IST-EW", "IST-MPMN"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) => {
    const { mesh, cluster, objects } = meshConfig(config);
    const exposed = objects.some(
      (o) =>
        o.kind === "Gateway" &&
        ((o.spec as Json)?.servers ?? []).some((s: Json) =>
          [MESH_PORTS.istiod, MESH_PORTS.webhook].includes(s?.port?.number),
        ),
    );
    const needed = mesh.model === MeshModel.PRIMARY_REMOTE && cluster.role === ClusterRole.PRIMARY;
    return exposed && !needed ? ["istiod exposed without remote clusters"] : Compliance.COMPLIANT;
  },
});
