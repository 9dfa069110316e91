import { Injectable } from '@nestjs/common';
import { BoundedMap } from '@app/kernel';
import type { FirmNumber } from '../../../contracts/numbers.contracts';

/** Enough for every number of a large deployment; past it the oldest are read again. */
const MOST_REMEMBERED = 50_000;

/**
 * Firms' numbers as this process last read them, for the inbound webhook: every text sent to a
 * number would otherwise read the same row. Never trusted unchecked: a transaction that uses one
 * checks it with its COMMIT (FindFirmByNumberQuery). Forgotten here when this process releases
 * or pauses a number, and after a rollback of a transaction that used it.
 */
@Injectable()
export class RememberedNumbers {
  private readonly byPhone = new BoundedMap<string, FirmNumber>(MOST_REMEMBERED);

  get(phoneNumber: string): FirmNumber | undefined {
    return this.byPhone.get(phoneNumber);
  }

  remember(number: FirmNumber): void {
    this.byPhone.set(number.phoneNumber, number);
  }

  forget(phoneNumber: string): void {
    this.byPhone.delete(phoneNumber);
  }
}
