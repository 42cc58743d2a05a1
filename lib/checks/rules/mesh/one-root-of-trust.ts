import { ClusterRole, ControlPlaneMode, FindingLevel, RootOfTrust } from "../../../core";
import { Compliance, defineRule, SecurityRule } from "../../rule";
import { MESH_RULE_TYPE, meshConfig } from "./common";

/**
 * HM-MESH-7: Every cluster of the mesh signs workload certificates under one root: the mesh's
 * generated or plugged-in CA, or Google's managed CA on every cluster.
 *
 * @internal
 */
export const OneRootOfTrust: SecurityRule = defineRule({
  id: "HM-MESH-7",
  name: "OneRootOfTrust",
  level: FindingLevel.ERROR,
  info: "Every cluster of the mesh signs workload certificates under one root: the mesh's generated or plugged-in CA, or Google's managed CA on every cluster.",
  explanation:
    "With STRICT mTLS a sidecar trusts only its own root; a cluster signing under another (a fleet-managed control plane among self-managed istiods, or an istiod's self-signed root) breaks every cross-cluster connection at the TLS handshake.",
  maps: ["IST-BYB", "IST-CA", "IST-DM"],
  resourceTypes: [MESH_RULE_TYPE],
  evaluate: ({ config }) => {
    const { mesh, cluster } = meshConfig(config);
    if (cluster.role === ClusterRole.REMOTE) return Compliance.NOT_APPLICABLE;
    const managed = cluster.controlPlane === ControlPlaneMode.FLEET_MANAGED;
    if (mesh.rootOfTrust === RootOfTrust.MANAGED && !managed)
      return [
        "its own istiod cannot use Google's managed CA, which only the fleet's managed control plane configures",
      ];
    if (mesh.rootOfTrust !== RootOfTrust.MANAGED && managed)
      return [
        `the fleet's managed control plane signs with Google's CA, not the mesh's ${mesh.rootOfTrust} root`,
      ];
    if (mesh.rootOfTrust === RootOfTrust.PLUGGED_IN && !cluster.caCertsDirectory)
      return ["no CA files: its istiod would sign with its own self-signed root"];
    return Compliance.COMPLIANT;
  },
});
