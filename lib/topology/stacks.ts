import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import {
  Aspects,
  IAspect,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { SecurityChecks } from "../checks";
import { Tags } from "../core";
import { Backend } from "./backend";
import { StackLayout } from "./props";

/**
 * The Terraform stacks of a topology, as its layout splits it: each gets the state backend and
 * the security checks; infrastructure stacks also get the `topology` tag.
 *
 * @internal
 */
export class TopologyStacks {
  private readonly byName = new Map<string, TerraformStack>();

  /**
   * @param scope the topology (parent of every stack)
   * @param list the topology's infrastructure stacks, appended to as they are created
   */
  constructor(
    private readonly scope: Construct,
    private readonly topologyName: string,
    private readonly layout: StackLayout,
    private readonly backend: Backend,
    private readonly checks: SecurityChecks | undefined,
    private readonly list: TerraformStack[],
  ) {}

  /** The infrastructure stacks, in dependency order (sites, then links). */
  public get infrastructure(): readonly TerraformStack[] {
    return this.list;
  }

  /** The stack holding a site: the topology's one stack, or `<name>-<site>`. */
  public forSite(site: string): TerraformStack {
    const name =
      this.layout === StackLayout.SINGLE_STACK ? this.topologyName : `${this.topologyName}-${site}`;
    return this.named(name);
  }

  /** The stack holding both ends of a link: its GCP site's, or `<name>-link-<a>-<b>`. */
  public forLink(gcpSite: string, linkId: string): TerraformStack {
    return this.layout === StackLayout.SINGLE_STACK
      ? this.forSite(gcpSite)
      : this.named(`${this.topologyName}-link-${linkId}`);
  }

  /** Gives a mesh stack of the topology its backend and the security checks. */
  public forMesh<T extends TerraformStack>(stack: T): T {
    this.backend.apply(stack, stack.node.id);
    if (this.checks) Aspects.of(stack).add(this.checks);
    return stack;
  }

  private named(name: string): TerraformStack {
    let stack = this.byName.get(name);
    if (!stack) {
      stack = new TerraformStack(this.scope, name);
      this.backend.apply(stack, name);
      if (this.checks) Aspects.of(stack).add(this.checks);
      Tags.of(stack).add("topology", this.topologyName);
      this.byName.set(name, stack);
      this.list.push(stack);
    }
    return stack;
  }
}

/**
 * The AWS provider of a region in a stack: the default one for the first region, aliased after.
 *
 * @internal
 */
export function awsProvider(stack: TerraformStack, region: string): AwsProvider {
  const providers = stack.node.children.filter((c): c is AwsProvider => c instanceof AwsProvider);
  const existing = providers.find((p) => p.region === region);
  if (existing) return existing;
  return new AwsProvider(stack, providers.length ? `aws-${region}` : "aws", {
    region,
    alias: providers.length ? region : undefined,
  });
}

/**
 * The Google provider of a stack, created for the first GCP site or link it holds.
 *
 * @internal
 */
export function googleProvider(stack: TerraformStack, project: string, region: string): void {
  if (!stack.node.children.some((c) => c instanceof GoogleProvider))
    new GoogleProvider(stack, "google", { project, region });
}

/**
 * Makes every AWS resource and data source under `scope` use `provider`.
 *
 * @internal
 */
export function useProvider(scope: IConstruct, provider: TerraformProvider): void {
  if (provider.alias === undefined) return;
  Aspects.of(scope).add(new ProviderAssignment(provider));
}

class ProviderAssignment implements IAspect {
  constructor(private readonly provider: TerraformProvider) {}

  public visit(node: IConstruct): void {
    if (
      (node instanceof TerraformResource || node instanceof TerraformDataSource) &&
      node.terraformResourceType.startsWith("aws_") &&
      !node.provider
    ) {
      node.provider = this.provider;
    }
  }
}
