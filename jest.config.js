/** Transpile-only: swc strips types, `npm run typecheck` checks them once, separately. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The cloud SDKs are large; parallel workers each load them, so two workers fit 2 cores best.
  maxWorkers: 2,
  testTimeout: 60000,
};
