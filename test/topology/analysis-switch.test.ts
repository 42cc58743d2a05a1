import { existsSync } from "fs";
import { App } from "cdktf";
import { HybridTopology } from "../../lib/topology";
import { resourceAt } from "../analysis/faults";
import { TWO_SITES } from "./fixtures";
import { expectHybridMeshError, freshApp } from "../util";

/** The two-site topology with the mesh firewall rule on GCP planted absent (count 0). */
function broken(analysis: false | undefined): { app: App; t: HybridTopology } {
  const app = freshApp();
  const t = new HybridTopology(app, "hybrid", { ...TWO_SITES, ...(analysis === false ? { analysis } : {}) });
  resourceAt(t, "site-gcp/Network/allow-mesh-peers").addOverride("count", 0);
  return { app, t };
}

describe("analysis: false", () => {
  test("the analysis does not run at synth (no error, no report); topology.analyze() still runs it", () => {
    const { app, t } = broken(false);
    expect(() => app.synth()).not.toThrow();
    expect(existsSync(t.reportDirectory(app.outdir))).toBe(false);
    expect(t.analyze().ok).toBe(false);
  });

  test("by default the same fault fails synth", () => {
    const { app } = broken(undefined);
    expect(() => app.synth()).toThrow(/ELEMENT_ABSENT|count = 0|not created/);
  });

  test("anything else than options or false is refused", () => {
    expectHybridMeshError(
      () => new HybridTopology(freshApp(), "hybrid", { ...TWO_SITES, analysis: true as never }),
      "analysis = true",
    );
  });
});
