// The bad-input corpus: hostile and malformed requests and manifests, each with the exact reply the app must
// give. Nothing else may happen for any of them (see bad-input.ts).
import { DEMO_MANIFEST } from "../src/sandbox/demo-files.js";

export interface BadInput {
  name: string;
  /** The manifest on the default branch for this entry; the demo manifest when omitted. */
  manifest?: string;
  body: string;
  /** The bot's one reply, exactly; `null`: no reply at all (the body is not taken for a request). */
  expected: string | null;
}

const request = (yaml: string) => `\`\`\`yaml\n${yaml}\n\`\`\`\n`;
const inPlace = (machines: string, extra = "maxUnavailable: 1") =>
  request(
    `strategy: in-place\nmachines:\n${machines}\n${extra}\ntarget:\n  kernelVersion: 3.10.0-1160.119.1.el7.x86_64`,
  );
const valid = inPlace("  names: [worker-1]");

export const BAD_INPUTS: readonly BadInput[] = [
  {
    name: "yaml syntax error",
    body: request("strategy: in-place\nmachines: [worker-1\n"),
    expected:
      "I cannot read this patch request:\n\n- line 4, col 1: Flow sequence in block collection must be sufficiently indented and end with a ]\n\nEdit the issue and I will read it again.",
  },
  {
    name: "duplicate keys",
    body: request("strategy: in-place\nstrategy: replace\nmachines:\n  names: [worker-1]"),
    expected:
      "I cannot read this patch request:\n\n- line 3, col 1: duplicate key: each key may appear only once in a mapping\n\nEdit the issue and I will read it again.",
  },
  {
    name: "alias bomb",
    body: request(
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]`,
    ),
    expected:
      "I cannot read this patch request:\n\n- line 2, col 4: anchors (&a) are not allowed; write the value out\n- line 3, col 4: anchors (&b) are not allowed; write the value out\n- line 3, col 8: aliases (*a) are not allowed; write the value out\n- line 3, col 11: aliases (*a) are not allowed; write the value out\n- line 3, col 14: aliases (*a) are not allowed; write the value out\n- line 3, col 17: aliases (*a) are not allowed; write the value out\n- line 3, col 20: aliases (*a) are not allowed; write the value out\n- line 3, col 23: aliases (*a) are not allowed; write the value out\n- line 3, col 26: aliases (*a) are not allowed; write the value out\n- line 3, col 29: aliases (*a) are not allowed; write the value out\n- line 3, col 32: aliases (*a) are not allowed; write the value out\n- line 4, col 4: anchors (&c) are not allowed; write the value out\n- line 4, col 8: aliases (*b) are not allowed; write the value out\n- line 4, col 11: aliases (*b) are not allowed; write the value out\n- line 4, col 14: aliases (*b) are not allowed; write the value out\n- line 4, col 17: aliases (*b) are not allowed; write the value out\n- line 4, col 20: aliases (*b) are not allowed; write the value out\n- line 4, col 23: aliases (*b) are not allowed; write the value out\n- line 4, col 26: aliases (*b) are not allowed; write the value out\n- line 4, col 29: aliases (*b) are not allowed; write the value out\n- line 4, col 32: aliases (*b) are not allowed; write the value out\n- line 5, col 5: aliases (*c) are not allowed; write the value out\n- line 5, col 8: aliases (*c) are not allowed; write the value out\n- line 5, col 11: aliases (*c) are not allowed; write the value out\n- line 5, col 14: aliases (*c) are not allowed; write the value out\n- line 5, col 17: aliases (*c) are not allowed; write the value out\n- line 5, col 20: aliases (*c) are not allowed; write the value out\n- line 5, col 23: aliases (*c) are not allowed; write the value out\n- line 5, col 26: aliases (*c) are not allowed; write the value out\n- line 5, col 29: aliases (*c) are not allowed; write the value out\n\nEdit the issue and I will read it again.",
  },
  {
    name: "custom tag",
    body: request("strategy: !!js/function 'function(){}'\nmachines:\n  names: [worker-1]"),
    expected:
      "I cannot read this patch request:\n\n- line 2, col 12: tag tag:yaml.org,2002:js/function is not allowed; write plain values without tags\n\nEdit the issue and I will read it again.",
  },
  {
    name: "deep nesting",
    body: request(`strategy: in-place\nmachines: ${"[".repeat(200)}${"]".repeat(200)}`),
    expected:
      "I cannot read this patch request:\n\n- machines: must be object\n\nEdit the issue and I will read it again.",
  },
  {
    name: "huge scalar",
    body: request(`strategy: in-place\nreason: ${"x".repeat(60_000)}`),
    expected:
      "I cannot read this patch request:\n\n- reason: must NOT have more than 2000 characters\n\nEdit the issue and I will read it again.",
  },
  // Over GitHub's own 65536-character limit, so only an API client bypassing GitHub could send it: the app takes
  // it for no request at all and stays silent (see the report).
  { name: "oversized issue body", body: `${valid}\n${"padding ".repeat(9_000)}`, expected: null },
  {
    name: "unknown machine",
    body: inPlace("  names: [worker-9]"),
    expected:
      'I cannot plan this request:\n\n```\nissue #8:4:11: error: machine "worker-9" is not in setup/machines.yaml\n  fix: use a Machine\'s metadata.name\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.',
  },
  {
    name: "shell injection in a name",
    body: inPlace('  names: ["worker-1; rm -rf /"]'),
    expected:
      "I cannot read this patch request:\n\n- machines.names[0]: \"worker-1; rm -rf /\" is not a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters\n\nEdit the issue and I will read it again.",
  },
  {
    name: "command substitution in a name",
    body: inPlace('  names: ["$(id)"]'),
    expected:
      "I cannot read this patch request:\n\n- machines.names[0]: \"$(id)\" is not a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters\n\nEdit the issue and I will read it again.",
  },
  {
    name: "every master selected",
    body: inPlace("  role: control-plane"),
    expected:
      "I cannot plan this request:\n\n```\nsetup/machines.yaml:8:3: error: patching master-1 in-place would leave 1 of 2 control-plane machines Ready and untainted, and 2 must stay (etcd quorum while it reboots)\n  fix: use strategy: replace (a new master joins before the old one leaves), or add control-plane machines first\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.",
  },
  {
    name: "too few replacements",
    body: request(
      "strategy: replace\nmachines:\n  role: worker\nmaxSurge: 1\nmaxUnavailable: 0\ntarget:\n  kernelVersion: 3.10.0-1160.119.1.el7.x86_64",
    ),
    expected:
      "I cannot plan this request:\n\n```\nissue #12:2:11: error: a replace request needs new machines, and none are listed and no pool is configured\n  fix: list them in replacements ({name, privateAddress}), or set poolPath in .github/node-patch-bot.yml\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.",
  },
  {
    name: "contradictory batch sizes",
    body: inPlace("  names: [worker-1]", "maxUnavailable: 0"),
    expected:
      'I cannot plan this request:\n\n```\nissue #13:5:17: error: in-place patching takes machines out of service, but maxUnavailable resolves to 0 for the 1 selected workers\n  fix: set maxUnavailable to a count or a percentage (e.g. 1 or "25%"); maxSurge does not apply in place\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.',
  },
  {
    name: "manifest with duplicate machine names",
    manifest: `${DEMO_MANIFEST}---\n${DEMO_MANIFEST.split("---\n").slice(2, 4).join("---\n")}`,
    body: valid,
    expected:
      "I cannot plan this request:\n\n```\nsetup/machines.yaml:120:9: error: Machine name worker-1 is used twice (first at line 36)\n  fix: give every Machine a unique metadata.name\nsetup/machines.yaml:133:9: error: ExistingInfraMachine name worker-1 is used twice (first at line 49)\n  fix: give every ExistingInfraMachine a unique metadata.name\nsetup/machines.yaml:136:14: error: private address 172.17.0.3 of worker-1 is already used by worker-1; the controller finds a machine's Node by this address\n  fix: give every machine its own spec.private.address\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.",
  },
  {
    name: "manifest with a syntax error",
    manifest: `${DEMO_MANIFEST}---\nkind: [Machine\n`,
    body: valid,
    expected:
      "I cannot plan this request:\n\n```\nsetup/machines.yaml:115:1: error: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]\n  fix: correct the YAML at this position (check indentation, quotes and colons)\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.",
  },
  {
    name: "manifest with a hostile machine name",
    manifest: DEMO_MANIFEST.replaceAll("worker-2", "worker-2$(id)"),
    body: valid,
    expected:
      "I cannot plan this request:\n\n```\nsetup/machines.yaml:92:9: error: Machine: `metadata.name` \"worker-2$(id)\" is not a valid Kubernetes name\n  fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit\nsetup/machines.yaml:100:11: error: Machine: `spec.infrastructureRef.name` \"worker-2$(id)\" is not a valid Kubernetes name\n  fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit\nsetup/machines.yaml:105:9: error: ExistingInfraMachine: `metadata.name` \"worker-2$(id)\" is not a valid Kubernetes name\n  fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit\n```\n\nEdit the issue (or comment a new `/patch plan ...`) and I will plan again.",
  },
];
