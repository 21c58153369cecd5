// Git references over REST, as real git ref updates with compare-and-swap against the value the handler read.
import { actorLogin, repoFor } from "./access.js";
import { GitHubApiError, unprocessable } from "./errors.js";
import { isAncestor } from "./git-compare.js";
import { deleteRef, listRefs, resolveCommit, updateRef, ZERO_SHA } from "./git-store.js";
import { PROTECTED_BRANCHES_DOCS, requiredChecksMessage } from "./protection.js";
import { bodyOf, type Route, stringField } from "./router.js";
import { repoUrls, type ShapeContext } from "./shapes-repo.js";
import type { RepoRecord } from "./state.js";
import { afterRefChange, type World } from "./world.js";

function refShape(ctx: ShapeContext, repo: RepoRecord, ref: string, sha: string) {
  const { api } = repoUrls(ctx, repo);
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString("base64url")}`,
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

function validRefName(ref: string): boolean {
  return /^refs\/[^/]+\/.+/.test(ref) && !/(\.\.|[\s~^:?*[\\]|@\{|\/\/|\/$|\.lock$)/.test(ref);
}

export function refRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/git/ref/{ref}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const ref = `refs/${ctx.params.ref ?? ""}`;
        const sha = (await listRefs(repo.dir, ref)).get(ref);
        if (sha === undefined) throw new GitHubApiError(404, "Not Found");
        return { status: 200, body: refShape(shapes, repo, ref, sha) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const prefix = `refs/${ctx.params.ref ?? ""}`;
        const refs = [...(await listRefs(repo.dir)).entries()].filter(([name]) => name.startsWith(prefix));
        return { status: 200, body: refs.map(([name, sha]) => refShape(shapes, repo, name, sha)) };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/git/refs",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const body = bodyOf(ctx);
        const ref = stringField(body, "ref");
        const sha = stringField(body, "sha");
        if (ref === undefined || sha === undefined)
          throw unprocessable(`Invalid request.\n\n"${ref === undefined ? "ref" : "sha"}" wasn't supplied.`);
        if (!validRefName(ref)) throw unprocessable("Reference name is not valid");
        const target = await resolveCommit(repo.dir, sha);
        if (target === null || target !== sha) throw unprocessable("Object does not exist");
        if (!(await updateRef(repo.dir, ref, sha, ZERO_SHA))) throw unprocessable("Reference already exists");
        await afterRefChange(world, repo, ref, ZERO_SHA, sha, actor);
        return { status: 201, body: refShape(shapes, repo, ref, sha) };
      },
    },
    {
      method: "PATCH",
      template: "/repos/{owner}/{repo}/git/refs/{ref}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const body = bodyOf(ctx);
        const ref = `refs/${ctx.params.ref ?? ""}`;
        const sha = stringField(body, "sha");
        if (sha === undefined) throw unprocessable(`Invalid request.\n\n"sha" wasn't supplied.`);
        const current = (await listRefs(repo.dir, ref)).get(ref);
        if (current === undefined) throw unprocessable("Reference does not exist");
        if ((await resolveCommit(repo.dir, sha)) !== sha) throw unprocessable("Object does not exist");
        if (body.force !== true && !(await isAncestor(repo.dir, current, sha))) {
          throw unprocessable("Update is not a fast forward");
        }
        if (ref.startsWith("refs/heads/")) {
          const message = requiredChecksMessage(repo, ref.slice("refs/heads/".length), sha);
          if (message !== null)
            throw new GitHubApiError(422, message, { documentationUrl: PROTECTED_BRANCHES_DOCS });
        }
        if (!(await updateRef(repo.dir, ref, sha, current)))
          throw unprocessable("Reference cannot be updated");
        await afterRefChange(world, repo, ref, current, sha, actor);
        return { status: 200, body: refShape(shapes, repo, ref, sha) };
      },
    },
    {
      method: "DELETE",
      template: "/repos/{owner}/{repo}/git/refs/{ref}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = actorLogin(ctx);
        const ref = `refs/${ctx.params.ref ?? ""}`;
        const current = (await listRefs(repo.dir, ref)).get(ref);
        if (current === undefined || !(await deleteRef(repo.dir, ref)))
          throw unprocessable("Reference does not exist");
        await afterRefChange(world, repo, ref, current, ZERO_SHA, actor);
        return { status: 204 };
      },
    },
  ];
}
