// Flows of one repository run one after another in a process; other repositories' flows are not held up.
import { describe, expect, it } from "vitest";
import { createRepoTurns, inRepoTurn } from "../../src/app/repo-turns.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("inRepoTurn", () => {
  it("runs one repository's work in arrival order, never interleaved, and other repositories alongside", async () => {
    const turns = createRepoTurns();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      inRepoTurn(turns, "acme/cluster", work("webhook")),
      inRepoTurn(turns, "ACME/Cluster", work("tick")),
      inRepoTurn(turns, "acme/other", work("other")),
    ]);
    expect(results).toEqual(["webhook", "tick", "other"]);
    const at = (entry: string) => log.indexOf(entry);
    // The tick waits for the webhook's work on the same repository...
    expect(at("tick start")).toBeGreaterThan(at("webhook end"));
    // ...while another repository's work runs alongside it.
    expect(at("other start")).toBeLessThan(at("webhook end"));
    expect(turns.tails.size).toBe(0);
  });

  it("goes on after a failed piece of work, and passes the failure to its caller", async () => {
    const turns = createRepoTurns();
    const failed = inRepoTurn(turns, "acme/cluster", async () => {
      throw new Error("GitHub answered 502");
    });
    const next = inRepoTurn(turns, "acme/cluster", async () => "done");
    await expect(failed).rejects.toThrow("GitHub answered 502");
    await expect(next).resolves.toBe("done");
  });

  it("runs work directly without turns (tests that call flows by hand)", async () => {
    await expect(inRepoTurn(undefined, "acme/cluster", async () => 1)).resolves.toBe(1);
  });
});
