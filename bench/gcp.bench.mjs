// N GCP sites (GcpNetwork + GkeCluster + fleet registration) with hybrid-mesh vs the same raw
// provider resources. Target: <= 1.3x at N = 50, time growing linearly with N.
import { benchSites } from "./sites.mjs";

export async function run(ctx) {
  benchSites(ctx, "gcp", "GCP sites");
}
