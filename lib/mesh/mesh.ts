import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { ApiObject, App as K8sApp, Chart, Yaml } from "cdk8s";
import { Construct } from "constructs";
import { stringify } from "yaml";
import {
  check,
  checkDns1123Label,
  checkEach,
  checkIpv4Address,
  checkK8sLabelValue,
  checkNodePort,
  ClusterPlatform,
  countBetween,
  fail,
  HybridMeshError,
  isUnresolved,
  oneOf,
  suppressRules,
  Violation,
  constructId,
  validateShape,
  Shape,
  req,
  str,
  enumOf,
  bool,
} from "../core";
import {
  baseChartValues,
  controlPlaneOperator,
  eastWestGatewayOperator,
  gatewayChartValues,
  istiodChartValues,
} from "./install";
import {
  allowNothing,
  crossNetworkGateway,
  eastWestGatewayManifests,
  ISTIO_SYSTEM,
  istiodExposure,
  K8sObject,
  namespaces,
  peerAuthentication,
  READER_SERVICE_ACCOUNT,
  READER_TOKEN_SECRET,
  readerIdentity,
  ResolvedCluster,
  ResolvedGateway,
  ResolvedMesh,
} from "./manifests";
import {
  ClusterRole,
  GatewayExposure,
  GatewayForm,
  MESH_CLUSTER_OPTIONS,
  MeshClusterOptions,
  MeshModel,
  MtlsMode,
} from "./options";

/** Where the mesh's certificates come from. */
export enum RootOfTrust {
  /**
   * A CA shared by the whole fleet: Cloud Service Mesh's managed CA (asmcli `--ca mesh_ca`), as
   * in the Anthos worked example. Nothing is emitted.
   */
  MANAGED = "managed",
  /**
   * Istio's plug-in CA: every cluster gets a `cacerts` Secret with its own intermediate CA, all
   * under one root (each cluster's `caCertsDirectory`). Required with a self-managed istiod, whose
   * self-signed root would differ per cluster and break cross-cluster mTLS.
   */
  PLUGGED_IN = "plugged-in",
}

/** Properties of a {@link Mesh}. */
export interface MeshProps {
  /** Mesh id (`global.meshID`), the same on every cluster: `proj-<project number>` for a GCP fleet. */
  readonly meshId: string;
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
   * Trust domain, one for the whole mesh.
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
   * How the east-west gateway is described.
   *
   * @default GatewayForm.ISTIO_OPERATOR
   */
  readonly gatewayForm?: GatewayForm;
  /**
   * Where certificates come from.
   *
   * @default - PLUGGED_IN when a cluster has caCertsDirectory, else MANAGED
   */
  readonly rootOfTrust?: RootOfTrust;
}

const PROPS: Shape<MeshProps> = {
  meshId: req(str("mesh id", '"proj-123456789012"')),
  model: enumOf(MeshModel, "MeshModel"),
  revision: str("Istio revision", '"asm-1175-9"'),
  trustDomain: str("trust domain", '"cluster.local"'),
  mtls: enumOf(MtlsMode, "MtlsMode"),
  defaultDeny: bool(),
  gatewayNamespace: str("namespace", '"istio-system"'),
  gatewayForm: enumOf(GatewayForm, "GatewayForm"),
  rootOfTrust: enumOf(RootOfTrust, "RootOfTrust"),
};

/** A file of a cluster's delivery (path relative to the cluster's folder). */
export interface MeshFile {
  /** Path under `<outdir>/<cluster>/`. */
  readonly path: string;
  /** Content. */
  readonly content: string;
}

const NODE_PORT_DEFAULTS = { crossNetwork: 31443, istiod: 31012, webhook: 31017, status: 31021 };

/**
 * One Istio multi-network mesh over clusters of any platform, as cdk8s charts (one per cluster)
 * and install files: namespaces labelled with the network, the install values (IstioOperator for
 * istioctl/asmcli and Helm values), the east-west gateway (IstioOperator, Helm or plain
 * manifests), the cross-network Gateway, istiod exposure for primary-remote, the reader identity
 * remote istiods use and a script creating each remote secret, mesh-wide STRICT mTLS, an optional
 * default-deny policy, and the plug-in CA.
 *
 * Deliver it as YAML (`writeYaml("dist")` → `dist/<cluster>/…`) or with the Terraform
 * kubernetes provider (`MeshStack`).
 */
