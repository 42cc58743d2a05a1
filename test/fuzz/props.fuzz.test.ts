// Props fuzzing (fast-check): any input, including what JavaScript and JSON callers pass against
// the types, either fails with a hybrid-mesh error or synthesizes output that the catalogue's cloud
// rules accept and, when ../shared/tools is present, that tf-schema-check (Terraform) and
// istio-check (the mesh's YAML, at the Istio release it targets) accept. A few hundred
// cases here; `npm run fuzz` runs thousands.
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";
import { cases, CaseResult, istioProblems, runCase, schemaProblems } from "./run";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

describe("props fuzzing", () => {
  const root = mkdtempSync(path.join(process.env.HYBRID_MESH_TEST_OUT ?? os.tmpdir(), "fuzz-"));
  const accepted: string[] = [];
  const outcomes: Record<CaseResult["outcome"], number> = { rejected: 0, accepted: 0, crash: 0 };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test(`${RUNS} mutated props: a hybrid-mesh error, or output the catalogue's rules accept`, () => {
    let n = 0;
    fc.assert(
      fc.property(cases, ({ target, mutations }) => {
        const result = runCase(target, mutations, path.join(root, `case-${n++}`));
        outcomes[result.outcome]++;
        if (result.outdir) accepted.push(result.outdir);
        expect(result.outcome === "crash" ? result.message : "").toBe("");
        expect(result.violations).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Both outcomes are exercised: the fuzzer reaches the validators and past them.
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 4);
    expect(outcomes.accepted).toBeGreaterThan(RUNS / 10);
  });

  test("every accepted output passes tf-schema-check (when ../shared/tools is present)", () => {
    const problems = schemaProblems(accepted);
    // Without the checker (a clone outside the workspace) there is nothing to run.
    if (problems === undefined) return;
    expect(accepted.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test("every accepted mesh's YAML passes istio-check at its release (when ../shared/tools is present)", () => {
    const result = istioProblems(accepted);
    if (result === undefined) return;
    expect(result.problems).toEqual([]);
  });
});
