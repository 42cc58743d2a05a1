import { Cidr, ClusterPlatform, FindingLevel } from "../../core";
import { Blocked } from "../blocked";
import { apiPort } from "../clusters";
import { ClusterInput, DeployerInput } from "../input";
import { NetworkModel } from "../model";
import { ExplanationCode, Finding, PathResult, PathStatus } from "../result";
import { Source, Sources } from "../sources";
import { PathContext } from "./paths";

/**
 * Whether Terraform reaches every cluster's API server from where it runs (the mesh stacks
 * install Istio and apply the mesh there): from inside a site, through that site's routes, the
 * VPN and the API's filters; from outside, only GKE's public endpoint, through its authorized
 * networks.
 *
 * @internal
 */
export function checkDeployer(
  deployer: DeployerInput | undefined,
  net: NetworkModel,
  clusters: ClusterInput[],
  { sources, endpoints, checker }: PathContext,
  findings: Finding[],
): PathResult[] {
  const d = deployer;
  if (!d) {
    findings.push({
      level: FindingLevel.WARNING,
      code: ExplanationCode.DEPLOYER_UNKNOWN,
      check: "deployer",
      subject: "mesh stacks",
      rule: "where Terraform runs for the mesh stacks is not given, so whether it reaches every cluster's API server is not checked",
      fix: "give the topology's deployer: the site Terraform runs in, or the ranges it connects from",
    });
    return [];
  }
  const cidrs = d.cidrs.filter((c) => Cidr.isCidr(c)).map((c) => Cidr.parse(c));
  const label = `${d.cidrs.join(", ")} (Terraform)`;
  const results: PathResult[] = [];
  for (const t of clusters) {
    const port = apiPort(t);
    if (d.site !== undefined) {
      const from = siteSources(d.site, clusters, sources, label, cidrs);
      results.push(...checker.check("Terraform", from, endpoints.of(t, "api", port, "API server"), findings));
    } else results.push(publicPath(net, t, port, d, cidrs, label, findings));
  }
  return results;
}

/** Terraform in a site: it connects from the deployer's ranges, as the site's first cluster's workloads do. */
function siteSources(
  site: string,
  clusters: ClusterInput[],
  sources: Sources,
  label: string,
  cidrs: Cidr[],
): Source[] | Blocked {
  const local = clusters.find((c) => c.site === site);
  const srcs = local ? sources.of(local, "workloads") : undefined;
  return srcs === undefined
    ? {
        hop: site,
        reason: "the site has no cluster whose network the analysis knows",
        fix: "check the topology",
        code: ExplanationCode.UNKNOWN_NETWORK,
      }
    : !Array.isArray(srcs)
      ? srcs
      : srcs.slice(0, 1).map((x) => ({ ...x, cluster: "Terraform", label, cidrs }));
}

/** Terraform outside every site: it reaches GKE's public endpoint only, through its authorized networks. */
function publicPath(
  net: NetworkModel,
  t: ClusterInput,
  port: number,
  d: DeployerInput,
  cidrs: Cidr[],
  label: string,
  findings: Finding[],
): PathResult {
  const base = {
    from: "Terraform",
    to: t.name,
    service: "API server",
    port,
    source: label,
    brokenBy: [],
  };
  const g = t.platform === ClusterPlatform.GKE ? net.gkeClusters.get(t.cluster) : undefined;
  const blocked: Blocked | undefined = !g
    ? {
        hop: `${t.name}'s API server`,
        reason: "it has no public endpoint: it is reached only from inside the hybrid network",
        fix: "run Terraform in a site (deployer.site), e.g. a CI runner in a VPC linked to the others",
        code: ExplanationCode.NO_PUBLIC_ENDPOINT,
      }
    : g.privateEndpointOnly
      ? {
          hop: `${g.name}'s control plane`,
          reason: "it has a private endpoint only",
          fix: "run Terraform in a site (deployer.site), or give the cluster a public endpoint",
          code: ExplanationCode.NO_PUBLIC_ENDPOINT,
        }
      : g.authorizedNetworks && !cidrs.every((c) => g.authorizedNetworks!.some((r) => r.contains(c)))
        ? {
            hop: `master authorized networks of ${g.name}`,
            reason: `they admit ${g.authorizedNetworks.map(String).join(", ")}, not ${d.cidrs.join(", ")}`,
            fix: "add the deployer's ranges to the cluster's authorized networks",
            code: ExplanationCode.AUTHORIZED_NETWORKS,
          }
        : undefined;
  if (blocked) {
    findings.push({
      level: FindingLevel.ERROR,
      code: blocked.code,
      check: "deployer",
      subject: `Terraform -> ${t.name} ${port} (API server)`,
      hop: blocked.hop,
      rule: `blocked at ${blocked.hop}: ${blocked.reason}`,
      fix: blocked.fix,
    });
    return {
      ...base,
      destination: `${t.name}'s API`,
      status: PathStatus.BLOCKED,
      code: blocked.code,
      hops: [],
      blockedAt: blocked.hop,
      reason: blocked.reason,
      fix: blocked.fix,
    };
  }
  return {
    ...base,
    destination: `public endpoint of ${g!.name}`,
    status: PathStatus.REACHABLE,
    hops: [
      `from ${label}`,
      `internet to the public endpoint of ${g!.name}, admitted by its authorized networks`,
    ],
  };
}
