import * as fc from "fast-check";
import { AwsNetwork } from "../../lib/aws";
import { checkTunnelInsideCidr, Cidr } from "../../lib/core";
import { CloudRouter, GcpNetwork } from "../../lib/gcp";
import { AwsHaVpn, AwsVpnGatewayKind, PeerHaVpn } from "../../lib/vpn";
import { hybridStack, ofType, synthJson } from "../util";

describe("tunnel inside CIDRs across links (property)", () => {
  test("for any mix of links and tunnel counts, /30s are unique, aligned and never reserved, per router and per AWS gateway", () => {
    const link = fc.oneof(
      fc.record({
        kind: fc.constant("aws" as const),
        tunnels: fc.constantFrom(2, 4, 8),
        router: fc.integer({ min: 0, max: 1 }),
      }),
      fc.record({
        kind: fc.constant("peer" as const),
        tunnels: fc.constantFrom(1, 2),
        router: fc.integer({ min: 0, max: 1 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 6 }), (links) => {
        const stack = hybridStack("prop");
        const gcpNetwork = new GcpNetwork(stack, "Gcp", {
          project: "my-project-123",
          region: "us-central1",
          subnets: [{ cidr: "10.200.0.0/20" }],
          cloudNat: false,
        });
        const routers = [0, 1].map(
          (i) => new CloudRouter(stack, `Router${i}`, { network: gcpNetwork, asn: 64514 + i }),
        );
        const perRouter = new Map<number, string[]>();
        links.forEach((l, i) => {
          let tunnels: { insideCidr?: string }[];
          if (l.kind === "aws") {
            const awsNetwork = new AwsNetwork(stack, `Aws${i}`, {
              cidr: `10.${i}.0.0/16`,
              zoneCount: 1,
              flowLogs: { enabled: false },
            });
            tunnels = new AwsHaVpn(stack, `L${i}`, {
              gcpNetwork,
              cloudRouter: routers[l.router],
              awsNetwork,
              tunnels: l.tunnels,
              awsGateway: l.tunnels > 4 ? AwsVpnGatewayKind.TRANSIT_GATEWAY : undefined,
              gcpFirewall: false,
            }).tunnels;
          } else {
            tunnels = new PeerHaVpn(stack, `L${i}`, {
              gcpNetwork,
              cloudRouter: routers[l.router],
              peerName: `peer-${i}`,
              peerAddresses: ["203.0.113.1"],
              peerAsn: 65001,
              peerRanges: [`192.168.${i}.0/24`],
              tunnels: l.tunnels,
              gcpFirewall: false,
            }).tunnels;
          }
          const cidrs = tunnels.map((t) => t.insideCidr!);
          // Per link (= per AWS gateway): unique.
          expect(new Set(cidrs).size).toBe(cidrs.length);
          perRouter.set(l.router, [...(perRouter.get(l.router) ?? []), ...cidrs]);
          for (const c of cidrs) {
            expect(checkTunnelInsideCidr(c)).toBeUndefined();
            expect(Cidr.parse(c).network % 4).toBe(0);
          }
        });
        // Per router: unique across every link that uses it.
        for (const cidrs of perRouter.values()) expect(new Set(cidrs).size).toBe(cidrs.length);
        // And what was planned is what was synthesized, router interface by router interface.
        const json = synthJson(stack);
        const interfaces = ofType(json, "google_compute_router_interface").map((i) => i.ip_range);
        expect(interfaces).toHaveLength([...perRouter.values()].flat().length);
      }),
      { numRuns: 25 },
    );
  });
});
