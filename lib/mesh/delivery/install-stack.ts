// The first Terraform stack of the mesh: Istio installed on every cluster with Istio's Helm charts.
import * as path from "path";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Fn, ITerraformDependable, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { construct, constructId, fail, RootOfTrust, validateShape } from "../../core";
import { controlPlaneCharts, gatewayChart, IstioChart } from "../install";
import { cacertsSecret, namespaces } from "../manifests";
import { CACERTS_KEYS } from "../names";
import { holdsCacerts, ResolvedCluster } from "../resolved";
import { ISTIO_HELM_REPOSITORY } from "../release";
import { MeshCa } from "./ca";
import { ClusterProviders } from "./connection";
import { checkConnections, DELIVERY_PROPS, MeshDeliveryProps, secretData } from "./delivery-props";
import { yaml } from "./yaml-files";

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
      ...DELIVERY_PROPS,
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
      const created = namespaces(mesh, cluster).map(
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
      this.namespaces[cluster.name] = created;
      const before: ITerraformDependable[] = [...created];
      const cacerts = this.cacertsSecret(scope, cluster, providers.kubernetes, props, created);
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
    if (!holdsCacerts(cluster)) return undefined;
    const root = props.mesh.rootOfTrust;
    let data: Record<string, string>;
    if (root === RootOfTrust.GENERATED) data = props.ca!.cacerts(cluster.name);
    else if (root === RootOfTrust.PLUGGED_IN && cluster.caCertsDirectory) {
      const dir = cluster.caCertsDirectory;
      data = Object.fromEntries(CACERTS_KEYS.map((k) => [k, Fn.file(path.posix.join(dir, k))]));
    } else return undefined;
    const o = cacertsSecret(data);
    const secret = new SecretV1(scope, "CaCerts", {
      provider,
      metadata: o.metadata as { name: string; namespace: string; labels: Record<string, string> },
      type: o.type as string,
      // Write-only: the CA's private key goes to the cluster, not into this stack's state.
      ...secretData(scope, o.data as Record<string, string>, props),
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
      values: [yaml(chart.values)],
      wait: true,
      timeout: 600,
      dependsOn,
    });
  }
}
