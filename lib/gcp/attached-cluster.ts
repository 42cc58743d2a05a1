import { ContainerAttachedCluster } from "@cdktf/provider-google/lib/container-attached-cluster";
import { DataGoogleContainerAttachedInstallManifest } from "@cdktf/provider-google/lib/data-google-container-attached-install-manifest";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  check,
  checkDns1123Label,
  checkEach,
  checkGcpName,
  ClusterPlatform,
  fail,
  IMeshClusterSource,
  MANAGED_BY_KEY,
  MANAGED_BY_VALUE,
  MeshClusterInfo,
  oneOf,
  Tags,
  checkGcpRegion,
  GOOGLE_PROVIDER,
  requireProvider,
  validateShape,
  Shape,
  req,
  str,
  arrayOf,
  bool,
  constructId,
} from "../core";
import { checkProjectId, projectNumberOf } from "./rules";

/** Properties of an {@link AttachedCluster}. */
export interface AttachedClusterProps {
  /** Project id of the fleet the cluster joins. */
  readonly project: string;
  /**
   * Project number of that project.
   *
   * @default - read with a google_project data source at plan time
   */
  readonly projectNumber?: string;
  /** Cluster name in GCP (RFC 1035, at most 40 characters); also its fleet membership id and its name in the mesh. */
  readonly name: string;
  /** GCP region that manages the attachment (one that supports attached clusters, e.g. "us-west1"). */
  readonly location: string;
  /** Kubernetes distribution: "eks", "aks" or "generic" (any conformant cluster). */
  readonly distribution: string;
  /** Attached-clusters platform version matching the cluster's Kubernetes minor version, e.g. "1.31.0-gke.1". */
  readonly platformVersion: string;
  /** HTTPS URL of the cluster's OIDC issuer (service-account token issuer). */
  readonly oidcIssuerUrl: string;
  /**
   * The issuer's JSON Web Key Set, for issuers not reachable from the internet (JSON text;
   * encoded as the API expects).
   *
   * @default - keys fetched from the public issuer URL
   */
  readonly jwks?: string;
  /**
   * Users given cluster-admin through the Connect gateway (at most 10).
   *
   * @default - none
   */
  readonly adminUsers?: string[];
  /**
   * Mesh network of the cluster.
   *
   * @default - the cluster name
   */
  readonly meshNetwork?: string;
  /**
   * Host name or IP of the cluster's API server, for the mesh's remote secrets.
   *
   * @default - unknown to the mesh (give it to MeshCluster directly)
   */
  readonly apiServerHost?: string;
  /**
   * Whether to write the install manifest as a sensitive Terraform output named
   * `<name>_install_manifest`, to apply with kubectl before the attachment (see the class docs).
   *
   * @default true
   */
  readonly installManifestOutput?: boolean;
}

const PROPS: Shape<AttachedClusterProps> = {
  project: req(str("GCP project id", '"my-project"')),
  projectNumber: str("GCP project number", '"123456789012"'),
  name: req(str("cluster name", '"eks-cluster"')),
  location: req(str("GCP region", '"us-west1"')),
  distribution: req(str("distribution", '"eks"')),
  platformVersion: req(str("platform version", '"1.30.0-gke.1"')),
  oidcIssuerUrl: req(str("OIDC issuer URL", '"https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE"')),
  jwks: str("JWKS document", "'{\"keys\": [...]}'"),
  adminUsers: arrayOf(str("user email", '"admin@example.com"')),
  meshNetwork: str("mesh network name", '"eks-network"'),
  apiServerHost: str("host name or address", '"api.example.com"'),
  installManifestOutput: bool(),
};

/**
 * A non-GKE cluster (EKS, AKS, any conformant cluster) attached to a fleet
 * (`google_container_attached_cluster`), trusted through its OIDC issuer.
 *
 * The provider requires a bootstrap manifest (the Connect agent's install objects) to be applied
 * to the cluster before the attachment is created: it is read with the
 * `google_container_attached_install_manifest` data source and written as the sensitive output
 * `<name>_install_manifest`. Deploy in two steps, from the synthesized stack folder:
 *
 * ```sh
 * terraform apply -target=data.google_container_attached_install_manifest.<id>   # reads it, fills the output
 * terraform output -raw <name>_install_manifest | kubectl --context <cluster> apply -f -
 * terraform apply                                                              # then everything else
 * ```
 */
