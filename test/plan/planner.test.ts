import { describe, expect, it } from "vitest";
import type { PatchRequest, Plan, PlanResult } from "../../src/plan/index.js";
import { plannerConfig, planRollout } from "../../src/plan/index.js";
import { cluster, manifestYaml, newMachines, parsed } from "./build.js";

const ok = (r: PlanResult): Plan => {
  if (!r.ok) throw new Error(r.refusals.map((x) => x.message).join("\n"));
  return r.plan;
};
const steps = (p: Plan) => p.phases.map((x) => `${x.wave}:${x.kind} ${x.machines.join(",")}`);
const codes = (r: PlanResult) => (r.ok ? [] : r.refusals.map((x) => x.code));

describe("replace", () => {
  it("with the defaults (maxSurge 1, maxUnavailable 0) replaces workers one at a time: add, taint, remove", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(1, 2),
        request: { strategy: "replace", replacements: newMachines("new", 2) },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:add new-1",
      "1:taint worker-1",
      "1:remove worker-1",
      "2:add new-2",
      "2:taint worker-2",
      "2:remove worker-2",
    ]);
    expect(plan.replacements.map((r) => [r.name, r.replaces, r.role, r.source])).toEqual([
      ["new-1", "worker-1", "worker", "request"],
      ["new-2", "worker-2", "worker", "request"],
    ]);
    expect(plan.phases.map((p) => p.gate.kind)).toEqual([
      "ready",
      "drained",
      "gone",
      "ready",
      "drained",
      "gone",
    ]);
  });

  it("with double capacity (maxSurge 100%) is a single wave", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(1, 4),
        request: { strategy: "replace", maxSurge: "100%", replacements: newMachines("n", 4) },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:add n-1,n-2,n-3,n-4",
      "1:taint worker-1,worker-2,worker-3,worker-4",
      "1:remove worker-1,worker-2,worker-3,worker-4",
    ]);
  });

  it("with maxSurge 0 removes before it adds, like Cluster API, never exceeding the initial count", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(1, 2),
        request: { strategy: "replace", maxSurge: 0, maxUnavailable: 1, replacements: newMachines("n", 2) },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:taint worker-1",
      "1:remove worker-1",
      "2:add n-1",
      "2:taint worker-2",
      "2:remove worker-2",
      "3:add n-2",
    ]);
    expect(Math.max(...plan.phases.map((p) => p.capacity.worker.total))).toBe(2);
    expect(Math.min(...plan.phases.map((p) => p.capacity.worker.available))).toBe(1);
  });

  it("uses surge and unavailability together: each wave replaces maxSurge + maxUnavailable machines", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(1, 6),
        request: { strategy: "replace", maxSurge: 1, maxUnavailable: 2, replacements: newMachines("n", 6) },
      }),
    );
    expect(plan.phases.filter((p) => p.kind === "taint").map((p) => p.machines.length)).toEqual([3, 3]);
    expect(plan.phases.filter((p) => p.kind === "add").map((p) => p.machines.length)).toEqual([1, 3, 2]);
  });

  it("rolls the control plane first, one machine at a time, add before remove, whatever the batch sizes", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(3, 2),
        request: {
          strategy: "replace",
          machines: { role: "all" },
          maxSurge: "100%",
          replacements: newMachines("n", 5),
        },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:add n-1",
      "1:taint master-1",
      "1:remove master-1",
      "2:add n-2",
      "2:taint master-2",
      "2:remove master-2",
      "3:add n-3",
      "3:taint master-3",
      "3:remove master-3",
      "4:add n-4,n-5",
      "4:taint worker-1,worker-2",
      "4:remove worker-1,worker-2",
    ]);
    expect(plan.replacements.slice(0, 3).every((r) => r.role === "control-plane")).toBe(true);
  });

  it("replaces a single master add-before-remove", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(1, 1),
        request: {
          strategy: "replace",
          machines: { role: "control-plane" },
          replacements: newMachines("m", 1),
        },
      }),
    );
    expect(steps(plan)).toEqual(["1:add m-1", "1:taint master-1", "1:remove master-1"]);
  });

  it("takes spares from the pool in order when the request lists no replacements", () => {
    const pool = parsed(
      manifestYaml({
        "spare-1": { address: "10.5.0.1" },
        "spare-2": { address: "10.5.0.2" },
        "spare-3": { address: "10.5.0.3" },
      }),
      "setup/pool.yaml",
      true,
    );
    const plan = ok(
      planRollout({
        manifest: cluster(1, 2),
        request: { strategy: "replace" },
        pool,
        config: { ...plannerConfig(), poolPath: "setup/pool.yaml" },
      }),
    );
    expect(plan.poolPath).toBe("setup/pool.yaml");
    expect(plan.replacements.map((r) => [r.name, r.source, r.replaces, r.privateAddress])).toEqual([
      ["spare-1", "pool", "worker-1", "10.5.0.1"],
      ["spare-2", "pool", "worker-2", "10.5.0.2"],
    ]);
    const small = parsed(manifestYaml({ "spare-1": { address: "10.5.0.1" } }), "setup/pool.yaml", true);
    expect(
      codes(planRollout({ manifest: cluster(1, 2), request: { strategy: "replace" }, pool: small })),
    ).toEqual(["too-few-replacements"]);
  });
});

