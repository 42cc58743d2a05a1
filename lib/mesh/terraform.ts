import * as path from "path";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Fn, ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import {
  ClusterRole,
  construct,
  constructId,
  fail,
  instanceOf,
  ISTIO_SYSTEM,
  K8sObject,
  record,
  req,
  RootOfTrust,
  Shape,
  validateShape,
} from "../core";
import { MeshCa } from "./ca";
import { controlPlaneCharts, gatewayChart, IstioChart } from "./install";
import { readerKubeconfig } from "./manifests";
import type { Mesh } from "./mesh";
import {
  CACERTS_KEYS,
  CACERTS_SECRET,
  installsIstiod,
  MANAGED_BY_LABELS,
  remoteSecretSources,
  ResolvedCluster,
} from "./model";
import { ISTIO_HELM_REPOSITORY } from "./release";

/** The two providers Terraform reaches one cluster with. */
export interface ClusterProviders {
  /** The kubernetes provider (objects and Secrets). */
  readonly kubernetes: KubernetesProvider;
  /** The Helm provider (Istio's charts). */
  readonly helm: HelmProvider;
}

/** How Terraform reaches a cluster's API server (from where Terraform runs). */
export abstract class ClusterConnection {
  /**
   * A GKE cluster: an endpoint (the private endpoint when Terraform runs inside the hybrid network,
   * the public one when it runs outside and is in the cluster's authorized networks) and the CA
   * certificate (Terraform attributes of the stack that creates the cluster), with the access
   * token of the Google credentials running Terraform.
   */
  public static gke(options: {
    readonly endpoint: string;
    readonly caCertificate: string;
  }): ClusterConnection {
    return new GkeConnection(options.endpoint, options.caCertificate);
  }

  /** Any cluster reachable with a kubeconfig context (AWS, on premises, attached). */
  public static kubeconfig(options: { readonly context: string; readonly path?: string }): ClusterConnection {
    return new KubeconfigConnection(options.context, options.path ?? "~/.kube/config");
  }

  /** Creates the providers of the cluster in `scope`'s stack (one alias per cluster). */
  public abstract providers(scope: Construct, alias: string): ClusterProviders;
}

class GkeConnection extends ClusterConnection {
  constructor(
    private readonly endpoint: string,
    private readonly caCertificate: string,
  ) {
    super();
  }

  public providers(scope: Construct, alias: string): ClusterProviders {
    const stack = TerraformStack.of(scope);
    if (!stack.node.tryFindChild("google")) new GoogleProvider(stack, "google", {});
    const client =
      (stack.node.tryFindChild("google-client-config") as DataGoogleClientConfig) ??
      new DataGoogleClientConfig(stack, "google-client-config");
    const access = {
      host: `https://${this.endpoint}`,
      token: client.accessToken,
      clusterCaCertificate: Fn.base64decode(this.caCertificate),
    };
    return {
      kubernetes: new KubernetesProvider(scope, alias, { alias, ...access }),
      helm: new HelmProvider(scope, `${alias}-helm`, { alias, kubernetes: access }),
    };
  }
}

class KubeconfigConnection extends ClusterConnection {
  constructor(
    private readonly context: string,
    private readonly file: string,
  ) {
    super();
  }

  public providers(scope: Construct, alias: string): ClusterProviders {
    const access = { configPath: this.file, configContext: this.context };
    return {
      kubernetes: new KubernetesProvider(scope, alias, { alias, ...access }),
      helm: new HelmProvider(scope, `${alias}-helm`, { alias, kubernetes: access }),
    };
  }
}

/** Properties of the Terraform delivery of a mesh ({@link MeshInstallStack}, {@link MeshStack}). */
export interface MeshDeliveryProps {
  /** The mesh. */
  readonly mesh: Mesh;
  /** How to reach each cluster, by cluster name. */
  readonly connections: Record<string, ClusterConnection>;
}

/** Properties of a {@link MeshInstallStack}. */
export interface MeshInstallStackProps extends MeshDeliveryProps {
  /**
   * The mesh CA (RootOfTrust.GENERATED), in this stack or another: its intermediates become the
   * `cacerts` Secrets.
   *
   * @default - none: required when the mesh's root of trust is GENERATED
   */
  readonly ca?: MeshCa;
}

const DELIVERY: Shape<MeshDeliveryProps> = {
  mesh: req(construct<Mesh>("Mesh", "mesh")),
  connections: req(
    record(
      instanceOf(ClusterConnection, "ClusterConnection.gke({ ... })"),
      "object of connections by cluster name",
    ),
  ),
};

