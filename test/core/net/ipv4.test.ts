import { checkCidr, checkIpv4Address, Cidr, formatIpv4, HybridMeshError, parseIpv4 } from "../../../lib/core";

describe("parseIpv4 / formatIpv4", () => {
  test.each([
    ["0.0.0.0", 0],
    ["10.0.0.1", 167772161],
    ["255.255.255.255", 4294967295],
  ])("reads %s as %d and writes it back", (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  test.each(["10.1", "0x0a.0.0.1", "010.0.0.1", "1.2.3.256", "10.0.0.0 ", "", "a.b.c.d"])(
    "refuses %j, which cloud APIs do not accept",
    (text) => {
      expect(parseIpv4(text)).toBeUndefined();
      expect(checkIpv4Address(text)?.rule).toMatch(/four decimal numbers/);
    },
  );
});

describe("Cidr", () => {
  test("parses a block and exposes its bounds", () => {
    const c = Cidr.parse("10.1.0.0/16");
    expect(c.networkAddress).toBe("10.1.0.0");
    expect(c.prefixLength).toBe(16);
    expect(c.size).toBe(65536);
    expect(formatIpv4(c.last)).toBe("10.1.255.255");
    expect(c.netmask).toBe("255.255.0.0");
    expect(c.address(1)).toBe("10.1.0.1");
    expect(c.toString()).toBe("10.1.0.0/16");
    expect(JSON.stringify({ c })).toBe('{"c":"10.1.0.0/16"}');
  });

  test("accepts /0 and /32", () => {
    expect(Cidr.parse("0.0.0.0/0").size).toBe(2 ** 32);
    expect(Cidr.parse("10.0.0.7/32").size).toBe(1);
  });

  test("rejects host bits and suggests the network address", () => {
    expect(checkCidr("10.0.0.1/16")).toEqual({
      rule: "a CIDR block's address must be the first address of the block (the host bits below /16 must be zero)",
      fix: 'did you mean "10.0.0.0/16"?',
    });
    expect(() => Cidr.parse("10.0.0.1/16", "cidrBlock")).toThrow(
      'hybrid-mesh: cidrBlock = "10.0.0.1/16": a CIDR block\'s address must be the first address of the block (the host bits below /16 must be zero); did you mean "10.0.0.0/16"?',
    );
  });

  test.each(["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "10.0.0.0/8/8", " 10.0.0.0/8"])(
    "rejects malformed %j with a HybridMeshError",
    (text) => {
      expect(checkCidr(text)?.rule).toMatch(/an IPv4 CIDR block is a dotted-quad address/);
      expect(() => Cidr.parse(text)).toThrow(HybridMeshError);
    },
  );

  test("contains, overlaps and equals follow the address ranges", () => {
    const vpc = Cidr.parse("10.0.0.0/16");
    const subnet = Cidr.parse("10.0.3.0/24");
    const other = Cidr.parse("10.1.0.0/16");
    expect(vpc.contains(subnet)).toBe(true);
    expect(subnet.contains(vpc)).toBe(false);
    expect(vpc.contains(vpc)).toBe(true);
    expect(vpc.overlaps(subnet)).toBe(true);
    expect(subnet.overlaps(vpc)).toBe(true);
    expect(vpc.overlaps(other)).toBe(false);
    expect(vpc.containsAddress("10.0.255.255")).toBe(true);
    expect(vpc.containsAddress("10.1.0.0")).toBe(false);
    expect(vpc.equals(Cidr.parse("10.0.0.0/16"))).toBe(true);
  });

  test("supernet widens a block", () => {
    expect(Cidr.parse("10.0.3.0/24").supernet(16).toString()).toBe("10.0.0.0/16");
    expect(() => Cidr.parse("10.0.0.0/16").supernet(24)).toThrow(/prefix length from 0 to 16/);
  });

  test("fromNumber refuses unaligned network addresses", () => {
    expect(() => Cidr.fromNumber(parseIpv4("10.0.0.4")!, 24)).toThrow(/must be a multiple of 256/);
    expect(() => Cidr.fromNumber(0, 33)).toThrow(/from 0 to 32/);
  });
});
