import { IConstruct } from "constructs";
import { fail } from "../../core";
import { AwsSiteSpec, GcpSiteSpec, OnPremSiteSpec } from "../spec/spec";

/**
 * The BGP ASN of every AWS and GCP site: the one given, else the next free private ASN from
 * 64512, in site order (AWS sites first). Fails when two BGP speakers of the topology share one.
 *
 * @internal
 */
export function planAsns(
  scope: IConstruct,
  aws: readonly AwsSiteSpec[],
  gcp: readonly GcpSiteSpec[],
  onPrem: readonly OnPremSiteSpec[],
): Map<string, number> {
  const given = new Set<number>(
    [...aws.map((s) => s.asn), ...gcp.map((s) => s.asn), ...onPrem.map((s) => s.vpn.asn)].filter(
      (a): a is number => a !== undefined,
    ),
  );
  const asns = new Map<string, number>();
  let next = 64512;
  const take = () => {
    while (given.has(next)) next++;
    given.add(next);
    return next++;
  };
  for (const s of [...aws, ...gcp]) asns.set(s.name, s.asn ?? take());
  // Every BGP speaker of the topology needs its own ASN: a route that transits the GCP hub (or a
  // transit gateway) carries the ASNs it crossed, and a receiver drops a route holding its own.
  const speakers: [string, number, string][] = [
    ...aws.map((s, i) => [s.name, asns.get(s.name)!, `aws[${i}].asn`] as [string, number, string]),
    ...gcp.map((s, i) => [s.name, asns.get(s.name)!, `gcp[${i}].asn`] as [string, number, string]),
    ...onPrem.flatMap((s, i) =>
      s.vpn.asn === undefined
        ? []
        : [[s.name, s.vpn.asn, `onPremises[${i}].vpn.asn`] as [string, number, string]],
    ),
  ];
  const used = new Map<number, string>();
  for (const [site, asn, property] of speakers) {
    const other = used.get(asn);
    if (other !== undefined) {
      fail(scope, property, asn, {
        rule: `site ${other} uses this ASN too: BGP drops routes whose AS path holds the receiver's own ASN, so routes between ${other} and ${site} (which transit another site) would be dropped`,
        fix: `give every site its own ASN; leave the AWS and GCP ones unset and the plan picks free private ASNs (64512 upwards)`,
      });
    }
    used.set(asn, site);
  }
  return asns;
}
