// What the VPN rules share: the algorithms no new link should use, and the IKE settings of a
// tunnel (an AWS connection's two tunnels from Terraform; a GCP tunnel's from its VPN construct).
import { IConstruct } from "constructs";
import { Json, many, num } from "../../../core/terraform/values";
import { RuleInput } from "../../rule";

/**
 * DH groups no new link should use (RFC 8247: MODP 768-1536 and the MODP groups with subgroups).
 *
 * @internal
 */
export const WEAK_DH_GROUPS: readonly number[] = Object.freeze([1, 2, 5, 22, 23, 24]);
/**
 * Integrity algorithms no new link should use.
 *
 * @internal
 */
export const WEAK_INTEGRITY: readonly string[] = Object.freeze(["MD5", "SHA1", "SHA-1"]);
/**
 * Encryption algorithms no new link should use.
 *
 * @internal
 */
export const WEAK_ENCRYPTION: readonly string[] = Object.freeze(["DES", "3DES", "DES3"]);

/**
 * The IKE settings of a tunnel: its version and, per phase, the algorithms it allows.
 *
 * @internal
 */
export interface IkeView {
  /** IKE version (1 when IKEv1 is allowed). */
  readonly version: number;
  /** The algorithms of each phase. */
  readonly phases: {
    readonly phase: number;
    readonly encryption: string[];
    readonly integrity: string[];
    readonly dh: number[];
  }[];
}

/**
 * The IKE settings of each AWS tunnel of a connection.
 *
 * @internal
 */
export function awsTunnels(config: Record<string, Json>): { tunnel: string; ike: IkeView }[] {
  return [1, 2].map((t) => {
    const p = `tunnel${t}_`;
    const versions = many(config[`${p}ike_versions`]).map(String);
    const phases = [1, 2].map((phase) => ({
      phase,
      encryption: many(config[`${p}phase${phase}_encryption_algorithms`]).map(String),
      integrity: many(config[`${p}phase${phase}_integrity_algorithms`]).map(String),
      dh: many(config[`${p}phase${phase}_dh_group_numbers`]).map(Number),
    }));
    // Unset, AWS accepts both versions.
    const version = versions.length === 0 || versions.includes("ikev1") ? 1 : 2;
    return { tunnel: `tunnel${t}`, ike: { version, phases } };
  });
}

/**
 * The IKE settings of a GCP tunnel: the version from Terraform, the proposal from its VPN construct.
 *
 * @internal
 */
export function gcpTunnel(input: RuleInput): IkeView | undefined {
  let c: IConstruct | undefined = input.construct;
  while (c && !(c as { ike?: unknown }).ike) c = c.node.scope;
  const ike = (c as { ike?: { version: number; phase1: Json; phase2: Json } } | undefined)?.ike;
  const version = num(input.config.ike_version) ?? 2;
  if (!ike) return { version, phases: [] };
  return {
    version,
    phases: [ike.phase1, ike.phase2].map((p, i) => ({
      phase: i + 1,
      encryption: [String(p.encryption)],
      integrity: [String(p.integrity)],
      dh: [Number(p.dhGroup)],
    })),
  };
}
