// The agent's verdict as a commit status and back: one status per verdict with no running clock in it (so an
// unchanged cluster writes nothing), never over GitHub's 140 characters, and what the App reads back is the
// verdict the agent judged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  agentContext,
  blockedStatus,
  firstPassedFrom,
  readAgentStatus,
  reportedBlockers,
  sameStatus,
  statusFor,
  trustedAgentLogins,
} from "../../src/agent/index.js";
import type { CommitStatusRequest, CommitStatusView } from "../../src/github/port.js";
import type { GateStatus } from "../../src/readiness/index.js";
import { manifestOf } from "../plan/build.js";
import { phaseOf, rollout } from "../readiness/fixtures.js";

const { plan } = rollout(
  manifestOf({
    "master-0": { role: "control-plane", address: "10.0.0.10" },
    "worker-0": { address: "10.0.0.20" },
    "worker-1": { address: "10.0.0.21" },
  }),
  {
    strategy: "in-place",
    machines: { role: "worker" },
    maxUnavailable: 1,
    target: { kernelVersion: "5.14.0" },
  },
);
const phase = phaseOf(plan, 1);
const AGENT = "cluster-agent";
const subject = {
  plan,
  phase,
  cluster: "prod",
  targetUrl: "https://github.com/acme/cluster/issues/7",
  trusted: [AGENT],
};
const T = Date.UTC(2026, 10, 25, 10, 0, 0);

/** What GitHub holds after `creator` (the agent by default; null: GitHub named no creator) wrote `request`. */
const written = (
  request: CommitStatusRequest,
  createdAt = "2026-11-25T10:00:00Z",
  creator: string | null = AGENT,
): CommitStatusView => ({
  context: request.context,
  state: request.state,
  description: request.description,
  createdAt,
  ...(creator === null ? {} : { creator }),
  ...(request.targetUrl === undefined ? {} : { targetUrl: request.targetUrl }),
});

const ALERT = "alert KubeNodeNotReady is firing (since 2026-11-25T10:40:00Z)";

describe("statusFor", () => {
  it("says each verdict in a few words, prefixed with the rollout and phase, on the cluster's context", () => {
    const say = (status: GateStatus, unmet: string[] = [], firstPassedAt?: number) => {
      const s = statusFor(subject, {
        status,
        unmet,
        ...(firstPassedAt === undefined ? {} : { firstPassedAt }),
      });
      return `${s.state}: ${s.description.replace(plan.id, "<id>")}`;
    };
    const sayBlocked = (unmet: string[], blockers: string[]) => {
      const s = statusFor(subject, { status: "waiting", unmet, blockers });
      return `${s.state}: ${s.description.replace(plan.id, "<id>")}`;
    };
    const blocked = () => {
      const s = blockedStatus(subject, "setup/machines.yaml at the head is not a valid manifest");
      return `${s.state}: ${s.description.replace(plan.id, "<id>")}`;
    };
    expect(agentContext("prod")).toBe("node-patch-bot/agent/prod");
    expect(statusFor(subject, { status: "pass", unmet: [] })).toMatchObject({
      context: "node-patch-bot/agent/prod",
      targetUrl: subject.targetUrl,
    });
    expect([
      say("waiting", ["worker-0 (10.0.0.20): kernel 4.18.0, expected 5.14.0", "another"]),
      say("soaking", [], T),
      say("pass"),
      say("timed-out", ["worker-0 (10.0.0.20): kernel 4.18.0, expected 5.14.0"]),
      blocked(),
      sayBlocked(["worker-0 (10.0.0.20): NotReady", ALERT], [ALERT]),
    ]).toMatchInlineSnapshot(`
      [
        "pending: <id> phase 1/4: waiting: 2 unmet: worker-0 (10.0.0.20): kernel 4.18.0, expected 5.14.0",
        "pending: <id> phase 1/4: soaking since 2026-11-25T10:00:00.000Z: 1 Node drained, then Ready again reporting kernel 5.14.0",
        "success: <id> phase 1/4: passed: 1 Node drained, then Ready again reporting kernel 5.14.0",
        "failure: <id> phase 1/4: timed out: 1 unmet: worker-0 (10.0.0.20): kernel 4.18.0, expected 5.14.0",
        "pending: <id> phase 1/4: waiting: setup/machines.yaml at the head is not a valid manifest",
        "pending: <id> phase 1/4: waiting: blocked: alert KubeNodeNotReady is firing (since 2026-11-25T10:40:00Z)",
      ]
    `);
  });

  it("never exceeds 140 characters, whatever the unmet conditions say", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<GateStatus>("waiting", "timed-out", "soaking", "pass"),
        fc.array(fc.string({ unit: "grapheme", maxLength: 300 }), { maxLength: 3 }),
        (status, unmet) => {
          const s = statusFor(subject, { status, unmet, firstPassedAt: T });
          expect(s.description.length).toBeLessThanOrEqual(140);
        },
      ),
    );
  });
});

