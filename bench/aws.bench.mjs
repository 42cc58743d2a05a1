// N AWS sites (AwsNetwork + 3-replica ControlPlane + NodePool) with hybrid-mesh vs the same raw
// provider resources. Target: <= 1.3x at N = 50, time growing linearly with N.
import { benchSites } from "./sites.mjs";

export async function run(ctx) {
  benchSites(ctx, "aws", "AWS sites");
}
