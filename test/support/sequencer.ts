/**
 * The order in which vitest starts the test files (vitest.config.ts `sequence.sequencer`).
 *
 * vitest starts the files that took longest in the last run first, so that no long file starts
 * last and keeps the run waiting alone. Durations live in node_modules/.vite, which a fresh clone
 * (CI) does not have: then vitest falls back on the file's size, which says nothing about the
 * files that wait longest on real timers (a crashed worker's activity timeout, a database outage,
 * the console's crediting window) nor about the console's walk of both languages. Those start first
 * when their duration is unknown, as they do when it is known; the other browser files do not: six
 * of them at once would share the processors among six Chromiums while the waiting files idle; they
 * are spread among the others (with no durations and warm lint caches the suite took 169 s so, as in
 * the order durations give). A file that
 * times the console's first screen starts after the other integration files, whatever its duration.
 * The files that need no servers (unit, replay) come last: vitest starts another project's files only
 * as the running project's processes end, so placed earlier they held the integration files back.
 * Beside the first-screen file they cost nothing: it waits for a quiet machine anyway.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const WAITS_LONG = /\/test\/(browser\/(languages|earning)|integration\/(crash[^/]*|outage))\.test\.ts$/;
const BROWSER = /\/test\/browser\//;
/** Files that time what a person waits for: they start last, when the fewest files run beside them. */
const TIMED = /\/test\/browser\/first-screen\.test\.ts$/;

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = (await super.sort(files)).filter((spec) => !TIMED.test(spec.moduleId));
    const unknown = (spec: TestSpecification) => this.ctx.cache.getTestSpecificationResult(spec) === undefined;
    const first = sorted.filter((spec) => unknown(spec) && WAITS_LONG.test(spec.moduleId));
    const last = files.filter((spec) => TIMED.test(spec.moduleId));
    const integration = (spec: TestSpecification) => spec.project.name === 'integration';
    const rest = sorted.filter((spec) => !first.includes(spec));
    const runs = rest.filter(integration);
    // Without durations, the browser files (each a Chromium busy on the processors) are spread among
    // the others (mostly waiting on timers), as their durations would spread them.
    const browser = (spec: TestSpecification) => BROWSER.test(spec.moduleId);
    const middle = runs.some(unknown)
      ? spread(
          runs.filter(browser),
          runs.filter((spec) => !browser(spec)),
        )
      : runs;
    return [...first, ...middle, ...last, ...rest.filter((spec) => !integration(spec))];
  }
}

/** `a` and `b` merged so that each keeps its order and is spread evenly over the whole. */
function spread<T>(a: readonly T[], b: readonly T[]): T[] {
  const merged: T[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (i + 1) / a.length <= (j + 1) / b.length)) merged.push(a[i++]);
    else merged.push(b[j++]);
  }
  return merged;
}
