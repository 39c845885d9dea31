/**
 * The index from program rules to the tests that prove them, and the check that keeps
 * docs/rules.md true.
 *
 * A test proves a rule when its title starts with the rule's id (`it('R7: …')`, or several ids:
 * `it('R15, R16: …')`). docs/rules.md has a section per rule (`### R7 …`) whose "proofs" block lists
 * tests as `- [file](../test/…): \`title\``. The unit test test/unit/rules-doc.test.ts fails when a
 * rule with tests has no section, or when the page names a test that no longer exists.
 *
 *   npx tsx scripts/rules-index.ts           for each rule of the page: the tests found, and what the page lacks
 *   npx tsx scripts/rules-index.ts --check   the same, exit 1 when the page is stale
 *   npx tsx scripts/rules-index.ts --write   rewrite every proofs block of the page from the tests found
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const rulesDocPath = join(repoRoot, 'docs', 'rules.md');

/** A test (or describe block) whose title starts with one or more rule ids. */
export interface RuleTest {
  /** Path from the repository root, with forward slashes: `test/integration/enrolment.test.ts`. */
  file: string;
  line: number;
  title: string;
  ruleIds: string[];
}

const RULE_ID = /^[RA][1-9]\d*$/;

/** The rule ids a title starts with (`R7: …` → [R7]; `R15, R16: …` → [R15, R16]), or none. */
export function ruleIdsOf(title: string): string[] {
  const colon = title.indexOf(':');
  if (colon < 0) return [];
  const ids = title
    .slice(0, colon)
    .split(/\s*(?:,|\/|&)\s*/)
    .map((s) => s.trim());
  return ids.every((id) => RULE_ID.test(id)) ? ids : [];
}