export class Mesh extends Construct {
  /** Type name shown in hybrid-mesh error messages. */
  public readonly hybridMeshType = "Mesh";
  /** The cdk8s app holding one chart per cluster. */
  public readonly k8sApp: K8sApp;
  /** Charts by cluster name. */
  public readonly charts: Record<string, Chart> = {};
  private readonly props: MeshProps;
  private readonly options: MeshClusterOptions[] = [];
  private readonly scopes: Construct[] = [];

  constructor(scope: Construct, id: string, props: MeshProps) {
    super(scope, constructId(scope, id, "Mesh"));
    validateShape(this, props, PROPS);
    this.props = props;
    check(this, "meshId", props.meshId, checkK8sLabelValue);
    if (!props.defaultDeny) {
      suppressRules(this, [
        {
          id: "HM-MESH-2",
          reason:
            "allow-nothing denies every request until each service has its ALLOW policies; turn on defaultDeny once they exist",
        },
      ]);
    }
    check(this, "trustDomain", props.trustDomain, (t) =>
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(t)
        ? undefined
        : { rule: "a trust domain is a DNS name", fix: 'use "cluster.local" or your own domain' },
    );
    check(this, "revision", props.revision, (r) => checkDns1123Label(r));
    check(this, "gatewayNamespace", props.gatewayNamespace, checkDns1123Label);
    check(this, "model", props.model, oneOf(Object.values(MeshModel), "the mesh model"));
    check(this, "mtls", props.mtls, oneOf(Object.values(MtlsMode), "the mTLS mode"));
    check(this, "gatewayForm", props.gatewayForm, oneOf(Object.values(GatewayForm), "the gateway form"));
    check(this, "rootOfTrust", props.rootOfTrust, oneOf(Object.values(RootOfTrust), "the root of trust"));
    this.k8sApp = new K8sApp({ outdir: "dist" });
  }

  /** Adds a cluster; checks what can be checked for it alone. */
  public addCluster(options: MeshClusterOptions): void {
    validateShape(this, options, MESH_CLUSTER_OPTIONS, "");
    const c = options.cluster;
    if (this.options.some((o) => o.cluster.clusterName === c.clusterName)) {
      fail(this, "cluster.clusterName", c.clusterName, {
        rule: "every cluster of a mesh needs its own name (Istio's cluster name)",
        fix: "rename one of the clusters",
      });
    }
    const scope = new ClusterScope(this, c.clusterName || `cluster-${this.options.length + 1}`);
    check(scope, "cluster.clusterName", c.clusterName, checkDns1123Label);
    check(scope, "cluster.meshNetwork", c.meshNetwork, checkDns1123Label);
    const role = check(
      scope,
      "role",
      options.role ?? ClusterRole.PRIMARY,
      oneOf(Object.values(ClusterRole), "the cluster role"),
    );
    if (
      role === ClusterRole.REMOTE &&
      (this.props.model ?? MeshModel.MULTI_PRIMARY) !== MeshModel.PRIMARY_REMOTE
    ) {
      fail(scope, "role", role, {
        rule: "remote clusters exist only in the primary-remote model",
        fix: "set the mesh's model to MeshModel.PRIMARY_REMOTE, or make the cluster a primary",
      });
    }
    if (role === ClusterRole.REMOTE && !options.primary) {
      fail(scope, "primary", options.primary, {
        rule: "a remote cluster has no istiod of its own and needs a primary to serve it",
        fix: "set primary to the name of a primary cluster of the mesh",
      });
    }
    if (
      c.meshId !== undefined &&
      !isUnresolved(c.meshId) &&
      !isUnresolved(this.props.meshId) &&
      c.meshId !== this.props.meshId
    ) {
      fail(scope, "cluster.meshId", c.meshId, {
        rule: `every cluster of a mesh has the same mesh id, and the mesh's is ${this.props.meshId}`,
        fix: "register the clusters in one fleet (one project number), or give the mesh that id",
      });
    }
    const g = options.gateway ?? {};
    check(
      scope,
      "gateway.exposure",
      g.exposure,
      oneOf(Object.values(GatewayExposure), "the gateway exposure"),
    );
    check(scope, "gateway.address", g.address, checkIpv4Address);
    checkEach(scope, "gateway.additionalAddresses", g.additionalAddresses, checkIpv4Address);
    if (g.additionalAddresses?.length && !g.address) {
      fail(scope, "gateway.additionalAddresses", g.additionalAddresses, {
        rule: "further addresses come after the gateway's first address",
        fix: "give gateway.address too",
      });
    }
    for (const [key, port] of Object.entries(g.nodePorts ?? {}))
      check(scope, `gateway.nodePorts.${key}`, port, checkNodePort);
    check(scope, "gateway.minReplicas", g.minReplicas, countBetween(1, 100, "a replica count"));
    check(scope, "gateway.maxReplicas", g.maxReplicas, countBetween(1, 100, "a replica count"));
    for (const ns of options.injectedNamespaces ?? []) {
      check(scope, "injectedNamespaces", ns.name, checkDns1123Label);
      if (ns.labels && "istio-injection" in ns.labels && "istio.io/rev" in ns.labels) {
        fail(scope, `injectedNamespaces (${ns.name}).labels`, ns.labels, {
          rule: "istio-injection and istio.io/rev on one namespace conflict (istio-injection wins and the revision is ignored)",
          fix: "remove both: hybrid-mesh sets the right one for the mesh's revision",
        });
      }
    }
    const exposure = g.exposure ?? defaultExposure(c.platform, g.address);
    if (c.platform === ClusterPlatform.AWS && !g.address) {
      fail(scope, "gateway.address", g.address, {
        rule: "an east-west gateway on AWS needs a fixed address: an AWS load balancer's DNS name is ignored as a gateway address by Istio (istio#29359)",
        fix: "put the gateway behind MeshGatewayLoadBalancer with fixed private IPs and give one of them here",
      });
    }
    if (exposure === GatewayExposure.LOAD_BALANCER_IP && !g.address) {
      fail(scope, "gateway.address", g.address, {
        rule: "LOAD_BALANCER_IP exposure needs the address to request",
        fix: "give the gateway's IP from the cluster's load-balancer pool",
      });
    }
    this.options.push(options);
    this.scopes.push(scope);
  }

