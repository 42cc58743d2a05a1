import { FindingLevel } from "../../../core";
import { bool, one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-9: The cluster issues no client certificate.
 *
 * @internal
 */
export const GkeNoClientCertificate: SecurityRule = defineRule({
  id: "HM-GCP-9",
  name: "GkeNoClientCertificate",
  level: FindingLevel.ERROR,
  info: "The cluster issues no client certificate.",
  explanation: "A client certificate is a long-lived cluster-admin credential that cannot be revoked.",
  maps: ["CKV_GCP_13", "AVD-GCP-0064"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) =>
    bool(one(one(config.master_auth)?.client_certificate_config)?.issue_client_certificate, false)
      ? ["client certificate issued"]
      : Compliance.COMPLIANT,
});