// `it(`, `test(`, `describe(`, with modifiers such as `.skip`, `.only`, `.concurrent`, `.each([...])`.
const TEST_CALL = /\b(?:it|test|describe)(?:\.[A-Za-z]+(?:\([^()]*\))?)*\s*\(\s*(['"`])/g;

/**
 * The titles of the test calls in one source file whose first argument is a string literal.
 * Escapes are decoded as JavaScript does; a template literal keeps its `${…}` parts as written.
 */
export function testTitlesIn(source: string): Array<{ line: number; title: string }> {
  const found: Array<{ line: number; title: string }> = [];
  for (const match of source.matchAll(TEST_CALL)) {
    const quote = match[1];
    const start = match.index + match[0].length;
    const literal = readLiteral(source, start, quote);
    if (literal === null) continue;
    found.push({ line: source.slice(0, match.index).split('\n').length, title: literal });
  }
  return found;
}

/** Reads a string literal whose opening quote ends just before `start`; null if it does not close. */
function readLiteral(source: string, start: number, quote: string): string | null {
  let out = '';
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === quote) return out;
    if (c === '\n' && quote !== '`') return null;
    if (c === '\\') {
      const next = source[++i];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };
      if (next === 'u' && source[i + 1] === '{') {
        const end = source.indexOf('}', i);
        out += String.fromCodePoint(parseInt(source.slice(i + 2, end), 16));
        i = end;
      } else if (next === 'u') {
        out += String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (next === 'x') {
        out += String.fromCharCode(parseInt(source.slice(i + 1, i + 3), 16));
        i += 2;
      } else if (next === '\n') {
        // a line continuation adds nothing
      } else {
        out += simple[next] ?? next;
      }
      continue;
    }
    if (quote === '`' && c === '$' && source[i + 1] === '{') {
      // Keep `${…}` as written, skipping nested braces.
      let depth = 0;
      let j = i + 1;
      for (; j < source.length; j++) {
        if (source[j] === '{') depth++;
        else if (source[j] === '}' && --depth === 0) break;
      }
      out += source.slice(i, j + 1);
      i = j;
      continue;
    }
    out += c;
  }
  return null;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every test under test/ whose title starts with rule ids, in file and line order. */
export function scanRuleTests(root = repoRoot): RuleTest[] {
  return testFiles(join(root, 'test'))
    .sort()
    .flatMap((path) => {
      const file = relative(root, path).split(sep).join('/');
      return testTitlesIn(readFileSync(path, 'utf8')).flatMap(({ line, title }) => {
        const ruleIds = ruleIdsOf(title);
        return ruleIds.length ? [{ file, line, title, ruleIds }] : [];
      });
    });
}

/** One test the page names: the file (from the repository root) and the exact title. */
export interface DocProof {
  ruleId: string;
  file: string;
  title: string;
  /** Line in docs/rules.md. */
  line: number;
}

export interface RulesDoc {
  /** Rule ids with a section (`## R7 …`, `### A4 …`), in page order. */
  ruleIds: string[];
  proofs: DocProof[];
}

const SECTION = /^#{2,4}\s+([RA][1-9]\d*)\b/;
// - [integration/enrolment](../test/integration/enrolment.test.ts): `R7: the welcome points …`
const PROOF = /^\s*[-*]\s+\[[^\]]*\]\(\.\.\/(test\/[^)\s]+)\):?\s+(`+)\s?(.*?)\s?\2\s*$/;

export function parseRulesDoc(text: string): RulesDoc {
  const doc: RulesDoc = { ruleIds: [], proofs: [] };
  let current: string | null = null;
  text.split('\n').forEach((lineText, index) => {
    const section = SECTION.exec(lineText);
    if (section) {
      current = section[1];
      doc.ruleIds.push(current);
      return;
    }
    if (/^#{1,4}\s/.test(lineText)) current = null;
    const proof = PROOF.exec(lineText);
    if (proof && current) doc.proofs.push({ ruleId: current, file: proof[1], title: proof[3], line: index + 1 });
  });
  return doc;
}

export interface RulesDocProblems {
  /** Rule ids that tests prove but the page has no section for. */
  missingRules: string[];
  /** Tests the page names that no file under test/ has (renamed, moved or deleted). */
  staleProofs: DocProof[];
  /** Tests that prove a rule but are not listed under it (not an error: `--write` adds them). */
  unlisted: RuleTest[];
}

export function checkRulesDoc(doc: RulesDoc, tests: RuleTest[]): RulesDocProblems {
  const sections = new Set(doc.ruleIds);
  const provenIds = [...new Set(tests.flatMap((t) => t.ruleIds))];
  const exists = new Set(tests.map((t) => `${t.file}\n${t.title}`));
  const listed = new Set(doc.proofs.map((p) => `${p.ruleId}\n${p.file}\n${p.title}`));
  return {
    missingRules: provenIds.filter((id) => !sections.has(id)).sort(compareIds),
    staleProofs: doc.proofs.filter((p) => !exists.has(`${p.file}\n${p.title}`)),
    unlisted: tests.filter((t) => t.ruleIds.some((id) => sections.has(id) && !listed.has(`${id}\n${t.file}\n${t.title}`))),
  };
}

export function compareIds(a: string, b: string): number {
  return a[0] === b[0] ? Number(a.slice(1)) - Number(b.slice(1)) : a[0] === 'R' ? -1 : 1;
}

/** The markdown list of one rule's tests, as the page carries it. */
export function renderProofs(ruleId: string, tests: RuleTest[]): string[] {
  return tests
    .filter((t) => t.ruleIds.includes(ruleId))
    .map((t) => {
      const label = t.file.replace(/^test\//, '').replace(/\.test\.ts$/, '');
      const ticks = t.title.includes('`') ? '``' : '`';
      const pad = ticks === '``' || t.title.startsWith('`') || t.title.endsWith('`') ? ' ' : '';
      return `- [${label}](../${t.file}): ${ticks}${pad}${t.title}${pad}${ticks}`;
    });
}

const BLOCK_START = '<!-- proofs: generated by scripts/rules-index.ts --write -->';
const BLOCK_END = '<!-- /proofs -->';

/**
 * The page with every proofs block rewritten from `tests`. A block sits in its rule's section
 * between BLOCK_START and BLOCK_END; the prose around it is left as written.
 */
export function rewriteProofs(text: string, tests: RuleTest[], noTests = '- (no test is titled with this id)'): string {
  const out: string[] = [];
  let current: string | null = null;
  let skipping = false;
  for (const line of text.split('\n')) {
    const section = SECTION.exec(line);
    if (section) current = section[1];
    else if (/^#{1,4}\s/.test(line)) current = null;
    if (skipping) {
      if (line.trim() !== BLOCK_END) continue;
      skipping = false;
    }
    out.push(line);
    if (line.trim() === BLOCK_START && current) {
      const proofs = renderProofs(current, tests);
      out.push(...(proofs.length ? proofs : [noTests]));
      skipping = true;
    }
  }
  return out.join('\n');
}

function main(args: string[]): number {
  const tests = scanRuleTests();
  const text = readFileSync(rulesDocPath, 'utf8');
  if (args.includes('--write')) {
    writeFileSync(rulesDocPath, rewriteProofs(text, tests));
    console.log(`rewrote the proofs blocks of ${relative(repoRoot, rulesDocPath)} from ${tests.length} tests`);
    return 0;
  }
  const doc = parseRulesDoc(text);
  for (const id of doc.ruleIds) {
    const mine = tests.filter((t) => t.ruleIds.includes(id));
    console.log(`${id}  ${mine.length ? `${mine.length} test${mine.length > 1 ? 's' : ''}` : 'no test'}`);
    for (const t of mine) console.log(`    ${t.file}:${t.line}  ${t.title}`);
  }
  const problems = checkRulesDoc(doc, tests);
  for (const id of problems.missingRules) console.log(`MISSING  ${id} has tests but no section in docs/rules.md`);
  for (const p of problems.staleProofs)
    console.log(`STALE    docs/rules.md:${p.line} names a test that does not exist: ${p.file}: ${p.title}`);
  for (const t of problems.unlisted)
    console.log(`UNLISTED ${t.file}:${t.line} ${t.title}  (npx tsx scripts/rules-index.ts --write adds it)`);
  const stale = problems.missingRules.length + problems.staleProofs.length;
  return args.includes('--check') && stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
