import { IConstruct } from "constructs";
import { checkTunnelInsideCidr } from "../core/net/tunnel-cidrs";
import { isExpression, Json, many, num } from "../core/terraform/values";
import { Compliance, defineRule, RuleInput, SecurityRule } from "./rule";
import { FindingLevel } from "../core";

/** DH groups no new link should use (RFC 8247: MODP 768-1536 and the MODP groups with subgroups). */
export const WEAK_DH_GROUPS: readonly number[] = Object.freeze([1, 2, 5, 22, 23, 24]);
/** Integrity algorithms no new link should use. */
export const WEAK_INTEGRITY: readonly string[] = Object.freeze(["MD5", "SHA1", "SHA-1"]);
/** Encryption algorithms no new link should use. */
export const WEAK_ENCRYPTION: readonly string[] = Object.freeze(["DES", "3DES", "DES3"]);

interface IkeView {
  readonly version: number;
  readonly phases: {
    readonly phase: number;
    readonly encryption: string[];
    readonly integrity: string[];
    readonly dh: number[];
  }[];
}

/** The IKE settings of each AWS tunnel of a connection. */
function awsTunnels(config: Record<string, Json>): { tunnel: string; ike: IkeView }[] {
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

/** The IKE settings of a GCP tunnel: the version from Terraform, the proposal from its VPN construct. */
function gcpTunnel(input: RuleInput): IkeView | undefined {
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

function weakDh(ike: IkeView, label: string): string[] {
  return ike.phases.flatMap((p) =>
    p.dh.filter((g) => WEAK_DH_GROUPS.includes(g)).map((g) => `${label}phase ${p.phase} DH group ${g}`),
  );
}

const result = (found: string[]) => (found.length ? found : Compliance.COMPLIANT);

/** VPN rules no scanner has (constraints-and-rules.md §B, last row). */
export const VPN_RULES: readonly SecurityRule[] = [
  defineRule({
    id: "HM-VPN-1",
    name: "Ikev2Only",
    level: FindingLevel.ERROR,
    info: "Tunnels use IKEv2 only.",
    explanation:
      "RFC 9395 deprecates IKEv1: aggressive mode leaks the identity and lets a pre-shared key be cracked offline. AWS tunnels must list only ikev2; Cloud VPN tunnels use ike_version 2.",
    maps: [],
    resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
    evaluate: (input) => {
      if (input.type === "google_compute_vpn_tunnel")
        return (num(input.config.ike_version) ?? 2) === 2
          ? Compliance.COMPLIANT
          : [`ike_version ${input.config.ike_version}`];
      return result(
        awsTunnels(input.config)
          .filter((t) => t.ike.version !== 2)
          .map((t) => `${t.tunnel}: IKEv1 allowed`),
      );
    },
  }),
  defineRule({
    id: "HM-VPN-2",
    name: "NoWeakCiphers",
    level: FindingLevel.ERROR,
    info: "No tunnel allows SHA1, MD5, DES or 3DES.",
    explanation: "RFC 8247 deprecates these for IKEv2. Use AES-GCM or AES with SHA2.",
    maps: [],
    resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
    evaluate: (input) => {
      if (input.type === "google_compute_vpn_tunnel") return result(weak(gcpTunnel(input)!, ""));
      return result(awsTunnels(input.config).flatMap((t) => weak(t.ike, `${t.tunnel} `)));
    },
  }),
  defineRule({
    id: "HM-VPN-3",
    name: "NoWeakDhGroups",
    level: FindingLevel.ERROR,
    info: "No tunnel allows DH groups 1, 2, 5, 22, 23 or 24.",
    explanation:
      "MODP groups under 2048 bits are breakable; 22-24 have small subgroups (RFC 8247). Use 14, 19, 20 or 21.",
    maps: [],
    resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
    evaluate: (input) => {
      if (input.type === "google_compute_vpn_tunnel") return result(weakDh(gcpTunnel(input)!, ""));
      return result(awsTunnels(input.config).flatMap((t) => weakDh(t.ike, `${t.tunnel} `)));
    },
  }),
  defineRule({
    id: "HM-VPN-4",
    name: "PresharedKeysNotLiteral",
    level: FindingLevel.ERROR,
    info: "Pre-shared keys are generated or read from a secret store, never written in the configuration.",
    explanation:
      "A literal key lands in git and in every copy of the synthesized JSON. Use Secret.generate() or a secret store reference.",
    maps: [],
    resourceTypes: ["aws_vpn_connection", "google_compute_vpn_tunnel"],
    evaluate: ({ type, config }) => {
      const keys: [string, unknown][] =
        type === "google_compute_vpn_tunnel"
          ? [["shared_secret", config.shared_secret]]
          : [
              ["tunnel1_preshared_key", config.tunnel1_preshared_key],
              ["tunnel2_preshared_key", config.tunnel2_preshared_key],
            ];
      return result(
        keys.filter(([, v]) => v !== undefined && !isExpression(v)).map(([k]) => `${k} is a literal`),
      );
    },
  }),
  defineRule({
    id: "HM-VPN-5",
    name: "SingleProposal",
    level: FindingLevel.ERROR,
    info: "Each AWS tunnel pins one proposal (encryption, integrity and DH group for both phases).",
    explanation:
      "Unset lists let AWS accept every algorithm it knows, weak ones included; the two ends then negotiate whatever the peer offers first.",
    maps: [],
    resourceTypes: ["aws_vpn_connection"],
    evaluate: ({ config }) =>
      result(
        awsTunnels(config).flatMap((t) =>
          t.ike.phases.flatMap((p) =>
            (["encryption", "integrity", "dh"] as const)
              .filter((k) => p[k].length !== 1)
              .map((k) => `${t.tunnel} phase ${p.phase} ${k}: ${p[k].length ? p[k].join(", ") : "any"}`),
          ),
        ),
      ),
  }),
  defineRule({
    id: "HM-VPN-6",
    name: "TunnelInsideCidr",
    level: FindingLevel.ERROR,
    info: "Tunnel inside addresses are /30s of 169.254.0.0/16 outside the ranges AWS reserves.",
    explanation:
      "AWS rejects 169.254.0.0/30, 169.254.1.0/30, 169.254.2.0/30, 169.254.3.0/30, 169.254.4.0/30, 169.254.5.0/30 and 169.254.169.252/30; Cloud Router needs a link-local /30.",
    maps: [],
    resourceTypes: ["aws_vpn_connection", "google_compute_router_interface"],
    evaluate: ({ type, config }) => {
      const values: [string, unknown][] =
        type === "aws_vpn_connection"
          ? [
              ["tunnel1_inside_cidr", config.tunnel1_inside_cidr],
              ["tunnel2_inside_cidr", config.tunnel2_inside_cidr],
            ]
          : [["ip_range", config.ip_range]];
      const found: string[] = [];
      for (const [k, v] of values) {
        if (v === undefined) {
          if (type === "aws_vpn_connection") found.push(`${k} not set (AWS picks one that may collide)`);
          continue;
        }
        if (isExpression(v)) continue;
        const text = String(v);
        const network = type === "aws_vpn_connection" ? text : toNetwork(text);
        const problem = checkTunnelInsideCidr(network);
        if (problem) found.push(`${k} ${text}: ${problem.rule}`);
      }
      return result(found);
    },
  }),
  defineRule({
    id: "HM-VPN-7",
    name: "HaVpn",
    level: FindingLevel.WARNING,
    info: "Links use HA VPN, not Classic VPN.",
    explanation:
      "Classic VPN has one gateway and static routes: 99.9 % at most, and no failover. HA VPN with BGP on both interfaces reaches 99.99 %.",
    maps: [],
    resourceTypes: ["google_compute_vpn_tunnel"],
    evaluate: ({ config }) => (config.target_vpn_gateway ? ["Classic VPN tunnel"] : Compliance.COMPLIANT),
  }),
];

/** "169.254.6.2/30" (an interface address) -> "169.254.6.0/30". */
function toNetwork(text: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!m) return text;
  const value = ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
  const size = 2 ** (32 - +m[5]);
  const net = value - (value % size);
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join(".")}/${m[5]}`;
}
