import * as fc from "fast-check";
import {
  AWS_RESERVED_TUNNEL_CIDRS,
  checkTunnelInsideCidr,
  Cidr,
  isAwsReservedTunnelCidr,
  TunnelCidrAllocator,
  tunnelInsideAddresses,
} from "../../../lib/core";

describe("checkTunnelInsideCidr", () => {
  test.each(AWS_RESERVED_TUNNEL_CIDRS)("rejects the AWS-reserved %s", (cidr) => {
    expect(checkTunnelInsideCidr(cidr)?.rule).toBe(
      "AWS reserves 169.254.0.0/30, 169.254.1.0/30, 169.254.2.0/30, 169.254.3.0/30, 169.254.4.0/30, 169.254.5.0/30, 169.254.169.252/30 and rejects them as tunnel inside CIDRs",
    );
    expect(isAwsReservedTunnelCidr(cidr)).toBe(true);
  });

  test("169.254.5.0/30 is rejected, and the fix names the next free /30, 169.254.6.0/30", () => {
    expect(checkTunnelInsideCidr("169.254.5.0/30")?.fix).toBe('use another /30, e.g. "169.254.6.0/30"');
  });

  test.each([
    "169.254.6.0/30",
    "169.254.5.4/30",
    "169.254.169.248/30",
    "169.254.170.0/30",
    "169.254.255.252/30",
  ])("accepts %s", (cidr) => {
    expect(checkTunnelInsideCidr(cidr)).toBeUndefined();
    expect(isAwsReservedTunnelCidr(cidr)).toBe(false);
  });

  test("169.254.6.2/30 is rejected as unaligned, suggesting 169.254.6.0/30", () => {
    expect(checkTunnelInsideCidr("169.254.6.2/30")).toEqual({
      rule: "a tunnel inside /30 must start on a multiple of 4 (its last octet divisible by 4)",
      fix: 'did you mean "169.254.6.0/30"?',
    });
  });

  test("a /29 or /31 is rejected: only /30", () => {
    expect(checkTunnelInsideCidr("169.254.6.0/29")?.rule).toMatch(/must be exactly a \/30/);
    expect(checkTunnelInsideCidr("169.254.6.0/31")?.fix).toBe('use a /30 such as "169.254.6.0/30"');
  });

  test("a /30 outside link-local is rejected", () => {
    expect(checkTunnelInsideCidr("10.0.0.0/30")?.rule).toBe(
      "a tunnel inside CIDR must lie in the link-local range 169.254.0.0/16",
    );
  });

  test("garbage is rejected", () => {
    expect(checkTunnelInsideCidr("169.254.x.0/30")?.rule).toMatch(/is a \/30 block in 169.254.0.0\/16/);
    expect(checkTunnelInsideCidr("")?.rule).toMatch(/is a \/30 block/);
  });

  test("the two inside addresses are network + 1 and network + 2", () => {
    expect(tunnelInsideAddresses("169.254.10.4/30")).toEqual({
      first: "169.254.10.5",
      second: "169.254.10.6",
    });
  });
});

describe("TunnelCidrAllocator", () => {
  test("starts after the reserved /30s and counts up by 4", () => {
    const alloc = new TunnelCidrAllocator();
    const got = [1, 2, 3].map(() => alloc.allocate(["vgw-a"]).toString());
    expect(got).toEqual(["169.254.6.0/30", "169.254.6.4/30", "169.254.6.8/30"]);
  });

  test("a /30 used in one scope is still free in another, but not in both at once", () => {
    const alloc = new TunnelCidrAllocator();
    expect(alloc.allocate(["router-1"]).toString()).toBe("169.254.6.0/30");
    expect(alloc.allocate(["router-2"]).toString()).toBe("169.254.6.0/30");
    expect(alloc.allocate(["router-1", "vgw"]).toString()).toBe("169.254.6.4/30");
    expect(alloc.allocated("router-1").map(String)).toEqual(["169.254.6.0/30", "169.254.6.4/30"]);
  });

  test("claim records a given /30 and refuses it a second time in the same scope", () => {
    const alloc = new TunnelCidrAllocator();
    expect(alloc.claim("169.254.6.0/30", ["router", "vgw"])).toBeUndefined();
    expect(alloc.claim("169.254.6.0/30", ["vgw"])).toEqual({
      rule: "169.254.6.0/30 is already used by another tunnel of vgw; inside CIDRs must be unique per gateway and per router",
      fix: 'use another /30, e.g. "169.254.6.4/30", or leave it out to have one allocated',
    });
    expect(alloc.allocate(["router"]).toString()).toBe("169.254.6.4/30");
  });

  test("claim applies the inside-CIDR rules", () => {
    expect(new TunnelCidrAllocator().claim("169.254.1.0/30", ["x"])?.rule).toMatch(/AWS reserves/);
  });

  test("skips 169.254.169.252/30 and reports an exhausted pool", () => {
    const alloc = new TunnelCidrAllocator("169.254.169.240/28");
    const got = [1, 2, 3].map(() => alloc.allocate(["s"]).toString());
    expect(got).toEqual(["169.254.169.240/30", "169.254.169.244/30", "169.254.169.248/30"]);
    expect(() => alloc.allocate(["s"])).toThrow(
      'hybrid-mesh: pool = "169.254.169.240/28": no free tunnel /30 is left in 169.254.169.240/28 for s; use a larger pool or fewer tunnels per gateway.',
    );
  });

  test("refuses a pool outside link-local", () => {
    expect(() => new TunnelCidrAllocator("10.0.0.0/24")).toThrow(
      /pool = "10.0.0.0\/24": tunnel inside CIDRs are allocated/,
    );
  });

  test("property: allocations are unique per scope, aligned /30s in 169.254.0.0/16, never reserved, deterministic", () => {
    const scopeNames = ["router-a", "router-b", "vgw-1", "tgw-1"];
    const request = fc.subarray(scopeNames, { minLength: 1 });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 80 }), (requests) => {
        const run = () => {
          const alloc = new TunnelCidrAllocator();
          return requests.map((scopes) => alloc.allocate(scopes));
        };
        const blocks = run();
        expect(blocks.map(String)).toEqual(run().map(String));
        const seen = new Map<string, Set<string>>();
        blocks.forEach((b, i) => {
          expect(b.prefixLength).toBe(30);
          expect(b.network % 4).toBe(0);
          expect(Cidr.parse("169.254.0.0/16").contains(b)).toBe(true);
          expect(isAwsReservedTunnelCidr(b.toString())).toBe(false);
          expect(checkTunnelInsideCidr(b.toString())).toBeUndefined();
          for (const scope of requests[i]) {
            const used = seen.get(scope) ?? new Set<string>();
            expect(used.has(b.toString())).toBe(false);
            used.add(b.toString());
            seen.set(scope, used);
          }
        });
      }),
    );
  });
});
