import { App as K8sApp, ApiObject, Chart } from "cdk8s";
import { Construct } from "constructs";
import {
  bool,
  check,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkK8sLabelValue,
  constructId,
  enumOf,
  fail,
  HybridMeshError,
  ISTIO_SYSTEM,
  K8sObject,
  MeshModel,
  MtlsMode,
  Problem,
  req,
  RootOfTrust,
  Shape,
  str,
  suppressRules,
  validateShape,
  Violation,
} from "../core";
import { resolveCluster, validateCluster } from "./cluster";
import type { CaOutputs } from "./delivery/ca";
import { clusterFiles, MeshFile, writeMeshYaml } from "./delivery/yaml-files";
import { clusterObjects } from "./manifests/cluster-objects";
import { namespaces } from "./manifests/namespaces";
import { GatewayForm, MESH_CLUSTER_OPTIONS as MESH_CLUSTER_SHAPE, MeshClusterOptions } from "./options";
import { meshProblems } from "./problems";
import { checkIstioVersion, DEFAULT_ISTIO_VERSION, IstioRelease } from "./release";
import { remoteSecretSources, ResolvedCluster, ResolvedMesh } from "./resolved";

/** Properties of a {@link Mesh}. */
export interface MeshProps {
  /** Mesh id (`global.meshID`), the same on every cluster: `proj-<project number>` for a GCP fleet. */
  readonly meshId: string;
  /**
   * The Istio release every object is rendered for ("1.17.5" to "1.30.x"): API versions, Helm
   * chart values and IstioOperator fields that release serves; the Helm charts are pinned to it.
   *
   * @default "1.30.3"
   */
  readonly istioVersion?: string;
  /**
   * Deployment model.
   *
   * @default MeshModel.MULTI_PRIMARY
   */
  readonly model?: MeshModel;
  /**
   * Istio revision (e.g. "asm-1175-9"); namespaces are then labelled `istio.io/rev`.
   *
   * @default - the default revision (namespaces labelled `istio-injection=enabled`)
   */
  readonly revision?: string;
  /**
   * Trust domain, one for the whole mesh: a DNS name (at most 253 characters, labels of at most 63).
   *
   * @default "cluster.local"
   */
  readonly trustDomain?: string;
  /**
   * Mesh-wide mTLS.
   *
   * @default MtlsMode.STRICT
   */
  readonly mtls?: MtlsMode;
  /**
   * Whether to add a mesh-wide default-deny AuthorizationPolicy (`allow-nothing`): then every
   * workload needs an ALLOW policy.
   *
   * @default false
   */
  readonly defaultDeny?: boolean;
  /**
   * Namespace of the east-west gateways.
   *
   * @default "istio-system"
   */
  readonly gatewayNamespace?: string;
  /**
   * How the east-west gateway is described in the YAML delivery (the Terraform delivery always
   * installs Istio's gateway chart).
   *
   * @default GatewayForm.ISTIO_OPERATOR
   */
  readonly gatewayForm?: GatewayForm;
  /**
   * Where certificates come from: one root for every cluster.
   *
   * @default RootOfTrust.GENERATED - a mesh CA generated in Terraform (MeshCa)
   */
  readonly rootOfTrust?: RootOfTrust;
}

const PROPS: Shape<MeshProps> = {
  meshId: req(str("mesh id", '"proj-123456789012"')),
  istioVersion: str("Istio release", '"1.30.3"'),
  model: enumOf(MeshModel, "MeshModel"),
  revision: str("Istio revision", '"asm-1175-9"'),
  trustDomain: str("trust domain", '"cluster.local"'),
  mtls: enumOf(MtlsMode, "MtlsMode"),
  defaultDeny: bool(),
  gatewayNamespace: str("namespace", '"istio-system"'),
  gatewayForm: enumOf(GatewayForm, "GatewayForm"),
  rootOfTrust: enumOf(RootOfTrust, "RootOfTrust"),
};

/**
 * Checks a trust domain: a DNS name of at most 253 characters, each label at most 63.
 *
 * @internal
 */
export function checkTrustDomain(domain: string): Problem | undefined {
  const ok = !checkDns1123Subdomain(domain) && domain.split(".").every((l) => l.length <= 63);
  return ok
    ? undefined
    : {
        rule: "a trust domain is a DNS name: at most 253 characters, labels of 1-63 lower-case letters, digits or hyphens separated by dots (SPIFFE ids are spiffe://<trust domain>/ns/<namespace>/sa/<account>)",
        fix: 'use "cluster.local" or a domain of yours, e.g. "mesh.example.com"',
      };
}

