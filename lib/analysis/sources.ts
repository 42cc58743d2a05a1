import { Cidr, ClusterPlatform } from "../core";
import { Blocked } from "./blocked";
import { clusterDomain } from "./clusters";
import { gcpFirewall, gcpFirewallNotCreated } from "./filters/gcp-firewall";
import { naclRoundTrip } from "./filters/network-acls";
import { sgAdmits, sgBlocked, sgNames } from "./filters/security-groups";
import { AwsClusterInput, ClusterInput, GkeClusterInput, OnPremClusterInput } from "./input";
import { memo } from "./memo";
import {
  AutoScalingGroupModel,
  AwsSubnetModel,
  DomainModel,
  GcpNetworkModel,
  NetworkModel,
  notCreated,
  OnPremNetworkModel,
} from "./model";
import { ExplanationCode } from "./result";
import { RouteTables } from "./routing/route-tables";
import { Context } from "./routing/router";

/**
 * Where a cluster's traffic comes from: a range (or several that behave alike), its network and
 * route context, and what it passes on the way out.
 *
 * @internal
 */
export interface Source {
  /** The cluster (or "Terraform", for the deployer). */
  readonly cluster: string;
  /** The ranges in words, e.g. "10.1.16.0/20 (gke-cluster pods)". */
  readonly label: string;
  /** The ranges: several when they behave alike (the node subnets of a VPC's zones). */
  readonly cidrs: Cidr[];
  /** Its network. */
  readonly domain: DomainModel;
  /** Its route context. */
  readonly context: Context;
  /** Egress filter at the source. */
  readonly egress: (dst: Cidr, port: number) => Blocked | undefined;
  /**
   * Extra hops before the source's own network (e.g. GKE control plane -> VPC peering).
   *
   * @default - none
   */
  readonly prelude?: () => Blocked | undefined;
}

/**
 * Which of a cluster's sources: its workloads (nodes, pods) or its control plane.
 *
 * @internal
 */
export type SourceKind = "workloads" | "control-plane";

/**
 * The sources of each cluster: an on-premises site's ranges, an AWS cluster's node (or
 * control-plane) subnets, a GKE cluster's node and pod ranges (or its control plane's).
 *
 * @internal
 */
export class Sources {
  private readonly cache = new Map<string, Source[] | Blocked>();

  constructor(
    private readonly net: NetworkModel,
    private readonly routeTables: RouteTables,
  ) {}

  /** The sources of a cluster's workloads or control plane; blocked when its network is unknown. */
  public of(c: ClusterInput, kind: SourceKind): Source[] | Blocked {
    return memo(this.cache, `${c.name}|${kind}`, () => {
      const domain = clusterDomain(this.net, c);
      if (!domain)
        return {
          hop: c.name,
          reason: "the cluster's network is not in the synthesized Terraform",
          fix: "check the topology",
          code: ExplanationCode.UNKNOWN_NETWORK,
        };
      if (c.platform === ClusterPlatform.ON_PREMISES) return this.onPrem(c, domain as OnPremNetworkModel);
      if (c.platform === ClusterPlatform.AWS) return this.aws(c, kind, domain);
      return this.gke(c, kind, domain as GcpNetworkModel);
    });
  }

  private onPrem(c: OnPremClusterInput, domain: OnPremNetworkModel): Source[] {
    return domain.ranges.map((r) => ({
      cluster: c.name,
      label: `${r} (${c.name})`,
      cidrs: [r],
      domain,
      context: {},
      egress: () => undefined,
    }));
  }

