// Branch protection for `git push`: each bare repository gets a pre-receive hook that asks the stand-in whether
// the ref updates are allowed, so a person pushing straight to a protected branch is refused with GitHub's GH006
// message, exactly as a merge through the API is refused with 405.
import { chmod, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { ZERO_SHA } from "./git-store.js";
import { requiredChecksMessage } from "./protection.js";
import { isRecord } from "./router.js";
import { type RepoRecord, repoKey } from "./state.js";
import type { World } from "./world.js";

export const PRE_RECEIVE_PATH = "/_stand-in/pre-receive";

// Asks the stand-in under node (the binary running this process), as CommonJS: the hook has no package.json.
function askScript(): string {
  return `const chunks = [];
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

/**
 * The hook itself is a shell script that starts node only when an update touches a protected branch (the
 * stand-in lists them in NPB_STANDIN_PROTECTED for each push): on GitHub an ordinary push costs no extra
 * process, and here starting node would make every push a few hundred milliseconds slower. Ref names hold no
 * spaces or glob characters (git refuses them), so matching words is exact.
 */
function hookScript(askPath: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  return `#!/bin/sh
set -f
updates=$(cat)
ask=no
for word in $updates; do
  case " $NPB_STANDIN_PROTECTED " in *" $word "*) ask=yes ;; esac
done
[ "$ask" = yes ] || exit 0
printf '%s\\n' "$updates" | ${quote(process.execPath)} ${quote(askPath)}
`;
}

export async function installPreReceiveHook(gitDir: string): Promise<void> {
  const hooks = join(gitDir, "hooks");
  const ask = join(hooks, "pre-receive-ask.cjs");
  await writeFile(ask, askScript());
  const path = join(hooks, "pre-receive");
  await writeFile(path, hookScript(ask));
  await chmod(path, 0o755);
}

/** The refs a push must ask the hook about: the repository's protected branches, space-separated. */
export function protectedRefs(repo: RepoRecord): string {
  return [...repo.protection.keys()].map((branch) => `refs/heads/${branch}`).join(" ");
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
