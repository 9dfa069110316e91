import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FirmNumberEntity } from './firm-number.entity';

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

  findActiveByPhone(phoneNumber: string, tx?: EntityManager): Promise<FirmNumberEntity | null> {
    return this.reader(tx).findOne(FirmNumberEntity, { phoneNumber, status: 'active' });
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
