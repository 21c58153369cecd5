// Webhook deliveries: signed like GitHub's, shaped per event, held and flushed on demand, redeliverable.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { portOf, REPO, type Scene, startScene } from "./helpers.js";

interface Received {
  headers: Record<string, string>;
  body: string;
}

async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${portOf(server)}/webhooks`, received };
}

function verify(secret: string, body: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const actual = Buffer.from(header ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

describe("webhook deliveries", () => {
  const secret = "It's a Secret to Everybody";
  let scene: Scene;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    scene = await startScene({ webhooks: { url: receiver.url, secret } });
  });
  afterEach(async () => {
    await scene.standIn.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it("signs each delivery with HMAC-SHA256 of the exact body and names event and delivery", async () => {
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "Patch kernels" });
    await scene.standIn.webhooks.idle();
    const [delivery] = receiver.received;
    expect(delivery?.headers["x-github-event"]).toBe("issues");
    expect(delivery?.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(verify(secret, delivery?.body ?? "", delivery?.headers["x-hub-signature-256"])).toBe(true);
    expect(verify("wrong secret", delivery?.body ?? "", delivery?.headers["x-hub-signature-256"])).toBe(
      false,
    );
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({
      action: "opened",
      issue: { number, title: "Patch kernels", user: { login: "alice" } },
      repository: { full_name: REPO },
      sender: { login: "alice" },
      installation: { id: scene.standIn.seed.installationId("acme") },
    });
  });

  it("holds deliveries until flushed, then sends them in the order they happened", async () => {
    scene.standIn.webhooks.setHold(true);
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "Patch" });
    scene.standIn.seed.comment(REPO, "alice", number, "/patch approve");
    await scene.bot.rest.issues.createComment({
      owner: "acme",
      repo: "cluster",
      issue_number: number,
      body: "Approved",
    });
    await scene.standIn.webhooks.idle();
    expect(receiver.received).toEqual([]);
    expect(scene.standIn.webhooks.pending().map((d) => `${d.event}.${d.action}`)).toEqual([
      "issues.opened",
      "issue_comment.created",
      "issue_comment.created",
    ]);
    await scene.standIn.webhooks.flush();
    expect(
      receiver.received.map((r) => JSON.parse(r.body).comment?.body ?? r.headers["x-github-event"]),
    ).toEqual(["issues", "/patch approve", "Approved"]);
    expect(scene.standIn.webhooks.pending()).toEqual([]);
  });

  it("redelivers a logged delivery with the same GUID and body, for idempotency tests", async () => {
    await scene.standIn.seed.openIssue(REPO, "alice", { title: "Patch" });
    await scene.standIn.webhooks.idle();
    const [logged] = scene.standIn.webhooks.deliveries();
    await scene.standIn.webhooks.redeliver(logged?.id ?? "");
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]).toEqual(receiver.received[0]);
    expect(logged?.attempts).toEqual([
      { status: 202, error: null },
      { status: 202, error: null },
    ]);
  });

  it("gives up on a receiver that never answers, records it, and moves on to the next delivery", async () => {
    const stalled = createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const impatient = await startScene({
      webhooks: { url: `http://127.0.0.1:${portOf(stalled)}/`, secret, timeoutMs: 200 },
    });
    await impatient.standIn.seed.openIssue(REPO, "alice", { title: "one" });
    await impatient.standIn.seed.openIssue(REPO, "alice", { title: "two" });
    await impatient.standIn.webhooks.idle();
    const attempts = impatient.standIn.webhooks.deliveries().map((d) => d.attempts.map((a) => a.status));
    expect(attempts).toEqual([[null], [null]]);
    expect(impatient.standIn.webhooks.deliveries()[0]?.attempts[0]?.error).toMatch(/abort|timeout/i);
    await impatient.standIn.stop();
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
  });

  it("emits installation.created when the app is installed on an account", async () => {
    const id = scene.standIn.seed.installApp("globex", { emit: true });
    await scene.standIn.webhooks.idle();
    const body = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(receiver.received[0]?.headers["x-github-event"]).toBe("installation");
    expect(body).toMatchObject({ action: "created", installation: { id, account: { login: "globex" } } });
  });
});