function checkConnections(scope: Construct, props: MeshDeliveryProps): void {
  for (const cluster of props.mesh.resolved.clusters) {
    if (!props.connections[cluster.name] || typeof props.connections[cluster.name].providers !== "function") {
      fail(scope, `connections.${cluster.name}`, props.connections[cluster.name], {
        rule: "every cluster of the mesh needs a connection",
        fix: "add ClusterConnection.gke(...) or ClusterConnection.kubeconfig(...) for it",
      });
    }
  }
}

/**
 * A Terraform stack that installs the mesh on every cluster, in order: the namespaces (labelled
 * with the network), the `cacerts` Secret of the mesh's root of trust, then Istio's Helm charts at
 * the mesh's release (`base` and `istiod`, or a remote cluster's install; none on a fleet-managed
 * control plane) and the east-west gateway chart, each depending on the one before.
 *
 * Istio's custom resources go in a second stack ({@link MeshStack}): `kubernetes_manifest` reads
 * the API server's schemas at plan time, and the CRDs exist only once this stack is applied.
 * Deploy after the stacks that create the clusters, from a network that reaches their API servers.
 */
export class MeshInstallStack extends TerraformStack {
  /** Providers by cluster name. */
  public readonly providers: Record<string, ClusterProviders> = {};
  /** Namespaces by cluster name. */
  public readonly namespaces: Record<string, NamespaceV1[]> = {};
  /** The `cacerts` Secret by cluster name (clusters running their own istiod). */
  public readonly cacerts: Record<string, SecretV1> = {};
  /** Helm releases by cluster name, in install order. */
  public readonly releases: Record<string, Release[]> = {};

  constructor(scope: Construct, id: string, props: MeshInstallStackProps) {
    super(scope, constructId(scope, id, "MeshInstallStack"));
    validateShape(this, props, {
      ...DELIVERY,
      ca: construct<MeshCa>("MeshCa", 'new MeshCa(stack, "MeshCa", { mesh })'),
    });
    checkConnections(this, props);
    const mesh = props.mesh.resolved;
    props.mesh.assertValid();
    if (mesh.rootOfTrust === RootOfTrust.GENERATED && !props.ca) {
      fail(this, "ca", undefined, {
        rule: "the mesh's root of trust is GENERATED, and the install needs its CA for every cluster's cacerts Secret",
        fix: 'give ca: new MeshCa(stack, "MeshCa", { mesh })',
      });
    }
    for (const cluster of mesh.clusters) {
      const scope = new Construct(this, cluster.name);
      const providers = props.connections[cluster.name].providers(this, `cluster-${cluster.name}`);
      this.providers[cluster.name] = providers;
      const namespaces = props.mesh.namespaces(cluster.name).map(
        (o) =>
          new NamespaceV1(scope, `Namespace-${o.metadata.name}`, {
            provider: providers.kubernetes,
            metadata: {
              name: o.metadata.name,
              labels: o.metadata.labels as Record<string, string>,
              ...(o.metadata.annotations
                ? { annotations: o.metadata.annotations as Record<string, string> }
                : {}),
            },
          }),
      );
      this.namespaces[cluster.name] = namespaces;
      const before: ITerraformDependable[] = [...namespaces];
      const cacerts = this.cacertsSecret(scope, cluster, providers.kubernetes, props, namespaces);
      if (cacerts) before.push(cacerts);
      const releases: Release[] = [];
      for (const chart of [...controlPlaneCharts(mesh, cluster), gatewayChart(mesh, cluster)]) {
        releases.push(
          this.release(
            scope,
            chart,
            providers.helm,
            [...before, ...releases.slice(-1)],
            mesh.release.version,
          ),
        );
      }
      this.releases[cluster.name] = releases;
    }
  }

  private cacertsSecret(
    scope: Construct,
    cluster: ResolvedCluster,
    provider: KubernetesProvider,
    props: MeshInstallStackProps,
    namespaces: NamespaceV1[],
  ): SecretV1 | undefined {
    if (!installsIstiod(cluster) || cluster.role === ClusterRole.REMOTE) return undefined;
    const root = props.mesh.rootOfTrust;
    let data: Record<string, string>;
    if (root === RootOfTrust.GENERATED) data = props.ca!.cacerts(cluster.name);
    else if (root === RootOfTrust.PLUGGED_IN && cluster.caCertsDirectory) {
      const dir = cluster.caCertsDirectory;
      data = Object.fromEntries(CACERTS_KEYS.map((k) => [k, Fn.file(path.posix.join(dir, k))]));
    } else return undefined;
    const secret = new SecretV1(scope, "CaCerts", {
      provider,
      metadata: { name: CACERTS_SECRET, namespace: ISTIO_SYSTEM, labels: { ...MANAGED_BY_LABELS } },
      type: "Opaque",
      data,
      dependsOn: namespaces,
    });
    this.cacerts[cluster.name] = secret;
    return secret;
  }

