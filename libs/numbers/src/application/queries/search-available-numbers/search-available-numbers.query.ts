import { Query } from '@nestjs/cqrs';

export interface AvailableNumberView {
  phoneNumber: string;
  display: string;
  locality: string | null;
  region: string | null;
}

/** Numbers the carrier offers now, optionally in one area code (already checked: 3 digits). */
export class SearchAvailableNumbersQuery extends Query<{ numbers: AvailableNumberView[] }> {
  constructor(readonly areaCode?: string) {
    super();
  }
}
