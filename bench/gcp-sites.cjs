// One GCP site for the benchmark, built two ways: with hybrid-mesh (GcpNetwork + GkeCluster +
// Fleet registration) and with the same provider resources created directly (same construct ids
// and attribute values). bench/sites.mjs checks that both produce the same resources.
"use strict";
const path = require("path");
const { Construct } = require("constructs");
const G = (name) => require(`@cdktf/provider-google/lib/${name}`);
const { GoogleProvider } = G("provider");
const { RandomProvider } = require("@cdktf/provider-random/lib/provider");

const PROJECT = "bench-project-123";
const NUMBER = "123456789012";

exports.providers = (stack) => {
  new GoogleProvider(stack, "google", { project: PROJECT, region: "us-central1" });
  new RandomProvider(stack, "random");
};

exports.ours = (stack, i, root) => {
  const { GcpNetwork, GkeCluster, Fleet } = require(path.join(root, "dist", "gcp"));
  const site = new Construct(stack, `site${i}`);
  const network = new GcpNetwork(site, "Network", {
    project: PROJECT,
    region: "us-central1",
    name: `vpc-${i}`,
    subnets: [
      {
        cidr: `10.${i}.0.0/20`,
        pods: { cidr: `100.${64 + (i >> 2)}.${(i & 3) * 64}.0/18`, maxNodes: 64 },
        services: { cidr: `10.${i}.16.0/20` },
      },
    ],
  });
  const gke = new GkeCluster(site, "Gke", { network, name: `gke-${i}`, projectNumber: NUMBER });
  new Fleet(site, "Fleet", { project: PROJECT, projectNumber: NUMBER }).register(gke);
};

