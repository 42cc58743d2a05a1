import { FindingLevel } from "../../../core";
import { defineRule, SecurityRule } from "../../rule";
import { outcome } from "../outcome";
import { awsTunnels, gcpTunnel, IkeView, WEAK_ENCRYPTION, WEAK_INTEGRITY } from "./common";

/** The weak encryption and integrity algorithms a tunnel allows, per phase. */
function weak(ike: IkeView, label: string): string[] {
  const out: string[] = [];
  for (const p of ike.phases) {
    p.encryption
      .filter((a) => WEAK_ENCRYPTION.includes(a.toUpperCase()))
      .forEach((a) => out.push(`${label}phase ${p.phase} ${a}`));
    p.integrity
      .filter((a) => WEAK_INTEGRITY.includes(a.toUpperCase()))
      .forEach((a) => out.push(`${label}phase ${p.phase} ${a}`));
  }
  return out;
}

/**
 * HM-VPN-2: No tunnel allows SHA1, MD5, DES or 3DES.
 *
 * @internal
 */
export const NoWeakCiphers: SecurityRule = defineRule({
  id: "HM-VPN-2",
  name: "NoWeakCiphers",
  level: FindingLevel.ERROR,
  info: "No tunnel allows SHA1, MD5, DES or 3DES.",
  explanation: "RFC 8247 deprecates these for IKEv2. Use AES-GCM or AES with SHA2.",
  maps: [],
  resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
  evaluate: (input) => {
    if (input.type === "google_compute_vpn_tunnel") return outcome(weak(gcpTunnel(input)!, ""));
    return outcome(awsTunnels(input.config).flatMap((t) => weak(t.ike, `${t.tunnel} `)));
  },
});
