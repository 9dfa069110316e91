import { twimlResponse } from './twiml';

describe('twimlResponse', () => {
  it('answers an empty Response when there is nothing to send', () => {
    expect(twimlResponse(null)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('escapes the reply so a firm name cannot break the XML', () => {
    expect(twimlResponse(`Hill & Dale <CPAs> "Tom's"`)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hill &amp; Dale &lt;CPAs&gt; &quot;Tom&apos;s&quot;</Message></Response>',
    );
  });
});
