// Who is calling and what they may do: installation tokens act as the app's bot user on the installation's
// account; user tokens act as a seeded user with their repository permission. Like GitHub, a repository the
// caller cannot see is a 404, and one it can see but not change is a 403.
import type { IncomingHttpHeaders } from "node:http";
import { forbidden, GitHubApiError, notFound, requiresAuthentication } from "./errors.js";
import type { Principal, RequestContext } from "./router.js";
import {
  botLogin,
  type Permission,
  permissionAtLeast,
  type RepoRecord,
  repoKey,
  type StandInState,
} from "./state.js";

function bearer(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (header === undefined) return null;
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function resolvePrincipal(
  state: StandInState,
  headers: IncomingHttpHeaders,
  auth: "app" | "token",
): Principal | null {
  const credential = bearer(headers);
  if (credential === null) return null;
  if (auth === "app") {
    // The stand-in does not verify the JWT's signature, only that one is presented.
    if (credential.split(".").length !== 3) {
      throw new GitHubApiError(401, "A JSON web token could not be decoded");
    }
    return { kind: "app" };
  }
  const token = state.tokens.get(credential);
  if (token === undefined) throw new GitHubApiError(401, "Bad credentials");
  if (token.kind === "user") return { kind: "user", login: token.login };
  if (Date.parse(token.expiresAt) <= state.tokenClock().getTime())
    throw new GitHubApiError(401, "Bad credentials");
  return { kind: "installation", installationId: token.installationId, login: botLogin(state.app) };
}

export function actorLogin(ctx: RequestContext): string {
  const principal = ctx.principal;
  if (principal === null) throw requiresAuthentication();
  if (principal.kind === "app") throw forbidden("A JSON web token cannot be used to access this endpoint");
  return principal.login;
}

export function permissionFor(
  state: StandInState,
  repo: RepoRecord,
  principal: Principal | null,
): Permission {
  if (principal === null || principal.kind === "app") return repo.private ? "none" : "read";
  if (principal.kind === "installation") {
    const installation = state.installations.get(principal.installationId);
    const covers =
      installation !== undefined && installation.account.toLowerCase() === repo.owner.toLowerCase();
    return covers ? "write" : "none";
  }
  if (principal.login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
  const granted = repo.permissions.get(principal.login.toLowerCase()) ?? "none";
  return granted === "none" && !repo.private ? "read" : granted;
}

/** The repository named by `{owner}/{repo}`, if the caller may at least `need` it. */
export function repoFor(state: StandInState, ctx: RequestContext, need: Permission = "read"): RepoRecord {
  if (ctx.principal === null) throw requiresAuthentication();
  const repo = state.repos.get(repoKey(ctx.params.owner ?? "", ctx.params.repo ?? ""));
  if (repo === undefined) throw notFound();
  const permission = permissionFor(state, repo, ctx.principal);
  if (permission === "none") throw notFound();
  if (!permissionAtLeast(permission, need)) {
    throw forbidden(
      ctx.principal.kind === "installation"
        ? "Resource not accessible by integration"
        : "Must have push access to this repository",
    );
  }
  return repo;
}
