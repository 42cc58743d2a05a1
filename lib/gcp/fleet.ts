import { GkeHubFeature } from "@cdktf/provider-google/lib/gke-hub-feature";
import { GkeHubFeatureMembership } from "@cdktf/provider-google/lib/gke-hub-feature-membership";
import { GkeHubMembership } from "@cdktf/provider-google/lib/gke-hub-membership";
import { Construct } from "constructs";
import {
  check,
  checkGcpName,
  fail,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  oneOf,
  Problem,
  requireLiteral,
  Tags,
  GOOGLE_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  Kind,
  req,
  str,
  bool,
  obj,
  enumOf,
  either,
  instance,
  construct,
  constructId,
} from "../core";
import { AttachedCluster } from "./attached-cluster";
import { GkeCluster } from "./gke-cluster";
import { checkProjectId, projectNumberOf } from "./rules";

/** Who runs the service mesh control plane of fleet members. */
export enum MeshManagement {
  /** Google manages the control plane and data plane (managed Cloud Service Mesh). */
  AUTOMATIC = "MANAGEMENT_AUTOMATIC",
  /** You install and upgrade the mesh (istioctl, asmcli, Helm); the fleet only knows about it. */
  MANUAL = "MANAGEMENT_MANUAL",
}

/** Config Sync from a Git repository (GitOps): the `ConfigManagement` fields of the Anthos documentation. */
export interface ConfigSyncOptions {
  /**
   * Git repository URL (`syncRepo`): https://..., ssh://... or git@host:path, without credentials
   * (a URL with `user:password@` or a token before `@` is an error: give them with `secretType`).
   */
  readonly repo: string;
  /**
   * Branch to sync (`syncBranch`).
   *
   * @default "main"
   */
  readonly branch?: string;
  /**
   * Folder of the repository holding the configs (`policyDir`).
   *
   * @default "."
   */
  readonly policyDir?: string;
  /**
   * How Config Sync authenticates to the repository (`secretType`): "none" (public repository),
   * "ssh", "cookiefile", "token", "gcenode" or "gcpserviceaccount".
   *
   * @default "none"
   */
  readonly secretType?: string;
  /**
   * Google service account Config Sync uses with secretType "gcpserviceaccount".
   *
   * @default - none
   */
  readonly gcpServiceAccountEmail?: string;
  /**
   * Repository layout: "unstructured" (any layout) or "hierarchy" (namespaces/, cluster/, system/ folders, checked by `nomos vet`).
   *
   * @default "unstructured"
   */
  readonly sourceFormat?: string;
  /**
   * Whether the admission webhook rejects manual changes to synced objects (instead of
   * reverting them at the next sync).
   *
   * @default true
   */
  readonly preventDrift?: boolean;
}

/** Properties of a {@link Fleet}. */
export interface FleetProps {
  /** Fleet host project id. */
  readonly project: string;
  /**
   * Fleet host project number, for the mesh id `proj-<number>`.
   *
   * @default - read with a google_project data source at plan time
   */
  readonly projectNumber?: string;
  /**
   * Whether to enable the service mesh fleet feature for every member.
   *
   * @default true
   */
  readonly serviceMesh?: boolean;
  /**
   * Mesh management of members (each registration may override it). AUTOMATIC puts a member on
   * Google's managed control plane: a mesh must then not install its own istiod there
   * (ControlPlaneMode.FLEET_MANAGED); MANUAL leaves the control plane to you.
   *
   * @default MeshManagement.MANUAL - hybrid-mesh's meshes run istiod in every cluster, so that one Istio release and one CA span clusters on every platform
   */
  readonly meshManagement?: MeshManagement;
  /**
   * Config Sync for every member (each registration may override it).
   *
   * @default - no Config Sync
   */
  readonly configSync?: ConfigSyncOptions;
}

/** Options of one registration. */
export interface FleetRegistrationOptions {
  /**
   * Membership id.
   *
   * @default - the cluster name
   */
  readonly membershipId?: string;
  /**
   * Config Sync for this member; false for none.
   *
   * @default - the fleet's `configSync`
   */
  readonly configSync?: ConfigSyncOptions | false;
  /**
   * Mesh management of this member.
   *
   * @default - the fleet's `meshManagement`
   */
  readonly meshManagement?: MeshManagement;
}

/** A cluster registered in a {@link Fleet}. */
export interface FleetMember {
  /** Membership id. */
  readonly membershipId: string;
  /** Membership location ("global" for GKE; the attached cluster's region otherwise). */
  readonly location: string;
  /** The membership resource (GKE clusters; attached clusters get theirs from their fleet block). */
  readonly membership?: GkeHubMembership;
  /** Service mesh feature membership, if enabled. */
  readonly mesh?: GkeHubFeatureMembership;
  /** Config Sync feature membership, if configured. */
  readonly configSync?: GkeHubFeatureMembership;
}

