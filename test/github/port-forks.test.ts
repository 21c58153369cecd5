// A pull request from a fork can name its branch like a phase of the bot's (`node-patch/<id>/1-taint`); it
// is never taken for one, nor is a pull request whose fork was deleted. GitHub answers through a strict stub:
// exactly the one listing request is expected.
import { tmpdir } from "node:os";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { createOctokitPort } from "../../src/github/octokit-port.js";

const pull = (number: number, headRepo: string | null) => ({
  number,
  state: "open",
  title: `[node-patch 1/2] taint worker-1 (#${number})`,
  body: "",
  html_url: `https://github.com/acme/cluster/pull/${number}`,
  merged_at: null,
  merge_commit_sha: null,
  head: {
    ref: "node-patch/r1/1-taint",
    sha: "a".repeat(40),
    repo: headRepo === null ? null : { full_name: headRepo },
  },
  base: { ref: "main" },
});

describe("listPulls", () => {
  it("takes only branches of the repository itself for phases", async () => {
    const calls: string[] = [];
    const fetch = async (url: string | URL, init?: { method?: string }) => {
      calls.push(`${init?.method ?? "GET"} ${new URL(String(url)).pathname}`);
      const listing = [
        pull(3, "acme/cluster"),
        pull(4, "mallory/cluster"),
        pull(5, null),
        pull(6, "ACME/Cluster"),
      ];
      return new Response(JSON.stringify(listing), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const port = createOctokitPort({
      octokit: new Octokit({ auth: "ghs_x", request: { fetch } }),
      repo: { owner: "acme", repo: "cluster" },
      gitUrl: "https://github.com/acme/cluster.git",
      token: async () => "ghs_x",
      workDir: tmpdir(),
    });
    expect((await port.listPulls("node-patch/r1/")).map((p) => [p.number, p.headRepo])).toEqual([
      [3, "acme/cluster"],
      [6, "ACME/Cluster"],
    ]);
    expect(calls).toEqual(["GET /repos/acme/cluster/pulls"]);
  });
});
