import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../rules/csv-export.js';

describe('CSV exports', () => {
  it('neutralises cells a spreadsheet would run as formulas (OWASP CSV injection)', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('keeps numbers, dates, empty values and plain text as they are', () => {
    expect(csvCell(-150)).toBe('-150');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell('Анна; Иванова')).toBe('"Анна; Иванова"');
    expect(csvCell('a "quoted" word')).toBe('"a ""quoted"" word"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes a BOM, semicolons and CRLF line ends', () => {
    expect(csvDocument(['a', 'b'], [[1, '=x']])).toBe("\uFEFFa;b\r\n1;'=x\r\n");
  });
});
