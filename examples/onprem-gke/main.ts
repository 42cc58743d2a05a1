// The worked example of the Anthos documents (REFERENCE.md §3), end to end: an on-premises
// bare-metal cluster (LAN 172.16.232.0/24) and a GKE cluster joined into one ASM mesh across a
// Classic VPN, with the document's names and values, described as one HybridTopology.
import * as path from "path";
import { App } from "cdktf";
import { Construct } from "constructs";
import { FindingLevel, GatewayAddressing, HybridTopology, SecurityChecks } from "hybrid-mesh/topology";

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
  onPremCluster: "nifc-anthosbm-cls",
  onPremLan: "172.16.232.0/24",
  adminServer: "172.16.232.1",
  onPremApiServer: "172.16.232.10",
  vpnGateway: "nifc-anthos-vpn",
  vpnTunnel: "nif-anthos-tn",
  istioVersion: "1.17.5",
  revision: "asm-1175-9",
  gatewayNamespace: "nifc-gateway",
} as const;

/** Builds the example into `app` (the tests call this too). */
export function build(app: Construct): HybridTopology {
  const v = WORKED_EXAMPLE;
  const topology = new HybridTopology(app, "onprem-gke", {
    gcp: [
      {
        name: "gcp",
        project: v.project,
        projectNumber: v.projectNumber,
        region: v.region,
        networkName: v.vpc,
        // The GCP region's internal range that the on-premises side routes and admits; GKE's pod
        // and service ranges next to it. The control plane's /28 is routed too: the on-premises
        // istiod reads the GKE API server at its private endpoint, across the VPN.
        subnetCidr: "10.128.0.0/20",
        podCidr: "10.4.0.0/14",
        serviceCidr: "10.0.32.0/20",
        cluster: {
          name: v.cluster,
          zone: v.zone,
          version: v.version,
          machineType: v.machineType,
          maxNodesPerZone: 3,
          controlPlaneCidr: "172.16.0.0/28",
        },
      },
    ],
    onPremises: [
      {
        name: "onprem",
        ranges: [v.onPremLan],
        // No BGP ASN: Classic VPN with static routes. Its public address is a Terraform variable
        // (onprem_vpn_address_1), set at deploy: it is auto-assigned on the on-premises side.
        vpn: {
          // IKEv1 with AES128 and SHA1, as the on-premises device is configured.
          ike: {
            version: 1,
            phase1: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
            phase2: { encryption: "AES128", integrity: "SHA1", dhGroup: 14 },
          },
        },
        cluster: {
          name: v.onPremCluster,
          apiServerAddress: v.onPremApiServer,
          // No gatewayAddress: the gateway's address comes from the load-balancer pool of the
          // cluster's configuration, as in the document.
          // The bare-metal cluster's network in the mesh.
          meshNetwork: "default",
        },
      },
    ],
    links: [{ between: "gcp", and: "onprem", gatewayName: v.vpnGateway, tunnelName: v.vpnTunnel }],
    mesh: {
      // ASM 1.17.5-asm.9: Istio 1.17.5's APIs (networking v1alpha3, security v1beta1) and charts.
      istioVersion: v.istioVersion,
      revision: v.revision,
      gatewayNamespace: v.gatewayNamespace,
      // Both east-west gateways behind an internal load balancer, their addresses assigned by the
      // platform, as in the document.
      gatewayAnnotations: { "cloud.google.com/load-balancer-type": "internal" },
      gatewayAddressing: GatewayAddressing.PLATFORM,
    },
    // Terraform runs the mesh stacks on the admin server, on premises.
    deployer: { site: "onprem", cidrs: [`${WORKED_EXAMPLE.adminServer}/32`] },
    // One Classic VPN tunnel and a zonal cluster: no path survives the loss of the tunnel or the
    // zone, and the link reaches 99.9 %. The document's design; reported as warnings.
    analysis: { singleFailures: FindingLevel.WARNING },
  });

  // nifc-rules: allow all from the on-premises LAN and from its VPN gateway's public address (an
  // escape hatch on the GCP network; the analysis sees it like any other rule).
  const link = topology.links["gcp-onprem"];
  topology.gcpSites.gcp.network.allowFromPeer("onprem", [v.onPremLan, `${link.peerAddresses![0]}/32`], {
    name: v.firewall,
  });

  // What the document's design needs, said once with a reason (security report: suppressed).
  SecurityChecks.suppress(link.vpn, [
    { id: "HM-VPN-1", reason: "the on-premises VPN device of the worked example speaks IKEv1 only" },
    { id: "HM-VPN-2", reason: "the on-premises VPN device of the worked example needs SHA1 integrity" },
    { id: "HM-VPN-7", reason: "the worked example uses a route-based Classic VPN with static routes" },
  ]);
  SecurityChecks.suppress(topology.gcpSites.gcp.cluster, [
    { id: "HM-GCP-5", reason: "the worked example pins GKE 1.27.3-gke.100 outside release channels" },
  ]);
  return topology;
}

if (require.main === module) {
  const app = new App();
  const topology = build(app);
  app.synth();
  // Next to this file, whatever folder `cdktf synth` runs in.
  topology.mesh.writeYaml(path.join(__dirname, "dist"));
  topology.writeDiagram(topology.reportDirectory(app.outdir)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
