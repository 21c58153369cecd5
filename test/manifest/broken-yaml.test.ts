// YAML the bot refuses before reading any machine (custom tags, alias bombs, huge scalars, deep nesting,
// encodings), each with the exact message and location the user sees.
import { describe, expect, it } from "vitest";
import { problems, upstream } from "./helpers.js";

const footloose = upstream("wksctl-footloose-machines.v1alpha3.yaml");

describe("YAML the bot refuses", () => {
  it("custom tags", () => {
    expect(
      problems(footloose.replace("address: 172.17.0.3", "address: !secret vault:ip")),
    ).toMatchInlineSnapshot(`
      "machines.yaml:49:14: error: custom tag \`!secret\` is not allowed in a Machines manifest
        fix: remove the tag; write the plain value"
    `);
  });

  it("alias bombs", () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;
    expect(problems(`${footloose}---\n${bomb}`)).toMatchInlineSnapshot(`
      "machines.yaml:81:1: error: aliases expand too much (Excessive alias count indicates a resource exhaustion attack)
        fix: write the values out instead of nesting aliases"
    `);
  });

  it("multi-megabyte scalars", () => {
    expect(
      problems(
        footloose.replace("name: worker-1\nspec", `name: worker-1\n  note: ${"x".repeat(2_000_000)}\nspec`),
      ),
    ).toMatchInlineSnapshot(`
      "machines.yaml:34:1: error: this document is 2000298 characters long, more than the 1048576 a machine document may have (a huge scalar?)
        fix: a Machine or ExistingInfraMachine is a few hundred bytes: remove the oversized value"
    `);
  });

  it("deep nesting", () => {
    expect(problems(`${footloose}---\nx: ${"[".repeat(500)}${"]".repeat(500)}\n`)).toMatchInlineSnapshot(`
      "machines.yaml:82:68: error: nesting deeper than 64 levels
        fix: a machine document nests a few levels: remove the deeply nested value"
    `);
  });

  it("bytes that are not UTF-8", () => {
    const bytes = Buffer.concat([
      Buffer.from("apiVersion: x\nkind: Mach"),
      Buffer.from([0xe9]),
      Buffer.from("ine\n"),
    ]);
    expect(problems(bytes)).toMatchInlineSnapshot(`
      "machines.yaml:2:11: error: byte 24 is not valid UTF-8 (0xe9)
        fix: save the file as UTF-8; re-encode it with \`iconv -f <encoding> -t UTF-8\`"
    `);
  });

  it("UTF-16", () => {
    expect(problems(Buffer.from(`\ufeff${footloose}`, "utf16le"))).toMatchInlineSnapshot(`
      "machines.yaml:1:1: error: the manifest is UTF-16 or UTF-32 encoded (byte order mark found)
        fix: save the file as UTF-8, as Kubernetes manifests are"
    `);
  });
});
