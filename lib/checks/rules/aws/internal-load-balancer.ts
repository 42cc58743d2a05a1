import { FindingLevel } from "../../../core";
import { bool } from "../../../core/terraform/values";
import { Compliance, defineRule, SecurityRule } from "../../rule";

/**
 * HM-AWS-9: Load balancers are internal.
 *
 * @internal
 */
export const InternalLoadBalancer: SecurityRule = defineRule({
  id: "HM-AWS-9",
  name: "InternalLoadBalancer",
  level: FindingLevel.ERROR,
  info: "Load balancers are internal.",
  explanation:
    "API servers and east-west gateways are reached across the VPN; an internet-facing load balancer exposes them.",
  maps: ["AVD-AWS-0053"],
  resourceTypes: ["aws_lb"],
  evaluate: ({ config }) => (bool(config.internal, false) ? Compliance.COMPLIANT : ["internet-facing"]),
});
