// The public constructs the props fuzzer drives, each with valid base props and a builder. The
// fuzzer mutates only the props of the construct under test; what it depends on (a network, a
// control plane) is built with valid props.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsNetwork, ControlPlane, MeshGatewayLoadBalancer, NodePool } from "../../lib/aws";
import { ClusterPlatform } from "../../lib/core";
import { CloudRouter, Fleet, GcpNetwork, GkeCluster } from "../../lib/gcp";
import { GatewayExposure, Mesh, MeshCa, RootOfTrust } from "../../lib/mesh";
import { HybridTopology, HybridTopologyProps } from "../../lib/topology";
import { AwsHaVpn, ClassicVpn, PeerHaVpn } from "../../lib/vpn";
import { THREE_SITES } from "../topology/fixtures";

/** Where a target writes its Kubernetes YAML, inside the app's outdir (judged by istio-check). */
export const MESH_YAML = "mesh-yaml";

/** A construct under test: base props and how to build it into an app. */
export interface FuzzTarget {
  /** Name, for reports. */
  readonly name: string;
  /** Valid props (a fresh copy each call). */
  readonly base: () => any;
  /** Builds the construct with `props` into `app`; throws what the construct throws. */
  readonly build: (app: App, props: any) => void;
  /** Relative weight in a run (the topology is slow to synthesize, lower constructs fast). */
  readonly weight: number;
}

function stack(app: App, id = "fuzz"): TerraformStack {
  const s = new TerraformStack(app, id);
  new AwsProvider(s, "aws", { region: "eu-west-1" });
  new GoogleProvider(s, "google", { project: "my-project-123", region: "europe-west1" });
  return s;
}

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

function awsNetwork(s: TerraformStack): AwsNetwork {
  return new AwsNetwork(s, "Network", { cidr: "10.10.0.0/16", availabilityZones: ZONES });
}

function controlPlane(s: TerraformStack): ControlPlane {
  return new ControlPlane(s, "ControlPlane", {
    network: awsNetwork(s),
    clusterName: "aws-cluster",
    loadBalancer: { privateIpAddresses: ["10.10.96.10", "10.10.128.10", "10.10.160.10"] },
  });
}

function gcpNetwork(s: TerraformStack, id = "Gcp"): GcpNetwork {
  return new GcpNetwork(s, id, {
    project: "my-project-123",
    region: "europe-west1",
    name: "hybrid-vpc",
    subnets: [{ cidr: "10.20.0.0/20", pods: { cidr: "10.24.0.0/14" }, services: { cidr: "10.28.0.0/20" } }],
  });
}

