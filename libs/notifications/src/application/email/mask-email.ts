const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** `o***@firm.test`: enough for an operator to tell recipients apart, not to read an address. */
export function maskEmail(address: string): string {
  return maskEmailsIn(address);
}

/** Masks every address in a text, e.g. an SMTP reply that echoes the recipient. */
export function maskEmailsIn(text: string): string {
  return text.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}
