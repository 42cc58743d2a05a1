import { Release } from "@cdktf/provider-helm/lib/release";
import { readFileSync } from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { ClusterPlatform, WRITE_ONLY_SECRETS_CONTEXT } from "../../lib/core";
import {
  ClusterConnection,
  ClusterRole,
  Mesh,
  MeshCa,
  MeshInstallStack,
  MeshModel,
  MeshProps,
  MeshStack,
  RootOfTrust,
} from "../../lib/mesh";
import { freshApp, expectHybridMeshError } from "../util";

const GKE = {
  clusterName: "gke",
  meshNetwork: "net-gke",
  platform: ClusterPlatform.GKE,
  apiServerHost: "10.20.0.2",
  apiServerPort: 443,
};
const AWS = {
  clusterName: "aws",
  meshNetwork: "net-aws",
  platform: ClusterPlatform.AWS,
  apiServerHost: "10.10.96.10",
  apiServerPort: 6443,
};
const CONNECTIONS = {
  gke: ClusterConnection.gke({ endpoint: "10.20.0.2", caCertificate: "Q0E=" }),
  aws: ClusterConnection.kubeconfig({ context: "aws-admin" }),
};

function build(
  props: Partial<MeshProps> = {},
  remote = false,
  app = freshApp(),
  delivery: { secretsRevision?: number } = {},
) {
  const mesh = new Mesh(app, "Mesh", { meshId: "proj-1", ...props });
  mesh.addCluster({ cluster: GKE, gateway: { address: "10.20.0.50" }, caCertsDirectory: "certs/gke" });
  mesh.addCluster({
    cluster: AWS,
    gateway: { address: "10.10.96.20" },
    caCertsDirectory: "certs/aws",
    ...(remote ? { role: ClusterRole.REMOTE, primary: "gke" } : {}),
  });
  const caStack = new TerraformStack(app, "mesh-ca");
  const ca = mesh.rootOfTrust === RootOfTrust.GENERATED ? new MeshCa(caStack, "MeshCa", { mesh }) : undefined;
  const install = new MeshInstallStack(app, "mesh-install", {
    mesh,
    connections: CONNECTIONS,
    ca,
    ...delivery,
  });
  const config = new MeshStack(app, "mesh", { mesh, connections: CONNECTIONS, ...delivery });
  const json = (s: TerraformStack) => JSON.parse(Testing.synth(s, true));
  return { app, mesh, ca, caStack, install, config, json };
}

const resources = (j: any, type: string): [string, any][] => Object.entries(j.resource?.[type] ?? {});

describe("MeshCa (the generated root of trust)", () => {
  test("a 4096-bit root and, per cluster, an intermediate it signs, as Istio's tools/certs makes them", () => {
    const { caStack, json } = build();
    const j = json(caStack);
    expect(resources(j, "tls_private_key").map(([, r]) => r)).toEqual([
      { algorithm: "RSA", rsa_bits: 4096 },
      { algorithm: "RSA", rsa_bits: 4096 },
      { algorithm: "RSA", rsa_bits: 4096 },
    ]);
    const [[, root]] = resources(j, "tls_self_signed_cert");
    expect(root).toMatchObject({
      subject: [{ organization: "Istio", common_name: "Root CA" }],
      is_ca_certificate: true,
      validity_period_hours: 87600,
      allowed_uses: [
        "cert_signing",
        "crl_signing",
        "digital_signature",
        "content_commitment",
        "key_encipherment",
      ],
    });
    expect(
      resources(j, "tls_cert_request")
        .map(([, r]) => [r.subject[0].locality, r.dns_names])
        .sort(),
    ).toEqual([
      ["aws", ["istiod.istio-system.svc"]],
      ["gke", ["istiod.istio-system.svc"]],
    ]);
    for (const [, cert] of resources(j, "tls_locally_signed_cert")) {
      expect(cert).toMatchObject({ is_ca_certificate: true, validity_period_hours: 87600 });
      expect(cert.ca_private_key_pem).toMatch(
        /^\$\{tls_private_key\.MeshCa_RootKey_[0-9A-F]+\.private_key_pem\}$/,
      );
    }
    expect(Object.keys(j.provider)).toEqual(["tls"]);
  });

  test("its outputs are the cacerts of every cluster, the keys sensitive; no key in the synthesized file", () => {
    const { caStack, json } = build();
    const j = json(caStack);
    expect(j.output.ca_aws_ca_key).toMatchObject({ sensitive: true });
    expect(j.output.ca_aws_cert_chain.value).toMatch(
      /^\$\{tls_locally_signed_cert\..+\.cert_pem\}\$\{tls_self_signed_cert\..+\.cert_pem\}$/,
    );
    expect(JSON.stringify(j)).not.toContain("PRIVATE KEY");
  });
});

