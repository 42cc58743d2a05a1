import { Cidr, ClusterPlatform } from "../core";
import { Blocked } from "./blocked";
import { clusterDomain } from "./clusters";
import { gcpFirewall, gcpFirewallNotCreated } from "./filters/gcp-firewall";
import { admitLoadBalancer } from "./filters/load-balancers";
import { AwsClusterInput, ClusterInput, GkeClusterInput, OnPremClusterInput } from "./input";
import { memo } from "./memo";
import { DomainModel, GcpNetworkModel, NetworkModel, notCreated, OnPremNetworkModel } from "./model";
import { ExplanationCode } from "./result";
import { Context } from "./routing/router";

/**
 * An address a service listens on, with the filters in front of it.
 *
 * @internal
 */
export interface Target {
  /** The address (or the range it is assigned from). */
  readonly address: Cidr;
  /** The address in words. */
  readonly label: string;
  /**
   * Its zone: a unit whose failure takes it down.
   *
   * @default - none
   */
  readonly zone?: string;
  /** Its network. */
  readonly domain: DomainModel;
  /** Route context of the answer. */
  readonly returnContext: Context;
  /** Filters at the destination, for a source range. */
  readonly admit: (src: Cidr) => Blocked | undefined;
  /**
   * Extra return-path check (e.g. the GKE control plane's peering).
   *
   * @default - none
   */
  readonly returnPrelude?: (src: Cidr) => Blocked | undefined;
}

/**
 * A service of a cluster (its east-west gateway or API server) on a port.
 *
 * @internal
 */
export interface Endpoint {
  /** The cluster. */
  readonly cluster: string;
  /** The service in words. */
  readonly service: string;
  /** TCP port. */
  readonly port: number;
  /** Alternatives (e.g. a load balancer's address per zone); reachable if any is. */
  readonly targets: Target[];
  /**
   * Zone the whole endpoint depends on (a zonal cluster).
   *
   * @default - none
   */
  readonly zone?: string;
  /**
   * Why it cannot be checked, if so.
   *
   * @default - it can
   */
  readonly unchecked?: string;
  /**
   * Why it cannot be checked, as a code.
   *
   * @default - it can
   */
  readonly uncheckedCode?: ExplanationCode;
}

/**
 * Which service of a cluster: its east-west gateway or its API server.
 *
 * @internal
 */
export type ServiceKind = "gateway" | "api";

/** The fields every endpoint of a cluster's service shares. */
type EndpointBase = Pick<Endpoint, "cluster" | "service" | "port">;

/**
 * The endpoints of each cluster: an on-premises site's addresses (behind its firewall), an AWS
 * cluster's load balancer addresses, a GKE cluster's private endpoint or gateway address.
 *
 * @internal
 */
export class Endpoints {
  private readonly cache = new Map<string, Endpoint>();

  constructor(private readonly net: NetworkModel) {}

  /** A cluster's gateway or API server on a port, `label` naming the service. */
  public of(c: ClusterInput, service: ServiceKind, port: number, label: string): Endpoint {
    return memo(this.cache, `${c.name}|${service}|${port}`, () => {
      const domain = clusterDomain(this.net, c);
      const base = { cluster: c.name, service: label, port };
      if (!domain)
        return {
          ...base,
          targets: [],
          unchecked: "the cluster's network is not in the synthesized Terraform",
          uncheckedCode: ExplanationCode.UNKNOWN_NETWORK,
        };
      if (c.platform === ClusterPlatform.ON_PREMISES)
        return this.onPrem(c, service, base, domain as OnPremNetworkModel);
      if (c.platform === ClusterPlatform.AWS) return this.aws(c, service, base, domain);
      return this.gke(c, service, base, domain as GcpNetworkModel);
    });
  }

  private onPrem(
    c: OnPremClusterInput,
    service: ServiceKind,
    base: EndpointBase,
    d: OnPremNetworkModel,
  ): Endpoint {
    const address = service === "api" ? c.apiAddress : c.gatewayAddress;
    // Traffic from the site's own LAN does not cross its VPN firewall.
    const admit = (src: Cidr): Blocked | undefined =>
      d.acceptsFrom.some((r) => r.contains(src)) || d.ranges.some((r) => r.contains(src))
        ? undefined
        : {
            hop: `${d.name}'s firewall`,
            reason: `it admits ${d.acceptsFrom.map(String).join(", ") || "nothing"} from the VPN, not ${src}`,
            fix: `add ${src} to the site's acceptsFrom (and to its firewall)`,
            code: ExplanationCode.FIREWALL,
          };
    if (address === undefined) {
      // Assigned by the platform from the site's load-balancer pool: an address of its ranges.
      return {
        ...base,
        targets: d.ranges.map((r) => ({
          address: r,
          label: `load balancer address in ${r}`,
          domain: d,
          returnContext: {},
          admit,
        })),
      };
    }
    if (!Cidr.isCidr(`${address}/32`))
      return {
        ...base,
        targets: [],
        unchecked: `the address ${address} is known only at deploy time`,
        uncheckedCode: ExplanationCode.ADDRESS_UNKNOWN,
      };
    return {
      ...base,
      targets: [
        { address: Cidr.parse(`${address}/32`), label: address, domain: d, returnContext: {}, admit },
      ],
    };
  }

