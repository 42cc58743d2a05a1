// Runs one fuzz case: builds a target with mutated props into a fresh app and synthesizes it.
import { existsSync, readdirSync, readFileSync, rmSync } from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { App } from "cdktf";
import * as fc from "fast-check";
import { HybridMeshError } from "../../lib/core";
import { catalogueViolations } from "./catalogue";
import { applyMutations, Mutation, mutations } from "./mutate";
import { FuzzTarget, MESH_YAML, TARGETS } from "./targets";

/** What became of one case. */
export interface CaseResult {
  /** The target. */
  readonly target: string;
  /** "rejected": a hybrid-mesh error; "accepted": synthesized; "crash": any other error. */
  readonly outcome: "rejected" | "accepted" | "crash";
  /** The error message (rejected, crash). */
  readonly message?: string;
  /** Catalogue violations of the output (accepted). */
  readonly violations: string[];
  /** Output folder (accepted; deleted otherwise). */
  readonly outdir?: string;
}

/** A weighted arbitrary over the targets. */
export const targets: fc.Arbitrary<FuzzTarget> = fc.oneof(
  ...TARGETS.map((t) => ({ weight: t.weight, arbitrary: fc.constant(t) })),
);

/** A case: a target and the mutations of its props. */
export const cases = fc.record({ target: targets, mutations });

/**
 * Whether an error is a hybrid-mesh error, or cdktf's validation error ("Validation failed with
 * the following errors: [path] message, ...") whose every item is a hybrid-mesh error.
 */
export function isHybridMeshFailure(e: unknown): boolean {
  if (HybridMeshError.isHybridMeshError(e)) return true;
  const message = e instanceof Error ? e.message : "";
  if (!/^(App-level )?[Vv]alidation failed with the following errors:/.test(message)) return false;
  const body = message
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l && !/^(Validations allow|To skip validations|If you wish to ignore)/.test(l));
  const items = body.filter((l) => l.startsWith("[") || l.startsWith("hybrid-mesh:"));
  return items.length > 0 && items.every((l) => /^(\[[^\]]*\] )?hybrid-mesh: /.test(l));
}

/** Runs one case into `outdir` (a fresh folder per case). */
export function runCase(target: FuzzTarget, list: readonly Mutation[], outdir: string): CaseResult {
  const props = applyMutations(target.base(), list);
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  try {
    target.build(app, props);
    app.synth();
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      target: target.name,
      outcome: isHybridMeshFailure(e) ? "rejected" : "crash",
      message: isHybridMeshFailure(e)
        ? message
        : `${message}\nprops: ${safeJson(props)}\n${(e as Error)?.stack ?? ""}`,
      violations: [],
    };
  }
  const violations: string[] = [];
  const stacks = path.join(outdir, "stacks");
  for (const stack of existsSync(stacks) ? readdirSync(stacks) : []) {
    const file = path.join(stacks, stack, "cdk.tf.json");
    if (!existsSync(file)) continue;
    for (const v of catalogueViolations(JSON.parse(readFileSync(file, "utf8"))))
      violations.push(`${stack}: ${v} (props: ${safeJson(props)})`);
  }
  return { target: target.name, outcome: "accepted", violations, outdir };
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v) =>
      typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
    );
    return text === undefined ? String(value) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    return String(value);
  }
}

/** The schema checker, when the shared tools sit next to the repository. */
export const SCHEMA_CHECK = path.resolve(__dirname, "../../../shared/tools/tf-schema-check.mjs");

/**
 * Runs tf-schema-check over accepted outputs (in batches) and returns its problem lines, or
 * undefined when the checker is not there.
 */
export function schemaProblems(outdirs: readonly string[]): string[] | undefined {
  if (!existsSync(SCHEMA_CHECK)) return undefined;
  const problems: string[] = [];
  for (let i = 0; i < outdirs.length; i += 200) {
    const batch = outdirs.slice(i, i + 200);
    const result = spawnSync(process.execPath, [SCHEMA_CHECK, "--quiet", ...batch], { encoding: "utf8" });
    if (result.status === 2) throw new Error(`tf-schema-check failed: ${result.stderr}`);
    problems.push(...result.stdout.split("\n").filter((l) => l && !/^\d+ problems? in /.test(l)));
  }
  return problems;
}

/** The Istio checker, when the shared tools sit next to the repository. */
export const ISTIO_CHECK = path.resolve(__dirname, "../../../shared/tools/istio-check.mjs");

/** The Istio releases istio-check has schemas for (by major.minor). */
const ISTIO_CHECK_RELEASES = ["1.17", "1.22", "1.26", "1.30"];

/**
 * Runs istio-check over the mesh YAML of accepted outputs, each at the release its mesh targets
 * (grouped, in batches), and returns its problem lines and the outputs it could not judge (a
 * release istio-check has no schemas for), or undefined when the checker is not there.
 */
export function istioProblems(
  outdirs: readonly string[],
): { problems: string[]; unjudged: number } | undefined {
  if (!existsSync(ISTIO_CHECK)) return undefined;
  const byRelease = new Map<string, string[]>();
  let unjudged = 0;
  for (const outdir of outdirs) {
    const summary = path.join(outdir, MESH_YAML, "hybrid-mesh.json");
    if (!existsSync(summary)) continue;
    const version = String(JSON.parse(readFileSync(summary, "utf8")).istioVersion);
    const minor = version.split(".").slice(0, 2).join(".");
    if (!ISTIO_CHECK_RELEASES.includes(minor)) {
      unjudged++;
      continue;
    }
    byRelease.set(minor, [...(byRelease.get(minor) ?? []), path.join(outdir, MESH_YAML)]);
  }
  const problems: string[] = [];
  for (const [release, dirs] of byRelease) {
    for (let i = 0; i < dirs.length; i += 100) {
      const batch = dirs.slice(i, i + 100);
      const values = batch.flatMap((dir) =>
        readdirSync(dir)
          .map((cluster) => path.join(dir, cluster, "helm", "eastwest-gateway.values.yaml"))
          .filter((f) => existsSync(f))
          .flatMap((f) => ["--helm-gateway-values", f]),
      );
      const result = spawnSync(
        process.execPath,
        [ISTIO_CHECK, "--istio", release, "--quiet", ...values, ...batch],
        { encoding: "utf8" },
      );
      if (result.status === 2) throw new Error(`istio-check failed: ${result.stderr}`);
      problems.push(...result.stdout.split("\n").filter((l) => l && !/^\d+ problems? in /.test(l)));
    }
  }
  return { problems, unjudged };
}
