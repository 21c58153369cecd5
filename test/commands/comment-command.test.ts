import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import commandSchema from "../../schemas/command.schema.json" with { type: "json" };
import patchRequestSchema from "../../schemas/patch-request.schema.json" with { type: "json" };
import { findCommandLines, parseCommentCommand } from "../../src/commands/comment-command.js";

const command = (body: string) => parseCommentCommand(body)?.command;

describe("slash commands in comments", () => {
  it("parse every subcommand", () => {
    const bodies = [
      "/patch approve",
      "/patch hold waiting for the DBA",
      "/patch hold",
      "/patch resume",
      "/patch cancel",
      "/patch retry",
      "/patch status",
      "/patch rollback",
      "/patch help",
      "/patch",
      "/patch Approve",
    ];
    expect(bodies.map(command)).toMatchInlineSnapshot(`
      [
        {
          "kind": "approve",
        },
        {
          "kind": "hold",
          "reason": "waiting for the DBA",
        },
        {
          "kind": "hold",
        },
        {
          "kind": "resume",
        },
        {
          "kind": "cancel",
        },
        {
          "kind": "retry",
        },
        {
          "kind": "status",
        },
        {
          "kind": "rollback",
        },
        {
          "kind": "help",
        },
        {
          "kind": "help",
          "reason": "no subcommand given",
        },
        {
          "kind": "approve",
        },
      ]
    `);
  });

  it("answer unknown subcommands with help and the reason", () => {
    expect(command("/patch merge now")).toEqual({ kind: "help", reason: 'unknown command "/patch merge"' });
  });

  it("refuse arguments to commands that take none", () => {
    expect(command("/patch approve everything")).toMatchInlineSnapshot(`
      {
        "kind": "invalid",
        "message": "/patch approve takes no arguments; remove "everything" and comment again",
        "subcommand": "approve",
      }
    `);
  });

  it("parse /patch plan with the short form", () => {
    expect(
      command(
        '/patch plan in-place workers maxUnavailable=1 kernel=5.4.0-150-generic reason="CVE-2026-1234"',
      ),
    ).toMatchInlineSnapshot(`
        {
          "kind": "plan",
          "request": {
            "machines": {
              "role": "worker",
            },
            "maxUnavailable": 1,
            "reason": "CVE-2026-1234",
            "strategy": "in-place",
            "target": {
              "kernelVersion": "5.4.0-150-generic",
            },
          },
        }
      `);
  });

  it("explain a bad short form with the column and the grammar", () => {
    const result = command("  /patch plan replace workers maxsurge=2 colour=blue");
    expect(result?.kind === "invalid" ? result.message : result).toMatchInlineSnapshot(`
      "unknown option "colour"; options are maxSurge, maxUnavailable, names, labels, osImage, kernel, packages, reason (column 42)

            /patch plan replace workers maxsurge=2 colour=blue
                                                   ^

      usage: /patch plan <replace|in-place> <workers|control-plane|all> [key=value ...]
        keys: maxSurge=N|N%  maxUnavailable=N|N%  names=a,b  labels=k=v,k2=v2
              osImage="Ubuntu 20.04.6 LTS"  kernel=5.4.0-150-generic  packages=p1,p2  reason="CVE-2026-1234"
        quote values with spaces in double quotes; inside quotes write \\" and \\\\"
    `);
  });

  it("check plan requests against the patch request schema", () => {
    const result = command("/patch plan replace workers names=Worker_1");
    expect(result?.kind === "invalid" ? result.message.split("\n")[0] : result).toMatchInlineSnapshot(
      `"machines.names[0]: "Worker_1" is not a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters"`,
    );
  });
});

describe("where commands are recognised", () => {
  it("only at the start of a line (after at most three spaces), not mid-sentence or as /patches", () => {
    expect(
      findCommandLines("please /patch approve\n/patches are welcome\n    /patch approve\n   /patch status"),
    ).toEqual([{ line: 4, text: "/patch status", column: 4 }]);
  });

  it("not inside fenced code blocks, block quotes or HTML comments", () => {
    const body = [
      "> /patch approve",
      "```",
      "/patch approve",
      "```",
      "~~~~sh",
      "/patch cancel",
      "~~~",
      "/patch rollback",
      "~~~~",
      "<!-- /patch cancel -->",
      "<!--",
      "/patch cancel",
      "-->",
      "/patch hold\r",
    ].join("\n");
    expect(parseCommentCommand(body)).toEqual({
      command: { kind: "hold" },
      line: 14,
      text: "/patch hold",
      ignored: [],
    });
  });

  it("act on the first command only, and report the others", () => {
    const body = "LGTM\r\n/patch approve\r\n/patch hold later\r\n\r\n/patch status";
    expect(parseCommentCommand(body)).toEqual({
      command: { kind: "approve" },
      line: 2,
      text: "/patch approve",
      ignored: [3, 5],
    });
  });

  it("return undefined for a comment without commands", () => {
    expect(parseCommentCommand("Thanks! I will /patch approve tomorrow.")).toBeUndefined();
  });
});

describe("the parsed command's shape", () => {
  it("is described by schemas/command.schema.json", () => {
    const validate = new Ajv({ allErrors: true }).addSchema(patchRequestSchema).compile(commandSchema);
    const bodies = [
      "/patch plan replace workers maxSurge=2 names=w-1",
      "/patch plan replace nodes",
      "/patch approve",
      "/patch approve now",
      "/patch hold lunch",
      "/patch help",
      "/patch frobnicate",
      "/patch rollback",
    ];
    for (const body of bodies) {
      const command = parseCommentCommand(body)?.command;
      expect(validate(command), `${body}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
