// Check runs and commit statuses, the inputs of branch protection's required status checks.
import { actorLogin, repoFor } from "./access.js";
import { forbidden, GitHubApiError, notFound, unprocessable, validationFailed } from "./errors.js";
import { resolveCommit } from "./git-store.js";
import { bodyOf, intParam, isRecord, type RequestContext, type Route, stringField } from "./router.js";
import { statusListRoutes } from "./routes-statuses.js";
import { checkRunShape, minimalPulls, statusShape } from "./shapes-pull.js";
import { repoShape } from "./shapes-repo.js";
import { allocateId, type CheckRunRecord, type RepoRecord, type StatusRecord, timestamp } from "./state.js";
import { emitRepoEvent, type World } from "./world.js";

const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"] as const;
const CONCLUSIONS = [
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
];
// GitHub's limit on output.summary and output.text.
const OUTPUT_LIMIT = 65535;

function applyOutput(run: CheckRunRecord, output: unknown): void {
  if (!isRecord(output)) return;
  for (const field of ["summary", "text"] as const) {
    const value = output[field];
    if (typeof value === "string" && value.length > OUTPUT_LIMIT) {
      throw unprocessable(
        `Invalid request.\n\nOnly ${OUTPUT_LIMIT} characters are allowed; ${value.length} were supplied.`,
      );
    }
  }
  const annotations = output.annotations;
  if (Array.isArray(annotations) && annotations.length > 50) {
    throw unprocessable("Invalid request.\n\nOnly 50 annotations are allowed per request.");
  }
  run.output = {
    title: stringField(output, "title") ?? run.output.title,
    summary: stringField(output, "summary") ?? run.output.summary,
    text: stringField(output, "text") ?? run.output.text,
    annotationsCount: run.output.annotationsCount + (Array.isArray(annotations) ? annotations.length : 0),
  };
}

/** Applies status/conclusion/timestamps from a create or update body; returns whether the run just completed. */
function applyProgress(world: World, run: CheckRunRecord, body: Record<string, unknown>): boolean {
  const wasCompleted = run.status === "completed";
  const status = stringField(body, "status");
  const conclusion = stringField(body, "conclusion");
  if (status !== undefined) {
    const known = STATUSES.find((s) => s === status);
    if (known === undefined)
      throw validationFailed([{ resource: "CheckRun", field: "status", code: "invalid" }]);
    run.status = known;
  }
  if (conclusion !== undefined) {
    if (!CONCLUSIONS.includes(conclusion))
      throw validationFailed([{ resource: "CheckRun", field: "conclusion", code: "invalid" }]);
    run.conclusion = conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.conclusion === null) {
    throw unprocessable(
      'Invalid request.\n\nNo subschema in "anyOf" matched.\n"conclusion" wasn\'t supplied.',
    );
  }
  const started = stringField(body, "started_at");
  if (started !== undefined) run.startedAt = started;
  if (run.status === "completed")
    run.completedAt = stringField(body, "completed_at") ?? run.completedAt ?? timestamp(world.state);
  const externalId = stringField(body, "external_id");
  if (externalId !== undefined) run.externalId = externalId;
  const detailsUrl = stringField(body, "details_url");
  if (detailsUrl !== undefined) run.detailsUrl = detailsUrl;
  applyOutput(run, body.output);
  return !wasCompleted && run.status === "completed";
}

function appOnly(ctx: RequestContext): string {
  if (ctx.principal?.kind !== "installation") throw forbidden("You must authenticate via a GitHub App.");
  return actorLogin(ctx);
}

async function checkRunJson(
  world: World,
  repo: RepoRecord,
  run: CheckRunRecord,
): Promise<Record<string, unknown>> {
  const bases = new Map<string, string>();
  for (const issue of repo.issues.values()) {
    const base = issue.pull?.base;
    if (base === undefined || bases.has(base)) continue;
    bases.set(base, (await resolveCommit(repo.dir, `refs/heads/${base}`)) ?? "");
  }
  const pulls = minimalPulls(world.shapes, repo, run.headSha, (branch) => bases.get(branch) ?? "");
  return checkRunShape(world.shapes, repo, run, pulls);
}

async function emitCheckRun(
  world: World,
  repo: RepoRecord,
  run: CheckRunRecord,
  action: string,
  sender: string,
) {
  emitRepoEvent(world, "check_run", repo, sender, {
    action,
    check_run: await checkRunJson(world, repo, run),
  });
}

