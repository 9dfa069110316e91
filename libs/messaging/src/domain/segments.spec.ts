import {
  analyzeSegments,
  carrierLength,
  isGsm7,
  MAX_SMS_BODY_CHARACTERS,
  SegmentInfo,
  SmsEncoding,
} from './segments';

const a = (n: number): string => 'a'.repeat(n);
const EMOJI = '😀'; // U+1F600: outside the BMP, so a surrogate pair of two UTF-16 units

function info(encoding: SmsEncoding, characters: number, segments: number): SegmentInfo {
  return { encoding, characters, segments };
}

// Hand-copied from the GSM 03.38 default alphabet (0x1B, the escape, has no character of its own),
// kept apart from the implementation's table so a slip in either one shows up.
const ascii = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const BASIC_CODE_POINTS: readonly number[] = [
  0x40,
  0xa3,
  0x24,
  0xa5,
  0xe8,
  0xe9,
  0xf9,
  0xec,
  0xf2,
  0xc7,
  0x0a,
  0xd8,
  0xf8,
  0x0d,
  0xc5,
  0xe5,
  0x394,
  0x5f,
  0x3a6,
  0x393,
  0x39b,
  0x3a9,
  0x3a0,
  0x3a8,
  0x3a3,
  0x398,
  0x39e,
  0xc6,
  0xe6,
  0xdf,
  0xc9,
  ...ascii(0x20, 0x23),
  0xa4,
  ...ascii(0x25, 0x3f),
  0xa1,
  ...ascii(0x41, 0x5a),
  0xc4,
  0xd6,
  0xd1,
  0xdc,
  0xa7,
  0xbf,
  ...ascii(0x61, 0x7a),
  0xe4,
  0xf6,
  0xf1,
  0xfc,
  0xe0,
];
const EXTENSION_CODE_POINTS: readonly number[] = [
  0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac,
];
const BASIC = BASIC_CODE_POINTS.map((cp) => String.fromCodePoint(cp));
const EXTENSION = EXTENSION_CODE_POINTS.map((cp) => String.fromCodePoint(cp));

describe('the GSM-7 alphabet', () => {
  it('has the 127 basic and 10 extension characters of GSM 03.38', () => {
    expect(new Set(BASIC).size).toBe(127);
    expect(new Set(EXTENSION).size).toBe(10);
  });

  it('accepts exactly those characters across the whole BMP', () => {
    const expected = new Set([...BASIC, ...EXTENSION]);
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp += 1) {
      const character = String.fromCharCode(cp);
      if (isGsm7(character) !== expected.has(character)) mismatches.push(cp.toString(16));
    }
    expect(mismatches).toEqual([]);
  });

  it.each(BASIC.map((c) => [c]))('costs one septet for basic %j', (character) => {
    // 159 + 1 = 160 septets: still a single segment.
    expect(analyzeSegments(a(159) + character)).toEqual(info('GSM-7', 160, 1));
  });

  it.each(EXTENSION.map((c) => [c]))('costs two septets for extension %j', (character) => {
    // 159 + 2 = 161 septets: over 160, so split into two 153-septet parts.
    expect(analyzeSegments(a(159) + character)).toEqual(info('GSM-7', 160, 2));
  });

  it('treats bodies built only from the alphabet as GSM-7', () => {
    expect(isGsm7(BASIC.join('') + EXTENSION.join(''))).toBe(true);
    expect(isGsm7('')).toBe(true);
    expect(isGsm7('Your W-2 is ready. Reply STOP to opt out.')).toBe(true);
    expect(isGsm7('Your W‑2 is ready')).toBe(false); // non-breaking hyphen U+2011
  });
});

