// @ts-check
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/** Importing a provider package root loads every resource class: ~5 s and ~1 GB per process. */
const providerRoot = {
  regex: "^@cdktf/provider-[a-z0-9-]+$",
  message:
    "Import provider resources deeply, e.g. `@cdktf/provider-aws/lib/vpc`: the package root loads every resource (~5 s, ~1 GB).",
};

/** A layer may import only the layers listed. */
const LAYERS = {
  core: [],
  aws: ["core"],
  gcp: ["core"],
  mesh: ["core"],
  vpn: ["core", "aws", "gcp"],
  analysis: ["core"],
  checks: ["core"],
  topology: ["core", "aws", "gcp", "mesh", "vpn", "analysis", "checks"],
};

function layerRules() {
  const all = Object.keys(LAYERS);
  return Object.entries(LAYERS).map(([layer, allowed]) => {
    const forbidden = all.filter((l) => l !== layer && !allowed.includes(l));
    const patterns = [providerRoot];
    if (forbidden.length)
      patterns.push({
        regex: `^(\\.\\./)+(${forbidden.join("|")})(/|$)`,
        message: `lib/${layer} may import only ${allowed.join(", ") || "itself"} (DESIGN.md, layers).`,
      });
    if (layer === "core")
      patterns.push({
        regex: "^(cdktf|constructs)(/|$)",
        message: "core/net is pure IPv4 math: no cdktf, no constructs.",
      });
    return {
      files: layer === "core" ? ["lib/core/net/**/*.ts"] : [`lib/${layer}/**/*.ts`],
      rules: { "no-restricted-imports": ["error", { patterns }] },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "**/dist/",
      "**/cdktf.out/",
      "docs/api/",
      "coverage/",
      ".gen/",
      "bench/.cache/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": ["error", { patterns: [providerRoot] }],
      "@typescript-eslint/no-restricted-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-console": "error",
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // The layers point one way (DESIGN.md): core <- aws, gcp, mesh <- vpn <- topology;
  // core <- analysis <- topology; core <- checks <- topology. core/net is pure (no cdktf).
  ...layerRules(),
  {
    files: ["test/**/*.ts", "examples/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
