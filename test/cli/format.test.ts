import { csvField, formatCell, formatEvaluation, formatSyntaxError, toCsv } from '../../src/cli/format';
import type { FormattedOutput } from '../../src/cli/format';
import type { CellValue, Evaluation } from '../../src/functions/callingConvention';
import { FormulaSyntaxError, parseFormula } from '../../src/functions/formulaSyntax';

describe('formatEvaluation', () => {
  const cases: [string, Evaluation, FormattedOutput][] = [
    ['number', { kind: 'value', value: 0.13 }, { stdout: '0.13\n', stderr: '', exitCode: 0 }],
    ['full precision', { kind: 'value', value: 0.1 + 0.2 }, { stdout: '0.30000000000000004\n', stderr: '', exitCode: 0 }],
    ['large number', { kind: 'value', value: 2.4e12 }, { stdout: '2400000000000\n', stderr: '', exitCode: 0 }],
    ['huge number', { kind: 'value', value: 1e21 }, { stdout: '1e+21\n', stderr: '', exitCode: 0 }],
    ['negative', { kind: 'value', value: -329.6 }, { stdout: '-329.6\n', stderr: '', exitCode: 0 }],
    ['TRUE', { kind: 'value', value: true }, { stdout: 'TRUE\n', stderr: '', exitCode: 0 }],
    ['FALSE', { kind: 'value', value: false }, { stdout: 'FALSE\n', stderr: '', exitCode: 0 }],
    ['text is not quoted', { kind: 'value', value: 'a, "b"' }, { stdout: 'a, "b"\n', stderr: '', exitCode: 0 }],
    ['blank', { kind: 'value', value: '' }, { stdout: '\n', stderr: '', exitCode: 0 }],
    [
      'spill',
      {
        kind: 'spill',
        rows: [
          ['date', 'net'],
          ['2025-01-01', 5812.3],
          [45659, true],
        ],
      },
      { stdout: 'date,net\n2025-01-01,5812.3\n45659,TRUE\n', stderr: '', exitCode: 0 },
    ],
    [
      'spill with error cells',
      {
        kind: 'spill',
        rows: [[0.065], ['#NUM!']],
        errors: [{ row: 1, col: 0, code: '#NUM!', message: 'pct must be between 0 and 1' }],
      },
      { stdout: '0.065\n#NUM!\n', stderr: 'row 2, column 1: #NUM! pct must be between 0 and 1\n', exitCode: 0 },
    ],
    [
      'spill error without message',
      { kind: 'spill', rows: [[1, '#N/A']], errors: [{ row: 0, col: 1, code: '#N/A', message: '' }] },
      { stdout: '1,#N/A\n', stderr: 'row 1, column 2: #N/A\n', exitCode: 0 },
    ],
    [
      'error',
      { kind: 'error', code: '#N/A', message: 'unknown ticker "FOO": known tickers are SPX, QQQ' },
      { stdout: '#N/A unknown ticker "FOO": known tickers are SPX, QQQ\n', stderr: '', exitCode: 1 },
    ],
    ['error without message', { kind: 'error', code: '#DIV/0!', message: '' }, { stdout: '#DIV/0!\n', stderr: '', exitCode: 1 }],
    [
      'unknown function',
      { kind: 'unknown-function', name: 'LIQ.INDX', known: ['CREDIT.LOSS', 'LIQ.INDEX'] },
      { stdout: '#NAME? unknown function LIQ.INDX; known: CREDIT.LOSS, LIQ.INDEX\n', stderr: '', exitCode: 1 },
    ],
    ['unknown function, empty table', { kind: 'unknown-function', name: 'X', known: [] }, { stdout: '#NAME? unknown function X; known: (none)\n', stderr: '', exitCode: 1 }],
    [
      'arity',
      { kind: 'arity', message: 'NONE takes no arguments but was given 1: NONE()' },
      { stdout: '#VALUE! NONE takes no arguments but was given 1: NONE()\n', stderr: '', exitCode: 1 },
    ],
  ];
  it.each(cases)('%s', (_label, evaluation, expected) => {
    expect(formatEvaluation(evaluation)).toEqual(expected);
  });
});

describe('CSV', () => {
  const fields: [CellValue, string][] = [
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rhere', '"cr\rhere"'],
    ['  spaces  ', '  spaces  '],
    ['semi;colon', 'semi;colon'],
    [0.2, '0.2'],
    [-0.000001, '-0.000001'],
    [1e-7, '1e-7'],
    [123456789.12345679, '123456789.12345679'],
    [true, 'TRUE'],
    [false, 'FALSE'],
  ];
  it.each(fields)('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('joins rows with newlines and quotes fields per RFC 4180', () => {
    expect(
      toCsv([
        ['label', 'value'],
        ['consumer, USD bn', 329.6],
        ['the "net" loss', 325],
        ['multi\nline', false],
      ]),
    ).toBe('label,value\n"consumer, USD bn",329.6\n"the ""net"" loss",325\n"multi\nline",FALSE\n');
  });

  it('formats cells without quoting', () => {
    expect(formatCell('a,b')).toBe('a,b');
    expect(formatCell(1 / 3)).toBe('0.3333333333333333');
  });
});

describe('formatSyntaxError', () => {
  it('writes the message and a caret under the position to stderr, exit 2', () => {
    const err = parseFormula('=CREDIT.LOSS(SUM(1))') as FormulaSyntaxError;
    expect(err).toBeInstanceOf(FormulaSyntaxError);
    const out = formatSyntaxError(err);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.split('\n');
    expect(lines[0]).toBe(`syntax error: ${err.message}`);
    expect(lines[1]).toBe('  =CREDIT.LOSS(SUM(1))');
    expect(lines[2]).toBe(`  ${' '.repeat(13)}^`);
    expect((lines[2] ?? '').indexOf('^') - 2).toBe(err.position);
    expect(out.stderr.endsWith('\n')).toBe(true);
  });

  it('puts the caret past the end for a missing parenthesis', () => {
    const out = formatSyntaxError(parseFormula('=F(1') as FormulaSyntaxError);
    expect(out.stderr.split('\n').slice(1, 3)).toEqual(['  =F(1', '      ^']);
  });

  it('omits the caret for empty or multi-line input', () => {
    expect(formatSyntaxError(parseFormula('') as FormulaSyntaxError).stderr.split('\n')).toHaveLength(2);
    expect(formatSyntaxError(parseFormula('=F(1,\nA1)') as FormulaSyntaxError).stderr.split('\n')).toHaveLength(2);
  });

  it('works with an error built by hand', () => {
    const out = formatSyntaxError(new FormulaSyntaxError('bad at position 0', 0, '?'));
    expect(out).toEqual({ stdout: '', stderr: 'syntax error: bad at position 0\n  ?\n  ^\n', exitCode: 2 });
  });
});
