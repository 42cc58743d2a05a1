import type { Construct } from "constructs";
import type { MeshRoles } from "./mesh";
import type { AddressPlan } from "./plan/addresses";
import type { OnPremDevice } from "./plan/devices";
import type { TopologyRanges } from "./plan/ranges";
import type { AwsSite, GcpSite, HybridTopologyProps, Link } from "./props";
import type { OnPremSiteSpec } from "./spec/spec";
import type { TopologyStacks } from "./stacks";

/**
 * The platform of a site.
 *
 * @internal
 */
export type SiteKind = "aws" | "gcp" | "on-premises";

/**
 * What the steps building a topology share (its state, without making it public): the site
 * builders, the link builder, the mesh, the analysis input and the diagram input read it; the
 * builders fill its site and link maps, which are the topology's public ones.
 *
 * @internal
 */
export interface TopologyContext {
  /** The topology: parent of its stacks and of the mesh, and the scope its errors name. */
  readonly scope: Construct;
  /** Topology name (prefix of every stack). */
  readonly topologyName: string;
  /** The props, as given. */
  readonly props: HybridTopologyProps;
  /** The address plan. */
  readonly plan: AddressPlan;
  /** The platform of every site, by name, in site order. */
  readonly kinds: ReadonlyMap<string, SiteKind>;
  /** The ranges of every site and their labels. */
  readonly ranges: TopologyRanges;
  /** The stacks. */
  readonly stacks: TopologyStacks;
  /** The mesh model and the role of each cluster. */
  readonly roles: MeshRoles;
  /** AWS sites by name, as built. */
  readonly awsSites: Record<string, AwsSite>;
  /** GCP sites by name, as built. */
  readonly gcpSites: Record<string, GcpSite>;
  /** On-premises sites by name. */
  readonly onPremSites: Record<string, OnPremSiteSpec>;
  /** Links by `<a>-<b>`, as built. */
  readonly links: Record<string, Link>;
  /** The VPN device of every on-premises site: what its peer sheets print and the analysis assumes. */
  readonly devices: ReadonlyMap<string, OnPremDevice>;
}
