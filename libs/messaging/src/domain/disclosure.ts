/** How the one-time consent disclosure rides on a client's first text: after a blank line. */
export function appendDisclosure(body: string, disclosure: string): string {
  return `${body}\n\n${disclosure}`;
}
