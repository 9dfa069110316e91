import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Clock, maskPhone } from '@app/kernel';
import {
  AppConfig,
  JobQueue,
  Metrics,
  PinoNestLogger,
  RunningDatabase,
  answerClientError,
  createRootLogger,
  createValidationPipe,
  installLeanAsyncResourceBind,
  replyToFrameworkError,
} from '@app/platform';
import { AppModule } from './app.module';
import { migrationsList } from '../../../migrations';
import { serveWebApp } from './web/web-app';

export interface AppHandle {
  app: NestFastifyApplication;
  logger: Logger;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config: AppConfig;
  database: RunningDatabase;
  /** Run the job workers in this process (the default for `npm start`). */
  runWorkers?: boolean;
  clock?: Clock;
  logger?: Logger;
}

export function buildOpenApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('Assure Pro SMS')
    .setDescription('Texting for professional firms: numbers, inbox, compliance, audit.')
    .setVersion('1.0')
    .addBearerAuth()
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'PLATFORM_ADMIN_TOKEN' },
      'platform',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Builds the whole application on a database that is already running and migrated. */
export async function createApp(options: CreateAppOptions): Promise<AppHandle> {
  // Before Fastify and Nest bind their first callback.
  installLeanAsyncResourceBind();
  const { database } = options;
  const config = AppConfig.create({
    ...options.config,
    runWorkers: options.runWorkers ?? options.config.runWorkers,
  });
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: true,
    bodyLimit: 256 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Requests refused before Nest's filter could answer them still get problem+json.
    frameworkErrors: replyToFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database, migrations: migrationsList, clock: options.clock }),
    adapter,
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const metrics = app.get(Metrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      seconds,
    );
    if (route !== '/metrics' && !route.startsWith('/health')) {
      logger.info(
        {
          reqId: request.id,
          method: request.method,
          url: maskPhone(request.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
  });

  await serveWebApp(app);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const queue = app.get(JobQueue);
  await queue.start(database.url, database.embedded ? 2 : 4);
  await app.init();

  return {
    app,
    logger,
    async close() {
      await queue.stop();
      await app.close();
    },
  };
}

/** Applies pending migrations; used at start-up by the embedded default and by `db:migrate`. */
export async function migrate(url: string, embedded: boolean): Promise<string[]> {
  const { ormOptions } = await import('@app/platform');
  const orm = await MikroORM.init({ ...ormOptions({ url, embedded, migrations: migrationsList }) });
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

export async function pendingMigrations(url: string, embedded: boolean): Promise<string[]> {
  const { ormOptions } = await import('@app/platform');
  const orm = await MikroORM.init({ ...ormOptions({ url, embedded, migrations: migrationsList }) });
  try {
    return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
