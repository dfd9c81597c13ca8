/**
 * Pulsar's message ids as its WebSocket API gives them: base64 of the MessageIdData protobuf. A
 * reader compares them with a topic's last message id (from the admin API) to know where a
 * bounded read ends; only the ledger and entry ids matter for that, so only they are decoded.
 */
export interface LedgerPosition {
  readonly ledgerId: number;
  readonly entryId: number;
}

export function decodeMessageId(base64: string): LedgerPosition {
  const bytes = Buffer.from(base64, 'base64');
  let ledgerId = -1;
  let entryId = -1;
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++];
    if ((tag & 7) !== 0) break; // Fields 1 and 2 are varints, and come first.
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[i++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) break;
    }
    if (tag >> 3 === 1) ledgerId = value;
    else if (tag >> 3 === 2) entryId = value;
  }
  return { ledgerId, entryId };
}

export function isAtOrAfter(id: LedgerPosition, end: LedgerPosition): boolean {
  return id.ledgerId > end.ledgerId || (id.ledgerId === end.ledgerId && id.entryId >= end.entryId);
}
