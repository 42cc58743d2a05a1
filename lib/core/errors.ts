// Pure: no cdktf, so that core/net/ can use it. Construct-facing helpers are in validation.ts.
import type { IConstruct } from "constructs";

/**
 * What is wrong with a value, and how to fix it.
 *
 * Pure checks (CIDR rules, name rules, ASN rules) return a `Problem` or `undefined`;
 * constructs turn a problem into a {@link HybridMeshError} that also names the construct
 * path, the property and the bad value.
 */
export interface Problem {
  /** The rule the value breaks, e.g. "a tunnel inside CIDR must be a /30". */
  readonly rule: string;
  /** How to fix it, e.g. "use 169.254.6.0/30". */
  readonly fix: string;
}

/** Everything a {@link HybridMeshError} message is made of. */
export interface HybridMeshErrorDetails extends Problem {
  /**
   * The construct whose input is wrong.
   *
   * @default - the error is not tied to a construct (a pure function such as `Cidr.parse` was called directly)
   */
  readonly scope?: IConstruct;
  /** The property (prop name, or a dotted path into props) holding the bad value. */
  readonly property: string;
  /** The bad value, shown in the message. */
  readonly value: unknown;
}

const MAX_VALUE_LENGTH = 160;

/**
 * Formats a value for an error message: strings quoted, objects as compact JSON, long values shortened.
 *
 * @internal
 */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === undefined) {
    text = "undefined";
  } else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function constructType(scope: IConstruct): string {
  const explicit = (scope as { readonly hybridMeshType?: unknown }).hybridMeshType;
  return typeof explicit === "string" ? explicit : scope.constructor.name;
}

function trimEnd(text: string): string {
  return text.trim().replace(/[.;]+$/, "");
}

function sentence(text: string): string {
  const trimmed = trimEnd(text);
  return /[?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The one error type for every hybrid-mesh validation failure.
 *
 * Its message names the construct path, the property, the bad value, the rule and the fix:
 *
 * ```
 * hybrid-mesh: aws/cp (ControlPlane): replicas = 4: etcd needs an odd number of members (1, 3, 5 or 7) to keep quorum; use 3 or 5.
 * ```
 */
export class HybridMeshError extends Error {
  /** Tests whether `x` is a HybridMeshError, also across two copies of the library. */
  public static isHybridMeshError(x: unknown): x is HybridMeshError {
    return typeof x === "object" && x !== null && HYBRID_MESH_ERROR in x;
  }

  /**
   * Formats the message of an error without creating it (used for deferred validations,
   * which return strings).
   */
  public static format(details: HybridMeshErrorDetails): string {
    const where = details.scope
      ? `${details.scope.node.path || "<root>"} (${constructType(details.scope)}): `
      : "";
    return `hybrid-mesh: ${where}${details.property} = ${formatValue(details.value)}: ${trimEnd(details.rule)}; ${sentence(details.fix)}`;
  }

  /** Construct path of the construct with the bad input, or undefined for a pure function call. */
  public readonly path: string | undefined;
  /** Property holding the bad value. */
  public readonly property: string;
  /** The bad value. */
  public readonly value: unknown;
  /** The rule it breaks. */
  public readonly rule: string;
  /** How to fix it. */
  public readonly fix: string;

  constructor(details: HybridMeshErrorDetails) {
    super(HybridMeshError.format(details));
    Object.defineProperty(this, HYBRID_MESH_ERROR, { value: true });
    this.name = "HybridMeshError";
    this.path = details.scope?.node.path;
    this.property = details.property;
    this.value = details.value;
    this.rule = details.rule;
    this.fix = details.fix;
  }
}

const HYBRID_MESH_ERROR = Symbol.for("hybrid-mesh.HybridMeshError");

/**
 * A problem with a value, found by a deferred (whole-app) validation.
 *
 * @internal
 */
export interface Violation extends Problem {
  /** Property holding the bad value. */
  readonly property: string;
  /** The bad value. */
  readonly value: unknown;
}
