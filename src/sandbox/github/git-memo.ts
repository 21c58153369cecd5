// What git answers about commits named by their shas never changes: the commits between two of them, a
// commit's fields, a diff, whether one is an ancestor of the other, how two merge. The stand-in remembers
// those answers, as GitHub does, so a push and the pull request opened on it do not ask git the same
// questions again (each question is a git process, and starting one costs tens of milliseconds on a busy
// machine). Questions about names (branches, `main`) are always asked: refs move. Failures are not kept.
const SHA = /^[0-9a-f]{40}$/;
const CAPACITY = 5_000;
const answers = new Map<string, Promise<unknown>>();

/** `compute()` once per repository, question and shas; anything but full shas is asked every time. */
export function rememberedGit<T>(
  gitDir: string,
  question: string,
  shas: readonly string[],
  compute: () => Promise<T>,
): Promise<T> {
  if (!shas.every((s) => SHA.test(s))) return compute();
  const key = `${gitDir}\u0000${question}\u0000${shas.join(" ")}`;
  const known = answers.get(key);
  if (known !== undefined) return known as Promise<T>;
  const answer = compute().then(deepFreeze);
  answers.set(key, answer);
  answer.catch(() => answers.delete(key));
  if (answers.size > CAPACITY) {
    const oldest = answers.keys().next().value;
    if (oldest !== undefined) answers.delete(oldest);
  }
  return answer;
}

/** The answer remembered (or being computed) for the question, if any; nothing is asked. */
export function knownGit<T>(
  gitDir: string,
  question: string,
  shas: readonly string[],
): Promise<T> | undefined {
  return answers.get(`${gitDir}\u0000${question}\u0000${shas.join(" ")}`) as Promise<T> | undefined;
}

/** Remembers an answer known without asking git (e.g. a commit's parent is its merge base with it). */
export function teachGit<T>(gitDir: string, question: string, shas: readonly string[], answer: T): void {
  if (shas.every((s) => SHA.test(s)) && knownGit(gitDir, question, shas) === undefined)
    void rememberedGit(gitDir, question, shas, async () => answer);
}

/** A remembered answer is shared by every caller: frozen, so none can change it for the others. */
function deepFreeze<T>(value: T): T {
  // Bytes cannot be frozen (a file's contents): their holders only read them.
  if (ArrayBuffer.isView(value)) return value;
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
