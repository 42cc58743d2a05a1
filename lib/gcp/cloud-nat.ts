// Cloud NAT of a GcpNetwork: how private nodes (without external IPs) reach the internet.
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import type { GcpNetwork } from "./network";

/**
 * Creates a Cloud Router ("NatRouter") and Cloud NAT ("Nat") in the network's main region,
 * translating every range of every subnet and logging errors.
 *
 * @internal
 */
export function newCloudNat(network: GcpNetwork): { natRouter: ComputeRouter; nat: ComputeRouterNat } {
  const name = `${network.networkName.slice(0, 55).replace(/-+$/, "")}-nat`;
  const natRouter = new ComputeRouter(network, "NatRouter", {
    name,
    project: network.project,
    region: network.region,
    network: network.networkId,
    description: "hybrid-mesh: Cloud NAT for private nodes",
  });
  const nat = new ComputeRouterNat(network, "Nat", {
    name,
    project: network.project,
    region: network.region,
    router: natRouter.name,
    natIpAllocateOption: "AUTO_ONLY",
    sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    logConfig: { enable: true, filter: "ERRORS_ONLY" },
  });
  return { natRouter, nat };
}
