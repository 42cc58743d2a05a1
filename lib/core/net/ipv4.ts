import * as ipaddr from "ipaddr.js";
import { HybridMeshError, Problem } from "../errors";

const TWO_32 = 2 ** 32;

/**
 * Parses a dotted-quad IPv4 address ("10.0.0.1") into an unsigned 32-bit integer.
 *
 * Only the four-part decimal form is accepted: `ipaddr.js` would also read "10.1" or
 * "0x0a.0.0.1", which cloud APIs reject, and leading zeros ("010.0.0.1") are ambiguous.
 *
 * @returns the address as a number, or undefined if `text` is not a dotted-quad address
 *
 * @internal
 */
export function parseIpv4(text: string): number | undefined {
  if (typeof text !== "string" || !ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets;
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

/**
 * Formats an unsigned 32-bit integer as a dotted-quad IPv4 address.
 *
 * @internal
 */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/**
 * Checks that `text` is a dotted-quad IPv4 address ("10.0.0.1").
 *
 * @internal
 */
export function checkIpv4Address(text: string): Problem | undefined {
  if (parseIpv4(text) !== undefined) return undefined;
  return {
    rule: "an IPv4 address is four decimal numbers 0-255 separated by dots, without leading zeros",
    fix: 'write it as e.g. "10.0.0.10"',
  };
}

/**
 * Checks the syntax of an IPv4 CIDR block: "a.b.c.d/n", n from 0 to 32, no host bits set.
 *
 * @returns a problem, or undefined when the block is valid
 *
 * @internal
 */
export function checkCidr(text: string): Problem | undefined {
  const parsed = parseCidrParts(text);
  if (typeof parsed === "object" && "rule" in parsed) return parsed;
  return undefined;
}

// Blocks parsed so far (a Cidr is immutable): planning and validation parse the same few hundred
// strings again and again. Bounded, for programs that parse without end.
const parsedCidrs = new Map<string, Cidr>();

function parseCidrParts(text: string): Cidr | Problem {
  const known = typeof text === "string" ? parsedCidrs.get(text) : undefined;
  if (known) return known;
  const parsed = parseCidrText(text);
  if (parsed instanceof Cidr) {
    if (parsedCidrs.size >= 10_000) parsedCidrs.clear();
    parsedCidrs.set(text, parsed);
  }
  return parsed;
}

function parseCidrText(text: string): Cidr | Problem {
  if (typeof text !== "string") {
    return { rule: 'a CIDR block is a string such as "10.0.0.0/16"', fix: "pass the range as a string" };
  }
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  const address = match ? parseIpv4(match[1]) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || address === undefined || !(prefix >= 0 && prefix <= 32)) {
    return {
      rule: "an IPv4 CIDR block is a dotted-quad address, a slash and a prefix length from 0 to 32",
      fix: 'write it as e.g. "10.0.0.0/16"',
    };
  }
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  if (network !== address) {
    const fixed = `${formatIpv4(network)}/${prefix}`;
    return {
      rule: `a CIDR block's address must be the first address of the block (the host bits below /${prefix} must be zero)`,
      fix: `did you mean "${fixed}"?`,
    };
  }
  return Cidr.fromNumber(network, prefix);
}

/**
 * An IPv4 CIDR block: a network address and a prefix length.
 *
 * Immutable, and pure (no cdktf): all address planning in hybrid-mesh is done with this class at
 * synth time, so that plans are deterministic and checked before `terraform apply`.
 */
export class Cidr {
  /**
   * Parses a CIDR block such as "10.0.0.0/16".
   *
   * @param text the block
   * @param property the name shown in the error message when `text` is invalid
   * @throws HybridMeshError when `text` is not an IPv4 CIDR block or has host bits set
   */
  public static parse(text: string, property = "cidr"): Cidr {
    const parsed = parseCidrParts(text);
    if (parsed instanceof Cidr) return parsed;
    throw new HybridMeshError({ property, value: text, ...parsed });
  }

  /**
   * Builds a block from its network address as a number.
   *
   * @throws HybridMeshError when the address is not aligned to the prefix length
   */
  public static fromNumber(network: number, prefixLength: number): Cidr {
    if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
      throw new HybridMeshError({
        property: "prefixLength",
        value: prefixLength,
        rule: "an IPv4 prefix length is a whole number from 0 to 32",
        fix: "use e.g. 24",
      });
    }
    const size = 2 ** (32 - prefixLength);
    if (!Number.isInteger(network) || network < 0 || network >= TWO_32 || network % size !== 0) {
      throw new HybridMeshError({
        property: "network",
        value: network,
        rule: `the network address of a /${prefixLength} must be a multiple of ${size} within the IPv4 space`,
        fix: "align the address to the block size",
      });
    }
    return new Cidr(network, prefixLength);
  }

  /** The block `text` is, or undefined when it is not a valid block (no error). */
  public static tryParse(text: string): Cidr | undefined {
    const parsed = parseCidrParts(text);
    return parsed instanceof Cidr ? parsed : undefined;
  }

  /** Whether `text` is a valid IPv4 CIDR block with no host bits set. */
  public static isCidr(text: string): boolean {
    return checkCidr(text) === undefined;
  }

  private readonly lastAddress: number;

  private constructor(
    /** The network address as an unsigned 32-bit integer. */
    public readonly network: number,
    /** The prefix length, 0 to 32. */
    public readonly prefixLength: number,
  ) {
    // Kept: contains() and overlaps() run millions of times in a topology analysis.
    this.lastAddress = network + 2 ** (32 - prefixLength) - 1;
    // Shared: parsed blocks are remembered and handed out again.
    Object.freeze(this);
  }

  /** Number of addresses in the block (2^(32 - prefix length)). */
  public get size(): number {
    return 2 ** (32 - this.prefixLength);
  }

  /** First address, as a number (the network address). */
  public get first(): number {
    return this.network;
  }

  /** Last address, as a number (the broadcast address). */
  public get last(): number {
    return this.lastAddress;
  }

  /** The network address, dotted quad. */
  public get networkAddress(): string {
    return formatIpv4(this.network);
  }

  /** The netmask, dotted quad (e.g. "255.255.255.252" for a /30). */
  public get netmask(): string {
    return formatIpv4(TWO_32 - this.size);
  }

  /** The i-th address of the block (0 = network address), dotted quad. */
  public address(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new HybridMeshError({
        property: "index",
        value: index,
        rule: `a /${this.prefixLength} has addresses 0 to ${this.size - 1}`,
        fix: `use an index inside ${this.toString()}`,
      });
    }
    return formatIpv4(this.network + index);
  }

  /** Whether `other` lies entirely inside this block (a block contains itself). */
  public contains(other: Cidr): boolean {
    return other.network >= this.network && other.lastAddress <= this.lastAddress;
  }

  /** Whether the address (dotted quad or number) lies inside this block. */
  public containsAddress(address: string | number): boolean {
    const value = typeof address === "number" ? address : parseIpv4(address);
    return value !== undefined && value >= this.first && value <= this.last;
  }

  /** Whether the two blocks share at least one address. */
  public overlaps(other: Cidr): boolean {
    return this.network <= other.lastAddress && other.network <= this.lastAddress;
  }

  /** Whether both blocks are the same. */
  public equals(other: Cidr): boolean {
    return this.network === other.network && this.prefixLength === other.prefixLength;
  }

  /** Orders blocks by address, then larger blocks first (so a block sorts before the blocks it contains). */
  public compare(other: Cidr): number {
    return this.network - other.network || this.prefixLength - other.prefixLength;
  }

  /** The enclosing block with a shorter prefix (e.g. 10.0.1.0/24 → 10.0.0.0/16 for prefix 16). */
  public supernet(prefixLength: number): Cidr {
    if (prefixLength > this.prefixLength || prefixLength < 0) {
      throw new HybridMeshError({
        property: "prefixLength",
        value: prefixLength,
        rule: `a supernet of ${this.toString()} has a prefix length from 0 to ${this.prefixLength}`,
        fix: "use a shorter prefix",
      });
    }
    const size = 2 ** (32 - prefixLength);
    return new Cidr(Math.floor(this.network / size) * size, prefixLength);
  }

  /** "a.b.c.d/n". */
  public toString(): string {
    return `${this.networkAddress}/${this.prefixLength}`;
  }

  /** Serializes as the "a.b.c.d/n" string. */
  public toJSON(): string {
    return this.toString();
  }
}
