/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/examples"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  moduleNameMapper: {
    "^hybrid-mesh$": "<rootDir>/lib/index.ts",
    "^hybrid-mesh/(.*)$": "<rootDir>/lib/$1/index.ts",
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  testPathIgnorePatterns: ["/node_modules/", "/cdktf.out/", "/dist/"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "cdktf.out"],
};
