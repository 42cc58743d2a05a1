import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import {
  ClusterPlatform,
  ClusterRole,
  fail,
  GatewayExposure,
  KUBE_API_PORT,
  MeshClusterInfo,
  MeshModel,
  RootOfTrust,
} from "../core";
import { ClusterConnection, Mesh, MeshCa, MeshInstallStack, MeshStack } from "../mesh";
import type { TopologyContext } from "./context";
import type { HybridTopologyProps } from "./props";
import type { GcpSiteSpec } from "./spec/spec";

/**
 * The mesh model of a topology and the role of each cluster in it: the one place that reads
 * `mesh.model` (multi-primary when unset) and `mesh.primary`.
 *
 * @internal
 */
export class MeshRoles {
  constructor(private readonly props: HybridTopologyProps) {}

  /** The deployment model. */
  public get model(): MeshModel {
    return this.props.mesh?.model ?? MeshModel.MULTI_PRIMARY;
  }

  /**
   * A cluster's role, as Mesh.addCluster and the analysis take it: none in a multi-primary mesh
   * (every cluster is a primary); in a primary-remote one, primary or remote of the primary.
   */
  public roleOf(cluster: string): { role?: ClusterRole; primary?: string } {
    if (this.model !== MeshModel.PRIMARY_REMOTE) return {};
    const primary = this.props.mesh?.primary;
    return cluster === primary ? { role: ClusterRole.PRIMARY } : { role: ClusterRole.REMOTE, primary };
  }

  /** A cluster's role as drawn: "primary" or "remote". */
  public roleLabel(cluster: string): string {
    return this.roleOf(cluster).role === ClusterRole.REMOTE ? "remote" : "primary";
  }

  /**
   * The site of the primary cluster in a primary-remote mesh (none in a multi-primary one).
   *
   * @param sites every site with a cluster, in site order
   * @throws HybridMeshError when `mesh.primary` names no cluster of the topology
   */
  public primarySite(
    scope: IConstruct,
    sites: readonly { readonly name: string; readonly cluster: { readonly name: string } }[],
  ): string | undefined {
    if (this.model !== MeshModel.PRIMARY_REMOTE) return undefined;
    const primary = this.props.mesh?.primary;
    const site = sites.find((s) => s.cluster.name === primary)?.name;
    if (!site) {
      fail(scope, "mesh.primary", primary, {
        rule: "a primary-remote mesh needs its primary: the name of one of the topology's clusters",
        fix: `give mesh.primary, one of ${sites.map((s) => s.cluster.name).join(", ")}`,
      });
    }
    return site;
  }
}

/**
 * The mesh of a topology and the stacks delivering it.
 *
 * @internal
 */
export interface TopologyMesh {
  /** The mesh. */
  readonly mesh: Mesh;
  /** The stack holding the mesh CA (RootOfTrust.GENERATED). */
  readonly meshCaStack?: TerraformStack;
  /** The mesh CA (RootOfTrust.GENERATED). */
  readonly meshCa?: MeshCa;
  /** The stack installing Istio on every cluster. */
  readonly meshInstallStack: MeshInstallStack;
  /** The stack applying the mesh's configuration and remote secrets. */
  readonly meshStack: MeshStack;
}

/**
 * Builds the mesh over every cluster of the topology (GKE, then AWS, then on premises), how
 * Terraform connects to each, and the mesh stacks: the CA (when generated), Istio's install,
 * then the mesh's configuration, deployed after every infrastructure stack.
 *
 * @internal
 */
