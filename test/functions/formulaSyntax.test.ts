import { FormulaSyntaxError, isFormulaSyntaxError, parseFormula, SUPPORTED_SYNTAX } from '../../src/functions/formulaSyntax';
import type { Arg } from '../../src/functions/formulaSyntax';

function ok(text: string) {
  const result = parseFormula(text);
  if (result instanceof FormulaSyntaxError) throw new Error(`expected ${text} to parse, got: ${result.message}`);
  return result;
}

function err(text: string): FormulaSyntaxError {
  const result = parseFormula(text);
  if (!(result instanceof FormulaSyntaxError)) throw new Error(`expected ${text} to fail, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseFormula: accepted formulas', () => {
  const cases: [string, string, Arg[]][] = [
    ['=CREDIT.LOSS(0.2)', 'CREDIT.LOSS', [0.2]],
    ['CREDIT.LOSS(0.2)', 'CREDIT.LOSS', [0.2]],
    ['=credit.loss(0.2)', 'CREDIT.LOSS', [0.2]],
    ['=Ratio.Gold("SPX")', 'RATIO.GOLD', ['SPX']],
    ['=LIQ.INDEX()', 'LIQ.INDEX', []],
    ['=LIQ.INDEX( )', 'LIQ.INDEX', []],
    ['=F_2.X9(1)', 'F_2.X9', [1]],
    ['=_XL.F(1)', '_XL.F', [1]],
    ['  =  F ( 1 , 2 )  ', 'F', [1, 2]],
    ['=F(\t1,\n2)', 'F', [1, 2]],
    ['=F(-3)', 'F', [-3]],
    ['=F(+3)', 'F', [3]],
    ['=F(- 3)', 'F', [-3]],
    ['=F(1e6)', 'F', [1e6]],
    ['=F(2.4E12)', 'F', [2.4e12]],
    ['=F(1e-3, 1E+2)', 'F', [0.001, 100]],
    ['=F(.5)', 'F', [0.5]],
    ['=F(5.)', 'F', [5]],
    ['=F(-.25)', 'F', [-0.25]],
    ['=F(20%)', 'F', [0.2]],
    ['=F(-5%)', 'F', [-0.05]],
    ['=F(1e2%)', 'F', [1]],
    ['=F(50%%)', 'F', [0.005]],
    ['=F(-0)', 'F', [0]],
    ['=F(0.1)', 'F', [0.1]],
    ['=F(12345678901234567)', 'F', [12345678901234567]],
    ['=F("text")', 'F', ['text']],
    ['=F("")', 'F', ['']],
    ['=F("say ""hi""")', 'F', ['say "hi"']],
    ['=F("""")', 'F', ['"']],
    ['=F("a,b)c")', 'F', ['a,b)c']],
    ['=F("  padded ")', 'F', ['  padded ']],
    ['=F("{1;2}")', 'F', ['{1;2}']],
    ['=F(TRUE, FALSE)', 'F', [true, false]],
    ['=F(true, False)', 'F', [true, false]],
    ['=F(1,,3)', 'F', [1, null, 3]],
    ['=F(1,)', 'F', [1, null]],
    ['=F(,1)', 'F', [null, 1]],
    ['=F(,)', 'F', [null, null]],
    ['=F(, ,)', 'F', [null, null, null]],
    ['=RATIO.GOLD("SPX",)', 'RATIO.GOLD', ['SPX', null]],
    ['=F({0.1;0.2;0.3})', 'F', [[[0.1], [0.2], [0.3]]]],
    ['=F({1,2,3})', 'F', [[[1, 2, 3]]]],
    [
      '=F({1,2;3,4})',
      'F',
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ],
    [
      '=F({ 1 , 2 ; 3 , 4 })',
      'F',
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ],
    [
      '=F({"a","b""c";TRUE,-1e3})',
      'F',
      [
        [
          ['a', 'b"c'],
          [true, -1000],
        ],
      ],
    ],
    ['=F({5})', 'F', [[[5]]]],
    ['=CREDIT.LOSS({0.1;0.2}, "consumer", {"employed",160000000})', 'CREDIT.LOSS', [[[0.1], [0.2]], 'consumer', [['employed', 160000000]]]],
  ];
  it.each(cases)('%j', (text, name, args) => {
    const parsed = ok(text);
    expect(parsed).toEqual({ name, args });
  });

  it('does not produce negative zero', () => {
    expect(Object.is(ok('=F(-0)').args[0], 0)).toBe(true);
    expect(Object.is((ok('=F({-0})').args[0] as number[][])[0]?.[0], 0)).toBe(true);
  });
});

describe('parseFormula: rejected formulas', () => {
  // [input, position, fragment of the message]
  const cases: [string, number, string][] = [
    ['', 0, 'empty formula'],
    ['   ', 3, 'empty formula'],
    ['=', 1, "expected a function name after '='"],
    ['==F(1)', 1, "unexpected '='"],
    ['=F', 2, "expected '(' after the function name F"],
    ['=F 1', 3, "expected '(' after the function name F"],
    ['=0.2', 1, 'bare value'],
    ['="x"', 1, 'bare value'],
    ['=-F(1)', 1, 'operators are not supported'],
    ['=1F(2)', 1, 'bare value'],
    ['=F(1', 4, "missing ')'"],
    ['=F(1,', 5, "missing ')'"],
    ['=F(', 3, "missing ')'"],
    ['=F(1))', 5, "unexpected ')' after the closing ')'"],
    ['=F(1) x', 6, "unexpected 'x'"],
    ['=F(1)+1', 5, "operators are not supported ('+' after the closing ')')"],
    ['=F(1)*G(2)', 5, 'operators are not supported'],
    ['=F("abc)', 3, 'unterminated string'],
    ['=F("a""b)', 3, 'unterminated string'],
    ['=F(abc")', 3, 'names are not supported'],
    ['=F("a" "b")', 7, "expected ',' or ')' before this string"],
    ['=F({1,2)', 7, 'unclosed array constant'],
    ['=F({1,2', 3, 'unclosed array constant'],
    ['=F(1})', 4, "expected ',' or ')', found '}'"],
    ['=F({1,2;3})', 9, 'rows must have the same length: row 2 has 1 value, row 1 has 2'],
    ['=F({1;2,3})', 9, 'rows must have the same length: row 2 has 2 values, row 1 has 1'],
    ['=F({})', 4, 'empty array constant'],
    ['=F({1,,2})', 6, 'missing value in array constant'],
    ['=F({1;})', 6, 'missing value in array constant'],
    ['=F({{1}})', 4, 'cannot be nested'],
    ['=F({20%})', 6, 'percent signs are not allowed in array constants'],
    ['=F({A1})', 4, 'cell references are not supported'],
    ['=F({SUM(1)})', 4, 'function calls are not allowed inside array constants'],
    ['=F({1+2})', 5, 'operators are not supported'],
    ['=F({#N/A})', 4, 'error values'],
    ['=F(G(1))', 3, 'nested function calls are not supported (G)'],
    ['=CREDIT.LOSS(SUM(0.1, 0.1))', 13, 'nested function calls are not supported (SUM)'],
    ['=F(TRUE())', 3, 'nested function calls are not supported (TRUE)'],
    ['=F(g (1))', 3, 'nested function calls'],
    ['=F(A1)', 3, 'cell references are not supported (A1)'],
    ['=F($B$2)', 3, 'cell references are not supported ($B$2)'],
    ['=F(A1:B2)', 3, 'cell references are not supported'],
    ['=F(A:A)', 3, 'cell references are not supported (A)'],
    ['=F(1:1)', 3, 'cell references are not supported'],
    ['=F(Sheet1!A1)', 3, 'cell references are not supported (Sheet1)'],
    ["=F('My sheet'!A1)", 3, 'cell references are not supported'],
    ['=F(R1C1)', 3, 'cell references are not supported'],
    ['=F(SPX)', 3, 'names are not supported (SPX); text must be in double quotes, e.g. "SPX"'],
    ['=F(1+2)', 4, "operators are not supported ('+')"],
    ['=F(2*3)', 4, "operators are not supported ('*')"],
    ['=F("a"&"b")', 6, "operators are not supported ('&')"],
    ['=F(1 = 1)', 5, "operators are not supported ('=')"],
    ['=F(--3)', 3, 'operators are not supported'],
    ['=F(-"a")', 3, 'operators are not supported'],
    ['=F(-)', 3, "a '-' sign is only allowed directly before a number"],
    ['=F(-', 4, "expected a number after '-'"],
    ['=F((1))', 3, 'parentheses and expressions are not supported'],
    ['=F(#N/A)', 3, 'error values such as #N/A are not supported as arguments'],
    ['=F(@A1)', 3, "'@' is not supported"],
    ['=F(1.2.3)', 3, "malformed number '1.2.'"],
    ['=F(12abc)', 3, "malformed number '12a'"],
    ['=F(1e)', 3, 'exponent without digits'],
    ['=F(.)', 3, 'malformed number'],
    ['=F(1e400)', 3, 'number out of range'],
    ['=F(1;2)', 4, "expected ',' or ')', found ';'"],
  ];
  it.each(cases)('%j → position %i', (text, position, fragment) => {
    const e = err(text);
    expect(e.message).toContain(fragment);
    expect(e.position).toBe(position);
    expect(e.message).toContain(`at position ${position}`);
    expect(e.input).toBe(text);
  });

  it('is an Error subclass carrying message and position', () => {
    const e = err('=F(G(1))');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(FormulaSyntaxError);
    expect(isFormulaSyntaxError(e)).toBe(true);
    expect(isFormulaSyntaxError(ok('=F(1)'))).toBe(false);
    expect(e.name).toBe('FormulaSyntaxError');
  });

  it.each(['=F(G(1))', '=F(A1)', '=F(1+2)', '', '=F(SPX)'])('says what is supported for unsupported constructs: %j', (text) => {
    expect(err(text).message).toContain(SUPPORTED_SYNTAX);
  });

  it('never throws on arbitrary input', () => {
    const alphabet = ['=', 'F', '(', ')', ',', ';', '{', '}', '"', '1', '.', 'e', '-', '%', ' ', 'A', ':', '#', 'TRUE'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const len = rand(12);
      for (let j = 0; j < len; j++) text += alphabet[rand(alphabet.length)];
      const result = parseFormula(text);
      if (result instanceof FormulaSyntaxError) {
        expect(result.position).toBeGreaterThanOrEqual(0);
        expect(result.position).toBeLessThanOrEqual(text.length);
      } else {
        expect(typeof result.name).toBe('string');
      }
    }
  });
});
