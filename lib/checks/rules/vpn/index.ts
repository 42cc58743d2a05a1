// The VPN rules, one file each, in id order.
import { SecurityRule } from "../../rule";
import { Ikev2Only } from "./ikev2-only";
import { NoWeakCiphers } from "./no-weak-ciphers";
import { NoWeakDhGroups } from "./no-weak-dh-groups";
import { PresharedKeysNotLiteral } from "./preshared-keys-not-literal";
import { SingleProposal } from "./single-proposal";
import { TunnelInsideCidr } from "./tunnel-inside-cidr";
import { HaVpn } from "./ha-vpn";

/** @internal */
export { WEAK_DH_GROUPS, WEAK_ENCRYPTION, WEAK_INTEGRITY } from "./common";

/** VPN rules no scanner has (constraints-and-rules.md §B, last row). */
export const VPN_RULES: readonly SecurityRule[] = [
  Ikev2Only,
  NoWeakCiphers,
  NoWeakDhGroups,
  PresharedKeysNotLiteral,
  SingleProposal,
  TunnelInsideCidr,
  HaVpn,
];
