// The problems that need the whole mesh (Mesh.problems): clusters, remotes and their primaries,
// networks, and one root of trust every cluster can share.
import { ClusterRole, ControlPlaneMode, RootOfTrust, Violation } from "../core";
import type { CaOutputs } from "./delivery/ca";
import { holdsCacerts, ResolvedMesh } from "./resolved";

/**
 * Problems that need the whole mesh: at least one primary; remotes' primaries exist and have a
 * fixed gateway address; one network per platform; one root of trust every cluster can share.
 *
 * @param ca the mesh CA's outputs, when the mesh has one
 *
 * @internal
 */
export function meshProblems(mesh: ResolvedMesh, ca: CaOutputs | undefined): Violation[] {
  const problems: Violation[] = [];
  if (mesh.clusters.length === 0) {
    problems.push({
      property: "clusters",
      value: [],
      rule: "a mesh has at least one cluster",
      fix: "add clusters with addCluster()",
    });
  }
  for (const c of mesh.clusters.filter((c) => c.role === ClusterRole.REMOTE)) {
    const primary = mesh.clusters.find((p) => p.name === c.primary);
    if (!primary || primary.role !== ClusterRole.PRIMARY) {
      problems.push({
        property: `clusters (${c.name}).primary`,
        value: c.primary,
        rule: "a remote cluster needs a primary of the mesh to serve it",
        fix: `add the primary cluster, or name one of: ${
          mesh.clusters
            .filter((p) => p.role === ClusterRole.PRIMARY)
            .map((p) => p.name)
            .join(", ") || "(none)"
        }`,
      });
    } else if (!primary.gateway.address) {
      problems.push({
        property: `clusters (${primary.name}).gateway.address`,
        value: undefined,
        rule: `remote cluster ${c.name} reaches istiod through ${primary.name}'s east-west gateway (remotePilotAddress), so that gateway needs a fixed address`,
        fix: "reserve the address (a static internal IP on GKE, fixed NLB IPs on AWS) and give it as gateway.address",
      });
    } else if (primary.controlPlane === ControlPlaneMode.FLEET_MANAGED) {
      problems.push({
        property: `clusters (${primary.name}).controlPlane`,
        value: primary.controlPlane,
        rule: `remote cluster ${c.name} needs an in-cluster istiod on its primary, and the fleet manages ${primary.name}'s control plane`,
        fix: "make the primary's control plane in-cluster, or make every cluster a fleet-managed primary",
      });
    }
  }
  problems.push(...rootProblems(mesh, ca));
  const networks = new Map<string, string>();
  for (const c of mesh.clusters) {
    const seen = networks.get(c.network);
    if (seen !== undefined && seen !== c.platform) {
      problems.push({
        property: `clusters (${c.name}).cluster.meshNetwork`,
        value: c.network,
        rule: `clusters on ${seen} and ${c.platform} share the network ${c.network}, but they have no direct pod-to-pod connectivity`,
        fix: "give each network its own name",
      });
    }
    networks.set(c.network, c.platform);
  }
  return problems;
}

/** Whether every cluster can trust every other's workload certificates: one root for all. */
function rootProblems(mesh: ResolvedMesh, ca: CaOutputs | undefined): Violation[] {
  const problems: Violation[] = [];
  const managed = mesh.clusters.filter((c) => c.controlPlane === ControlPlaneMode.FLEET_MANAGED);
  const inCluster = mesh.clusters.filter((c) => c.controlPlane === ControlPlaneMode.IN_CLUSTER);
  if (mesh.rootOfTrust === RootOfTrust.MANAGED && inCluster.length > 0) {
    problems.push({
      property: "rootOfTrust",
      value: mesh.rootOfTrust,
      rule: `Google's managed CA is configured only by the fleet's managed control plane, and ${inCluster.map((c) => c.name).join(", ")} run(s) their own istiod, which would sign with another root: cross-cluster mTLS fails`,
      fix: "use RootOfTrust.GENERATED (a CA generated in Terraform for every cluster), or put every cluster (GKE only) on the fleet-managed control plane",
    });
  }
  if (mesh.rootOfTrust !== RootOfTrust.MANAGED && managed.length > 0) {
    problems.push({
      property: `clusters (${managed[0].name}).controlPlane`,
      value: ControlPlaneMode.FLEET_MANAGED,
      rule: `a fleet-managed control plane signs with Google's CA, not with the mesh's ${mesh.rootOfTrust} root the other clusters use: cross-cluster mTLS fails`,
      fix: "run istiod in the cluster (ControlPlaneMode.IN_CLUSTER), or put every cluster on the fleet and use RootOfTrust.MANAGED",
    });
  }
  if (mesh.rootOfTrust === RootOfTrust.GENERATED && ca) {
    for (const c of mesh.clusters.filter((c) => holdsCacerts(c) && !ca.clusters.includes(c.name))) {
      problems.push({
        property: `clusters (${c.name})`,
        value: c.name,
        rule: "the mesh CA (MeshCa) has no intermediate for this cluster: it was added to the mesh after the MeshCa was made",
        fix: "create the MeshCa after adding every cluster to the mesh",
      });
    }
  }
  if (mesh.rootOfTrust === RootOfTrust.PLUGGED_IN) {
    for (const c of inCluster.filter((c) => !c.caCertsDirectory)) {
      problems.push({
        property: `clusters (${c.name}).caCertsDirectory`,
        value: undefined,
        rule: "with a plugged-in root of trust every cluster needs its intermediate CA files under the shared root",
        fix: "give caCertsDirectory (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem), or use RootOfTrust.GENERATED",
      });
    }
  }
  return problems;
}
