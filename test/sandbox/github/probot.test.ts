// The real Probot stack against the stand-in: signed webhooks over HTTP into Probot's middleware, Probot's own
// JWT -> installation token flow, and REST calls back through context.octokit.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { portOf, REPO, type Scene, startScene } from "./helpers.js";

describe("a Probot app driven by the stand-in", () => {
  let scene: Scene | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await scene?.standIn.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("receives a signed issues.opened webhook and answers with a comment using an installation token", async () => {
    const secret = "probot-secret";
    scene = await startScene({ webhooks: { secret } });
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const probot = new Probot({
      appId: scene.standIn.app.id,
      privateKey,
      secret,
      baseUrl: scene.standIn.url,
      Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issues.opened", async (context) => {
          await context.octokit.rest.issues.createComment(
            context.issue({ body: `Seen #${context.payload.issue.number}` }),
          );
        });
      },
      { probot, webhooksPath: "/api/github/webhooks" },
    );
    const statuses: number[] = [];
    server = createServer((req, res) => {
      res.on("finish", () => statuses.push(res.statusCode));
      void middleware(req, res, () => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = portOf(server);
    scene.standIn.webhooks.setUrl(`http://127.0.0.1:${port}/api/github/webhooks`);

    scene.standIn.resetCounters();
    const number = await scene.standIn.seed.openIssue(REPO, "alice", { title: "Patch the kernel" });
    await scene.standIn.webhooks.idle();

    expect(statuses).toEqual([200]);
    const { data: comments } = await scene.bot.rest.issues.listComments({
      owner: "acme",
      repo: "cluster",
      issue_number: number,
    });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([
      ["node-patch-bot[bot]", `Seen #${number}`],
    ]);
    expect(scene.standIn.counters()).toMatchObject({
      "POST /app/installations/{installation_id}/access_tokens": 1,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 1,
    });
  });
});