  private release(
    scope: Construct,
    chart: IstioChart,
    provider: HelmProvider,
    dependsOn: ITerraformDependable[],
    version: string,
  ): Release {
    return new Release(scope, `Helm-${chart.release}`, {
      provider,
      name: chart.release,
      repository: ISTIO_HELM_REPOSITORY,
      chart: chart.chart,
      version,
      namespace: chart.namespace,
      createNamespace: false,
      values: [stringify(chart.values, { lineWidth: 0 })],
      wait: true,
      timeout: 600,
      dependsOn,
    });
  }
}

/**
 * A Terraform stack that configures the mesh once Istio is installed (deploy it after
 * {@link MeshInstallStack}): every cluster's Istio objects as `kubernetes_manifest` (the
 * cross-network Gateway, istiod's exposure, mesh-wide mTLS and policies; the reader identity other
 * istiods use), and the remote secrets, built at apply time from each source cluster's reader
 * token. One provider alias per cluster.
 *
 * Terraform keeps the reader tokens it copies into the remote secrets in its state, as it does VPN
 * keys: use an encrypted remote backend.
 */
export class MeshStack extends TerraformStack {
  /** Providers by cluster name. */
  public readonly providers: Record<string, KubernetesProvider> = {};
  /** Manifests by cluster name. */
  public readonly manifests: Record<string, Manifest[]> = {};
  /** The reader's token Secret by cluster name (clusters other istiods read). */
  public readonly readerTokens: Record<string, SecretV1> = {};
  /** Remote secrets by target cluster, then source cluster. */
  public readonly remoteSecrets: Record<string, Record<string, SecretV1>> = {};

  constructor(scope: Construct, id: string, props: MeshDeliveryProps) {
    super(scope, constructId(scope, id, "MeshStack"));
    validateShape(this, props, DELIVERY);
    checkConnections(this, props);
    const mesh = props.mesh.resolved;
    for (const cluster of mesh.clusters) {
      const provider = props.connections[cluster.name].providers(this, `cluster-${cluster.name}`).kubernetes;
      this.providers[cluster.name] = provider;
      const scope = new Construct(this, cluster.name);
      const objects = props.mesh.manifests(cluster.name);
      const isToken = (o: K8sObject) =>
        o.kind === "Secret" && o.type === "kubernetes.io/service-account-token";
      this.manifests[cluster.name] = objects
        .filter((o) => !isToken(o))
        .map(
          (o) =>
            new Manifest(scope, `${o.kind}-${o.metadata.namespace ?? "cluster"}-${o.metadata.name}`, {
              provider,
              manifest: o,
            }),
        );
      // The token as a typed Secret that waits for the token controller, so that the remote
      // secrets below read a filled token (a data source could read it before).
      const token = objects.find(isToken);
      if (token) {
        this.readerTokens[cluster.name] = new SecretV1(scope, "ReaderToken", {
          provider,
          metadata: {
            name: token.metadata.name,
            namespace: token.metadata.namespace,
            labels: token.metadata.labels as Record<string, string>,
            annotations: token.metadata.annotations as Record<string, string>,
          },
          type: "kubernetes.io/service-account-token",
          waitForServiceAccountToken: true,
          dependsOn: this.manifests[cluster.name].filter((m) => /ServiceAccount|ClusterRole/.test(m.node.id)),
        });
      }
    }
    for (const target of mesh.clusters) {
      this.remoteSecrets[target.name] = {};
      for (const source of remoteSecretSources(mesh, target)) {
        const scope = new Construct(this, `${source.name}-to-${target.name}`);
        const token = this.readerTokens[source.name];
        const host = source.apiServerHost;
        if (!host) {
          fail(this, `clusters (${source.name}).apiServerHost`, host, {
            rule: `${target.name}'s istiod needs ${source.name}'s API server address for its remote secret`,
            fix: "give apiServerHost in the cluster's MeshClusterInfo",
          });
        }
        const kubeconfig = readerKubeconfig(
          source.name,
          `https://${host}:${source.apiServerPort}`,
          Fn.base64encode(Fn.lookup(token.data, "ca.crt", "")),
          Fn.lookup(token.data, "token", ""),
        );
        this.remoteSecrets[target.name][source.name] = new SecretV1(scope, "RemoteSecret", {
          provider: this.providers[target.name],
          metadata: {
            name: `istio-remote-secret-${source.name}`,
            namespace: ISTIO_SYSTEM,
            labels: { "istio/multiCluster": "true", ...MANAGED_BY_LABELS },
            annotations: { "networking.istio.io/cluster": source.name },
          },
          type: "Opaque",
          data: { [source.name]: kubeconfig },
        });
      }
    }
  }
}