export function buildMesh(ctx: TopologyContext): TopologyMesh {
  const { props, roles, scope, topologyName } = ctx;
  const meshSpec = props.mesh ?? {};
  const meshId = meshSpec.meshId ?? defaultMeshId(scope, props.gcp ?? []);
  const mesh = new Mesh(scope, "Mesh", {
    meshId,
    model: roles.model,
    istioVersion: meshSpec.istioVersion,
    revision: meshSpec.revision,
    gatewayNamespace: meshSpec.gatewayNamespace,
    gatewayForm: meshSpec.gatewayForm,
    mtls: meshSpec.mtls,
    rootOfTrust: meshSpec.rootOfTrust,
  });
  const annotations = meshSpec.gatewayAnnotations;
  const connections: Record<string, ClusterConnection> = {};
  const deployerInSite = props.deployer === undefined || props.deployer.site !== undefined;
  for (const s of Object.values(ctx.gcpSites)) {
    mesh.addCluster({
      cluster: s.cluster.meshCluster,
      ...roles.roleOf(s.spec.cluster.name),
      ...(meshSpec.gkeControlPlane ? { controlPlane: meshSpec.gkeControlPlane } : {}),
      gateway: {
        exposure: GatewayExposure.GKE_INTERNAL_LOAD_BALANCER,
        address: s.gatewayAddress,
        serviceAnnotations: annotations,
      },
    });
    // Terraform reaches GKE at the private endpoint from inside the hybrid network (across the
    // VPN, the control plane importing the VPC's routes), at the public one from outside.
    connections[s.cluster.clusterName] = ClusterConnection.gke({
      endpoint: deployerInSite ? s.cluster.privateEndpointAddress : s.cluster.endpoint,
      caCertificate: s.cluster.caCertificate,
    });
  }
  for (const s of Object.values(ctx.awsSites)) {
    const [first, ...rest] = s.meshGateway.addresses;
    mesh.addCluster({
      cluster: s.controlPlane.meshCluster,
      ...roles.roleOf(s.spec.cluster.name),
      gateway: {
        address: first,
        additionalAddresses: rest,
        nodePorts: s.meshGateway.nodePorts,
        serviceAnnotations: annotations,
      },
    });
    connections[s.controlPlane.clusterName] = ClusterConnection.kubeconfig({
      context: s.controlPlane.clusterName,
    });
  }
  for (const s of props.onPremises ?? []) {
    const c = s.cluster;
    const info: MeshClusterInfo = {
      clusterName: c.name,
      meshNetwork: c.meshNetwork ?? `${s.name}-network`,
      platform: ClusterPlatform.ON_PREMISES,
      apiServerHost: c.apiServerAddress,
      apiServerPort: c.apiServerPort ?? KUBE_API_PORT,
      meshId,
    };
    mesh.addCluster({
      cluster: info,
      ...roles.roleOf(c.name),
      gateway: {
        exposure: c.gatewayAddress ? GatewayExposure.LOAD_BALANCER_IP : GatewayExposure.LOAD_BALANCER,
        address: c.gatewayAddress,
        serviceAnnotations: annotations,
      },
    });
    connections[c.name] = ClusterConnection.kubeconfig({ context: c.name });
  }

  // Terraform delivery: the CA (when generated), Istio's install, then the mesh's configuration.
  let meshCaStack: TerraformStack | undefined;
  let meshCa: MeshCa | undefined;
  if (mesh.rootOfTrust === RootOfTrust.GENERATED) {
    meshCaStack = ctx.stacks.forMesh(new TerraformStack(scope, `${topologyName}-mesh-ca`));
    meshCa = new MeshCa(meshCaStack, "MeshCa", { mesh });
  }
  const meshInstallStack = ctx.stacks.forMesh(
    new MeshInstallStack(scope, `${topologyName}-mesh-install`, { mesh, connections, ca: meshCa }),
  );
  const meshStack = ctx.stacks.forMesh(new MeshStack(scope, `${topologyName}-mesh`, { mesh, connections }));
  for (const stack of ctx.stacks.infrastructure) meshInstallStack.addDependency(stack);
  if (meshCaStack) meshInstallStack.addDependency(meshCaStack);
  meshStack.addDependency(meshInstallStack);
  return { mesh, meshCaStack, meshCa, meshInstallStack, meshStack };
}

/** The mesh id when not given: `proj-<number>` of the first GCP site's project. */
function defaultMeshId(scope: IConstruct, gcp: readonly GcpSiteSpec[]): string {
  const first = gcp[0];
  if (first?.projectNumber) return `proj-${first.projectNumber}`;
  return fail(scope, "mesh.meshId", undefined, {
    rule: first
      ? `the mesh id (proj-<project number> of ${first.project}) must be known at synth, for the YAML of every cluster`
      : "a topology without a GCP site needs the mesh id",
    fix: first ? `give gcp[0].projectNumber, or mesh.meshId` : "give mesh.meshId",
  });
}
