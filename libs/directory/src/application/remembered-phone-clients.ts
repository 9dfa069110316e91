import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BoundedMap } from '@app/kernel';
import { afterCommit, afterRollback, txSql } from '@app/platform';
import type { ClientContact } from '../contracts/client.contracts';

/** Enough for the senders of a large deployment; past it the oldest are read again. */
const MOST_REMEMBERED = 50_000;

const key = (firmId: string, phone: string) => `${firmId} ${phone}`;

/**
 * The clients of each (firm, phone) as this process last read them, oldest first, for the
 * inbound webhook: a client who texts often would otherwise have the same rows read for every
 * text. Never trusted unchecked: a transaction that uses one checks it with its COMMIT, which
 * fails (`isPhoneClientsChanged`) unless exactly those clients still have that phone, and the
 * process forgets it when that transaction rolls back. Forgotten here too once this process
 * has committed a change to a client's phone, name or email.
 */
@Injectable()
export class RememberedPhoneClients {
  private readonly byPair = new BoundedMap<string, readonly ClientContact[]>(MOST_REMEMBERED);

  /** The clients remembered for the pair, checked with the COMMIT of `tx`; undefined if none are. */
  use(tx: EntityManager, firmId: string, phone: string): readonly ClientContact[] | undefined {
    const pair = key(firmId, phone);
    const known = this.byPair.get(pair);
    if (!known) return undefined;
    txSql(tx).deferRows(
      'directory.phone-clients-check',
      { firmId, phone, clients: known },
      (checks) => ({
        text: `select ${checks
          .map((_, i) => {
            const n = i * 5;
            return `directory_assert_phone_clients($${n + 1}::uuid, $${n + 2}, $${n + 3}::uuid[], $${n + 4}::text[], $${n + 5}::text[])`;
          })
          .join(', ')}`,
        values: checks.flatMap((c) => [
          c.firmId,
          c.phone,
          c.clients.map((x) => x.id),
          c.clients.map((x) => x.name),
          c.clients.map((x) => x.email),
        ]),
      }),
    );
    afterRollback(tx, `directory.remembered:${pair}`, () => this.byPair.delete(pair));
    return known;
  }

  remember(firmId: string, phone: string, clients: readonly ClientContact[]): void {
    this.byPair.set(key(firmId, phone), clients);
  }

  /** Forgets the pairs once the transaction of `em` has committed (at once outside one). */
  forgetAfterCommit(em: EntityManager, firmId: string, phones: ReadonlyArray<string | null>): void {
    for (const phone of phones) {
      if (!phone) continue;
      const pair = key(firmId, phone);
      afterCommit(em, `directory.forget:${pair}`, () => this.byPair.delete(pair));
    }
  }
}