export class AttachedCluster extends Construct implements IMeshClusterSource {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "AttachedCluster";
  /** Cluster name. */
  public readonly clusterName: string;
  /** GCP region of the attachment. */
  public readonly location: string;
  /** The attached cluster. */
  public readonly resource: ContainerAttachedCluster;
  /** The install manifest (YAML, a token) to apply before attaching. */
  public readonly installManifest: string;
  /** Mesh id of the fleet: `proj-<project number>`. */
  public readonly meshId: string;
  private readonly props: AttachedClusterProps;

  constructor(scope: Construct, id: string, props: AttachedClusterProps) {
    super(scope, constructId(scope, id, "AttachedCluster"));
    requireProvider(this, GOOGLE_PROVIDER);
    validateShape(this, props, PROPS);
    Tags.of(this).add(MANAGED_BY_KEY, MANAGED_BY_VALUE);
    this.props = props;
    const project = check(this, "project", props.project, checkProjectId);
    this.clusterName = check(this, "name", props.name, (n) => checkGcpName(n, 40) ?? checkDns1123Label(n));
    this.location = check(this, "location", props.location, checkGcpRegion);
    const distribution = check(
      this,
      "distribution",
      props.distribution,
      oneOf(["eks", "aks", "generic"], "the distribution"),
    );
    check(this, "platformVersion", props.platformVersion, (v) =>
      /^\d+\.\d+\.\d+-gke\.\d+$/.test(v)
        ? undefined
        : {
            rule: 'an attached-clusters platform version looks like "1.31.0-gke.1"',
            fix: "use the version matching the cluster's Kubernetes minor version",
          },
    );
    if (!props.oidcIssuerUrl) {
      fail(this, "oidcIssuerUrl", props.oidcIssuerUrl, {
        rule: "an attached cluster needs its OIDC issuer URL: GCP trusts the cluster's service-account tokens through it",
        fix: "give the issuer (EKS: the cluster's OpenID Connect provider URL; AKS: --enable-oidc-issuer; else kubectl get --raw /.well-known/openid-configuration)",
      });
    }
    check(this, "oidcIssuerUrl", props.oidcIssuerUrl, (u) =>
      /^https:\/\/[^\s]+$/.test(u)
        ? undefined
        : {
            rule: "the OIDC issuer is an https:// URL",
            fix: 'use e.g. "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE"',
          },
    );
    if (props.jwks !== undefined) {
      check(this, "jwks", props.jwks, (j) => {
        try {
          const parsed = JSON.parse(j);
          if (Array.isArray(parsed.keys)) return undefined;
        } catch {
          // fall through
        }
        return {
          rule: 'the JWKS is a JSON object with a "keys" array (RFC 7517)',
          fix: "give the output of `kubectl get --raw /openid/v1/jwks`",
        };
      });
    }
    const admins = props.adminUsers ?? [];
    if (admins.length > 10)
      fail(this, "adminUsers", admins, { rule: "at most 10 admin users", fix: "use a group instead" });
    checkEach(this, "adminUsers", admins, (u) =>
      /^\S+@\S+$/.test(u)
        ? undefined
        : { rule: "an admin user is an email address", fix: 'use e.g. "admin@example.com"' },
    );

    const number = projectNumberOf(this, project, props.projectNumber);
    this.meshId = `proj-${number}`;
    const manifest = new DataGoogleContainerAttachedInstallManifest(this, "InstallManifest", {
      clusterId: this.clusterName,
      location: this.location,
      project,
      platformVersion: props.platformVersion,
    });
    this.installManifest = manifest.manifest;
    if (props.installManifestOutput ?? true) {
      new TerraformOutput(this, `${this.clusterName.replace(/-/g, "_")}_install_manifest`, {
        staticId: true,
        value: manifest.manifest,
        sensitive: true,
        description: `Apply to ${this.clusterName} with kubectl before the attachment is created`,
      });
    }
    this.resource = new ContainerAttachedCluster(this, "Resource", {
      name: this.clusterName,
      project,
      location: this.location,
      distribution,
      platformVersion: props.platformVersion,
      description: "hybrid-mesh: attached cluster",
      oidcConfig: {
        issuerUrl: props.oidcIssuerUrl,
        jwks: props.jwks ? Buffer.from(props.jwks, "utf8").toString("base64") : undefined,
      },
      fleet: { project: `projects/${number}` },
      authorization: admins.length > 0 ? { adminUsers: admins } : undefined,
      dependsOn: [manifest],
    });
  }

  /** The cluster, as the mesh sees it. */
  public get meshCluster(): MeshClusterInfo {
    return {
      clusterName: this.clusterName,
      meshNetwork: this.props.meshNetwork ?? this.clusterName,
      platform: ClusterPlatform.ATTACHED,
      apiServerHost: this.props.apiServerHost ?? "",
      apiServerPort: 443,
      meshId: this.meshId,
    };
  }
}
