// The worked example of the Anthos documents (REFERENCE.md §3): an on-premises bare-metal cluster
// (LAN 172.16.232.0/24) and a GKE cluster joined into one mesh across a site-to-site VPN.
// This file builds the GCP side with the document's values.
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Fleet, GcpNetwork, GkeCluster } from "hybrid-mesh/gcp";
import { ClusterPlatform } from "hybrid-mesh/core";
import { GatewayExposure, Mesh } from "hybrid-mesh/mesh";
import { ClassicVpn } from "hybrid-mesh/vpn";

/** Values of the worked example. */
export const WORKED_EXAMPLE = {
  project: "anthos-hybrid-demo",
  projectNumber: "123456789012",
  region: "us-central1",
  zone: "us-central1-c",
  vpc: "anthos-hybrid",
  cluster: "nifc-anthosgke-cls",
  version: "1.27.3-gke.100",
  machineType: "e2-standard-2",
  firewall: "nifc-rules",
  onPremLan: "172.16.232.0/24",
  vpnGateway: "nifc-anthos-vpn",
  vpnTunnel: "nif-anthos-tn",
  revision: "asm-1175-9",
  gatewayNamespace: "nifc-gateway",
} as const;

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): { stack: TerraformStack; mesh: Mesh } {
  const v = WORKED_EXAMPLE;
  const stack = new TerraformStack(app, "onprem-gke");
  new GoogleProvider(stack, "google", { project: v.project, region: v.region });
  const onPremVpnIp = new TerraformVariable(stack, "onprem_vpn_public_ip", {
    type: "string",
    description: "Public IP of the on-premises VPN gateway (auto-assigned on its side)",
    default: "203.0.113.10",
  });

  const network = new GcpNetwork(stack, "Network", {
    project: v.project,
    region: v.region,
    name: v.vpc,
    // The GCP region's internal range that the on-premises firewall admits.
    subnets: [
      {
        cidr: "10.128.0.0/20",
        pods: { cidr: "10.4.0.0/14", maxNodes: 16 },
        services: { cidr: "10.0.32.0/20" },
      },
    ],
  });
  // nifc-rules: allow all from the on-premises LAN and from its VPN gateway's public IP.
  network.allowFromPeer("onprem", [v.onPremLan, `${onPremVpnIp.stringValue}/32`], { name: v.firewall });

  const gke = new GkeCluster(stack, "Gke", {
    network,
    name: v.cluster,
    location: v.zone,
    kubernetesVersion: v.version,
    projectNumber: v.projectNumber,
    // The on-premises istiod reads this API server across the VPN.
    authorizedNetworks: [v.onPremLan],
    nodePools: [{ name: "default-pool", machineType: v.machineType, minNodesPerZone: 1, maxNodesPerZone: 3 }],
  });
  const fleet = new Fleet(stack, "Fleet", { project: v.project, projectNumber: v.projectNumber });
  fleet.register(gke);

  // The site-to-site VPN of the example: Classic VPN, route-based, IKEv1 with AES128 and SHA1 as
  // the on-premises device is configured (hybrid-mesh warns: the peer needs them), remote range
  // 172.16.232.0/24. The key is generated; the peer sheet tells the on-premises admin where to read it.
  new RandomProvider(stack, "random");
  new ClassicVpn(stack, "Vpn", {
    gcpNetwork: network,
    gatewayName: v.vpnGateway,
    tunnelName: v.vpnTunnel,
    peerName: "onprem",
    peerAddress: onPremVpnIp.stringValue,
    peerRanges: [v.onPremLan],
    ike: {
      version: 1,
      phase1: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
      phase2: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
    },
    gcpFirewall: false, // nifc-rules above already admits the LAN
  });

  // Steps 2-6 of the worked example: one ASM mesh (revision asm-1175-9) over the bare-metal
  // cluster (network "default") and the GKE cluster (network "<project>-anthos-hybrid"), an
  // east-west gateway per cluster in nifc-gateway behind an internal load balancer, the
  // cross-network Gateway, and remote secrets both ways.
  const internal = { "cloud.google.com/load-balancer-type": "internal" };
  const mesh = new Mesh(app, "Mesh", {
    meshId: fleet.meshId,
    revision: v.revision,
    gatewayNamespace: v.gatewayNamespace,
  });
  mesh.addCluster({
    cluster: {
      clusterName: "onprem-cluster",
      meshNetwork: "default",
      platform: ClusterPlatform.ON_PREMISES,
      apiServerHost: "172.16.232.10",
      apiServerPort: 6443,
      meshId: fleet.meshId,
    },
    gateway: { exposure: GatewayExposure.LOAD_BALANCER, serviceAnnotations: internal },
  });
  mesh.addCluster({
    cluster: gke.meshCluster,
    gateway: { exposure: GatewayExposure.LOAD_BALANCER, serviceAnnotations: internal },
  });
  return { stack, mesh };
}

if (require.main === module) {
  const app = new App();
  const { mesh } = build(app);
  app.synth();
  mesh.writeYaml("dist");
}
