// A require hook for this project's TypeScript: esbuild strips the types of .ts files, and
// nothing else is touched. tsx hooks every file Node loads, which doubles the time the cloud SDKs
// (thousands of plain .js files) take to load; the offline plan only needs its own .ts compiled.
// Output is cached by content hash in node_modules/.cache, so a warm run starts no esbuild at all.
// The type-check is `npm run typecheck`'s job.
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const CACHE = path.join(__dirname, "..", "node_modules", ".cache", "steuermann-ts");
const VERSION = "1";
let esbuild;

function compile(source, filename) {
  const key = createHash("sha256").update(`${VERSION}\0${filename}\0${source}`).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcefile: filename,
    sourcemap: "inline",
  });
  try {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(cached, code);
  } catch {
    // A read-only checkout still runs, only without the cache.
  }
  return code;
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(compile(readFileSync(filename, "utf8"), filename), filename);
};
