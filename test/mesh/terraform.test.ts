import { Testing } from "cdktf";
import { ClusterPlatform } from "../../lib/core";
import { ClusterConnection, Mesh, MeshStack } from "../../lib/mesh";
import { testApp } from "../util";

function build(caCertsDirectory?: string) {
  const app = testApp();
  const mesh = new Mesh(app, "Mesh", { meshId: "proj-1" });
  mesh.addCluster({
    cluster: {
      clusterName: "gke",
      meshNetwork: "net-gke",
      platform: ClusterPlatform.GKE,
      apiServerHost: "10.20.0.2",
      apiServerPort: 443,
    },
    caCertsDirectory,
  });
  mesh.addCluster({
    cluster: {
      clusterName: "aws",
      meshNetwork: "net-aws",
      platform: ClusterPlatform.AWS,
      apiServerHost: "10.10.96.10",
      apiServerPort: 6443,
    },
    gateway: { address: "10.10.96.20" },
    caCertsDirectory: caCertsDirectory && "certs/aws",
  });
  const stack = new MeshStack(app, "mesh", {
    mesh,
    connections: {
      gke: ClusterConnection.gke({ endpoint: "34.1.2.3", caCertificate: "Q0E=" }),
      aws: ClusterConnection.kubeconfig({ context: "aws-admin" }),
    },
  });
  return { mesh, stack, json: () => JSON.parse(Testing.synth(stack, true)) };
}

describe("MeshStack", () => {
  test("one kubernetes provider alias per cluster: GKE from endpoint, CA and the Google token; others from a kubeconfig context", () => {
    const j = build().json();
    expect(j.provider.kubernetes).toEqual([
      {
        alias: "cluster-gke",
        host: "https://34.1.2.3",
        cluster_ca_certificate: '${base64decode("Q0E=")}',
        token: "${data.google_client_config.google-client-config.access_token}",
      },
      { alias: "cluster-aws", config_path: "~/.kube/config", config_context: "aws-admin" },
    ]);
  });

  test("every object of every cluster is a kubernetes_manifest on its cluster's provider; namespaces first", () => {
    const { mesh, json } = build();
    const j = json();
    const manifests = Object.values<any>(j.resource.kubernetes_manifest);
    expect(manifests).toHaveLength(mesh.manifests("gke").length + mesh.manifests("aws").length);
    const onAws = manifests.filter((m) => m.provider === "kubernetes.cluster-aws");
    expect(onAws.map((m) => m.manifest.kind).sort()).toEqual(
      mesh
        .manifests("aws")
        .map((o) => o.kind)
        .sort(),
    );
    for (const m of manifests.filter((m) => m.manifest.kind !== "Namespace"))
      expect(m.depends_on.length).toBeGreaterThan(0);
  });

  test("remote secrets are built at apply time from the source cluster's reader token", () => {
    const j = build().json();
    const secrets = Object.values<any>(j.resource.kubernetes_secret_v1);
    const onGke = secrets.find((s) => s.metadata.name === "istio-remote-secret-aws");
    expect(onGke).toMatchObject({
      provider: "kubernetes.cluster-gke",
      type: "Opaque",
      metadata: {
        namespace: "istio-system",
        labels: { "istio/multiCluster": "true" },
        annotations: { "networking.istio.io/cluster": "aws" },
      },
    });
    expect(onGke.data.aws).toContain("server: https://10.10.96.10:6443");
    expect(onGke.data.aws).toMatch(
      /certificate-authority-data: \$\{base64encode\(data\.kubernetes_secret_v1\.[^.]+\.data\["ca\.crt"\]\)\}/,
    );
    expect(onGke.data.aws).toMatch(/token: \$\{data\.kubernetes_secret_v1\.[^.]+\.data\["token"\]\}/);
    const readers = Object.values<any>(j.data.kubernetes_secret_v1);
    expect(readers.map((r) => [r.provider, r.metadata.name])).toEqual([
      ["kubernetes.cluster-aws", "istio-reader-service-account-token"],
      ["kubernetes.cluster-gke", "istio-reader-service-account-token"],
    ]);
  });

  test("a plugged-in CA becomes cacerts Secrets read from the CA files by Terraform", () => {
    const j = build("certs/gke").json();
    const cacerts = Object.values<any>(j.resource.kubernetes_secret_v1).filter(
      (s) => s.metadata.name === "cacerts",
    );
    expect(cacerts).toHaveLength(2);
    expect(cacerts[0].data["ca-key.pem"]).toMatch(/^\$\{file\("certs\/(gke|aws)\/ca-key.pem"\)\}$/);
  });

  test("every cluster needs a connection", () => {
    const app = testApp();
    const mesh = new Mesh(app, "Mesh", { meshId: "proj-1" });
    mesh.addCluster({
      cluster: {
        clusterName: "gke",
        meshNetwork: "n",
        platform: ClusterPlatform.GKE,
        apiServerHost: "h",
        apiServerPort: 443,
      },
    });
    expect(() => new MeshStack(app, "mesh", { mesh, connections: {} })).toThrow(
      "hybrid-mesh: mesh (MeshStack): connections.gke = undefined: every cluster of the mesh needs a connection",
    );
  });
});
