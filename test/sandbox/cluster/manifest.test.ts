import { describe, expect, it } from "vitest";
import { createSimCluster } from "../../../src/sandbox/cluster/index.js";
import { upstream } from "../../manifest/helpers.js";
import { MINUTE } from "./fixtures.js";

const VAGRANT = upstream("wksctl-vagrant-machines.v1alpha3.yaml");

describe("the simulated controller reading the Machines manifest", () => {
  it("brings up a Node per Machine of an upstream manifest, with its role and spec.version", () => {
    const sim = createSimCluster();
    const reading = sim.reconcileManifestText(VAGRANT);
    expect(reading.ok && reading.result.created).toEqual(["master-v5n5l", "worker-tsb5q"]);
    sim.clock.advance(5 * MINUTE);
    expect(
      sim
        .nodes()
        .map((n) => [
          n.metadata.name,
          n.status.addresses[0]?.address,
          n.status.nodeInfo.kubeletVersion,
          n.metadata.labels?.["node-role.kubernetes.io/master"] !== undefined,
        ]),
    ).toEqual([
      ["master-v5n5l", "172.17.8.101", "v1.18.9", true],
      ["worker-tsb5q", "172.17.8.102", "v1.18.9", false],
    ]);
  });

  it("drains and deletes the Node of a pair removed from the manifest", () => {
    const sim = createSimCluster();
    sim.reconcileManifestText(VAGRANT);
    sim.clock.advance(5 * MINUTE);
    const masterOnly = VAGRANT.split(/^---$/m).slice(0, 2).join("---");
    const reading = sim.reconcileManifestText(masterOnly);
    expect(reading.ok && reading.result.deleting).toEqual(["worker-tsb5q"]);
    sim.clock.advance(MINUTE);
    expect(sim.nodes().map((n) => n.metadata.name)).toEqual(["master-v5n5l"]);
  });

  it("changes nothing on a manifest the controller could not apply, and says why", () => {
    const sim = createSimCluster();
    sim.reconcileManifestText(VAGRANT);
    sim.clock.advance(5 * MINUTE);
    const broken = VAGRANT.replace("version: 1.18.9", "version: 1.18.8");
    const reading = sim.reconcileManifestText(broken, { file: "setup/machines.yaml" });
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.diagnostics[0]?.file).toBe("setup/machines.yaml");
    sim.clock.advance(5 * MINUTE);
    expect(sim.nodes()).toHaveLength(2);
  });
});