  private aws(c: AwsClusterInput, service: ServiceKind, base: EndpointBase, domain: DomainModel): Endpoint {
    const label = base.service;
    const port = base.port;
    const lbKey = service === "api" ? c.apiLoadBalancer : c.gatewayLoadBalancer;
    const lb = lbKey ? this.net.loadBalancers.get(lbKey) : undefined;
    if (!lb)
      return {
        ...base,
        targets: [],
        unchecked: `no load balancer for the ${label} is in the synthesized Terraform`,
        uncheckedCode: ExplanationCode.NO_TARGET,
      };
    const wanted = service === "api" ? undefined : c.gatewayAddresses;
    const nodes = lb.nodes.filter((n) => !wanted || (n.address && wanted.includes(n.address)));
    if (wanted && nodes.length < wanted.length) {
      const missing = wanted.filter((a) => !lb.nodes.some((n) => n.address === a));
      return {
        ...base,
        targets: [],
        unchecked: `the mesh lists ${missing.join(", ")} for the gateway, which ${lb.name} does not have`,
        uncheckedCode: ExplanationCode.NO_TARGET,
      };
    }
    return {
      ...base,
      targets: nodes.map((n) => {
        const address = n.address ? Cidr.parse(`${n.address}/32`) : n.subnet?.cidr;
        return {
          address: address ?? Cidr.parse("0.0.0.0/32"),
          label: n.address ?? `${lb.name} in ${n.subnet?.cidr ?? "?"}`,
          zone: n.subnet?.zone,
          domain,
          returnContext: { subnets: n.subnet ? [n.subnet] : [] },
          admit: (src) => admitLoadBalancer(this.net, lb, src, port),
        };
      }),
    };
  }

  private gke(c: GkeClusterInput, service: ServiceKind, base: EndpointBase, net: GcpNetworkModel): Endpoint {
    const port = base.port;
    const g = this.net.gkeClusters.get(c.cluster)!;
    const region = g.subnet?.region;
    const zone = g.zonal ? g.location : undefined;
    if (service === "api") {
      if (!g.privateNodes || !g.controlPlaneCidr) {
        return {
          ...base,
          zone,
          targets: [],
          unchecked: `${g.name} is reached at its public endpoint, over the internet, not across the VPN`,
          uncheckedCode: ExplanationCode.PUBLIC_ENDPOINT,
        };
      }
      return {
        ...base,
        zone,
        targets: [
          {
            address: g.controlPlaneCidr,
            label: `private endpoint of ${g.name} (${g.controlPlaneCidr})`,
            domain: net,
            returnContext: { region },
            admit: (src) =>
              !g.authorizedNetworks || g.authorizedNetworks.some((r) => r.contains(src))
                ? undefined
                : {
                    hop: `master authorized networks of ${g.name}`,
                    reason: `they admit ${g.authorizedNetworks.map(String).join(", ")}, not ${src}`,
                    fix: `add ${src} to the cluster's authorized networks (GkeCluster allowApiFrom)`,
                    code: ExplanationCode.AUTHORIZED_NETWORKS,
                  },
            returnPrelude: () =>
              g.routesExported
                ? undefined
                : {
                    hop: `VPC peering of ${g.name}'s control plane`,
                    reason:
                      "the VPC does not export its custom routes to the control plane's network, so the answer has no route back across the VPN",
                    fix: "export custom routes on the GKE peering (GkeCluster exportRoutesToControlPlane)",
                    code: ExplanationCode.PEERING_ROUTES,
                  },
          },
        ],
      };
    }
    const address =
      c.gatewayAddress && Cidr.isCidr(`${c.gatewayAddress}/32`)
        ? Cidr.parse(`${c.gatewayAddress}/32`)
        : g.subnet?.cidr;
    if (!address)
      return {
        ...base,
        targets: [],
        unchecked: `${g.name}'s subnet is unknown`,
        uncheckedCode: ExplanationCode.UNKNOWN_NETWORK,
      };
    return {
      ...base,
      zone,
      targets: [
        {
          address,
          label: c.gatewayAddress ?? `internal load balancer in ${address}`,
          domain: net,
          returnContext: { region },
          admit: (src) => {
            for (const tags of g.nodePoolTags) {
              const v = gcpFirewall(net, "INGRESS", tags, src, port);
              if (!v.allowed) {
                const missing = gcpFirewallNotCreated(net, "INGRESS", tags, src, port);
                if (missing)
                  return notCreated(
                    missing.element,
                    `firewall rule ${missing.name}`,
                    `it would admit tcp ${port} from ${src} to the nodes of ${g.name}`,
                  );
                return {
                  hop: v.rule
                    ? `firewall rule ${v.rule.name} (priority ${v.rule.priority})`
                    : `${net.name}'s implied deny-ingress rule`,
                  reason: v.rule
                    ? `it denies tcp ${port} from ${src} to the nodes of ${g.name} (tags ${tags.join(", ")})`
                    : `no firewall rule admits tcp ${port} from ${src} to the nodes of ${g.name} (tags ${tags.join(", ") || "none"})`,
                  fix: `admit ${src} on tcp ${port} to the nodes (GcpNetwork allowMeshPorts)`,
                  code: ExplanationCode.FIREWALL,
                };
              }
            }
            return undefined;
          },
        },
      ],
    };
  }
}
