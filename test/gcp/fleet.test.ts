import {
  AttachedCluster,
  AttachedClusterProps,
  Fleet,
  FleetProps,
  GcpNetwork,
  GkeCluster,
  MeshManagement,
} from "../../lib/gcp";
import { ClusterPlatform } from "../../lib/core";
import { byPath, gcpStack, ofType, refOf, synthJson, expectHybridMeshError } from "../util";

function build(props: Partial<FleetProps> = {}) {
  const stack = gcpStack("fleet");
  const network = new GcpNetwork(stack, "Network", {
    project: "my-project-123",
    region: "us-central1",
    name: "hybrid-vpc",
    subnets: [{ cidr: "10.20.0.0/20", pods: { cidr: "10.24.0.0/14" }, services: { cidr: "10.28.0.0/20" } }],
  });
  const gke = new GkeCluster(stack, "Gke", { network, name: "gke-cluster", projectNumber: "123456789012" });
  const fleet = new Fleet(stack, "Fleet", {
    project: "my-project-123",
    projectNumber: "123456789012",
    ...props,
  });
  return { stack, gke, fleet, json: () => synthJson(stack) };
}

const ATTACHED: AttachedClusterProps = {
  project: "my-project-123",
  projectNumber: "123456789012",
  name: "eks-cluster",
  location: "us-west1",
  distribution: "eks",
  platformVersion: "1.31.0-gke.1",
  oidcIssuerUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE",
};

describe("Fleet", () => {
  test("registers a GKE cluster with a membership resource carrying its OIDC issuer (fleet Workload Identity)", () => {
    const { gke, fleet, json } = build();
    fleet.register(gke);
    const j = json();
    const clusterId = refOf(j, "google_container_cluster", "Gke", "id").slice(2, -1);
    expect(ofType(j, "google_gke_hub_membership")).toEqual([
      expect.objectContaining({
        membership_id: "gke-cluster",
        location: "global",
        project: "my-project-123",
        endpoint: { gke_cluster: { resource_link: `//container.googleapis.com/\${${clusterId}}` } },
        authority: { issuer: `https://container.googleapis.com/v1/\${${clusterId}}` },
      }),
    ]);
    expect(fleet.meshId).toBe("proj-123456789012");
  });

  test("enables the service mesh feature for each member, managed manually unless asked (one control plane per cluster)", () => {
    const { gke, fleet, json } = build();
    fleet.register(gke);
    const j = json();
    expect(ofType(j, "google_gke_hub_feature")).toEqual([
      expect.objectContaining({ name: "servicemesh", location: "global" }),
    ]);
    expect(byPath(j, "google_gke_hub_feature_membership", "Fleet/gke-cluster/Mesh")).toMatchObject({
      feature: refOf(j, "google_gke_hub_feature", "Fleet/ServiceMesh", "name"),
      membership: refOf(j, "google_gke_hub_membership", "Fleet/gke-cluster/Membership", "membership_id"),
      mesh: { management: "MANAGEMENT_MANUAL" },
    });
    // The cluster tells a mesh that it runs its own control plane.
    expect(gke.meshCluster.fleetManagedControlPlane).toBe(false);
  });

  test("a member on the fleet's managed control plane says so to the mesh", () => {
    const { gke, fleet, json } = build();
    fleet.register(gke, { meshManagement: MeshManagement.AUTOMATIC });
    expect(byPath(json(), "google_gke_hub_feature_membership", "Fleet/gke-cluster/Mesh").mesh).toEqual({
      management: "MANAGEMENT_AUTOMATIC",
    });
    expect(gke.meshCluster.fleetManagedControlPlane).toBe(true);
  });

  test("Config Sync from Git, enabled explicitly, with the ConfigManagement fields", () => {
    const { gke, fleet, json } = build({
      configSync: {
        repo: "git@github.com:example/config.git",
        branch: "prod",
        policyDir: "clusters",
        secretType: "ssh",
        sourceFormat: "hierarchy",
      },
    });
    fleet.register(gke);
    const j = json();
    expect(
      ofType(j, "google_gke_hub_feature")
        .map((f) => f.name)
        .sort(),
    ).toEqual(["configmanagement", "servicemesh"]);
    expect(
      byPath(j, "google_gke_hub_feature_membership", "Fleet/gke-cluster/ConfigSync").configmanagement,
    ).toEqual({
      management: "MANAGEMENT_AUTOMATIC",
      config_sync: {
        enabled: true,
        source_format: "hierarchy",
        prevent_drift: true,
        git: {
          sync_repo: "git@github.com:example/config.git",
          sync_branch: "prod",
          policy_dir: "clusters",
          secret_type: "ssh",
        },
      },
    });
  });

  test("a registration may opt out of Config Sync; manual mesh management", () => {
    const { gke, fleet, json } = build({
      configSync: { repo: "https://github.com/example/config" },
      meshManagement: MeshManagement.MANUAL,
    });
    fleet.register(gke, { configSync: false });
    const j = json();
    expect(ofType(j, "google_gke_hub_feature_membership")).toHaveLength(1);
    expect(ofType(j, "google_gke_hub_feature_membership")[0].mesh).toEqual({
      management: "MANAGEMENT_MANUAL",
    });
  });

  test("attached clusters get the fleet features on their own membership, in their region", () => {
    const { fleet, stack, json } = build({ configSync: { repo: "https://github.com/example/config" } });
    const eks = new AttachedCluster(stack, "Eks", ATTACHED);
    fleet.attach(eks);
    const j = json();
    const mesh = byPath(j, "google_gke_hub_feature_membership", "Fleet/eks-cluster/Mesh");
    expect(mesh).toMatchObject({
      membership: "eks-cluster",
      membership_location: "us-west1",
      depends_on: [
        `google_container_attached_cluster.${Object.keys(j.resource.google_container_attached_cluster)[0]}`,
      ],
    });
  });

  describe("bad input", () => {
    test("Config Sync without a repository", () => {
      expect(() => build({ configSync: { repo: "" } })).toThrow(
        'hybrid-mesh: fleet/Fleet (Fleet): configSync.repo = "": Config Sync needs a Git repository URL (https://..., ssh://... or git@host:path); set configSync.repo, e.g. "https://github.com/example/platform-config".',
      );
      expect(() => build({ configSync: { repo: "github.com/x" } })).toThrow(
        'configSync.repo = "github.com/x": Config Sync needs a Git repository URL',
      );
    });

    test("credentials in the Git URL (they would sit in state and in the feature membership)", () => {
      for (const repo of [
        "https://user:pw@example.com/repo",
        "https://ghp_0123456789abcdef@github.com/example/config",
        "ssh://git:secret@example.com/repo",
      ])
        expectHybridMeshError(
          () => build({ configSync: { repo } }),
          `hybrid-mesh: fleet/Fleet (Fleet): configSync.repo = "${repo}": a Git URL carries no credentials: sync_repo is kept in Terraform state and in the fleet's feature membership, readable by whoever can read either; remove the credentials from the URL and set secretType "token" (a git-creds Secret in config-management-system), "ssh" or "gcpserviceaccount".`,
        );
      // A user name without a password is not a credential.
      expect(() =>
        build({ configSync: { repo: "ssh://git@example.com/repo", secretType: "ssh" } }),
      ).not.toThrow();
      expect(() =>
        build({ configSync: { repo: "git@github.com:example/config.git", secretType: "ssh" } }),
      ).not.toThrow();
    });

    test("a bad secret type, or gcpserviceaccount without the account", () => {
      expect(() => build({ configSync: { repo: "https://x/y", secretType: "password" } })).toThrow(
        'configSync.secretType = "password": the Config Sync secret type must be one of',
      );
      expect(() => build({ configSync: { repo: "https://x/y", secretType: "gcpserviceaccount" } })).toThrow(
        'configSync.gcpServiceAccountEmail = undefined: secretType "gcpserviceaccount" needs the Google service account',
      );
    });

    test("two members with one id", () => {
      const { gke, fleet } = build();
      fleet.register(gke);
      expect(() => fleet.register(gke, { membershipId: "gke-cluster-2" })).not.toThrow();
      expect(() => fleet.register(gke)).toThrow(
        'hybrid-mesh: fleet/Fleet (Fleet): membershipId = "gke-cluster": each fleet membership id is unique, and this one is taken; give one of the clusters another name, or register it with another membershipId.',
      );
    });
  });
});

