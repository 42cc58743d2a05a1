import { App } from "cdktf";
import { TerraformModel } from "../core";
import { stringify } from "yaml";
import { HybridTopology } from "./hybrid-topology";

/** What {@link snapshotTopology} returns: stable output to compare with `toMatchSnapshot()`. */
export interface TopologySnapshot {
  /** Synthesized Terraform JSON per stack, without cdktf's metadata (construct paths, cdktf version). */
  readonly terraform: Record<string, unknown>;
  /** Kubernetes YAML per cluster (the mesh's namespaces and manifests, multi-document). */
  readonly kubernetes: Record<string, string>;
}

/** Options of {@link snapshotTopology}. */
export interface SnapshotOptions {
  /**
   * Whether to keep cdktf's `//` metadata (construct paths, cdktf version): keeping them makes a
   * cdktf upgrade or a renamed construct show up in every snapshot.
   *
   * @default false
   */
  readonly keepMetadata?: boolean;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === "//") continue;
      out[key] = strip((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * What the app holding a topology synthesized, as one model with cdktf's metadata: find elements by
 * construct path (`terraform.at("aws_lb", "site-aws/ControlPlane/LoadBalancer").config`). Call it
 * after the app is synthesized (e.g. after {@link snapshotTopology}).
 */
export function synthesizedTerraform(topology: HybridTopology): TerraformModel {
  return TerraformModel.fromOutdir(App.of(topology).outdir);
}

/**
 * Synthesizes the app holding a topology (as `cdktf synth` does: aspects, validations, the
 * analysis) and returns its output normalized for snapshot tests: the Terraform JSON of every
 * stack (keys sorted, cdktf's metadata removed) and the YAML of every cluster. Call it once per
 * app, on an app from `Testing.app()` so that files go to a temporary directory.
 *
 * @example
 * const app = Testing.app();
 * const topology = new HybridTopology(app, "hybrid", { ... });
 * expect(snapshotTopology(topology)).toMatchSnapshot();
 */
export function snapshotTopology(topology: HybridTopology, options: SnapshotOptions = {}): TopologySnapshot {
  const app = App.of(topology);
  app.synth();
  const written = TerraformModel.fromOutdir(app.outdir).stacks;
  const terraform: Record<string, unknown> = {};
  for (const stack of topology.allStacks) {
    const json = written[stack.node.id] ?? stack.toTerraform();
    terraform[stack.node.id] = options.keepMetadata ? json : strip(json);
  }
  const kubernetes: Record<string, string> = {};
  for (const cluster of topology.mesh.resolved.clusters) {
    kubernetes[cluster.name] = [
      ...topology.mesh.namespaces(cluster.name),
      ...topology.mesh.manifests(cluster.name),
    ]
      .map((o) => stringify(o, { lineWidth: 0 }))
      .join("---\n");
  }
  return { terraform, kubernetes };
}
