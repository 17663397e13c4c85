/**
 * A package-index proxy for npm run bench: forwards every request to the
 * index (the local mirror, or any http:// index), and in the realistic
 * network mode makes it cost what it costs over a real link: a delay before
 * each answer (latency) and one shared link of capped bandwidth. It also
 * counts the package files each build downloads.
 *
 *   BENCH_LATENCY_MS   delay per request, default 40
 *   BENCH_BANDWIDTH_MB bandwidth in MB/s (1 MB = 1,000,000 bytes), default 20
 */
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Transform, type TransformCallback } from "node:stream";

export interface Link {
  /** Milliseconds added before each answer. */
  latencyMs: number;
  /** Bytes a second for all answers together; Infinity: as fast as loopback goes. */
  bytesPerSecond: number;
}

export const LOOPBACK: Link = { latencyMs: 0, bytesPerSecond: Infinity };

export function realisticLink(env: NodeJS.ProcessEnv = process.env): Link {
  const number = (name: string, fallback: number) => {
    const value = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0, not ${env[name]}`);
    return value;
  };
  const mb = number("BENCH_BANDWIDTH_MB", 20);
  return { latencyMs: number("BENCH_LATENCY_MS", 40), bytesPerSecond: mb > 0 ? mb * 1_000_000 : Infinity };
}

export function describeLink(link: Link): string {
  if (link.latencyMs === 0 && link.bytesPerSecond === Infinity) return "loopback";
  const bandwidth = link.bytesPerSecond === Infinity ? "no bandwidth cap" : `${link.bytesPerSecond / 1_000_000} MB/s`;
  return `${link.latencyMs} ms a request, ${bandwidth}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class IndexProxy {
  /** Package files (not index pages) answered since the last reset. */
  files: string[] = [];
  bytes = 0;
  private server: Server;
  /** When the shared link is next free to send (performance.now() time). */
  private linkFreeAt = 0;

  private constructor(
    private readonly upstream: URL,
    private readonly link: Link,
  ) {
    this.server = createServer((req, res) => {
      void this.forward(req).then(
        async (answer) => {
          await sleep(this.link.latencyMs);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (answer.statusCode === 200 && !/\/simple(\/|$)/.test(req.url ?? "")) this.files.push(req.url ?? "");
          answer.pipe(this.throttle()).pipe(res);
        },
        (error: Error) => {
          res.writeHead(502, { "content-type": "text/plain" });
          res.end(`bench proxy: ${error.message}\n`);
        },
      );
    });
  }

  /** Starts a proxy for `indexUrl` (http://host:port/simple) on a free loopback port. */
  static async start(indexUrl: string, link: Link): Promise<IndexProxy> {
    const upstream = new URL(indexUrl);
    if (upstream.protocol !== "http:") throw new Error(`the bench proxy forwards to an http:// index, not ${indexUrl}`);
    const proxy = new IndexProxy(upstream, link);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The index URL to give pip: the same path as upstream, on the proxy's port. */
  get indexUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.upstream.pathname}`;
  }

  reset(): void {
    this.files = [];
    this.bytes = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const out = request(
        {
          host: this.upstream.hostname,
          port: this.upstream.port || 80,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: this.upstream.host },
        },
        resolve,
      );
      out.on("error", reject);
      req.pipe(out);
    });
  }

  /** Holds each chunk until the shared link has had time to send the ones before it. */
  private throttle(): Transform {
    const proxy = this;
    return new Transform({
      transform(chunk: Buffer, _encoding, done: TransformCallback) {
        proxy.bytes += chunk.length;
        if (proxy.link.bytesPerSecond === Infinity) return done(null, chunk);
        const now = performance.now();
        const start = Math.max(now, proxy.linkFreeAt);
        proxy.linkFreeAt = start + (chunk.length / proxy.link.bytesPerSecond) * 1000;
        const wait = proxy.linkFreeAt - now;
        if (wait < 1) return done(null, chunk);
        setTimeout(() => done(null, chunk), wait);
      },
    });
  }
}
