// A phase pull request says, in its own body, which tracking issue it belongs to and which commit the bot
// pushed for it on which base: the dashboard records the commit only after the pull request exists, so an app
// that dies in between still recognises its own commit from the pull request.
import { describe, expect, it } from "vitest";
import { preparePlan } from "../../src/plan/index.js";
import type { RolloutState } from "../../src/rollout/types.js";
import { DEMO_MANIFEST, PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import {
  phaseCommitOf,
  phasePullBody,
  phasePullTitle,
  pushedCommit,
  trackingIssueOf,
} from "../../src/service/pull-text.js";

function rollout(): RolloutState {
  const prepared = preparePlan({
    request: {
      file: "issue #7",
      text: `strategy: in-place\nmachines:\n  names: [worker-1]\nmaxUnavailable: 1\ntarget:\n  kernelVersion: ${PATCHED_IMAGE.kernelVersion}\n`,
    },
    manifest: { file: "setup/machines.yaml", text: DEMO_MANIFEST },
    repositoryConfig: {},
    manifestPath: "setup/machines.yaml",
  });
  if (!prepared.ok) throw new Error("the request plans");
  return {
    version: 1,
    plan: prepared.plan,
    issue: 7,
    createdAt: Date.parse("2026-12-07T10:00:00Z"),
    approvedBy: ["alice"],
    gatePassedAt: {},
    phaseCommits: {},
  };
}

describe("a phase pull request's text", () => {
  it("names the phase, links the tracking issue, and records the commit the bot pushed", () => {
    const state = rollout();
    const [phase] = state.plan.phases;
    if (phase === undefined) throw new Error("a phase");
    const commit = { head: "a".repeat(40), base: "b".repeat(40) };
    const body = phasePullBody(state, phase, commit);
    expect(phasePullTitle(state.plan, phase)).toBe("[node-patch 1/2] taint worker-1");
    expect(body.split("\n").slice(-2)).toEqual([
      "<!-- node-patch-bot:issue 7 -->",
      `<!-- node-patch-bot:commit ${"a".repeat(40)} ${"b".repeat(40)} -->`,
    ]);
    expect(trackingIssueOf(body)).toBe(7);
    expect(phaseCommitOf(body)).toEqual(commit);
  });

  it("records no commit it was not given, and reads none from a body without one or with a malformed one", () => {
    const state = rollout();
    const [phase] = state.plan.phases;
    if (phase === undefined) throw new Error("a phase");
    expect(phaseCommitOf(phasePullBody(state, phase))).toBeUndefined();
    expect(phaseCommitOf("<!-- node-patch-bot:commit abc def -->")).toBeUndefined();
  });

  it("takes the pushed commit from the rollout's state, and from the pull request's body when the state has none", () => {
    const state = rollout();
    const [phase] = state.plan.phases;
    if (phase === undefined) throw new Error("a phase");
    const inBody = { head: "a".repeat(40), base: "b".repeat(40) };
    const inState = { head: "c".repeat(40), base: "d".repeat(40) };
    const pull = { body: phasePullBody(state, phase, inBody) };
    expect(pushedCommit(state, phase, pull)).toEqual(inBody);
    expect(pushedCommit({ ...state, phaseCommits: { [phase.index]: inState } }, phase, pull)).toEqual(
      inState,
    );
    expect(pushedCommit(state, phase, { body: "" })).toBeUndefined();
  });
});