describe("MeshInstallStack (Istio installed by cdktf deploy)", () => {
  test("per cluster: namespaces, the cacerts Secret, then base, istiod and the east-west gateway at the pinned release, in order", () => {
    const { install, json } = build({ istioVersion: "1.22.8" });
    const j = json(install);
    expect(Testing.synth(install)).toHaveResourceWithProperties(Release, {
      name: "istiod",
      chart: "istiod",
      version: "1.22.8",
    });
    const order = ["istio-base", "istiod", "istio-eastwestgateway"];
    const releases = resources(j, "helm_release")
      .filter(([id]) => id.startsWith("aws_"))
      .sort(([, a], [, b]) => order.indexOf(a.name) - order.indexOf(b.name));
    expect(releases.map(([, r]) => [r.name, r.chart, r.version, r.repository, r.namespace])).toEqual([
      ["istio-base", "base", "1.22.8", "https://istio-release.storage.googleapis.com/charts", "istio-system"],
      ["istiod", "istiod", "1.22.8", "https://istio-release.storage.googleapis.com/charts", "istio-system"],
      [
        "istio-eastwestgateway",
        "gateway",
        "1.22.8",
        "https://istio-release.storage.googleapis.com/charts",
        "istio-system",
      ],
    ]);
    const [base, istiod, gateway] = releases.map(([id, r]) => ({ id, r }));
    const secret = resources(j, "kubernetes_secret_v1").find(([id]) => id.startsWith("aws_CaCerts"))!;
    const ns = resources(j, "kubernetes_namespace_v1").find(([id]) =>
      id.startsWith("aws_Namespace-istio-system"),
    )!;
    expect(base.r.depends_on).toEqual([
      `kubernetes_namespace_v1.${ns[0]}`,
      `kubernetes_secret_v1.${secret[0]}`,
    ]);
    expect(istiod.r.depends_on).toContain(`helm_release.${base.id}`);
    expect(istiod.r.depends_on).toContain(`kubernetes_secret_v1.${secret[0]}`);
    expect(gateway.r.depends_on).toContain(`helm_release.${istiod.id}`);
    expect(istiod.r.values[0]).toContain("clusterName: aws");
    expect(ns[1].metadata).toEqual({
      name: "istio-system",
      labels: { "app.kubernetes.io/managed-by": "hybrid-mesh", "topology.istio.io/network": "net-aws" },
    });
  });

  test("the cacerts Secret holds the generated intermediate, by reference to the CA stack (never the key itself), write-only (not in this stack's state)", () => {
    const { app } = build();
    app.synth();
    const j = JSON.parse(
      readFileSync(path.join(app.outdir, "stacks", "mesh-install", "cdk.tf.json"), "utf8"),
    );
    const [[, secret]] = resources(j, "kubernetes_secret_v1").filter(([id]) => id.startsWith("gke_CaCerts"));
    expect(secret.metadata).toMatchObject({ name: "cacerts", namespace: "istio-system" });
    expect(secret.data).toBeUndefined();
    expect(secret.data_wo_revision).toBe(1);
    expect(j.terraform.required_version).toBe(">= 1.11.0");
    expect(Object.keys(secret.data_wo).sort()).toEqual([
      "ca-cert.pem",
      "ca-key.pem",
      "cert-chain.pem",
      "root-cert.pem",
    ]);
    for (const value of Object.values<string>(secret.data_wo))
      expect(value).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-mesh-ca\.outputs\./,
      );
  });

  test("a plugged-in CA is read from the CA files by Terraform", () => {
    const { install, json } = build({ rootOfTrust: RootOfTrust.PLUGGED_IN });
    const [[, secret]] = resources(json(install), "kubernetes_secret_v1").filter(([id]) =>
      id.startsWith("aws_CaCerts"),
    );
    expect(secret.data_wo["ca-key.pem"]).toBe('${file("certs/aws/ca-key.pem")}');
  });

  test("a remote cluster gets the remote install and no cacerts (it has no istiod)", () => {
    const { install, json } = build({ model: MeshModel.PRIMARY_REMOTE, istioVersion: "1.17.5" }, true);
    const j = json(install);
    expect(
      resources(j, "helm_release")
        .filter(([id]) => id.startsWith("aws_"))
        .map(([, r]) => r.chart),
    ).toEqual(["gateway", "istiod-remote"]);
    expect(resources(j, "kubernetes_secret_v1").map(([id]) => id.split("_")[0])).toEqual(["gke"]);
  });

  test("one kubernetes and one helm provider per cluster: GKE from its endpoint and the Google token, others from a kubeconfig context", () => {
    const j = build().json(build().install);
    expect(j.provider.kubernetes).toEqual([
      expect.objectContaining({
        alias: "cluster-gke",
        host: "https://10.20.0.2",
        token: expect.stringMatching(/google_client_config/),
      }),
      { alias: "cluster-aws", config_context: "aws-admin", config_path: "~/.kube/config" },
    ]);
    expect(j.provider.helm).toEqual([
      expect.objectContaining({
        alias: "cluster-gke",
        kubernetes: expect.objectContaining({ host: "https://10.20.0.2" }),
      }),
      { alias: "cluster-aws", kubernetes: { config_context: "aws-admin", config_path: "~/.kube/config" } },
    ]);
  });

  test("a generated root of trust without its CA: a hybrid-mesh error", () => {
    const app = freshApp();
    const mesh = new Mesh(app, "Mesh", { meshId: "proj-1" });
    mesh.addCluster({ cluster: GKE });
    expect(
      () => new MeshInstallStack(app, "install", { mesh, connections: { gke: CONNECTIONS.gke } }),
    ).toThrow(
      "hybrid-mesh: install (MeshInstallStack): ca = undefined: the mesh's root of trust is GENERATED, and the install needs its CA for every cluster's cacerts Secret; give ca: new MeshCa(stack, \"MeshCa\", { mesh }).",
    );
  });
});

