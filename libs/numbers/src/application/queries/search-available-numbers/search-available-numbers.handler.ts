import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { displayPhone } from '@app/kernel';
import { NUMBER_PROVIDER, type NumberProvider } from '../../ports/number-provider.port';
import { FirmNumberRepository } from '../../../infrastructure/persistence/firm-number.repository';
import { AvailableNumberView, SearchAvailableNumbersQuery } from './search-available-numbers.query';

const MAX_OFFERS = 10;

@QueryHandler(SearchAvailableNumbersQuery)
export class SearchAvailableNumbersHandler implements IQueryHandler<
  SearchAvailableNumbersQuery,
  { numbers: AvailableNumberView[] }
> {
  constructor(
    @Inject(NUMBER_PROVIDER) private readonly provider: NumberProvider,
    private readonly numbers: FirmNumberRepository,
  ) {}

  async execute({ areaCode }: SearchAvailableNumbersQuery) {
    const found = await this.provider.search(areaCode);
    // Never offer a number another firm of ours holds, whatever the carrier's list says
    // (sub-accounts, a stale carrier cache): claiming it could only fail.
    const held = await this.numbers.activeAmong(found.map((n) => n.phoneNumber));
    return {
      numbers: found
        .filter((n) => !held.has(n.phoneNumber))
        .slice(0, MAX_OFFERS)
        .map((n) => ({
          phoneNumber: n.phoneNumber,
          display: displayPhone(n.phoneNumber),
          locality: n.locality,
          region: n.region,
        })),
    };
  }
}
