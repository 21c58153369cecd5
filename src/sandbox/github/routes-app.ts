// GitHub App endpoints: installations and installation access tokens (JWT-authenticated).
import { randomBytes } from "node:crypto";
import { notFound } from "./errors.js";
import type { Route } from "./router.js";
import { appShape, installationShape, repoShape } from "./shapes-repo.js";
import { repoKey } from "./state.js";
import { installationFor, type World } from "./world.js";

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export function issueInstallationToken(
  world: World,
  installationId: number,
): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(18).toString("base64url")}`;
  const expiresAt = `${new Date(world.state.tokenClock().getTime() + TOKEN_LIFETIME_MS).toISOString().slice(0, 19)}Z`;
  world.state.tokens.set(token, { kind: "installation", installationId, expiresAt });
  return { token, expiresAt };
}

export function appRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/app",
      auth: "app",
      handler: async () => ({ status: 200, body: appShape(shapes, state.app) }),
    },
    {
      method: "GET",
      template: "/app/installations",
      auth: "app",
      handler: async () => ({
        status: 200,
        body: [...state.installations.values()].map((i) => installationShape(shapes, i)),
      }),
    },
    {
      method: "POST",
      template: "/app/installations/{installation_id}/access_tokens",
      auth: "app",
      handler: async (ctx) => {
        const id = Number(ctx.params.installation_id);
        if (!state.installations.has(id)) throw notFound();
        const { token, expiresAt } = issueInstallationToken(world, id);
        return {
          status: 201,
          body: {
            token,
            expires_at: expiresAt,
            permissions: { ...state.app.permissions },
            repository_selection: "all",
          },
        };
      },
    },
    {
      // The repositories an installation token may use (what a timer iterates over).
      method: "GET",
      template: "/installation/repositories",
      auth: "token",
      handler: async (ctx) => {
        const principal = ctx.principal;
        if (principal?.kind !== "installation") throw notFound();
        const installation = state.installations.get(principal.installationId);
        const repos = [...state.repos.values()].filter(
          (r) => installation !== undefined && installationFor(state, r)?.id === installation.id,
        );
        return {
          status: 200,
          body: {
            total_count: repos.length,
            repository_selection: "all",
            repositories: repos.map((r) => repoShape(shapes, r)),
          },
        };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/installation",
      auth: "app",
      handler: async (ctx) => {
        const repo = state.repos.get(repoKey(ctx.params.owner ?? "", ctx.params.repo ?? ""));
        const installation = repo === undefined ? undefined : installationFor(state, repo);
        if (installation === undefined) throw notFound();
        return { status: 200, body: installationShape(shapes, installation) };
      },
    },
  ];
}
