import * as fc from "fast-check";
import {
  Cidr,
  describeOverlaps,
  findOverlaps,
  packCidrs,
  splitCidr,
  checkCidrPrefix,
  summarizeCidrs,
} from "../../../lib/core";

const strings = (cidrs: Cidr[]) => cidrs.map((c) => c.toString());

/** Arbitrary CIDR block with prefix in [minPrefix, maxPrefix]. */
const cidrArb = (minPrefix = 0, maxPrefix = 32) =>
  fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: minPrefix, max: maxPrefix }))
    .map(([address, prefix]) => {
      const size = 2 ** (32 - prefix);
      return Cidr.fromNumber(Math.floor(address / size) * size, prefix);
    });

/** Blocks crowded into 10.0.0.0/20, so that overlaps are common. */
const crowdedArb = fc
  .tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 28 }))
  .map(([offset, prefix]) => {
    const size = 2 ** (32 - prefix);
    return Cidr.fromNumber(Cidr.parse("10.0.0.0/20").network + Math.floor(offset / size) * size, prefix);
  });

describe("splitCidr", () => {
  test("splits a /16 into 4 /18s in address order", () => {
    expect(strings(splitCidr("10.0.0.0/16", 4))).toEqual([
      "10.0.0.0/18",
      "10.0.64.0/18",
      "10.0.128.0/18",
      "10.0.192.0/18",
    ]);
  });

  test("rounds up to the next power of two and leaves the tail unused", () => {
    expect(strings(splitCidr("10.0.0.0/16", 6))).toEqual([
      "10.0.0.0/19",
      "10.0.32.0/19",
      "10.0.64.0/19",
      "10.0.96.0/19",
      "10.0.128.0/19",
      "10.0.160.0/19",
    ]);
  });

  test("one block is the parent itself", () => {
    expect(strings(splitCidr("192.168.0.0/24", 1))).toEqual(["192.168.0.0/24"]);
  });

  test("refuses counts that are not whole numbers >= 1, or too many blocks", () => {
    expect(() => splitCidr("10.0.0.0/16", 0)).toThrow(
      /count = 0: a block is split into a whole number of blocks/,
    );
    expect(() => splitCidr("10.0.0.0/16", 1.5)).toThrow(/count = 1.5/);
    expect(() => splitCidr("10.0.0.0/31", 3)).toThrow(
      /count = 3: 10.0.0.0\/31 has only 2 addresses and cannot be split into 3 blocks/,
    );
  });

  test("property: blocks are disjoint, inside the parent, aligned, equal in size and deterministic", () => {
    fc.assert(
      fc.property(cidrArb(0, 28), fc.integer({ min: 1, max: 16 }), (parent, count) => {
        const blocks = splitCidr(parent, count);
        expect(blocks).toHaveLength(count);
        expect(strings(splitCidr(parent.toString(), count))).toEqual(strings(blocks));
        blocks.forEach((b, i) => {
          expect(parent.contains(b)).toBe(true);
          expect(b.network % b.size).toBe(0);
          expect(b.size).toBe(blocks[0].size);
          if (i > 0) expect(blocks[i - 1].last).toBeLessThan(b.first);
        });
        expect(findOverlaps(blocks.map((cidr, i) => ({ name: `b${i}`, cidr })))).toEqual([]);
      }),
    );
  });
});

describe("packCidrs", () => {
  test("packs blocks of given sizes in order, aligning each", () => {
    expect(strings(packCidrs("10.0.0.0/16", [24, 20, 24]))).toEqual([
      "10.0.0.0/24",
      "10.0.16.0/20",
      "10.0.32.0/24",
    ]);
  });

  test("packs largest-first without gaps", () => {
    expect(strings(packCidrs("10.0.0.0/22", [23, 24, 25, 25]))).toEqual([
      "10.0.0.0/23",
      "10.0.2.0/24",
      "10.0.3.0/25",
      "10.0.3.128/25",
    ]);
  });

  test("fails when the blocks do not fit, naming the block that overflows", () => {
    expect(() => packCidrs("10.0.0.0/24", [25, 25, 26])).toThrow(
      "hybrid-mesh: prefixLengths = [25,25,26]: /25, /25, /26 do not fit in 10.0.0.0/24 (block 3, a /26, starts past its end); use a larger range, fewer blocks or longer prefixes.",
    );
  });

  test("fails on a prefix shorter than the parent's", () => {
    expect(() => packCidrs("10.0.0.0/24", [16])).toThrow(
      /prefixLengths\[0\] = 16: a block packed into 10.0.0.0\/24/,
    );
  });

  test("property: packed blocks are disjoint, inside the parent, aligned, in order and deterministic", () => {
    fc.assert(
      fc.property(
        cidrArb(8, 24),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 12 }),
        (parent, offsets) => {
          const lengths = offsets.map((o) => Math.min(32, parent.prefixLength + o));
          let blocks: Cidr[];
          try {
            blocks = packCidrs(parent, lengths);
          } catch (e) {
            // Only a capacity problem may fail: the total size must then exceed the parent.
            expect(String(e)).toMatch(/do not fit/);
            return;
          }
          expect(strings(packCidrs(parent.toString(), lengths))).toEqual(strings(blocks));
          blocks.forEach((b, i) => {
            expect(b.prefixLength).toBe(lengths[i]);
            expect(parent.contains(b)).toBe(true);
            expect(b.network % b.size).toBe(0);
            if (i > 0) expect(blocks[i - 1].last).toBeLessThan(b.first);
          });
        },
      ),
    );
  });
});

