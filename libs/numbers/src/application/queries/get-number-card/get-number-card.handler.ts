import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FirmNumberRepository } from '../../../infrastructure/persistence/firm-number.repository';
import { NO_NUMBER, type NumberCard } from '../../views/number-card';
import { NumberCards } from '../../views/number-cards';
import { GetNumberCardQuery } from './get-number-card.query';

@QueryHandler(GetNumberCardQuery)
export class GetNumberCardHandler implements IQueryHandler<GetNumberCardQuery, NumberCard> {
  constructor(
    private readonly numbers: FirmNumberRepository,
    private readonly cards: NumberCards,
  ) {}

  async execute({ firmId }: GetNumberCardQuery): Promise<NumberCard> {
    const active = await this.numbers.findActiveByFirm(firmId);
    return active ? this.cards.of(active) : NO_NUMBER;
  }
}