describe("in-place", () => {
  it("taints then untaints each batch of maxUnavailable workers, gated on the patched target", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(3, 5),
        request: { strategy: "in-place", maxUnavailable: 2, target: { kernelVersion: "5.4.0-150-generic" } },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:taint worker-1,worker-2",
      "1:untaint worker-1,worker-2",
      "2:taint worker-3,worker-4",
      "2:untaint worker-3,worker-4",
      "3:taint worker-5",
      "3:untaint worker-5",
    ]);
    expect(plan.phases[0]?.gate).toEqual({
      kind: "patched",
      machines: ["worker-1", "worker-2"],
      target: { kernelVersion: "5.4.0-150-generic" },
      description: "2 Nodes drained, then Ready again reporting kernel 5.4.0-150-generic",
    });
  });

  it("patches three masters one at a time, keeping etcd quorum", () => {
    const plan = ok(
      planRollout({
        manifest: cluster(3, 0),
        request: {
          strategy: "in-place",
          machines: { role: "control-plane" },
          target: { osImage: "Ubuntu 20.04.6 LTS" },
        },
      }),
    );
    expect(steps(plan)).toEqual([
      "1:taint master-1",
      "1:untaint master-1",
      "2:taint master-2",
      "2:untaint master-2",
      "3:taint master-3",
      "3:untaint master-3",
    ]);
  });

  it("refuses a single master (and two: etcd loses quorum while one reboots)", () => {
    const request: PatchRequest = {
      strategy: "in-place",
      machines: { role: "control-plane" },
      target: { kernelVersion: "5.4" },
    };
    const one = planRollout({ manifest: cluster(1, 2), request });
    expect(one.ok ? "" : one.refusals[0]?.message).toBe(
      "patching master-1 in-place would leave 0 of 1 control-plane machine Ready and untainted, and 1 must stay (etcd quorum while it reboots)",
    );
    expect(codes(planRollout({ manifest: cluster(2, 2), request }))).toEqual(["control-plane-quorum"]);
  });

  it("refuses without a target or with maxUnavailable 0", () => {
    expect(
      codes(planRollout({ manifest: cluster(1, 2), request: { strategy: "in-place", maxUnavailable: 1 } })),
    ).toEqual(["missing-target"]);
    expect(
      codes(
        planRollout({ manifest: cluster(1, 2), request: { strategy: "in-place", target: { osImage: "x" } } }),
      ),
    ).toEqual(["in-place-needs-unavailable"]);
  });
});

describe("selection", () => {
  it("selects by names whatever their role, by labels, and by role", () => {
    const m = cluster(3, 4, (_, i) => ({ labels: { pool: i % 2 === 0 ? "blue" : "green" } }));
    const target = { osImage: "x" };
    const select = (machines: NonNullable<PatchRequest["machines"]>) =>
      ok(planRollout({ manifest: m, request: { strategy: "in-place", machines, maxUnavailable: 1, target } }))
        .selected;
    expect(select({ names: ["worker-3", "master-2"] })).toEqual(["master-2", "worker-3"]);
    expect(select({ labels: { pool: "blue" } })).toEqual(["worker-2", "worker-4"]);
    expect(select({ role: "all", labels: { pool: "green" } })).toEqual([
      "master-1",
      "master-3",
      "worker-1",
      "worker-3",
    ]);
  });

  it("spreads waves across failure domains", () => {
    const zones = ["a", "a", "a", "b", "b", "c"];
    const m = cluster(1, 6, (n, i) =>
      n.startsWith("worker") ? { labels: { "topology.kubernetes.io/zone": zones[i - 1] ?? "" } } : {},
    );
    const plan = ok(
      planRollout({
        manifest: m,
        request: { strategy: "in-place", maxUnavailable: 3, target: { osImage: "x" } },
      }),
    );
    expect(plan.waves.map((w) => w.failureDomains)).toEqual([
      {
        "topology.kubernetes.io/zone=a": 1,
        "topology.kubernetes.io/zone=b": 1,
        "topology.kubernetes.io/zone=c": 1,
      },
      { "topology.kubernetes.io/zone=a": 2, "topology.kubernetes.io/zone=b": 1 },
    ]);
  });

  it("refuses unknown names, role mismatches and empty selections", () => {
    const m = cluster(1, 2);
    expect(
      codes(
        planRollout({ manifest: m, request: { strategy: "replace", machines: { names: ["worker-9"] } } }),
      ),
    ).toEqual(["unknown-machine"]);
    expect(
      codes(
        planRollout({
          manifest: m,
          request: { strategy: "replace", machines: { role: "worker", names: ["master-1"] } },
        }),
      ),
    ).toEqual(["role-mismatch"]);
    expect(
      codes(
        planRollout({ manifest: m, request: { strategy: "replace", machines: { labels: { pool: "x" } } } }),
      ),
    ).toEqual(["nothing-selected"]);
  });
});

