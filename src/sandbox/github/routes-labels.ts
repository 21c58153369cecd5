// Repository labels: list, get, create (adding an unknown label to an issue also creates it, as on GitHub).
import { repoFor } from "./access.js";
import { notFound, validationFailed } from "./errors.js";
import { ensureLabel } from "./issue-ops.js";
import { bodyOf, paged, type Route, stringField } from "./router.js";
import { labelShape } from "./shapes-issue.js";
import type { World } from "./world.js";

export function labelRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/labels",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const { items, headers } = paged(
          ctx,
          [...repo.labels.values()].sort((a, b) => a.id - b.id),
        );
        return { status: 200, body: items.map((l) => labelShape(shapes, repo, l)), headers };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/labels/{name}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const label = repo.labels.get((ctx.params.name ?? "").toLowerCase());
        if (label === undefined) throw notFound();
        return { status: 200, body: labelShape(shapes, repo, label) };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/labels",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const body = bodyOf(ctx);
        const name = stringField(body, "name");
        if (name === undefined || name === "") {
          throw validationFailed([{ resource: "Label", field: "name", code: "missing_field" }]);
        }
        if (repo.labels.has(name.toLowerCase())) {
          throw validationFailed([{ resource: "Label", field: "name", code: "already_exists" }]);
        }
        const color = stringField(body, "color")?.replace(/^#/, "");
        if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) {
          throw validationFailed([{ resource: "Label", field: "color", code: "invalid" }]);
        }
        const label = ensureLabel(world, repo, name);
        if (color !== undefined) label.color = color.toLowerCase();
        label.description = stringField(body, "description") ?? null;
        return { status: 201, body: labelShape(shapes, repo, label) };
      },
    },
  ];
}
