import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { BusinessRuleError, Clock, NotFoundError, isUuid, newId } from '@app/kernel';
import { SmsTemplateEntity } from '../../infrastructure/persistence/sms-template.entity';
import { parseTemplateFields } from '../../domain/template';
import { TemplateView, toTemplateView } from './template-view';

export class TemplateNameTakenError extends BusinessRuleError {
  constructor() {
    super('template_name_taken', 'conflict', 'The firm already has a template with that name.');
  }
}

export class CreateTemplateCommand extends Command<TemplateView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly name: string,
    readonly body: string,
  ) {
    super();
  }
}

export class UpdateTemplateCommand extends Command<TemplateView> {
  constructor(
    readonly firmId: string,
    readonly templateId: string,
    readonly changes: { name?: string; body?: string },
  ) {
    super();
  }
}

export class DeleteTemplateCommand extends Command<void> {
  constructor(
    readonly firmId: string,
    readonly templateId: string,
  ) {
    super();
  }
}

async function flushUnique(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new TemplateNameTakenError();
    throw error;
  }
}

@CommandHandler(CreateTemplateCommand)
export class CreateTemplateHandler implements ICommandHandler<CreateTemplateCommand, TemplateView> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute({ firmId, actorId, name, body }: CreateTemplateCommand): Promise<TemplateView> {
    const fields = parseTemplateFields(body);
    const em = this.em.fork();
    const now = this.clock.now();
    const template = em.create(SmsTemplateEntity, {
      id: newId(),
      firmId,
      name: name.trim(),
      body,
      fields,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
    });
    await flushUnique(em);
    return toTemplateView(template);
  }
}

@CommandHandler(UpdateTemplateCommand)
export class UpdateTemplateHandler implements ICommandHandler<UpdateTemplateCommand, TemplateView> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute({ firmId, templateId, changes }: UpdateTemplateCommand): Promise<TemplateView> {
    if (!isUuid(templateId)) throw new NotFoundError('Template');
    const em = this.em.fork();
    const template = await em.findOne(SmsTemplateEntity, { id: templateId, firmId });
    if (!template) throw new NotFoundError('Template');
    if (changes.body !== undefined) {
      template.fields = parseTemplateFields(changes.body);
      template.body = changes.body;
    }
    if (changes.name !== undefined) template.name = changes.name.trim();
    template.updatedAt = this.clock.now();
    await flushUnique(em);
    return toTemplateView(template);
  }
}

@CommandHandler(DeleteTemplateCommand)
export class DeleteTemplateHandler implements ICommandHandler<DeleteTemplateCommand, void> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, templateId }: DeleteTemplateCommand): Promise<void> {
    if (!isUuid(templateId)) throw new NotFoundError('Template');
    const deleted = await this.em
      .fork()
      .nativeDelete(SmsTemplateEntity, { id: templateId, firmId });
    if (deleted === 0) throw new NotFoundError('Template');
  }
}