exports.raw = (stack, i) => {
  const site = new Construct(stack, `site${i}`);
  const labels = { "managed-by": "hybrid-mesh" };
  const vpcName = `vpc-${i}`;
  const cluster = `gke-${i}`;
  const net = new Construct(site, "Network");
  const network = new (G("compute-network").ComputeNetwork)(net, "Resource", {
    name: vpcName,
    project: PROJECT,
    autoCreateSubnetworks: false,
    routingMode: "GLOBAL",
    mtu: 1460,
    description: "hybrid-mesh: custom-mode VPC",
  });
  const subnetName = `${vpcName}-us-central1`;
  const subnet = new (G("compute-subnetwork").ComputeSubnetwork)(new Construct(net, "Subnet1"), "Resource", {
    name: subnetName,
    project: PROJECT,
    region: "us-central1",
    network: network.id,
    ipCidrRange: `10.${i}.0.0/20`,
    privateIpGoogleAccess: true,
    secondaryIpRange: [
      { rangeName: `${subnetName}-pods`, ipCidrRange: `100.${64 + (i >> 2)}.${(i & 3) * 64}.0/18` },
      { rangeName: `${subnetName}-services`, ipCidrRange: `10.${i}.16.0/20` },
    ],
    logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
  });
  const router = new (G("compute-router").ComputeRouter)(net, "NatRouter", {
    name: `${vpcName}-nat`,
    project: PROJECT,
    region: "us-central1",
    network: network.id,
    description: "hybrid-mesh: Cloud NAT for private nodes",
  });
  new (G("compute-router-nat").ComputeRouterNat)(net, "Nat", {
    name: `${vpcName}-nat`,
    project: PROJECT,
    region: "us-central1",
    router: router.name,
    natIpAllocateOption: "AUTO_ONLY",
    sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    logConfig: { enable: true, filter: "ERRORS_ONLY" },
  });

  const gke = new Construct(site, "Gke");
  const sa = new (G("service-account").ServiceAccount)(gke, "NodeServiceAccount", {
    accountId: `${cluster}-nodes`,
    project: PROJECT,
    displayName: `hybrid-mesh: nodes of ${cluster}`,
    description:
      "Least-privilege node identity (logs, metrics, image pulls): roles/container.defaultNodeServiceAccount only",
  });
  new (G("project-iam-member").ProjectIamMember)(gke, "NodeServiceAccountRole", {
    project: PROJECT,
    role: "roles/container.defaultNodeServiceAccount",
    member: `serviceAccount:${sa.email}`,
  });
  const nodeConfig = {
    serviceAccount: sa.email,
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    imageType: "COS_CONTAINERD",
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    metadata: { "disable-legacy-endpoints": "true" },
    tags: [`${cluster}-node`],
  };
  const gkeCluster = new (G("container-cluster").ContainerCluster)(gke, "Resource", {
    name: cluster,
    project: PROJECT,
    location: "us-central1",
    network: network.id,
    subnetwork: subnet.selfLink,
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: {
      clusterSecondaryRangeName: `${subnetName}-pods`,
      servicesSecondaryRangeName: `${subnetName}-services`,
    },
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    nodeConfig,
    releaseChannel: { channel: "REGULAR" },
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
      masterIpv4CidrBlock: "172.16.0.0/28",
      masterGlobalAccessConfig: { enabled: true },
    },
    masterAuthorizedNetworksConfig: {
      gcpPublicCidrsAccessEnabled: false,
      cidrBlocks: [{ cidrBlock: `10.${i}.0.0/20`, displayName: "nodes subnet" }],
    },
    datapathProvider: "ADVANCED_DATAPATH",
    workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
    enableLegacyAbac: false,
    enableShieldedNodes: true,
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    deletionProtection: true,
    resourceLabels: { mesh_id: `proj-${NUMBER}`, ...labels },
  });
  new (G("compute-network-peering-routes-config").ComputeNetworkPeeringRoutesConfig)(
    gke,
    "ControlPlaneRouteExport",
    {
      project: PROJECT,
      network: network.name,
      peering: gkeCluster.privateClusterConfig.peeringName,
      exportCustomRoutes: true,
      importCustomRoutes: false,
    },
  );
  new (G("container-node-pool").ContainerNodePool)(gke, "NodePool1", {
    name: "general",
    project: PROJECT,
    location: "us-central1",
    cluster: gkeCluster.name,
    maxPodsPerNode: 110,
    autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
    management: { autoRepair: true, autoUpgrade: true },
    upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
    nodeConfig: { ...nodeConfig, machineType: "e2-standard-4", diskSizeGb: 100, diskType: "pd-balanced" },
  });
  new (G("compute-firewall").ComputeFirewall)(new Construct(net, `${cluster}-webhooks`), "Resource", {
    name: `${vpcName}-${cluster}-webhooks`,
    project: PROJECT,
    network: network.id,
    description: `hybrid-mesh: the control plane of ${cluster} calls Istio's webhook (15017) on the nodes`,
    direction: "INGRESS",
    priority: 1000,
    sourceRanges: ["172.16.0.0/28"],
    targetTags: [`${cluster}-node`],
    allow: [{ protocol: "tcp", ports: ["15017"] }],
    logConfig: { metadata: "INCLUDE_ALL_METADATA" },
  });

  const fleet = new Construct(site, "Fleet");
  const feature = new (G("gke-hub-feature").GkeHubFeature)(fleet, "ServiceMesh", {
    name: "servicemesh",
    location: "global",
    project: PROJECT,
    labels,
  });
  const m = new Construct(fleet, cluster);
  const membership = new (G("gke-hub-membership").GkeHubMembership)(m, "Membership", {
    membershipId: cluster,
    project: PROJECT,
    location: "global",
    endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${gkeCluster.id}` } },
    authority: { issuer: `https://container.googleapis.com/v1/${gkeCluster.id}` },
    labels,
  });
  new (G("gke-hub-feature-membership").GkeHubFeatureMembership)(m, "Mesh", {
    project: PROJECT,
    location: "global",
    feature: feature.name,
    membership: membership.membershipId,
    membershipLocation: "global",
    mesh: { management: "MANAGEMENT_AUTOMATIC" },
    dependsOn: [membership],
  });
};
