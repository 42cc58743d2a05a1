import { Problem } from "./errors";
import { AWS_ACCOUNT_DEPENDENT_ZONES, AWS_REGION_ZONES, GCP_REGION_ZONES } from "./regions-data";

/** Letters an account may see in a region whose zone letters differ per account. */
const ANY_ACCOUNT_LETTERS = "abcdef";

/** How many zones every account sees, where fewer than the region has (us-west-1: two of three). */
const VISIBLE_ZONES: Readonly<Record<string, number>> = Object.freeze({ "us-west-1": 2 });

/**
 * How many availability zones every account sees in an AWS region (undefined for an unknown region).
 *
 * @internal
 */
export function awsZoneCount(region: string): number | undefined {
  if (!isAwsRegion(region)) return undefined;
  return VISIBLE_ZONES[region] ?? AWS_REGION_ZONES[region].length;
}

function closest(name: string, candidates: readonly string[]): string[] {
  const score = (c: string) => {
    let same = 0;
    while (same < Math.min(c.length, name.length) && c[same] === name[same]) same++;
    return same - Math.abs(c.length - name.length) / 10;
  };
  const best = Math.max(...candidates.map(score));
  return candidates.filter((c) => score(c) === best && best >= name.length / 2).slice(0, 3);
}

function suggestion(name: string, regions: readonly string[], example: string): string {
  const near = typeof name === "string" ? closest(name, regions) : [];
  return near.length > 0
    ? `did you mean ${near.map((r) => `"${r}"`).join(" or ")}?`
    : `use e.g. "${example}"`;
}

/**
 * Whether `region` is an AWS region hybrid-mesh knows (commercial, GovCloud, China).
 *
 * @internal
 */
export function isAwsRegion(region: string): boolean {
  return typeof region === "string" && Object.prototype.hasOwnProperty.call(AWS_REGION_ZONES, region);
}

/**
 * Checks an AWS region name against the regions AWS has ("eu-west-1").
 *
 * @internal
 */
export function checkAwsRegion(region: string): Problem | undefined {
  if (isAwsRegion(region)) return undefined;
  return {
    rule: 'an AWS region is one of AWS\'s region names, e.g. "eu-west-1" or "us-east-2"',
    fix: suggestion(region, Object.keys(AWS_REGION_ZONES), "eu-west-1"),
  };
}

/**
 * The availability zones of an AWS region every account has, in letter order, or undefined when
 * the letters differ per account (us-west-1, us-east-1, ap-northeast-1: look them up at plan time
 * with `aws_availability_zones`) or the region is unknown.
 *
 * @internal
 */
export function awsRegionZones(region: string): string[] | undefined {
  if (!isAwsRegion(region) || AWS_ACCOUNT_DEPENDENT_ZONES.includes(region)) return undefined;
  return [...AWS_REGION_ZONES[region]].map((letter) => `${region}${letter}`);
}

/**
 * Checks an AWS availability zone name: a zone of `region` (when given), with a letter the region
 * has ("ap-northeast-1" has a, c and d).
 *
 * @internal
 */
export function checkAwsZone(zone: string, region?: string): Problem | undefined {
  const match = typeof zone === "string" ? /^([a-z]{2}(?:-[a-z]+)+-\d+)([a-z])$/.exec(zone) : null;
  if (!match) {
    return {
      rule: 'an availability zone name is a region name followed by a letter, e.g. "eu-west-1a"',
      fix: region
        ? `use a zone of ${region}, e.g. "${(awsRegionZones(region) ?? [`${region}a`])[0]}"`
        : 'use e.g. "eu-west-1a"',
    };
  }
  const [, zoneRegion, letter] = match;
  if (region !== undefined && zoneRegion !== region) {
    return {
      rule: `the zone is in ${zoneRegion}, not in the region ${region}`,
      fix: `use zones of ${region}${awsRegionZones(region) ? `: ${awsRegionZones(region)!.join(", ")}` : ""}`,
    };
  }
  if (!isAwsRegion(zoneRegion)) return checkAwsRegion(zoneRegion);
  const letters = AWS_ACCOUNT_DEPENDENT_ZONES.includes(zoneRegion)
    ? ANY_ACCOUNT_LETTERS
    : AWS_REGION_ZONES[zoneRegion];
  if (!letters.includes(letter)) {
    return {
      rule: `${zoneRegion} has no zone "${zone}" (its zones are ${[...AWS_REGION_ZONES[zoneRegion]].map((l) => zoneRegion + l).join(", ")})`,
      fix: `use one of them`,
    };
  }
  return undefined;
}

/**
 * Whether `region` is a GCP region hybrid-mesh knows.
 *
 * @internal
 */
export function isGcpRegion(region: string): boolean {
  return typeof region === "string" && Object.prototype.hasOwnProperty.call(GCP_REGION_ZONES, region);
}

/**
 * Checks a GCP region name against the regions Google Cloud has ("europe-west1").
 *
 * @internal
 */
export function checkGcpRegion(region: string): Problem | undefined {
  if (isGcpRegion(region)) return undefined;
  return {
    rule: 'a GCP region is one of Google Cloud\'s region names, e.g. "us-central1" or "europe-west4"',
    fix: suggestion(region, Object.keys(GCP_REGION_ZONES), "us-central1"),
  };
}

/**
 * The zones of a GCP region ("europe-west1" → europe-west1-b, -c, -d), or undefined for an unknown region.
 *
 * @internal
 */
export function gcpRegionZones(region: string): string[] | undefined {
  if (!isGcpRegion(region)) return undefined;
  return [...GCP_REGION_ZONES[region]].map((letter) => `${region}-${letter}`);
}

/**
 * Checks a GCP zone name: a zone the region has ("europe-west1" has b, c and d), in `region` when given.
 *
 * @internal
 */
export function checkGcpZone(zone: string, region?: string): Problem | undefined {
  const match = typeof zone === "string" ? /^([a-z]+(?:-[a-z]+)+\d+)-([a-z])$/.exec(zone) : null;
  if (!match) {
    return {
      rule: 'a GCP zone name is a region name, a hyphen and a letter, e.g. "us-central1-c"',
      fix: `use e.g. "${(region && gcpRegionZones(region)?.[0]) || "us-central1-c"}"`,
    };
  }
  const [, zoneRegion, letter] = match;
  if (region !== undefined && zoneRegion !== region) {
    return {
      rule: `the zone is in ${zoneRegion}, not in the region ${region}`,
      fix: `use a zone of ${region}${gcpRegionZones(region) ? `: ${gcpRegionZones(region)!.join(", ")}` : ""}`,
    };
  }
  if (!isGcpRegion(zoneRegion)) return checkGcpRegion(zoneRegion);
  if (!GCP_REGION_ZONES[zoneRegion].includes(letter)) {
    return {
      rule: `${zoneRegion} has no zone "${zone}" (its zones are ${gcpRegionZones(zoneRegion)!.join(", ")})`,
      fix: "use one of them",
    };
  }
  return undefined;
}
