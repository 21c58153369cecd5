// commitFiles against the GitHub stand-in's git over HTTP: one deterministic commit per request on the given
// base, pushed once, force-moved onto a new base, never leaking the token.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import type { CommitRequest, GitHubPort } from "../../src/github/port.js";
import { readCommit } from "../../src/sandbox/github/git-store.js";
import { MANIFEST, REPO, type Scene, startScene } from "../sandbox/github/helpers.js";

const repo = { owner: "acme", repo: "cluster" };
const RECEIVE_PACK = "GIT /{owner}/{repo}.git/git-receive-pack";
const UPLOAD_PACK = "GIT /{owner}/{repo}.git/git-upload-pack";

describe("commitFiles", () => {
  let scene: Scene;
  let main: string;

  beforeEach(async () => {
    scene = await startScene();
    main = (await scene.standIn.seed.resolve(REPO, "refs/heads/main")) ?? "";
  });
  afterEach(async () => {
    await scene.standIn.stop();
  });

  async function port(token = async () => scene.botToken, workDir?: string): Promise<GitHubPort> {
    return createOctokitPort({
      octokit: scene.bot,
      repo,
      gitUrl: scene.standIn.cloneUrl(REPO, "stale-token-in-url"),
      token,
      workDir: workDir ?? (await mkdtemp(join(tmpdir(), "npb-port-cache-"))),
    });
  }

  const request = (over: Partial<CommitRequest> = {}): CommitRequest => ({
    branch: "node-patch/r1/phase-1",
    baseSha: main,
    files: [
      { path: MANIFEST, content: "kind: Machine\nname: worker-1\n" },
      { path: "README.md", content: null },
      { path: "docs/deep/new file.txt", content: "héllo\n" },
    ],
    message: "add: worker-1",
    date: "2026-03-01T10:00:00Z",
    ...over,
  });

  it("creates the branch with exactly one commit on the base holding the files, deletions included", async () => {
    const sha = await (await port()).commitFiles(request());
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(sha);
    const commit = await readCommit(scene.standIn.seed.repo(REPO).dir, sha);
    expect(commit.parents).toEqual([main]);
    expect(commit.message).toBe("add: worker-1");
    expect(commit.author).toMatchObject({ name: "node-patch-bot" });
    const read = (path: string) => scene.standIn.seed.readFile(REPO, sha, path);
    expect(await read(MANIFEST)).toBe("kind: Machine\nname: worker-1\n");
    expect(await read("README.md")).toBeNull();
    expect(await read("docs/deep/new file.txt")).toBe("héllo\n");
  });

  it("is deterministic: the same request gives the same sha from a fresh cache, and pushes only once", async () => {
    const first = await (await port()).commitFiles(request());
    expect(scene.standIn.counters()[RECEIVE_PACK]).toBe(1);
    const again = await (await port()).commitFiles(request());
    expect(again).toBe(first);
    const cached = await port();
    expect(await cached.commitFiles(request())).toBe(first);
    expect(await cached.commitFiles(request())).toBe(first);
    expect(scene.standIn.counters()[RECEIVE_PACK]).toBe(1);
  });

  it("keeps a branch that already holds the same tree on the same parent, whatever its date or message", async () => {
    const first = await (await port()).commitFiles(request());
    const later = await (await port()).commitFiles(
      request({ date: "2026-04-01T00:00:00Z", message: "other" }),
    );
    expect(later).toBe(first);
    expect(scene.standIn.counters()[RECEIVE_PACK]).toBe(1);
  });

  it("force-moves the branch onto a new base, and replaces a different change on the same base", async () => {
    const git = await port();
    const first = await git.commitFiles(request());
    const moved = await scene.standIn.seed.commit(REPO, "main", { "other.txt": "x\n" }, "someone else");
    const rebased = await git.commitFiles(request({ baseSha: moved }));
    expect(rebased).not.toBe(first);
    expect((await readCommit(scene.standIn.seed.repo(REPO).dir, rebased)).parents).toEqual([moved]);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(rebased);
    expect(await scene.standIn.seed.readFile(REPO, rebased, "other.txt")).toBe("x\n");
    const changed = await git.commitFiles(
      request({ baseSha: moved, files: [{ path: MANIFEST, content: "v2\n" }] }),
    );
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(changed);
    expect(await scene.standIn.seed.readFile(REPO, changed, "README.md")).toBe("cluster\n");
    expect(scene.standIn.counters()[RECEIVE_PACK]).toBe(3);
  });

  it("pushes a branch expected to be new without looking it up, and decides as usual when it exists", async () => {
    const git = await port();
    const first = await git.commitFiles(request({ expectNew: true }));
    // One fetch of the base into the fresh cache, one push: no ls-remote.
    expect([scene.standIn.counters()[UPLOAD_PACK], scene.standIn.counters()[RECEIVE_PACK]]).toEqual([1, 1]);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(first);
    scene.standIn.resetCounters();
    await git.commitFiles(request({ branch: "node-patch/r1/phase-2", expectNew: true }));
    expect([scene.standIn.counters()[UPLOAD_PACK], scene.standIn.counters()[RECEIVE_PACK]]).toEqual([
      undefined,
      1,
    ]);
    // It exists after all: the same change is kept (from a fresh cache, too), another one force-moves it.
    expect(await (await port()).commitFiles(request({ expectNew: true }))).toBe(first);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(first);
    const changed = await git.commitFiles(
      request({ files: [{ path: MANIFEST, content: "v2\n" }], expectNew: true }),
    );
    expect(changed).not.toBe(first);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(changed);
    expect(scene.standIn.counters()[RECEIVE_PACK]).toBe(2);
  });

  it("settles two replicas racing with the same request on one commit", async () => {
    const [a, b] = await Promise.all([
      (await port()).commitFiles(request()),
      (await port()).commitFiles(request()),
    ]);
    expect(a).toBe(b);
    expect(await scene.standIn.seed.resolve(REPO, "refs/heads/node-patch/r1/phase-1")).toBe(a);
  });

  it("lets ports of concurrent events share one fresh cache directory", async () => {
    const shared = await mkdtemp(join(tmpdir(), "npb-port-shared-"));
    const token = async () => scene.botToken;
    const branches = ["a", "b", "c", "d", "e", "f"].map((b) => `node-patch/r1/${b}`);
    const shas = await Promise.all(
      branches.map(async (branch) => (await port(token, shared)).commitFiles(request({ branch }))),
    );
    expect(new Set(shas).size).toBe(1);
    for (const branch of branches) {
      expect(await scene.standIn.seed.resolve(REPO, `refs/heads/${branch}`)).toBe(shas[0]);
    }
  });

  it("never shows the token in an error, and rejects paths that escape the tree", async () => {
    const forged = "ghs_forgedtoken0123456789";
    const failure = (await port(async () => forged)).commitFiles(request());
    await expect(failure).rejects.toThrow(
      /git ls-remote http:\/\/127\.0\.0\.1:\d+\/acme\/cluster\.git failed/,
    );
    await expect(failure).rejects.not.toThrow(forged);
    const bad = (await port()).commitFiles(request({ files: [{ path: "../x", content: "x" }] }));
    await expect(bad).rejects.toThrow('commitFiles: invalid path "../x"');
  });
});
