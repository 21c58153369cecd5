import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/index.js";
import {
  compilePlanValidator,
  planRollout,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanMermaid,
} from "../../src/plan/index.js";
import { cluster, newMachines } from "./build.js";

const plan = (): Plan => {
  const r = planRollout({
    manifest: cluster(1, 3),
    request: {
      strategy: "replace",
      maxSurge: 2,
      replacements: newMachines("new", 3),
      target: { kernelVersion: "5.4.0-150-generic" },
      packages: ["linux-image-generic"],
      reason: "CVE-2024-1086 | kernel",
    },
    rolloutId: "r1",
  });
  if (!r.ok) throw new Error("refused");
  return r.plan;
};

describe("plan JSON", () => {
  it("validates against schemas/plan.schema.json and keeps the contract fields", () => {
    const json = JSON.parse(renderPlanJson(plan()));
    const validate = compilePlanValidator();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.strategy).toBe("replace");
    expect(json.cluster).toBe("example");
    expect(json.phases[0]).toMatchObject({
      index: 1,
      wave: 1,
      kind: "add",
      machines: ["new-1", "new-2"],
      title: "Add new-1, new-2",
    });
  });

  it("is stable bytes ending in a newline", () => {
    expect(renderPlanJson(plan())).toBe(renderPlanJson(plan()));
    expect(renderPlanJson(plan()).endsWith("}\n")).toBe(true);
  });
});

describe("plan Markdown", () => {
  it("has a summary, a phase table and a Mermaid diagram", () => {
    expect(renderPlanMarkdown(plan())).toMatchInlineSnapshot(`
      "### Rollout plan \`r1\`

      > CVE-2024-1086 \\| kernel

      | | |
      |---|---|
      | Strategy | replace: add new machines, taint and drain the old ones, then remove them |
      | Cluster | \`example\` |
      | Manifest | \`setup/machines.yaml\` |
      | Machines | 3 workers: worker-1, worker-2, worker-3 |
      | Batches | workers maxSurge 2, maxUnavailable 0 |
      | Target | kernel 5.4.0-150-generic |
      | Packages | linux-image-generic |
      | Taint | \`node-patch-bot.dev/patching=r1:NoSchedule\` |
      | Size | 2 waves, 6 phases (one pull request each) |

      #### Phases

      | Phase | Wave | Kind | Machines | Gate before the next phase |
      |---:|---:|---|---|---|
      | 1 | 1 | add | new-1, new-2 | 2 Nodes Ready and schedulable on kernel 5.4.0-150-generic |
      | 2 | 1 | taint | worker-1, worker-2 | 2 Nodes tainted node-patch-bot.dev/patching:NoSchedule with no evictable pods left |
      | 3 | 1 | remove | worker-1, worker-2 | 2 Nodes deleted from the cluster |
      | 4 | 2 | add | new-3 | 1 Node Ready and schedulable on kernel 5.4.0-150-generic |
      | 5 | 2 | taint | worker-3 | 1 Node tainted node-patch-bot.dev/patching:NoSchedule with no evictable pods left |
      | 6 | 2 | remove | worker-3 | 1 Node deleted from the cluster |

      #### Diagram

      \`\`\`mermaid
      flowchart LR
        subgraph w1["Wave 1 · worker"]
          p1["1 · add<br/>new-1, new-2"]
          p2["2 · taint<br/>worker-1, worker-2"]
          p3["3 · remove<br/>worker-1, worker-2"]
        end
        subgraph w2["Wave 2 · worker"]
          p4["4 · add<br/>new-3"]
          p5["5 · taint<br/>worker-3"]
          p6["6 · remove<br/>worker-3"]
        end
        p1 -->|ready| p2
        p2 -->|drained| p3
        p3 -->|gone| p4
        p4 -->|ready| p5
        p5 -->|drained| p6
      \`\`\`
      "
    `);
  });

  it("summarises large plans: a bounded table and one diagram box per wave", () => {
    const r = planRollout({
      manifest: cluster(1, 300),
      request: { strategy: "in-place", maxUnavailable: 2, target: { osImage: "x" } },
      rolloutId: "big",
    });
    if (!r.ok) throw new Error("refused");
    const md = renderPlanMarkdown(r.plan);
    expect(md.length).toBeLessThan(20_000);
    expect(md).toContain("…and 200 more phases (the plan JSON lists every one).");
    const mermaid = renderPlanMermaid(r.plan);
    expect(mermaid.split("\n").slice(0, 3)).toEqual([
      "flowchart LR",
      '  w1["Wave 1 · worker · 2<br/>taint → untaint"]',
      '  w2["Wave 2 · worker · 2<br/>taint → untaint"]',
    ]);
    expect(mermaid).toContain('more["…111 more waves"]');
  });
});
