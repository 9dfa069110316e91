const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** TwiML for a webhook answer: nothing to do, or one text back to the sender. */
export function twimlResponse(reply: string | null): string {
  if (!reply) return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  const escaped = reply.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escaped}</Message></Response>`;
}
