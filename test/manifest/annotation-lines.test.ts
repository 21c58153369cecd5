// The annotation edits on a document's lines give the same bytes as the edits on the parsed document,
// and leave every layout they do not read (and every refusal) to the parsed document.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { removeAnnotationByLines, setAnnotationByLines } from "../../src/manifest/annotation-lines.js";
import {
  removeAnnotation,
  removeAnnotationInDocument,
  setAnnotation,
  setAnnotationInDocument,
} from "../../src/manifest/edit-text.js";

const KEY = "node-patch-bot.dev/taints";
const VALUE = `'[{"key":"node-patch-bot.dev/patching","effect":"NoSchedule"}]'`;

const set = (text: string, eol = "\n") => setAnnotationByLines(text, KEY, KEY, VALUE, eol);
const remove = (text: string) => removeAnnotationByLines(text, KEY);

/** One generated document: pieces of a Machine's metadata in many of the layouts people write. */
const layoutArb = fc
  .record({
    eol: fc.constantFrom("\n", "\r\n"),
    header: fc.constantFrom("", "# machines\n", "# a\n\n"),
    marker: fc.constantFrom("", "---\n", "--- \n"),
    step: fc.constantFrom(1, 2, 4),
    metadataKey: fc.constantFrom("metadata", '"metadata"', "'metadata'"),
    metadataComment: fc.constantFrom("", " # meta"),
    annotations: fc.constantFrom(
      "absent",
      "block",
      "empty-flow",
      "flow",
      "null",
      "anchored",
      "commented-key",
    ),
    ours: fc.constantFrom("absent", "plain", "single", "double", "commented", "null", "flow", "quoted-key"),
    others: fc.array(
      fc.constantFrom("a.io/x: y", "'b.io/q': \"w\"", "c: 'it''s'", "d: v # note", "e: &x 1"),
      {
        maxLength: 3,
      },
    ),
    oursFirst: fc.boolean(),
    between: fc.constantFrom("", "# between\n", "\n"),
    after: fc.constantFrom("", "# after\n", "\n", "    # deeper\n"),
    labelsFirst: fc.boolean(),
    trailing: fc.constantFrom("", "# trailing\n", "\n"),
    finalNewline: fc.boolean(),
  })
  .map((g) => {
    const pad = (n: number) => " ".repeat(n * g.step);
    const lines: string[] = [];
    const ours = {
      absent: undefined,
      plain: `${KEY}: old`,
      single: `${KEY}: '[]'`,
      double: `${KEY}: "[]"`,
      commented: `${KEY}: '[]'   # the bot's`,
      null: `${KEY}:`,
      flow: `${KEY}: {}`,
      "quoted-key": `"${KEY}": '[]'`,
    }[g.ours];
    const entries: string[] = [...new Set(g.others)];
    if (ours !== undefined) {
      if (g.oursFirst) entries.unshift(ours);
      else entries.push(ours);
    }
    const annotationLines: string[] = [];
    if (g.annotations === "block" || g.annotations === "anchored" || g.annotations === "commented-key") {
      const head = {
        block: "annotations:",
        anchored: "annotations: &a",
        "commented-key": "annotations: # c",
      }[g.annotations];
      annotationLines.push(`${pad(1)}${head}`);
      entries.forEach((e, i) => {
        if (i === 1 && g.between !== "") annotationLines.push(g.between.trimEnd());
        annotationLines.push(`${pad(2)}${e}`);
      });
      if (g.after !== "") annotationLines.push(g.after.trimEnd());
    } else if (g.annotations === "empty-flow") annotationLines.push(`${pad(1)}annotations: {}`);
    else if (g.annotations === "flow") annotationLines.push(`${pad(1)}annotations: {a: b}`);
    else if (g.annotations === "null") annotationLines.push(`${pad(1)}annotations:`);
    const labels = [`${pad(1)}labels:`, `${pad(2)}set: worker`];
    lines.push(
      "apiVersion: cluster.x-k8s.io/v1alpha3",
      "kind: Machine",
      `${g.metadataKey}:${g.metadataComment}`,
    );
    if (g.labelsFirst) lines.push(...labels, ...annotationLines);
    else lines.push(...annotationLines, ...labels);
    lines.push(`${pad(1)}name: w-1`, "spec:", `${pad(1)}clusterName: prod`);
    const body = `${g.header}${g.marker}${lines.join("\n")}\n${g.trailing}`;
    const text = g.finalNewline ? body : body.replace(/\n$/, "");
    return { text: text.replace(/\n/g, g.eol), eol: g.eol };
  });

