import type { Provider, Type } from '@nestjs/common';
import {
  CreateTemplateHandler,
  DeleteTemplateHandler,
  UpdateTemplateHandler,
} from './template.commands';
import { ListTemplatesHandler, RenderTemplateHandler } from './template.queries';
import { TemplatesController } from '../../interface/http/templates.controller';
import { ContactCardController } from '../../interface/http/contact-card.controller';

/** Templates with merge fields, and the firm's contact card. */
export const templatesProviders: Provider[] = [
  CreateTemplateHandler,
  UpdateTemplateHandler,
  DeleteTemplateHandler,
  ListTemplatesHandler,
  RenderTemplateHandler,
];
export const templatesControllers: Type[] = [TemplatesController, ContactCardController];