describe('encoding', () => {
  it.each(['é', 'Ç', '€', '£', '@', '¥', '¤', '§', '¡', '¿', 'Δ', 'ß', 'Ñ', 'ü', 'à', '"', "'"])(
    'stays GSM-7 with %j',
    (character) => {
      expect(analyzeSegments(`Hi ${character}`).encoding).toBe('GSM-7');
    },
  );

  it.each([
    ['á', 'a-acute'],
    ['ç', 'lower-case c-cedilla (only the capital is GSM-7)'],
    ['`', 'backtick'],
    ['“', 'left double quote'],
    ['”', 'right double quote'],
    ['‘', 'left single quote'],
    ['’', 'right single quote'],
    [EMOJI, 'emoji'],
    ['í', 'i-acute'],
    ['–', 'en dash'],
    ['…', 'ellipsis'],
    ['\t', 'tab'],
    ['\u00a0', 'non-breaking space'],
    ['Α', 'Greek capital alpha, which only looks like A'],
    ['e\u0301', 'e with a combining acute, unnormalised'],
  ])('flips to UCS-2 with %j (%s)', (character) => {
    expect(analyzeSegments(`Hi ${character}`).encoding).toBe('UCS-2');
  });
});

describe('analyzeSegments', () => {
  it('counts nothing for an empty body', () => {
    expect(analyzeSegments('')).toEqual(info('GSM-7', 0, 0));
  });

  it.each<[string, string, SegmentInfo]>([
    ['one character', 'a', info('GSM-7', 1, 1)],
    ['160 septets', a(160), info('GSM-7', 160, 1)],
    ['161 septets', a(161), info('GSM-7', 161, 2)],
    ['306 septets = 2 × 153', a(306), info('GSM-7', 306, 2)],
    ['307 septets', a(307), info('GSM-7', 307, 3)],
    ['1530 septets = 10 × 153', a(1530), info('GSM-7', 1530, 10)],
    ['1600 septets = 10 × 153 + 70', a(1600), info('GSM-7', 1600, 11)],
    ['CR LF as two characters', 'a\r\nb', info('GSM-7', 4, 1)],
  ])('plain GSM-7: %s', (_label, body, expected) => {
    expect(analyzeSegments(body)).toEqual(expected);
  });

  it.each<[string, string, SegmentInfo]>([
    ['158 + € = 160 septets', a(158) + '€', info('GSM-7', 159, 1)],
    ['159 + € = 161 septets', a(159) + '€', info('GSM-7', 160, 2)],
    ['159 + form feed = 161 septets', a(159) + '\f', info('GSM-7', 160, 2)],
    [
      '140 + all ten extension characters = 160 septets',
      a(140) + '\f^{}\\[~]|€',
      info('GSM-7', 150, 1),
    ],
    [
      '141 + all ten extension characters = 161 septets',
      a(141) + '\f^{}\\[~]|€',
      info('GSM-7', 151, 2),
    ],
    // A single segment has no boundary to straddle: 152 + 2 = 154 ≤ 160.
    ['152 + { in one segment', a(152) + '{', info('GSM-7', 153, 1)],
    ['80 × € = 160 septets', '€'.repeat(80), info('GSM-7', 80, 1)],
    // 162 septets; a part holds 76 pairs (152), the 77th would need 154.
    ['81 × € = 162 septets', '€'.repeat(81), info('GSM-7', 81, 2)],
    ['152 × € = 304 septets, 76 + 76 pairs', '€'.repeat(152), info('GSM-7', 152, 2)],
    // 306 septets would be 2 × 153, but 76 pairs per part leaves the 153rd € for a third.
    ['153 × € = 306 septets', '€'.repeat(153), info('GSM-7', 153, 3)],
    // 151 + 2 fills part 1 exactly at 153; the remaining 153 fill part 2.
    [
      '151 + { + 153 = 306 septets, pair ends on the boundary',
      a(151) + '{' + a(153),
      info('GSM-7', 305, 2),
    ],
    // 152 + 2 = 154 would straddle, so { opens part 2: 2 + 151 = 153, and 1 spills into part 3.
    [
      '152 + { + 152 = 306 septets, pair straddles 153',
      a(152) + '{' + a(152),
      info('GSM-7', 305, 3),
    ],
  ])('GSM-7 extension characters: %s', (_label, body, expected) => {
    expect(analyzeSegments(body)).toEqual(expected);
  });

  it.each<[string, string, SegmentInfo]>([
    ['70 units', 'á'.repeat(70), info('UCS-2', 70, 1)],
    ['71 units', 'á'.repeat(71), info('UCS-2', 71, 2)],
    ['134 units = 2 × 67', 'á'.repeat(134), info('UCS-2', 134, 2)],
    ['135 units', 'á'.repeat(135), info('UCS-2', 135, 3)],
    ['1600 units = 23 × 67 + 59', 'á'.repeat(1600), info('UCS-2', 1600, 24)],
    ['69 GSM-7 + á = 70 units', a(69) + 'á', info('UCS-2', 70, 1)],
    ['70 GSM-7 + á = 71 units', a(70) + 'á', info('UCS-2', 71, 2)],
    // 160 characters that would fit one GSM-7 segment need 67 + 67 + 26 once one is outside it.
    ['159 é + ç = 160 units', 'é'.repeat(159) + 'ç', info('UCS-2', 160, 3)],
    // Extension characters cost one unit in UCS-2, not two.
    ['69 € + á = 70 units', '€'.repeat(69) + 'á', info('UCS-2', 70, 1)],
    ['a BMP symbol is one unit', '☺', info('UCS-2', 1, 1)],
  ])('UCS-2: %s', (_label, body, expected) => {
    expect(analyzeSegments(body)).toEqual(expected);
  });

  it.each<[string, string, SegmentInfo]>([
    ['one emoji = 2 units', EMOJI, info('UCS-2', 1, 1)],
    ['68 + emoji = 70 units', a(68) + EMOJI, info('UCS-2', 69, 1)],
    ['69 + emoji = 71 units', a(69) + EMOJI, info('UCS-2', 70, 2)],
    // 65 + 2 = 67 fills part 1 exactly; 67 more fill part 2.
    [
      '65 + emoji + 67 = 134 units, pair ends on the boundary',
      a(65) + EMOJI + a(67),
      info('UCS-2', 133, 2),
    ],
    // 66 + 2 = 68 would straddle, so the emoji opens part 2: 2 + 65 = 67, and 1 spills over.
    [
      '66 + emoji + 66 = 134 units, pair straddles 67',
      a(66) + EMOJI + a(66),
      info('UCS-2', 133, 3),
    ],
    // 66 + 2 + 67 = 135: part 1 holds 66, part 2 holds the emoji + 65, part 3 the last 2.
    ['66 + emoji + 67 = 135 units', a(66) + EMOJI + a(67), info('UCS-2', 134, 3)],
    ['35 emoji = 70 units', EMOJI.repeat(35), info('UCS-2', 35, 1)],
    // 72 units; a part holds 33 pairs (66), the 34th would need 68.
    ['36 emoji = 72 units', EMOJI.repeat(36), info('UCS-2', 36, 2)],
    // 134 units would be 2 × 67, but 33 pairs per part leaves the 67th emoji for a third.
    ['67 emoji = 134 units', EMOJI.repeat(67), info('UCS-2', 67, 3)],
    // 3200 units at 33 pairs per part: 48 × 33 = 1584, 16 left over.
    ['1600 emoji = 3200 units', EMOJI.repeat(1600), info('UCS-2', 1600, 49)],
    // Man, ZWJ, woman, ZWJ, girl: five code points, eight units.
    ['a ZWJ family counts its code points', '👨\u200d👩\u200d👧', info('UCS-2', 5, 1)],
    ['a flag is two regional indicators', '🇺🇸', info('UCS-2', 2, 1)],
    ['text with emoji', `Thanks ${EMOJI}${EMOJI}!`, info('UCS-2', 10, 1)],
  ])('surrogate pairs: %s', (_label, body, expected) => {
    expect(analyzeSegments(body)).toEqual(expected);
  });
});

describe('MAX_SMS_BODY_CHARACTERS', () => {
  it("is Twilio's 1600-character cap", () => {
    expect(MAX_SMS_BODY_CHARACTERS).toBe(1600);
  });
});

describe('carrierLength', () => {
  it('counts UTF-16 code units, so an emoji outside the BMP counts twice', () => {
    expect(carrierLength('x'.repeat(1600))).toBe(1600);
    expect(carrierLength('é€')).toBe(2);
    expect(carrierLength('😀'.repeat(800))).toBe(1600);
    expect(analyzeSegments('😀'.repeat(800)).characters).toBe(800);
  });
});
