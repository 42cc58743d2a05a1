// @ts-check
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/** Importing a provider package root loads every resource class: ~5 s and ~1 GB per process. */
const providerRoot = {
  regex: "^@cdktf/provider-[a-z0-9-]+$",
  message:
    "Import provider resources deeply, e.g. `@cdktf/provider-aws/lib/vpc`: the package root loads every resource (~5 s, ~1 GB).",
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "**/cdktf.out/", "docs/api/", "coverage/", ".gen/"] },
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
