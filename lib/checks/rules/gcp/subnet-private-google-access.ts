import { FindingLevel } from "../../../core";
import { bool } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-14: Subnets reach Google APIs privately.
 *
 * @internal
 */
export const SubnetPrivateGoogleAccess: SecurityRule = defineRule({
  id: "HM-GCP-14",
  name: "SubnetPrivateGoogleAccess",
  level: FindingLevel.WARNING,
  info: "Subnets reach Google APIs privately.",
  explanation: "Private nodes without it reach Google APIs (image pulls, logging) only through Cloud NAT.",
  maps: ["CKV_GCP_74", "AVD-GCP-0076"],
  resourceTypes: ["google_compute_subnetwork"],
  evaluate: ({ config }) =>
    bool(config.private_ip_google_access, false) ? Compliance.COMPLIANT : ["private Google access off"],
});
