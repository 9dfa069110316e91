import { TestApp, TestFirm, startTestApp } from '../support/test-app';

async function claimNumber(firm: TestFirm): Promise<string> {
  const search = await firm.as('owner').get('/api/sms/available-numbers?areaCode=503').expect(200);
  const phoneNumber = search.body.numbers[0].phoneNumber as string;
  await firm.as('owner').post('/api/sms/number').send({ phoneNumber }).expect(201);
  return phoneNumber;
}

describe('SMS templates and the contact card', () => {
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm('Hill & Dale CPAs');
  });
  afterAll(() => t.close());

  it('creates, lists, renames, edits and deletes a template, listing its fields', async () => {
    const created = await firm
      .as('admin')
      .post('/api/sms/templates')
      .send({
        name: 'Return ready',
        body: 'Hi {{client.firstName}}, your return is ready to sign. {{member.firstName}} at {{firm.name}}',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'Return ready',
      fields: ['client.firstName', 'member.firstName', 'firm.name'],
    });
    const list = await firm.as('viewer').get('/api/sms/templates').expect(200);
    expect(list.body.items.map((i: { name: string }) => i.name)).toContain('Return ready');

    const renamed = await firm
      .as('owner')
      .patch(`/api/sms/templates/${created.body.id}`)
      .send({ name: 'Return ready to sign' })
      .expect(200);
    expect(renamed.body.name).toBe('Return ready to sign');
    const edited = await firm
      .as('owner')
      .patch(`/api/sms/templates/${created.body.id}`)
      .send({ body: 'Hello {{client.name}}!' })
      .expect(200);
    expect(edited.body).toMatchObject({ body: 'Hello {{client.name}}!', fields: ['client.name'] });

    await firm.as('owner').delete(`/api/sms/templates/${created.body.id}`).expect(204);
    await firm.as('owner').delete(`/api/sms/templates/${created.body.id}`).expect(404);
    const after = await firm.as('viewer').get('/api/sms/templates').expect(200);
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(created.body.id);
  });

  it('refuses a duplicate name (409, ignoring case) and unknown or unclosed fields (400 naming them)', async () => {
    await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Docs needed', body: 'Please upload your W-2.' })
      .expect(201);
    const dup = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'DOCS NEEDED', body: 'Again' })
      .expect(409);
    expect(dup.body.code).toBe('template_name_taken');
    const unknown = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Bad', body: 'Hi {{client.lastName}}' })
      .expect(400);
    expect(unknown.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'body', message: expect.stringContaining('{{client.lastName}}') }],
    });
    const unclosed = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Bad 2', body: 'Hi {{client.name' })
      .expect(400);
    expect(unclosed.body.errors[0].message).toMatch(/not closed/);
    const other = await t.provisionFirm();
    await other
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Docs needed', body: 'Another firm may reuse the name.' })
      .expect(201);
  });

  it('lets only those who edit settings manage templates', async () => {
    await firm.as('staff').post('/api/sms/templates').send({ name: 'Nope', body: 'x' }).expect(403);
    await firm
      .as('viewer')
      .post('/api/sms/templates')
      .send({ name: 'Nope', body: 'x' })
      .expect(403);
    const t1 = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Staff cannot edit', body: 'x' })
      .expect(201);
    await firm
      .as('staff')
      .patch(`/api/sms/templates/${t1.body.id}`)
      .send({ name: 'y' })
      .expect(403);
    await firm.as('staff').delete(`/api/sms/templates/${t1.body.id}`).expect(403);
    const other = await t.provisionFirm();
    await other
      .as('owner')
      .patch(`/api/sms/templates/${t1.body.id}`)
      .send({ name: 'mine' })
      .expect(404);
    await other.as('owner').delete(`/api/sms/templates/${t1.body.id}`).expect(404);
  });

  it('renders for a client: fills fields, reports missing ones, counts the disclosure of a first text', async () => {
    const template = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({
        name: 'Greeting',
        body: 'Hi {{client.firstName}}, {{member.firstName}} from {{firm.name}} here. Your return is ready.',
      })
      .expect(201);
    const person = await t.createClient(firm, { name: 'Ana Ortiz', phone: '5035550121' });
    const business = await t.createClient(firm, {
      name: 'Okafor Landscaping LLC',
      phone: '5035550122',
    });

    const forPerson = await firm
      .as('staff')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: person.id })
      .expect(200);
    expect(forPerson.body).toEqual({
      body: 'Hi Ana, Staff from Hill & Dale CPAs here. Your return is ready.',
      encoding: 'GSM-7',
      segments: 2,
      missingFields: [],
      willIncludeDisclosure: true,
    });
    // 63 characters alone fit one segment; with the 115-character disclosure of a first text, two.

    const forBusiness = await firm
      .as('staff')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: business.id })
      .expect(200);
    expect(forBusiness.body.body).toBe(
      'Hi, Staff from Hill & Dale CPAs here. Your return is ready.',
    );
    expect(forBusiness.body.missingFields).toEqual(['client.firstName']);
    expect(forBusiness.body.body).not.toMatch(/[{}]/);

    await firm
      .as('viewer')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: person.id })
      .expect(403);
    const other = await t.provisionFirm();
    const theirClient = await t.createClient(other, { name: 'Not Yours', phone: '5035550123' });
    await firm
      .as('staff')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: theirClient.id })
      .expect(404);
    await other
      .as('owner')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: theirClient.id })
      .expect(404);
  });

  it('shows the firm and, while a number is active, its SMS number on the contact card', async () => {
    const fresh = await t.provisionFirm('Contact Card LLP');
    const before = await fresh.as('viewer').get('/api/firm/contact-card').expect(200);
    expect(before.body).toEqual({ firmName: 'Contact Card LLP', sms: null });

    const phoneNumber = await claimNumber(fresh);
    const during = await fresh.as('viewer').get('/api/firm/contact-card').expect(200);
    expect(during.body).toEqual({
      firmName: 'Contact Card LLP',
      sms: { phoneNumber, display: expect.stringMatching(/^\(\d{3}\) \d{3}-\d{4}$/) },
    });

    await fresh
      .as('owner')
      .post('/api/sms/number/release')
      .send({ confirmPhoneNumber: phoneNumber })
      .expect(200);
    const after = await fresh.as('staff').get('/api/firm/contact-card').expect(200);
    expect(after.body.sms).toBeNull();
  });
});

