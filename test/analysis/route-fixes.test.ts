import { analyze, ExplanationCode, PathStatus } from "../../lib/topology";
import { THREE_SITES, topology } from "../topology/fixtures";
import { expectEveryCode, pathsOf, resourceAt, withDeviceAsns } from "./faults";

describe("a missing route's fix names the range and where it belongs", () => {
  test("the Cloud Router stops advertising GCP's subnets: add the GKE pods to the link's routed ranges", () => {
    const { topology: t } = topology();
    t.links["gcp-aws"].router!.resource.addOverride("bgp.advertised_groups", null);
    const result = t.analyze();
    const [pods] = pathsOf(result, "gke-cluster", "aws-cluster", 15443).filter((p) =>
      p.source.includes("pods"),
    );
    expect(pods).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.ROUTE_TO_WRONG_TARGET,
      reason:
        "the answer cannot get back: the route for 10.1.16.0/20 is 0.0.0.0/0 via the NAT gateway, not the VPN",
      fix: "add 10.1.16.0/20 (gke-cluster pods) to the VPN's routed ranges: LinkSpec.additionalRanges of the link between gcp and aws, or AwsHaVpn.gcpRanges (the Cloud Router advertises them over BGP and the route tables learn them by propagation)",
    });
    const [gateway] = pathsOf(result, "aws-cluster", "gke-cluster", 15443);
    expect(gateway).toMatchObject({ code: ExplanationCode.ROUTE_TO_WRONG_TARGET });
    expect(gateway.fix).toMatch(/^add 10\.1\.0\.0\/20 \(gke-cluster nodes\) to the VPN's routed ranges: /);
    expectEveryCode(result);
  });

  test("the on-premises device gets no route to AWS: add the AWS VPC to the routed ranges of the link to it", () => {
    const { topology: t } = topology({}, THREE_SITES);
    resourceAt(t, "link-gcp-dc/Router").addOverride("bgp.advertised_ip_ranges", []);
    const result = analyze(withDeviceAsns(t));
    const [path] = pathsOf(result, "dc-cluster", "aws-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.NO_ROUTE,
      blockedAt: "dc (on premises) VPN device",
      fix: "add 10.0.0.0/16 (aws VPC) to the VPN's routed ranges: LinkSpec.additionalRanges of the link between gcp and dc (HA VPN: the Cloud Router advertises them; Classic VPN: the peer sheet routes them)",
    });
    expectEveryCode(result);
  });

  test("the on-premises device advertises nothing: make it advertise its range", () => {
    const { topology: t } = topology({}, THREE_SITES);
    const input = withDeviceAsns(t);
    const result = analyze({ ...input, onPrem: input.onPrem!.map((s) => ({ ...s, advertises: [] })) });
    const [path] = pathsOf(result, "gke-cluster", "dc-cluster", 15443);
    expect(path).toMatchObject({
      status: PathStatus.BLOCKED,
      code: ExplanationCode.NO_ROUTE,
      fix: "make dc's VPN device advertise 172.20.0.0/22 (dc range) over BGP (the site's advertised ranges), or route it into the tunnel with a static route (Classic VPN)",
    });
  });
});
