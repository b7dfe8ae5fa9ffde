/** A throwaway redis-server on loopback: no persistence, so nothing survives it. */
import { connect } from "node:net";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inheritedEnv } from "../config.ts";
import { startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { freePort } from "./free-port.ts";
import { waitUntil } from "./wait.ts";

export interface RedisOptions {
  /** Default: a free port. */
  port?: number;
  /** Working directory for redis-server (it writes nothing there); default: a temporary one, removed on stop. */
  dir?: string;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface RedisServer {
  url: string;
  port: number;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

/** A raw RESP PING, so readiness needs no Redis client. */
export function redisAnswersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.on("error", () => done(false));
    socket.on("close", () => done(false));
  });
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "bez-redis-")));
  await mkdir(dir, { recursive: true });
  const child = startChild({
    name: "redis",
    command: "redis-server",
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    cwd: dir,
    env: inheritedEnv(),
    onOutput: options.onOutput,
  });
  const stop = async () => {
    await child.stop();
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(() => redisAnswersPing(port), {
      what: `redis-server on port ${port}`,
      timeoutMs: 20_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis://127.0.0.1:${port}`, port, exited: child.exited, stop };
}
