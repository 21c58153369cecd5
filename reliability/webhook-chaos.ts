// Webhooks as a bad network delivers them: between the stand-in and the app's replicas sits a relay that
// passes each delivery on at once, holds it back for later steps, or passes it on and sends it again later
// (same GUID and signature, as GitHub's redelivery does). Held deliveries go out in shuffled order.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalWorld } from "../src/sandbox/local-world.js";

interface Held {
  headers: Record<string, string>;
  body: string;
}

export interface WebhookChaos {
  /** Sends some held deliveries, shuffled; the rest wait for a later step. */
  release(): Promise<void>;
  /** Sends everything still held. */
  drain(): Promise<void>;
  counts(): { passed: number; delayed: number; duplicated: number };
  close(): Promise<void>;
}

export async function startWebhookChaos(world: LocalWorld, random: () => number): Promise<WebhookChaos> {
  const target = world.webhookUrl;
  const held: Held[] = [];
  const counts = { passed: 0, delayed: 0, duplicated: 0 };
  const send = async (d: Held) => {
    const r = await fetch(target, { method: "POST", headers: d.headers, body: d.body });
    await r.arrayBuffer();
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      delete headers.host;
      delete headers["content-length"];
      const d = { headers, body: Buffer.concat(chunks).toString("utf8") };
      const roll = random();
      const done = () => {
        res.statusCode = 200;
        res.end();
      };
      if (roll < 0.3) {
        counts.delayed++;
        held.push(d);
        done();
        return;
      }
      if (roll < 0.6) {
        counts.duplicated++;
        held.push(d);
      } else counts.passed++;
      send(d).then(done, done);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  world.github.webhooks.setUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const a = xs[i] as T;
      xs[i] = xs[j] as T;
      xs[j] = a;
    }
    return xs;
  };
  return {
    async release() {
      const now = shuffle(held.splice(0, held.length));
      const later = now.filter(() => random() < 0.3);
      for (const d of now) if (!later.includes(d)) await send(d);
      held.push(...later);
    },
    async drain() {
      for (const d of shuffle(held.splice(0, held.length))) await send(d);
    },
    counts: () => ({ ...counts }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      world.github.webhooks.setUrl(target);
    },
  };
}
