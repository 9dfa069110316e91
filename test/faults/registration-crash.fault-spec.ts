import { randomBytes } from 'node:crypto';
import { FakeTwilio } from '../support/fake-twilio';
import {
  RegistrationAnswer,
  TWILIO_RESOURCES_OF_ONE_REGISTRATION,
  validRegistration,
} from '../support/registration';
import { call, expectStatus, Firm, provisionFirm } from './support/api-client';
import {
  AppProcess,
  NEEDS_SERVER,
  outputsOf,
  processEnv,
  requireRealPostgres,
  startApi,
  startWorker,
  stopAll,
} from './support/app-processes';
import { DbProbe } from './support/db-probe';
import { until } from './support/timing';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'fault-registration-auth-token-0123456789';
const PRIMARY_PROFILE = `BU${randomBytes(16).toString('hex')}`;
/** A step job still active this long after its worker died is retried (production: 600 s). */
const TEST_EXPIRY_SECONDS = 10;

/**
 * Injected: the worker running a firm's A2P registration is killed with SIGKILL twice, as soon
 * as the first and then the third step is seen approved, while the next step's calls to Twilio
 * are under way. A new worker is started each time.
 * Asserted: the registration walks every step to approved and Twilio holds exactly one of each
 * resource: a step that died after creating something finds it again by name.
 */
describe('fault: the registration worker killed (SIGKILL) between and during steps', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const processes: Array<AppProcess | null> = [];
  let env: Record<string, string>;
  let api: AppProcess;
  let db: DbProbe;
  let firm: Firm;

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.processes);
    const carrierUrl = await fake.start();
    env = processEnv(databaseUrl, {
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: carrierUrl,
      TWILIO_PRIMARY_CUSTOMER_PROFILE_SID: PRIMARY_PROFILE,
      REGISTRATION_REVIEW_POLL_SECONDS: '1',
    });
    db = await DbProbe.connect(databaseUrl);
    api = await startApi('api', env);
    processes.push(api);
    firm = await provisionFirm(api.base);
  }, 120_000);

  afterAll(async () => {
    await stopAll(processes);
    await db?.close();
    await fake.stop();
  });

  const registration = async (): Promise<RegistrationAnswer> =>
    (await expectStatus(
      call(api.base, 'GET', '/api/sms/registration', { token: firm.members.owner.token }),
      200,
      'read registration',
    )) as unknown as RegistrationAnswer;
  const approvedSteps = (a: RegistrationAnswer) =>
    a.steps.filter((s) => s.status === 'approved').length;

  it('completes after each crash without creating any Twilio resource twice', async () => {
    await expectStatus(
      call(api.base, 'PUT', '/api/sms/registration', {
        token: firm.members.owner.token,
        json: validRegistration(firm.name),
      }),
      202,
      'submit registration',
    );

    const kills: number[] = [];
    for (const afterSteps of [1, 3]) {
      const worker = await startWorker(`worker-${kills.length + 1}`, env);
      processes.push(worker);
      await until(
        `step ${afterSteps} to be approved`,
        registration,
        (a) => approvedSteps(a) >= afterSteps,
        120_000,
        50,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${outputsOf(processes)}`);
      });
      worker.kill('SIGKILL');
      await worker.exited;
      // The dead worker's step stays active until it expires; each process start re-applies the
      // production policy to the queue, so the jobs it left are shortened directly.
      await db.execute(
        `update pgboss.job set expire_in = $1 * interval '1 second'
          where name = 'numbers.registration-step' and state = 'active'`,
        [TEST_EXPIRY_SECONDS],
      );
      kills.push(approvedSteps(await registration()));
    }

    processes.push(await startWorker('worker-3', env));
    const done = await until(
      'the registration to finish after the crashes',
      registration,
      (a) => a.status === 'approved' || a.status === 'failed',
      150_000,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputsOf(processes)}`);
    });

    expect(done.status).toBe('approved');
    expect(done.steps.map((s) => s.status)).toEqual([
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
    ]);
    expect(fake.registration.createdCounts()).toEqual(TWILIO_RESOURCES_OF_ONE_REGISTRATION);
    const service = [...fake.registration.messaging.services.values()][0];
    expect([...service.numbers.values()].map((n) => n.phoneNumber)).toEqual([firm.number]);
    console.log(
      `registration crash: worker killed with ${kills.join(' and ')} of 5 steps approved; ` +
        `approved after the restarts with ${Object.values(fake.registration.createdCounts()).reduce((a, b) => a + b, 0)} Twilio resources, each created once`,
    );
  });
});
