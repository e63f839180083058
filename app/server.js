// @ts-check
"use strict";
/**
 * The sample service steuermann deploys by default. No dependencies: only what Kubernetes needs
 * to run it without downtime.
 *
 *   GET /          a small JSON greeting (which pod answered, which version)
 *   GET /healthz   liveness: the process is alive (200 while the event loop turns)
 *   GET /readyz    readiness: 200 while accepting traffic, 503 once shutdown began
 *
 * On SIGTERM it stops being ready, waits DRAIN_SECONDS for the endpoints to drop it (kube-proxy
 * and load balancers need a few seconds), closes the listener, lets in-flight requests finish,
 * and exits 0. A second signal, or SHUTDOWN_TIMEOUT_SECONDS, forces the exit.
 */
const http = require("node:http");
const os = require("node:os");

/**
 * @param {{ version?: string, drainSeconds?: number, timeoutSeconds?: number, log?: (entry: object) => void }} [options]
 */
function createApp(options = {}) {
  const version = options.version ?? process.env.APP_VERSION ?? "dev";
  const drainMs = (options.drainSeconds ?? Number(process.env.DRAIN_SECONDS ?? 5)) * 1000;
  const timeoutMs = (options.timeoutSeconds ?? Number(process.env.SHUTDOWN_TIMEOUT_SECONDS ?? 20)) * 1000;
  const log =
    options.log ??
    ((entry) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`));
  let ready = true;
  /** @type {Promise<void> | undefined} */
  let stopping;

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    /** @param {number} status @param {unknown} body */
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(405, { error: "method not allowed" });
    } else if (path === "/healthz") {
      send(200, { status: "ok" });
    } else if (path === "/readyz") {
      send(ready ? 200 : 503, { status: ready ? "ready" : "draining" });
    } else if (path === "/") {
      send(200, { service: "steuermann-sample-app", version, pod: os.hostname() });
    } else {
      send(404, { error: "not found" });
    }
  });
  // Keep-alive connections would otherwise hold the listener open after close().
  server.keepAliveTimeout = 5000;

  /** Begins a graceful shutdown; resolves once every connection is closed. */
  function shutdown(reason = "SIGTERM") {
    if (stopping) {
      return stopping;
    }
    ready = false;
    log({ level: "info", msg: "shutdown: draining", reason, drainSeconds: drainMs / 1000 });
    stopping = new Promise((resolve) => {
      const force = setTimeout(() => {
        log({ level: "warn", msg: "shutdown: timeout, closing remaining connections" });
        server.closeAllConnections();
      }, timeoutMs);
      force.unref();
      setTimeout(() => {
        server.close(() => {
          clearTimeout(force);
          log({ level: "info", msg: "shutdown: done" });
          resolve();
        });
        server.closeIdleConnections();
      }, drainMs).unref();
    });
    return stopping;
  }

  return { server, shutdown, isReady: () => ready };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const app = createApp();
  app.server.listen(port, () => {
    process.stdout.write(`${JSON.stringify({ level: "info", msg: "listening", port })}\n`);
  });
  let signals = 0;
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) {
    process.on(signal, () => {
      signals += 1;
      if (signals > 1) {
        process.exit(1);
      }
      app.shutdown(signal).then(() => process.exit(0));
    });
  }
}

module.exports = { createApp };
