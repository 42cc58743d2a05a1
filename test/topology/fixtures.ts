import { App } from "cdktf";
import { HybridTopology, HybridTopologyProps } from "../../lib/topology";
import { freshApp } from "../util";

/** An AWS site and a GCP site, linked: the default example's shape. */
export const TWO_SITES: HybridTopologyProps = {
  supernet: "10.0.0.0/8",
  aws: [{ name: "aws", region: "eu-west-1", cluster: { name: "aws-cluster" } }],
  gcp: [
    {
      name: "gcp",
      project: "my-project-123",
      projectNumber: "123456789012",
      region: "europe-west1",
      cluster: { name: "gke-cluster" },
    },
  ],
  links: [{ between: "gcp", and: "aws" }],
  // Terraform runs in the GCP site (e.g. a CI runner in the VPC) for the mesh stacks.
  deployer: { site: "gcp" },
};

/** Three sites around a GCP hub, on premises with BGP. */
export const THREE_SITES: HybridTopologyProps = {
  ...TWO_SITES,
  onPremises: [
    {
      name: "dc",
      ranges: ["172.20.0.0/22"],
      vpn: { addresses: ["203.0.113.10", "203.0.113.11"], asn: 65010 },
      cluster: { name: "dc-cluster", apiServerAddress: "172.20.0.10", gatewayAddress: "172.20.1.50" },
    },
  ],
  links: [
    { between: "gcp", and: "aws" },
    { between: "gcp", and: "dc" },
  ],
};

/** A topology in a fresh app. */
export function topology(props: Partial<HybridTopologyProps> = {}, base: HybridTopologyProps = TWO_SITES) {
  const app: App = freshApp();
  const t = new HybridTopology(app, "hybrid", { ...base, ...props });
  return { app, topology: t };
}

/** The error message synth fails with (or "" when it passes). */
export function synthError(app: App): string {
  try {
    app.synth();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}
