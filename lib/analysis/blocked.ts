import { ExplanationCode } from "./result";

/**
 * Where a path stops, why, and how to fix it: what a route lookup, a filter or an endpoint
 * answers when it does not let the traffic through.
 *
 * @internal
 */
export interface Blocked {
  /** The hop or resource at fault. */
  readonly hop: string;
  /** What is wrong. */
  readonly reason: string;
  /** How to fix it. */
  readonly fix: string;
  /** Why, as a stable code. */
  readonly code: ExplanationCode;
  /**
   * Whether it only may block: it depends on what is known at plan time only (the path is unchecked).
   *
   * @default false
   */
  readonly unchecked?: boolean;
}
