// End to end on wksctl's vagrant example, whose ExistingInfraMachines are named apart from their Machines
// (`worker-tsb5q` -> `worker-tsb5q-provider`) and which lacks the cluster-name label (a warning, not a stop):
// a replace rollout through the real app, the stand-in and the simulated cluster. The new pair follows the
// `-provider` convention, the old pair leaves together, and each phase is one commit of one kind.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PATCHED_IMAGE } from "../../src/sandbox/demo-files.js";
import { type LocalWorld, startLocalWorld } from "../../src/sandbox/local-world.js";
import { upstream } from "../manifest/helpers.js";
import { botComments } from "./app-helpers.js";
import { changeKinds, phaseCommits, runUntilClosed } from "./world-helpers.js";

let world: LocalWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const VAGRANT = upstream("wksctl-vagrant-machines.v1alpha3.yaml");
const REQUEST = `\`\`\`yaml
strategy: replace
machines:
  role: worker
maxSurge: 1
maxUnavailable: 0
replacements:
  - {name: worker-new, privateAddress: 172.17.9.9}
target:
  kernelVersion: ${PATCHED_IMAGE.kernelVersion}
\`\`\`
`;

describe("end to end on the vagrant example", { timeout: 300_000 }, () => {
  it("replaces the worker: infrastructure names follow the -provider convention, one kind per commit", async () => {
    world = await startLocalWorld({
      manifestPath: "machines.yaml",
      files: {
        "machines.yaml": VAGRANT,
        ".github/node-patch-bot.yml": "manifestPath: machines.yaml\nmerge:\n  mode: auto\n",
      },
      setupCluster: (sim) => {
        sim.setImage("172.17.9.9", PATCHED_IMAGE);
        sim.addDeployment({ namespace: "shop", name: "web", replicas: 2, labels: { app: "web" } });
        sim.addPdb({
          namespace: "shop",
          name: "web",
          minAvailable: 1,
          selector: { matchLabels: { app: "web" } },
        });
      },
    });
    const w = world;
    expect(w.sim.nodes().map((n) => n.metadata?.name)).toEqual(["master-v5n5l", "worker-tsb5q"]);
    const issue = await w.github.seed.openIssue(w.fullName, "alice", {
      title: "Patch the worker",
      body: REQUEST,
    });
    await w.step();
    // The plan goes ahead, and the warnings are said once, with where and how to fix them.
    const replies = botComments(w, issue).filter((c) => !c.body.startsWith("<!-- node-patch-bot:dashboard"));
    expect(
      replies.map((c) => c.body.replace(/\n\n<!-- node-patch-bot:reply .* -->$/, "")),
    ).toMatchInlineSnapshot(`
      [
        "Planned, but the manifest has warnings worth a look:

      \`\`\`
      machines.yaml:5:5: warning: Machine master-v5n5l has no \`cluster.x-k8s.io/cluster-name\` label: the controller silently skips machines without it
        fix: add the label \`cluster.x-k8s.io/cluster-name: example\` under metadata.labels
      machines.yaml:32:5: warning: Machine worker-tsb5q has no \`cluster.x-k8s.io/cluster-name\` label: the controller silently skips machines without it
        fix: add the label \`cluster.x-k8s.io/cluster-name: example\` under metadata.labels
      \`\`\`",
      ]
    `);
    w.github.seed.comment(w.fullName, "alice", issue, "/patch approve");
    await runUntilClosed(w, issue);
    expect(botComments(w, issue).filter((c) => c.body.startsWith("Planned, but"))).toHaveLength(1);

    // The final manifest is the upstream file with the new pair appended (exactly the manifest layer's `add`
    // golden) and the old worker's two documents gone: the Machine and its `-provider` object.
    const addGolden = readFileSync(
      join(import.meta.dirname, "..", "manifest", "golden", "wksctl-vagrant-machines.add.yaml"),
      "utf8",
    );
    const docs = addGolden.split("---\n");
    expect(docs[2]).toContain("name: worker-tsb5q\n");
    expect(docs[3]).toContain("name: worker-tsb5q-provider\n");
    const expected = docs.filter((_, i) => i !== 2 && i !== 3).join("---\n");
    expect(await w.github.seed.readFile(w.fullName, "main", "machines.yaml")).toBe(expected);

    const commits = phaseCommits(w, "machines.yaml");
    expect(commits.map((c) => [c.subject, changeKinds(c.diff), c.files])).toEqual([
      ["Add worker-new", ["add"], ["machines.yaml"]],
      ["Taint and drain worker-tsb5q", ["taint"], ["machines.yaml"]],
      ["Remove worker-tsb5q", ["remove"], ["machines.yaml"]],
    ]);
    // The taint goes on the Machine worker-tsb5q (line 30 is its `metadata:`; the pair spans lines 28-53),
    // never on its -provider infrastructure object.
    expect(commits[1]?.diff.replace(/"value":"[^"]+"/, '"value":"<rollout>"')).toMatchInlineSnapshot(`
      "diff --git a/machines.yaml b/machines.yaml
      index 166a5e5..55080f5 100644
      --- a/machines.yaml
      +++ b/machines.yaml
      @@ -30,0 +31,2 @@ metadata:
      +  annotations:
      +    node-patch-bot.dev/taints: '[{"key":"node-patch-bot.dev/patching","value":"<rollout>","effect":"NoSchedule"}]'
      "
    `);

    expect(
      w.sim.nodes().map((n) => ({
        name: n.metadata?.name,
        ip: n.status?.addresses?.find((a) => a.type === "InternalIP")?.address,
        kernel: n.status?.nodeInfo?.kernelVersion,
        ready: n.status?.conditions?.find((c) => c.type === "Ready")?.status,
        unschedulable: n.spec?.unschedulable ?? false,
        taints: n.spec?.taints ?? [],
      })),
    ).toMatchInlineSnapshot(`
      [
        {
          "ip": "172.17.8.101",
          "kernel": "3.10.0-1127.el7.x86_64",
          "name": "master-v5n5l",
          "ready": "True",
          "taints": [
            {
              "effect": "NoSchedule",
              "key": "node-role.kubernetes.io/master",
            },
          ],
          "unschedulable": false,
        },
        {
          "ip": "172.17.9.9",
          "kernel": "3.10.0-1160.119.1.el7.x86_64",
          "name": "worker-new",
          "ready": "True",
          "taints": [],
          "unschedulable": false,
        },
      ]
    `);
    expect(w.sim.pods({ namespace: "shop" }).map((p) => [p.spec?.nodeName, p.status?.phase])).toEqual([
      ["worker-new", "Running"],
      ["worker-new", "Running"],
    ]);
  });
});
