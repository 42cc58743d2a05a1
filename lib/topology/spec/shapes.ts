import { NatGatewayMode } from "../../aws";
import { AwsVpnGatewayKind, IKE_OPTIONS_SHAPE } from "../../vpn";
import { GatewayForm } from "../../mesh";
import { CONFIG_SYNC_SHAPE, ReleaseChannel } from "../../gcp";
import {
  arrayOf,
  bool,
  cidrKind,
  cidrsKind,
  ControlPlaneMode,
  enumOf,
  int,
  ipv4Kind,
  MeshModel,
  MtlsMode,
  obj,
  record,
  req,
  RootOfTrust,
  Shape,
  str,
} from "../../core";
import {
  AwsClusterSpec,
  AwsSiteSpec,
  DeployerSpec,
  GatewayAddressing,
  GcpSiteSpec,
  GkeClusterSpec,
  LinkSpec,
  MeshSpec,
  OnPremClusterSpec,
  OnPremSiteSpec,
  OnPremVpnSpec,
} from "./spec";

// The shapes of the specs (types, required properties, examples for error messages), checked
// before anything else.

const AWS_CLUSTER: Shape<AwsClusterSpec> = {
  name: req(str("cluster name", '"aws-cluster"')),
  replicas: int("replica count", "3"),
  controlPlaneInstanceType: str("EC2 instance type", '"m5.large"'),
  nodeInstanceTypes: arrayOf(str("EC2 instance type", '"m5.large"')),
  minNodes: int("node count", "2"),
  maxNodes: int("node count", "6"),
  podCidr: cidrKind(),
  serviceCidr: cidrKind(),
};

const AWS_SITE: Shape<AwsSiteSpec> = {
  name: req(str("site name", '"aws"')),
  region: req(str("AWS region", '"eu-west-1"')),
  availabilityZones: arrayOf(str("availability zone name", '"eu-west-1a"')),
  cidr: cidrKind(),
  natGateways: enumOf(NatGatewayMode, "NatGatewayMode"),
  asn: int("private ASN", "64512"),
  cluster: req(obj(AWS_CLUSTER, "cluster", '{ name: "aws-cluster" }')),
};

const GKE_CLUSTER: Shape<GkeClusterSpec> = {
  name: req(str("cluster name", '"gke-cluster"')),
  zone: str("GCP zone", '"europe-west1-b"'),
  releaseChannel: enumOf(ReleaseChannel, "ReleaseChannel"),
  version: str("GKE version", '"1.30.5-gke.1014001"'),
  machineType: str("machine type", '"e2-standard-4"'),
  maxNodesPerZone: int("node count", "3"),
  controlPlaneCidr: cidrKind(),
  gatewayAddress: ipv4Kind(),
};

const GCP_SITE: Shape<GcpSiteSpec> = {
  name: req(str("site name", '"gcp"')),
  project: req(str("GCP project id", '"my-project"')),
  projectNumber: str("GCP project number", '"123456789012"'),
  region: req(str("GCP region", '"europe-west1"')),
  networkName: str("network name", '"hybrid-vpc"'),
  subnetCidr: cidrKind(),
  podCidr: cidrKind(),
  serviceCidr: cidrKind(),
  asn: int("private ASN", "64514"),
  configSync: CONFIG_SYNC_SHAPE,
  cluster: req(obj(GKE_CLUSTER, "cluster", '{ name: "gke-cluster" }')),
};

const ON_PREM_SITE: Shape<OnPremSiteSpec> = {
  name: req(str("site name", '"dc"')),
  ranges: req(cidrsKind()),
  acceptsFrom: cidrsKind(),
  vpn: req(
    obj<OnPremVpnSpec>(
      {
        addresses: arrayOf(ipv4Kind()),
        addressCount: int("address count", "1"),
        asn: int("BGP ASN", "65010"),
        ike: IKE_OPTIONS_SHAPE,
      },
      "VPN device",
      '{ addresses: ["203.0.113.10"] }',
    ),
  ),
  cluster: req(
    obj<OnPremClusterSpec>(
      {
        name: req(str("cluster name", '"dc-cluster"')),
        apiServerAddress: req(ipv4Kind()),
        apiServerPort: int("port", "6443"),
        gatewayAddress: ipv4Kind(),
        meshNetwork: str("mesh network name", '"dc-network"'),
      },
      "cluster",
      '{ name: "dc-cluster", apiServerAddress: "172.16.232.10", gatewayAddress: "172.16.232.50" }',
    ),
  ),
};

const LINK: Shape<LinkSpec> = {
  between: req(str("site name", '"gcp"')),
  and: req(str("site name", '"aws"')),
  awsGateway: enumOf(AwsVpnGatewayKind, "AwsVpnGatewayKind"),
  tunnels: int("tunnel count", "4"),
  gatewayName: str("gateway name", '"onprem-vpn"'),
  tunnelName: str("tunnel name", '"onprem-tunnel"'),
  allowAllTraffic: bool(),
  additionalRanges: cidrsKind(),
};

const MESH: Shape<MeshSpec> = {
  model: enumOf(MeshModel, "MeshModel"),
  primary: str("cluster name", '"gke-cluster"'),
  revision: str("Istio revision", '"asm-1175-9"'),
  gatewayNamespace: str("namespace", '"istio-system"'),
  gatewayForm: enumOf(GatewayForm, "GatewayForm"),
  mtls: enumOf(MtlsMode, "MtlsMode"),
  meshId: str("mesh id", '"proj-123456789012"'),
  istioVersion: str("Istio release", '"1.30.3"'),
  rootOfTrust: enumOf(RootOfTrust, "RootOfTrust"),
  gkeControlPlane: enumOf(ControlPlaneMode, "ControlPlaneMode"),
  gatewayAddressing: enumOf(GatewayAddressing, "GatewayAddressing"),
  gatewayAnnotations: record(str("annotation value", '"value"'), "object of annotation names and values"),
};

/**
 * The shape of every spec a {@link HybridTopology} takes (checked before anything is built).
 *
 * @internal
 */
export const SITE_SHAPES = {
  aws: arrayOf(
    obj(AWS_SITE, "AWS site", '{ name: "aws", region: "eu-west-1", cluster: { name: "aws-cluster" } }'),
  ),
  gcp: arrayOf(
    obj(
      GCP_SITE,
      "GCP site",
      '{ name: "gcp", project: "my-project", region: "europe-west1", cluster: { name: "gke" } }',
    ),
  ),
  onPremises: arrayOf(
    obj(ON_PREM_SITE, "on-premises site", '{ name: "dc", ranges: ["172.16.232.0/24"], ... }'),
  ),
  links: arrayOf(obj(LINK, "link", '{ between: "gcp", and: "aws" }')),
  mesh: obj(MESH, "mesh", "{ model: MeshModel.MULTI_PRIMARY }"),
  deployer: obj<DeployerSpec>(
    { site: str("site name", '"aws"'), cidrs: cidrsKind() },
    "deployer",
    '{ site: "aws" }',
  ),
} as const;
