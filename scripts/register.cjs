// A require hook for this project's TypeScript: esbuild strips the types of .ts files, and
// nothing else is touched. tsx hooks every file Node loads, which doubles the time the cloud SDKs
// (thousands of plain .js files) take to load; the offline plan only needs its own .ts compiled.
// The type-check is `npm run typecheck`'s job.
"use strict";
const { readFileSync } = require("node:fs");
const { transformSync } = require("esbuild");

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, "utf8"), {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcefile: filename,
    sourcemap: "inline",
  });
  module._compile(code, filename);
};