  /** The mesh with every default applied. */
  public get resolved(): ResolvedMesh {
    return {
      meshId: this.props.meshId,
      trustDomain: this.props.trustDomain ?? "cluster.local",
      revision: this.props.revision ?? "",
      model: this.props.model ?? MeshModel.MULTI_PRIMARY,
      mtls: this.props.mtls ?? MtlsMode.STRICT,
      defaultDeny: this.props.defaultDeny ?? false,
      gatewayNamespace: this.props.gatewayNamespace ?? ISTIO_SYSTEM,
      clusters: this.options.map((o) => resolveCluster(o)),
    };
  }

  /** The root of trust in use. */
  public get rootOfTrust(): RootOfTrust {
    return (
      this.props.rootOfTrust ??
      (this.options.some((o) => o.caCertsDirectory) ? RootOfTrust.PLUGGED_IN : RootOfTrust.MANAGED)
    );
  }

  /** Problems that need the whole mesh: at least one primary, remotes' primaries exist and have a fixed gateway address, CA files for a plugged-in root. */
  public problems(): Violation[] {
    const mesh = this.resolved;
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
      }
    }
    if (this.rootOfTrust === RootOfTrust.PLUGGED_IN) {
      for (const c of mesh.clusters.filter((c) => !c.caCertsDirectory)) {
        problems.push({
          property: `clusters (${c.name}).caCertsDirectory`,
          value: undefined,
          rule: "with a plugged-in root of trust every cluster needs its intermediate CA files under the shared root",
          fix: "give caCertsDirectory (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem), or use RootOfTrust.MANAGED",
        });
      }
    }
    const networks = new Map<string, ClusterPlatform>();
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

  /**
   * The Kubernetes objects of a cluster, in apply order (namespaces first), as cdk8s renders
   * them: what kubectl, Config Sync or the Terraform delivery applies.
   */
  public manifests(clusterName: string): K8sObject[] {
    this.assertValid();
    return this.chart(clusterName).toJson() as K8sObject[];
  }

  /**
   * Every file of a cluster's delivery: `manifests.yaml` (kubectl apply / Config Sync), the
   * install files for istioctl or Helm, the remote-secret scripts and, with a plugged-in CA, the
   * `cacerts` script. Credentials are never in them: scripts read them at apply time.
   */
  public files(clusterName: string): MeshFile[] {
    const mesh = this.resolved;
    const cluster = mesh.clusters.find((c) => c.name === clusterName);
    if (!cluster)
      fail(this, "clusterName", clusterName, {
        rule: "no such cluster in the mesh",
        fix: `use one of: ${mesh.clusters.map((c) => c.name).join(", ")}`,
      });
    const files: MeshFile[] = [
      { path: "manifests.yaml", content: Yaml.stringify(...this.manifests(clusterName)) },
    ];
    const form = this.props.gatewayForm ?? GatewayForm.ISTIO_OPERATOR;
    files.push({ path: "istioctl/control-plane.yaml", content: yaml(controlPlaneOperator(mesh, cluster)) });
    files.push({ path: "helm/base.values.yaml", content: yaml(baseChartValues(mesh)) });
    files.push({ path: "helm/istiod.values.yaml", content: yaml(istiodChartValues(mesh, cluster)) });
    if (form === GatewayForm.ISTIO_OPERATOR)
      files.push({
        path: "istioctl/eastwest-gateway.yaml",
        content: yaml(eastWestGatewayOperator(mesh, cluster)),
      });
    if (form === GatewayForm.HELM)
      files.push({
        path: "helm/eastwest-gateway.values.yaml",
        content: yaml(gatewayChartValues(mesh, cluster)),
      });
    for (const source of this.remoteSecretSources(mesh, cluster)) {
      files.push({ path: `remote-secrets/${source.name}.sh`, content: remoteSecretScript(source, cluster) });
    }
    if (this.rootOfTrust === RootOfTrust.PLUGGED_IN && cluster.caCertsDirectory) {
      files.push({ path: "cacerts.sh", content: cacertsScript(cluster) });
    }
    files.push({ path: "README.md", content: clusterReadme(mesh, cluster, files, form) });
    return files;
  }

  /** Writes every cluster's files under `<outdir>/<cluster>/` and returns their paths. */
  public writeYaml(outdir: string): string[] {
    this.assertValid();
    const written: string[] = [];
    for (const cluster of this.resolved.clusters) {
      for (const file of this.files(cluster.name)) {
        const target = path.join(outdir, cluster.name, file.path);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.content, { mode: file.path.endsWith(".sh") ? 0o755 : 0o644 });
        written.push(target);
      }
    }
    return written;
  }

  /**
   * The clusters whose API server `cluster`'s istiod watches (and so needs a remote secret for):
   * every other cluster in multi-primary; the remotes it serves for a primary in primary-remote.
   */
  public remoteSecretSources(mesh: ResolvedMesh, cluster: ResolvedCluster): ResolvedCluster[] {
    if (cluster.role === ClusterRole.REMOTE) return [];
    if (mesh.model === MeshModel.MULTI_PRIMARY) return mesh.clusters.filter((c) => c.name !== cluster.name);
    return mesh.clusters.filter((c) => c.role === ClusterRole.REMOTE && c.primary === cluster.name);
  }

  /** The chart of a cluster (built on first use). */
  private chart(clusterName: string): Chart {
    const existing = this.charts[clusterName];
    if (existing) return existing;
    const mesh = this.resolved;
    const cluster = mesh.clusters.find((c) => c.name === clusterName)!;
    const chart = new Chart(this.k8sApp, clusterName, { disableResourceNameHashes: true });
    const objects: K8sObject[] = [...namespaces(mesh, cluster)];
    if ((this.props.gatewayForm ?? GatewayForm.ISTIO_OPERATOR) === GatewayForm.MANIFESTS)
      objects.push(...eastWestGatewayManifests(mesh, cluster));
    objects.push(crossNetworkGateway(mesh));
    if (mesh.model === MeshModel.PRIMARY_REMOTE && cluster.role === ClusterRole.PRIMARY)
      objects.push(...istiodExposure(mesh));
    if (cluster.role === ClusterRole.PRIMARY) {
      objects.push(peerAuthentication(mesh));
      if (mesh.defaultDeny) objects.push(allowNothing());
    }
    // Other clusters' istiods read this cluster's API: give them the reader identity.
    const readBy = mesh.clusters.some(
      (other) =>
        other !== cluster && this.remoteSecretSources(mesh, other).some((s) => s.name === cluster.name),
    );
    if (readBy) objects.push(...readerIdentity());
    objects.forEach(
      (o, i) => new ApiObject(chart, `${String(i).padStart(2, "0")}-${o.kind}-${o.metadata.name}`, o),
    );
    this.charts[clusterName] = chart;
    return chart;
  }
}

