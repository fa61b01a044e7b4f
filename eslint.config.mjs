// ESLint (flat config): the few rules that keep the code as issue 11 left it. `npm run lint` runs
// it with --max-warnings 0, and `npm test` runs that, so every finding fails CI.
// - No unused imports or variables: a leftover import hides where a concept really lives.
// - Exhaustive switches over unions and enums, checked with type information: a new member
//   (an operation type, a status) must be handled where a switch decides on it, not fall into
//   a `default:` that hides the forgotten case.
// - TanStack Query's recommended rules for the console's queries, and React's rules of hooks
//   (the components name, in a comment, the few effects whose dependencies are deliberately short).
import tanstackQuery from "@tanstack/eslint-plugin-query";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".durable/**",
      "bench/results/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          // `_name` marks a parameter a signature needs but the body does not use, and the rest
          // sibling of a destructuring that drops a field on purpose (`{ secret, ...shown }`).
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrors: "none",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        {
          // A `default:` is fine where the switch covers an open type (a string, a number).
          // Over a union, every member must have its own case even with a default present.
          considerDefaultExhaustiveForUnions: false,
          requireDefaultForNonUnion: false,
          allowDefaultCaseForExhaustiveSwitch: true,
        },
      ],
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  ...tanstackQuery.configs["flat/recommended"],
);
