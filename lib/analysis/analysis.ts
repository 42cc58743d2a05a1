import { FindingLevel, MeshModel } from "../core";
import { Attempts } from "./attempt";
import { checkAddressPlan } from "./checks/address-plan";
import { checkDeployer } from "./checks/deployer";
import { checkLinks } from "./checks/links";
import { PathChecker, PathContext } from "./checks/paths";
import { checkPresence } from "./checks/presence";
import { checkReachability } from "./checks/reachability";
import { Endpoints } from "./endpoints";
import { AnalysisInput, AnalysisOptions, ClusterInput, DeployerInput } from "./input";
import { NetworkModel } from "./model";
import { NetworkNames } from "./network-names";
import { AnalysisResult, Finding } from "./result";
import { LearnedRoutes } from "./routing/learned-routes";
import { RouteTables } from "./routing/route-tables";
import { Router } from "./routing/router";
import { Walker } from "./routing/walk";
import { SingleFailures } from "./single-failures";
import { Sources } from "./sources";

/**
 * Runs the analysis on a network model: reads the network from the Terraform, then checks the
 * address plan, the links, the reachability between the clusters and from where Terraform runs.
 *
 * @internal
 */
export class Analysis {
  private readonly net: NetworkModel;
  private readonly names: NetworkNames;
  private readonly clusters: ClusterInput[];
  private readonly meshModel: MeshModel;
  private readonly options: Required<AnalysisOptions>;
  private readonly deployer?: DeployerInput;
  private readonly paths: PathContext;

  constructor(input: AnalysisInput) {
    this.net = new NetworkModel(input.model, input.onPrem ?? []);
    this.names = new NetworkNames(input.siteOfNetwork);
    this.clusters = input.clusters;
    this.meshModel = input.meshModel ?? MeshModel.MULTI_PRIMARY;
    this.deployer = input.deployer;
    this.options = {
      singleFailures: input.options?.singleFailures ?? FindingLevel.ERROR,
      unchecked: input.options?.unchecked ?? FindingLevel.WARNING,
    };
    // Each part owns its caches: a large topology checks tens of thousands of paths over far
    // fewer routes, filters and endpoints.
    const learned = new LearnedRoutes(this.net);
    const routeTables = new RouteTables(learned);
    const walker = new Walker(new Router(this.net, this.names, learned, routeTables), this.names);
    this.paths = {
      sources: new Sources(this.net, routeTables),
      endpoints: new Endpoints(this.net),
      checker: new PathChecker(new Attempts(walker), new SingleFailures(), this.options),
    };
  }

  /** The network model read from the Terraform. */
  public get network(): NetworkModel {
    return this.net;
  }

  /** Runs every check. */
  public run(): AnalysisResult {
    const findings: Finding[] = [];
    const ranges = checkAddressPlan(this.net, this.names, this.clusters, findings);
    checkPresence(this.net, this.options, findings);
    const links = checkLinks(this.net, this.names, this.options, findings);
    const paths = [
      ...checkReachability(this.clusters, this.meshModel, this.paths, findings),
      ...checkDeployer(this.deployer, this.net, this.clusters, this.paths, findings),
    ];
    findings.sort((a, b) => (a.level === b.level ? 0 : a.level === FindingLevel.ERROR ? -1 : 1));
    return {
      ranges,
      paths,
      links,
      findings,
      ok: !findings.some((f) => f.level === FindingLevel.ERROR),
    };
  }
}
