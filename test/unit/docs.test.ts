/**
 * The README and docs/ stay true to the tree: every relative link points at a file or folder that
 * exists (and, into a page, at a heading it has), and every environment variable the code reads is
 * documented in docs/configuration.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/rules-index.js';

const pages = [
  'README.md',
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (text: string) =>
  new Set(
    text
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .flatMap((line) => {
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        return heading ? [slug(heading[1])] : [];
      }),
  );

/** Relative link targets of a markdown page, outside code blocks and code spans. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('README and docs/', () => {
  it('link only to files and folders that exist, and to headings the target page has', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), 'utf8');
      for (const href of linksOf(text)) {
        const [path, anchor] = href.split('#');
        const target = path ? join(repoRoot, dirname(page), decodeURI(path)) : join(repoRoot, page);
        if (!existsSync(target)) {
          broken.push(`${page}: ${href} (no ${relative(repoRoot, target)})`);
        } else if (anchor && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${page}: ${href} (no heading #${anchor})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('document every environment variable the code reads', () => {
    const configPage = readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8');
    const read = new Set<string>();
    const folders = ['activities', 'api', 'bench', 'db', 'infra', 'rules', 'scripts', 'worker', 'workflows', 'test'];
    for (const file of folders.flatMap((f) => sourceFiles(join(repoRoot, f)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) read.add(m[1]);
      // the program's terms name their variable in rules/terms.ts, and benchmarks read sizes with intArg('BENCH_…')
      for (const m of text.matchAll(/\benv: '([A-Z][A-Z0-9_]+)'/g)) read.add(m[1]);
      for (const m of text.matchAll(/\bintArg\('([A-Z][A-Z0-9_]+)'/g)) read.add(m[1]);
    }
    const system = new Set(['PATH', 'HOME', 'GOROOT', 'GOPATH', 'NODE_ENV', 'CI', 'TMPDIR']);
    const undocumented = [...read].filter((name) => !system.has(name) && !configPage.includes(`\`${name}\``)).sort();
    expect(read.size).toBeGreaterThan(20);
    expect(undocumented).toEqual([]);
  });
});
