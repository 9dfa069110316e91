import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { displayPhone } from '@app/kernel';
import { NUMBER_PROVIDER, type NumberProvider } from '../../ports/number-provider.port';
import { AvailableNumberView, SearchAvailableNumbersQuery } from './search-available-numbers.query';

const MAX_OFFERS = 10;

@QueryHandler(SearchAvailableNumbersQuery)
export class SearchAvailableNumbersHandler implements IQueryHandler<
  SearchAvailableNumbersQuery,
  { numbers: AvailableNumberView[] }
> {
  constructor(@Inject(NUMBER_PROVIDER) private readonly provider: NumberProvider) {}

  async execute({ areaCode }: SearchAvailableNumbersQuery) {
    const found = await this.provider.search(areaCode);
    return {
      numbers: found.slice(0, MAX_OFFERS).map((n) => ({
        phoneNumber: n.phoneNumber,
        display: displayPhone(n.phoneNumber),
        locality: n.locality,
        region: n.region,
      })),
    };
  }
}
