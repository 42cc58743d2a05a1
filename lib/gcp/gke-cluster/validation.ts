// The checks of a GkeCluster that need more than a shape: its subnet, versions and the ranges of
// its control plane.
import { Construct } from "constructs";
import {
  check,
  checkCidr,
  checkNotOpenRange,
  checkRoutableRange,
  Cidr,
  fail,
  findOverlaps,
  Problem,
} from "../../core";
import { GcpSubnet, NamedRange } from "../subnet";
import { GkeClusterProps } from "./props";

/**
 * Checks a pinned GKE version such as "1.27.3-gke.100".
 *
 * @internal
 */
export function checkGkeVersion(version: string): Problem | undefined {
  if (/^1\.\d+\.\d+-gke\.\d+$/.test(version) || /^1\.\d+(\.\d+)?$/.test(version)) return undefined;
  return {
    rule: 'a GKE version is "1.<minor>" or a full version such as "1.27.3-gke.100"',
    fix: 'use e.g. "1.31" or leave it unset to follow the release channel',
  };
}

/**
 * Checks a GKE private control-plane range: exactly a /28 (terraform-provider-google: IsCIDRNetwork(28, 28)).
 *
 * @internal
 */
export function checkControlPlaneCidr(cidr: string): Problem | undefined {
  const syntax = checkCidr(cidr) ?? checkRoutableRange(cidr, "a GKE control-plane range");
  if (syntax) return syntax;
  if (Cidr.parse(cidr).prefixLength !== 28) {
    return {
      rule: "a GKE control-plane range must be exactly a /28",
      fix: `use e.g. "${Cidr.parse(cidr).networkAddress}/28"`,
    };
  }
  return undefined;
}

/**
 * A subnet a VPC-native cluster can run on: one with named secondary ranges for pods and services.
 *
 * @internal
 */
export interface ClusterSubnet extends GcpSubnet {
  /** Secondary range for pods. */
  readonly pods: NamedRange;
  /** Secondary range for services. */
  readonly services: NamedRange;
}

/**
 * The subnet of a cluster: the one given or the network's first, which must have pod and service
 * ranges.
 *
 * @internal
 */
export function clusterSubnet(scope: Construct, props: GkeClusterProps): ClusterSubnet {
  const subnet = props.subnet ?? props.network.subnets[0];
  if (!subnet) {
    fail(scope, "subnet", undefined, {
      rule: "a GKE cluster needs a subnet and the network has none",
      fix: "add a subnet with pod and service ranges to the network",
    });
  }
  if (!subnet.pods || !subnet.services) {
    fail(scope, "subnet", subnet.name, {
      rule: "a VPC-native GKE cluster needs the subnet's named secondary ranges for pods and services",
      fix: "give the subnet `pods` and `services` ranges",
    });
  }
  return subnet as ClusterSubnet;
}

/**
 * The control-plane range of a private cluster (given or the default, a /28 clear of the
 * subnet's ranges); none for a public cluster, which must not be given one.
 *
 * @internal
 */
export function controlPlaneRange(
  scope: Construct,
  props: GkeClusterProps,
  subnet: ClusterSubnet,
  privateNodes: boolean,
): string | undefined {
  if (!privateNodes) {
    if (props.controlPlaneCidr !== undefined) {
      fail(scope, "controlPlaneCidr", props.controlPlaneCidr, {
        rule: "a control-plane range applies to private clusters only",
        fix: "remove it, or set privateNodes to true",
      });
    }
    return undefined;
  }
  const cidr = check(
    scope,
    "controlPlaneCidr",
    props.controlPlaneCidr ?? "172.16.0.0/28",
    checkControlPlaneCidr,
  );
  const ranges = [
    { name: "controlPlaneCidr", cidr },
    { name: "the subnet", cidr: subnet.cidr },
    { name: "the pod range", cidr: subnet.pods.cidr },
    { name: "the service range", cidr: subnet.services.cidr },
  ];
  const clash = findOverlaps(ranges).find(
    (o) => o.a.name === "controlPlaneCidr" || o.b.name === "controlPlaneCidr",
  );
  if (clash) {
    const other = clash.a.name === "controlPlaneCidr" ? clash.b : clash.a;
    fail(scope, "controlPlaneCidr", cidr, {
      rule: `the control-plane range must not overlap anything in the VPC, and it overlaps ${other.name} (${other.cidr.toString()})`,
      fix: "pick a free /28, e.g. in 172.16.0.0/16",
    });
  }
  return cidr;
}

/**
 * A check of a range allowed to reach the control plane: a CIDR, and never the whole internet
 * (`open` is the problem reported for a /0).
 *
 * @internal
 */
export const checkApiRange = checkNotOpenRange;
