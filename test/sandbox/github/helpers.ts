// Shared scaffolding for the stand-in's tests: a seeded repository, Octokit clients as the app, the bot and users.
import { mkdtemp } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { createGit } from "../../../src/github/git.js";
import {
  createGitHubStandIn,
  type GitHubStandIn,
  type GitHubStandInOptions,
} from "../../../src/sandbox/github/index.js";

export const MANIFEST = "setup/machines.yaml";
export const REPO = "acme/cluster";
export const GATE = "node-patch-bot/gate";
// The stand-in does not verify JWT signatures; any three-part token is accepted on /app endpoints.
export const FAKE_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2lnbmF0dXJl";

export interface Scene {
  standIn: GitHubStandIn;
  botToken: string;
  bot: Octokit;
  octokitFor(token: string): Octokit;
  owner: Octokit;
  alice: Octokit;
}

export function octokit(standIn: GitHubStandIn, auth: string): Octokit {
  return new Octokit({ baseUrl: standIn.url, auth, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

export async function startScene(options: GitHubStandInOptions = {}): Promise<Scene> {
  const standIn = await createGitHubStandIn(options);
  await standIn.seed.createRepo({
    owner: "acme",
    name: "cluster",
    files: { [MANIFEST]: "kind: Machine\nname: master-0\n", "README.md": "cluster\n" },
  });
  standIn.seed.setPermission(REPO, "alice", "write");
  standIn.seed.setPermission(REPO, "rita", "read");
  const botToken = standIn.seed.installationToken(standIn.seed.installationId("acme"));
  return {
    standIn,
    botToken,
    bot: octokit(standIn, botToken),
    octokitFor: (token) => octokit(standIn, token),
    owner: octokit(standIn, standIn.seed.userToken("acme")),
    alice: octokit(standIn, standIn.seed.userToken("alice")),
  };
}

/** Clones the repository through git over HTTP with simple-git, as the app does. */
export async function cloneRepo(standIn: GitHubStandIn, token: string) {
  const dir = await mkdtemp(join(tmpdir(), "npb-standin-clone-"));
  const git = createGit(dir, { date: "2026-03-01T10:00:00Z" });
  await git.clone(standIn.cloneUrl(REPO, token), dir);
  return { dir, git };
}

/** The TCP port a test server listens on. */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server is not listening on TCP");
  return address.port;
}
