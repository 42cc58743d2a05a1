import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { Construct } from "constructs";
import { GcpNetwork, MeshGatewayAddress, MeshGatewayAddressProps } from "../../lib/gcp";
import { byPath, failsWith, gcpStack, synthJson } from "../util";

function build(props: Partial<MeshGatewayAddressProps> = {}) {
  const stack = gcpStack("gcp");
  const network = new GcpNetwork(stack, "Network", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [{ cidr: "10.20.0.0/20" }],
  });
  const address = new MeshGatewayAddress(stack, "MeshGatewayAddress", {
    network,
    clusterName: "gke-cluster",
    ...props,
  });
  return { address, json: () => synthJson(stack) };
}

describe("MeshGatewayAddress", () => {
  test("reserves the subnet's last usable address, internal, named after the cluster", () => {
    const { address, json } = build();
    expect(address.address).toBe("10.20.15.253");
    expect(byPath(json(), "google_compute_address", "MeshGatewayAddress/Default")).toMatchObject({
      name: "gke-cluster-eastwest",
      project: "my-project-123",
      region: "us-central1",
      address_type: "INTERNAL",
      address: "10.20.15.253",
      subnetwork: expect.stringMatching(/^\$\{google_compute_subnetwork\./),
    });
  });

  test("its Terraform logical id is the one a bare address at its path had (the topology's before this construct): no replacement on upgrade", () => {
    const logicalIds = (withConstruct: boolean) => {
      const stack = gcpStack("gcp");
      const site = new Construct(stack, "site-gcp");
      const network = new GcpNetwork(site, "Network", {
        project: "my-project-123",
        region: "us-central1",
        subnets: [{ cidr: "10.20.0.0/20" }],
      });
      if (withConstruct) new MeshGatewayAddress(site, "MeshGatewayAddress", { network, clusterName: "c" });
      else
        new ComputeAddress(site, "MeshGatewayAddress", {
          name: "c-eastwest",
          addressType: "INTERNAL",
          subnetwork: network.subnets[0].selfLink,
        });
      return Object.keys(synthJson(stack).resource.google_compute_address);
    };
    expect(logicalIds(true)).toEqual(logicalIds(false));
    expect(logicalIds(true)).toEqual([expect.stringMatching(/^site-gcp_MeshGatewayAddress_[0-9A-F]{8}$/)]);
  });

  const fails = failsWith((props: Partial<MeshGatewayAddressProps>) => build(props));

  test("an address outside the subnet", () => {
    fails(
      { address: "10.30.0.5" },
      'gcp/MeshGatewayAddress (MeshGatewayAddress): address = "10.30.0.5": the gateway\'s address must lie in the subnet 10.20.0.0/20; pick an address of the subnet.',
    );
  });

  test("a subnet the network does not have", () => {
    fails(
      { subnetIndex: 2 },
      "gcp/MeshGatewayAddress (MeshGatewayAddress): subnetIndex = 2: the network has 1 subnet(s); add the subnet first, or give the index of an existing one.",
    );
  });

  test("a missing cluster name (JavaScript callers)", () => {
    fails({ clusterName: undefined }, "clusterName = undefined");
  });
});
