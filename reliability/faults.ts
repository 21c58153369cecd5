// Scenarios that disturb one rollout from the outside and compare it with the undisturbed run: webhooks
// duplicated, delayed and reordered for two replicas; GitHub answering 5xx, rate limits and dropped connections.
import type { FaultKind } from "../src/sandbox/github/faults.js";
import { driveRollout, type EndState, type RolloutFixture } from "./drive.js";
import { crashed, judge, type RunResult, seeded } from "./outcome.js";
import { startWebhookChaos, type WebhookChaos } from "./webhook-chaos.js";

export interface FaultOptions {
  fixture: RolloutFixture;
  seeds: readonly number[];
  /** The undisturbed run's end state for this fixture. */
  reference: EndState;
  maxSteps?: number;
}

export async function* webhookChaos(options: FaultOptions): AsyncGenerator<RunResult> {
  for (const seed of options.seeds) {
    const label = `seed=${seed}`;
    try {
      const random = seeded(seed);
      let chaos: WebhookChaos | undefined;
      const run = await driveRollout(options.fixture, {
        world: { replicas: 2 },
        maxSteps: 60,
        onStart: async (world) => {
          chaos = await startWebhookChaos(world, random);
        },
        beforeStep: async () => {
          await chaos?.release();
        },
        // Everything held back arrives at last, every delivery once more, then a few ticks: nothing new.
        beforeEnd: async (world, step) => {
          await chaos?.drain();
          for (const d of world.github.webhooks.deliveries()) await world.github.webhooks.redeliver(d.id);
          await chaos?.drain();
          for (let i = 0; i < 2; i++) await step();
          await chaos?.close();
        },
      });
      yield judge("webhooks", label, run, options.reference);
    } catch (error) {
      yield crashed("webhooks", label, error);
    }
  }
}

// GitHub asks for a minute or more; Probot's throttling waits that long in real time, which would make every
// run take hours on the simulated clock. What matters is that `retry-after` is honoured, not its size.
const KINDS: { kind: FaultKind; status?: number; retryAfterSeconds?: number }[] = [
  { kind: "server-error", status: 500 },
  { kind: "server-error", status: 502 },
  { kind: "server-error", status: 503 },
  { kind: "secondary-rate-limit", retryAfterSeconds: 3 },
  { kind: "rate-limit", status: 429, retryAfterSeconds: 2 },
  { kind: "rate-limit", status: 403, retryAfterSeconds: 2 },
];

export async function* githubErrors(options: FaultOptions): AsyncGenerator<RunResult> {
  for (const seed of options.seeds) {
    const label = `seed=${seed}`;
    try {
      const random = seeded(seed);
      let dropping = true;
      const run = await driveRollout(options.fixture, {
        maxSteps: options.maxSteps ?? 30,
        // A tick that fails on an injected error throws out of the step; production's ticker logs it and goes on.
        tolerateStepError: () => dropping,
        // A dropped connection is what a timeout looks like to the client: no answer at all.
        world: {
          // The app's client as in production: Octokit's retries and throttling are part of what is tested.
          productionClient: true,
          gate: (r) =>
            !dropping || r.path.startsWith("/_stand-in/") || r.server !== "github" || random() > 0.03,
        },
        beforeStep: (world) => {
          world.github.clearFaults();
          // The last step (see beforeEnd) runs without faults: the rollout's end is judged as GitHub recovered.
          if (!dropping) return;
          for (let i = 0; i < 3; i++) {
            const pick = KINDS[Math.floor(random() * KINDS.length)] ?? { kind: "server-error" };
            world.github.injectFault({ ...pick, path: new RandomPath(random, 0.1), times: 1 });
          }
        },
        beforeEnd: async (world, step) => {
          dropping = false;
          world.github.clearFaults();
          await step();
        },
      });
      yield judge("github-errors", label, run, options.reference);
    } catch (error) {
      yield crashed("github-errors", label, error);
    }
  }
}

/** A path pattern that matches a request by chance, so a fault lands on a random call rather than the next one. */
class RandomPath extends RegExp {
  constructor(
    private readonly random: () => number,
    private readonly p: number,
  ) {
    super(".");
  }
  override test(_path: string): boolean {
    return this.random() < this.p;
  }
}