describe("reading the status back", () => {
  it("tells the App what blocks the gate, when the agent says something does", () => {
    const read = (blockers: string[]) => {
      const request = statusFor(subject, { status: "waiting", unmet: ["a", ALERT], blockers });
      const view = readAgentStatus([written(request)], subject);
      return view === undefined ? undefined : reportedBlockers(view);
    };
    expect(read([ALERT])).toEqual([`blocked: ${ALERT}`]);
    expect(read([])).toEqual([]);
  });

  it("gives the App the verdict the agent judged, for this phase only", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<GateStatus>("waiting", "timed-out", "soaking", "pass"),
        fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 3 }),
        (status, unmet) => {
          const firstPassedAt = status === "soaking" ? T : undefined;
          const request = statusFor(subject, {
            status,
            unmet: status === "waiting" || status === "timed-out" ? unmet : [],
            ...(firstPassedAt === undefined ? {} : { firstPassedAt }),
          });
          const view = readAgentStatus([written(request)], subject);
          expect(view?.status).toBe(status);
          if (status === "soaking") expect(view?.firstPassedAt).toBe(T);
          // Another phase, another cluster: not this verdict.
          expect(
            readAgentStatus([written(request)], { ...subject, phase: phaseOf(plan, 2) }),
          ).toBeUndefined();
          expect(readAgentStatus([written(request)], { ...subject, cluster: "staging" })).toBeUndefined();
        },
      ),
    );
  });

  it("keeps the soak's start across passes, and a success stays a success", () => {
    const prefix = `${plan.id} phase 1/${plan.phases.length}: `;
    const soaking = statusFor(subject, { status: "soaking", unmet: [], firstPassedAt: T });
    expect(firstPassedFrom(written(soaking), prefix)).toBe(T);
    expect(firstPassedFrom(written(statusFor(subject, { status: "pass", unmet: [] })), prefix)).toBe(0);
    expect(firstPassedFrom(written(statusFor(subject, { status: "waiting", unmet: ["x"] })), prefix)).toBe(
      undefined,
    );
    expect(firstPassedFrom(undefined, prefix)).toBeUndefined();
  });

  it("finds nothing to write when the latest status already says the same", () => {
    const wanted = statusFor(subject, { status: "waiting", unmet: ["x"] });
    expect(sameStatus(undefined, wanted)).toBe(false);
    expect(sameStatus(written(wanted), wanted)).toBe(true);
    expect(sameStatus(written({ ...wanted, state: "failure" }), wanted)).toBe(false);
    expect(sameStatus(written({ ...wanted, description: "other" }), wanted)).toBe(false);
  });
});

describe("whom the App trusts", () => {
  const pass = statusFor(subject, { status: "pass", unmet: [] });
  const waiting = statusFor(subject, { status: "waiting", unmet: ["worker-0 (10.0.0.20): still cordoned"] });

  it("ignores a forged success by anyone else and says so in the unmet list", () => {
    const forged = written(pass, "2026-11-25T10:05:00Z", "mallory");
    // Newest first, as the port answers: the forgery on top of the agent's own waiting status.
    expect(readAgentStatus([forged, written(waiting)], subject)).toEqual({
      status: "waiting",
      unmet: ["1 unmet: worker-0 (10.0.0.20): still cordoned", "ignored a status by @mallory"],
      summary: `agent prod: waiting: 1 unmet: worker-0 (10.0.0.20): still cordoned (ignored a status by @mallory)`,
    });
    // Alone, the forgery is no verdict at all: the gate waits and names who wrote it.
    expect(readAgentStatus([forged], subject)).toEqual({
      status: "waiting",
      unmet: ["ignored a status by @mallory", "no status by the agent (@cluster-agent) on this phase yet"],
      summary: "agent prod: waiting for a status by @cluster-agent",
    });
    // A status without a creator (the combined status names none) is no one's.
    expect(readAgentStatus([written(pass, undefined, null)], subject)?.unmet).toEqual([
      "ignored a status by an unknown author",
      "no status by the agent (@cluster-agent) on this phase yet",
    ]);
  });

  it("still reads the agent's verdict under a newer forgery, and older statuses of others change nothing", () => {
    const forged = written(waiting, "2026-11-25T10:05:00Z", "mallory");
    expect(readAgentStatus([forged, written(pass)], subject)).toMatchObject({
      status: "pass",
      unmet: [],
      summary: expect.stringContaining("(ignored a status by @mallory)"),
    });
    expect(readAgentStatus([written(pass), forged], subject)).toEqual({
      status: "pass",
      unmet: [],
      summary: `agent prod: passed: ${phase.gate.description}`,
    });
    // Logins compare as GitHub does, without case.
    expect(readAgentStatus([written(pass, undefined, "Cluster-Agent")], subject)?.status).toBe("pass");
  });

  it("trusts readiness.agentLogins, or only the App itself without it", () => {
    expect(trustedAgentLogins(undefined, "node-patch-bot[bot]")).toEqual(["node-patch-bot[bot]"]);
    expect(trustedAgentLogins({ soakMinutes: 5 }, "node-patch-bot[bot]")).toEqual(["node-patch-bot[bot]"]);
    expect(trustedAgentLogins({ agentLogins: ["cluster-agent"] }, "node-patch-bot[bot]")).toEqual([
      "cluster-agent",
    ]);
    const byTheApp = readAgentStatus([written(pass)], {
      ...subject,
      trusted: trustedAgentLogins(undefined, "node-patch-bot[bot]"),
    });
    expect(byTheApp?.unmet[0]).toBe("ignored a status by @cluster-agent");
  });
});