describe("AttachedCluster", () => {
  test("attaches with its OIDC issuer, fleet project number and admin users, after the install manifest", () => {
    const stack = gcpStack("att");
    const eks = new AttachedCluster(stack, "Eks", {
      ...ATTACHED,
      adminUsers: ["admin@example.com"],
      jwks: '{"keys":[]}',
    });
    const j = synthJson(stack);
    expect(byPath(j, "google_container_attached_cluster", "Eks")).toMatchObject({
      name: "eks-cluster",
      location: "us-west1",
      distribution: "eks",
      platform_version: "1.31.0-gke.1",
      oidc_config: {
        issuer_url: ATTACHED.oidcIssuerUrl,
        jwks: Buffer.from('{"keys":[]}').toString("base64"),
      },
      fleet: { project: "projects/123456789012" },
      authorization: { admin_users: ["admin@example.com"] },
    });
    expect(Object.values<any>(j.data.google_container_attached_install_manifest)).toEqual([
      {
        cluster_id: "eks-cluster",
        location: "us-west1",
        project: "my-project-123",
        platform_version: "1.31.0-gke.1",
      },
    ]);
    expect(j.output.eks_cluster_install_manifest).toMatchObject({ sensitive: true });
    expect(eks.meshCluster).toMatchObject({
      clusterName: "eks-cluster",
      platform: ClusterPlatform.ATTACHED,
      meshId: "proj-123456789012",
    });
  });

  test.each([
    [{ oidcIssuerUrl: "" }, 'oidcIssuerUrl = "": an attached cluster needs its OIDC issuer URL'],
    [
      { oidcIssuerUrl: "http://issuer" },
      'oidcIssuerUrl = "http://issuer": the OIDC issuer is an https:// URL',
    ],
    [
      { distribution: "openshift" },
      'distribution = "openshift": the distribution must be one of "eks", "aks", "generic"',
    ],
    [
      { platformVersion: "1.31" },
      'platformVersion = "1.31": an attached-clusters platform version looks like "1.31.0-gke.1"',
    ],
    [{ jwks: "not json" }, 'jwks = "not json": the JWKS is a JSON object with a "keys" array'],
    [{ adminUsers: Array.from({ length: 11 }, (_, i) => `u${i}@x.com`) }, "adminUsers = "],
    [{ name: "EKS" }, 'name = "EKS": a GCP resource name is 1-40 characters'],
  ])("refuses %j", (override, message) => {
    expect(
      () =>
        new AttachedCluster(gcpStack("att"), "Eks", {
          ...ATTACHED,
          ...(override as Partial<AttachedClusterProps>),
        }),
    ).toThrow(message);
  });
});
