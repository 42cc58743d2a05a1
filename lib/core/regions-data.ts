/**
 * Reference data for synth-time validation of cloud regions and zone names. Data only: the checks
 * that use it live elsewhere. A zone name is its region plus one letter: "us-east-1a" (AWS),
 * "us-central1-a" (GCP). Keys are sorted alphabetically and the letters of each region are sorted.
 *
 * AWS, verified 2026-10 against:
 * - Region list: boto/botocore `botocore/data/partitions.json` (snapshot of 2026-08-07,
 *   commit 0e6e2404): partitions `aws` (34 regions), `aws-cn` (2) and `aws-us-gov` (2); ap-east-2 was
 *   added there 2025-06, ap-southeast-6 2025-08. The ISO partitions and the European Sovereign Cloud
 *   (`aws-eusc`, eusc-de-east-1) are left out.
 * - AZ IDs per region: "AWS Availability Zones",
 *   https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 *   (revision listing euw2-az4 and "Coming in 2026 | us-east-1 | Maryland"), and the document history
 *   https://docs.aws.amazon.com/global-infrastructure/latest/regions/doc-history.html (ap-southeast-6
 *   2025-09-02, ap-east-2 2025-06-06, mx-central-1 2025-01-14, ap-southeast-7 2025-01-07, ...).
 * - Zone names with their AZ IDs as DescribeAvailabilityZones returns them: networknext/next
 *   `terraform/prod/relays/amazon/generated.tf` (commit b4efefca, 2026-03-12), covering every
 *   commercial region above except ap-east-2; getmoto/moto
 *   `moto/ec2/models/availability_zones_and_regions.py` (2026-08-22) and earlier versions of moto's
 *   EC2 zone table for GovCloud (usgw1/usge1-az1..3 = a, b, c) and cn-northwest-1 (cnnw1-az1..3).
 * - eu-west-2d (euw2-az4), a fourth London zone launched 2026-08-19: the AZ ID table above plus
 *   public Terraform code naming "euw2-az4 (eu-west-2d)".
 * - China: https://docs.amazonaws.cn/en_us/aws/latest/userguide/general-info.html (three zones in
 *   each China region); cn-north-1 has cnn1-az1, cnn1-az2 and cnn1-az4, the last named cn-north-1d
 *   (Terraform state output in public repositories, weaveworks/eksctl zone deny list).
 * - Per-account letters: https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html
 *   (the oldest regions map zone letters per account for accounts created before November 2025) and
 *   the AZ table above (newer accounts see two of the three us-west-1 zones; ap-northeast-1 lists
 *   apne1-az1..az4, but recent accounts see only a, c and d, while older ones also have
 *   ap-northeast-1b; us-east-1 accounts have seen different subsets of a-f over time).
 * Local Zones (us-east-1-bos-1a), Wavelength Zones (us-east-1-wl1-bos-wlz-1) and other opt-in zones
 * are not listed: only the standard Availability Zones of each region.
 *
 * GCP, verified 2026-10 against:
 * - `gcloud compute zones list` output fetched 2026-09-21 in log2timeline/dftimewolf
 *   `dftimewolf/lib/validators/gcp_zone.py` (commit 3d3dbed1).
 * - Public region list: Cyclenerd/google-cloud-pricing-cost-calculator `tools/regions.csv`
 *   (`gcloud compute regions list`, 2026-01-09, 43 regions).
 * - https://cloud.google.com/compute/docs/regions-zones and the per-product location pages, e.g.
 *   https://cloud.google.com/memorystore/docs/memcached/regions (zones listed per region).
 * Left out: regions that need an allowlist and are missing from the public documentation (us-central2,
 * us-east7, us-west8, europe-west15), europe-north3 (Oslo; seen as an API location, no zones found),
 * retired zones (us-east1-a, europe-west1-a) and AI zones (names such as us-central1-ai1a).
 */
/**
 * AWS regions (commercial, GovCloud, China) and the letters of their availability zones, e.g. "ap-northeast-1": "acd".
 *
 * @internal
 */
export const AWS_REGION_ZONES: Readonly<Record<string, string>> = Object.freeze({
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-east-2": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-6": "abc",
  "ap-southeast-7": "abc",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abcd",
  "eu-west-3": "abc",
  "il-central-1": "abc",
  "me-central-1": "abc",
  "me-south-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-gov-east-1": "abc",
  "us-gov-west-1": "abc",
  "us-west-1": "abc",
  "us-west-2": "abcd",
});

/**
 * AWS regions whose zone letters differ per account (e.g. us-west-1: an account sees two of a, b, c).
 *
 * @internal
 */
export const AWS_ACCOUNT_DEPENDENT_ZONES: readonly string[] = Object.freeze([
  "ap-northeast-1",
  "us-east-1",
  "us-west-1",
]);

/**
 * GCP regions and the letters of their zones, e.g. "us-central1": "abcf", "europe-west1": "bcd".
 *
 * @internal
 */
export const GCP_REGION_ZONES: Readonly<Record<string, string>> = Object.freeze({
  "africa-south1": "abc",
  "asia-east1": "abc",
  "asia-east2": "abc",
  "asia-northeast1": "abc",
  "asia-northeast2": "abc",
  "asia-northeast3": "abc",
  "asia-south1": "abc",
  "asia-south2": "abc",
  "asia-southeast1": "abc",
  "asia-southeast2": "abc",
  "asia-southeast3": "abc",
  "australia-southeast1": "abc",
  "australia-southeast2": "abc",
  "europe-central2": "abc",
  "europe-north1": "abc",
  "europe-north2": "abc",
  "europe-southwest1": "abc",
  "europe-west1": "bcd",
  "europe-west10": "abc",
  "europe-west12": "abc",
  "europe-west2": "abc",
  "europe-west3": "abc",
  "europe-west4": "abc",
  "europe-west6": "abc",
  "europe-west8": "abc",
  "europe-west9": "abc",
  "me-central1": "abc",
  "me-central2": "abc",
  "me-west1": "abc",
  "northamerica-northeast1": "abc",
  "northamerica-northeast2": "abc",
  "northamerica-south1": "abc",
  "southamerica-east1": "abc",
  "southamerica-west1": "abc",
  "us-central1": "abcf",
  "us-east1": "bcd",
  "us-east4": "abc",
  "us-east5": "abc",
  "us-south1": "abc",
  "us-west1": "abc",
  "us-west2": "abc",
  "us-west3": "abc",
  "us-west4": "abc",
});
