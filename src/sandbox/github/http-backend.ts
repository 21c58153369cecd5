// Git smart HTTP through `git http-backend` (CGI), with GitHub's authentication: Basic `x-access-token:TOKEN`
// where TOKEN is an installation token the stand-in issued (or a seeded user's token). A push that moves refs
// triggers the same follow-ups as on GitHub (push webhook, pull request synchronize).
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { relative } from "node:path";
import { hermeticGitEnv } from "../../github/git.js";
import { permissionFor } from "./access.js";
import { listRefs, ZERO_SHA } from "./git-store.js";
import { protectedRefs } from "./pre-receive.js";
import type { Principal } from "./router.js";
import { botLogin, permissionAtLeast, type RepoRecord, repoKey } from "./state.js";
import { afterRefChange, type World } from "./world.js";

export const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/;

function principalFromBasic(world: World, header: string | undefined): Principal | null {
  if (header === undefined || !header.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  const token = world.state.tokens.get(password);
  if (token === undefined) return null;
  if (token.kind === "user") return { kind: "user", login: token.login };
  if (Date.parse(token.expiresAt) <= world.state.tokenClock().getTime()) return null;
  return { kind: "installation", installationId: token.installationId, login: botLogin(world.state.app) };
}

function deny(res: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { "content-type": "text/plain" };
  if (status === 401) headers["www-authenticate"] = 'Basic realm="GitHub"';
  res.writeHead(status, headers).end(`${message}\n`);
}

async function changedRefs(before: Map<string, string>, after: Map<string, string>) {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((ref) => ({ ref, before: before.get(ref) ?? ZERO_SHA, after: after.get(ref) ?? ZERO_SHA }))
    .filter((c) => c.before !== c.after);
}

export interface HookEndpoint {
  url: string;
  secret: string;
}

export async function serveGit(
  world: World,
  hook: HookEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const match = GIT_PATH.exec(url.pathname);
  const repo: RepoRecord | undefined =
    match === null ? undefined : world.state.repos.get(repoKey(match[1] ?? "", match[2] ?? ""));
  const principal = principalFromBasic(world, req.headers.authorization);
  if (principal === null) return deny(res, 401, "Authentication required");
  if (repo === undefined || match === null) return deny(res, 404, "Repository not found.");
  const pushing =
    url.searchParams.get("service") === "git-receive-pack" || url.pathname.endsWith("/git-receive-pack");
  const permission = permissionFor(world.state, repo, principal);
  if (permission === "none") return deny(res, 404, "Repository not found.");
  if (pushing && !permissionAtLeast(permission, "write")) return deny(res, 403, "Permission denied.");

  const pusher = principal.kind === "app" ? botLogin(world.state.app) : principal.login;
  const refsBefore = pushing && req.method === "POST" ? await listRefs(repo.dir) : null;
  const env: Record<string, string> = {
    ...hermeticGitEnv(),
    GIT_PROJECT_ROOT: world.dataDir,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: `/${relative(world.dataDir, repo.dir)}${match[3] ?? ""}`,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: url.search.slice(1),
    REMOTE_USER: pusher,
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    // Read by the pre-receive hook (branch protection) that receive-pack runs.
    NPB_STANDIN_HOOK_URL: hook.url,
    NPB_STANDIN_HOOK_SECRET: hook.secret,
    NPB_STANDIN_REPO: `${repo.owner}/${repo.name}`,
    NPB_STANDIN_PROTECTED: protectedRefs(repo),
  };
  const header = (name: string) => req.headers[name];
  const contentType = header("content-type");
  if (typeof contentType === "string") env.CONTENT_TYPE = contentType;
  const contentLength = header("content-length");
  if (typeof contentLength === "string") env.CONTENT_LENGTH = contentLength;
  const encoding = header("content-encoding");
  if (typeof encoding === "string") env.HTTP_CONTENT_ENCODING = encoding;
  // Without GIT_PROTOCOL, protocol v2 clients fall back to v0 and pushes to an empty repository fail.
  const protocol = header("git-protocol");
  if (typeof protocol === "string") env.GIT_PROTOCOL = protocol;

  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  // http-backend may stop reading early (e.g. a refused request); its exit status tells the client.
  child.stdin.on("error", () => undefined);
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    const endLf = head.indexOf("\n\n");
    const split = end >= 0 ? end : endLf;
    if (split < 0) return;
    const sepLength = end >= 0 ? 4 : 2;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, split).toString("latin1").split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersSent = true;
    res.write(head.subarray(split + sepLength));
  });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  await new Promise<void>((resolve) => {
    child.on("close", () => resolve());
    child.on("error", () => resolve());
  });
  if (!headersSent) res.writeHead(500, { "content-type": "text/plain" }).write(Buffer.concat(stderr));
  // The follow-ups run before the response ends, so a client whose push returned can rely on the pull
  // requests being synchronized and the webhooks being emitted (delivery itself stays asynchronous).
  if (refsBefore !== null) {
    for (const change of await changedRefs(refsBefore, await listRefs(repo.dir))) {
      await afterRefChange(world, repo, change.ref, change.before, change.after, pusher);
    }
  }
  res.end();
}