  private aws(c: AwsClusterInput, kind: SourceKind, domain: DomainModel): Source[] {
    const groups = (kind === "workloads" ? c.nodeGroups : c.controlPlaneGroups)
      .map((k) => this.net.autoScalingGroups.get(k))
      .filter((g): g is AutoScalingGroupModel => !!g);
    // Subnets whose instances share security groups and whose route tables are identical (the
    // zones of a VPC) behave alike: one source with several ranges.
    const bySignature = new Map<string, { group: AutoScalingGroupModel; subnets: AwsSubnetModel[] }>();
    for (const g of groups) {
      for (const s of g.subnets) {
        if (!s.cidr) continue;
        const table = this.routeTables.canonical(s.routeTable);
        const key = `${[...g.securityGroups].sort().join(",")}|${table?.element.key ?? ""}|${s.networkAcl?.element.key ?? ""}`;
        const entry = bySignature.get(key) ?? { group: g, subnets: [] };
        if (!entry.subnets.some((x) => x.cidr!.equals(s.cidr!))) entry.subnets.push(s);
        bySignature.set(key, entry);
      }
    }
    const out: Source[] = [];
    for (const { group: g, subnets } of bySignature.values()) {
      const zones = [...new Set(subnets.map((s) => s.zone ?? "?"))].join(", ");
      out.push({
        cluster: c.name,
        label: `${subnets.map((s) => s.cidr).join(", ")} (${c.name} ${kind === "workloads" ? "nodes" : "control plane"}, ${zones})`,
        cidrs: subnets.map((s) => s.cidr!),
        domain,
        context: { subnets },
        egress: (dst, port) =>
          sgAdmits(this.net, g.securityGroups, "egress", port, { cidr: dst })
            ? // The zones of a source share one ACL (or none): the first subnet speaks for all.
              naclRoundTrip("calls", subnets[0], dst, port, `requests from ${g.name}`)
            : sgBlocked(
                this.net,
                g.securityGroups,
                "egress",
                port,
                { cidr: dst },
                {
                  hop: `security groups ${sgNames(this.net, g.securityGroups)} of ${g.name}`,
                  reason: `no egress rule allows tcp ${port} to ${dst}`,
                  fix: "allow the egress (hybrid-mesh's ClusterSecurityGroup allows all outbound)",
                  code: ExplanationCode.SECURITY_GROUP,
                },
              ),
      });
    }
    return out;
  }

  private gke(c: GkeClusterInput, kind: SourceKind, net: GcpNetworkModel): Source[] {
    const g = this.net.gkeClusters.get(c.cluster)!;
    const region = g.subnet?.region;
    if (kind === "control-plane") {
      if (!g.controlPlaneCidr) return [];
      return [
        {
          cluster: c.name,
          label: `${g.controlPlaneCidr} (${c.name} control plane)`,
          cidrs: [g.controlPlaneCidr],
          domain: net,
          context: { region },
          egress: () => undefined,
          prelude: () =>
            g.routesExported
              ? undefined
              : {
                  hop: `VPC peering of ${g.name}'s control plane`,
                  reason:
                    "the VPC does not export its custom routes to the control plane's network, so the control plane has no route to other sites",
                  fix: "export custom routes on the GKE peering (GkeCluster exportRoutesToControlPlane)",
                  code: ExplanationCode.PEERING_ROUTES,
                },
        },
      ];
    }
    const tags = [...new Set(g.nodePoolTags.flat())];
    const egress = (dst: Cidr, port: number): Blocked | undefined => {
      const v = gcpFirewall(net, "EGRESS", tags, dst, port);
      if (v.allowed) return undefined;
      const missing = gcpFirewallNotCreated(net, "EGRESS", tags, dst, port);
      return missing
        ? notCreated(
            missing.element,
            `firewall rule ${missing.name}`,
            `it would let tcp ${port} out to ${dst} from the nodes of ${g.name}`,
          )
        : {
            hop: `firewall rule ${v.rule?.name}`,
            reason: `it denies egress tcp ${port} to ${dst} from the nodes of ${g.name}`,
            fix: "allow the egress, or narrow the deny rule",
            code: ExplanationCode.FIREWALL,
          };
    };
    const out: Source[] = [];
    if (g.subnet?.cidr)
      out.push({
        cluster: c.name,
        label: `${g.subnet.cidr} (${c.name} nodes)`,
        cidrs: [g.subnet.cidr],
        domain: net,
        context: { region },
        egress,
      });
    if (g.podRange)
      out.push({
        cluster: c.name,
        label: `${g.podRange} (${c.name} pods)`,
        cidrs: [g.podRange],
        domain: net,
        context: { region },
        egress,
      });
    return out;
  }
}
