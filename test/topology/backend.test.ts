import { App, TerraformStack, Testing } from "cdktf";
import { Backend } from "../../lib/topology";
import { expectHybridMeshError } from "../util";

const backendOf = (backend: Backend) => {
  const stack = new TerraformStack(new App({ stackTraces: false }), "s");
  backend.apply(stack, "s");
  return JSON.parse(Testing.synth(stack)).terraform.backend;
};

describe("state backends (state holds secrets: encrypted by default)", () => {
  test("S3 always encrypts the state objects", () => {
    expect(backendOf(Backend.s3({ bucket: "state", region: "eu-west-1" })).s3).toMatchObject({
      encrypt: true,
    });
  });

  test("GCS takes a customer-managed KMS key", () => {
    const key = "projects/p/locations/europe/keyRings/state/cryptoKeys/tf";
    expect(backendOf(Backend.gcs({ bucket: "state", kmsEncryptionKey: key })).gcs).toEqual({
      bucket: "state",
      prefix: "hybrid-mesh/s",
      kms_encryption_key: key,
    });
    expectHybridMeshError(
      () => Backend.gcs({ bucket: "state", kmsEncryptionKey: "tf-key" }),
      'hybrid-mesh: Backend.gcs({ kmsEncryptionKey }) = "tf-key": a Cloud KMS key is named projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>; give the key\'s full resource name.',
    );
  });
});