describe("MeshStack (the mesh's configuration, after Istio's CRDs exist)", () => {
  test("every Istio object and the reader identity are kubernetes_manifest on their cluster's provider", () => {
    const { config, json } = build();
    const manifests = resources(json(config), "kubernetes_manifest").map(
      ([, r]) => `${r.provider} ${r.manifest.kind}/${r.manifest.metadata.name}`,
    );
    expect(manifests).toEqual(
      expect.arrayContaining([
        "kubernetes.cluster-gke Gateway/cross-network-gateway",
        "kubernetes.cluster-gke PeerAuthentication/default",
        "kubernetes.cluster-aws ServiceAccount/hybrid-mesh-reader",
        "kubernetes.cluster-aws ClusterRole/hybrid-mesh-reader",
      ]),
    );
    expect(manifests.some((m) => m.includes("Namespace/"))).toBe(false);
  });

  test("remote secrets are built at apply time from the source cluster's reader token, a Secret that waits for the token", () => {
    const { config, json } = build();
    const j = json(config);
    const tokens = resources(j, "kubernetes_secret_v1").filter(([id]) => id.includes("ReaderToken"));
    expect(tokens.map(([, r]) => [r.metadata.name, r.type, r.wait_for_service_account_token])).toEqual([
      ["hybrid-mesh-reader-token", "kubernetes.io/service-account-token", true],
      ["hybrid-mesh-reader-token", "kubernetes.io/service-account-token", true],
    ]);
    const remote = resources(j, "kubernetes_secret_v1").find(([id]) => id.startsWith("aws-to-gke"))!;
    expect(remote[1]).toMatchObject({
      provider: "kubernetes.cluster-gke",
      metadata: {
        name: "istio-remote-secret-aws",
        labels: { "istio/multiCluster": "true" },
        annotations: { "networking.istio.io/cluster": "aws" },
      },
    });
    expect(remote[1].data).toBeUndefined();
    expect(remote[1].data_wo_revision).toBe(1);
    const kubeconfig: string = remote[1].data_wo.aws;
    expect(kubeconfig).toContain("server: https://10.10.96.10:6443");
    expect(kubeconfig).toMatch(/token: \$\{kubernetes_secret_v1\.aws_ReaderToken_[0-9A-F]+\.data\.token\}/);
  });

  test("write-only data can be turned off for Terraform older than 1.11 (context hybrid-mesh:writeOnlySecrets), and its revision raised to rotate", () => {
    const app = freshApp();
    app.node.setContext(WRITE_ONLY_SECRETS_CONTEXT, false);
    const { config, json } = build({}, false, app);
    const [, remote] = resources(json(config), "kubernetes_secret_v1").find(([id]) =>
      id.startsWith("aws-to-gke"),
    )!;
    expect(Object.keys(remote.data)).toEqual(["aws"]);
    expect(remote.data_wo).toBeUndefined();
    expect(json(config).terraform?.required_version).toBeUndefined();
    const rotated = build({}, false, freshApp(), { secretsRevision: 2 });
    const [, again] = resources(rotated.json(rotated.config), "kubernetes_secret_v1").find(([id]) =>
      id.startsWith("aws-to-gke"),
    )!;
    expect(again.data_wo_revision).toBe(2);
    expectHybridMeshError(
      () => build({}, false, freshApp(), { secretsRevision: 0 }),
      "secretsRevision = 0: the revision of write-only data is a whole number, 1 or more; raise it by one after each rotation.",
    );
  });

  test("every cluster needs a connection", () => {
    const app = freshApp();
    const mesh = new Mesh(app, "Mesh", { meshId: "proj-1" });
    mesh.addCluster({ cluster: GKE });
    expect(() => new MeshStack(app, "mesh", { mesh, connections: {} })).toThrow(
      "connections.gke = undefined: every cluster of the mesh needs a connection",
    );
  });
});
