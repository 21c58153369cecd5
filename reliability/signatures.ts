// Webhook signatures over HTTP to the real Probot middleware: a real `issues.opened` delivery sent with a
// missing, wrong or foreign signature is refused with a 4xx and changes nothing; the same bytes correctly
// signed (the control) are acted on.
import { createHmac } from "node:crypto";
import { startLocalWorld } from "../src/sandbox/local-world.js";
import { type RolloutFixture, requestBody, worldOptions } from "./drive.js";
import { BOT_LOGIN } from "./invariants.js";
import { crashed, type RunResult } from "./outcome.js";

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export async function* signatures(fixture: RolloutFixture): AsyncGenerator<RunResult> {
  const world = await startLocalWorld(worldOptions());
  try {
    // The issue is opened while no webhook URL is set: its delivery is logged, not sent.
    world.github.webhooks.setUrl(undefined);
    const issue = await world.github.seed.openIssue(world.fullName, "alice", {
      title: "Patch",
      body: requestBody(fixture),
    });
    world.github.webhooks.setUrl(world.webhookUrl);
    const delivery = world.github.webhooks.deliveries().find((d) => d.event === "issues");
    if (delivery === undefined) throw new Error("no issues delivery logged");
    const repo = world.github.seed.repo(world.fullName);
    const acted = () =>
      [...repo.comments.values()].some((c) => c.issueNumber === issue && c.user === BOT_LOGIN) ||
      (repo.issues.get(issue)?.labels.length ?? 0) > 0;
    const { "x-hub-signature-256": _valid, ...unsigned } = delivery.headers;
    const cases: [string, Record<string, string>, boolean][] = [
      ["missing signature", unsigned, false],
      ["wrong signature", { ...unsigned, "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, false],
      [
        "signed with another secret",
        { ...unsigned, "x-hub-signature-256": sign("not-the-secret", delivery.body) },
        false,
      ],
      ["malformed signature", { ...unsigned, "x-hub-signature-256": "sha1=abc" }, false],
      ["valid signature (control)", delivery.headers, true],
    ];
    for (const [label, headers, valid] of cases) {
      try {
        const r = await fetch(world.webhookUrl, { method: "POST", headers, body: delivery.body });
        await r.arrayBuffer();
        const problems: string[] = [];
        const violations: string[] = [];
        if (valid) {
          if (r.status !== 200) problems.push(`a valid delivery got ${r.status}`);
          if (!acted()) problems.push("a valid delivery was not acted on");
        } else {
          if (r.status < 400 || r.status >= 500) violations.push(`answered ${r.status}, not 4xx`);
          if (acted()) violations.push("the app acted on it");
        }
        yield {
          scenario: "signatures",
          label: `${label}: ${r.status}`,
          passed: problems.length === 0 && violations.length === 0,
          violations,
          lost: [],
          problems,
        };
      } catch (error) {
        yield crashed("signatures", label, error);
      }
    }
  } finally {
    await world.stop();
  }
}
