/** Transpile-only: swc strips types, `npm run typecheck` checks them once, separately. */
const ESM_ONLY = "(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex)";
const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
];

module.exports = {
  testEnvironment: "node",
  // kubernetes-models publishes ES modules with "import"-only entry points: map them to their
  // files, and let swc turn them (and their ESM-only dependencies) into CommonJS like the rest.
  moduleNameMapper: {
    "^kubernetes-models/(.*)$": "<rootDir>/node_modules/kubernetes-models/$1.js",
    "^@kubernetes-models/base$": "<rootDir>/node_modules/@kubernetes-models/base/dist/index.js",
    "^@kubernetes-models/validate$": "<rootDir>/node_modules/@kubernetes-models/validate/dist/index.js",
    "^@kubernetes-models/apimachinery/_schemas/(.*)$":
      "<rootDir>/node_modules/@kubernetes-models/apimachinery/_schemas/$1.js",
  },
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": swc,
    [`^.+/node_modules/${ESM_ONLY}/.+\\.js$`]: swc,
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleFileExtensions: ["ts", "js", "json"],
  // The cloud SDKs are large; parallel workers each load them, so two workers fit 2 cores best.
  maxWorkers: 2,
  testTimeout: 60000,
};