describe("refusals", () => {
  it("refuses Kubernetes packages: the WKS controller manages them", () => {
    const r = planRollout({
      manifest: cluster(1, 2),
      request: {
        strategy: "replace",
        packages: ["openssh-server", "kubelet"],
        replacements: newMachines("n", 2),
      },
    });
    expect(r.ok ? [] : r.refusals).toEqual([
      {
        code: "kubernetes-package",
        message:
          '"kubelet" is managed by the WKS controller and changes only with a cluster upgrade, not an OS patch',
        hint: "change spec.version through a cluster upgrade for Kubernetes packages; node-patch-bot patches the base OS (kernel, sshd, base image)",
        path: ["packages", 1],
      },
    ]);
  });

  it("refuses too few or too many replacements, names in use and addresses in use", () => {
    const m = cluster(1, 2);
    expect(
      codes(
        planRollout({ manifest: m, request: { strategy: "replace", replacements: newMachines("n", 1) } }),
      ),
    ).toEqual(["too-few-replacements"]);
    expect(
      codes(
        planRollout({ manifest: m, request: { strategy: "replace", replacements: newMachines("n", 3) } }),
      ),
    ).toEqual(["too-many-replacements"]);
    expect(codes(planRollout({ manifest: m, request: { strategy: "replace" } }))).toEqual([
      "no-replacements",
    ]);
    const clash = planRollout({
      manifest: m,
      request: {
        strategy: "replace",
        replacements: [
          { name: "worker-1", privateAddress: "10.9.0.1" },
          { name: "n-2", privateAddress: "10.0.0.1" },
        ],
      },
    });
    expect(clash.ok ? [] : clash.refusals.map((r) => [r.code, r.path])).toEqual([
      ["name-in-use", ["replacements", 0, "name"]],
      ["address-in-use", ["replacements", 1, "privateAddress"]],
    ]);
  });

  it("refuses machines that already carry the bot's taint, and both batch sizes at zero", () => {
    const tainted = cluster(1, 2, (n) =>
      n === "worker-2"
        ? { taints: [{ key: "node-patch-bot.dev/patching", value: "old", effect: "NoSchedule" }] }
        : {},
    );
    expect(
      codes(
        planRollout({
          manifest: tainted,
          request: { strategy: "replace", replacements: newMachines("n", 2) },
        }),
      ),
    ).toEqual(["already-tainted"]);
    expect(
      codes(
        planRollout({
          manifest: cluster(1, 2),
          request: { strategy: "replace", maxSurge: 0, replacements: newMachines("n", 2) },
        }),
      ),
    ).toEqual(["zero-budget"]);
    expect(
      codes(
        planRollout({
          manifest: cluster(1, 2),
          request: {
            strategy: "replace",
            machines: { role: "control-plane" },
            maxSurge: 0,
            maxUnavailable: 1,
            replacements: newMachines("n", 1),
          },
        }),
      ),
    ).toEqual(["control-plane-needs-surge"]);
  });

  it("refuses a manifest for another cluster than the config names", () => {
    expect(
      codes(
        planRollout({
          manifest: cluster(1, 1),
          request: { strategy: "replace" },
          config: { ...plannerConfig(), clusterName: "prod" },
        }),
      ),
    ).toContain("cluster-mismatch");
  });
});

describe("determinism", () => {
  it("gives the same plan, byte for byte, and an id that depends on the inputs only", () => {
    const request: PatchRequest = {
      strategy: "replace",
      maxSurge: "50%",
      replacements: newMachines("n", 4),
      reason: "CVE-2024-1086",
    };
    const a = ok(planRollout({ manifest: cluster(3, 4), request }));
    const b = ok(planRollout({ manifest: cluster(3, 4), request: JSON.parse(JSON.stringify(request)) }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.id).toMatch(/^[0-9a-f]{12}$/);
    expect(
      ok(planRollout({ manifest: cluster(3, 4), request: { ...request, reason: "other" } })).id,
    ).not.toBe(a.id);
    expect(a.phases[0]?.branch).toBe(`node-patch/${a.id}/1-add`);
    expect(ok(planRollout({ manifest: cluster(3, 4), request, rolloutId: "abc" })).taint).toEqual({
      key: "node-patch-bot.dev/patching",
      value: "abc",
      effect: "NoSchedule",
    });
  });
});
