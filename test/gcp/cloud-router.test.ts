import { CloudRouter, CloudRouterProps, GcpNetwork } from "../../lib/gcp";
import { byPath, gcpStack, synthJson } from "../util";

function build(props: Partial<CloudRouterProps> = {}) {
  const stack = gcpStack("rt");
  const network = new GcpNetwork(stack, "Network", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    cloudNat: false,
  });
  const router = new CloudRouter(stack, "Router", { network, ...props });
  return { router, json: () => synthJson(stack) };
}

describe("CloudRouter", () => {
  test("advertises all subnets and custom ranges with a private ASN", () => {
    const { router, json } = build({ advertisedRanges: ["10.24.0.0/14"] });
    router.advertise("10.28.0.0/20", "gke services");
    router.advertise("10.28.0.0/20", "again");
    expect(byPath(json(), "google_compute_router", "Router").bgp).toEqual({
      asn: 64514,
      keepalive_interval: 20,
      advertise_mode: "CUSTOM",
      advertised_groups: ["ALL_SUBNETS"],
      advertised_ip_ranges: [
        { range: "10.24.0.0/14", description: "advertised range 1" },
        { range: "10.28.0.0/20", description: "gke services" },
      ],
    });
    expect(router.advertisedRanges).toEqual(["10.24.0.0/14", "10.28.0.0/20"]);
  });

  test.each([64512, 65534, 4200000000, 4294967294])("accepts the private ASN %d", (asn) => {
    expect(build({ asn }).router.asn).toBe(asn);
  });

  test.each([64511, 65535, 4199999999, 4294967295, 15169])("refuses the ASN %d", (asn) => {
    expect(() => build({ asn })).toThrow(
      `hybrid-mesh: rt/Router (CloudRouter): asn = ${asn}: a Cloud Router ASN must be 64512-65534 or 4200000000-4294967294 (RFC 6996 private ASNs); use e.g. 64514.`,
    );
  });

  test("refuses a keepalive outside 20-60 s", () => {
    expect(() => build({ keepaliveIntervalSeconds: 5 })).toThrow(
      "keepaliveIntervalSeconds = 5: a BGP keepalive interval in seconds is a whole number from 20 to 60",
    );
  });
});
