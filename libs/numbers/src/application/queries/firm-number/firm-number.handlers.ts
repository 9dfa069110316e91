import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isUuid } from '@app/kernel';
import { afterRollback } from '@app/platform';
import {
  FindFirmByNumberQuery,
  FirmNumber,
  GetFirmNumberQuery,
} from '../../../contracts/numbers.contracts';
import {
  ActiveNumberRow,
  FirmNumberRepository,
} from '../../../infrastructure/persistence/firm-number.repository';
import { RememberedNumbers } from './remembered-numbers';

function toFirmNumber(row: ActiveNumberRow | null): FirmNumber | null {
  if (!row) return null;
  return {
    firmId: row.firmId,
    phoneNumber: row.phoneNumber,
    carrierId: row.carrierId,
    connectedAt: row.claimedAt.toISOString(),
    inboundPaused: row.inboundPaused,
  };
}

@QueryHandler(GetFirmNumberQuery)
export class GetFirmNumberHandler implements IQueryHandler<GetFirmNumberQuery, FirmNumber | null> {
  constructor(private readonly numbers: FirmNumberRepository) {}

  async execute({ firmId, tx }: GetFirmNumberQuery): Promise<FirmNumber | null> {
    if (!isUuid(firmId)) return null;
    return toFirmNumber(await this.numbers.activeOfFirm(firmId, tx));
  }
}

@QueryHandler(FindFirmByNumberQuery)
export class FindFirmByNumberHandler implements IQueryHandler<
  FindFirmByNumberQuery,
  FirmNumber | null
> {
  constructor(
    private readonly numbers: FirmNumberRepository,
    private readonly remembered: RememberedNumbers,
  ) {}

  async execute({
    phoneNumber,
    tx,
    remembered,
  }: FindFirmByNumberQuery): Promise<FirmNumber | null> {
    if (!remembered || !tx) return toFirmNumber(await this.numbers.activeByPhone(phoneNumber, tx));
    const known = this.remembered.get(phoneNumber);
    if (known) {
      this.numbers.assertHolderAtCommit(tx, known);
      afterRollback(tx, `numbers.remembered:${phoneNumber}`, () =>
        this.remembered.forget(phoneNumber),
      );
      return known;
    }
    const found = toFirmNumber(await this.numbers.activeByPhone(phoneNumber, tx));
    if (found) this.remembered.remember(found);
    return found;
  }
}
