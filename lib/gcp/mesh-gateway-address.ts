import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { Construct } from "constructs";
import {
  check,
  checkIpv4Address,
  Cidr,
  construct,
  constructId,
  fail,
  fitName,
  int,
  req,
  Shape,
  str,
  validateShape,
} from "../core";
import { GcpNetwork } from "./network";

/** Properties of a {@link MeshGatewayAddress}. */
export interface MeshGatewayAddressProps {
  /** The network whose subnet holds the address. */
  readonly network: GcpNetwork;
  /** The cluster whose east-west gateway uses the address (names the reservation `<cluster>-eastwest`). */
  readonly clusterName: string;
  /**
   * The internal address to reserve, in the subnet.
   *
   * @default - the subnet's last usable address (GCP keeps the two after it)
   */
  readonly address?: string;
  /**
   * Index of the network's subnet that holds the address.
   *
   * @default 0 - the first subnet (the node subnet of a HybridTopology's GCP site)
   */
  readonly subnetIndex?: number;
}

const PROPS: Shape<MeshGatewayAddressProps> = {
  network: req(construct<GcpNetwork>("GcpNetwork", "network")),
  clusterName: req(str("cluster name", '"gke-cluster"')),
  address: str("IPv4 address", '"10.1.15.253"'),
  subnetIndex: int("subnet index", "0"),
};

/**
 * A reserved internal address for a GKE cluster's east-west gateway, so that every other site
 * knows it at synth (in `meshNetworks`, firewall rules and the analysis) instead of reading it
 * from the load balancer's status after deploy.
 */
export class MeshGatewayAddress extends Construct {
  /** Names this construct in error messages. */
  public readonly hybridMeshType = "MeshGatewayAddress";
  /** The reserved address. */
  public readonly address: string;
  /** The address resource (escape hatch). */
  public readonly resource: ComputeAddress;

  constructor(scope: Construct, id: string, props: MeshGatewayAddressProps) {
    constructId(scope, id, "MeshGatewayAddress");
    super(scope, id);
    validateShape(this, props, PROPS);
    const index = props.subnetIndex ?? 0;
    const subnet = props.network.subnets[index];
    if (!subnet)
      fail(this, "subnetIndex", index, {
        rule: `the network has ${props.network.subnets.length} subnet(s)`,
        fix: "add the subnet first, or give the index of an existing one",
      });
    const range = Cidr.parse(subnet.cidr);
    this.address = check(
      this,
      "address",
      props.address ?? range.address(range.size - 3),
      (a) =>
        checkIpv4Address(a) ??
        (range.containsAddress(a)
          ? undefined
          : {
              rule: `the gateway's address must lie in the subnet ${subnet.cidr}`,
              fix: "pick an address of the subnet",
            }),
    );
    // "Default" keeps the address's Terraform logical id what it was before this construct existed
    // (cdktf leaves a "Default" id out of logical ids), so that upgrading does not replace it.
    this.resource = new ComputeAddress(this, "Default", {
      name: fitName(`${props.clusterName}-eastwest`, 63),
      project: props.network.project,
      region: subnet.region,
      subnetwork: subnet.selfLink,
      addressType: "INTERNAL",
      address: this.address,
      description: `hybrid-mesh: east-west gateway of ${props.clusterName}`,
    });
  }
}
