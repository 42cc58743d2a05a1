import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  awsRegionZones,
  awsZoneCount,
  check,
  checkAwsRegion,
  checkAwsZone,
  checkEach,
  countBetween,
  fail,
  isUnresolved,
  Problem,
} from "../core";

/**
 * The availability zones of the AWS network `scope`, in order: the ones given, checked against
 * the region (the props', or the stack's AWS provider's); or the region's first `zoneCount`,
 * from hybrid-mesh's table of AWS regions, or looked up at plan time (a data source) where zone
 * letters differ per account or when the region is not known at synth.
 *
 * @internal
 */
export function networkZones(
  scope: Construct,
  props: { readonly region?: string; readonly availabilityZones?: string[]; readonly zoneCount?: number },
): string[] {
  const region = props.region ?? providerRegion(scope);
  check(
    scope,
    props.region !== undefined ? "region" : "region (of the stack's AWS provider)",
    region,
    checkAwsRegion,
  );
  if (props.availabilityZones !== undefined) {
    const zones = props.availabilityZones;
    if (props.zoneCount !== undefined && props.zoneCount !== zones.length) {
      fail(scope, "zoneCount", props.zoneCount, {
        rule: `zoneCount must match the ${zones.length} availabilityZones given`,
        fix: "give either availabilityZones or zoneCount",
      });
    }
    checkEach(scope, "availabilityZones", zones, (z) => checkAwsZone(z, region));
    check(scope, "availabilityZones", zones, (z) => checkZoneList(z, region));
    return zones;
  }
  const literalRegion = region !== undefined && !isUnresolved(region) ? region : undefined;
  const known = literalRegion ? awsRegionZones(literalRegion) : undefined;
  const visible = literalRegion ? awsZoneCount(literalRegion) : undefined;
  const count = check(
    scope,
    "zoneCount",
    props.zoneCount ?? Math.min(3, visible ?? 3),
    countBetween(
      1,
      visible ?? 6,
      `the number of availability zones${visible ? ` (${region} has ${visible})` : ""}`,
    ),
  );
  if (known) return known.slice(0, count);
  // The zone letters differ per account here, or the region is not known at synth.
  const available = new DataAwsAvailabilityZones(scope, "Zones", { state: "available" });
  return Array.from({ length: count }, (_, i) => Fn.element(available.names, i));
}

function checkZoneList(zones: string[], region: string | undefined): Problem | undefined {
  if (zones.length < 1 || zones.length > 6) {
    return {
      rule: "an AWS network uses 1 to 6 availability zones",
      fix: `give e.g. ${JSON.stringify((region && awsRegionZones(region)) || ["eu-west-1a", "eu-west-1b", "eu-west-1c"])}`,
    };
  }
  const regions = new Set(zones.map((z) => (typeof z === "string" ? z.slice(0, -1) : z)));
  if (regions.size > 1) {
    return {
      rule: `all zones must be in one region, got zones of ${[...regions].join(" and ")}`,
      fix: "use the zones of one region",
    };
  }
  if (new Set(zones).size !== zones.length) {
    return { rule: "each availability zone may appear once", fix: "remove the duplicate zone" };
  }
  return undefined;
}

/** The region of the stack's AWS provider, when the stack has exactly one and its region is a literal. */
function providerRegion(scope: Construct): string | undefined {
  const providers = TerraformStack.of(scope).node.children.filter(
    (c): c is AwsProvider => c instanceof AwsProvider,
  );
  const region = providers.length === 1 ? providers[0].region : undefined;
  return region === undefined || isUnresolved(region) ? undefined : region;
}
