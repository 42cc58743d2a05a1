import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { check, countBetween, fail, oneOf, Shape, Kind, str, int, obj } from "../core";

/**
 * Encryption algorithms both AWS site-to-site VPN and Cloud VPN accept (AWS names).
 *
 * @internal
 */
export const IKE_ENCRYPTION: readonly string[] = Object.freeze([
  "AES128",
  "AES256",
  "AES128-GCM-16",
  "AES256-GCM-16",
]);
/**
 * Integrity algorithms both accept (AWS names).
 *
 * @internal
 */
export const IKE_INTEGRITY: readonly string[] = Object.freeze(["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"]);
/**
 * Diffie-Hellman groups both accept for IKEv2: AWS phase 1 takes 2 and 14-24, phase 2 also 5;
 * Cloud VPN offers 2, 5, 14-24 and is dropping 22 (constraints A14, A15, A19).
 *
 * @internal
 */
export const IKE_DH_GROUPS: readonly number[] = Object.freeze([2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24]);

/**
 * DH group number to its IANA/Google name (constraint A17).
 *
 * @internal
 */
export const DH_GROUP_NAMES: Readonly<Record<number, string>> = Object.freeze({
  2: "MODP_1024",
  5: "MODP_1536",
  14: "MODP_2048",
  15: "MODP_3072",
  16: "MODP_4096",
  17: "MODP_6144",
  18: "MODP_8192",
  19: "ECP_256",
  20: "ECP_384",
  21: "ECP_521",
  22: "MODP_1024_160",
  23: "MODP_2048_224",
  24: "MODP_2048_256",
});

/** Settings of one IKE phase. */
export interface IkePhaseOptions {
  /**
   * Encryption: "AES128", "AES256", "AES128-GCM-16" or "AES256-GCM-16".
   *
   * @default "AES256"
   */
  readonly encryption?: string;
  /**
   * Integrity: "SHA1", "SHA2-256", "SHA2-384" or "SHA2-512".
   *
   * @default "SHA2-256"
   */
  readonly integrity?: string;
  /**
   * Diffie-Hellman group number (phase 2: perfect forward secrecy).
   *
   * @default 20 (ECP_384)
   */
  readonly dhGroup?: number;
  /**
   * SA lifetime, seconds: phase 1 900-28800, phase 2 900-3600 (AWS limits).
   *
   * @default - 28800 for phase 1, 3600 for phase 2
   */
  readonly lifetimeSeconds?: number;
}

/** IKE settings of a link: one proposal per phase, identical on every tunnel. */
export interface IkeOptions {
  /**
   * IKE version. IKEv1 is deprecated (RFC 9395): only for peers that need it, with a warning.
   *
   * @default 2
   */
  readonly version?: number;
  /**
   * Phase 1 (IKE SA).
   *
   * @default - AES256, SHA2-256, DH 20, 28800 s
   */
  readonly phase1?: IkePhaseOptions;
  /**
   * Phase 2 (IPsec SA).
   *
   * @default - AES256, SHA2-256, DH 20, 3600 s
   */
  readonly phase2?: IkePhaseOptions;
}

const IKE_PHASE: Shape<IkePhaseOptions> = {
  encryption: str("encryption algorithm", '"AES256"'),
  integrity: str("integrity algorithm", '"SHA2-256"'),
  dhGroup: int("DH group number", "20"),
  lifetimeSeconds: int("number of seconds", "28800"),
};

/**
 * The shape of {@link IkeOptions}, for the props of every VPN construct.
 *
 * @internal
 */
export const IKE_OPTIONS_SHAPE: Kind<IkeOptions> = obj<IkeOptions>(
  {
    version: int("IKE version", "2"),
    phase1: obj(IKE_PHASE, "IKE phase 1 options", '{ encryption: "AES256" }'),
    phase2: obj(IKE_PHASE, "IKE phase 2 options", '{ encryption: "AES256" }'),
  },
  "IKE settings",
  "{ version: 2 }",
);

/**
 * One resolved IKE phase.
 */
export interface IkePhase {
  /** Encryption. */
  readonly encryption: string;
  /** Integrity. */
  readonly integrity: string;
  /** DH group number. */
  readonly dhGroup: number;
  /** SA lifetime, seconds. */
  readonly lifetimeSeconds: number;
}

/**
 * Resolved IKE settings.
 */
export interface ResolvedIke {
  /** 1 or 2. */
  readonly version: number;
  /** Phase 1. */
  readonly phase1: IkePhase;
  /** Phase 2. */
  readonly phase2: IkePhase;
  /** The weak choices made (IKEv1, SHA1, DH 2 or 5), for warnings and the peer sheet. */
  readonly weaknesses: string[];
}

/** How strict the checks are. */
export enum IkeStrictness {
  /** Both ends are ours (GCP-AWS): IKEv2 and strong algorithms only (constraint A22; RFC 8247). */
  STRICT = "strict",
  /** A peer we do not control: weak choices are allowed with a warning, because the peer may need them. */
  PEER = "peer",
}

