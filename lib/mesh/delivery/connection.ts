// How Terraform reaches a cluster's API server: the kubernetes and Helm providers of each cluster.
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";

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