const CONFIG_SYNC: Shape<ConfigSyncOptions> = {
  repo: req(str("Git repository URL", '"https://github.com/example/platform-config"')),
  branch: str("branch", '"main"'),
  policyDir: str("folder", '"."'),
  secretType: str("secret type", '"none"'),
  gcpServiceAccountEmail: str("service account email", '"config-sync@my-project.iam.gserviceaccount.com"'),
  sourceFormat: str("source format", '"unstructured"'),
  preventDrift: bool(),
};

/**
 * The shape of Config Sync options (also used by HybridTopology's site specs).
 *
 * @internal
 */
export const CONFIG_SYNC_SHAPE: Kind<ConfigSyncOptions> = obj(
  CONFIG_SYNC,
  "Config Sync options",
  '{ repo: "https://github.com/example/platform-config" }',
);

const PROPS: Shape<FleetProps> = {
  project: req(str("GCP project id", '"my-project"')),
  projectNumber: str("GCP project number", '"123456789012"'),
  serviceMesh: bool(),
  meshManagement: enumOf(MeshManagement, "MeshManagement"),
  configSync: CONFIG_SYNC_SHAPE,
};

const REGISTRATION: Shape<FleetRegistrationOptions> = {
  membershipId: str("membership id", '"gke-cluster"'),
  configSync: either(
    CONFIG_SYNC_SHAPE,
    instance<false>("false (no Config Sync)", (v) => v === false, "false"),
  ),
  meshManagement: enumOf(MeshManagement, "MeshManagement"),
};

/**
 * A fleet: GKE clusters registered as memberships, attached clusters, the service mesh feature
 * (managed automatically by default) and Config Sync from Git per member, and fleet Workload
 * Identity (memberships carry the cluster's OIDC issuer).
 *
 * GKE clusters are registered with a `google_gke_hub_membership` resource rather than the
 * cluster's `fleet` block: the membership id and location are explicit and stable (the `fleet`
 * block derives them and changed behaviour across provider versions, terraform-provider-google
 * issue 16795), feature memberships reference it directly, and a cluster can be moved between
 * fleets without replacing it.
 */
export class Fleet extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "Fleet";
  /** Host project id. */
  public readonly project: string;
  /** Mesh id of the fleet: `proj-<project number>`. */
  public readonly meshId: string;
  /** The service mesh feature, if enabled. */
  public readonly serviceMeshFeature?: GkeHubFeature;
  /** Registered members, by membership id. */
  public readonly members: Record<string, FleetMember> = {};
  private configManagementFeature?: GkeHubFeature;
  private readonly props: FleetProps;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, constructId(scope, id, "Fleet"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.project = check(
      this,
      "project",
      requireLiteral(this, "project", props.project, "memberships are named after it"),
      checkProjectId,
    );
    if (props.configSync) checkConfigSync(this, "configSync", props.configSync);
    this.props = props;
    this.meshId = `proj-${projectNumberOf(this, this.project, props.projectNumber)}`;
    if (props.serviceMesh ?? true) {
      check(
        this,
        "meshManagement",
        props.meshManagement ?? MeshManagement.MANUAL,
        oneOf(Object.values(MeshManagement), "the mesh management"),
      );
      this.serviceMeshFeature = new GkeHubFeature(this, "ServiceMesh", {
        name: "servicemesh",
        location: "global",
        project: this.project,
      });
    }
  }

  /** Registers a GKE cluster: a membership with its OIDC issuer (fleet Workload Identity), the mesh, and Config Sync. */
  public register(cluster: GkeCluster, options: FleetRegistrationOptions = {}): FleetMember {
    validateShape(this, { cluster }, { cluster: req(construct<GkeCluster>("GkeCluster", "cluster")) });
    validateShape(this, options, REGISTRATION, "options");
    const membershipId = check(this, "membershipId", options.membershipId ?? cluster.clusterName, (m) =>
      checkGcpName(m),
    );
    this.requireNewMember(membershipId);
    const scope = new Construct(this, membershipId);
    if (this.serviceMeshFeature)
      cluster._setFleetManagedControlPlane(
        (options.meshManagement ?? this.props.meshManagement ?? MeshManagement.MANUAL) ===
          MeshManagement.AUTOMATIC,
      );
    const membership = new GkeHubMembership(scope, "Membership", {
      membershipId,
      project: this.project,
      location: "global",
      endpoint: { gkeCluster: { resourceLink: `//container.googleapis.com/${cluster.cluster.id}` } },
      authority: { issuer: `https://container.googleapis.com/v1/${cluster.cluster.id}` },
    });
    return this.addFeatures(scope, membershipId, "global", options, membership);
  }

  /**
   * Enables the fleet features for an attached cluster, whose membership its own `fleet` block
   * creates (named after the cluster, in its region).
   */
  public attach(
    cluster: AttachedCluster,
    options: Omit<FleetRegistrationOptions, "membershipId"> = {},
  ): FleetMember {
    this.requireNewMember(cluster.clusterName);
    const scope = new Construct(this, cluster.clusterName);
    return this.addFeatures(scope, cluster.clusterName, cluster.location, options, undefined, cluster);
  }

  private requireNewMember(membershipId: string): void {
    if (this.members[membershipId] || this.node.tryFindChild(membershipId)) {
      fail(this, "membershipId", membershipId, {
        rule: "each fleet membership id is unique, and this one is taken",
        fix: "give one of the clusters another name, or register it with another membershipId",
      });
    }
  }

  private addFeatures(
    scope: Construct,
    membershipId: string,
    location: string,
    options: FleetRegistrationOptions,
    membership?: GkeHubMembership,
    attached?: AttachedCluster,
  ): FleetMember {
    const dependsOn = membership ? [membership] : attached ? [attached.resource] : [];
    const membershipRef = membership ? membership.membershipId : membershipId;
    const mesh = this.serviceMeshFeature
      ? new GkeHubFeatureMembership(scope, "Mesh", {
          project: this.project,
          location: "global",
          feature: this.serviceMeshFeature.name,
          membership: membershipRef,
          membershipLocation: location,
          mesh: { management: options.meshManagement ?? this.props.meshManagement ?? MeshManagement.MANUAL },
          dependsOn,
        })
      : undefined;
    const sync = options.configSync === false ? undefined : (options.configSync ?? this.props.configSync);
    if (options.configSync) checkConfigSync(this, `configSync (${membershipId})`, options.configSync);
    let configSync: GkeHubFeatureMembership | undefined;
    if (sync) {
      this.configManagementFeature ??= new GkeHubFeature(this, "ConfigManagement", {
        name: "configmanagement",
        location: "global",
        project: this.project,
      });
      configSync = new GkeHubFeatureMembership(scope, "ConfigSync", {
        project: this.project,
        location: "global",
        feature: this.configManagementFeature.name,
        membership: membershipRef,
        membershipLocation: location,
        configmanagement: {
          management: "MANAGEMENT_AUTOMATIC",
          configSync: {
            // Explicit: without it Config Sync stays off (terraform-google-enterprise-application PR 245).
            enabled: true,
            sourceFormat: sync.sourceFormat ?? "unstructured",
            preventDrift: sync.preventDrift ?? true,
            git: {
              syncRepo: sync.repo,
              syncBranch: sync.branch ?? "main",
              policyDir: sync.policyDir ?? ".",
              secretType: sync.secretType ?? "none",
              gcpServiceAccountEmail: sync.gcpServiceAccountEmail,
            },
          },
        },
        dependsOn,
      });
    }
    const member: FleetMember = { membershipId, location, membership, mesh, configSync };
    this.members[membershipId] = member;
    return member;
  }
}

