/**
 * db/trigrams.ts: which part of a search term the trigram index is given. The answer never depends
 * on it (the whole term is matched on the rows found: test/integration/list-search.test.ts); the
 * time does.
 */
import { describe, expect, it } from 'vitest';
import { likeTrigrams, partCost, sampleTrigrams, indexedPart, indexedPartOfAll, valueTrigrams } from '../../db/trigrams.js';

/** Addresses shaped like the benchmark's: every one begins with `agent`, most end in one of few domains. */
const addresses = Array.from({ length: 2000 }, (_, i) => `agent${(i * 7919) % 100000}@agency${i % 40}.example`);
const sample = sampleTrigrams(addresses, 2_000_000);

describe('trigrams as pg_trgm makes them', () => {
  it('pads a stored word on both sides, two spaces before and one after', () => {
    expect([...valueTrigrams('Ab1@x')].sort()).toEqual(['  a', '  x', ' ab', ' x ', 'ab1', 'b1 '].sort());
  });

  it("pads a LIKE part's words only where a separator of the part bounds them", () => {
    expect([...likeTrigrams('agent12@')].sort()).toEqual(['12 ', 'age', 'ent', 'gen', 'nt1', 't12'].sort());
    expect([...likeTrigrams('@agency')].sort()).toEqual(['  a', ' ag', 'age', 'enc', 'gen', 'ncy'].sort());
    expect([...likeTrigrams('ab')]).toEqual([]);
  });

  it('reads letters of any script as word characters', () => {
    expect(likeTrigrams('ольга')).toEqual(new Set(['оль', 'льг', 'ьга']));
  });
});

describe('the part of a term the index is given', () => {
  it('leaves out the trigrams every row holds', () => {
    const part = indexedPart('agent12345@', sample);
    expect(part).not.toMatch(/^agent/);
    expect('agent12345@').toContain(part);
    expect(partCost(part, sample)).toBeLessThan(partCost('agent12345@', sample) / 2);
  });

  it('keeps a term whose trigrams are all rare whole', () => {
    expect(indexedPart('zyxwvu', sample)).toBe('zyxwvu');
  });

  it("gives the index a term the sample finds whole: the planner's own statistics weigh a common term", () => {
    expect(indexedPart('agency', sample)).toBe('agency');
    expect(indexedPart('agent1', sample)).toBe('agent1'); // agent1…: about one in nine
  });

  it('weighs a part by the rows it finds, not only by its trigrams: a longer part that finds fewer wins', () => {
    const part = indexedPart('agent12345@', sample);
    expect(partCost(part, sample)).toBeLessThanOrEqual(partCost('12345', sample));
  });

  it('never gives the index a part without a trigram (it would be read whole)', () => {
    expect(partCost('a%', sample)).toBe(Infinity);
    expect(indexedPart('ab', sample)).toBe('ab');
  });
});

describe('the part the index is given of several words that must all match (R24 name filter)', () => {
  it('R24: only the cheapest part of all the words; a common word is matched on the rows it finds, not read from the index', () => {
    const part = indexedPartOfAll(['agency1', 'agent12345@'], sample);
    expect(part).toBe(indexedPart('agent12345@', sample));
    expect(partCost(part!, sample)).toBeLessThan(partCost('agency1', sample) / 2);
    expect(indexedPartOfAll(['agent12345@', 'agency1'], sample)).toBe(part); // whatever the words' order
  });

  it('R24: a word without a trigram never takes the index from one that has them', () => {
    expect(indexedPartOfAll(['ab', 'agent12345@'], sample)).toBe(indexedPart('agent12345@', sample));
  });

  it('R24: none when the sample finds every word (the planner weighs common words itself) or no word has a trigram', () => {
    expect(indexedPartOfAll(['agency', 'agent1'], sample)).toBeNull();
    expect(indexedPartOfAll(['ab', 'x'], sample)).toBeNull();
  });
});
