import { Problem } from "../core";

/**
 * The oldest Istio minor release hybrid-mesh renders for.
 *
 * @internal
 */
export const OLDEST_ISTIO_MINOR = 17;
/**
 * The newest Istio minor release hybrid-mesh renders for.
 *
 * @internal
 */
export const NEWEST_ISTIO_MINOR = 30;
/** The Istio release a mesh targets unless told otherwise. */
export const DEFAULT_ISTIO_VERSION = "1.30.3";
/** The Helm repository of Istio's charts. */
export const ISTIO_HELM_REPOSITORY = "https://istio-release.storage.googleapis.com/charts";

/**
 * Checks an Istio release: "1.<minor>.<patch>" with a minor from 1.17 to 1.30, the releases whose
 * API versions, chart values and IstioOperator fields hybrid-mesh renders for.
 *
 * @internal
 */
export function checkIstioVersion(version: string): Problem | undefined {
  const m = typeof version === "string" ? /^1\.(\d+)\.(\d+)$/.exec(version) : null;
  if (!m) {
    return {
      rule: 'an Istio release is "1.<minor>.<patch>", as its Helm charts are versioned (e.g. "1.30.3"; for ASM revision asm-1175-9, "1.17.5")',
      fix: `use e.g. "${DEFAULT_ISTIO_VERSION}"`,
    };
  }
  const minor = Number(m[1]);
  if (minor < OLDEST_ISTIO_MINOR || minor > NEWEST_ISTIO_MINOR) {
    return {
      rule: `hybrid-mesh renders for Istio 1.${OLDEST_ISTIO_MINOR} to 1.${NEWEST_ISTIO_MINOR} (API versions, chart values and IstioOperator fields differ per release), not 1.${minor}`,
      fix: `use a release from 1.${OLDEST_ISTIO_MINOR}.0 to 1.${NEWEST_ISTIO_MINOR}.x, e.g. "${DEFAULT_ISTIO_VERSION}"`,
    };
  }
  return undefined;
}

/**
 * What differs between the Istio releases a mesh can target, read from istio/istio at the release
 * tags (charts, CRDs, profiles, multicluster docs): API versions served, chart names, how a remote
 * cluster is installed, how a primary is told to serve remotes.
 */
export class IstioRelease {
  /** Parses a checked version ("1.17.5"). */
  public static of(version: string): IstioRelease {
    const [, minor, patch] = /^1\.(\d+)\.(\d+)$/.exec(version)!;
    return new IstioRelease(version, Number(minor), Number(patch));
  }

  private constructor(
    /** The version, e.g. "1.17.5": also the version of its Helm charts. */
    public readonly version: string,
    /** The minor release, e.g. 17. */
    public readonly minor: number,
    /** The patch release, e.g. 5. */
    public readonly patch: number,
  ) {}

  /**
   * API version of Gateway and VirtualService: `networking.istio.io/v1` from 1.22 (the first
   * release serving v1), `v1alpha3` before (what Istio's own samples and the Anthos documents use).
   */
  public get networkingApiVersion(): string {
    return this.minor >= 22 ? "networking.istio.io/v1" : "networking.istio.io/v1alpha3";
  }

  /**
   * API version of PeerAuthentication and AuthorizationPolicy: `security.istio.io/v1` from 1.22,
   * `v1beta1` before (1.17 serves PeerAuthentication only as v1beta1).
   */
  public get securityApiVersion(): string {
    return this.minor >= 22 ? "security.istio.io/v1" : "security.istio.io/v1beta1";
  }

  /**
   * Whether a remote cluster is installed with the istiod chart's `remote` profile (1.24 and later),
   * rather than the separate `istiod-remote` chart (up to 1.23, its last release).
   */
  public get remoteProfileInCharts(): boolean {
    return this.minor >= 24;
  }

  /**
   * Whether `global.externalIstiod` itself tells istiod to serve remote clusters (1.23 and later);
   * before, the primary sets `pilot.env.EXTERNAL_ISTIOD` (Istio's 1.17 and 1.22 documents).
   */
  public get externalIstiodValue(): boolean {
    return this.minor >= 23;
  }

  /** Whether the gateway chart puts `topology.istio.io/network` on the pods itself (1.26 and later). */
  public get gatewayChartLabelsPods(): boolean {
    return this.minor >= 26;
  }

  /** Helm chart of a remote cluster's control-plane pieces: "istiod" (1.24+) or "istiod-remote". */
  public get remoteChart(): string {
    return this.remoteProfileInCharts ? "istiod" : "istiod-remote";
  }

  /** The version as written, for messages. */
  public toString(): string {
    return this.version;
  }
}