const SECRET_TYPES = ["none", "ssh", "cookiefile", "token", "gcenode", "gcpserviceaccount"];

function checkRepo(repo: string): Problem | undefined {
  if (typeof repo === "string" && /^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(repo)) {
    // https://user:password@host/..., https://<token>@host/..., ssh://user:password@host/...
    const userinfo = /^(?:https:\/\/([^/@]+)@|ssh:\/\/[^/@:]+:([^/@]+)@)/.exec(repo);
    if (userinfo) {
      return {
        rule: "a Git URL carries no credentials: sync_repo is kept in Terraform state and in the fleet's feature membership, readable by whoever can read either",
        fix: 'remove the credentials from the URL and set secretType "token" (a git-creds Secret in config-management-system), "ssh" or "gcpserviceaccount"',
      };
    }
    return undefined;
  }
  return {
    rule: "Config Sync needs a Git repository URL (https://..., ssh://... or git@host:path)",
    fix: 'set configSync.repo, e.g. "https://github.com/example/platform-config"',
  };
}

function checkConfigSync(scope: Construct, property: string, options: ConfigSyncOptions): void {
  if (options.repo === undefined || options.repo === "") {
    fail(scope, `${property}.repo`, options.repo, checkRepo("")!);
  }
  check(scope, `${property}.repo`, options.repo, checkRepo);
  check(
    scope,
    `${property}.secretType`,
    options.secretType ?? "none",
    oneOf(SECRET_TYPES, "the Config Sync secret type"),
  );
  check(
    scope,
    `${property}.sourceFormat`,
    options.sourceFormat ?? "unstructured",
    oneOf(["unstructured", "hierarchy"], "the Config Sync source format"),
  );
  if (options.branch !== undefined && options.branch.trim() === "") {
    fail(scope, `${property}.branch`, options.branch, {
      rule: "the branch to sync is not empty",
      fix: 'use e.g. "main"',
    });
  }
  if (options.secretType === "gcpserviceaccount" && !options.gcpServiceAccountEmail) {
    fail(scope, `${property}.gcpServiceAccountEmail`, undefined, {
      rule: 'secretType "gcpserviceaccount" needs the Google service account Config Sync acts as',
      fix: "set gcpServiceAccountEmail (the account needs roles/source.reader on the repository)",
    });
  }
}
