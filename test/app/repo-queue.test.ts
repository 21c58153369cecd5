// The per-repository queue: one repository's flows run one after another, other repositories' alongside, and
// neither a failed nor a hung flow stops the ones after it for good.
import { describe, expect, it } from "vitest";
import { createRepoQueue, repoKey } from "../../src/app/repo-queue.js";

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("the repository queue", () => {
  it("runs one repository's flows in turn and other repositories' at once", async () => {
    const queue = createRepoQueue();
    const seen: string[] = [];
    const flow = (name: string, ms: number) => async () => {
      seen.push(`${name} starts`);
      await later(ms);
      seen.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([
      queue.run(repoKey("acme", "cluster"), flow("event", 30)),
      queue.run(repoKey("Acme", "Cluster"), flow("tick", 1)),
      queue.run(repoKey("acme", "other"), flow("elsewhere", 1)),
    ]);
    expect(results).toEqual(["event", "tick", "elsewhere"]);
    expect(seen.indexOf("tick starts")).toBeGreaterThan(seen.indexOf("event ends"));
    expect(seen.indexOf("elsewhere ends")).toBeLessThan(seen.indexOf("event ends"));
  });

  it("goes on after a flow that failed, and after one that hangs longer than the wait", async () => {
    const queue = createRepoQueue(20);
    const failed = queue.run("r", async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    expect(await queue.run("r", async () => "after a failure")).toBe("after a failure");
    void queue.run("r", () => new Promise<never>(() => {}));
    expect(await queue.run("r", async () => "after a hang")).toBe("after a hang");
  });
});