/** The construct of one cluster of a mesh (named in error messages). */
class ClusterScope extends Construct {
  public readonly hybridMeshType = "MeshCluster";
}

function defaultExposure(platform: ClusterPlatform, address?: string): GatewayExposure {
  switch (platform) {
    case ClusterPlatform.GKE:
      return GatewayExposure.GKE_INTERNAL_LOAD_BALANCER;
    case ClusterPlatform.AWS:
      return GatewayExposure.NODE_PORT;
    default:
      return address ? GatewayExposure.LOAD_BALANCER_IP : GatewayExposure.LOAD_BALANCER;
  }
}

function resolveCluster(o: MeshClusterOptions): ResolvedCluster {
  const g = o.gateway ?? {};
  const exposure = g.exposure ?? defaultExposure(o.cluster.platform, g.address);
  const annotations: Record<string, string> = {};
  if (exposure === GatewayExposure.GKE_INTERNAL_LOAD_BALANCER) {
    annotations["networking.gke.io/load-balancer-type"] = "Internal";
    if (g.gkeGlobalAccess)
      annotations["networking.gke.io/internal-load-balancer-allow-global-access"] = "true";
  }
  Object.assign(annotations, g.serviceAnnotations ?? {});
  const gateway: ResolvedGateway = {
    exposure,
    address: g.address && !isUnresolved(g.address) ? g.address : undefined,
    addresses: [g.address, ...(g.additionalAddresses ?? [])].filter(
      (a): a is string => a !== undefined && !isUnresolved(a),
    ),
    nodePorts: { ...NODE_PORT_DEFAULTS, ...(g.nodePorts ?? {}) },
    annotations,
    minReplicas: g.minReplicas ?? 2,
    maxReplicas: g.maxReplicas ?? 5,
    replicasGiven: g.minReplicas !== undefined || g.maxReplicas !== undefined,
  };
  return {
    name: o.cluster.clusterName,
    network: o.cluster.meshNetwork,
    platform: o.cluster.platform,
    role: o.role ?? ClusterRole.PRIMARY,
    primary: o.primary,
    apiServerHost: o.cluster.apiServerHost,
    apiServerPort: o.cluster.apiServerPort,
    gateway,
    injectedNamespaces: (o.injectedNamespaces ?? []).map((n) => ({
      name: n.name,
      labels: { ...(n.labels ?? {}) },
    })),
    caCertsDirectory: o.caCertsDirectory,
  };
}

