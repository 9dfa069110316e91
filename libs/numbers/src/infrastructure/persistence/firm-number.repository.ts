import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { readSql, txSql } from '@app/platform';
import { FirmNumberEntity } from './firm-number.entity';

export type ActiveNumberRow = Pick<
  FirmNumberEntity,
  'firmId' | 'phoneNumber' | 'carrierId' | 'claimedAt' | 'inboundPaused'
>;

/**
 * Reads of the firm_numbers table. Every method takes the caller's transaction when it has one,
 * so a read inside a transaction never waits on a second connection.
 */
@Injectable()
export class FirmNumberRepository {
  constructor(private readonly em: EntityManager) {}

  findActiveByFirm(firmId: string, tx?: EntityManager): Promise<FirmNumberEntity | null> {
    return this.reader(tx).findOne(FirmNumberEntity, { firmId, status: 'active' });
  }

  /** The number a firm holds, as the inbound webhook needs it: plain SQL, no hydration. */
  async activeByPhone(phoneNumber: string, tx?: EntityManager): Promise<ActiveNumberRow | null> {
    return this.activeRow('phone_number', phoneNumber, tx);
  }

  /**
   * Fails the transaction at its COMMIT (SQLSTATE AP001) unless the number is still active, held
   * by that firm, with that inbound pause; it goes with the transaction's deferred writes.
   */
  assertHolderAtCommit(
    tx: EntityManager,
    number: Pick<ActiveNumberRow, 'phoneNumber' | 'firmId' | 'inboundPaused'>,
  ): void {
    txSql(tx).defer('select numbers_assert_holder($1, $2, $3)', [
      number.phoneNumber,
      number.firmId,
      number.inboundPaused,
    ]);
  }

  async activeOfFirm(firmId: string, tx?: EntityManager): Promise<ActiveNumberRow | null> {
    return this.activeRow('firm_id', firmId, tx);
  }

  private async activeRow(
    column: 'phone_number' | 'firm_id',
    value: string,
    tx?: EntityManager,
  ): Promise<ActiveNumberRow | null> {
    const [row] = await readSql<{
      firm_id: string;
      phone_number: string;
      carrier_id: string;
      claimed_at: Date;
      inbound_paused: boolean;
    }>(
      this.reader(tx),
      `select firm_id, phone_number, carrier_id, claimed_at, inbound_paused
         from firm_numbers where ${column} = $1 and status = 'active' limit 1`,
      [value],
    );
    if (!row) return null;
    return {
      firmId: row.firm_id,
      phoneNumber: row.phone_number,
      carrierId: row.carrier_id,
      claimedAt: new Date(row.claimed_at),
      inboundPaused: row.inbound_paused,
    };
  }

  async isCarrierIdActive(carrierId: string): Promise<boolean> {
    const count = await this.reader().count(FirmNumberEntity, { carrierId, status: 'active' });
    return count > 0;
  }

  /** Which of `phoneNumbers` some firm holds right now. */
  async activeAmong(phoneNumbers: string[]): Promise<Set<string>> {
    if (phoneNumbers.length === 0) return new Set();
    const rows = await this.reader().find(
      FirmNumberEntity,
      { phoneNumber: { $in: phoneNumbers }, status: 'active' },
      { fields: ['phoneNumber'] },
    );
    return new Set(rows.map((r) => r.phoneNumber));
  }

  private reader(tx?: EntityManager): EntityManager {
    return tx ?? this.em.fork();
  }
}
