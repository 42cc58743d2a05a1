// The mesh rules (on each cluster's YAML), one file each, in id order.
import { SecurityRule } from "../../rule";
import { StrictMtls } from "./strict-mtls";
import { DefaultDeny } from "./default-deny";
import { CrossNetworkGatewayLocalHostsOnly } from "./cross-network-gateway-local-hosts-only";
import { IstiodExposedOnlyForRemotes } from "./istiod-exposed-only-for-remotes";
import { InternalEastWestGateway } from "./internal-east-west-gateway";
import { ReaderCannotReadSecrets } from "./reader-cannot-read-secrets";
import { OneRootOfTrust } from "./one-root-of-trust";

export { MESH_RULE_TYPE } from "./common";
export type { MeshRuleCluster, MeshRuleConfig, MeshRuleGateway, MeshRuleMesh } from "./common";

/** Mesh rules (constraints-and-rules.md §C), on each cluster's YAML. */
export const MESH_RULES: readonly SecurityRule[] = [
  StrictMtls,
  DefaultDeny,
  CrossNetworkGatewayLocalHostsOnly,
  IstiodExposedOnlyForRemotes,
  InternalEastWestGateway,
  ReaderCannotReadSecrets,
  OneRootOfTrust,
];
