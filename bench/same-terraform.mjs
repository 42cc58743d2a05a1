// The bench's check that two synthesized output directories hold the same Terraform (the raw side
// must synthesize what hybrid-mesh does, or its timings compare different things).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Stacks of two outdirs, without cdktf's metadata: equal? */
export function sameTerraform(a, b) {
  const strip = (v) =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .filter((k) => k !== "//")
              .sort()
              .map((k) => [k, strip(v[k])]),
          )
        : v;
  const stacks = readdirSync(path.join(a, "stacks"));
  return stacks.every(
    (s) =>
      JSON.stringify(strip(JSON.parse(readFileSync(path.join(a, "stacks", s, "cdk.tf.json"), "utf8")))) ===
      JSON.stringify(strip(JSON.parse(readFileSync(path.join(b, "stacks", s, "cdk.tf.json"), "utf8")))),
  );
}
