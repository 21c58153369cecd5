// Generators of patch requests for the round-trip properties of the short form and the issue form.
import fc from "fast-check";
import type { PatchRequest, Replacement } from "../../src/generated/patch-request.js";

export const machineName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
/** Free text: printable, with spaces, quotes, backslashes, commas and '=' (no newlines). */
export const freeText = fc.string({
  unit: fc.constantFrom(..." az09.-_=,\"\\'/:%#\u00e9\u00a0"),
  minLength: 1,
  maxLength: 16,
});
const listItem = fc.string({ unit: fc.constantFrom(..."az09.-_=:+~/"), minLength: 1, maxLength: 12 });
const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 999_999 }),
  fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
);
const replacement: fc.Arbitrary<Replacement> = fc
  .record(
    {
      name: machineName,
      privateAddress: fc.ipV4(),
      privatePort: fc.integer({ min: 1, max: 65_535 }),
      publicAddress: fc.ipV4(),
    },
    { requiredKeys: ["name", "privateAddress"] },
  )
  .map((r) => ({ ...r }));

export function requestArbitrary(options: {
  text: fc.Arbitrary<string>;
  reason: fc.Arbitrary<string>;
  withReplacements: boolean;
}): fc.Arbitrary<PatchRequest> {
  return fc
    .record(
      {
        strategy: fc.constantFrom("replace" as const, "in-place" as const),
        role: fc.constantFrom("worker" as const, "control-plane" as const, "all" as const),
        names: fc.uniqueArray(machineName, { minLength: 1, maxLength: 4 }),
        labels: fc.dictionary(
          fc.stringMatching(/^[a-z0-9]([-a-z0-9./]{0,8}[a-z0-9])?$/),
          fc.stringMatching(/^[A-Za-z0-9._-]{0,10}$/),
          { minKeys: 1, maxKeys: 3 },
        ),
        maxSurge: intOrPercent,
        maxUnavailable: intOrPercent,
        replacements: options.withReplacements
          ? fc.array(replacement, { minLength: 1, maxLength: 3 })
          : fc.constant(undefined),
        osImage: options.text,
        kernelVersion: options.text,
        packages: fc.array(listItem, { minLength: 1, maxLength: 3 }),
        reason: options.reason,
      },
      { requiredKeys: ["strategy", "role"] },
    )
    .map(({ strategy, role, names, labels, osImage, kernelVersion, ...rest }) => {
      const request: PatchRequest = { strategy, machines: { role } };
      if (names !== undefined) request.machines = { ...request.machines, names };
      if (labels !== undefined) request.machines = { ...request.machines, labels };
      if (rest.maxSurge !== undefined) request.maxSurge = rest.maxSurge;
      if (rest.maxUnavailable !== undefined) request.maxUnavailable = rest.maxUnavailable;
      if (rest.replacements !== undefined) request.replacements = rest.replacements;
      if (osImage !== undefined) request.target = { ...request.target, osImage };
      if (kernelVersion !== undefined) request.target = { ...request.target, kernelVersion };
      if (rest.packages !== undefined) request.packages = rest.packages;
      if (rest.reason !== undefined) request.reason = rest.reason;
      return request;
    });
}
