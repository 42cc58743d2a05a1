// The rule pack's rules, by family (rules/<family>/<rule>.ts, one rule per file).
import { SecurityRule } from "../rule";
import { AWS_RULES } from "./aws";
import { GCP_RULES } from "./gcp";
import { MESH_RULES } from "./mesh";
import { VPN_RULES } from "./vpn";

export * from "./aws";
export * from "./gcp";
export * from "./vpn";
export * from "./mesh";

/** Every rule of the pack, in id order within each family. */
export const ALL_RULES: readonly SecurityRule[] = Object.freeze([
  ...AWS_RULES,
  ...GCP_RULES,
  ...VPN_RULES,
  ...MESH_RULES,
]);
