// Branch heads and files read through REST: what a client that reaches only the API uses (the in-cluster
// agent), and how a file at a branch name (not a commit) is read. The app reads both through git (push.ts).
import { createHash } from "node:crypto";
import { unless } from "./http-errors.js";
import type { OctokitLike } from "./octokit-types.js";
import type { GitHubPort, RepoId } from "./port.js";
import type { ShapeChecker } from "./rest-shapes.js";

/** Git's blob id for `bytes`: what the contents API calls the file's `sha`. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export function createRestReads(options: {
  rest: OctokitLike["rest"];
  repo: RepoId;
  check: ShapeChecker;
}): Pick<GitHubPort, "readFile" | "branchSha"> {
  const { rest, repo, check } = options;
  return {
    async readFile(path, ref) {
      const endpoint = "GET /repos/{owner}/{repo}/contents/{path}";
      // The raw media type serves files up to 100 MB in one call (the JSON form stops at 1 MB, and a
      // 1,000-machine manifest is larger); the blob sha is then computed locally, exactly as git does.
      const response = await unless([404], undefined, () =>
        rest.repos.getContent({ ...repo, path, ref, mediaType: { format: "raw" } }),
      );
      if (response === undefined) return undefined;
      const data: unknown = response.data;
      if (typeof data === "string") return { text: data, sha: gitBlobSha(Buffer.from(data, "utf8")) };
      if (Array.isArray(data)) throw new Error(`readFile: ${path} at ${ref} is a directory`);
      const file = check("FileContent", endpoint, data);
      if (file.encoding !== "base64") {
        throw new Error(`readFile: ${endpoint} answered encoding ${file.encoding} for ${path}`);
      }
      return { text: Buffer.from(file.content, "base64").toString("utf8"), sha: file.sha };
    },

    async branchSha(branch) {
      const response = await unless([404], undefined, () =>
        rest.git.getRef({ ...repo, ref: `heads/${branch}` }),
      );
      if (response === undefined) return undefined;
      return check("GitRef", "GET /repos/{owner}/{repo}/git/ref/{ref}", response.data).object.sha;
    },
  };
}
