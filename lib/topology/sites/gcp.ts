import { Construct } from "constructs";
import { check, Cidr, ControlPlaneMode, fail, Tags } from "../../core";
import { Fleet, GcpNetwork, GkeCluster, MeshGatewayAddress, MeshManagement } from "../../gcp";
import type { TopologyContext } from "../context";
import type { SiteClients } from "../plan/clients";
import { aggregate } from "../plan/ranges";
import { GatewayAddressing, GcpSiteSpec } from "../spec/spec";
import { googleProvider } from "../stacks";

/**
 * Builds a GCP site (`site-<name>` in its stack): the VPC network with its subnet and secondary
 * ranges, the GKE cluster admitting the site's API clients, its registration in the fleet of its
 * project, the east-west gateway's reserved address, and the firewall admitting the site's
 * gateway clients. Adds it to the topology's GCP sites.
 *
 * @param index the site's index in `props.gcp` (for error messages)
 * @param fleets the fleet of every project, created with its first site
 * @internal
 */
export function buildGcpSite(
  ctx: TopologyContext,
  index: number,
  s: GcpSiteSpec,
  asn: number,
  clients: SiteClients,
  fleets: Map<string, Fleet>,
): void {
  const stack = ctx.stacks.forSite(s.name);
  googleProvider(stack, s.project, s.region);
  const scope = new Construct(stack, `site-${s.name}`);
  Tags.of(scope).add("site", s.name);
  const plan = ctx.plan.gcp[s.name];
  const network = new GcpNetwork(scope, "Network", {
    project: s.project,
    region: s.region,
    name: s.networkName ?? `${s.name}-vpc`,
    subnets: [
      {
        cidr: plan.subnet,
        pods: { cidr: plan.pods, maxNodes: plan.maxNodes },
        services: { cidr: plan.services },
      },
    ],
  });
  const c = s.cluster;
  const cluster = new GkeCluster(scope, "Cluster", {
    network,
    name: c.name,
    location: c.zone,
    releaseChannel: c.releaseChannel,
    kubernetesVersion: c.version,
    controlPlaneCidr: plan.controlPlane,
    projectNumber: s.projectNumber,
    authorizedNetworks: aggregate(clients.api),
    nodePools: [
      {
        name: "general",
        machineType: c.machineType,
        minNodesPerZone: 1,
        maxNodesPerZone: c.maxNodesPerZone ?? 3,
      },
    ],
  });
  let fleet = fleets.get(s.project);
  if (!fleet) {
    fleet = new Fleet(scope, "Fleet", { project: s.project, projectNumber: s.projectNumber });
    fleets.set(s.project, fleet);
  }
  const meshSpec = ctx.props.mesh ?? {};
  fleet.register(cluster, {
    ...(s.configSync ? { configSync: s.configSync } : {}),
    // One control plane per cluster: the fleet's, or the cluster's own istiod.
    meshManagement:
      meshSpec.gkeControlPlane === ControlPlaneMode.FLEET_MANAGED
        ? MeshManagement.AUTOMATIC
        : MeshManagement.MANUAL,
  });
  // The east-west gateway's internal address, reserved so that every site knows it at synth:
  // the subnet's last usable address (GCP keeps the two after it). With platform addressing, none.
  let gatewayAddress: string | undefined;
  if ((meshSpec.gatewayAddressing ?? GatewayAddressing.RESERVED) === GatewayAddressing.RESERVED) {
    const subnet = Cidr.parse(plan.subnet);
    gatewayAddress = check(
      ctx.scope,
      `gcp[${index}].cluster.gatewayAddress`,
      c.gatewayAddress ?? subnet.address(subnet.size - 3),
      (a) =>
        subnet.containsAddress(a)
          ? undefined
          : {
              rule: `the gateway's address must lie in the node subnet ${plan.subnet}`,
              fix: "pick an address of the subnet",
            },
    );
    new MeshGatewayAddress(scope, "MeshGatewayAddress", {
      network,
      clusterName: c.name,
      address: gatewayAddress,
    });
  } else if (c.gatewayAddress !== undefined) {
    fail(ctx.scope, `gcp[${index}].cluster.gatewayAddress`, c.gatewayAddress, {
      rule: "with mesh.gatewayAddressing PLATFORM the platform assigns the gateway's address",
      fix: "remove gatewayAddress, or use GatewayAddressing.RESERVED",
    });
  }
  const gatewayClients = aggregate(clients.gateway);
  if (gatewayClients.length) network.allowMeshPorts("peers", gatewayClients, [cluster.nodeTag]);
  ctx.gcpSites[s.name] = { spec: s, stack, network, cluster, fleet, gatewayAddress, ranges: plan, asn };
}
