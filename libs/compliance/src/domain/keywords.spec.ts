import {
  detectKeyword,
  HELP_KEYWORDS,
  KeywordKind,
  looksLikeOptOut,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
} from './keywords';

const KEYWORDS: readonly [string, KeywordKind][] = [
  ['STOP', 'opt_out'],
  ['STOPALL', 'opt_out'],
  ['UNSUBSCRIBE', 'opt_out'],
  ['CANCEL', 'opt_out'],
  ['END', 'opt_out'],
  ['QUIT', 'opt_out'],
  ['REVOKE', 'opt_out'],
  ['OPTOUT', 'opt_out'],
  ['START', 'opt_in'],
  ['YES', 'opt_in'],
  ['UNSTOP', 'opt_in'],
  ['HELP', 'help'],
  ['INFO', 'help'],
];

const capitalised = (k: string): string => k[0] + k.slice(1).toLowerCase();
const alternating = (k: string): string =>
  Array.from(k, (c, i) => (i % 2 === 0 ? c.toLowerCase() : c)).join('');

const SPELLINGS: readonly [string, (k: string) => string][] = [
  ['upper case', (k) => k],
  ['lower case', (k) => k.toLowerCase()],
  ['capitalised', capitalised],
  ['alternating case', alternating],
  ['surrounding spaces', (k) => `   ${k.toLowerCase()}  `],
  ['trailing full stop', (k) => `${k}.`],
  ['trailing exclamation', (k) => `${k.toLowerCase()}!`],
  ['spaced question', (k) => ` ${capitalised(k)}? `],
  ['repeated punctuation', (k) => `  ${k.toLowerCase()}!! `],
  ['trailing newline', (k) => `${k}\n`],
  ['trailing CRLF', (k) => `${k}\r\n`],
  ['tab and newline around', (k) => `\t${k}\n`],
  ['Spanish exclamation marks', (k) => `¡${capitalised(k)}!`],
  ['single quotes', (k) => `'${k.toLowerCase()}'`],
  ['curly quotes', (k) => `“${capitalised(k)}”`],
  ['guillemets', (k) => `«${k}»`],
  ['parentheses', (k) => `(${k})`],
  ['ellipsis', (k) => `${k}...`],
  ['emoji after', (k) => `${k} 🛑`],
  ['emoji with variation selector', (k) => `${capitalised(k)} ❤️`],
  ['zero-width space before', (k) => `\u200b${k}`],
  ['non-breaking spaces', (k) => `\u00a0${k}\u00a0`],
  [
    'full-width letters',
    (k) => Array.from(k, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''),
  ],
];

describe('keyword lists', () => {
  it('are the carrier keywords of the design', () => {
    expect([...OPT_OUT_KEYWORDS]).toEqual([
      'STOP',
      'STOPALL',
      'UNSUBSCRIBE',
      'CANCEL',
      'END',
      'QUIT',
      'REVOKE',
      'OPTOUT',
    ]);
    expect([...OPT_IN_KEYWORDS]).toEqual(['START', 'YES', 'UNSTOP']);
    expect([...HELP_KEYWORDS]).toEqual(['HELP', 'INFO']);
  });
});

describe('detectKeyword', () => {
  const cases = KEYWORDS.flatMap(([keyword, kind]) =>
    SPELLINGS.map(([how, spell]): [string, string, string, KeywordKind] => [
      keyword,
      how,
      spell(keyword),
      kind,
    ]),
  );

  it.each(cases)('finds %s written with %s (%j)', (keyword, _how, body, kind) => {
    expect(detectKeyword(body)).toEqual({ kind, keyword });
  });

  it.each([
    'Stop by tomorrow?',
    "Can't cancel my appointment",
    'stopping',
    'yes please',
    'start date?',
    'help me find my W-2',
    'Info on my refund?',
    'STOP STOP',
    'stop all',
    'opt out',
    'S T O P',
    'st op',
    '',
    '   ',
    '!!!',
    '🛑',
  ])('finds no keyword in %j', (body) => {
    expect(detectKeyword(body)).toBeNull();
  });
});

describe('looksLikeOptOut', () => {
  it.each([
    'please stop texting me',
    "Don't text me",
    'Don’t text me',
    "DON'T TEXT ME!!!",
    'do not text me anymore',
    'stop messaging me',
    'Stop messaging me.',
    'remove me from your list',
    'Please remove my number',
    'unsubscribe me',
    'no more texts',
    'No more texts, thanks',
    'take me off',
    'Take me off your list please',
    'stop sending me messages',
    "I don't want these texts",
    'I don’t want these texts anymore',
    'I no longer wish to receive messages',
    'leave me alone',
    'Leave me alone!',
    'please stop',
    'Stop please',
    'STOP STOP',
    'stop all',
    'opt out',
    'How do I unsubscribe?',
    'Quit calling me',
    'stop the texts',
    'Please stop sending',
    'I revoke my consent to receive text messages',
    'Revoke consent',
    'Revoke please',
    'I am withdrawing my permission for texts',
    'I no longer consent to texts',
    'I do not consent to being texted',
    'Quit please',
  ])('flags %j', (body) => {
    expect(looksLikeOptOut(body)).toBe(true);
  });

  it.each([
    'Stop by tomorrow?',
    "Can't cancel my appointment",
    "I'll stop by the office",
    'I’ll stop by the office at 3',
    'please text me the documents',
    "don't forget my W-2",
    'Don’t forget my W-2',
    "I'll stop sending the forms by mail",
    "Please don't stop texting me reminders",
    'I want to cancel my appointment',
    'When does tax season end?',
    'Thanks, see you then',
    'yes please',
    'Cancel please',
    'The deadline is the end',
    'I consent to texts',
    'Please stop sending the originals, copies are fine',
    '',
    // Exact keywords are detectKeyword's to act on, not a staff flag.
    'STOP',
    'stop.',
    ' Unsubscribe! ',
    'cancel',
  ])('does not flag %j', (body) => {
    expect(looksLikeOptOut(body)).toBe(false);
  });
});
