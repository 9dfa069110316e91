import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { RegistrationView } from './registration-view';
import { RegistrationViews } from './registration-views';

/** The firm's registration as Settings → SMS shows it. */
export class GetRegistrationQuery extends Query<RegistrationView> {
  constructor(readonly firmId: string) {
    super();
  }
}

@QueryHandler(GetRegistrationQuery)
export class GetRegistrationHandler implements IQueryHandler<
  GetRegistrationQuery,
  RegistrationView
> {
  constructor(private readonly views: RegistrationViews) {}

  execute({ firmId }: GetRegistrationQuery): Promise<RegistrationView> {
    return this.views.forFirm(firmId);
  }
}