/**
 * One Istio multi-network mesh over clusters of any platform, rendered for one Istio release, as
 * cdk8s charts (one per cluster) and install files: namespaces labelled with the network, the
 * control-plane install (IstioOperator for istioctl, values for Istio's Helm charts), the
 * east-west gateway (IstioOperator, Helm values or plain manifests), the cross-network Gateway,
 * istiod exposure for primary-remote, the reader identity other istiods use and a script creating
 * each remote secret, mesh-wide STRICT mTLS, an optional default-deny policy, and the `cacerts`
 * Secret of the mesh's one root of trust.
 *
 * Deliver it as YAML (`writeYaml("dist")` → `dist/<cluster>/…`) or with Terraform
 * (`MeshInstallStack`, then `MeshStack`), with the CA from `MeshCa`.
 */
export class Mesh extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "Mesh";
  /** The cdk8s app holding one chart per cluster. */
  public readonly k8sApp: K8sApp;
  /** Charts by cluster name. */
  public readonly charts: Record<string, Chart> = {};
  /** The Istio release the mesh is rendered for. */
  public readonly release: IstioRelease;
  private readonly props: MeshProps;
  private readonly options: MeshClusterOptions[] = [];
  private caOutputs?: CaOutputs;

  constructor(scope: Construct, id: string, props: MeshProps) {
    super(scope, constructId(scope, id, "Mesh"));
    validateShape(this, props, PROPS);
    this.props = props;
    check(this, "meshId", props.meshId, checkK8sLabelValue);
    this.release = IstioRelease.of(
      check(this, "istioVersion", props.istioVersion ?? DEFAULT_ISTIO_VERSION, checkIstioVersion),
    );
    if (!props.defaultDeny) {
      suppressRules(this, [
        {
          id: "HM-MESH-2",
          reason:
            "allow-nothing denies every request until each service has its ALLOW policies; turn on defaultDeny once they exist",
        },
      ]);
    }
    check(this, "trustDomain", props.trustDomain, checkTrustDomain);
    check(this, "revision", props.revision, (r) => checkDns1123Label(r));
    check(this, "gatewayNamespace", props.gatewayNamespace, checkDns1123Label);
    this.k8sApp = new K8sApp({ outdir: "dist" });
  }

  /** Adds a cluster; checks what can be checked for it alone. */
  public addCluster(options: MeshClusterOptions): void {
    validateShape(this, options, MESH_CLUSTER_SHAPE, "");
    validateCluster(this, options, this.options, this.props);
    this.options.push(options);
  }

  /**
   * Tells the mesh where its generated CA is (MeshCa calls this): the `cacerts` scripts of the
   * YAML delivery read the CA stack's outputs.
   *
   * @internal
   */
  public _useCa(outputs: CaOutputs): void {
    this.caOutputs = outputs;
  }

  /** The mesh with every default applied. */
  public get resolved(): ResolvedMesh {
    return {
      meshId: this.props.meshId,
      release: this.release,
      trustDomain: this.props.trustDomain ?? "cluster.local",
      revision: this.props.revision ?? "",
      model: this.props.model ?? MeshModel.MULTI_PRIMARY,
      mtls: this.props.mtls ?? MtlsMode.STRICT,
      defaultDeny: this.props.defaultDeny ?? false,
      gatewayNamespace: this.props.gatewayNamespace ?? ISTIO_SYSTEM,
      gatewayForm: this.props.gatewayForm ?? GatewayForm.ISTIO_OPERATOR,
      rootOfTrust: this.rootOfTrust,
      clusters: this.options.map((o) => resolveCluster(o)),
    };
  }

  /** The root of trust in use. */
  public get rootOfTrust(): RootOfTrust {
    return this.props.rootOfTrust ?? RootOfTrust.GENERATED;
  }

  /**
   * Problems that need the whole mesh: at least one primary; remotes' primaries exist and have a
   * fixed gateway address; one network per platform; one root of trust every cluster can share.
   *
   * @internal
   */
  public problems(): Violation[] {
    return meshProblems(this.resolved, this.caOutputs);
  }

  /** Fails with every problem of the mesh at once. */
  public assertValid(): void {
    const problems = this.problems();
    if (problems.length === 0) return;
    const messages = problems.map((p) => HybridMeshError.format({ scope: this, ...p }));
    throw new HybridMeshError({
      scope: this,
      property: "clusters",
      value: `${problems.length} problem(s)`,
      rule: `the mesh is not consistent:\n  ${messages.join("\n  ")}`,
      fix: "fix the problems above",
    });
  }

  /** The cluster named `clusterName`, resolved (a hybrid-mesh error naming the clusters if there is none). */
  public cluster(clusterName: string): ResolvedCluster {
    return this.clusterOf(this.resolved, clusterName);
  }

  private clusterOf(mesh: ResolvedMesh, clusterName: string): ResolvedCluster {
    const cluster = mesh.clusters.find((c) => c.name === clusterName);
    if (!cluster) {
      return fail(this, "clusterName", clusterName, {
        rule: "no such cluster in the mesh",
        fix: `use one of: ${mesh.clusters.map((c) => c.name).join(", ")}`,
      });
    }
    return cluster;
  }

  /**
   * The namespaces of a cluster (istio-system labelled with the network, the gateway namespace,
   * the injected namespaces): applied first, before Istio is installed.
   */
  public namespaces(clusterName: string): K8sObject[] {
    return namespaces(this.resolved, this.cluster(clusterName));
  }

  /**
   * The Kubernetes objects of a cluster once Istio is installed, as cdk8s renders them: the mesh's
   * configuration (Gateways, policies), the reader identity and, in the MANIFESTS form, the
   * east-west gateway. What `kubectl apply -f manifests.yaml`, Config Sync or MeshStack apply.
   */
  public manifests(clusterName: string): K8sObject[] {
    this.assertValid();
    return this._objects(clusterName);
  }

  /**
   * The objects of `manifests()` without checking the whole mesh first (for the security checks,
   * which report what is wrong).
   *
   * @internal
   */
  public _objects(clusterName: string): K8sObject[] {
    return this.chart(clusterName).toJson() as K8sObject[];
  }

  /**
   * Every file of a cluster's delivery: `namespaces.yaml`, the `cacerts` script, the install files
   * for istioctl and Helm, `manifests.yaml`, the remote-secret scripts and a README with the order.
   * Credentials are never in them: scripts read them at apply time.
   */
  public files(clusterName: string): MeshFile[] {
    const mesh = this.resolved;
    const cluster = this.clusterOf(mesh, clusterName);
    this.assertValid();
    return this.filesOf(mesh, cluster);
  }

  private filesOf(mesh: ResolvedMesh, cluster: ResolvedCluster): MeshFile[] {
    const objects = { namespaces: namespaces(mesh, cluster), manifests: this._objects(cluster.name) };
    return clusterFiles(this, mesh, cluster, objects, this.caOutputs);
  }

  /**
   * Writes every cluster's files under `<outdir>/<cluster>/`, and `<outdir>/hybrid-mesh.json` (the mesh's
   * id, Istio release, revision, model and clusters, for tools), and returns their paths.
   */
  public writeYaml(outdir: string): string[] {
    this.assertValid();
    const mesh = this.resolved;
    return writeMeshYaml(outdir, mesh, (clusterName) =>
      this.filesOf(mesh, this.clusterOf(mesh, clusterName)),
    );
  }

  /**
   * The clusters whose API server `cluster`'s istiod watches (and so needs a remote secret for):
   * every other cluster in multi-primary; the remotes it serves for a primary in primary-remote.
   */
  public remoteSecretSources(mesh: ResolvedMesh, cluster: ResolvedCluster): ResolvedCluster[] {
    return remoteSecretSources(mesh, cluster);
  }

  /** The chart of a cluster (built on first use). */
  private chart(clusterName: string): Chart {
    const existing = this.charts[clusterName];
    if (existing) return existing;
    const mesh = this.resolved;
    const cluster = this.clusterOf(mesh, clusterName);
    const chart = new Chart(this.k8sApp, clusterName, { disableResourceNameHashes: true });
    const objects = clusterObjects(mesh, cluster);
    objects.forEach(
      (o, i) => new ApiObject(chart, `${String(i).padStart(2, "0")}-${o.kind}-${o.metadata.name}`, o),
    );
    this.charts[clusterName] = chart;
    return chart;
  }
}