describe('sending from a template', () => {
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm('Hill & Dale CPAs');
  });
  afterAll(() => t.close());

  it('cannot fire without a firm number (409) while rendering still works', async () => {
    const template = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Ready', body: 'Hi {{client.firstName}}, your return is ready.' })
      .expect(201);
    const client = await t.createClient(firm, { name: 'Ana Ortiz', phone: '5035550121' });
    await firm
      .as('staff')
      .post(`/api/sms/templates/${template.body.id}/render`)
      .send({ clientId: client.id })
      .expect(200);
    const res = await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', templateId: template.body.id })
      .expect(409);
    expect(res.body.code).toBe('no_firm_number');
  });

  it('sends the rendered text with the disclosure on a first text, keeping the template id', async () => {
    await claimNumber(firm);
    const template = await firm
      .as('owner')
      .post('/api/sms/templates')
      .send({
        name: 'Sign',
        body: 'Hi {{client.firstName}}, please sign your return. {{member.firstName}}',
      })
      .expect(201);
    const client = await t.createClient(firm, { name: 'Ben Okafor', phone: '5035550122' });
    const first = await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', templateId: template.body.id })
      .expect(202);
    expect(first.body).toMatchObject({
      body: expect.stringMatching(
        /^Hi Ben, please sign your return\. Staff\n\nHill & Dale CPAs texts about your account here\./,
      ),
      includesDisclosure: true,
      templateId: template.body.id,
      status: 'queued',
    });
    // The sandbox carrier takes it and reports delivery through the status pipeline.
    const deadline = Date.now() + 20_000;
    let status = first.body.status as string;
    while (status !== 'delivered' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const thread = await firm.as('staff').get(`/api/clients/${client.id}/messages`).expect(200);
      status = thread.body.items.find((m: { id: string }) => m.id === first.body.id).status;
    }
    expect(status).toBe('delivered');

    const second = await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', templateId: template.body.id })
      .expect(202);
    expect(second.body).toMatchObject({
      body: 'Hi Ben, please sign your return. Staff',
      includesDisclosure: false,
    });

    const activity = await firm
      .as('owner')
      .get(`/api/activity?type=sms.message.outbound&clientId=${client.id}`)
      .expect(200);
    expect(activity.body.items[0].data.templateId).toBe(template.body.id);
  });

  it('refuses both body and templateId, neither, and another firm’s template', async () => {
    const client = await t.createClient(firm, { name: 'Cy Three', phone: '5035550123' });
    await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms' })
      .expect(400);
    const other = await t.provisionFirm();
    const theirs = await other
      .as('owner')
      .post('/api/sms/templates')
      .send({ name: 'Theirs', body: 'Hello' })
      .expect(201);
    await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', templateId: theirs.body.id })
      .expect(404);
    await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', templateId: theirs.body.id, body: 'x' })
      .expect(400);
  });
});
