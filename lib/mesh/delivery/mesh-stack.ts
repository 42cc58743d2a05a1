// The second Terraform stack of the mesh, once Istio is installed: every cluster's Istio objects,
// the reader tokens, and the remote secrets built from them at apply time.
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { constructId, fail, ISTIO_SYSTEM, K8sObject, resolveOnce, validateShape } from "../../core";
import { readerKubeconfig } from "../manifests";
import { MANAGED_BY_LABELS } from "../names";
import { remoteSecretSources } from "../resolved";
import { checkConnections, DELIVERY_PROPS, MeshDeliveryProps, secretData } from "./delivery-props";

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
    validateShape(this, props, DELIVERY_PROPS);
    checkConnections(this, props);
    const mesh = props.mesh.resolved;
    props.mesh.assertValid();
    for (const cluster of mesh.clusters) {
      const provider = props.connections[cluster.name].providers(this, `cluster-${cluster.name}`).kubernetes;
      this.providers[cluster.name] = provider;
      const scope = new Construct(this, cluster.name);
      const objects = props.mesh._objects(cluster.name);
      const isToken = (o: K8sObject) =>
        o.kind === "Secret" && o.type === "kubernetes.io/service-account-token";
      const manifests: Manifest[] = [];
      for (const o of objects) {
        if (isToken(o)) continue;
        const id = `${o.kind}-${o.metadata.namespace ?? "cluster"}-${o.metadata.name}`;
        manifests.push(new Manifest(scope, id, { provider, manifest: o }));
      }
      this.manifests[cluster.name] = manifests;
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
    // A source's kubeconfig is the same in every cluster that reads it: built once per source (its
    // expressions are tokens), not once per pair, since a multi-primary mesh has N x (N-1) of them.
    const kubeconfigs = new Map<string, string>();
    const kubeconfigOf = (source: (typeof mesh.clusters)[number], target: string): string => {
      let kubeconfig = kubeconfigs.get(source.name);
      if (kubeconfig === undefined) {
        const token = this.readerTokens[source.name];
        const host = source.apiServerHost;
        if (!host) {
          fail(this, `clusters (${source.name}).apiServerHost`, host, {
            rule: `${target}'s istiod needs ${source.name}'s API server address for its remote secret`,
            fix: "give apiServerHost in the cluster's MeshClusterInfo",
          });
        }
        // Resolved once for the stack, not once per secret (synth writes the same text).
        kubeconfig = resolveOnce(
          readerKubeconfig(
            source.name,
            `https://${host}:${source.apiServerPort}`,
            Fn.base64encode(Fn.lookup(token.data, "ca.crt", "")),
            Fn.lookup(token.data, "token", ""),
          ),
        );
        kubeconfigs.set(source.name, kubeconfig);
      }
      return kubeconfig;
    };
    for (const target of mesh.clusters) {
      this.remoteSecrets[target.name] = {};
      for (const source of remoteSecretSources(mesh, target)) {
        const scope = new Construct(this, `${source.name}-to-${target.name}`);
        const kubeconfig = kubeconfigOf(source, target.name);
        this.remoteSecrets[target.name][source.name] = new SecretV1(scope, "RemoteSecret", {
          provider: this.providers[target.name],
          metadata: {
            name: `istio-remote-secret-${source.name}`,
            namespace: ISTIO_SYSTEM,
            labels: { "istio/multiCluster": "true", ...MANAGED_BY_LABELS },
            annotations: { "networking.istio.io/cluster": source.name },
          },
          type: "Opaque",
          // Write-only: the reader's token goes to the cluster, not (again) into this stack's state.
          ...secretData(scope, { [source.name]: kubeconfig }, props),
        });
      }
    }
  }
}
