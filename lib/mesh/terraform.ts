import * as path from "path";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { fail, constructId } from "../core";
import { ISTIO_SYSTEM, MANAGED_BY_LABELS, READER_TOKEN_SECRET, readerKubeconfig } from "./manifests";
import { Mesh, RootOfTrust } from "./mesh";

/** How Terraform reaches a cluster's API server. */
export abstract class ClusterConnection {
  /**
   * A GKE cluster: its endpoint and CA certificate (Terraform outputs of the stack that creates
   * it) and the access token of the Google credentials running Terraform.
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

  /** Creates the provider (one alias per cluster). */
  public abstract provider(scope: Construct, alias: string): KubernetesProvider;
}

class GkeConnection extends ClusterConnection {
  constructor(
    private readonly endpoint: string,
    private readonly caCertificate: string,
  ) {
    super();
  }

  public provider(scope: Construct, alias: string): KubernetesProvider {
    const stack = TerraformStack.of(scope);
    if (!stack.node.tryFindChild("google")) new GoogleProvider(stack, "google", {});
    const client =
      (stack.node.tryFindChild("google-client-config") as DataGoogleClientConfig) ??
      new DataGoogleClientConfig(stack, "google-client-config");
    return new KubernetesProvider(scope, alias, {
      alias,
      host: `https://${this.endpoint}`,
      token: client.accessToken,
      clusterCaCertificate: Fn.base64decode(this.caCertificate),
    });
  }
}

class KubeconfigConnection extends ClusterConnection {
  constructor(
    private readonly context: string,
    private readonly file: string,
  ) {
    super();
  }

  public provider(scope: Construct, alias: string): KubernetesProvider {
    return new KubernetesProvider(scope, alias, {
      alias,
      configPath: this.file,
      configContext: this.context,
    });
  }
}

/** Properties of a {@link MeshStack}. */
export interface MeshStackProps {
  /** The mesh. */
  readonly mesh: Mesh;
  /** How to reach each cluster, by cluster name. */
  readonly connections: Record<string, ClusterConnection>;
}

/**
 * A Terraform stack that applies a mesh with the kubernetes provider: every object of every
 * cluster as a `kubernetes_manifest` (namespaces first), the remote secrets built at apply time
 * from each source cluster's reader token, and, with a plugged-in root of trust, the `cacerts`
 * Secrets from the CA files. One provider alias per cluster.
 *
 * Deploy it after the stacks that create the clusters, and after Istio's CRDs are installed
 * (istioctl, Helm or the managed mesh): `kubernetes_manifest` reads the API server's schemas at
 * plan time, so a provider configured from a cluster created in the same plan fails. Terraform
 * keeps the reader tokens in its state, as it does VPN keys: use an encrypted remote backend.
 */
export class MeshStack extends TerraformStack {
  /** Providers by cluster name. */
  public readonly providers: Record<string, KubernetesProvider> = {};
  /** Manifests by cluster name. */
  public readonly manifests: Record<string, Manifest[]> = {};
  /** Remote secrets by target cluster, then source cluster. */
  public readonly remoteSecrets: Record<string, Record<string, SecretV1>> = {};

  constructor(scope: Construct, id: string, props: MeshStackProps) {
    super(scope, constructId(scope, id, "MeshStack"));
    const mesh = props.mesh.resolved;
    for (const cluster of mesh.clusters) {
      if (!props.connections[cluster.name]) {
        fail(this, `connections.${cluster.name}`, undefined, {
          rule: "every cluster of the mesh needs a connection",
          fix: "add ClusterConnection.gke(...) or ClusterConnection.kubeconfig(...) for it",
        });
      }
    }
    for (const cluster of mesh.clusters) {
      const alias = `cluster-${cluster.name}`;
      const provider = props.connections[cluster.name].provider(this, alias);
      this.providers[cluster.name] = provider;
      const objects = props.mesh.manifests(cluster.name);
      const namespaceObjects = objects.filter((o) => o.kind === "Namespace");
      const scope = new Construct(this, cluster.name);
      const namespaceManifests = namespaceObjects.map(
        (o) => new Manifest(scope, `Namespace-${o.metadata.name}`, { provider, manifest: o }),
      );
      this.manifests[cluster.name] = [
        ...namespaceManifests,
        ...objects
          .filter((o) => o.kind !== "Namespace")
          .map(
            (o) =>
              new Manifest(scope, `${o.kind}-${o.metadata.namespace ?? "cluster"}-${o.metadata.name}`, {
                provider,
                manifest: o,
                dependsOn: namespaceManifests,
              }),
          ),
      ];
      if (props.mesh.rootOfTrust === RootOfTrust.PLUGGED_IN && cluster.caCertsDirectory) {
        const dir = cluster.caCertsDirectory;
        const file = (name: string) => Fn.file(path.posix.join(dir, name));
        new SecretV1(scope, "cacerts", {
          provider,
          metadata: { name: "cacerts", namespace: ISTIO_SYSTEM, labels: { ...MANAGED_BY_LABELS } },
          data: {
            "ca-cert.pem": file("ca-cert.pem"),
            "ca-key.pem": file("ca-key.pem"),
            "root-cert.pem": file("root-cert.pem"),
            "cert-chain.pem": file("cert-chain.pem"),
          },
          dependsOn: namespaceManifests,
        });
      }
    }
    for (const target of mesh.clusters) {
      this.remoteSecrets[target.name] = {};
      for (const source of props.mesh.remoteSecretSources(mesh, target)) {
        const scope = new Construct(this, `${source.name}-to-${target.name}`);
        const token = new DataKubernetesSecretV1(scope, "ReaderToken", {
          provider: this.providers[source.name],
          metadata: { name: READER_TOKEN_SECRET, namespace: ISTIO_SYSTEM },
          dependsOn: this.manifests[source.name],
        });
        const host = source.apiServerHost;
        if (!host) {
          fail(this, `clusters (${source.name}).apiServerHost`, host, {
            rule: `${target.name}'s istiod needs ${source.name}'s API server address for its remote secret`,
            fix: "give apiServerHost in the cluster's MeshClusterInfo",
          });
        }
        const server = `https://${host}:${source.apiServerPort}`;
        const kubeconfig = readerKubeconfig(
          source.name,
          server,
          Fn.base64encode(token.data.lookup("ca.crt")),
          token.data.lookup("token"),
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
          dependsOn: this.manifests[target.name],
        });
      }
    }
  }
}