// The fuzzer's base topology: the topology tests' three sites, without their deployer.
const TOPOLOGY: HybridTopologyProps = { ...THREE_SITES, deployer: undefined };

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Every target of the fuzzer. */
export const TARGETS: readonly FuzzTarget[] = [
  {
    name: "HybridTopology",
    weight: 4,
    base: () => copy(TOPOLOGY),
    build: (app, props) => {
      new HybridTopology(app, "hybrid", props);
    },
  },
  {
    name: "AwsNetwork",
    weight: 2,
    base: () => ({ cidr: "10.10.0.0/16", availabilityZones: [...ZONES], flowLogs: { trafficType: "ALL" } }),
    build: (app, props) => {
      new AwsNetwork(stack(app), "Network", props);
    },
  },
  {
    name: "ControlPlane",
    weight: 2,
    base: () => ({
      clusterName: "aws-cluster",
      replicas: 3,
      podCidr: "192.168.0.0/16",
      serviceCidr: "10.96.0.0/12",
      apiAllowedCidrs: ["10.20.0.0/16"],
      loadBalancer: { privateIpAddresses: ["10.10.96.10", "10.10.128.10", "10.10.160.10"] },
    }),
    build: (app, props) => {
      const s = stack(app);
      new ControlPlane(s, "ControlPlane", { network: awsNetwork(s), ...props });
    },
  },
  {
    name: "NodePool",
    weight: 2,
    base: () => ({
      name: "general",
      minSize: 2,
      maxSize: 6,
      instanceTypes: ["m5.large"],
      labels: { tier: "general" },
      taints: [{ key: "dedicated", value: "mesh", effect: "NoSchedule" }],
    }),
    build: (app, props) => {
      const s = stack(app);
      new NodePool(s, "Nodes", { controlPlane: controlPlane(s), ...props });
    },
  },
  {
    name: "MeshGatewayLoadBalancer",
    weight: 1,
    base: () => ({
      privateIpAddresses: ["10.10.96.20", "10.10.128.20", "10.10.160.20"],
      allowedCidrs: ["10.20.0.0/16"],
      nodePorts: { crossNetwork: 31443 },
    }),
    build: (app, props) => {
      const s = stack(app);
      const cp = controlPlane(s);
      const pool = new NodePool(s, "Nodes", { controlPlane: cp });
      new MeshGatewayLoadBalancer(s, "MeshGateway", { controlPlane: cp, nodePools: [pool], ...props });
    },
  },
  {
    name: "GcpNetwork",
    weight: 2,
    base: () => ({
      project: "my-project-123",
      region: "europe-west1",
      name: "hybrid-vpc",
      subnets: [
        {
          cidr: "10.20.0.0/20",
          pods: { cidr: "10.24.0.0/14", maxNodes: 64 },
          services: { cidr: "10.28.0.0/20" },
          flowLogs: { flowSampling: 0.5 },
        },
      ],
    }),
    build: (app, props) => {
      new GcpNetwork(stack(app), "Network", props);
    },
  },
  {
    name: "GkeCluster",
    weight: 2,
    base: () => ({
      name: "gke-cluster",
      location: "europe-west1",
      projectNumber: "123456789012",
      controlPlaneCidr: "172.16.0.0/28",
      authorizedNetworks: ["10.10.0.0/16"],
      nodePools: [{ name: "general", machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 3 }],
    }),
    build: (app, props) => {
      const s = stack(app);
      new GkeCluster(s, "Gke", { network: gcpNetwork(s), ...props });
    },
  },
  {
    name: "CloudRouter+Fleet",
    weight: 1,
    base: () => ({
      router: { asn: 64514, advertisedRanges: ["10.24.0.0/14"] },
      fleet: { project: "my-project-123", projectNumber: "123456789012" },
    }),
    build: (app, props) => {
      const s = stack(app);
      const network = gcpNetwork(s);
      new CloudRouter(s, "Router", { network, ...(props?.router ?? props) });
      const cluster = new GkeCluster(s, "Gke", {
        network,
        name: "gke-cluster",
        projectNumber: "123456789012",
      });
      new Fleet(s, "Fleet", props?.fleet ?? props).register(cluster);
    },
  },
  {
    name: "AwsHaVpn",
    weight: 2,
    base: () => ({ tunnels: 4, gcpRanges: ["10.20.0.0/20"], ike: { version: 2 } }),
    build: (app, props) => {
      const s = stack(app);
      new AwsHaVpn(s, "Vpn", { gcpNetwork: gcpNetwork(s), awsNetwork: awsNetwork(s), ...props });
    },
  },
  {
    name: "PeerHaVpn",
    weight: 2,
    base: () => ({
      peerName: "onprem",
      peerAddresses: ["203.0.113.10", "203.0.113.11"],
      peerAsn: 65010,
      peerRanges: ["172.20.0.0/22"],
      advertisedRanges: ["10.24.0.0/14"],
    }),
    build: (app, props) => {
      const s = stack(app);
      new PeerHaVpn(s, "Vpn", { gcpNetwork: gcpNetwork(s), ...props });
    },
  },
  {
    name: "ClassicVpn",
    weight: 2,
    base: () => ({
      peerName: "onprem",
      peerAddress: "203.0.113.10",
      peerRanges: ["172.16.232.0/24"],
      gcpRanges: ["10.20.0.0/20"],
      ike: { version: 2, phase1: { encryption: "AES256", integrity: "SHA2-256", dhGroup: 20 } },
    }),
    build: (app, props) => {
      const s = stack(app);
      new ClassicVpn(s, "Vpn", { gcpNetwork: gcpNetwork(s), ...props });
    },
  },
  {
    name: "Mesh",
    weight: 2,
    base: () => ({
      mesh: {
        meshId: "proj-123456789012",
        istioVersion: "1.30.3",
        revision: "asm-1303-1",
        trustDomain: "cluster.local",
        gatewayNamespace: "istio-system",
        defaultDeny: false,
      },
      clusters: [
        {
          cluster: {
            clusterName: "gke-cluster",
            meshNetwork: "my-project-hybrid-vpc",
            platform: ClusterPlatform.GKE,
            apiServerHost: "10.20.0.2",
            apiServerPort: 443,
          },
          gateway: { serviceAnnotations: { "example.com/team": "platform" }, minReplicas: 2, maxReplicas: 5 },
          injectedNamespaces: [{ name: "shop", labels: { team: "shop" } }],
        },
        {
          cluster: {
            clusterName: "dc-cluster",
            meshNetwork: "dc-network",
            platform: ClusterPlatform.ON_PREMISES,
            apiServerHost: "172.20.0.10",
            apiServerPort: 6443,
          },
          gateway: {
            exposure: GatewayExposure.NODE_PORT,
            address: "172.20.1.50",
            nodePorts: { crossNetwork: 31443, istiod: 31012 },
          },
        },
      ],
    }),
    build: (app, props) => {
      const mesh = new Mesh(app, "Mesh", props?.mesh ?? props);
      const clusters: unknown = props?.clusters;
      for (const c of Array.isArray(clusters) ? clusters : [clusters]) mesh.addCluster(c);
      if (mesh.rootOfTrust === RootOfTrust.GENERATED)
        new MeshCa(new TerraformStack(app, "mesh-ca"), "MeshCa", { mesh });
      mesh.writeYaml(path.join(app.outdir, MESH_YAML));
    },
  },
];
