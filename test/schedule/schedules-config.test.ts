// The `schedules` field of the repository config: its shape is checked by the config schema (the request
// by the patch request schema, by reference), its times by timeConfigProblems.
import { describe, expect, it } from "vitest";
import { compileConfigValidator } from "../../src/plan/schemas.js";

const validate = compileConfigValidator();
const problems = (config: unknown): string[] =>
  validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe("schedules in the repository config", () => {
  it("accepts a schedule whose request has the shape of an issue's request", () => {
    expect(
      problems({
        timezone: "Europe/Berlin",
        schedules: [
          {
            id: "first-saturday",
            cron: "0 6 * * SAT#1",
            title: "Replace all workers from the pool",
            request: { strategy: "replace", machines: { role: "worker" }, maxSurge: "50%" },
          },
        ],
      }),
    ).toEqual([]);
  });

  it("rejects a request the patch request schema rejects, at the request's path", () => {
    expect(
      problems({ schedules: [{ id: "x", cron: "0 6 * * SAT#1", request: { strategy: "reboot" } }] }),
    ).toEqual(["/schedules/0/request/strategy must be equal to one of the allowed values"]);
  });

  it("requires an id, a cron and a request, and knows no other fields", () => {
    expect(problems({ schedules: [{ cron: "0 6 * * SAT#1", every: "month" }] })).toEqual([
      "/schedules/0 must have required property 'id'",
      "/schedules/0 must have required property 'request'",
      "/schedules/0 must NOT have additional properties",
    ]);
    expect(
      problems({ schedules: [{ id: "Not OK", cron: "0 6 * * SAT#1", request: { strategy: "replace" } }] }),
    ).toEqual(['/schedules/0/id must match pattern "^[a-z0-9]([-a-z0-9]{0,62}[a-z0-9])?$"']);
  });
});
