import { FindingLevel } from "../../../core";
import { one } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-GCP-5: The cluster follows a release channel.
 *
 * @internal
 */
export const GkeReleaseChannel: SecurityRule = defineRule({
  id: "HM-GCP-5",
  name: "GkeReleaseChannel",
  level: FindingLevel.WARNING,
  info: "The cluster follows a release channel.",
  explanation: "A pinned version outside channels stops receiving patches when it reaches end of life.",
  maps: ["CKV_GCP_70"],
  resourceTypes: ["google_container_cluster"],
  evaluate: ({ config }) => {
    const channel = one(config.release_channel)?.channel;
    return channel && channel !== "UNSPECIFIED"
      ? Compliance.COMPLIANT
      : ["no release channel (a pinned version)"];
  },
});
