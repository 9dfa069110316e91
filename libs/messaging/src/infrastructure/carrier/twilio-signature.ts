import twilio from 'twilio';

/**
 * Checks `X-Twilio-Signature` over the exact URL Twilio was given (built from PUBLIC_BASE_URL,
 * never from the request's Host, which a TLS-terminating proxy changes) and every POST parameter.
 */
export function isValidTwilioSignature(
  authToken: string | null,
  signature: string | undefined,
  url: string,
  params: Record<string, unknown>,
): boolean {
  if (!authToken || !signature) return false;
  return twilio.validateRequest(authToken, signature, url, params as Record<string, string>);
}
