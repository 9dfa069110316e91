import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/permissions';
import { JobQueue, Metrics } from '@app/platform';
import { SmtpHealth } from '@app/notifications';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: string;
  @ApiProperty({ required: false }) database?: string;
  @ApiProperty({ required: false }) queue?: string;
  @ApiProperty({
    required: false,
    enum: ['ok', 'unavailable', 'disabled'],
    description: 'A warning only: alerts wait in the queue while SMTP is down',
  })
  smtp?: string;
}

@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
    private readonly smtpHealth: SmtpHealth,
  ) {}

  @Get('health/live')
  @Public()
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    let database = 'ok';
    try {
      await Promise.race([
        this.em.getConnection().execute('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch {
      database = 'unavailable';
    }
    const queue = this.queue.started ? 'ok' : 'stopped';
    const ok = database === 'ok' && queue === 'ok';
    void reply.status(ok ? 200 : 503);
    const smtp = await this.smtpHealth.status();
    return { status: ok ? 'ok' : 'unavailable', database, queue, smtp };
  }

  @Get('metrics')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus exposition format', schema: { type: 'string' } })
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
