import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';
import { ClientContact, FindClientsByPhonesQuery } from '@app/directory';

export interface InboundMatch {
  clientId: string | null;
  clientName: string | null;
  /** Clients sharing the phone when none of them could be chosen; null otherwise. */
  candidates: string[] | null;
}

const UNMATCHED: InboundMatch = { clientId: null, clientName: null, candidates: null };

/**
 * Which client a text is from. One client with the phone is that client. Several (a household,
 * a business and its owner) means the reply most likely answers the last one the firm texted at
 * that number; when the firm texted none of them, a person decides in Unmatched.
 */
@Injectable()
export class InboundClientMatcher {
  constructor(private readonly queries: QueryBus) {}

  /**
   * The match of each (firm, sender) pair, in the pairs' order; a sender with no E.164 form
   * (`from` null) is unmatched. The clients of all pairs are read at once.
   */
  async matchAll(
    tx: EntityManager,
    senders: readonly { firmId: string; from: string | null }[],
  ): Promise<InboundMatch[]> {
    const key = (firmId: string, phone: string) => `${firmId} ${phone}`;
    const wanted = new Map<string, { firmId: string; phone: string }>();
    for (const { firmId, from } of senders) {
      if (from) wanted.set(key(firmId, from), { firmId, phone: from });
    }
    const found = await this.queries.execute(
      new FindClientsByPhonesQuery([...wanted.values()], tx, true),
    );
    const byPair = new Map<string, ClientContact[]>();
    for (const client of found) {
      const pair = key(client.firmId, client.phone ?? '');
      byPair.set(pair, [...(byPair.get(pair) ?? []), client]);
    }
    const matches: InboundMatch[] = [];
    for (const { firmId, from } of senders) {
      const clients = from ? (byPair.get(key(firmId, from)) ?? []) : [];
      matches.push(await this.choose(tx, firmId, from, clients));
    }
    return matches;
  }

  private async choose(
    tx: EntityManager,
    firmId: string,
    from: string | null,
    clients: ClientContact[],
  ): Promise<InboundMatch> {
    if (!from || clients.length === 0) return UNMATCHED;
    if (clients.length === 1) {
      return { clientId: clients[0].id, clientName: clients[0].name, candidates: null };
    }
    const ids = clients.map((c) => c.id);
    const [latest] = await txSql(tx).query<{ client_id: string }>(
      `select client_id from messages
        where firm_id = $1 and peer_number = $2 and direction = 'outbound' and client_id = any($3::uuid[])
        order by created_at desc, id desc
        limit 1`,
      [firmId, from, ids],
    );
    const chosen = latest && clients.find((c) => c.id === latest.client_id);
    if (chosen) return { clientId: chosen.id, clientName: chosen.name, candidates: null };
    return { clientId: null, clientName: null, candidates: ids };
  }
}