function yaml(object: unknown): string {
  return stringify(object, { lineWidth: 0 });
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The script that creates `istio-remote-secret-<source>` in `target` at apply time. */
function remoteSecretScript(source: ResolvedCluster, target: ResolvedCluster): string {
  const server =
    source.apiServerHost && !isUnresolved(source.apiServerHost)
      ? `https://${source.apiServerHost}:${source.apiServerPort}`
      : "";
  return `#!/bin/bash
# hybrid-mesh: creates the remote secret istio-remote-secret-${source.name} in cluster ${target.name},
# so that ${target.name}'s istiod watches ${source.name}'s API server. The reader token is read from
# ${source.name} now, when you run this, and goes straight to ${target.name}: it is never written to a file.
# Usage: $0 SOURCE_CONTEXT TARGET_CONTEXT [API_SERVER_URL]
#   SOURCE_CONTEXT  kubectl context of ${source.name} (where manifests.yaml created the reader identity)
#   TARGET_CONTEXT  kubectl context of ${target.name}
#   API_SERVER_URL  ${source.name}'s API as ${target.name} reaches it${server ? ` (default ${server})` : " (default: the server of SOURCE_CONTEXT)"}
set -euo pipefail
source_context=$1
target_context=$2
server=\${3:-${shellQuote(server)}}
if [ -z "$server" ]; then
  server=$(kubectl config view --minify --context "$source_context" -o jsonpath='{.clusters[0].cluster.server}')
fi
token=$(kubectl --context "$source_context" -n ${ISTIO_SYSTEM} get secret ${READER_TOKEN_SECRET} -o jsonpath='{.data.token}' | base64 -d)
ca=$(kubectl --context "$source_context" -n ${ISTIO_SYSTEM} get secret ${READER_TOKEN_SECRET} -o jsonpath='{.data.ca\\.crt}')
kubectl --context "$target_context" -n ${ISTIO_SYSTEM} apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-${source.name}
  namespace: ${ISTIO_SYSTEM}
  labels:
    istio/multiCluster: "true"
    app.kubernetes.io/managed-by: hybrid-mesh
  annotations:
    networking.istio.io/cluster: ${source.name}
type: Opaque
stringData:
  ${source.name}: |
    apiVersion: v1
    kind: Config
    clusters:
      - name: ${source.name}
        cluster:
          certificate-authority-data: $ca
          server: $server
    contexts:
      - name: ${source.name}
        context:
          cluster: ${source.name}
          user: ${source.name}
    current-context: ${source.name}
    users:
      - name: ${source.name}
        user:
          token: $token
EOF
echo "istio-remote-secret-${source.name} applied to ${target.name} (service account ${READER_SERVICE_ACCOUNT})"
`;
}

/** The script that creates the plug-in CA Secret of a cluster from its CA files. */
function cacertsScript(cluster: ResolvedCluster): string {
  return `#!/bin/bash
# hybrid-mesh: creates the cacerts Secret (Istio's plug-in CA) of cluster ${cluster.name} from its CA
# files, read when you run this. Usage: $0 CONTEXT [CA_DIRECTORY]
set -euo pipefail
context=$1
dir=\${2:-${shellQuote(cluster.caCertsDirectory ?? "")}}
kubectl --context "$context" -n ${ISTIO_SYSTEM} create secret generic cacerts \\
  --from-file=ca-cert.pem="$dir/ca-cert.pem" \\
  --from-file=ca-key.pem="$dir/ca-key.pem" \\
  --from-file=root-cert.pem="$dir/root-cert.pem" \\
  --from-file=cert-chain.pem="$dir/cert-chain.pem" \\
  --dry-run=client -o yaml | kubectl --context "$context" apply -f -
`;
}

function clusterReadme(
  mesh: ResolvedMesh,
  cluster: ResolvedCluster,
  files: MeshFile[],
  form: GatewayForm,
): string {
  const has = (p: string) => files.some((f) => f.path === p);
  const steps = [
    "kubectl apply -f manifests.yaml   # namespaces and reader identity first (re-run after Istio's CRDs exist)",
    ...(has("cacerts.sh") ? ["./cacerts.sh <context>"] : []),
    "istioctl install -f istioctl/control-plane.yaml   # or: helm install istio-base istio/base -f helm/base.values.yaml; helm install istiod istio/istiod -f helm/istiod.values.yaml",
    ...(form === GatewayForm.ISTIO_OPERATOR ? ["istioctl install -f istioctl/eastwest-gateway.yaml"] : []),
    ...(form === GatewayForm.HELM
      ? [
          `helm install ${"istio-eastwestgateway"} istio/gateway -n ${mesh.gatewayNamespace} -f helm/eastwest-gateway.values.yaml`,
        ]
      : []),
    "kubectl apply -f manifests.yaml   # the Gateway and policies, now that Istio's CRDs exist",
    ...files
      .filter((f) => f.path.startsWith("remote-secrets/"))
      .map((f) => `./${f.path} <${f.path.slice(15, -3)} context> <${cluster.name} context>`),
  ];
  return `# ${cluster.name} (${cluster.platform}, network ${cluster.network}, ${cluster.role})

Generated by hybrid-mesh for mesh ${mesh.meshId} (${mesh.model}${mesh.revision ? `, revision ${mesh.revision}` : ""}). Apply in this order:

${steps.map((s, i) => `${i + 1}. \`${s}\``).join("\n")}
`;
}