async function shaOf(repo: RepoRecord, ref: string): Promise<string> {
  const sha = (await resolveCommit(repo.dir, ref)) ?? (await resolveCommit(repo.dir, `refs/heads/${ref}`));
  if (sha === null) throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

function combinedState(statuses: StatusRecord[]): string {
  if (statuses.some((s) => s.state === "error" || s.state === "failure")) return "failure";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}

export function checkRoutes(world: World): Route[] {
  const { state, shapes } = world;
  return [
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/check-runs",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = appOnly(ctx);
        const body = bodyOf(ctx);
        const name = stringField(body, "name");
        const headSha = stringField(body, "head_sha");
        if (name === undefined || headSha === undefined) {
          const field = name === undefined ? "name" : "head_sha";
          throw unprocessable(`Invalid request.\n\n"${field}" wasn't supplied.`);
        }
        if ((await resolveCommit(repo.dir, headSha)) !== headSha)
          throw unprocessable(`No commit found for SHA: ${headSha}`);
        const sibling = [...repo.checkRuns.values()].find((r) => r.headSha === headSha);
        const run: CheckRunRecord = {
          id: allocateId(state),
          suiteId: sibling?.suiteId ?? allocateId(state),
          headSha,
          name,
          status: "queued",
          conclusion: null,
          startedAt: timestamp(state),
          completedAt: null,
          externalId: null,
          detailsUrl: null,
          output: { title: null, summary: null, text: null, annotationsCount: 0 },
        };
        applyProgress(world, run, body);
        repo.checkRuns.set(run.id, run);
        await emitCheckRun(world, repo, run, "created", actor);
        return { status: 201, body: await checkRunJson(world, repo, run) };
      },
    },
    {
      method: "PATCH",
      template: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const actor = appOnly(ctx);
        const run = repo.checkRuns.get(intParam(ctx, "check_run_id"));
        if (run === undefined) throw notFound();
        const body = bodyOf(ctx);
        const name = stringField(body, "name");
        if (name !== undefined) run.name = name;
        if (applyProgress(world, run, body)) await emitCheckRun(world, repo, run, "completed", actor);
        return { status: 200, body: await checkRunJson(world, repo, run) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const run = repo.checkRuns.get(intParam(ctx, "check_run_id"));
        if (run === undefined) throw notFound();
        return { status: 200, body: await checkRunJson(world, repo, run) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const sha = await shaOf(repo, ctx.params.ref ?? "");
        const name = ctx.query.get("check_name");
        const status = ctx.query.get("status");
        let runs = [...repo.checkRuns.values()]
          .filter(
            (r) =>
              r.headSha === sha &&
              (name === null || r.name === name) &&
              (status === null || r.status === status),
          )
          .sort((a, b) => b.id - a.id);
        if (ctx.query.get("filter") !== "all")
          runs = runs.filter((r, i) => runs.findIndex((x) => x.name === r.name) === i);
        return {
          status: 200,
          body: {
            total_count: runs.length,
            check_runs: await Promise.all(runs.map((r) => checkRunJson(world, repo, r))),
          },
        };
      },
    },
    {
      method: "POST",
      template: "/repos/{owner}/{repo}/statuses/{sha}",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx, "write");
        const body = bodyOf(ctx);
        const sha = ctx.params.sha ?? "";
        const wanted = stringField(body, "state");
        const known = (["error", "failure", "pending", "success"] as const).find((s) => s === wanted);
        if (known === undefined)
          throw validationFailed([
            {
              resource: "Status",
              field: "state",
              code: "custom",
              message: "state is not included in the list",
            },
          ]);
        if ((await resolveCommit(repo.dir, sha)) !== sha)
          throw unprocessable(`No commit found for SHA: ${sha}`);
        const now = timestamp(state);
        const status: StatusRecord = {
          id: allocateId(state),
          sha,
          state: known,
          context: stringField(body, "context") ?? "default",
          description: stringField(body, "description") ?? null,
          targetUrl: stringField(body, "target_url") ?? null,
          creator: actorLogin(ctx),
          createdAt: now,
          updatedAt: now,
        };
        repo.statuses.push(status);
        return { status: 201, body: statusShape(shapes, repo, status) };
      },
    },
    {
      method: "GET",
      template: "/repos/{owner}/{repo}/commits/{ref}/status",
      auth: "token",
      handler: async (ctx) => {
        const repo = repoFor(state, ctx);
        const sha = await shaOf(repo, ctx.params.ref ?? "");
        const all = repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
        const latest = all.filter((s, i) => all.findIndex((x) => x.context === s.context) === i);
        const repository = repoShape(shapes, repo);
        return {
          status: 200,
          body: {
            state: combinedState(latest),
            statuses: latest.map((s) => statusShape(shapes, repo, s)),
            sha,
            total_count: latest.length,
            repository,
            commit_url: `${String(repository.url)}/commits/${sha}`,
            url: `${String(repository.url)}/commits/${sha}/status`,
          },
        };
      },
    },
    ...statusListRoutes(world),
  ];
}