/**
 * Validates and completes IKE settings. Weak choices fail in STRICT mode and warn in PEER mode;
 * DH group 22 always fails (Cloud VPN is dropping it).
 *
 * @internal
 */
export function resolveIke(
  scope: Construct,
  property: string,
  options: IkeOptions = {},
  strictness: IkeStrictness,
): ResolvedIke {
  const version = check(scope, `${property}.version`, options.version ?? 2, oneOf([1, 2], "the IKE version"));
  const phase = (n: 1 | 2, given: IkePhaseOptions = {}): IkePhase => {
    const p = `${property}.phase${n}`;
    const encryption = check(
      scope,
      `${p}.encryption`,
      given.encryption ?? "AES256",
      oneOf(IKE_ENCRYPTION, "the encryption algorithm", "AWS and Cloud VPN both accept these"),
    );
    const integrity = check(
      scope,
      `${p}.integrity`,
      given.integrity ?? "SHA2-256",
      oneOf(IKE_INTEGRITY, "the integrity algorithm"),
    );
    const dhGroup = check(scope, `${p}.dhGroup`, given.dhGroup ?? 20, (g) => {
      if (g === 22) {
        return { rule: "Cloud VPN is dropping DH group 22 (MODP_1024_160)", fix: "use 14, 19 or 20" };
      }
      if (!IKE_DH_GROUPS.includes(g) || (n === 1 && g === 5)) {
        return {
          rule: `DH group ${g} is not accepted by both clouds for phase ${n} (AWS phase 1: 2, 14-24; phase 2: 2, 5, 14-24)`,
          fix: "use 14, 19 or 20",
        };
      }
      return undefined;
    });
    const [min, max, def] = n === 1 ? [900, 28800, 28800] : [900, 3600, 3600];
    const lifetimeSeconds = check(
      scope,
      `${p}.lifetimeSeconds`,
      given.lifetimeSeconds ?? def,
      countBetween(min, max, `a phase ${n} lifetime in seconds`),
    );
    return { encryption, integrity, dhGroup, lifetimeSeconds };
  };
  const phase1 = phase(1, options.phase1);
  const phase2 = phase(2, options.phase2);
  const weaknesses: string[] = [];
  if (version === 1) weaknesses.push("IKEv1 (deprecated by RFC 9395)");
  for (const [n, ph] of [
    [1, phase1],
    [2, phase2],
  ] as const) {
    if (ph.integrity === "SHA1") weaknesses.push(`SHA1 integrity in phase ${n}`);
    if (ph.dhGroup === 2 || ph.dhGroup === 5)
      weaknesses.push(`DH group ${ph.dhGroup} (${DH_GROUP_NAMES[ph.dhGroup]}) in phase ${n}`);
  }
  if (weaknesses.length > 0) {
    if (strictness === IkeStrictness.STRICT) {
      fail(scope, property, options, {
        rule: `both ends of this link are managed here, so no weak IKE setting is needed: ${weaknesses.join(", ")}`,
        fix: "use the defaults (IKEv2, AES256, SHA2-256, DH 20)",
      });
    }
    Annotations.of(scope).addWarning(
      `hybrid-mesh: weak IKE settings for a peer that needs them: ${weaknesses.join(", ")}. Move the peer to IKEv2 with SHA2 and DH 14, 19 or 20 when it can.`,
    );
  }
  return { version, phase1, phase2, weaknesses };
}

/**
 * The aws_vpn_connection arguments of one tunnel (1 or 2) for these settings: a single proposal per phase.
 *
 * @internal
 */
export function awsTunnelIkeArguments(n: 1 | 2, ike: ResolvedIke): Record<string, unknown> {
  const t = `tunnel${n}`;
  return {
    [`${t}IkeVersions`]: [`ikev${ike.version}`],
    [`${t}Phase1EncryptionAlgorithms`]: [ike.phase1.encryption],
    [`${t}Phase1IntegrityAlgorithms`]: [ike.phase1.integrity],
    [`${t}Phase1DhGroupNumbers`]: [ike.phase1.dhGroup],
    [`${t}Phase1LifetimeSeconds`]: ike.phase1.lifetimeSeconds,
    [`${t}Phase2EncryptionAlgorithms`]: [ike.phase2.encryption],
    [`${t}Phase2IntegrityAlgorithms`]: [ike.phase2.integrity],
    [`${t}Phase2DhGroupNumbers`]: [ike.phase2.dhGroup],
    [`${t}Phase2LifetimeSeconds`]: ike.phase2.lifetimeSeconds,
    // Either side may start the tunnel; a dead peer is retried rather than forgotten.
    [`${t}StartupAction`]: "start",
    [`${t}DpdTimeoutAction`]: "restart",
  };
}
