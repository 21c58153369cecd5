// Branch protection for `git push`: each bare repository gets a pre-receive hook that asks the stand-in whether
// the ref updates are allowed, so a person pushing straight to a protected branch is refused with GitHub's GH006
// message, exactly as a merge through the API is refused with 405.
import { chmod, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { ZERO_SHA } from "./git-store.js";
import { requiredChecksMessage } from "./protection.js";
import { isRecord } from "./router.js";
import { repoKey } from "./state.js";
import type { World } from "./world.js";

export const PRE_RECEIVE_PATH = "/_stand-in/pre-receive";

// Runs under node (the shebang names this process's binary), as CommonJS: the hook has no package.json.
function hookScript(): string {
  return `#!${process.execPath}
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  const url = process.env.NPB_STANDIN_HOOK_URL;
  if (!url) process.exit(0);
  const updates = Buffer.concat(chunks).toString("utf8").split("\\n").filter(Boolean).map((line) => {
    const [before, after, ref] = line.split(" ");
    return { before, after, ref };
  });
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-stand-in-secret": process.env.NPB_STANDIN_HOOK_SECRET ?? "" },
    body: JSON.stringify({ repo: process.env.NPB_STANDIN_REPO, updates }),
  });
  const verdict = await response.json();
  for (const line of verdict.messages ?? []) process.stderr.write(line + "\\n");
  process.exit(verdict.ok ? 0 : 1);
});
`;
}

export async function installPreReceiveHook(gitDir: string): Promise<void> {
  const path = join(gitDir, "hooks", "pre-receive");
  await writeFile(path, hookScript());
  await chmod(path, 0o755);
}

interface RefUpdate {
  before: string;
  after: string;
  ref: string;
}

function refusals(world: World, fullName: string, updates: RefUpdate[]): string[] {
  const [owner, name] = fullName.split("/");
  const repo = world.state.repos.get(repoKey(owner ?? "", name ?? ""));
  if (repo === undefined) return [];
  return updates.flatMap((update) => {
    if (!update.ref.startsWith("refs/heads/")) return [];
    const branch = update.ref.slice("refs/heads/".length);
    if (!repo.protection.has(branch)) return [];
    const failed = `error: GH006: Protected branch update failed for ${update.ref}.`;
    if (update.after === ZERO_SHA) return [failed, "error: Cannot delete this protected branch"];
    const message = requiredChecksMessage(repo, branch, update.after);
    return message === null ? [] : [failed, `error: ${message}`];
  });
}

export async function handlePreReceive(
  world: World,
  secret: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  if (req.headers["x-stand-in-secret"] !== secret) {
    res.writeHead(403).end();
    return;
  }
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const fullName = isRecord(body) && typeof body.repo === "string" ? body.repo : "";
  const raw = isRecord(body) && Array.isArray(body.updates) ? body.updates : [];
  const updates = raw.filter(isRecord).map((u) => ({
    before: String(u.before ?? ""),
    after: String(u.after ?? ""),
    ref: String(u.ref ?? ""),
  }));
  const messages = refusals(world, fullName, updates);
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ ok: messages.length === 0, messages }));
}