describe("findOverlaps", () => {
  test("reports every clashing pair by name, and nothing for disjoint blocks", () => {
    const overlaps = findOverlaps([
      { name: "aws/vpc", cidr: "10.0.0.0/16" },
      { name: "gcp/subnet", cidr: "10.1.0.0/20" },
      { name: "gcp/pods", cidr: "10.0.128.0/17" },
      { name: "onprem/lan", cidr: "10.0.130.0/24" },
      { name: "gcp/services", cidr: "10.2.0.0/20" },
    ]);
    expect(overlaps.map((o) => [o.a.name, o.b.name])).toEqual([
      ["aws/vpc", "gcp/pods"],
      ["aws/vpc", "onprem/lan"],
      ["gcp/pods", "onprem/lan"],
    ]);
    expect(describeOverlaps(overlaps.slice(0, 1))).toBe(
      '"aws/vpc" 10.0.0.0/16 overlaps "gcp/pods" 10.0.128.0/17',
    );
  });

  test("reports identical blocks", () => {
    expect(
      findOverlaps([
        { name: "a", cidr: "10.0.0.0/24" },
        { name: "b", cidr: "10.0.0.0/24" },
      ]),
    ).toHaveLength(1);
  });

  test("property: agrees with a brute-force pairwise check", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cidrArb(4, 16), crowdedArb), { maxLength: 30 }), (cidrs) => {
        const named = cidrs.map((cidr, i) => ({ name: `n${i}`, cidr }));
        const key = (a: string, b: string) => [a, b].sort().join("|");
        const found = new Set(findOverlaps(named).map((o) => key(o.a.name, o.b.name)));
        const expected = new Set<string>();
        for (let i = 0; i < named.length; i++) {
          for (let j = i + 1; j < named.length; j++) {
            if (named[i].cidr.overlaps(named[j].cidr)) expected.add(key(named[i].name, named[j].name));
          }
        }
        expect(found).toEqual(expected);
        expect(findOverlaps(named)).toHaveLength(expected.size);
      }),
    );
  });
});

describe("checkCidrPrefix", () => {
  test.each([
    ["10.0.0.0/16", undefined],
    ["10.0.0.0/28", undefined],
  ])("accepts %s for an AWS VPC", (cidr) => {
    expect(checkCidrPrefix(cidr, 16, 28, "an AWS VPC CIDR")).toBeUndefined();
  });

  test("refuses a /15 and a /29 for an AWS VPC with a fix", () => {
    expect(checkCidrPrefix("10.0.0.0/15", 16, 28, "an AWS VPC CIDR")).toEqual({
      rule: "an AWS VPC CIDR must be between /16 and /28",
      fix: 'use a smaller range, e.g. "10.0.0.0/16"',
    });
    expect(checkCidrPrefix("10.0.0.0/29", 16, 28, "an AWS VPC CIDR")?.fix).toBe(
      'use a larger range, e.g. "10.0.0.0/28"',
    );
  });
});

describe("summarizeCidrs", () => {
  const text = (blocks: string[]) => summarizeCidrs(blocks).map(String);

  test("merges siblings and drops blocks inside others; never adds an address", () => {
    expect(text(["10.1.16.0/20", "10.1.0.0/20", "10.1.0.0/24"])).toEqual(["10.1.0.0/19"]);
    expect(text(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])).toEqual(["10.0.0.0/22"]);
    expect(text(["10.0.1.0/24", "10.0.2.0/24"])).toEqual(["10.0.1.0/24", "10.0.2.0/24"]);
    expect(text(["10.0.0.0/16", "172.20.0.0/22", "10.0.0.0/16"])).toEqual(["10.0.0.0/16", "172.20.0.0/22"]);
    expect(text([])).toEqual([]);
  });

  test("property: covers exactly the same addresses", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 22, max: 26 })), {
          maxLength: 12,
        }),
        (raw) => {
          const blocks = raw.map(([n, p]) =>
            Cidr.fromNumber(Math.floor((0x0a000000 + n * 256) / 2 ** (32 - p)) * 2 ** (32 - p), p),
          );
          const out = summarizeCidrs(blocks);
          const covered = (list: Cidr[], a: number) => list.some((c) => c.containsAddress(a));
          for (let a = 0x0a000000; a < 0x0a000000 + 256 * 256; a += 64)
            expect(covered(out, a)).toBe(covered(blocks, a));
          expect(out.length).toBeLessThanOrEqual(Math.max(blocks.length, 0));
        },
      ),
      { numRuns: 40 },
    );
  });
});
