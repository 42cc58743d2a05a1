import { Fn, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { terraformOutputName, writeNextToStack } from "../core";
import { DH_GROUP_NAMES, ResolvedIke } from "./ike";
import { PeerFirewallRule, PeerRange } from "./peer-device";

/** A labelled range in the sheet's Terraform output. */
function rangeJson(r: PeerRange): { cidr: string; label: string; transit: boolean } {
  return { cidr: r.cidr, label: r.label, transit: r.transit ?? false };
}

/**
 * One tunnel as the peer's administrator must configure it.
 *
 * @internal
 */
export interface PeerSheetTunnel {
  /** Tunnel number, from 1. */
  readonly number: number;
  /** Public address of the GCP end (known after deploy: a token). */
  readonly gcpAddress: string;
  /** Public address of the peer's end. */
  readonly peerAddress: string;
  /** GCP-side inside address with prefix (BGP links). */
  readonly gcpInsideAddress?: string;
  /** Peer-side inside address with prefix (BGP links). */
  readonly peerInsideAddress?: string;
  /** Name of the sensitive Terraform output holding the tunnel's pre-shared key. */
  readonly keyOutput: string;
}

/**
 * The BGP timers of a link's sessions.
 *
 * @internal
 */
export interface PeerSheetBgpTimers {
  /** The Cloud Router's keepalive interval, seconds. */
  readonly keepaliveSeconds: number;
  /** The hold time the Cloud Router offers (three times the keepalive), seconds. */
  readonly holdSeconds: number;
}

/**
 * Everything the peer's administrator needs.
 *
 * @internal
 */
export interface PeerSheetContent {
  /** Link name. */
  readonly link: string;
  /** Peer name. */
  readonly peer: string;
  /** "HA VPN (BGP)" or "Classic VPN, route-based (static routes)". */
  readonly kind: string;
  /** Availability the link can reach. */
  readonly sla: string;
  /** IKE settings. */
  readonly ike: ResolvedIke;
  /** Cloud Router ASN (BGP links). */
  readonly gcpAsn?: number;
  /** Peer ASN (BGP links). */
  readonly peerAsn?: number;
  /** BGP timers (BGP links). */
  readonly bgpTimers?: PeerSheetBgpTimers;
  /** What the peer routes into the tunnels (static) or accepts from the Cloud Router (BGP), labelled. */
  readonly routes: PeerRange[];
  /** The peer's ranges: what it advertises (BGP) or what GCP routes to it (static). */
  readonly advertises: PeerRange[];
  /** What the peer's firewall admits from the VPN on any port, when known. */
  readonly acceptsFrom?: PeerRange[];
  /** The firewall rules the mesh needs at the peer, when known. */
  readonly firewall?: PeerFirewallRule[];
  /** Tunnels. */
  readonly tunnels: PeerSheetTunnel[];
}

function shown(value: string | undefined): string {
  if (value === undefined) return "-";
  return Token.isUnresolved(value) ? "(known after deploy: see the Terraform output)" : value;
}

/** Where the sheet's documented values come from. */
const SOURCES = {
  bgp: "Compute Engine API, [routers](https://cloud.google.com/compute/docs/reference/rest/v1/routers) `bgp.keepaliveInterval`: 20 s by default (20 to 60); the hold time is three times the keepalive, and a session uses the lower hold time of its two ends",
  mtu: "Google Cloud VPN, [MTU considerations](https://cloud.google.com/network-connectivity/docs/vpn/concepts/mtu-considerations): a peer gateway MTU of 1460 bytes at most, prefragmentation, MSS clamping, and a 1390-byte system MTU where clamping is not enough",
};

/** A range with its label: `10.4.0.0/14 (gcp: gke-cluster pods)`. */
function labelled(r: PeerRange): string {
  return `${r.cidr} (${r.label})`;
}

function rangeTable(ranges: readonly PeerRange[], side: boolean): string[] {
  if (ranges.length === 0) return ["None."];
  return side
    ? [
        "| range | where | side |",
        "| --- | --- | --- |",
        ...ranges.map((r) => `| ${r.cidr} | ${r.label} | ${r.transit ? "transit, through GCP" : "GCP"} |`),
      ]
    : ["| range | where |", "| --- | --- |", ...ranges.map((r) => `| ${r.cidr} | ${r.label} |`)];
}

function routingSection(sheet: PeerSheetContent): string[] {
  const bgp = sheet.gcpAsn !== undefined;
  return [
    "## Routing",
    "",
    bgp
      ? `BGP on every tunnel: Cloud Router ASN ${sheet.gcpAsn}, peer ASN ${sheet.peerAsn}. The Cloud Router advertises the ranges below on every session: accept them (transit ranges carry the ASNs they crossed). Advertise the site's ranges.`
      : "Static routes, route-based (traffic selectors 0.0.0.0/0 on both sides): route the ranges below into the tunnel.",
    "",
    bgp
      ? "### Ranges the Cloud Router advertises (route them into the tunnels)"
      : "### Ranges to route into the tunnel",
    "",
    ...rangeTable(sheet.routes, true),
    "",
    bgp
      ? "### The site's ranges (advertise them)"
      : "### The site's ranges (GCP routes them into the tunnel)",
    "",
    ...rangeTable(sheet.advertises, false),
    "",
  ];
}

function bgpSection(sheet: PeerSheetContent): string[] {
  const t = sheet.bgpTimers;
  if (sheet.gcpAsn === undefined || !t) return [];
  return [
    "## BGP sessions",
    "",
    "| setting | value |",
    "| --- | --- |",
    `| Cloud Router ASN | ${sheet.gcpAsn} |`,
    `| peer ASN | ${sheet.peerAsn} |`,
    `| keepalive interval | ${t.keepaliveSeconds} s (the Cloud Router's; use the same on the device) |`,
    `| hold time | ${t.holdSeconds} s (three times the keepalive; the lower of the two ends' hold times applies) |`,
    "| route priority | the Cloud Router advertises every range with priority (MED) 100 on every tunnel: keep the device's preferences equal too, so that traffic uses every tunnel and fails over between them |",
    "",
    `Source: ${SOURCES.bgp}.`,
    "",
  ];
}

function firewallSection(sheet: PeerSheetContent): string[] {
  const lines = ["## Firewall", ""];
  if (sheet.firewall === undefined) {
    lines.push(
      "Not known to this link: admit from the ranges above, over TCP, what the site's cluster serves to the mesh: 15443 to its east-west gateway (cross-network mTLS), 15012 (istiod) and 15017 (webhooks) to it when it is the primary of remote clusters, and its API server's port from the clusters that read it. A HybridTopology fills this table.",
    );
  } else if (sheet.firewall.length === 0) {
    lines.push("The mesh needs no port of the site from the VPN.");
  } else {
    lines.push(
      "What the site's firewall must admit from the VPN for the mesh (TCP; the analysis checks these paths):",
      "",
      "| port | destination | service | sources |",
      "| --- | --- | --- | --- |",
      ...sheet.firewall.map(
        (f) => `| ${f.port} | ${f.destination} | ${f.service} | ${f.sources.map(labelled).join(", ")} |`,
      ),
    );
  }
  if (sheet.acceptsFrom !== undefined) {
    lines.push(
      "",
      `The analysis assumes the firewall admits, from the VPN on any port: ${sheet.acceptsFrom.map(labelled).join(", ") || "nothing"}.`,
    );
  }
  lines.push("");
  return lines;
}

function dataPlaneSection(): string[] {
  return [
    "## Tunnel health and packet size",
    "",
    "- Dead-peer detection: on, on every tunnel (IKEv1: RFC 3706 DPD; IKEv2: liveness checks), with the action restart (renegotiate), so that a tunnel whose peer went away comes back by itself.",
    "- MTU: 1460 bytes at most on the tunnel interfaces (Cloud VPN's; it does not fragment after encapsulation).",
    "- Prefragmentation: on (fragment before encrypting), and clear the DF bit of packets sent into the tunnels.",
    "- TCP MSS clamping: on, on the tunnel interfaces, e.g. 1350 bytes (the 1390-byte host MTU Google suggests when clamping alone is not enough, less 40 bytes of IPv4 and TCP headers).",
    "",
    `Sources: ${SOURCES.mtu}.`,
    "",
  ];
}

/**
 * The peer sheet as Markdown, with literal values where known at synth.
 *
 * @internal
 */
export function renderPeerSheet(sheet: PeerSheetContent, outputName: string): string {
  const p = (n: 1 | 2) => sheet.ike[`phase${n}`];
  const lines = [
    `# Peer sheet: ${sheet.link} (${sheet.peer})`,
    "",
    `Generated by hybrid-mesh. ${sheet.kind}; SLA tier ${sheet.sla}. Values known only after deploy are in`,
    `\`terraform output -json ${outputName}\`; each key is in its own sensitive output (\`terraform output -raw <name>\`).`,
    "",
    "## IKE",
    "",
    "| setting | phase 1 | phase 2 |",
    "| --- | --- | --- |",
    `| IKE version | IKEv${sheet.ike.version} | |`,
    `| encryption | ${p(1).encryption} | ${p(2).encryption} |`,
    `| integrity | ${p(1).integrity} | ${p(2).integrity} |`,
    `| DH group (phase 2: PFS) | ${p(1).dhGroup} (${DH_GROUP_NAMES[p(1).dhGroup]}) | ${p(2).dhGroup} (${DH_GROUP_NAMES[p(2).dhGroup]}) |`,
    `| lifetime | ${p(1).lifetimeSeconds} s | ${p(2).lifetimeSeconds} s |`,
    "",
    "Propose exactly one algorithm per role, the same on every tunnel.",
    ...(sheet.ike.weaknesses.length > 0
      ? ["", `Weak settings kept for this peer: ${sheet.ike.weaknesses.join(", ")}.`]
      : []),
    "",
    ...routingSection(sheet),
    ...bgpSection(sheet),
    ...firewallSection(sheet),
    ...dataPlaneSection(),
    "## Tunnels",
    "",
    "| tunnel | GCP public address | peer public address | GCP inside address | peer inside address | key output |",
    "| --- | --- | --- | --- | --- | --- |",
    ...sheet.tunnels.map(
      (t) =>
        `| ${t.number} | ${shown(t.gcpAddress)} | ${shown(t.peerAddress)} | ${t.gcpInsideAddress ?? "-"} | ${t.peerInsideAddress ?? "-"} | \`${t.keyOutput}\` |`,
    ),
    "",
  ];
  return lines.join("\n");
}

/**
 * Publishes a peer sheet: a Terraform output with every value (JSON; deploy-time values
 * resolved by Terraform), a sensitive output per tunnel key, and a Markdown file next to the
 * synthesized stack (`peer-sheets/<link>.md`).
 *
 * @param keys the value of each tunnel's key, in tunnel order (tokens)
 *
 * @internal
 */
export function publishPeerSheet(scope: Construct, sheet: PeerSheetContent, keys: string[]): void {
  const outputName = terraformOutputName(scope, "peer_sheet");
  sheet.tunnels.forEach((t, i) => {
    new TerraformOutput(scope, t.keyOutput, {
      staticId: true,
      value: keys[i],
      sensitive: true,
      description: `Pre-shared key of tunnel ${t.number} of ${sheet.link}`,
    });
  });
  new TerraformOutput(scope, outputName, {
    staticId: true,
    description: `What the administrator of ${sheet.peer} configures on their VPN device`,
    value: Fn.jsonencode({
      link: sheet.link,
      peer: sheet.peer,
      kind: sheet.kind,
      sla: sheet.sla,
      ike: {
        version: sheet.ike.version,
        ...Object.fromEntries(
          ([1, 2] as const).map((n) => {
            const ph = sheet.ike[`phase${n}`];
            return [
              `phase${n}`,
              {
                encryption: ph.encryption,
                integrity: ph.integrity,
                dh_group: ph.dhGroup,
                lifetime_seconds: ph.lifetimeSeconds,
              },
            ];
          }),
        ),
      },
      gcp_asn: sheet.gcpAsn ?? null,
      peer_asn: sheet.peerAsn ?? null,
      bgp_timers: sheet.bgpTimers
        ? { keepalive_seconds: sheet.bgpTimers.keepaliveSeconds, hold_seconds: sheet.bgpTimers.holdSeconds }
        : null,
      routes: sheet.routes.map(rangeJson),
      peer_ranges: sheet.advertises.map(rangeJson),
      accepts_from: sheet.acceptsFrom?.map(rangeJson) ?? null,
      firewall:
        sheet.firewall?.map((f) => ({
          protocol: "tcp",
          port: f.port,
          destination: f.destination,
          service: f.service,
          sources: f.sources.map(rangeJson),
        })) ?? null,
      tunnels: sheet.tunnels.map((t) => ({
        tunnel: t.number,
        gcp_address: t.gcpAddress,
        peer_address: t.peerAddress,
        gcp_inside_address: t.gcpInsideAddress ?? null,
        peer_inside_address: t.peerInsideAddress ?? null,
        key_output: t.keyOutput,
      })),
    }),
  });
  writeNextToStack(scope, `peer-sheets/${sheet.link}.md`, () => renderPeerSheet(sheet, outputName));
}
