import { Query } from '@nestjs/cqrs';
import type { NumberCard } from '../../views/number-card';

export class GetNumberCardQuery extends Query<NumberCard> {
  constructor(readonly firmId: string) {
    super();
  }
}
