// The stand-in's in-memory world. One `StandInState` per stand-in instance (never module-level), so several
// stand-ins can run side by side in one test process.
import type { AccessLevel } from "./app-permissions.js";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface UserRecord {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface ReactionRecord {
  id: number;
  content: string;
  user: string;
  createdAt: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  reactions: ReactionRecord[];
  /** Set when the issue is a pull request (GitHub numbers both from one sequence). */
  pull: PullRecord | null;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRecord[];
  viaApp: boolean;
}

export interface PullRecord {
  id: number;
  number: number;
  head: string;
  headSha: string;
  base: string;
  draft: boolean;
  maintainerCanModify: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
}

export interface CheckRunRecord {
  id: number;
  suiteId: number;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotationsCount: number };
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProtectionRecord {
  strict: boolean;
  contexts: string[];
  checks: { context: string; app_id: number | null }[];
  /** Protection is a whole object on GitHub; other sections are stored as given and echoed back. */
  raw: Record<string, unknown>;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  /** Path of the bare repository on disk. */
  dir: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  permissions: Map<string, Permission>;
  protection: Map<string, ProtectionRecord>;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  checkRuns: Map<number, CheckRunRecord>;
  statuses: StatusRecord[];
  labels: Map<string, LabelRecord>;
  nextNumber: number;
}

export interface InstallationRecord {
  id: number;
  account: string;
  createdAt: string;
}

export type TokenRecord =
  | { kind: "installation"; installationId: number; expiresAt: string }
  | { kind: "user"; login: string };

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  /** What its installations may do, from app.yml unless a test says otherwise. */
  permissions: Record<string, AccessLevel>;
  /** The events it subscribes to, from app.yml. */
  events: string[];
}

export interface StandInState {
  app: AppInfo;
  users: Map<string, UserRecord>;
  repos: Map<string, RepoRecord>;
  installations: Map<number, InstallationRecord>;
  tokens: Map<string, TokenRecord>;
  /** One counter for every id GitHub would allocate (issues, comments, check runs, ...): unique is all that matters. */
  nextId: number;
  /** Timestamps in payloads (created_at, merged_at, commit dates). */
  now: () => Date;
  /** Token expiry and rate-limit resets: what Octokit's token cache measures against (the real clock by default). */
  tokenClock: () => Date;
}

export function createState(app: AppInfo, now: () => Date, tokenClock: () => Date): StandInState {
  return {
    app,
    users: new Map(),
    repos: new Map(),
    installations: new Map(),
    tokens: new Map(),
    nextId: 1000,
    now,
    tokenClock,
  };
}

export function allocateId(state: StandInState): number {
  state.nextId += 1;
  return state.nextId;
}

export function timestamp(state: StandInState): string {
  // GitHub's timestamps have second precision.
  return `${state.now().toISOString().slice(0, 19)}Z`;
}

export function repoKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}/${name.toLowerCase()}`;
}

export function botLogin(app: AppInfo): string {
  return `${app.slug}[bot]`;
}

export function ensureUser(
  state: StandInState,
  login: string,
  type: UserRecord["type"] = "User",
): UserRecord {
  const existing = state.users.get(login.toLowerCase());
  if (existing !== undefined) return existing;
  const user: UserRecord = { login, id: allocateId(state), type };
  state.users.set(login.toLowerCase(), user);
  return user;
}

export const PERMISSION_ORDER: readonly Permission[] = [
  "none",
  "read",
  "triage",
  "write",
  "maintain",
  "admin",
];

export function permissionAtLeast(actual: Permission, wanted: Permission): boolean {
  return PERMISSION_ORDER.indexOf(actual) >= PERMISSION_ORDER.indexOf(wanted);
}
