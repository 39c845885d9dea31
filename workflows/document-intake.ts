/**
 * The documents a request waits for before a person decides on it: an email change's two employment
 * documents (R21) and an organisation's signed application and contract (A7). Each arrives by an
 * update whose activity writes its record; the request's first step waits for all of them, reminds the
 * sender once when they are late, and gives up at the deadline.
 *
 * The documents the workflow has *taken*, their records written or not, are what the deadline is
 * weighed against, once: one taken in the deadline's last instant counts. Step 1 then waits only for
 * the records still being written, not for every handler: a decision taken meanwhile waits itself for
 * step 2, and waiting for it here would be a deadlock.
 */
import { condition } from '@temporalio/workflow';
import type { StepFailure } from './incidents.js';

export class DocumentIntake<Kind extends string> {
  private readonly taken: Set<Kind>;
  private recording = 0;
  /** Set when the deadline has won over the documents: a document is refused from then on. */
  closed = false;

  /**
   * @param kinds every kind the request needs
   * @param recorded the kinds whose records are written (the request's view)
   * @param given the kinds that came with the request itself
   */
  constructor(
    private readonly kinds: readonly Kind[],
    private readonly recorded: () => readonly Kind[],
    given: Iterable<Kind> = [],
  ) {
    this.taken = new Set(given);
  }

  /** Every kind's record is written. */
  allRecorded(): boolean {
    const recorded = this.recorded();
    return this.kinds.every((kind) => recorded.includes(kind));
  }

  /**
   * Takes a document of `kind` (it counts against the deadline at once) and writes its record with
   * `record`: its failure, if it failed for good, and then the kind is not taken (unless it was before).
   */
  async take(kind: Kind, record: () => Promise<StepFailure | null>): Promise<StepFailure | null> {
    const takenBefore = this.taken.has(kind);
    this.taken.add(kind);
    this.recording++;
    const failure = await record();
    this.recording--;
    if (failure && !takenBefore) this.taken.delete(kind);
    return failure;
  }

  /**
   * Step 1: waits until every document is recorded, with `remind` run once at `remindAt` if they are
   * not all taken by then. False, and closed from then on, when the deadline came first.
   */
  async arrival({ remindAt, deadline, remind }: { remindAt: number; deadline: number; remind: () => Promise<void> }): Promise<boolean> {
    const allTaken = () => this.kinds.every((kind) => this.taken.has(kind));
    let reminded = false;
    while (!this.allRecorded()) {
      if (!reminded && !(await condition(allTaken, Math.max(1, remindAt - Date.now())))) {
        reminded = true;
        await remind();
      }
      await condition(allTaken, Math.max(1, deadline - Date.now()));
      if (!allTaken()) {
        this.closed = true;
        return false;
      }
      await condition(() => this.recording === 0); // the records are written (a failed one is refused, and awaited again)
    }
    return true;
  }
}
