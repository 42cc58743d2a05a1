import {
  checkAwsAmazonSideAsn,
  checkAwsCustomerGatewayAsn,
  checkCloudRouterAsn,
  checkNodePort,
  checkPort,
  checkPrivateAsn,
  countBetween,
  isPrivateAsn,
  oneOf,
} from "../../lib/core";

describe("ASNs", () => {
  test.each([
    [64511, false],
    [64512, true],
    [65534, true],
    [65535, false],
    [4199999999, false],
    [4200000000, true],
    [4294967294, true],
    [4294967295, false],
    [64512.5, false],
  ])("%d is private: %s", (asn, expected) => {
    expect(isPrivateAsn(asn)).toBe(expected);
    expect(checkPrivateAsn(asn) === undefined).toBe(expected);
    expect(checkCloudRouterAsn(asn) === undefined).toBe(expected);
    expect(checkAwsAmazonSideAsn(asn) === undefined).toBe(expected);
  });

  test("messages name the private ranges", () => {
    expect(checkCloudRouterAsn(65535)).toEqual({
      rule: "a Cloud Router ASN must be 64512-65534 or 4200000000-4294967294 (RFC 6996 private ASNs)",
      fix: "use e.g. 64514",
    });
    expect(checkAwsAmazonSideAsn(1)?.fix).toBe("use e.g. 64512 (the AWS default)");
  });

  test("customer gateway ASNs: 1 to 4294967294, AWS-reserved ones refused", () => {
    expect(checkAwsCustomerGatewayAsn(0)?.rule).toBe(
      "an AWS customer gateway ASN is a whole number from 1 to 4294967294",
    );
    expect(checkAwsCustomerGatewayAsn(1)).toBeUndefined();
    expect(checkAwsCustomerGatewayAsn(65000)).toBeUndefined();
    expect(checkAwsCustomerGatewayAsn(2147483648)).toBeUndefined();
    expect(checkAwsCustomerGatewayAsn(4294967294)).toBeUndefined();
    expect(checkAwsCustomerGatewayAsn(4294967295)).toBeDefined();
    for (const asn of [7224, 9059, 10124, 17943]) {
      expect(checkAwsCustomerGatewayAsn(asn)?.rule).toBe(
        "AWS reserves ASNs 7224, 9059, 10124, 17943 and rejects them for customer gateways",
      );
    }
  });
});

describe("ports and counts", () => {
  test.each([
    [0, false],
    [1, true],
    [65535, true],
    [65536, false],
    [443.5, false],
  ])("port %d valid: %s", (port, ok) => {
    expect(checkPort(port) === undefined).toBe(ok);
  });

  test.each([
    [29999, false],
    [30000, true],
    [32767, true],
    [32768, false],
  ])("node port %d valid: %s", (port, ok) => {
    expect(checkNodePort(port) === undefined).toBe(ok);
  });

  test("countBetween accepts the bounds and names the fix", () => {
    const size = countBetween(1, 10, "a node pool size");
    expect(size(1)).toBeUndefined();
    expect(size(10)).toBeUndefined();
    expect(size(0)).toEqual({
      rule: "a node pool size is a whole number from 1 to 10",
      fix: "use at least 1",
    });
    expect(size(11)?.fix).toBe("use at most 10");
    expect(size(2.5)?.fix).toBe("use e.g. 1");
  });

  test("oneOf lists the allowed values", () => {
    const replicas = oneOf([1, 3, 5, 7], "replicas", "etcd quorum");
    expect(replicas(3)).toBeUndefined();
    expect(replicas(4)).toEqual({
      rule: "replicas must be one of 1, 3, 5, 7 (etcd quorum)",
      fix: "use one of them",
    });
    expect(oneOf(["a"], "mode")("b")?.fix).toBe('use "a"');
  });
});
