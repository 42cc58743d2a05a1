// GCP rules that are not about one construct: project ids and numbers, regions and zones.
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { check, checkGcpRegion, checkGcpZone, Problem } from "../core";

/**
 * Checks a GCP project id: 6-30 characters, a lower-case letter first, letters, digits and hyphens, not ending with a hyphen.
 *
 * @internal
 */
export function checkProjectId(project: string): Problem | undefined {
  if (typeof project === "string" && /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) return undefined;
  return {
    rule: "a GCP project id is 6-30 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen",
    fix: 'use the project id (not its name or number), e.g. "my-project-123"',
  };
}

/**
 * Checks a GCP project number: digits only.
 *
 * @internal
 */
export function checkProjectNumber(projectNumber: string): Problem | undefined {
  if (typeof projectNumber === "string" && /^\d{6,20}$/.test(projectNumber)) return undefined;
  return {
    rule: "a GCP project number is made of digits only",
    fix: 'use the project number, e.g. "123456789012"',
  };
}

/**
 * Whether `location` is a zone ("us-central1-c") rather than a region.
 *
 * @internal
 */
export function isZone(location: string): boolean {
  return /^[a-z]+(-[a-z]+)+\d+-[a-z]$/.test(location);
}

/**
 * The region of a zone ("us-central1-c" → "us-central1"), or the location itself for a region.
 *
 * @internal
 */
export function regionOf(location: string): string {
  return isZone(location) ? location.replace(/-[a-z]$/, "") : location;
}

/**
 * Checks a GKE location: a region, or a zone of `region`.
 *
 * @internal
 */
export function checkLocationIn(location: string, region: string): Problem | undefined {
  if (typeof location !== "string" || (!isZone(location) && checkGcpRegion(location))) {
    return {
      rule: 'a GKE location is a region ("us-central1", regional cluster) or a zone ("us-central1-c", zonal cluster)',
      fix: `use "${region}" or one of its zones`,
    };
  }
  if (isZone(location)) return checkGcpZone(location, region);
  if (location !== region) {
    return {
      rule: `the location must be in the subnet's region ${region}`,
      fix: `use "${region}" or one of its zones`,
    };
  }
  return undefined;
}

const projectNumbers = new WeakMap<IConstruct, Map<string, string>>();

/**
 * The number of a project: the one given, or read at plan time with a `google_project` data source
 * (one per project and stack).
 *
 * @internal
 */
export function projectNumberOf(scope: Construct, project: string, given?: string): string {
  if (given !== undefined) return check(scope, "projectNumber", given, checkProjectNumber);
  const stack = TerraformStack.of(scope);
  let byProject = projectNumbers.get(stack);
  if (!byProject) {
    byProject = new Map();
    projectNumbers.set(stack, byProject);
  }
  let number = byProject.get(project);
  if (number === undefined) {
    number = new DataGoogleProject(stack, `hybrid-mesh-project-${project}`, { projectId: project }).number;
    byProject.set(project, number);
  }
  return number;
}
