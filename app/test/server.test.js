"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const { createApp } = require("../server.js");

/** @returns {Promise<{ app: ReturnType<typeof createApp>, port: number }>} */
function start(options = {}) {
  const app = createApp({
    version: "test",
    drainSeconds: 0.05,
    timeoutSeconds: 2,
    log: () => {},
    ...options,
  });
  return new Promise((resolve) => {
    app.server.listen(0, "127.0.0.1", () => {
      const address = app.server.address();
      resolve({ app, port: typeof address === "object" && address ? address.port : 0 });
    });
  });
}

function get(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body: JSON.parse(body) }));
      })
      .on("error", reject);
  });
}

test("answers liveness, readiness and the greeting", async () => {
  const { app, port } = await start();
  assert.deepEqual(await get(port, "/healthz"), { status: 200, body: { status: "ok" } });
  assert.deepEqual(await get(port, "/readyz"), { status: 200, body: { status: "ready" } });
  const root = await get(port, "/");
  assert.equal(root.status, 200);
  assert.equal(root.body.version, "test");
  assert.equal((await get(port, "/nope")).status, 404);
  await app.shutdown();
});

test("on shutdown it stops being ready, but stays alive while draining", async () => {
  const { app, port } = await start({ drainSeconds: 0.3 });
  const done = app.shutdown();
  assert.equal(app.isReady(), false);
  assert.deepEqual(await get(port, "/readyz"), { status: 503, body: { status: "draining" } });
  assert.equal((await get(port, "/healthz")).status, 200);
  await done;
  assert.equal(app.server.listening, false);
});

test("lets an in-flight request finish before closing", async () => {
  const { app, port } = await start({ drainSeconds: 0.05 });
  // Open a request whose response is still being written when shutdown begins.
  const inflight = new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
  const done = app.shutdown();
  assert.equal(await inflight, 200);
  await done;
});

test("a second shutdown call joins the first", async () => {
  const { app } = await start();
  const first = app.shutdown();
  assert.equal(app.shutdown(), first);
  await first;
});
