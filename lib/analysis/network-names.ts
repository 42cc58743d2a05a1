import { memo } from "./memo";
import { DomainModel } from "./model";

/**
 * How the analysis names the networks in its hops and tables: by the site they belong to (the
 * topology's siteOfNetwork), else by their construct path or name.
 *
 * @internal
 */
export class NetworkNames {
  /** Site names by domain id. */
  private readonly sites = new Map<string, string>();
  private readonly labels = new Map<DomainModel, string>();

  constructor(siteOfNetwork: Record<string, string> = {}) {
    for (const [key, site] of Object.entries(siteOfNetwork)) {
      this.sites.set(`aws:${key}`, site);
      this.sites.set(`gcp:${key}`, site);
    }
  }

  /** A network in words, for hops: "<site>: VPC <path>", "<site>: VPC network <name>", "<name> (on premises)". */
  public label(d: DomainModel | undefined): string {
    if (!d) return "an unknown network";
    return memo(this.labels, d, () => {
      const site = this.sites.get(d.id);
      if (d.kind === "aws") return `${site ? `${site}: ` : ""}VPC ${d.element.path}`;
      if (d.kind === "gcp") return `${site ? `${site}: ` : ""}VPC network ${d.name}`;
      return `${d.name} (on premises)`;
    });
  }

  /** The site a network belongs to, for tables ("?" when the network is not known). */
  public site(d: DomainModel | undefined): string {
    if (!d) return "?";
    return (
      this.sites.get(d.id) ?? (d.kind === "on-premises" ? d.name : d.kind === "aws" ? d.element.path : d.name)
    );
  }
}
