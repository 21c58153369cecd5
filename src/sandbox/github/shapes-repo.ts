// JSON shapes of users, repositories, the app and installations, as GitHub's REST description and webhook
// schemas define them (every required field present, URLs pointing back at the stand-in).
import {
  type AppInfo,
  botLogin,
  ensureUser,
  type InstallationRecord,
  type Permission,
  type RepoRecord,
  type StandInState,
} from "./state.js";

export interface ShapeContext {
  state: StandInState;
  /** Base URL of the stand-in (no trailing slash); API and "html" URLs both live under it. */
  baseUrl: string;
}

export function userShape(ctx: ShapeContext, login: string): Record<string, unknown> {
  const user = ensureUser(ctx.state, login, login.endsWith("[bot]") ? "Bot" : "User");
  const api = `${ctx.baseUrl}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: `${ctx.baseUrl}/avatars/u/${user.id}`,
    gravatar_id: "",
    url: api,
    html_url: `${ctx.baseUrl}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function repoUrls(ctx: ShapeContext, repo: RepoRecord): { api: string; html: string; clone: string } {
  const path = `${repo.owner}/${repo.name}`;
  return {
    api: `${ctx.baseUrl}/repos/${path}`,
    html: `${ctx.baseUrl}/${path}`,
    clone: `${ctx.baseUrl}/${path}.git`,
  };
}

export function repoShape(ctx: ShapeContext, repo: RepoRecord): Record<string, unknown> {
  const { api, html, clone } = repoUrls(ctx, repo);
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: userShape(ctx, repo.owner),
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: clone,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: clone,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: clone,
    mirror_url: null,
    svn_url: html,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    allow_forking: false,
    web_commit_signoff_required: false,
    license: null,
  };
}

export function fullRepoShape(ctx: ShapeContext, repo: RepoRecord, permission: Permission) {
  return {
    ...repoShape(ctx, repo),
    permissions: {
      admin: permission === "admin",
      maintain: ["admin", "maintain"].includes(permission),
      push: ["admin", "maintain", "write"].includes(permission),
      triage: ["admin", "maintain", "write", "triage"].includes(permission),
      pull: permission !== "none",
    },
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function appShape(ctx: ShapeContext, app: AppInfo): Record<string, unknown> {
  const created = "2026-01-01T00:00:00Z";
  return {
    id: app.id,
    slug: app.slug,
    client_id: `Iv1.${app.id}`,
    node_id: `A_${app.id}`,
    owner: userShape(ctx, "node-patch-bot-owner"),
    name: app.name,
    description: null,
    external_url: `${ctx.baseUrl}/apps/${app.slug}`,
    html_url: `${ctx.baseUrl}/apps/${app.slug}`,
    created_at: created,
    updated_at: created,
    permissions: { ...app.permissions },
    events: [...app.events],
  };
}

export function installationShape(
  ctx: ShapeContext,
  installation: InstallationRecord,
): Record<string, unknown> {
  const { app } = ctx.state;
  return {
    id: installation.id,
    // GitHub's description of GET /app/installations types `account` as simple-user AND enterprise (allOf),
    // so the account carries the enterprise fields too.
    account: {
      ...userShape(ctx, installation.account),
      name: installation.account,
      slug: installation.account.toLowerCase(),
      description: null,
      website_url: null,
      created_at: installation.createdAt,
      updated_at: installation.createdAt,
    },
    repository_selection: "all",
    access_tokens_url: `${ctx.baseUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.baseUrl}/installation/repositories`,
    html_url: `${ctx.baseUrl}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: ensureUserId(ctx, installation.account),
    target_type: "User",
    permissions: { ...app.permissions },
    events: [...app.events],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

function ensureUserId(ctx: ShapeContext, login: string): number {
  return ensureUser(ctx.state, login).id;
}

export function botUserShape(ctx: ShapeContext): Record<string, unknown> {
  return userShape(ctx, botLogin(ctx.state.app));
}
