import { FindingLevel } from "../../../core";
import { many, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-2: The GKE control plane admits only authorized networks, never 0.0.0.0/0.
 *
 * @internal
 */
export const GkeAuthorizedNetworks: SecurityRule = defineRule({
  id: "HM-GCP-2",
  name: "GkeAuthorizedNetworks",
  level: FindingLevel.ERROR,
  info: "The GKE control plane admits only authorized networks, never 0.0.0.0/0.",
  explanation:
    "Without master authorized networks the API endpoint answers the internet. List the peer sites' ranges and operators (GkeCluster.allowApiFrom).",
  maps: ["CKV_GCP_20", "CKV_GCP_18", "AVD-GCP-0053", "AVD-GCP-0061"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) => {
    const man = one(config.master_authorized_networks_config);
    if (!man) return ["no master authorized networks"];
    const open = many(man.cidr_blocks).filter((b) => b.cidr_block === "0.0.0.0/0");
    return open.length ? ["0.0.0.0/0 is authorized"] : Compliance.COMPLIANT;
  },
});