describe("annotation edits on a document's lines", () => {
  it("give the parsed document's bytes whenever they apply (setting)", () => {
    fc.assert(
      fc.property(layoutArb, ({ text, eol }) => {
        const fast = set(text, eol);
        if (fast !== undefined) expect(fast).toEqual(setAnnotationInDocument(text, KEY, VALUE, eol));
        expect(setAnnotation(text, KEY, VALUE, eol)).toEqual(setAnnotationInDocument(text, KEY, VALUE, eol));
      }),
      { numRuns: 600 },
    );
  });

  it("give the parsed document's bytes whenever they apply (removing)", () => {
    fc.assert(
      fc.property(layoutArb, ({ text }) => {
        const fast = remove(text);
        if (fast !== undefined) expect(fast).toEqual(removeAnnotationInDocument(text, KEY));
        expect(removeAnnotation(text, KEY)).toEqual(removeAnnotationInDocument(text, KEY));
      }),
      { numRuns: 600 },
    );
  });

  it("apply to the plain layouts (CRLF, comments, quoted keys, a missing annotations block)", () => {
    const doc = [
      "# header",
      "---",
      "apiVersion: cluster.x-k8s.io/v1alpha3",
      "kind: Machine",
      '"metadata": # the object',
      "  labels:",
      "      set: worker",
      "  name: w-1",
      "spec: {}",
      "",
    ].join("\r\n");
    expect(set(doc, "\r\n")?.text).toBe(
      doc.replace("  labels:", `  annotations:\r\n      ${KEY}: ${VALUE}\r\n  labels:`),
    );
    const annotated = set(doc, "\r\n")?.text ?? "";
    expect(remove(annotated)?.text).toBe(doc);
    const commented =
      "metadata:\n  annotations:\n    # keep\n    'a.io/x': y # why\n    b: \"z\"\n  name: w\n";
    expect(set(commented)?.text).toBe(commented.replace("    'a.io", `    ${KEY}: ${VALUE}\n    'a.io`));
    expect(remove(commented)).toEqual({ ok: true, text: commented });
  });

  it("replace only the value's characters, keeping a trailing comment", () => {
    const doc = `metadata:\n  annotations:\n    ${KEY}: '[]'   # the bot's\n    other: x\n  name: w\n`;
    expect(set(doc)?.text).toBe(doc.replace("'[]'", VALUE));
    expect(remove(doc)?.text).toBe("metadata:\n  annotations:\n    other: x\n  name: w\n");
  });

  it("leave flow maps, anchors, null annotations and trailing comments to the parser", () => {
    const cases = [
      "metadata:\n  annotations: {}\n  name: w\n",
      "metadata:\n  annotations: {a: b}\n  name: w\n",
      "metadata:\n  annotations:\n  name: w\n",
      "metadata:\n  annotations: &a\n    x: y\n  name: w\n",
      "metadata:\n  annotations:\n    x: &v y\n  name: w\n",
      "metadata: {name: w}\n",
      "metadata:\n  annotations:\n    x: |\n      y\n  name: w\n",
      "metadata:\n\tname: w\n",
      "items:\n- metadata:\n    name: w\n",
    ];
    for (const text of cases) expect(set(text), text).toBeUndefined();
    const trailing = `metadata:\n  annotations:\n    ${KEY}: '[]'\n    # after\n  name: w\n`;
    expect(remove(trailing)).toBeUndefined();
    expect(removeAnnotation(trailing, KEY)).toEqual(removeAnnotationInDocument(trailing, KEY));
    // Refusals come from the parsed document, with its messages.
    expect(setAnnotation(cases[0]!, KEY, VALUE, "\n")).toMatchObject({
      ok: false,
      message: "metadata.annotations is not a block mapping",
    });
  });
});
