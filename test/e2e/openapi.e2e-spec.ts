import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { TestApp, startTestApp } from '../support/test-app';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  security?: unknown[];
}

/** The OpenAPI document is what the web client is generated from: it must describe every route. */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('documents every route the controllers declare', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      ),
    );
    const declared: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as { prototype: Record<string, unknown> } | null;
        if (!type) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
          if (method === undefined) continue;
          const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
          const path = `/${[base, sub]
            .map((p) => p.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/')}`;
          declared.push(`${RequestMethod[method]} ${path}`);
        }
      }
    }
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('gives every operation a response schema and every body a request schema', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const responses = Object.entries(op.responses ?? {});
        const success = responses.filter(([code]) => /^2/.test(code));
        if (success.length === 0) problems.push(`${method} ${path}: no success response`);
        for (const [code, response] of success) {
          if (code === '204') continue;
          const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
          if (schemas.length === 0 || schemas.some((s) => !s))
            problems.push(`${method} ${path}: ${code} has no schema`);
        }
        if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
          const schemas = Object.values(op.requestBody.content ?? {}).map((c) => c.schema);
          if (schemas.length === 0) problems.push(`${method} ${path}: request body without schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
