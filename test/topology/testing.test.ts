import { HybridTopology, snapshotTopology } from "../../lib/topology";
import { freshApp } from "../util";
import { THREE_SITES } from "./fixtures";

describe("snapshotTopology (snapshot tests for users)", () => {
  const take = (keepMetadata = false) =>
    snapshotTopology(new HybridTopology(freshApp(), "hybrid", THREE_SITES), { keepMetadata });

  test("Terraform JSON per stack and YAML per cluster", () => {
    const s = take();
    expect(Object.keys(s.terraform)).toEqual([
      "hybrid",
      "hybrid-mesh-ca",
      "hybrid-mesh-install",
      "hybrid-mesh",
    ]);
    expect(Object.keys(s.kubernetes)).toEqual(["gke-cluster", "aws-cluster", "dc-cluster"]);
    expect(s.kubernetes["dc-cluster"]).toContain("kind: PeerAuthentication");
    expect(s.kubernetes["dc-cluster"].split("---\n").length).toBeGreaterThan(5);
  });

  test("stable: cdktf's metadata (version, construct paths) removed, keys sorted, the same across apps and folders", () => {
    const a = take();
    const text = JSON.stringify(a);
    expect(text).not.toContain('"//"');
    expect(text).not.toMatch(/app-[A-Za-z0-9]{6}/); // no temporary folder in the output
    expect(JSON.stringify(take())).toBe(text);
    const infra = a.terraform.hybrid as Record<string, unknown>;
    expect(Object.keys(infra)).toEqual([...Object.keys(infra)].sort());
  });

  test("keepMetadata keeps cdktf's metadata", () => {
    expect(JSON.stringify(take(true))).toContain('"//"');
  });
});
